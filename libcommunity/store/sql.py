"""DuckDB for the store: connection setup and the one place that quotes SQL.

Every identifier or literal that libcommunity splices into SQL text (file
paths, column names, settings) goes through :func:`quote_literal`,
:func:`quote_ident` or :func:`file_list`; values go through ``?``
placeholders wherever DuckDB allows them.
"""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path

import duckdb
import pyarrow as pa

__all__ = [
    "MEMORY_ENV",
    "memory_limit",
    "new_connection",
    "read_connection",
    "write_connection",
    "release_connection",
    "quote_literal",
    "quote_ident",
    "file_list",
    "string_list",
    "sql_type",
]

#: Environment variable: DuckDB's memory limit for libcommunity's connections (``"2GB"``, ``"512MB"``).
MEMORY_ENV = "LIBCOMMUNITY_MEMORY_LIMIT"


def quote_literal(value) -> str:
    """``value`` as an SQL string literal (``'it''s'``)."""
    return "'" + str(value).replace("'", "''") + "'"


def quote_ident(name) -> str:
    """``name`` as an SQL identifier, double quotes doubled inside."""
    return '"' + str(name).replace('"', '""') + '"'


def file_list(files) -> str:
    """A list literal of paths for ``read_parquet([...])``."""
    return "[" + ", ".join(quote_literal(f) for f in files) + "]"


def string_list(values) -> str:
    """A ``VARCHAR[]`` literal of ``values`` (sorted, so the SQL text is deterministic)."""
    return "[" + ", ".join(quote_literal(v) for v in sorted(values)) + "]::VARCHAR[]"


def sql_type(t: pa.DataType) -> str:
    """The DuckDB type of a store column's Arrow type."""
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ"
    if pa.types.is_date32(t):
        return "DATE"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    return "VARCHAR"


def memory_limit() -> str:
    """DuckDB's memory limit for libcommunity's connections.

    ``LIBCOMMUNITY_MEMORY_LIMIT`` if set, otherwise a quarter of the
    machine's memory, at least 1 GB and at most 2.5 GB. DuckDB's own default
    (80 % of the memory) suits a machine that runs nothing else; beyond the
    limit DuckDB spills to disk, so large accounts still fit next to
    notebooks and other processes (with 2.5 GB, segmenting a month of a
    50-million-interaction account peaks under 4 GB per process, pandas and
    the model included; docs/performance.md).
    """
    env = os.environ.get(MEMORY_ENV)
    if env:
        return env.strip()
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        total = 8 << 30
    mb = min(max(total // 4, 1 << 30), 5 << 29) >> 20
    return f"{mb}MB"


def new_connection(*, temp_directory: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in UTC with the progress bar off and a memory limit.

    DuckDB draws a progress bar on stdout for queries longer than two
    seconds, which would corrupt the JSON documents the command line prints.
    Inside Jupyter the bar is already off and DuckDB refuses to change the
    setting without ipywidgets, so that refusal is ignored. The memory limit
    is :func:`memory_limit`; ``temp_directory`` is where DuckDB spills when
    it needs more (DuckDB's default when None).
    """
    con = duckdb.connect()
    _configure(con)
    if temp_directory is not None:
        con.execute(f"SET temp_directory = {quote_literal(str(temp_directory))}")
    return con


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    """UTC, no progress bar, :func:`memory_limit` (see :func:`new_connection`)."""
    con.execute("SET TimeZone = 'UTC'")
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass
    con.execute(f"SET memory_limit = {quote_literal(memory_limit())}")


#: The process's shared in-memory databases of :func:`read_connection`, by (process id, threads).
_SHARED: dict = {}
#: The catalog each open read connection works in, by ``id()`` of the connection.
_CATALOGS: dict = {}
_SHARED_LOCK = threading.Lock()
_CATALOG_NUMBERS = itertools.count()


def read_connection(*, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection for reading the store: :func:`new_connection`'s settings, in a database the process shares.

    Creating an in-memory DuckDB database costs about 15 ms of CPU (DuckDB registers its whole catalog of
    functions); a connection to an existing one about 2 ms. A process that reads the store many times (a
    batch of reports, an analyst's session, a test run) opens each read connection on one shared database,
    created on first use (one per value of ``threads``, DuckDB's setting for the whole database, and per
    process: a forked child never touches its parent's). Each connection works in a catalog of its own (an
    in-memory database attached for it and made its default), so the views and tables it creates are its
    own, as on a database of its own; settings that DuckDB keeps per connection (the time zone) stay with
    it. Close it with :func:`release_connection`, which detaches its catalog.

    Parameters
    ----------
    threads : int, optional
        DuckDB's worker threads for the connection's queries; None for DuckDB's default (the machine's cores).
    """
    key = (os.getpid(), threads)
    with _SHARED_LOCK:
        database = _SHARED.get(key)
        if database is None:
            database = _SHARED[key] = duckdb.connect(config={} if threads is None else {"threads": int(threads)})
        con = database.cursor()
    return _in_own_catalog(con, "lc_read")


def _in_own_catalog(con: duckdb.DuckDBPyConnection, prefix: str) -> duckdb.DuckDBPyConnection:
    """``con`` working in a new in-memory catalog, its default, with :func:`new_connection`'s settings; the catalog
    is remembered for :func:`release_connection` (on failure ``con`` is closed)."""
    with _SHARED_LOCK:
        catalog = f"{prefix}_{next(_CATALOG_NUMBERS)}"
    try:
        con.execute(f"ATTACH ':memory:' AS {catalog}")
        con.execute(f"USE {catalog}")
        _configure(con)
    except BaseException:
        _detach(con, catalog)
        raise
    with _SHARED_LOCK:
        _CATALOGS[id(con)] = catalog
    return con


#: The process's database for writes (:func:`write_connection`), by process id; used by one write at a time.
_WRITERS: dict = {}
_WRITER_LOCK = threading.Lock()
#: ``id()`` of the write connection that holds :data:`_WRITER_LOCK`, if any.
_WRITER_HOLDER: list = []


def write_connection(*, temp_directory: str | Path) -> duckdb.DuckDBPyConnection:
    """:func:`new_connection` for a write that spills into ``temp_directory``, on the process's write database when
    no other write uses it.

    DuckDB's spill folder is a setting of the whole database, so the process keeps one database for writes, used by
    one write at a time (another write meanwhile gets a database of its own, as from :func:`new_connection`). A
    database that has spilled cannot move its spill folder: the next write then replaces it with a new one. The
    connection works in a catalog of its own, like :func:`read_connection`'s; close it with
    :func:`release_connection`.
    """
    if not _WRITER_LOCK.acquire(blocking=False):
        con = new_connection(temp_directory=temp_directory)
        con.execute("SET preserve_insertion_order = true")
        return con
    try:
        con = _in_own_catalog(_writer_cursor(temp_directory), "lc_write")
    except BaseException:
        _WRITER_LOCK.release()
        raise
    _WRITER_HOLDER[:] = [id(con)]
    return con


def _writer_cursor(temp_directory) -> duckdb.DuckDBPyConnection:
    """A connection to the process's write database, spilling into ``temp_directory`` (a new database when the
    current one has spilled elsewhere already)."""
    for attempt in (1, 2):
        database = _WRITERS.get(os.getpid())
        if database is None:
            database = _WRITERS[os.getpid()] = duckdb.connect()
        con = database.cursor()
        try:
            con.execute(f"SET temp_directory = {quote_literal(str(temp_directory))}")
            con.execute("SET preserve_insertion_order = true")
            return con
        except duckdb.NotImplementedException:  # it has spilled into an earlier write's folder: a new database
            con.close()
            _WRITERS.pop(os.getpid()).close()
            if attempt == 2:  # pragma: no cover - a new database always takes the setting
                raise
        except BaseException:
            con.close()
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def release_connection(con: duckdb.DuckDBPyConnection) -> None:
    """Close a connection of :func:`read_connection` or :func:`write_connection` (its catalog, views and tables go
    with it); any other connection is closed."""
    with _SHARED_LOCK:
        catalog = _CATALOGS.pop(id(con), None)
    try:
        _detach(con, catalog)
    finally:
        if _WRITER_HOLDER == [id(con)]:
            _WRITER_HOLDER.clear()
            _WRITER_LOCK.release()


def _detach(con: duckdb.DuckDBPyConnection, catalog: str | None) -> None:
    try:
        if catalog is not None:
            for statement in ("USE memory", f"DETACH DATABASE IF EXISTS {catalog}"):
                try:
                    con.execute(statement)
                except duckdb.TransactionException:  # a failed transaction left open: end it, then detach
                    con.execute("ROLLBACK")
                    con.execute(statement)
    except duckdb.Error:  # pragma: no cover - the catalog stays attached, empty of the connection's temp objects
        pass
    finally:
        con.close()
