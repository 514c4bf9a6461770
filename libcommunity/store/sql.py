"""DuckDB for the store: connection setup and the one place that quotes SQL.

Every identifier or literal that libcommunity splices into SQL text (file
paths, column names, settings) goes through :func:`quote_literal`,
:func:`quote_ident` or :func:`file_list`; values go through ``?``
placeholders wherever DuckDB allows them.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa

__all__ = [
    "MEMORY_ENV",
    "memory_limit",
    "new_connection",
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
    con.execute("SET TimeZone = 'UTC'")
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass
    con.execute(f"SET memory_limit = {quote_literal(memory_limit())}")
    if temp_directory is not None:
        con.execute(f"SET temp_directory = {quote_literal(str(temp_directory))}")
    return con
