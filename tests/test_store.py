import hashlib
import json
import multiprocessing as mp
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import StoreError, UnknownAccountError
from libcommunity.store import Store, default_lang


def tree_hash(root: Path) -> str:
    """Hash of every file's path and bytes under root (the lock file excluded: flock does not change it)."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def posts(n=3, start="2025-10-01T10:00Z", text="t", reach=10):
    return pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "post_id": [str(i) for i in range(n)],
            "published_at": pd.date_range(start, periods=n, freq="15D", tz="UTC"),
            "kind": "text",
            "text": text,
            "reach": reach,
        }
    )


def test_reading_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no libcommunity store"):
        Store(tmp_path / "nowhere").read("posts")


def test_upsert_counts_and_latest_wins(build_store):
    store = build_store({"posts": posts()})
    assert store.read("posts")["reach"].tolist() == [10, 10, 10]
    build_store({"posts": posts(reach=99).iloc[:1]}, store=store)
    got = store.read("posts")
    assert got["reach"].tolist() == [99, 10, 10]
    assert len(got) == 3


def test_same_rows_twice_leave_store_byte_for_byte_unchanged(build_store):
    store = build_store({"posts": posts()})
    before = tree_hash(store.root)
    build_store({"posts": posts()}, store=store)
    assert tree_hash(store.root) == before


def test_partitioned_by_table_account_and_utc_month(build_store):
    store = build_store({"posts": posts(n=3)})  # Oct 1, Oct 16, Oct 31 UTC
    build_store({"posts": posts(n=1, start="2025-11-02T00:00Z").assign(post_id="n1")}, store=store)
    files = [p.relative_to(store.root).as_posix() for p in store.files("posts", "lib")]
    assert all(f.startswith("posts/account=lib/month=") for f in files)
    assert {f.split("/")[2] for f in files} == {"month=2025-10", "month=2025-11"}
    assert not (store.root / "_staging").exists()


def test_a_row_that_moves_month_is_not_kept_twice(build_store):
    store = build_store({"posts": posts(n=1)})
    build_store({"posts": posts(n=1, start="2025-12-05T00:00Z")}, store=store)
    got = store.read("posts")
    assert len(got) == 1 and got["published_at"][0] == pd.Timestamp("2025-12-05T00:00Z")


def test_failed_transaction_changes_nothing(build_store):
    store = build_store({"posts": posts()})
    before = tree_hash(store.root)
    with pytest.raises(RuntimeError):
        with store.transaction() as txn:
            txn.upsert("posts", "lib", store.read("posts").assign(reach=1))
            raise RuntimeError("boom")
    assert tree_hash(store.root) == before
    assert store.read("posts")["reach"].tolist() == [10, 10, 10]


def test_crash_after_staging_is_invisible_and_swept(build_store):
    store = build_store({"posts": posts()})
    # Simulate a process killed after moving a new file into place but before the manifest was replaced.
    orphan = store.root / "posts" / "account=lib" / "month=2025-10" / "part-b999999-0001_0.parquet"
    orphan.write_bytes(store.files("posts", "lib")[0].read_bytes())
    (store.root / "_staging" / "dead").mkdir(parents=True)
    assert len(store.read("posts")) == 3
    build_store({"posts": posts(n=1, start="2026-01-01T00:00Z").assign(post_id="z")}, store=store)
    assert not orphan.exists()
    assert not (store.root / "_staging").exists()
    assert len(store.read("posts")) == 4


def test_accounts_timezone_and_language(build_store):
    store = build_store({"posts": posts()}, timezone="Europe/Stockholm")
    info = store.account("lib")
    assert (info.timezone, info.lang, info.platforms) == ("Europe/Stockholm", "sv", ["x"])
    with pytest.raises(UnknownAccountError, match="lib"):
        store.account("other")
    assert default_lang("America/Mexico_City") == "es"
    assert default_lang("Europe/London") == "en"


def test_views_and_sql(build_store):
    store = build_store({"posts": posts()})
    assert store.sql("SELECT count(*) AS n FROM posts")["n"][0] == 3
    assert store.sql("SELECT count(*) AS n FROM interactions")["n"][0] == 0
    with store.connect() as con:
        with pytest.raises(Exception):
            con.execute("SELECT * FROM identities").fetchall()
    assert store.sql("SELECT account, timezone FROM accounts").to_dict("records") == [{"account": "lib", "timezone": "UTC"}]


def _ingest_worker(args):
    root, src, account = args
    from libcommunity.ingest import ingest_paths

    ingest_paths([src], account=account, store=root)
    return account


def test_two_concurrent_ingests_both_land(tmp_path, monkeypatch):
    from tests.conftest import write_canonical_csv

    paths = []
    for i, acc in enumerate(["alpha", "beta", "gamma", "delta"]):
        df = posts(n=20).assign(account=acc, post_id=lambda d: d.post_id + f"-{i}")
        paths.append((str(tmp_path / "store"), str(write_canonical_csv(df, tmp_path / f"{acc}.csv")), acc))
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        done = pool.map(_ingest_worker, paths)
    store = Store(tmp_path / "store")
    assert sorted(done) == store.accounts() == ["alpha", "beta", "delta", "gamma"]
    assert store.sql("SELECT count(*) AS n FROM posts")["n"][0] == 80
    manifest = json.loads((tmp_path / "store" / "_manifest.json").read_text())
    assert manifest["generation"] == 4
