"""The staged Parquet files of one ingest: a table's rows from one file, written by UTC month.

:class:`StagedPart` buffers typed, pseudonymised batches and writes them, one
file per UTC month in the store's columns and types, on a writer thread
(compression releases the GIL, so writing overlaps with the next batch's
work). The files are what :meth:`~libcommunity.store.Transaction.adopt`
moves into a store, or what an upsert reads.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .loaders.arrowtyping import arrow_schema
from .schemas import TableSpec, dictionary_columns
from .store.layout import private_dir

__all__ = ["ROW_GROUP_ROWS", "StagedPart", "dictionary_columns", "utc_months", "month_label"]

#: Rows per Parquet row group of staged files (DuckDB's default, which the store's other files use).
ROW_GROUP_ROWS = 122_880
#: Rows buffered across months before the largest buffer is written out regardless.
_MAX_BUFFERED = 1 << 20


def utc_months(values) -> np.ndarray:
    """The UTC month of each timestamp or date, as months since 1970-01 (numpy, from the stored integers)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if values.null_count:
        raise ValueError(f"{values.null_count} null value(s) in a table's time column")  # validated before staging
    if pa.types.is_timestamp(values.type):
        raw = values.cast(pa.int64()).to_numpy(zero_copy_only=False).view(f"datetime64[{values.type.unit}]")
    elif pa.types.is_date32(values.type):
        raw = values.cast(pa.int32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    else:
        raise TypeError(f"a time column must hold timestamps or dates; got {values.type} instead")
    return raw.astype("datetime64[M]").astype(np.int64)


@dataclass
class StagedPart:
    """The rows one file gave one table, staged as Parquet files by UTC month.

    Attributes
    ----------
    spec : TableSpec
    index : int
        Position of the file among the ingest's files (later files win).
    directory : Path
    rows : int
        Rows written.
    files : dict
        ``{month: [paths]}``.
    """

    spec: TableSpec
    index: int
    directory: Path
    rows: int = 0
    files: dict = field(default_factory=dict)
    _writers: dict = field(default_factory=dict, repr=False)
    _buffers: dict = field(default_factory=dict, repr=False)
    _buffered: int = 0
    _pool: object = field(default=None, repr=False)
    _pending: list = field(default_factory=list, repr=False)
    key_hashes: list = field(default_factory=list, repr=False)  # 64-bit hashes of the keys of the rows, by batch

    def paths(self) -> list[Path]:
        return [p for m in sorted(self.files) for p in self.files[m]]

    def _write(self, month: str, tables: list) -> None:
        """Write ``tables`` to the month's file, on a writer thread (compression releases the GIL)."""
        writer = self._writers.get(month)
        if writer is None:
            d = self.directory / f"month={month}"
            private_dir(d)
            path = d / "part.parquet"
            writer = pq.ParquetWriter(
                path, arrow_schema(self.spec), compression="zstd", use_dictionary=dictionary_columns(self.spec)
            )
            self._writers[month] = writer
            self.files.setdefault(month, []).append(path)
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libcommunity-write")
        table = pa.concat_tables(tables, promote_options="permissive")
        if not table.schema.equals(writer.schema):
            table = table.cast(writer.schema)  # e.g. fields marked not null by DuckDB
        self._pending.append(self._pool.submit(writer.write_table, table, row_group_size=ROW_GROUP_ROWS))
        while len(self._pending) > 2:  # bounded: at most a few batches wait to be compressed
            self._pending.pop(0).result()

    def _drain(self) -> None:
        while self._pending:
            self._pending.pop(0).result()

    def append(self, month: str, table: pa.Table) -> None:
        """Buffer ``table`` (rows of ``month``) and write whole row groups."""
        buf = self._buffers.setdefault(month, [])
        buf.append(table)
        self._buffered += table.num_rows
        self.rows += table.num_rows
        n = sum(t.num_rows for t in buf)
        if n >= ROW_GROUP_ROWS:
            self._write(month, buf)
            self._buffers[month] = []
            self._buffered -= n
        while self._buffered > _MAX_BUFFERED:
            largest = max(self._buffers, key=lambda m: sum(t.num_rows for t in self._buffers[m]))
            size = sum(t.num_rows for t in self._buffers[largest])
            self._write(largest, self._buffers[largest])
            self._buffers[largest] = []
            self._buffered -= size

    def close(self) -> None:
        """Write what is buffered and close the files."""
        for month, buf in self._buffers.items():
            if buf:
                self._write(month, buf)
        self._buffers.clear()
        self._buffered = 0
        try:
            self._drain()
        finally:
            self._shutdown()
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def discard(self) -> None:
        """Forget every row of this part (its files are removed)."""
        for f in self._pending:
            f.cancel()
        self._pending.clear()
        self._shutdown()
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # pragma: no cover - closing a writer of a file being discarded
                pass
        self._writers.clear()
        self._buffers.clear()
        self._buffered = 0
        self.rows = 0
        self.files = {}
        self.key_hashes = []
        shutil.rmtree(self.directory, ignore_errors=True)


def month_label(month: int) -> str:
    """``YYYY-MM`` of a :func:`utc_months` number."""
    return f"{1970 + month // 12:04d}-{month % 12 + 1:02d}"
