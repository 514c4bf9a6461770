"""Typing of canonical rows with Arrow kernels: the fast path of the batch reader (:mod:`.streaming`).

:func:`type_batch` is a vectorised Arrow version of
:func:`~libcommunity.loaders.canonical.type_table` that only accepts what it
can type exactly as ``type_table`` would (ISO-8601 timestamps, plain whole
numbers, ``true``/``false``/``1``/``0`` ...). Anything else in a batch
(another timestamp notation, a bad value) raises :class:`NotFastTypable`, and
:func:`typed_or_exact` hands that batch to ``type_table`` itself
(:func:`exact_typed`), so results and error messages are those of the
whole-file loader.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..arrowtext import already_clean
from ..schemas import TableSpec
from .base import LoadContext
from .parsing import FALSE_VALUES, TRUE_VALUES

__all__ = ["NotFastTypable", "arrow_schema", "type_batch", "exact_typed", "arrow_of", "typed_or_exact"]

#: ISO-8601 timestamps the fast path types itself (with or without a UTC offset); years 1000-9999.
_AWARE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$"
_NAIVE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$"
_DATE_RE = r"^[1-9]\d{3}-\d{2}-\d{2}$"
_INT_RE = r"^[+-]?\d+(\.0*)?$"
_COUNT_PLACEHOLDERS = ["-", "--", "–"]
#: The largest count accepted (as :func:`~libcommunity.loaders.parsing.parse_counts`).
_COUNT_LIMIT = 2**53
_NULL_STRING = pa.scalar(None, pa.string())


class NotFastTypable(Exception):
    """The fast typing cannot vouch for this batch; ``type_table`` types it."""


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
    raise NotFastTypable


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
        raise NotFastTypable from None


def _timestamps(a: pa.Array, tz: str) -> pa.Array:
    utc = pa.timestamp("us", tz="UTC")
    t = a.type
    if pa.types.is_timestamp(t):
        if t.unit == "ns" and a.null_count < len(a):
            # pandas truncates nanoseconds to microseconds; leave that case to the pandas typing.
            ints = a.cast(pa.int64())
            if _any(pc.not_equal(pc.multiply(pc.divide(ints, 1000), 1000), ints)):
                raise NotFastTypable
        if t.tz is None:
            try:
                local = pc.assume_timezone(_cast(a, pa.timestamp("us")), tz, ambiguous="earliest", nonexistent="latest")
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
                raise NotFastTypable from None
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
        raise NotFastTypable
    parts = []
    if _any(aware):
        parts.append(_cast(pc.if_else(aware, s, _NULL_STRING), utc))
    if _any(naive):
        wall = _cast(pc.if_else(naive, s, _NULL_STRING), pa.timestamp("us"))
        try:
            local = pc.assume_timezone(wall, tz, ambiguous="earliest", nonexistent="latest")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError):
            raise NotFastTypable from None
        parts.append(_cast(local, utc))
    return parts[0] if len(parts) == 1 else pc.coalesce(*parts)


def _dates(a: pa.Array) -> pa.Array:
    if pa.types.is_date32(a.type):
        return a
    s = _clean(a)
    if s.null_count == len(s):
        return pa.nulls(len(s), pa.date32())
    if _any(pc.and_(s.is_valid(), pc.invert(pc.fill_null(pc.match_substring_regex(s, _DATE_RE), False)))):
        raise NotFastTypable
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
            raise NotFastTypable
        s = pc.replace_substring_regex(pc.replace_substring_regex(s, r"\.0*$", ""), r"^\+", "")
        out = _cast(s, pa.int64())
    if out.null_count < len(out):
        lo, hi = pc.min_max(out).values()
        if lo.as_py() < 0 or hi.as_py() > _COUNT_LIMIT:
            raise NotFastTypable
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
            raise NotFastTypable
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
            raise NotFastTypable
        out = lowered
    return out


def _column(a: pa.Array, col, tz: str) -> pa.Array:
    if pa.types.is_dictionary(a.type) and col.type == "string" and pa.types.is_string(a.type.value_type):
        # Text read as a dictionary (streaming._dictionary_encoded): its values typed once each, then one string
        # per row. A value no row of the batch holds may send the batch to the exact typing (with the same result).
        values = _strings(a.dictionary, col)
        out = pa.DictionaryArray.from_arrays(a.indices, values).cast(values.type)
    elif pa.types.is_dictionary(a.type):
        return _column(a.cast(a.type.value_type), col, tz)
    elif col.type == "timestamp":
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
            raise NotFastTypable
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
    NotFastTypable
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
        acc = cols["account"]
        if pa.types.is_dictionary(acc.type):  # the account is checked, not kept: the values the rows hold suffice
            acc = acc.dictionary.take(pc.drop_null(pc.unique(acc.indices)))
        acc = _clean(acc)
        if _any(pc.and_(acc.is_valid(), pc.fill_null(pc.not_equal(acc, ctx.account), False))):
            raise NotFastTypable
    out = {"account": _constant(ctx.account, n, pa.string())}
    if "platform" in cols:
        plat = cols["platform"]
        if pa.types.is_dictionary(plat.type) and pa.types.is_string(plat.type.value_type):  # each value typed once
            values = _lower(_clean(plat.dictionary), spec.column("platform").choices)
            plat = pa.DictionaryArray.from_arrays(plat.indices, values).cast(values.type)
        else:
            plat = _lower(_clean(plat), spec.column("platform").choices)
        if ctx.platform is not None:
            if _any(pc.fill_null(pc.not_equal(plat, ctx.platform), False)):
                raise NotFastTypable
            plat = pc.fill_null(plat, ctx.platform)
        cols["platform"] = plat
    elif ctx.platform is not None:
        cols["platform"] = _constant(ctx.platform, n, pa.string())
    else:
        raise NotFastTypable  # type_table says the file has no platform column
    for col in spec.columns:
        if col.name == "account":
            continue
        if col.name in cols:
            out[col.name] = _column(cols[col.name], col, ctx.timezone)
        else:
            out[col.name] = _constant(col.default, n, col.arrow_type)
    schema = arrow_schema(spec)
    return pa.Table.from_arrays([out[c.name] for c in spec.columns], schema=schema)


def exact_typed(frame: pd.DataFrame, spec: TableSpec, ctx: LoadContext, path) -> pa.Table:
    """Type a frame (indexed by source row) with the whole-file loader's code and validate it."""
    from ..validate import validate_frame
    from .canonical_table import type_table

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


def typed_or_exact(raw, spec: TableSpec, ctx: LoadContext, path, first_row: int, to_frame) -> pa.Table:
    """Fast typing, else the whole-file loader's typing of this batch."""
    try:
        return type_batch(raw, spec, ctx)
    except NotFastTypable:
        frame = to_frame(raw)
        frame.index = pd.RangeIndex(first_row, first_row + len(frame), name="row")
        return exact_typed(frame, spec, ctx, path)
