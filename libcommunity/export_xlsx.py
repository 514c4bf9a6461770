"""Excel workbooks of lists: one sheet per list, formula-safe, atomically (the ``.xlsx`` side of :mod:`libcommunity.export`).

Every cell follows the rules of :mod:`libcommunity.export`: numbers are
numbers, text is always stored as text (never as a formula), cells the CSV
rule would quote also carry Excel's quote-prefix style, and contact details in
texts are redacted unless ``reveal``. :func:`write_xlsx` is also importable
from :mod:`libcommunity.export`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from .errors import ParameterError
from .spreadsheet_cells import DEFAULT_DECIMALS, column_kind, needs_guard, neutralise_csv_cell, redacted, time_texts, write_atomically

__all__ = ["EXCEL_MAX_ROWS", "write_xlsx"]

#: Rows of an Excel sheet (the header takes one).
EXCEL_MAX_ROWS = 1_048_576


def _sheet_name(name: str, taken: set) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "_", str(name)).strip() or "list"
    base = base[:31]
    candidate, i = base, 2
    while candidate.lower() in taken:
        suffix = f" ({i})"
        candidate, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(candidate.lower())
    return candidate


def _xlsx_column(s: pd.Series, percent: bool, digits: int, pct_format, formats, reveal: bool) -> tuple:
    """``(kind, values, format)`` of one column of a sheet: numbers, booleans or texts (None where empty)."""
    kind = column_kind(s)
    s = redacted(s, kind, reveal)
    if percent or kind == "float":
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        return ("number", np.round(values, 3) + 0.0, pct_format) if percent else ("number", np.round(values, digits) + 0.0, formats[digits])
    if kind == "int":
        return "number", s.to_numpy(dtype="float64", na_value=np.nan), None
    if kind == "bool":
        return "bool", s.astype("boolean").tolist(), None
    if kind == "time":
        return "text", [t or None for t in time_texts(s).to_pylist()], None
    if kind == "mixed":
        return "text", [None if pd.api.types.is_scalar(v) and pd.isna(v) else v if isinstance(v, str) else neutralise_csv_cell(v)
                        for v in s.tolist()], None
    return "text", s.astype(object).where(s.notna(), None).tolist(), None


def write_xlsx(
    lists: Mapping[str, pd.DataFrame], path, *, percent=(), decimals: Mapping | None = None, reveal: bool = False,
    verbatim=(),
) -> Path:
    """Write each list as one sheet of an Excel workbook (XlsxWriter), formula-safe, atomically.

    Numbers are numbers (shares as fractions shown with Excel's ``0.0%``
    format, other decimals rounded as in the CSV), text is always stored as
    text; cells the CSV rule would quote get the quote-prefix style.
    ``percent`` and ``decimals`` name columns of any list; contact details
    in texts are redacted unless ``reveal``, except in the ``verbatim`` columns
    (see :func:`write_safe_csv`).
    """
    import xlsxwriter

    path = Path(path)
    percent = tuple(percent)
    decimals = dict(decimals or {})
    for name, frame in lists.items():
        if len(frame) >= EXCEL_MAX_ROWS:
            raise ParameterError(
                f"{path}: the list {name!r} has {len(frame):,} rows; an Excel sheet holds at most {EXCEL_MAX_ROWS - 1:,} "
                "below its header; write a .csv file instead"
            )

    def write(fh):
        book = xlsxwriter.Workbook(fh, {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False, "nan_inf_to_errors": False})
        bold = book.add_format({"bold": True})
        quoted = book.add_format({"quote_prefix": True})
        pct = book.add_format({"num_format": "0.0%"})
        formats = {d: book.add_format({"num_format": "0." + "0" * d if d else "0"}) for d in range(0, 10)}
        taken: set = set()
        for name, frame in lists.items():
            sheet = book.add_worksheet(_sheet_name(name, taken))
            columns = list(frame.columns)
            for j, c in enumerate(columns):
                title = f"{c} (%)" if c in percent else str(c)
                sheet.write_string(0, j, title, quoted if needs_guard(title) else bold)
            prepared = [_xlsx_column(frame[c], c in percent, decimals.get(c, DEFAULT_DECIMALS), pct, formats,
                                     reveal or c in verbatim) for c in columns]
            for i in range(len(frame)):
                row = i + 1
                for j, (kind, values, fmt) in enumerate(prepared):
                    v = values[i]
                    if v is None or v is pd.NA or (isinstance(v, float) and not np.isfinite(v)):
                        continue
                    if kind == "number":
                        sheet.write_number(row, j, float(v), fmt)
                    elif kind == "bool":
                        sheet.write_boolean(row, j, bool(v))
                    else:
                        text = str(v)
                        sheet.write_string(row, j, text, quoted if needs_guard(text) else None)
            sheet.freeze_panes(1, 0)
        book.close()

    return write_atomically(path, write)
