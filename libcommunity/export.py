"""Lists for spreadsheets: CSV that opens right in Excel, LibreOffice and Google Sheets, and Excel workbooks.

The one writer of every file libcommunity writes for people (``segment --out``
and any list a command exports). What it guarantees:

* **Encoding and delimiter.** CSV files are UTF-8 with a byte-order mark (so
  Excel reads accents right) and use the delimiter a spreadsheet of the report
  language's locale expects: ``;`` where the decimal separator is a comma
  (Spanish of Spain, Swedish), ``,`` where it is a point (English, Spanish of
  Mexico). Numbers use the locale's decimal separator and no grouping, so the
  spreadsheet reads them as numbers. Lines end with CRLF; cells are quoted
  only when they hold the delimiter, a quote or a line break.
* **Numbers a reader needs.** Shares (0..1) are written as percentages with one
  decimal under a header ending in ``(%)``; other decimals are rounded
  (two digits unless the caller says otherwise); counts stay whole numbers.
* **No formula.** A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab,
  a carriage return or a NUL character (OWASP's CSV injection rule, and
  OWASP ASVS 1.2.10), or with the full-width ``＝ ＋ － ＠`` that some input
  methods type, gets a leading single quote, which spreadsheets show as text
  and never evaluate. Exactly one kind of such cell is left as it is: a whole
  cell that is a social-media handle, ``@`` followed only by letters, digits and
  ``_`` of any script, ``.`` and ``-`` (and at most one more ``@domain``, as on Mastodon):
  with no parenthesis, ``|``, ``!``, quote, space or operator other than ``-``
  it can call no function, reach no other file and start no DDE command.
  Cells of numeric columns are numbers (``-3`` is minus three, not a formula)
  and are written as such. Column names are checked like text.
* **Workbooks.** ``.xlsx`` files are written by XlsxWriter (:mod:`libcommunity.export_xlsx`), one sheet per list;
  every text cell is stored as a string (never as a formula), and cells the
  CSV rule would quote also carry Excel's "quote prefix" style, so that editing
  them later does not turn them into formulas either.
* **Contact details.** Unless ``reveal``, e-mail addresses, phone numbers and
  links to a person's page in text cells are redacted first
  (:func:`libcommunity.redact.redact_texts`).
* **Atomic.** Files are written to a temporary file beside the target, synced
  and renamed: a failure leaves an existing file untouched.

The CSV writer is vectorised (Arrow compute kernels build every line, two blocks of rows at once in threads), so a
list of a million members is written in about the time pandas ``to_csv`` needs
for the same frame (``python -m bench export``; docs/performance.md).
"""

from __future__ import annotations

import collections
import os
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import ParameterError
from .spreadsheet_cells import (
    DEFAULT_DECIMALS,
    FORMULA_STARTS,
    column_kind,
    needs_guard,
    neutralise_csv_cell,
    number_texts,
    redacted,
    time_texts,
    write_atomically,
)

__all__ = [
    "FORMULA_STARTS",
    "DEFAULT_DECIMALS",
    "EXCEL_MAX_ROWS",
    "needs_guard",
    "neutralise_csv_cell",
    "csv_dialect",
    "safe_csv_frame",
    "write_safe_csv",
    "write_xlsx",
    "write_lists",
]

#: :data:`FORMULA_STARTS` as a pattern of Arrow's RE2 engine (finds the cells the Python rule must look at).
_STARTS_RE2 = "^[" + "".join(f"\\x{{{ord(c):x}}}" for c in FORMULA_STARTS) + "]"
#: Rows converted at once (bounds the memory of a large list).
_CHUNK_ROWS = 1 << 18
_BOM = b"\xef\xbb\xbf"
_EOL = "\r\n"


# ---------------------------------------------------------------------- the formula guard
def _guard(arr: pa.Array) -> pa.Array:
    """``arr`` (strings, no nulls) with ``'`` before every cell that :func:`needs_guard`.

    Arrow finds the cells that start with a formula character; only those
    (a handful, or the handles) are judged by :func:`needs_guard` itself, so
    the rule has one definition.
    """
    risky = np.flatnonzero(pc.match_substring_regex(arr, _STARTS_RE2).to_numpy(zero_copy_only=False))
    if not len(risky):
        return arr
    judged = np.fromiter((needs_guard(t) for t in arr.take(pa.array(risky)).to_pylist()), dtype=bool, count=len(risky))
    if not judged.any():
        return arr
    mask = np.zeros(len(arr), dtype=bool)
    mask[risky[judged]] = True
    return pc.if_else(pa.array(mask), pc.binary_join_element_wise("'", arr, ""), arr)


# ---------------------------------------------------------------------- locale
def csv_dialect(lang: str = "en", timezone: str = "UTC") -> tuple[str, str]:
    """``(delimiter, decimal separator)`` of the spreadsheet of a report language and timezone.

    The locale is the report's (:func:`libcommunity.locales.locale_for`:
    ``es`` in Mexico City is ``es_MX``); its decimal separator comes from
    Babel's CLDR data, and the delimiter is ``;`` where that separator is a
    comma, as spreadsheets of those locales expect.

    Examples
    --------
    >>> csv_dialect("en"), csv_dialect("es"), csv_dialect("es", "America/Mexico_City"), csv_dialect("sv")
    ((',', '.'), (';', ','), (',', '.'), (';', ','))
    """
    from babel.numbers import get_decimal_symbol

    from .locales import locale_for

    decimal = get_decimal_symbol(locale_for(lang, timezone))
    return (";" if decimal == "," else ","), decimal


# ---------------------------------------------------------------------- cells as text
def _column_texts(s: pd.Series, *, decimal: str, percent: bool, digits: int | None, reveal: bool = True) -> pa.Array:
    """One column as the text of its cells (no nulls), redacted unless ``reveal``, guarded where needed."""
    kind = column_kind(s)
    s = redacted(s, kind, reveal)
    if percent:
        if kind not in ("int", "float"):
            raise ParameterError(f"column {s.name!r} must hold shares (numbers from 0 to 1) to be written as percentages")
        return number_texts(s.to_numpy(dtype="float64", na_value=np.nan) * 100.0, 1, decimal)
    if kind == "float":
        return number_texts(s.to_numpy(dtype="float64", na_value=np.nan), DEFAULT_DECIMALS if digits is None else digits, decimal)
    if kind == "int":
        return pc.fill_null(pc.cast(pa.array(s, type=pa.int64(), from_pandas=True), pa.string()), "")
    if kind == "bool":
        values = pa.array(s.astype("boolean"), type=pa.bool_(), from_pandas=True)
        return pc.fill_null(pc.if_else(values, "true", "false"), "")
    if kind == "time":
        return time_texts(s)
    if kind == "text":
        return _guard(pc.fill_null(pa.array(s, type=pa.string(), from_pandas=True), ""))
    return pa.array([neutralise_csv_cell(v, decimal=decimal) for v in s.tolist()], type=pa.string())  # mixed: cell by cell


def _header(frame: pd.DataFrame, percent) -> list[str]:
    names = []
    for c in frame.columns:
        name = f"{c} (%)" if c in percent else str(c)
        names.append("'" + name if needs_guard(name) else name)
    return names


def _check_columns(frame: pd.DataFrame, percent, decimals) -> None:
    unknown = [c for c in (*percent, *(decimals or {})) if c not in frame.columns]
    if unknown:
        raise ParameterError(f"columns {unknown} are not in the list; its columns are {list(map(str, frame.columns))}")


def safe_csv_frame(frame: pd.DataFrame, *, decimal: str = ".", percent=(), decimals: Mapping | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with every cell (and column name) as the text the CSV writer writes (before quoting)."""
    _check_columns(frame, percent, decimals)
    decimals = dict(decimals or {})
    data = {}
    for name, col in zip(_header(frame, percent), frame.columns):
        data[name] = _column_texts(frame[col], decimal=decimal, percent=col in percent, digits=decimals.get(col)).to_pylist()
    return pd.DataFrame(data, index=range(len(frame)), dtype=object)


# ---------------------------------------------------------------------- CSV
def _quote(arr: pa.Array, delimiter: str) -> pa.Array:
    """Cells quoted where they hold the delimiter, a quote or a line break (RFC 4180)."""
    if pa.types.is_string(arr.type) and len(delimiter) == 1 and ord(delimiter) < 128 and not arr.null_count and len(arr):
        # None of those ASCII bytes anywhere in the column's text (a UTF-8 character of several bytes holds no
        # ASCII byte): nothing to quote, found without looking at each cell.
        _, offsets, data = arr.buffers()
        bounds = np.frombuffer(offsets, dtype=np.int32)[arr.offset:arr.offset + len(arr) + 1]
        text = np.frombuffer(data, dtype=np.uint8)[bounds[0]:bounds[-1]] if data is not None else np.empty(0, np.uint8)
        special = np.zeros(256, dtype=bool)
        special[list((delimiter + '"\r\n').encode())] = True
        if not special[text].any():
            return arr
    special = pc.match_substring_regex(arr, "[" + re.escape(delimiter) + '"\r\n]')
    if not pc.any(special).as_py():
        return arr
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(special, quoted, arr)


def _never_quoted(s: pd.Series, decimal: str, delimiter: str) -> bool:
    """Whether no cell of ``s`` can need CSV quotes, by the column's kind alone.

    Booleans, timestamps and numbers are written with digits, letters, ``-``, ``+``, ``:`` and ``.``;
    numbers add the decimal separator (decimals, percentages). None of them is a quote or a line break,
    and the delimiter is never one of them (:func:`csv_dialect` never makes the decimal separator the
    delimiter; if a caller does, number columns are checked cell by cell).
    """
    kind = column_kind(s)
    return kind in ("bool", "time") or (kind in ("int", "float") and decimal not in (delimiter, '"', "\r", "\n"))


def _quote_text(text: str, delimiter: str) -> str:
    if any(ch in text for ch in (delimiter, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _in_threads(function, items):
    """``map(function, items)``, in order, with up to two items computed at once in threads (Arrow's kernels
    release the GIL): at most two results wait in memory."""
    import concurrent.futures

    items = list(items)
    if len(items) < 2 or (os.cpu_count() or 1) < 2:
        yield from map(function, items)
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="csv") as pool:
        pending = collections.deque(pool.submit(function, item) for item in items[:2])
        for item in items[2:]:
            yield pending.popleft().result()
            pending.append(pool.submit(function, item))
        while pending:
            yield pending.popleft().result()


def write_safe_csv(
    frame: pd.DataFrame,
    path,
    *,
    lang: str = "en",
    timezone: str = "UTC",
    percent=(),
    decimals: Mapping | None = None,
    reveal: bool = False,
    verbatim=(),
) -> Path:
    """Write ``frame`` as a spreadsheet-friendly, formula-safe CSV file, atomically.

    Parameters
    ----------
    frame : DataFrame
    path : path-like
    lang, timezone : str
        The report language and the account's timezone: they choose the
        delimiter and the decimal separator (:func:`csv_dialect`).
    percent : sequence of str
        Columns holding shares from 0 to 1, written as percentages with one
        decimal (header ``<name> (%)``).
    decimals : mapping of str to int, optional
        Digits of other decimal columns (default :data:`DEFAULT_DECIMALS`).
    reveal : bool
        Keep contact details in text cells (else they are redacted).
    verbatim : sequence of str
        Text columns never redacted (the library's own links, such as post URLs, whose paths a
        profile-link rule would take for a person's page); the formula guard still applies.

    Returns
    -------
    Path
    """
    path = Path(path)
    percent = tuple(percent)
    verbatim = frozenset(verbatim)
    _check_columns(frame, percent, decimals)
    decimals = dict(decimals or {})
    delimiter, decimal = csv_dialect(lang, timezone)
    header = delimiter.join(_quote_text(h, delimiter) for h in _header(frame, percent)) + _EOL
    columns = list(frame.columns)
    # The rows without the frame's attrs (none is written): pandas deep-copies them into every chunk and column
    # taken below (a member list's model selection: 0.15 s of CPU for a million rows). No data is copied.
    frame = pd.DataFrame(frame, copy=False)  # a new frame on the same columns, without attrs (copy() copies them)

    def lines_of(start: int) -> pa.Array:
        """The lines of the rows from ``start`` on (at most :data:`_CHUNK_ROWS`), each ending with CRLF."""
        part = frame.iloc[start:start + _CHUNK_ROWS]
        cells = []
        for c in columns:
            texts = _column_texts(part[c], decimal=decimal, percent=c in percent, digits=decimals.get(c),
                                  reveal=reveal or c in verbatim)
            cells.append(texts if _never_quoted(part[c], decimal, delimiter) else _quote(texts, delimiter))
        if len(cells) == 1:  # an empty cell alone would be a blank line, which readers skip: write it as ""
            cells[0] = pc.if_else(pc.equal(cells[0], ""), '""', cells[0])
        cells[-1] = pc.binary_join_element_wise(cells[-1], _EOL, "")  # the line's end, with its last cell
        return cells[0] if len(cells) == 1 else pc.binary_join_element_wise(*cells, delimiter)

    def write(fh):
        fh.write(_BOM + header.encode("utf-8"))
        if not columns:
            fh.write(_EOL.encode() * len(frame))
            return
        for lines in _in_threads(lines_of, range(0, len(frame), _CHUNK_ROWS)):
            # The lines lie one after another in the array's data buffer: write that span as it is.
            _, offsets, data = lines.buffers()
            bounds = np.frombuffer(offsets, dtype=np.int32)[lines.offset:lines.offset + len(lines) + 1]
            fh.write(memoryview(data)[int(bounds[0]):int(bounds[-1])])

    return write_atomically(path, write)


# ---------------------------------------------------------------------- one entry point
def write_lists(
    lists: Mapping[str, pd.DataFrame],
    path,
    *,
    lang: str = "en",
    timezone: str = "UTC",
    percent=(),
    decimals: Mapping | None = None,
    reveal: bool = False,
    verbatim=(),
) -> list[Path]:
    """Write named lists to ``path``: one workbook sheet each (``.xlsx``), or CSV (``.csv``).

    A CSV file holds one list: with several, each goes to ``<stem>-<name>.csv``
    beside ``path``. Returns the files written. ``verbatim`` names text
    columns that are never redacted (see :func:`write_safe_csv`).

    Raises
    ------
    ParameterError
        When ``path`` ends in neither ``.csv`` nor ``.xlsx``, is a directory,
        or a list does not fit an Excel sheet.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ParameterError(f"--out {path}: is a directory; expected a file path such as members.csv or members.xlsx")
    if suffix == ".xlsx":
        from .export_xlsx import write_xlsx

        return [write_xlsx(lists, path, percent=percent, decimals=decimals, reveal=reveal, verbatim=verbatim)]
    if suffix != ".csv":
        raise ParameterError(f"--out {path}: expected a file name ending in .csv or .xlsx; got {suffix or 'no extension'!r}")
    named = {*percent, *(decimals or {})}
    present = set().union(*(map(str, f.columns) for f in lists.values())) if lists else set()
    if named - present:
        raise ParameterError(f"columns {sorted(named - present)} are in none of the lists; their columns are {sorted(present)}")
    out = []
    for name, frame in lists.items():
        target = path if len(lists) == 1 else path.with_name(f"{path.stem}-{re.sub(r'[^A-Za-z0-9_-]+', '_', str(name))}{path.suffix}")
        out.append(write_safe_csv(frame, target, lang=lang, timezone=timezone, reveal=reveal, verbatim=verbatim,
                                  percent=[c for c in percent if c in frame.columns],
                                  decimals={k: v for k, v in (decimals or {}).items() if k in frame.columns}))
    return out


def __getattr__(name):
    """``write_xlsx`` and ``EXCEL_MAX_ROWS`` from :mod:`libcommunity.export_xlsx`, imported when first asked for (it needs this module)."""
    if name in ("write_xlsx", "EXCEL_MAX_ROWS"):
        from . import export_xlsx

        return getattr(export_xlsx, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
