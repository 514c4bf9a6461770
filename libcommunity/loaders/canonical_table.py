"""The canonical tables as files hold them: which table a header is, comment rows, and typing a table's text.

Shared by the whole-file loaders of :mod:`libcommunity.loaders.canonical` and
the batched reader of :mod:`libcommunity.loaders.streaming` (see
docs/canonical.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schemas import TABLES, TableSpec
from .base import LoadContext
from .parsing import decode_bytes, parse_bools, parse_counts, parse_dates, parse_strings, parse_timestamps

__all__ = ["match_table", "type_table", "COMMENT", "COMMENT_REASON", "comment_column", "comment_rows", "skip_comments",
           "CONTEXT_COLUMNS"]


#: Columns a canonical file may leave out because ``--account``/``--platform`` supply them.
CONTEXT_COLUMNS = frozenset({"account", "platform"})
#: A CSV data row whose first cell starts with this is a comment (skipped and counted).
COMMENT = "#"
#: Free-text columns: a value there may start with ``#`` (a hashtag), so a file that starts with one has no comments.
_FREE_TEXT = frozenset({"text"})


def comment_column(header) -> str | None:
    """The column whose cells mark comment rows (the file's first), or None when it holds free text."""
    names = [str(c).strip() for c in header]
    return names[0] if names and names[0] not in _FREE_TEXT else None


def comment_rows(cells: pd.Series) -> pd.Series:
    """Which rows are comments, from the cells of :func:`comment_column` (strings)."""
    return cells.astype("string").str.lstrip().str.startswith(COMMENT).fillna(False).astype(bool)


#: Why comment rows are skipped, as the ingest summary says it.
COMMENT_REASON = f"commented out (the first cell starts with {COMMENT}, as in a template's example row)"


def skip_comments(raw: pd.DataFrame, skipped: dict) -> pd.DataFrame:
    """``raw`` (cells as text, indexed by source row) without its comment rows, which go to ``skipped``."""
    marker = comment_column(raw.columns)
    if marker is None or not len(raw):
        return raw
    comments = comment_rows(raw[marker])
    if comments.any():
        skipped.setdefault(COMMENT_REASON, []).extend(int(r) for r in raw.index[comments.to_numpy()])
        raw = raw[~comments.to_numpy()]
    return raw


def match_table(columns) -> TableSpec | None:
    """The canonical table whose header ``columns`` is, or None.

    The header must hold the table's required columns (``account`` and
    ``platform`` may be left out) and nothing outside the table's columns.
    """
    cols = {str(c).strip() for c in columns}
    for spec in TABLES.values():
        required = set(spec.required_names) - CONTEXT_COLUMNS
        if required <= cols <= set(spec.column_names) and len(cols - CONTEXT_COLUMNS) > 0:
            return spec
    return None


def _closest_table(columns) -> tuple[TableSpec, list, list]:
    cols = {str(c).strip() for c in columns}

    def score(spec):
        return len(cols & set(spec.column_names)) - len(cols - set(spec.column_names))

    spec = max(TABLES.values(), key=score)
    missing = [c for c in spec.required_names if c not in cols]
    extra = sorted(cols - set(spec.column_names))
    return spec, missing, extra


def _type_column(s: pd.Series, col, *, path, tz: str) -> pd.Series:
    name = col.name
    if s.dtype == object:  # bytes of a Parquet binary column: text only if they are UTF-8
        s = decode_bytes(s, path=path, column=name)
    if col.type == "timestamp":
        if pd.api.types.is_datetime64_any_dtype(s):
            if getattr(s.dt, "tz", None) is None:
                s = s.dt.tz_localize(tz, nonexistent="shift_forward", ambiguous=np.ones(len(s), dtype=bool))
            out = s.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
            if not col.nullable and out.isna().any():
                row = out[out.isna()].index[0]
                raise InputError("a timestamp is required here; the cell is empty", path=path, row=row, column=name)
            return out
        return parse_timestamps(s, tz=tz, path=path, column=name, required=not col.nullable)
    if col.type == "date":
        if pd.api.types.is_datetime64_any_dtype(s):
            return s.dt.tz_localize(None).dt.normalize().astype("datetime64[s]") if getattr(s.dt, "tz", None) else s.dt.normalize().astype("datetime64[s]")
        return parse_dates(s.astype("string"), path=path, column=name, required=not col.nullable)
    if col.type == "count":
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            return parse_counts(s.astype("Float64").astype("string"), path=path, column=name)
        return parse_counts(s, path=path, column=name)
    if col.type == "bool":
        if pd.api.types.is_bool_dtype(s):
            out = s.astype("boolean")
            return out.fillna(col.default) if col.default is not None else out
        return parse_bools(s.astype("string"), path=path, column=name, default=col.default)
    out = parse_strings(s, path=path, column=name)
    if col.choices:
        lowered = out.str.lower()
        bad = out.notna() & ~lowered.isin(col.choices).fillna(False).astype(bool)
        if bad.any():
            row = bad[bad].index[0]
            raise InputError(
                f"expected one of {', '.join(col.choices)}; got {str(out.loc[row])[:40]!r}",
                path=path,
                row=row,
                column=name,
            )
        out = lowered
    if not col.nullable:
        missing = out.isna()
        if col.default is not None:
            out = out.fillna(col.default)
        elif missing.any():
            row = missing[missing].index[0]
            raise InputError("a value is required here; the cell is empty", path=path, row=row, column=name)
    return out


def type_table(raw: pd.DataFrame, spec: TableSpec, *, path, ctx: LoadContext) -> pd.DataFrame:
    """Type a frame of canonical columns (strings or typed) per ``spec``.

    Fills ``account`` (checking it agrees with ``ctx.account`` where present)
    and ``platform`` (``ctx.platform`` overrides, and must agree with a
    filled column), adds absent optional columns, and returns the columns in
    canonical order with canonical dtypes.
    """
    frame = raw.copy()
    n = len(frame)
    if "account" in frame.columns:
        acc = parse_strings(frame["account"].astype("string"))
        bad = acc.notna() & acc.ne(ctx.account)
        if bad.fillna(False).any():
            row = bad[bad.fillna(False)].index[0]
            raise InputError(
                f"every row must belong to account {ctx.account!r} (given with --account); got {acc.loc[row]!r}",
                path=path,
                row=row,
                column="account",
            )
    frame["account"] = pd.Series([ctx.account] * n, index=frame.index, dtype="string")
    if "platform" in frame.columns:
        plat = parse_strings(frame["platform"].astype("string")).str.lower()
        if ctx.platform is not None:
            bad = plat.notna() & plat.ne(ctx.platform)
            if bad.fillna(False).any():
                row = bad[bad.fillna(False)].index[0]
                raise InputError(
                    f"platform must be {ctx.platform!r} (given with --platform); got {plat.loc[row]!r}",
                    path=path,
                    row=row,
                    column="platform",
                )
        frame["platform"] = plat.fillna(ctx.platform) if ctx.platform else plat
    elif ctx.platform is not None:
        frame["platform"] = ctx.platform
    else:
        raise InputError(
            "the file has no platform column; add one or give --platform", path=path, column="platform"
        )
    out = {}
    for col in spec.columns:
        if col.name in frame.columns:
            out[col.name] = _type_column(frame[col.name], col, path=path, tz=ctx.timezone)
        else:
            value = col.default if col.default is not None else pd.NA
            out[col.name] = pd.Series([value] * n, index=frame.index).astype(col.pandas_dtype)
    return pd.DataFrame(out, index=frame.index)
