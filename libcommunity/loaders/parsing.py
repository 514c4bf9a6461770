"""Turning exported text into typed columns, with errors that name the row.

Every function takes the column as strings (empty string or NA for "no
value"), the source file and column name, and the spreadsheet row number of
each value (the frame's index), so an error can say exactly where it is.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = [
    "flags",
    "blank",
    "decode_bytes",
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
# An offset is only an offset after a time of day: "2023-12-15" ends in "-15" but is a local date.
_OFFSET_RE = re.compile(
    r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)(?![\d:])", re.IGNORECASE
)
_INT_RE = re.compile(r"^[+-]?\d+(\.0*)?$")
#: The largest count accepted (2**53: the largest whole number a float holds exactly).
_EXACT_LIMIT = 2**53


def flags(s: pd.Series, predicate) -> pd.Series:
    """Boolean Series: ``predicate(value)`` for each non-missing value, False for missing ones."""
    return pd.Series(
        [False if (v is None or v is pd.NA or v is pd.NaT) else bool(predicate(v)) for v in s.tolist()],
        index=s.index,
        dtype=bool,
    )


def blank(s: pd.Series) -> pd.Series:
    """Boolean mask of values that mean "no value": NA or only whitespace."""
    return s.isna() | s.astype("string").str.strip().eq("").fillna(True)


def _first_bad(mask: pd.Series, s: pd.Series):
    idx = mask[mask].index[0]
    return idx, s.loc[idx]


def parse_strings(s: pd.Series, *, path=None, column: str | None = None) -> pd.Series:
    """Strings with surrounding whitespace removed; blanks become NA.

    Bytes (a Parquet ``binary`` column) are read as UTF-8; bytes that are not
    UTF-8 raise an :class:`InputError` naming the row and ``column``.
    """
    if s.dtype == object:
        s = decode_bytes(s, path=path, column=column)
    out = s.astype("string").str.strip()
    return out.mask(out.eq(""), pd.NA)


def decode_bytes(s: pd.Series, *, path=None, column: str | None = None) -> pd.Series:
    """``s`` with its ``bytes`` values decoded as UTF-8 (other values as they are)."""
    is_bytes = s.map(lambda v: isinstance(v, (bytes, bytearray)))
    if not is_bytes.any():
        return s
    out = s.copy()
    for idx in is_bytes[is_bytes].index:
        try:
            out.loc[idx] = bytes(s.loc[idx]).decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("expected text in UTF-8; got bytes that are not", path=path, row=idx, column=column) from None
    return out


#: A date written year first (``2026-10-03``, ``2026/10/03``): never day-first, whatever the export's language.
_YEAR_FIRST_RE = re.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def _to_datetime(values: pd.Series, *, dayfirst: bool, **kwargs) -> pd.Series:
    """``pd.to_datetime`` where ``dayfirst`` applies only to dates not written year first.

    pandas reads ``2026-10-03`` as 10 March with ``dayfirst=True``; a year-first
    date is always year, month, day (ISO 8601 and every export that writes the
    year first).
    """
    if not dayfirst:
        return pd.to_datetime(values, format="mixed", dayfirst=False, **kwargs)
    year_first = values.str.contains(_YEAR_FIRST_RE, regex=True).fillna(False).astype(bool)
    if not year_first.any():
        return pd.to_datetime(values, format="mixed", dayfirst=True, **kwargs)
    if year_first.all():
        return pd.to_datetime(values, format="mixed", dayfirst=False, **kwargs)
    a = pd.to_datetime(values[year_first], format="mixed", dayfirst=False, **kwargs)
    b = pd.to_datetime(values[~year_first], format="mixed", dayfirst=True, **kwargs)
    return pd.concat([a, b]).reindex(values.index)


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
        parsed = _to_datetime(aware, utc=True, errors="coerce", dayfirst=dayfirst)
        _raise_unparsed(parsed, aware, path, column)
        out.loc[aware.index] = parsed.astype("datetime64[us, UTC]")
    if len(naive):
        try:
            parsed = _to_datetime(naive, errors="coerce", dayfirst=dayfirst)
        except (ValueError, TypeError):  # some value the parser read with an offset of its own
            parsed = None
        if parsed is None or getattr(parsed.dt, "tz", None) is not None:
            _raise_stray_offset(naive, path, column, dayfirst)
        _raise_unparsed(parsed, naive, path, column)
        local = parsed.dt.tz_localize(
            tz, nonexistent="shift_forward", ambiguous=np.ones(len(parsed), dtype=bool)
        )
        out.loc[naive.index] = local.dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    return out


def _raise_stray_offset(values: pd.Series, path, column, dayfirst: bool):
    """Refuse the first value a parser would read with a time zone that is not after a time (``18-00``)."""
    for idx, value in values.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ts = pd.to_datetime(value, dayfirst=dayfirst)
        except (ValueError, TypeError, OverflowError):
            ts = None
        if ts is None or ts is pd.NaT or ts.tzinfo is not None:
            raise InputError(
                f"expected a timestamp such as 2025-10-03T14:05:00+02:00; got {str(value)[:60]!r}",
                path=path,
                row=idx,
                column=column,
            )
    raise InputError("expected timestamps of one kind (with or without a UTC offset)", path=path, column=column)  # pragma: no cover


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
    parsed = _to_datetime(text.where(~empty), errors="coerce", dayfirst=dayfirst)
    # A year before 1 (pandas reads "-0.5" as May of year 0) is no calendar date.
    bad = (parsed.isna() | parsed.dt.year.lt(1).fillna(False).astype(bool)) & ~empty
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
    # Beyond 2**53 the value is no longer exact (and beyond 2**63 it would wrap around): no export counts that high.
    huge = numbers > _EXACT_LIMIT
    if huge.fillna(False).any():
        row, value = _first_bad(huge.fillna(False), text)
        raise InputError(
            f"expected a count of at most {_EXACT_LIMIT:,}; got {str(value)[:40]!r}", path=path, row=row, column=column
        )
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


# --------------------------------------------------------------------------- localized dates
#: Month names and abbreviations (accents removed, lower case) -> English abbreviation.
_MONTHS = {
    # Spanish
    "enero": "Jan", "ene": "Jan", "febrero": "Feb", "feb": "Feb", "marzo": "Mar", "mar": "Mar",
    "abril": "Apr", "abr": "Apr", "mayo": "May", "may": "May", "junio": "Jun", "jun": "Jun",
    "julio": "Jul", "jul": "Jul", "agosto": "Aug", "ago": "Aug", "septiembre": "Sep", "setiembre": "Sep",
    "sept": "Sep", "sep": "Sep", "set": "Sep", "octubre": "Oct", "oct": "Oct", "noviembre": "Nov", "nov": "Nov",
    "diciembre": "Dec", "dic": "Dec",
    # Swedish
    "januari": "Jan", "jan": "Jan", "februari": "Feb", "mars": "Mar", "april": "Apr", "apr": "Apr",
    "maj": "May", "juni": "Jun", "juli": "Jul", "augusti": "Aug", "aug": "Aug", "september": "Sep",
    "oktober": "Oct", "okt": "Oct", "november": "Nov", "december": "Dec", "dec": "Dec",
    # English (full names and abbreviations pass through)
    "january": "Jan", "february": "Feb", "march": "Mar", "june": "Jun", "july": "Jul", "august": "Aug",
    "october": "Oct",
}
#: Weekday names that may lead a date ("Tue, Jul 14, 2026", "mar, 14 jul 2026", "tis 14 juli 2026").
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    "|lunes|martes|miercoles|jueves|viernes|sabado|domingo|lun|mar|mie|jue|vie|sab|dom"
    "|mandag|tisdag|onsdag|torsdag|fredag|lordag|sondag|man|tis|ons|tor|tors|fre|lor|son"
)
_EN_MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
_WEEKDAY_RE = re.compile(rf"^(?:{_WEEKDAYS})\.?,?\s+(?=\d|[a-z])", re.IGNORECASE)
_MONTH_WORD_RE = re.compile(r"[a-z]+\.?", re.IGNORECASE)
_NUMERIC_DATE_RE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})\b")


def _strip_accents(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def translate_date_text(text: str) -> str:
    """Rewrite a date written with Spanish or Swedish words so that an English parser reads it.

    >>> translate_date_text("mar, 14 jul. 2026")
    '14 Jul 2026'
    >>> translate_date_text("15 de diciembre de 2023 10:30")
    '15 Dec 2023 10:30'
    """
    t = _form_time(_strip_accents(str(text)).strip())
    rest = _WEEKDAY_RE.sub("", t, count=1)
    # "Mar 15, 2023" is March, "mar, 14 jul 2026" is a Tuesday: drop a leading weekday only when
    # what is left still names a month or is a numeric date.
    if rest != t and (_NUMERIC_DATE_RE.match(rest) or re.match(r"^\d{4}-\d{2}-\d{2}", rest) or any(
        w.rstrip(".").lower() in _MONTHS or w.rstrip(".").lower() in _EN_MONTHS for w in _MONTH_WORD_RE.findall(rest)
    )):
        t = rest
    t = re.sub(r"\bde\b", " ", t, flags=re.IGNORECASE)  # "15 de dic. de 2023"
    t = re.sub(r"\bkl\.?\s*", " ", t, flags=re.IGNORECASE)  # Swedish "kl. 14.05"

    def month(m):
        word = m.group(0).rstrip(".").lower()
        return _MONTHS.get(word, m.group(0).rstrip(".") if word in ("am", "pm", "utc", "gmt", "z", "t") else m.group(0))

    t = _MONTH_WORD_RE.sub(month, t)
    t = re.sub(r"(\d{1,2})\.(\d{2})(?=(\.\d{2})?\s*$)", r"\1:\2", t) if re.search(r"\s\d{1,2}\.\d{2}(\.\d{2})?\s*$", t) else t
    return re.sub(r"\s+", " ", t).strip(" ,")


_AMPM_RE = re.compile(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?(?![a-z])", re.IGNORECASE)
_GMT_RE = re.compile(r"\s*\b(?:GMT|UTC)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?\s*$", re.IGNORECASE)


def _form_time(text: str) -> str:
    """A form tool's time in 24-hour form with a numeric offset.

    Google Forms and Microsoft Forms write ``2021/06/11 7:04:48 AM GMT+7``,
    ``11/06/2021 19:04:48 GMT+02:00`` or ``6/11/21 7:04:48 p. m.``: the
    twelve-hour clock becomes 24-hour and ``GMT+7`` becomes ``+07:00``.

    >>> _form_time("2021/06/11 7:04:48 PM GMT+7")
    '2021/06/11 19:04:48+07:00'
    >>> _form_time("11/06/2021 7:04:48 a. m. GMT-3:30")
    '11/06/2021 07:04:48-03:30'
    """

    def clock(m):
        hour, minute, second, half = int(m.group(1)), m.group(2), m.group(3) or "00", m.group(4).lower()
        if hour > 12:
            return m.group(0)
        hour = hour % 12 + (12 if half == "p" else 0)
        return f"{hour:02d}:{minute}:{second}"

    out = _AMPM_RE.sub(clock, text)
    gmt = _GMT_RE.search(out)
    if gmt and re.search(r"\d:\d{2}", out[: gmt.start()]):
        sign, hours, minutes = gmt.group(1) or "+", gmt.group(2) or "0", gmt.group(3) or "00"
        out = f"{out[: gmt.start()].rstrip()}{sign}{int(hours):02d}:{minutes}"
    return out


def infer_dayfirst(values, *, default: bool = False, path=None, column: str | None = None) -> bool:
    """Whether numeric dates in ``values`` are day-first (``27/03/2026``) or month-first (``03/27/2026``).

    A first number above 12 means day-first, a second number above 12 means
    month-first; when no value decides, ``default`` (the export's language
    convention) is used.

    Raises
    ------
    InputError
        If both orders occur in one column.
    """
    day_first = month_first = None
    for v in values:
        if v is None or v is pd.NA:
            continue
        m = _NUMERIC_DATE_RE.match(str(v))
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 and b <= 12:
            day_first = day_first or v
        elif b > 12 and a <= 12:
            month_first = month_first or v
    if day_first is not None and month_first is not None:
        raise InputError(
            f"dates are written both day-first ({day_first!r}) and month-first ({month_first!r}); "
            "expected one order for the whole column",
            path=path,
            column=column,
        )
    if day_first is not None:
        return True
    if month_first is not None:
        return False
    return default


def parse_local_timestamps(
    s: pd.Series, *, tz: str, path, column: str, required: bool = False, dayfirst: bool | None = None, lang: str = "en"
) -> pd.Series:
    """Parse timestamps or dates written as people and exports write them, to UTC.

    Accepts everything :func:`parse_timestamps` accepts plus month names in
    English, Spanish and Swedish (``Dec 15, 2023``, ``15 dic. 2023``,
    ``Tue, Jul 14, 2026``, ``15 dec. 2023``) and numeric dates whose order
    (day-first or month-first) is inferred from the column, falling back to
    the export language's convention (month-first for English, day-first for
    Spanish and Swedish). Values without an offset are read in ``tz``; a date
    without a time is midnight in ``tz``.
    """
    text = s.astype("string")
    translated = text.map(translate_date_text, na_action="ignore").astype("string")
    if dayfirst is None:
        dayfirst = infer_dayfirst(translated.dropna().tolist(), default=lang != "en", path=path, column=column)
    try:
        return parse_timestamps(translated, tz=tz, path=path, column=column, required=required, dayfirst=dayfirst)
    except InputError as exc:
        if exc.row is not None and exc.row in s.index and "expected a timestamp" in exc.detail:
            raise InputError(
                f"expected a date or timestamp such as 2025-10-03 14:05 or Oct 3, 2025; got {str(s.loc[exc.row])[:60]!r}",
                path=path,
                row=exc.row,
                column=column,
            ) from None
        raise
