"""Building typed canonical tables from what a loader has parsed.

Loaders compute columns (pandas Series indexed by source row number, or
plain values per record); :func:`build_frame` and :func:`frame_from_records`
turn them into a frame with exactly the canonical columns and dtypes of
:mod:`libcommunity.schemas`, filling ``account``, ``platform`` and absent
optional columns with their defaults. Validation happens at ingest.
"""

from __future__ import annotations

import pandas as pd

from ..schemas import empty_frame, table_spec
from .base import LoadContext

__all__ = ["build_frame", "frame_from_records", "platform_of"]


def platform_of(ctx: LoadContext, inferred: str) -> str:
    """The platform of a file's rows: ``--platform`` overrides what the format implies."""
    return ctx.platform or inferred


def _cast(values: pd.Series, col) -> pd.Series:
    if col.type == "timestamp":
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            values = pd.to_datetime(values, utc=True)
        if getattr(values.dt, "tz", None) is None:
            values = values.dt.tz_localize("UTC")
        return values.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    if col.type == "count":
        return values.astype("Int64")
    if col.type == "bool":
        return values.astype("boolean")
    if col.type == "string":
        return values.astype("string")
    return values.astype(col.pandas_dtype)


def build_frame(table: str, index, ctx: LoadContext, platform: str, **columns) -> pd.DataFrame:
    """A canonical ``table`` over ``index`` from column values.

    Parameters
    ----------
    table : str
        Canonical table name.
    index : pandas.Index or sequence
        Source row numbers.
    ctx : LoadContext
        Gives the account.
    platform : str
        The rows' platform.
    **columns
        Canonical column name -> Series aligned on ``index`` or a scalar.
        Absent optional columns get their default (or null).
    """
    spec = table_spec(table)
    index = pd.Index(index, name="row")
    unknown = set(columns) - set(spec.column_names)
    if unknown:  # pragma: no cover - a loader bug, not bad input
        raise KeyError(f"not columns of {table}: {sorted(unknown)}")
    columns = {**columns, "account": ctx.account, "platform": platform}
    out = {}
    for col in spec.columns:
        value = columns.get(col.name, col.default)
        if isinstance(value, pd.Series):
            series = value.reindex(index) if not value.index.equals(index) else value
        else:
            series = pd.Series([value] * len(index), index=index, dtype=object)
            if value is None:
                series = pd.Series(pd.NA, index=index, dtype=col.pandas_dtype)
        if col.type == "timestamp" and series.isna().all():
            series = pd.Series(pd.NaT, index=index, dtype=col.pandas_dtype)
        out[col.name] = _cast(series, col)
    return pd.DataFrame(out, index=index)


def frame_from_records(table: str, records: list, ctx: LoadContext, platform: str) -> pd.DataFrame:
    """A canonical ``table`` from a list of dicts, each with a ``"_row"`` (source item number).

    Keys other than canonical columns and ``_row`` are ignored; timestamps may
    be ``pandas.Timestamp`` or ISO strings.
    """
    if not records:
        return empty_frame(table)
    spec = table_spec(table)
    index = [r["_row"] for r in records]
    columns = {}
    for col in spec.columns:
        if col.name in ("account", "platform"):
            continue
        if any(col.name in r for r in records):
            values = [r.get(col.name) for r in records]
            if col.type == "timestamp":
                series = pd.to_datetime(pd.Series(values, index=index, dtype=object), utc=True)
            else:
                empty = pd.NA if col.default is None else col.default
                series = pd.Series([empty if v is None else v for v in values], index=index, dtype=object)
            columns[col.name] = series
    return build_frame(table, pd.Index(index, name="row"), ctx, platform, **columns)
