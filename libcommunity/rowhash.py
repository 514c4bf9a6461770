"""64-bit hashes of Arrow rows, for finding handles and repeated keys during ingest.

:class:`RowHasher` computes DuckDB's ``hash()`` of some columns of an Arrow
table, in a small single-threaded in-memory database (a batch's hash is a
few milliseconds of work: DuckDB's worker threads would only add
synchronisation), with one connection per thread so that the reading thread and
the main thread of an ingest can both use it. The database is the process's
shared one-thread database (:func:`~libcommunity.store.sql.read_connection`),
so that an ingest does not pay for creating one. :func:`key_hashes` hashes a
table's key, and :func:`has_repeats` says whether hashes repeat: distinct
hashes prove distinct keys.
"""

from __future__ import annotations

import threading

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["RowHasher", "key_hashes", "has_repeats"]

#: Odd multiplier combining the hashes of a key's columns (2**64 / golden ratio).
_MIX = np.uint64(0x9E3779B97F4A7C15)


class RowHasher:
    """``hasher(table, columns)``: DuckDB's 64-bit ``hash()`` of ``columns`` of each row of an Arrow table."""

    def __init__(self):
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cursors: list = []
        self._constants: dict = {}

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        con = getattr(self._local, "con", None)
        if con is None:
            from .store.sql import read_connection

            con = read_connection(threads=1)
            with self._lock:
                self._cursors.append(con)
            self._local.con = con
        return con

    def __call__(self, table: pa.Table, columns) -> np.ndarray:
        con = self._cursor()
        con.register("_lc_rows", table)
        try:
            cols = ", ".join('"' + str(c).replace('"', '""') + '"' for c in columns)
            got = con.execute(f"SELECT hash({cols}) AS h FROM _lc_rows").fetchnumpy()["h"]
        finally:
            con.unregister("_lc_rows")
        return np.asarray(got, np.uint64)

    def constant(self, row: pa.Table, column: str) -> np.uint64:
        """The hash of ``column`` of the one-row ``row`` (remembered: a constant column is hashed once)."""
        value = row.column(column)[0]
        key = (column, value.type, value.as_py())
        with self._lock:
            known = self._constants.get(key)
        if known is None:
            known = self(row.select([column]), [column])[0]
            with self._lock:
                self._constants[key] = known
        return known

    def strings(self, values: pa.Array) -> np.ndarray:
        """The hash of each string of ``values``."""
        return self(pa.table({"h": values}), ("h",))

    def close(self) -> None:
        from .store.sql import release_connection

        with self._lock:
            cursors, self._cursors = self._cursors, []
        for con in cursors:
            release_connection(con)
        self._local = threading.local()


def key_hashes(hasher: RowHasher, table: pa.Table, key) -> np.ndarray:
    """A 64-bit hash of each row's ``key`` (columns), a function of the key's values alone.

    Each key column is hashed on its own and the hashes are combined, so that
    a key hashes alike in every batch. A column holding one value throughout
    the batch (the account, the usual single platform) is hashed once, not
    row by row.
    """
    out = None
    for k in key:
        col = table.column(k)
        first = col[0] if len(col) else None
        if first is not None and first.is_valid and not col.null_count and pc.all(pc.equal(col, first)).as_py():
            h = np.full(table.num_rows, hasher.constant(table.slice(0, 1), k), np.uint64)
        else:
            h = hasher(table, [k])
        if out is None:
            out = h
        else:
            with np.errstate(over="ignore"):
                out = (out * _MIX) ^ h
    return out


def has_repeats(values: np.ndarray) -> bool:
    """Whether some value occurs twice in ``values`` (unsigned integers).

    Sorts a copy (numpy's hash-based ``unique`` is slower); from a million
    values on, the lower and upper halves of the range are sorted on two
    threads (numpy releases the GIL while sorting).
    """
    if len(values) < 1 << 20:
        halves = [values]
    else:
        upper = values >= np.uint64(1 << (8 * values.dtype.itemsize - 1))
        halves = [values[~upper], values[upper]]
    if len(halves) == 1:
        ordered = [np.sort(values)]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="libcommunity-sort") as pool:
            ordered = list(pool.map(np.sort, halves))
    return any(len(o) > 1 and bool((o[1:] == o[:-1]).any()) for o in ordered)
