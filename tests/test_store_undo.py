"""The undo record a transaction keeps for an ingest (libcommunity.store.undo), written directly."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from libcommunity.loaders.arrowtyping import arrow_of
from libcommunity.schemas import TABLES, coerce_frame
from libcommunity.store import Store
from libcommunity.store.undo import account_settings
from libcommunity.uningest import list_ingests, uningest

from .test_uningest import ACCOUNT, _posts, _table


def _links(rows):
    return pa.table({"account": [ACCOUNT] * len(rows), "platform": ["bluesky"] * len(rows),
                     "alias_id": [a for a, _ in rows], "member_id": [m for _, m in rows]})


def _commit(store, posts=(), links=(), *, keep=True):
    with store.transaction() as txn:
        before = txn.manifest["accounts"].get(ACCOUNT)
        txn.record_undo(ACCOUNT)
        txn.set_account(ACCOUNT, platform="x")
        for frame in posts:
            txn.upsert("posts", ACCOUNT, arrow_of(coerce_frame(frame, "posts"), TABLES["posts"]))
        if links:
            txn.upsert("links", ACCOUNT, _links(links))
        txn.record_provenance(ACCOUNT, [{"file": "f.csv", "sha256": "0" * 64, "format": "canonical-csv", "rows": 1}])
        if keep:
            txn.keep_undo(before)


def _rows(store, table):
    df = _table(store, table)
    return df.drop(columns=[c for c in ("batch_id",) if c in df.columns]) if len(df) else df


def test_a_table_written_twice_in_one_ingest_is_recorded_as_before_the_ingest(tmp_path):
    store = Store(tmp_path / "s")
    first = _posts([("x", "p1", "2025-10-01T10:00Z", "a", 1), ("x", "p2", "2025-10-02T10:00Z", "b", 2)])
    _commit(store, [first])
    before = {t: _rows(store, t) for t in ("posts",)}
    # One batch: p1 the same then changed, p2 changed then changed again, p3 new then changed.
    _commit(store, [
        _posts([("x", "p1", "2025-10-01T10:00Z", "a", 1), ("x", "p2", "2025-10-02T10:00Z", "b", 20),
                ("x", "p3", "2025-10-03T10:00Z", "c", 3)]),
        _posts([("x", "p1", "2025-10-01T10:00Z", "a", 10), ("x", "p2", "2025-10-02T10:00Z", "b", 200),
                ("x", "p3", "2025-10-03T10:00Z", "c", 30)]),
    ])
    keys = _table(store, "undo_keys")
    assert dict(zip(keys.loc[keys["batch_id"] == 2, "key"], keys.loc[keys["batch_id"] == 2, "change"])) == {
        "p1": "updated", "p2": "updated", "p3": "new"}
    replaced = _table(store, "undo_posts")
    assert dict(zip(replaced["post_id"], replaced["reach"])) == {"p1": 1, "p2": 2}  # the rows before the batch
    uningest(store, ACCOUNT, 2)
    pd.testing.assert_frame_equal(_rows(store, "posts"), before["posts"])


def test_links_are_recorded_and_taken_back(tmp_path):
    store = Store(tmp_path / "s")
    _commit(store, links=[("h1", "d1"), ("h2", "d2")])
    _commit(store, links=[("h2", "d2"), ("h3", "d3")])
    # Each (handle, DID) pair of the older alias form is two identity links of one person: h3/d3 are new, h2/d2 given again.
    assert list_ingests(store, ACCOUNT)[1]["tables"]["links"] == {"added": 2, "changed": 0, "unchanged": 2}
    uningest(store, ACCOUNT, 1)
    assert sorted(_rows(store, "links")["member_id"]) == ["d2", "d3", "h2", "h3"]  # h2/d2 the second batch gave too


def test_a_batch_not_kept_leaves_no_record(tmp_path):
    store = Store(tmp_path / "s")
    _commit(store, [_posts([("x", "p1", "2025-10-01T10:00Z", "a", 1)])], keep=False)
    assert not store.manifest()["files"].get("undo_keys") and not store.manifest()["files"].get("undo_batches")
    assert list_ingests(store, ACCOUNT)[0]["undoable"] is False


def test_settings_record_what_was_given_and_added():
    assert account_settings(None, {"timezone": "UTC", "platforms": ["x"]}) == {"created": True, "platforms": ["x"]}
    before = {"timezone": "Europe/Madrid", "lang": "es", "platforms": ["x"]}
    after = {"timezone": "Europe/Madrid", "lang": "sv", "platforms": ["mastodon", "x"]}
    assert account_settings(before, after, {"timezone": "Europe/Madrid", "lang": "sv"}) == {
        "created": False, "timezone": ["Europe/Madrid", "Europe/Madrid"], "lang": ["es", "sv"], "platforms": ["mastodon"]}


def test_the_record_is_not_visible_to_readers(tmp_path):
    store = Store(tmp_path / "s")
    _commit(store, [_posts([("x", "p1", "2025-10-01T10:00Z", "a", 1)])])
    with store.connect() as con:
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert not any(v.startswith("undo") for v in views)
    for rel in (f for t, by in store.manifest()["files"].items() if t.startswith("undo") for fs in by.values() for f in fs):
        assert (store.root / rel).stat().st_mode & 0o077 == 0  # personal data: owner only
    assert duckdb  # imported for _table


def _interaction_rows(n, platforms):
    return pa.table({
        "platform": pa.array([platforms[i % len(platforms)] for i in range(n)], pa.string()),
        "interaction_id": pa.array([f"i{i}" for i in range(n)], pa.string()),
    })


def test_keys_of_an_adopted_table_written_with_arrow_are_those_of_the_sql_copy(tmp_path):
    """The Arrow writer gives the rows (and plain string columns) of the SQL ``COPY`` it replaces, whatever the platforms."""
    import pyarrow.parquet as pq

    from libcommunity.store.undo import _arrow_keys, _write_new_keys

    files = []
    for i, (platforms, dictionary) in enumerate([(["x"], True), (["x", "mastodon"], True), (["bluesky", "x"], False),
                                                  (["x"], False)]):
        path = tmp_path / f"f{i}.parquet"
        pq.write_table(_interaction_rows(1000 + i, platforms), path, use_dictionary=["platform"] if dictionary else False)
        files.append(str(path))
    empty = tmp_path / "empty.parquet"
    pq.write_table(_interaction_rows(0, ["x"]), empty)
    files.append(str(empty))
    assert _arrow_keys("interactions", files)
    out = tmp_path / "keys.parquet"
    _write_new_keys(out, ACCOUNT, 7, "interactions", files)
    con = duckdb.connect()
    sql = (f"SELECT '{ACCOUNT}' AS account, 7::BIGINT AS batch_id, 'interactions' AS table_name, platform, "
           f"CAST(interaction_id AS VARCHAR) AS key, 'new' AS change FROM read_parquet({files!r})")
    written = f"SELECT * FROM read_parquet('{out}')"
    assert con.execute(f"SELECT count(*) FROM (({sql}) EXCEPT ALL ({written}))").fetchone()[0] == 0
    assert con.execute(f"SELECT count(*) FROM (({written}) EXCEPT ALL ({sql}))").fetchone()[0] == 0
    assert con.execute(f"SELECT count(*) FROM ({written})").fetchone()[0] == sum(1000 + i for i in range(4))
    schema = pq.read_schema(out)
    assert [str(t) for t in schema.types] == ["string", "int64", "string", "string", "string", "string"]


def test_a_key_file_that_fails_to_be_written_fails_the_ingest_and_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    """The keys of an adopted table are written in a thread: its failure is the ingest's, and nothing is committed."""
    import pyarrow.parquet as pq

    from libcommunity.ingest import ingest_paths
    from libcommunity.store import undo

    store = Store(tmp_path / "s")
    _commit(store, [_posts([("x", "p1", "2025-10-01T10:00Z", "a", 1)])])
    before = {t: _table(store, t) for t in ("posts", "undo_keys")}
    manifest = store.manifest()
    src = tmp_path / "interactions.parquet"
    rows = pa.table({"account": [ACCOUNT] * 3, "platform": ["x"] * 3, "interaction_id": ["i1", "i2", "i3"],
                     "member_id": ["@a", "@b", "@a"], "kind": ["comment"] * 3,
                     "created_at": pa.array([pd.Timestamp("2025-10-0%dT10:00Z" % d) for d in (1, 2, 3)])})
    pq.write_table(rows, src)

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(undo, "_write_new_keys", broken)
    try:
        ingest_paths([src], account=ACCOUNT, store=store)
    except OSError as exc:
        assert "disk gone" in str(exc)
    else:
        raise AssertionError("the ingest succeeded without its undo record")
    assert store.manifest() == manifest
    for table, frame in before.items():
        pd.testing.assert_frame_equal(_table(store, table), frame)
    assert not (store.root / "_staging").exists() or not any((store.root / "_staging").iterdir())


def test_the_keys_of_two_adopted_tables_are_written_at_once_with_the_same_record(tmp_path, monkeypatch):
    """A first ingest's key files are written two at a time; the record is the one written one file after the other."""
    import threading

    import pyarrow.parquet as pq

    from libcommunity.ingest import ingest_paths
    from libcommunity.store import undo

    src = tmp_path / "interactions.parquet"
    rows = pa.table({"account": [ACCOUNT] * 3, "platform": ["x"] * 3, "interaction_id": ["i1", "i2", "i3"],
                     "member_id": ["@a", "@b", "@a"], "kind": ["comment"] * 3,
                     "created_at": pa.array([pd.Timestamp("2025-10-0%dT10:00Z" % d) for d in (1, 2, 3)])})
    pq.write_table(rows, src)
    real = undo._write_new_keys
    both = threading.Barrier(2, timeout=10)  # the interactions' and the identities' key files meet here
    met = []

    def meeting(keys_path, account, batch_id, table, paths):
        if table in ("interactions", "identities"):
            met.append(both.wait() is not None)
        return real(keys_path, account, batch_id, table, paths)

    monkeypatch.setattr(undo, "_write_new_keys", meeting)
    together = Store(tmp_path / "together")
    ingest_paths([src], account=ACCOUNT, store=together)
    assert met == [True, True]
    monkeypatch.setattr(undo, "_write_new_keys", real)
    monkeypatch.setattr(undo, "_KEY_WRITERS", 1)
    alone = Store(tmp_path / "alone")
    ingest_paths([src], account=ACCOUNT, store=alone)
    for table in ("undo_keys", "undo_batches", "interactions", "identities"):
        a, b = (_table(s, table).sort_values(list(_table(s, table).columns)).reset_index(drop=True) for s in (together, alone))
        pd.testing.assert_frame_equal(a, b)
