"""The store's DuckDB connections: read connections share one database per process, each in a catalog of its own."""

from __future__ import annotations

import threading

import duckdb
import pyarrow as pa
import pytest

from libcommunity.store import Store
from libcommunity.store import sql as store_sql
from libcommunity.store.sql import read_connection, release_connection, write_connection


def _catalogs(con) -> set[str]:
    return {row[0] for row in con.execute("SELECT database_name FROM duckdb_databases() WHERE NOT internal").fetchall()}


@pytest.fixture
def counted_databases(monkeypatch):
    """Every in-memory DuckDB database created from here on (``duckdb.connect`` calls), after a fresh start."""
    created = []
    connect = duckdb.connect

    def counting(*args, **kwargs):
        created.append((args, kwargs))
        return connect(*args, **kwargs)

    monkeypatch.setattr(store_sql, "_SHARED", {})
    monkeypatch.setattr(duckdb, "connect", counting)
    return created


def test_many_store_reads_create_one_database(two_month_store, counted_databases):
    store = Store(two_month_store.root)
    counts = set()
    for _ in range(20):
        counts.add(int(store.sql("SELECT count(*) AS n FROM interactions")["n"].iloc[0]))
        with store.connect(account="lib") as con:
            counts.add(con.execute("SELECT count(*) FROM interactions").fetchone()[0])
    assert len(counts) == 1 and min(counts) > 0  # the store has one account
    assert len(counted_databases) == 1  # a database of its own per read was 40


def test_a_read_connection_keeps_its_views_and_tables_to_itself_and_they_go_with_it():
    first, second = read_connection(), read_connection()
    try:
        first.execute("CREATE TABLE lc_own_table AS SELECT 1 AS x")
        first.execute("CREATE VIEW posts AS SELECT 'first' AS who")
        second.execute("CREATE VIEW posts AS SELECT 'second' AS who")  # the same name: no clash
        first.register("_rows", pa.table({"y": [1, 2, 3]}))
        assert first.execute("SELECT who FROM posts").fetchall() == [("first",)]
        assert second.execute("SELECT who FROM posts").fetchall() == [("second",)]
        assert first.execute("SELECT sum(y) FROM _rows").fetchone() == (6,)
        with pytest.raises(duckdb.CatalogException):
            second.execute("SELECT * FROM lc_own_table")
        with pytest.raises(duckdb.CatalogException):
            second.execute("SELECT * FROM _rows")
        mine = first.execute("SELECT current_database()").fetchone()[0]
        assert mine != second.execute("SELECT current_database()").fetchone()[0]
    finally:
        release_connection(first)
    try:
        assert mine not in _catalogs(second)  # detached: the table and views are gone
        again = read_connection()
        try:
            with pytest.raises(duckdb.CatalogException):
                again.execute("SELECT * FROM lc_own_table")
        finally:
            release_connection(again)
    finally:
        release_connection(second)


def test_settings_kept_per_connection_stay_with_it():
    first, second = read_connection(), read_connection()
    try:
        assert first.execute("SELECT current_setting('TimeZone')").fetchone()[0] in ("UTC", "Etc/UTC")
        first.execute("SET TimeZone = 'Europe/Madrid'")
        assert second.execute("SELECT current_setting('TimeZone')").fetchone()[0] in ("UTC", "Etc/UTC")
        third = read_connection()
        try:
            assert third.execute("SELECT current_setting('TimeZone')").fetchone()[0] in ("UTC", "Etc/UTC")
        finally:
            release_connection(third)
    finally:
        release_connection(first)
        release_connection(second)


def test_threads_choose_the_database(monkeypatch):
    monkeypatch.setattr(store_sql, "_SHARED", {})
    one, default = read_connection(threads=1), read_connection()
    try:
        assert one.execute("SELECT current_setting('threads')").fetchone()[0] == 1
        with duckdb.connect() as plain:
            assert default.execute("SELECT current_setting('threads')").fetchone() == \
                plain.execute("SELECT current_setting('threads')").fetchone()
        assert len(store_sql._SHARED) == 2
    finally:
        release_connection(one)
        release_connection(default)


def test_a_connection_left_in_a_failed_transaction_is_still_released():
    con = read_connection()
    mine = con.execute("SELECT current_database()").fetchone()[0]
    con.execute("BEGIN")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM no_such_table")
    release_connection(con)
    probe = read_connection()
    try:
        assert mine not in _catalogs(probe)
    finally:
        release_connection(probe)


def test_read_connections_of_many_threads_at_once():
    errors, done, names = [], [], set()

    def work(i):
        try:
            for _ in range(20):
                con = read_connection()
                names.add(con.execute("SELECT current_database()").fetchone()[0])
                try:
                    con.execute(f"CREATE TABLE t AS SELECT {i} AS v")
                    assert con.execute("SELECT v FROM t").fetchone() == (i,)
                finally:
                    release_connection(con)
            done.append(i)
        except Exception as exc:  # pragma: no cover - the failure is reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(done) == [0, 1, 2, 3] and len(names) == 80
    probe = read_connection()
    try:
        assert not names & _catalogs(probe)  # every catalog detached
    finally:
        release_connection(probe)


# ---------------------------------------------------------------------- write connections
def test_writes_one_after_another_share_one_database(tmp_path, counted_databases, monkeypatch):
    monkeypatch.setattr(store_sql, "_WRITERS", {})
    for i in range(5):
        con = write_connection(temp_directory=tmp_path / f"w{i}" / "duckdb.tmp")
        try:
            assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0].endswith(f"w{i}/duckdb.tmp")
            con.execute("CREATE TABLE kept AS SELECT 1 AS x")  # in its own catalog: no clash with the last write's
        finally:
            release_connection(con)
    assert len(counted_databases) == 1  # a database of its own per write was 5


def test_a_write_while_another_is_open_gets_a_database_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(store_sql, "_WRITERS", {})
    first = write_connection(temp_directory=tmp_path / "a")
    try:
        second = write_connection(temp_directory=tmp_path / "b")
        try:
            assert second.execute("SELECT current_database()").fetchone()[0] == "memory"  # a database of its own
            assert second.execute("SELECT current_setting('temp_directory')").fetchone()[0].endswith("b")
            assert first.execute("SELECT current_setting('temp_directory')").fetchone()[0].endswith("a")
        finally:
            release_connection(second)
    finally:
        release_connection(first)
    third = write_connection(temp_directory=tmp_path / "c")  # the shared one again, once free
    try:
        assert third.execute("SELECT current_database()").fetchone()[0].startswith("lc_write_")
    finally:
        release_connection(third)


def test_after_a_write_that_spilled_the_next_one_spills_into_its_own_folder(tmp_path, monkeypatch, counted_databases):
    monkeypatch.setattr(store_sql, "_WRITERS", {})
    monkeypatch.setenv("LIBCOMMUNITY_MEMORY_LIMIT", "40MB")
    spilled = []
    for name in ("first", "second"):
        folder = tmp_path / name / "duckdb.tmp"
        folder.parent.mkdir()  # as a transaction's staging folder
        con = write_connection(temp_directory=folder)
        try:
            con.execute("SET preserve_insertion_order = false")
            con.execute("CREATE TEMP TABLE big AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(2000000)")
            assert con.execute("SELECT count(DISTINCT s) FROM big").fetchone() == (2000000,)
            spilled.append(folder.is_dir() and any(folder.iterdir()))
        finally:
            release_connection(con)
    assert spilled == [True, True]
    assert len(counted_databases) == 2  # DuckDB cannot move a used spill folder: the second write got a new database
