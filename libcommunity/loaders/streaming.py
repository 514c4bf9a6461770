"""Canonical files read in batches: typed Arrow batches in bounded memory.

Canonical CSV and Parquet files can hold tens of millions of rows, so ingest
never reads them whole. :func:`stream_canonical` yields typed batches of at
most :data:`BATCH_ROWS` rows:

* Parquet is read with ``pyarrow.parquet.ParquetFile.iter_batches`` (the
  reader the whole-file loader uses, so the column types are the same);
* CSV is read by DuckDB's parallel, strict CSV reader (every cell as text)
  when the file is UTF-8, and otherwise, or when that reader refuses the
  file, by :func:`~libcommunity.loaders.textio.iter_csv_strings`: the
  loader's own reader, record by record, with exact row numbers.

Each batch is typed by :func:`~libcommunity.loaders.arrowtyping.type_batch`
(Arrow kernels), or, when it cannot vouch for a batch, by the whole-file
loader's ``type_table`` (:mod:`libcommunity.loaders.arrowtyping`), so results
and error messages are those of the whole-file loader: an error names the
file, the row and the column. A CSV
error found on the DuckDB path restarts the file on the exact reader, so that
the row number in the message is the spreadsheet row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..arrowtext import already_clean
from ..errors import InputError, UnknownFormatError
from ..schemas import TableSpec, dictionary_columns
from .arrowtyping import NotFastTypable, arrow_of, arrow_schema, exact_typed, type_batch, typed_or_exact
from .base import LoadContext
from .textio import TextSample, detect_delimiter, header_cells, iter_csv_strings

__all__ = ["already_clean", "BATCH_ROWS", "TypedBatch", "CanonicalStream", "type_batch", "stream_canonical", "is_restart", "arrow_schema", "arrow_of", "prefetched", "Prefetch"]

#: Rows per batch: large enough for vectorised work, small enough to bound memory (~100 MB a batch).
BATCH_ROWS = 1 << 19




@dataclass
class TypedBatch:
    """Canonical rows of one batch.

    Attributes
    ----------
    table : pyarrow.Table
        The table's canonical columns in canonical order with canonical Arrow
        types; ``member_id`` still holds the handles as exported.
    first_row : int
        Source row number (spreadsheet numbering, header = 1) of the first row.
    """

    table: pa.Table
    first_row: int


@dataclass
class CanonicalStream:
    """A canonical file opened for reading in batches.

    Attributes
    ----------
    format : str
        Name of the format (``canonical-csv`` or ``canonical-parquet``).
    spec : TableSpec
        The canonical table the file holds.
    batches : callable
        ``batches()`` starts reading and yields :class:`TypedBatch` objects.
        Raises :class:`~libcommunity.errors.InputError` as the whole-file
        loader would.
    skipped : dict of str to list of int
        Rows the last complete reading left out, by reason (their source row
        numbers): comment rows, whose first cell starts with ``#``.
    """

    format: str
    spec: TableSpec
    batches: Callable[[], Iterator[TypedBatch]]
    skipped: dict = field(default_factory=dict)



# ----------------------------------------------------------------------------------- readers
def _parquet_stream(path: Path, ctx: LoadContext, batch_rows: int) -> CanonicalStream:
    from .canonical_table import _closest_table, match_table

    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise InputError(f"not a readable Parquet file ({exc})", path=path) from None
    _check_parquet_cells(pf, path)
    spec = match_table(names)
    if spec is None:
        closest, missing, extra = _closest_table(names)
        raise UnknownFormatError(
            f"columns do not match a canonical table; closest is {closest.name!r}, "
            f"missing {missing}, unexpected {extra}; columns found: {names}",
            path=path,
        )

    dictionary = _dictionary_encoded(pf, spec)

    def batches() -> Iterator[TypedBatch]:
        row = 2
        try:
            # One decoding thread: the batches are read in a thread of their own (prefetched) while the
            # ingest's main thread works on the batch before; Arrow's parallel decoding costs a third more CPU.
            source = pq.ParquetFile(path, read_dictionary=dictionary) if dictionary else pf
            reader = source.iter_batches(batch_size=batch_rows, use_threads=False)
            for raw in _joined(reader, batch_rows, lambda part, at: _check_batch_cells(part, path, row + at)):
                yield TypedBatch(typed_or_exact(raw, spec, ctx, path, row, lambda b: dense(b).to_pandas()), row)
                row += raw.num_rows
        except InputError:
            raise
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"not a readable Parquet file ({exc})", path=path) from None

    return CanonicalStream("canonical-parquet", spec, batches)


def _dictionary_encoded(pf, spec: TableSpec) -> list[str]:
    """The text columns of ``spec`` whose values repeat (:func:`~libcommunity.schemas.dictionary_columns`) that the
    file stores dictionary-encoded in every row group: read as Arrow dictionaries.

    Decoding such a column into one string per row costs more than reading its dictionary and indices and
    typing the dictionary (:func:`~libcommunity.loaders.arrowtyping.type_batch`): 10M interactions of a file
    written by DuckDB are read with 0.7 s less CPU time. Typed batches hold plain strings either way.
    """
    meta, names = pf.metadata, pf.schema_arrow.names
    out = []
    for name in dictionary_columns(spec):
        if name not in names or not pa.types.is_string(pf.schema_arrow.field(name).type):
            continue
        leaf = [c for c in range(meta.num_columns) if pf.schema.column(c).path == name]
        if len(leaf) != 1 or not meta.num_row_groups:
            continue
        if all(meta.row_group(g).column(leaf[0]).has_dictionary_page for g in range(meta.num_row_groups)):
            out.append(name)
    return out


def _joined(reader, batch_rows: int, check) -> Iterator:
    """The record batches of ``reader`` joined into batches of ``batch_rows`` rows (the last one may be shorter).

    A reader of dictionary columns (:func:`_dictionary_encoded`) ends a batch at every row group, whose
    dictionary is new: joined again, the batches are those of a reader without dictionaries (it cuts at every
    multiple of ``batch_rows``), each column's dictionaries unified. ``check(batch, offset)`` sees every batch as
    read, with its first row's offset in the joined batch.
    """
    pending, n = [], 0
    for raw in reader:
        check(raw, n)
        pending.append(raw)
        n += raw.num_rows
        if n >= batch_rows:
            yield _join(pending)
            pending, n = [], 0
    if pending:
        yield _join(pending)


def _join(batches: list):
    if len(batches) == 1:
        return batches[0]
    return pa.Table.from_batches(batches).unify_dictionaries().combine_chunks()


def dense(batch):
    """``batch`` (a RecordBatch or Table) with its dictionary columns decoded to their values (as read without
    :func:`_dictionary_encoded`)."""
    for i, field in enumerate(batch.schema):
        if pa.types.is_dictionary(field.type):
            batch = batch.set_column(i, field.name, batch.column(i).cast(field.type.value_type))
    return batch


def _check_parquet_cells(pf, path) -> None:
    """Refuse, from the footer alone, a Parquet file whose text cells exceed the cell limit of every format.

    A column chunk whose values average more than the limit, or that
    decompresses more than a thousandfold into more than the limit with
    values averaging over 64 KiB (a 12 KB file holding a 300 MB cell), is
    refused before any page is read. Cells over the limit among smaller ones
    are caught batch by batch (:func:`_check_batch_cells`).
    """
    from .limits import MAX_FIELD_CHARS as limit

    meta = pf.metadata
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            size, n = chunk.total_uncompressed_size, max(chunk.num_values, 1)
            bomb = size > limit and size > 1000 * max(chunk.total_compressed_size, 1) and size / n > limit / 1024
            if size / n > limit or bomb:
                raise InputError(
                    f"column {chunk.path_in_schema!r} of row group {g} holds {size:,} bytes for {chunk.num_values:,} "
                    f"value(s): a cell larger than the limit of {limit:,} bytes (the same for every input format)",
                    path=path,
                )


def _check_batch_cells(raw, path, first_row: int) -> None:
    """Refuse a batch with a text cell larger than the cell limit, naming its row and column."""
    from .limits import MAX_FIELD_CHARS as limit

    for name, col in zip(raw.schema.names, raw.columns):
        if pa.types.is_dictionary(col.type):  # the values' lengths, row by row only when one is too long
            biggest = pc.max(pc.binary_length(col.dictionary)).as_py() if len(col.dictionary) else None
            if biggest is None or biggest <= limit:
                continue
            col = col.cast(col.type.value_type)
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type) or pa.types.is_binary(col.type)
                or pa.types.is_large_binary(col.type)):
            continue
        lengths = pc.binary_length(col)
        biggest = pc.max(lengths).as_py()
        if biggest is not None and biggest > limit:
            at = pc.index(lengths, biggest).as_py()
            raise InputError(
                f"a cell of {biggest:,} bytes; cells of at most {limit:,} bytes are read (the same for every input format)",
                path=path, row=first_row + at, column=name,
            )


def _strings_frame(raw) -> pd.DataFrame:
    return raw.to_pandas().astype("string")


class _Restart(Exception):
    """The DuckDB CSV path met something only the exact reader reports correctly."""


def _csv_fast_ok(sample: TextSample, header: list) -> bool:
    """Whether DuckDB's CSV reader may read this file (UTF-8, a plain first header line, unique names)."""
    if sample.encoding not in ("utf-8", "utf-8-sig"):
        return False
    body = sample.text.lstrip("\ufeff")
    if not body[:1].strip() or body.lstrip().lower().startswith(("sep=", '"sep=')):
        return False  # leading blank lines or an Excel sep= line: the exact reader numbers rows right
    first = body.splitlines()[0] if body else ""
    return bool(header) and len(set(header)) == len(header) and '"' not in first and all(header)


def _runs(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """``frame`` cut where its row numbers jump (after skipped rows), so each part's rows are consecutive."""
    if len(frame) < 2:
        return [frame]
    rows = frame.index.to_numpy()
    cuts = (np.flatnonzero(np.diff(rows) != 1) + 1).tolist()
    return [frame.iloc[a:b] for a, b in zip([0, *cuts], [*cuts, len(frame)])]


def _csv_stream(path: Path, sample: TextSample, ctx: LoadContext, batch_rows: int, *, exact_rows: bool = False) -> CanonicalStream:
    from .canonical_table import COMMENT, comment_column, match_table, skip_comments

    delimiter = detect_delimiter(sample.text)
    header = header_cells(sample, delimiter)
    spec = match_table(header)
    if spec is None:  # pragma: no cover - sniff guarantees a match
        raise UnknownFormatError("header does not match a canonical table", path=path, row=1)
    marker = comment_column(header)
    skipped: dict = {}

    def exact() -> Iterator[TypedBatch]:
        skipped.clear()
        for frame in iter_csv_strings(path, sample, delimiter=delimiter, chunk_rows=batch_rows):
            found = match_table(frame.columns)
            if found is None or found.name != spec.name:  # pragma: no cover - same header as the sample
                raise UnknownFormatError("header does not match a canonical table", path=path, row=1)
            frame = skip_comments(frame, skipped)
            for part in _runs(frame):  # row numbers stay exact around skipped comment rows
                first = int(part.index[0]) if len(part) else 2
                try:
                    table = type_batch(pa.Table.from_pandas(part, preserve_index=False), spec, ctx)
                except NotFastTypable:
                    table = exact_typed(part, spec, ctx, path)
                yield TypedBatch(table, first)

    def fast() -> Iterator[TypedBatch]:
        import duckdb

        con = duckdb.connect()
        try:
            con.execute("SET enable_progress_bar = false")
        except duckdb.InvalidInputException:  # pragma: no cover - inside Jupyter
            pass
        columns = "{" + ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header) + "}"
        d = delimiter.replace("'", "''")
        where = str(path).replace("'", "''")
        query = (
            f"SELECT * FROM read_csv('{where}', header = true, delim = '{d}', quote = '\"', escape = '\"', "
            f"strict_mode = true, auto_detect = false, columns = {columns}, max_line_size = 16777216)"
        )
        row = 2
        try:
            reader = con.sql(query).to_arrow_reader(batch_rows)
            for raw in reader:
                if marker is not None:  # comment rows are listed by row number: only the exact reader knows them
                    first = pc.utf8_ltrim_whitespace(raw.column(header.index(marker)))
                    if pc.any(pc.fill_null(pc.starts_with(first, COMMENT), False)).as_py():
                        raise _Restart
                try:
                    table = typed_or_exact(raw, spec, ctx, path, row, _strings_frame)
                except InputError:
                    raise _Restart from None  # row numbers on this path skip blank lines: ask the exact reader
                yield TypedBatch(table, row)
                row += raw.num_rows
        except duckdb.Error:
            raise _Restart from None
        finally:
            con.close()

    def batches() -> Iterator[TypedBatch]:
        if exact_rows or not _csv_fast_ok(sample, header):
            yield from exact()
            return
        produced = fast()
        try:
            yield from produced
        except _Restart:
            yield _RESTART
            yield from exact()

    return CanonicalStream("canonical-csv", spec, batches, skipped)


#: Yielded by a CSV stream whose fast reader gave up midway: discard the batches yielded so far.
_RESTART = TypedBatch(pa.table({}), -1)


def is_restart(batch: TypedBatch) -> bool:
    """Whether ``batch`` says "start again: drop every batch of this file seen so far"."""
    return batch is _RESTART


def prefetched(items: Iterator, depth: int = 2) -> Iterator:
    """``items`` produced by a background thread, at most ``depth`` ahead of the consumer.

    Reading and typing a batch (Arrow kernels, which release the GIL) then
    overlaps with what the consumer does with the previous one. Exceptions of
    the producer are raised in the consumer, in order; when the consumer stops
    early, the producer stops at its next item. The thread starts at the first
    item asked for (:class:`Prefetch` starts it at once).
    """
    ahead = Prefetch(items, depth)
    try:
        yield from ahead
    finally:
        ahead.close()


class Prefetch:
    """``items`` produced by a background thread started at once, at most ``depth`` ahead of the consumer.

    Iterate it once (as :func:`prefetched`); :meth:`close` stops the thread
    (iterating to the end, or stopping early, closes it too). ``then`` is
    called in the producing thread after the last item is produced and
    before the consumer sees the end (ingest starts reading its next file
    there, while the consumer still works on this one's last batches).
    """

    def __init__(self, items: Iterator, depth: int = 2, then: Callable[[], None] | None = None):
        import queue
        import threading

        self._items, self._then = items, then
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._stop = threading.Event()
        self._end = object()
        self._thread = threading.Thread(target=self._produce, name="libcommunity-read", daemon=True)
        self._thread.start()

    @property
    def depth(self) -> int:
        """How many items the thread may produce ahead of the consumer (can be changed while it runs)."""
        return self._queue.maxsize

    @depth.setter
    def depth(self, value: int) -> None:
        with self._queue.mutex:
            self._queue.maxsize = max(1, int(value))
            self._queue.not_full.notify_all()

    def _produce(self) -> None:
        import queue

        q, stop = self._queue, self._stop
        try:
            for item in self._items:
                while not stop.is_set():
                    try:
                        q.put((True, item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            if self._then is not None:
                self._then()
            q.put((True, self._end))
        except BaseException as exc:  # handed to the consumer
            q.put((False, exc))

    def __iter__(self) -> Iterator:
        try:
            while True:
                ok, item = self._queue.get()
                if not ok:
                    raise item
                if item is self._end:
                    return
                yield item
        finally:
            self.close()

    def close(self) -> None:
        """Stop the producing thread (if it runs) and wait for it."""
        import queue

        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get_nowait()
            except queue.Empty:
                self._thread.join(timeout=0.05)
        close = getattr(self._items, "close", None)
        if close is not None:
            close()
            self._items = iter(())


def stream_canonical(
    path, sample: TextSample, ctx: LoadContext, *, parquet: bool, batch_rows: int | None = None, exact_rows: bool = False
) -> CanonicalStream:
    """Open a canonical CSV or Parquet file for reading in typed batches.

    Parameters
    ----------
    path : path-like
    sample : TextSample
        The file's head (:func:`~libcommunity.loaders.textio.sniff_text`).
    ctx : LoadContext
    parquet : bool
        Read the file as Parquet (else as CSV).
    batch_rows : int, optional
        Rows per batch (default :data:`BATCH_ROWS`).
    exact_rows : bool
        Read a CSV file with the loader's own reader only, so that every
        batch's ``first_row`` is its spreadsheet row (slower).

    Returns
    -------
    CanonicalStream
        ``batches()`` yields :class:`TypedBatch` objects; a CSV stream may
        yield a restart marker (:func:`is_restart`) after which the file is
        read again from its first row.

    Raises
    ------
    InputError, UnknownFormatError
        When the file is not a readable canonical table (on opening), or on
        the first bad row or column (while reading), with the whole-file
        loader's message.
    """
    path = Path(path)
    batch_rows = int(batch_rows or BATCH_ROWS)
    if parquet:
        return _parquet_stream(path, ctx, batch_rows)
    return _csv_stream(path, sample, ctx, batch_rows, exact_rows=exact_rows)
