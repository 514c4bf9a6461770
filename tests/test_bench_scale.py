"""The scale benchmark's code at tiny sizes (the 1M-50M runs are `make bench`, not part of the suite)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import duckdb
import pandas as pd
import pytest

from bench import datagen
from bench.__main__ import available
from bench.bench_scale import _label, _size, check_targets, main, ratios
from bench.reference import compare_features, duckdb_features, pandas_features
from libcommunity.segments import member_features


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    info = datagen.generate(root / "data", 8_000, seed=3, members_per=12)
    return datagen.write_store(info["paths"], root / "store"), info


def test_one_generator_writes_canonical_parquet_and_csv(tmp_path):
    info = datagen.generate(tmp_path, 4_000, seed=1, csv=True)
    con = duckdb.connect()
    inter = con.sql(f"SELECT * FROM read_parquet('{info['paths']['interactions']}')").df()
    assert len(inter) == info["interactions"] and inter["interaction_id"].is_unique
    assert set(inter["kind"]) <= {"reaction", "comment", "share", "mention", "message", "ugc", "event", "survey", "follow", "unfollow"}
    assert inter["by_library"].any() and inter.loc[inter["by_library"], "reply_to"].notna().all()
    # personas: some members never react, some mostly go to events
    per = inter[~inter["by_library"]].groupby("member_id")["kind"].agg(lambda k: (k == "event").mean())
    assert per.max() > 0.5 and per.min() == 0
    head = open(info["csv_paths"]["interactions"], encoding="utf-8").readline().strip()
    assert head == "account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text"
    csv = pd.read_csv(info["csv_paths"]["interactions"], dtype=str, keep_default_na=False)
    assert len(csv) == len(inter) and csv["created_at"].str.endswith("+00:00").all()
    # the same arguments give the same bytes
    again = datagen.generate(tmp_path / "again", 4_000, seed=1)
    assert open(again["paths"]["posts"], "rb").read() == open(info["paths"]["posts"], "rb").read()


def test_the_three_feature_implementations_agree(small_store):
    store, _ = small_store
    for window in (1, 3):
        ours = member_features(store, datagen.ACCOUNT, datagen.MONTH, window_months=window)
        assert len(ours) > 100
        assert compare_features(ours, duckdb_features(store, datagen.ACCOUNT, datagen.MONTH, window_months=window)) == []
        assert compare_features(ours, pandas_features(store, datagen.ACCOUNT, datagen.MONTH, window_months=window)) == []
    changed = ours.copy()
    changed.loc[0, "comments"] += 1
    assert compare_features(ours, changed) and compare_features(ours, ours.iloc[1:]) == [f"{len(ours)} rows != {len(ours) - 1} rows"]


class _PoolOfThisProcess:
    """The part of a ``multiprocessing`` pool that :func:`bench.bench_scale.measure` uses, calling in this process."""

    def __init__(self, processes=None, maxtasksperchild=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def apply(self, func, args=()):
        return func(*args)


def test_harness_runs_end_to_end_at_a_tiny_size(tmp_path, capsys, monkeypatch):
    """Every step of the harness at 3,000 interactions; the first in a fresh process as ``make bench`` runs each step,
    the others in this one (a spawned interpreter imports pandas, DuckDB and scikit-learn again: a second of CPU
    per step that tests nothing more)."""
    import multiprocessing

    real_get_context = multiprocessing.get_context
    pools = []

    def get_context(method=None):
        if method != "spawn":
            return real_get_context(method)
        pools.append("spawned" if not pools else "this process")
        return real_get_context(method) if len(pools) == 1 else SimpleNamespace(Pool=_PoolOfThisProcess)

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    out = tmp_path / "scale.json"
    png = tmp_path / "scale.png"
    status = main(["--sizes", "3000", "--repeat", "1", "--workdir", str(tmp_path / "w"), "--no-report",
                   "--json", str(out), "--plot", str(png)])
    assert status == 0
    results = json.loads(out.read_text())
    r = results["sizes"]["3000"]
    for step in ("ingest_parquet", "ingest_floor", "ingest_csv", "metrics", "features_ours", "features_duckdb", "features_pandas", "segment_members"):
        assert r[step]["seconds"] > 0 and r[step]["peak_mb"] > 0, step
    assert r["features_duckdb"]["differences"] == [] and r["features_pandas"]["differences"] == []
    assert r["ingest_parquet"]["rows"] == r["rows"] == r["ingest_csv"]["rows"] == r["ingest_floor"]["rows"]
    assert r["features_ours"]["segmentation_seconds"] == r["features_pandas"]["segmentation_seconds"]  # pooled
    assert set(ratios(r)) == {
        "ingest Parquet: ours / bare Parquet copy",
        "features: ours / hand-written DuckDB", "features+segmentation: ours / DuckDB",
        "features: pandas / ours", "features+segmentation: pandas / ours",
    }
    assert {"cpu", "cpus", "duckdb", "load_average"} <= set(results["machine"])
    assert png.stat().st_size > 10_000
    printed = capsys.readouterr().out
    assert "| ingest canonical Parquet |" in printed and "| Parquet copy, nothing else (ingest floor) |" in printed
    assert "| ingest canonical Parquet |" in printed and "ratio features: pandas / ours" in printed
    assert pools == ["spawned"] + ["this process"] * 7  # one pool per step: ingests, floor, metrics, features, segment


def test_targets_and_sizes():
    assert _size("10M") == 10_000_000 and _size("250k") == 250_000 and _size("1500") == 1500
    assert _label(50_000_000) == "50M" and _label(250_000) == "250K" and _label(1234) == "1234"
    fake = {"sizes": {"10000000": {"rows": 10_400_000, "ingest_parquet": {"seconds": 4.0}, "ratios": {
        "features+segmentation: ours / DuckDB": 1.1, "features+segmentation: pandas / ours": 4.0}}}}
    met = {t["target"]: t["met"] for t in check_targets(fake)}
    assert met == {
        "10M: features + segmentation within 1.3x of hand-written DuckDB": True,
        "10M: features + segmentation at least 3x faster than pandas": True,
        "10M: ingest of canonical Parquet >= 2M rows/s": True,
    }


def test_bench_lists_scale():
    assert "scale" in available()
