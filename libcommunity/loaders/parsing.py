"""Turning exported text into typed columns, with errors that name the row.

Every function takes the column as strings (empty string or NA for "no
value"), the source file and column name, and the spreadsheet row number of
each value (the frame's index), so an error can say exactly where it is.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = [
    "blank",
    "parse_timestamps",
    "parse_dates",
    "parse_counts",
    "parse_bools",
    "parse_strings",
    "TRUE_VALUES",
    "FALSE_VALUES",
]

TRUE_VALUES = frozenset({"true", "True", "TRUE", "1"})
FALSE_VALUES = frozenset({"false", "False", "FALSE", "0"})
_OFFSET_RE = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)
_INT_RE = re.compile(r"^[+-]?\d+(\.0*)?$")


def blank(s: pd.Series) -> pd.Series:
    """Boolean mask of values that mean "no value": NA or only whitespace."""
    return s.isna() | s.astype("string").str.strip().eq("").fillna(True)


def _first_bad(mask: pd.Series, s: pd.Series):
    idx = mask[mask].index[0]
    return idx, s.loc[idx]


def parse_strings(s: pd.Series) -> pd.Series:
    """Strings with surrounding whitespace removed; blanks become NA."""
    out = s.astype("string").str.strip()
    return out.mask(out.eq(""), pd.NA)


def parse_timestamps(s: pd.Series, *, tz: str, path, column: str, required: bool = False, dayfirst: bool = False) -> pd.Series:
    """Parse timestamps to UTC.

    Values with an offset (``2025-10-03T14:05:00+02:00``, ``...Z``,
    ``2016-12-23 18:50 +0000``) keep it; values without one are read in the
    account's timezone ``tz``. Across DST changes a non-existent local time
    (the spring gap) moves forward to the first valid instant, and an
    ambiguous one (the autumn repeat) is taken as its first occurrence.

    Raises
    ------
    InputError
        Naming the first row that cannot be read, or is empty when ``required``.
    """
    text = s.astype("string").str.strip()
    empty = text.isna() | text.eq("")
    if required and empty.any():
        row, _ = _first_bad(empty, text)
        raise InputError("a timestamp is required here; the cell is empty", path=path, row=row, column=column)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us, UTC]")
    values = text[~empty]
    if values.empty:
        return out
    has_offset = values.str.contains(_OFFSET_RE, regex=True).fillna(False).astype(bool)
    aware = values[has_offset]
    naive = values[~has_offset]
    if len(aware):
        parsed = pd.to_datetime(aware, utc=True, errors="coerce", format="mixed", dayfirst=dayfirst)
        _raise_unparsed(parsed, aware, path, column)
        out.loc[aware.index] = parsed.astype("datetime64[us, UTC]")
    if len(naive):
        parsed = pd.to_datetime(naive, errors="coerce", format="mixed", dayfirst=dayfirst)
        _raise_unparsed(parsed, naive, path, column)
        local = parsed.dt.tz_localize(
            tz, nonexistent="shift_forward", ambiguous=np.ones(len(parsed), dtype=bool)
        )
        out.loc[naive.index] = local.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    return out


def _raise_unparsed(parsed: pd.Series, raw: pd.Series, path, column):
    bad = parsed.isna()
    if bad.any():
        row, value = _first_bad(bad, raw)
        raise InputError(
            f"expected a timestamp such as 2025-10-03T14:05:00+02:00; got {str(value)[:60]!r}",
            path=path,
            row=row,
            column=column,
        )


def parse_dates(s: pd.Series, *, path, column: str, required: bool = True, dayfirst: bool = False) -> pd.Series:
    """Parse calendar dates (``2025-10-03``) to naive midnight timestamps."""
    text = s.astype("string").str.strip()
    empty = text.isna() | text.eq("")
    if required and empty.any():
        row, _ = _first_bad(empty, text)
        raise InputError("a date is required here; the cell is empty", path=path, row=row, column=column)
    parsed = pd.to_datetime(text.where(~empty), errors="coerce", format="mixed", dayfirst=dayfirst)
    bad = parsed.isna() & ~empty
    if bad.any():
        row, value = _first_bad(bad, text)
        raise InputError(f"expected a date such as 2025-10-03; got {str(value)[:60]!r}", path=path, row=row, column=column)
    return parsed.dt.normalize().astype("datetime64[s]")


def parse_counts(s: pd.Series, *, path, column: str, thousands: str | None = None, decimal: str = ".") -> pd.Series:
    """Parse non-negative whole counts; blanks and ``-`` placeholders become NA.

    ``thousands`` and ``decimal`` describe the export's number format
    (``1,520`` / ``1.520`` / ``1 520``); ``1938.0`` is accepted as 1938.
    """
    text = s.astype("string").str.strip()
    empty = text.isna() | text.eq("") | text.isin(["-", "--", "–"])
    cleaned = text.where(~empty)
    if thousands:
        cleaned = cleaned.str.replace(thousands, "", regex=False)
    cleaned = cleaned.str.replace("\u00a0", "", regex=False).str.replace("\u202f", "", regex=False)
    if decimal != ".":
        cleaned = cleaned.str.replace(decimal, ".", regex=False)
    ok = cleaned.str.match(_INT_RE).fillna(False).astype(bool)
    bad = ~empty & ~ok
    if bad.any():
        row, value = _first_bad(bad, text)
        raise InputError(f"expected a whole number (a count); got {str(value)[:60]!r}", path=path, row=row, column=column)
    numbers = pd.to_numeric(cleaned.where(~empty), errors="coerce")
    negative = numbers < 0
    if negative.fillna(False).any():
        row, value = _first_bad(negative.fillna(False), text)
        raise InputError(f"expected a count of 0 or more; got {str(value)!r}", path=path, row=row, column=column)
    return numbers.round().astype("Int64")


def parse_bools(s: pd.Series, *, path, column: str, default=None) -> pd.Series:
    """Parse ``true/false/True/False/TRUE/FALSE/1/0``; blanks become ``default`` (NA if None)."""
    text = s.astype("string").str.strip()
    empty = text.isna() | text.eq("")
    truthy = text.isin(TRUE_VALUES).fillna(False).astype(bool)
    falsy = text.isin(FALSE_VALUES).fillna(False).astype(bool)
    bad = ~empty & ~truthy & ~falsy
    if bad.any():
        row, value = _first_bad(bad, text)
        raise InputError(f"expected true/false (or 1/0); got {str(value)[:60]!r}", path=path, row=row, column=column)
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[truthy] = True
    out[falsy] = False
    if default is not None:
        out = out.fillna(default)
    return out
