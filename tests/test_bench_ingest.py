"""The ingest benchmark's code at a tiny size (the 10M run is `python -m bench ingest`, not part of the suite)."""

from __future__ import annotations

import json

from bench import datagen
from bench.__main__ import available
from bench.bench_ingest import main, same_rows
from libcommunity.ingest import ingest_paths
from libcommunity.store import Store


def test_harness_times_ours_and_the_floor_in_fresh_processes(tmp_path):
    out = tmp_path / "ingest.json"
    assert "ingest" in available()
    status = main(["--interactions", "3000", "--members", "300", "--repeat", "1", "--workdir", str(tmp_path / "w"),
                   "--json", str(out)])
    assert status == 0
    results = json.loads(out.read_text())
    assert results["rows"] == results["interactions"] + results["members"] + results["posts"]
    assert results["members"] == 1_000  # the generator's smallest account
    for kind in ("floor", "ours"):
        s = results["summary"][kind]
        assert s["seconds"] > 0 and s["peak_mb"] > 0 and s["output_mb"] > 0
    assert results["summary"]["floor"]["ratio_to_floor"] == 1.0
    assert results["summary"]["ours"]["ratio_to_floor"] == results["summary"]["ours"]["seconds"] / results["summary"]["floor"]["seconds"]
    assert not list((tmp_path / "w").glob("ingest-*")), "the stores of the runs are removed"


def test_same_rows_compares_every_table_and_the_identities(tmp_path):
    info = datagen.generate(tmp_path / "data", 2_000, seed=2, members_per=5)
    files = [info["paths"][t] for t in ("posts", "members", "interactions")]
    for name in ("a", "b"):
        ingest_paths(files, account=datagen.ACCOUNT, store=tmp_path / name, timezone=datagen.TIMEZONE)
    same = same_rows(tmp_path / "a", tmp_path / "b")
    assert set(same) == {"posts", "members", "interactions", "identities"} and all(v["same"] for v in same.values())
    assert same["interactions"]["rows"] == info["interactions"]
    store = Store(tmp_path / "b")
    with store.transaction() as txn:
        txn.replace("interactions", datagen.ACCOUNT, "SELECT * FROM current WHERE interaction_id <> 'i5'")
    assert not same_rows(tmp_path / "a", tmp_path / "b")["interactions"]["same"]
