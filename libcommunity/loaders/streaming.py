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

Each batch is typed by :func:`type_batch`, a vectorised Arrow version of
:func:`~libcommunity.loaders.canonical.type_table` that only accepts what it
can type exactly as ``type_table`` would (ISO-8601 timestamps, plain whole
numbers, ``true``/``false``/``1``/``0`` ...). Anything else in a batch
(another timestamp notation, a bad value) makes it hand that batch to
``type_table`` itself, so results and error messages are those of the
whole-file loader: an error names the file, the row and the column. A CSV
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
from ..schemas import TableSpec
from .base import LoadContext
from .parsing import FALSE_VALUES, TRUE_VALUES
from .textio import TextSample, detect_delimiter, header_cells, iter_csv_strings

__all__ = ["already_clean", "BATCH_ROWS", "TypedBatch", "CanonicalStream", "type_batch", "stream_canonical", "is_restart", "arrow_schema", "arrow_of", "prefetched"]

#: Rows per batch: large enough for vectorised work, small enough to bound memory (~100 MB a batch).
BATCH_ROWS = 1 << 19

#: ISO-8601 timestamps the fast path types itself (with or without a UTC offset); years 1000-9999.
_AWARE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$"
_NAIVE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$"
_DATE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}$"
_INT_RE = r"^[+-]?\d+(\.0*)?$"
_COUNT_PLACEHOLDERS = ["-", "--", "–"]
#: The largest count accepted (as :func:`~libcommunity.loaders.parsing.parse_counts`).
_COUNT_LIMIT = 2**53
_NULL_STRING = pa.scalar(None, pa.string())


class _Fallback(Exception):
    """The fast typing cannot vouch for this batch; ``type_table`` types it."""


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


def arrow_schema(spec: TableSpec) -> pa.Schema:
    """The Arrow schema of ``spec``'s typed batches (every field nullable, as the store's files)."""
    return pa.schema([pa.field(c.name, c.arrow_type) for c in spec.columns])


# ----------------------------------------------------------------------------------- fast typing
def _any(mask) -> bool:
    return bool(pc.any(mask).as_py() or False)


def _text(a: pa.Array) -> pa.Array:
    """Cells as strings, where the conversion is the one pandas ``astype("string")`` makes."""
    t = a.type
    if pa.types.is_string(t):
        return a
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return a.cast(pa.string())
    if pa.types.is_dictionary(t) and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type)):
        return a.cast(pa.string())
    if pa.types.is_null(t):
        return pa.nulls(len(a), pa.string())
    if pa.types.is_integer(t) and a.null_count == 0:  # with nulls pandas would make them floats ("1.0")
        return a.cast(pa.string())
    raise _Fallback


def _clean(a: pa.Array) -> pa.Array:
    """Strings stripped of surrounding whitespace, blanks as null (``parsing.parse_strings``)."""
    s = _text(a)
    if already_clean(s):
        return s
    s = pc.utf8_trim_whitespace(s)
    return pc.if_else(pc.equal(s, ""), _NULL_STRING, s)


def _cast(a, to: pa.DataType) -> pa.Array:
    try:
        return pc.cast(a, to)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise _Fallback from None


def _timestamps(a: pa.Array, tz: str) -> pa.Array:
    utc = pa.timestamp("us", tz="UTC")
    t = a.type
    if pa.types.is_timestamp(t):
        if t.unit == "ns" and a.null_count < len(a):
            # pandas truncates nanoseconds to microseconds; leave that case to the pandas typing.
            ints = a.cast(pa.int64())
            if _any(pc.not_equal(pc.multiply(pc.divide(ints, 1000), 1000), ints)):
                raise _Fallback
        if t.tz is None:
            try:
                local = pc.assume_timezone(_cast(a, pa.timestamp("us")), tz, ambiguous="earliest", nonexistent="latest")
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
                raise _Fallback from None
            return _cast(local, utc)
        return _cast(a, utc)
    s = _clean(a)
    if s.null_count == len(s):
        return pa.nulls(len(s), utc)
    aware = pc.fill_null(pc.match_substring_regex(s, _AWARE_RE), False)
    if pc.sum(aware).as_py() == len(s) - s.null_count:  # the usual case: every value has its offset
        return _cast(s, utc)
    naive = pc.fill_null(pc.match_substring_regex(s, _NAIVE_RE), False)
    if _any(pc.and_(s.is_valid(), pc.invert(pc.or_(aware, naive)))):
        raise _Fallback
    parts = []
    if _any(aware):
        parts.append(_cast(pc.if_else(aware, s, _NULL_STRING), utc))
    if _any(naive):
        wall = _cast(pc.if_else(naive, s, _NULL_STRING), pa.timestamp("us"))
        try:
            local = pc.assume_timezone(wall, tz, ambiguous="earliest", nonexistent="latest")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
            raise _Fallback from None
        parts.append(_cast(local, utc))
    return parts[0] if len(parts) == 1 else pc.coalesce(*parts)


def _dates(a: pa.Array) -> pa.Array:
    if pa.types.is_date32(a.type):
        return a
    s = _clean(a)
    if s.null_count == len(s):
        return pa.nulls(len(s), pa.date32())
    if _any(pc.and_(s.is_valid(), pc.invert(pc.fill_null(pc.match_substring_regex(s, _DATE_RE), False)))):
        raise _Fallback
    return _cast(s, pa.date32())


def _counts(a: pa.Array) -> pa.Array:
    t = a.type
    if pa.types.is_integer(t):
        out = _cast(a, pa.int64())
    elif pa.types.is_null(t):
        return pa.nulls(len(a), pa.int64())
    else:
        s = _clean(a)
        s = pc.if_else(pc.is_in(s, value_set=pa.array(_COUNT_PLACEHOLDERS)), _NULL_STRING, s)
        s = pc.replace_substring(pc.replace_substring(s, "\u00a0", ""), "\u202f", "")
        if _any(pc.and_(s.is_valid(), pc.invert(pc.fill_null(pc.match_substring_regex(s, _INT_RE), False)))):
            raise _Fallback
        s = pc.replace_substring_regex(pc.replace_substring_regex(s, r"\.0*$", ""), r"^\+", "")
        out = _cast(s, pa.int64())
    if out.null_count < len(out):
        lo, hi = pc.min_max(out).values()
        if lo.as_py() < 0 or hi.as_py() > _COUNT_LIMIT:
            raise _Fallback
    return out


def _bools(a: pa.Array, default) -> pa.Array:
    if pa.types.is_boolean(a.type):
        out = a
    elif pa.types.is_null(a.type):
        out = pa.nulls(len(a), pa.bool_())
    else:
        s = _clean(a)
        truthy = pc.fill_null(pc.is_in(s, value_set=pa.array(sorted(TRUE_VALUES))), False)
        falsy = pc.fill_null(pc.is_in(s, value_set=pa.array(sorted(FALSE_VALUES))), False)
        if _any(pc.and_(s.is_valid(), pc.invert(pc.or_(truthy, falsy)))):
            raise _Fallback
        out = pc.if_else(truthy, True, pc.if_else(falsy, False, pa.scalar(None, pa.bool_())))
    return pc.fill_null(out, default) if default is not None and out.null_count else out


def _lower(s: pa.Array, choices) -> pa.Array:
    """``utf8_lower`` of ``s``, skipped when every value is already one of the (lower-case) ``choices``."""
    if choices and not _any(pc.and_(s.is_valid(), pc.invert(pc.is_in(s, value_set=pa.array(list(choices)))))):
        return s
    return pc.utf8_lower(s)


def _strings(a: pa.Array, col) -> pa.Array:
    out = _clean(a)
    if col.choices:
        lowered = _lower(out, col.choices)
        if lowered is out:
            return out
        if _any(pc.and_(out.is_valid(), pc.invert(pc.is_in(lowered, value_set=pa.array(list(col.choices)))))):
            raise _Fallback
        out = lowered
    return out


def _column(a: pa.Array, col, tz: str) -> pa.Array:
    if col.type == "timestamp":
        out = _timestamps(a, tz)
    elif col.type == "date":
        out = _dates(a)
    elif col.type == "count":
        out = _counts(a)
    elif col.type == "bool":
        out = _bools(a, col.default)
    else:
        out = _strings(a, col)
    if not col.nullable and out.null_count:
        if col.default is None:
            raise _Fallback
        out = pc.fill_null(out, col.default)
    return out


def _constant(value, n: int, type_: pa.DataType) -> pa.Array:
    return pa.nulls(n, type_) if value is None else pc.fill_null(pa.nulls(n, type_), pa.scalar(value, type_))


def type_batch(raw: pa.RecordBatch | pa.Table, spec: TableSpec, ctx: LoadContext) -> pa.Table:
    """Type one batch of a canonical file with Arrow kernels (see the module docstring).

    Parameters
    ----------
    raw : pyarrow.RecordBatch or Table
        Columns as read (text from CSV, typed from Parquet), named as in the
        file's header (stripped).
    spec : TableSpec
    ctx : LoadContext

    Returns
    -------
    pyarrow.Table
        Canonical columns of ``spec`` with :func:`arrow_schema` types.

    Raises
    ------
    _Fallback
        When any value is not one the fast path types exactly like
        :func:`~libcommunity.loaders.canonical.type_table`, or is invalid.
    """
    if isinstance(raw, pa.Table):
        raw = raw.combine_chunks()
        cols = {name: raw.column(name).chunk(0) if raw.column(name).num_chunks == 1 else pa.concat_arrays(raw.column(name).chunks) for name in raw.column_names}
    else:
        cols = {name: raw.column(i) for i, name in enumerate(raw.schema.names)}
    n = raw.num_rows
    if "account" in cols:
        acc = _clean(cols["account"])
        if _any(pc.and_(acc.is_valid(), pc.fill_null(pc.not_equal(acc, ctx.account), False))):
            raise _Fallback
    out = {"account": _constant(ctx.account, n, pa.string())}
    if "platform" in cols:
        plat = _lower(_clean(cols["platform"]), spec.column("platform").choices)
        if ctx.platform is not None:
            if _any(pc.fill_null(pc.not_equal(plat, ctx.platform), False)):
                raise _Fallback
            plat = pc.fill_null(plat, ctx.platform)
        cols["platform"] = plat
    elif ctx.platform is not None:
        cols["platform"] = _constant(ctx.platform, n, pa.string())
    else:
        raise _Fallback  # type_table says the file has no platform column
    for col in spec.columns:
        if col.name == "account":
            continue
        if col.name in cols:
            out[col.name] = _column(cols[col.name], col, ctx.timezone)
        else:
            out[col.name] = _constant(col.default, n, col.arrow_type)
    schema = arrow_schema(spec)
    return pa.Table.from_arrays([out[c.name] for c in spec.columns], schema=schema)


def _pandas_typed(frame: pd.DataFrame, spec: TableSpec, ctx: LoadContext, path) -> pa.Table:
    """Type a frame (indexed by source row) with the whole-file loader's code and validate it."""
    from ..validate import validate_frame
    from .canonical import type_table

    typed = type_table(frame, spec, path=path, ctx=ctx)
    # Repeated keys are the ingest's business (drop_repeated_rows, after the whole file is typed).
    validate_frame(typed.drop_duplicates(subset=list(spec.key)), spec.name, path=path)
    return arrow_of(typed, spec)


def arrow_of(typed: pd.DataFrame, spec: TableSpec) -> pa.Table:
    """A typed canonical DataFrame as an Arrow table with :func:`arrow_schema` types."""
    arrays = []
    for c in spec.columns:
        s = typed[c.name]
        if c.type == "date":
            arrays.append(pa.array(pd.to_datetime(s).dt.date.where(s.notna(), None).tolist(), pa.date32()))
        else:
            arrays.append(pa.Array.from_pandas(s, type=c.arrow_type))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(spec))


def _typed(raw, spec: TableSpec, ctx: LoadContext, path, first_row: int, to_frame) -> pa.Table:
    """Fast typing, else the whole-file loader's typing of this batch."""
    try:
        return type_batch(raw, spec, ctx)
    except _Fallback:
        frame = to_frame(raw)
        frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
        return _pandas_typed(frame, spec, ctx, path)


# ----------------------------------------------------------------------------------- readers
def _parquet_stream(path: Path, ctx: LoadContext, batch_rows: int) -> CanonicalStream:
    from .canonical import _closest_table, match_table

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

    def batches() -> Iterator[TypedBatch]:
        row = 2
        try:
            # One decoding thread: the batches are read in a thread of their own (prefetched) while the
            # ingest's main thread works on the batch before; Arrow's parallel decoding costs a third more CPU.
            reader = pf.iter_batches(batch_size=batch_rows, use_threads=False)
            for raw in reader:
                _check_batch_cells(raw, path, row)
                yield TypedBatch(_typed(raw, spec, ctx, path, row, lambda b: b.to_pandas()), row)
                row += raw.num_rows
        except InputError:
            raise
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"not a readable Parquet file ({exc})", path=path) from None

    return CanonicalStream("canonical-parquet", spec, batches)


def _check_parquet_cells(pf, path) -> None:
    """Refuse, from the footer alone, a Parquet file whose text cells exceed the cell limit of every format.

    A column chunk whose values average more than the limit, or that
    decompresses more than a thousandfold into more than the limit with
    values averaging over 64 KiB (a 12 KB file holding a 300 MB cell), is
    refused before any page is read. Cells over the limit among smaller ones
    are caught batch by batch (:func:`_check_batch_cells`).
    """
    from .textio import MAX_FIELD_CHARS as limit

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
    from .textio import MAX_FIELD_CHARS as limit

    for name, col in zip(raw.schema.names, raw.columns):
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
    from .canonical import COMMENT, comment_column, match_table, skip_comments

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
                except _Fallback:
                    table = _pandas_typed(part, spec, ctx, path)
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
                    table = _typed(raw, spec, ctx, path, row, _strings_frame)
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
    early, the producer stops at its next item.
    """
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()
    end = object()

    def produce():
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        q.put((True, item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put((True, end))
        except BaseException as exc:  # handed to the consumer
            q.put((False, exc))

    thread = threading.Thread(target=produce, name="libcommunity-read", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = q.get()
            if not ok:
                raise item
            if item is end:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            try:
                q.get_nowait()
            except queue.Empty:
                thread.join(timeout=0.05)
        close = getattr(items, "close", None)
        if close is not None:
            close()


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
