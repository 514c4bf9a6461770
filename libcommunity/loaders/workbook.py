"""Excel workbooks (``.xlsx``, ``.xlsm``, ``.xls``) and OpenDocument sheets (``.ods``), read with python-calamine.

Platforms export some analytics as workbooks (LinkedIn Page exports are
binary ``.xls``; legacy Facebook Insights exports and many hand-kept lists
are ``.xlsx``). Every tabular loader reads them as it reads a CSV file: the
sheet is chosen by its content (the first sheet whose header the format
recognises), and every cell becomes the text a CSV export would hold, so the
loaders' parsing, number formats and error messages are the same.

Cells typed by the workbook are written as plain text: whole numbers without
separators (``1520``), other numbers with the decimal separator the file's
text cells use, dates and times as ISO 8601 (``2026-03-27 18:00:00``, read
in the account's timezone like any time without an offset), booleans as
``true``/``false``. A number of more than 15 significant digits (an id that
Excel turned into a number) is written as Excel shows it
(``1.79123456789012E+16``) so that loaders recover the id from the row's
permalink or refuse it, as they do for a CSV export.

Why python-calamine: it reads ``.xlsx``, ``.xls`` and ``.ods`` with one
maintained library (openpyxl reads ``.xlsx`` only) and was about ten times as
fast as openpyxl's read-only mode on the same workbooks (``python -m bench excel``;
figures in ``docs/performance.md``).
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = ["PREVIEW_ROWS", "Sheet", "workbook_kind", "preview_workbook", "read_sheet", "cell_text"]

#: Rows of each sheet kept for format detection (a header may sit under a few title rows).
PREVIEW_ROWS = 8


@dataclass(frozen=True)
class Sheet:
    """The head of one sheet: its name and first rows as text."""

    name: str
    rows: tuple


def workbook_kind(path, raw: bytes) -> str | None:
    """``"xlsx"``, ``"xls"`` or ``"ods"`` when the file's signature and content say it is a workbook, else None."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "content.xml" in names:
            return "ods"
    return None


def _open(path):
    import python_calamine

    from .cfb import check_compound_file

    check_compound_file(path)  # a binary .xls whose sector chains loop would make the reader exhaust memory
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged or protected files
        raise InputError(
            f"not a readable workbook ({type(exc).__name__}: {str(exc)[:100]}); if it is password-protected, "
            "save it without a password, or save the sheet as CSV",
            path=path,
        ) from None


def _rows(workbook, name: str, limit: int | None = None) -> list:
    try:
        sheet = workbook.get_sheet_by_name(name)
        return sheet.to_python(skip_empty_area=False, nrows=limit) if limit else sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise InputError(f"sheet {name!r} cannot be read ({type(exc).__name__}: {str(exc)[:100]})") from None


def preview_workbook(path) -> tuple:
    """The first :data:`PREVIEW_ROWS` rows of every sheet, as text (one :class:`Sheet` per sheet, in order)."""
    workbook = _open(path)
    out = []
    for name in workbook.sheet_names:
        try:
            rows = _rows(workbook, name, PREVIEW_ROWS)
        except InputError:
            rows = []
        out.append(Sheet(name, tuple(tuple(cell_text(c) for c in row) for row in rows)))
    return tuple(out)


def read_sheet(path, name: str) -> list:
    """Every row of sheet ``name`` with the cells as calamine types them (str, int, float, bool, date, datetime, ...).

    Raises
    ------
    InputError
        If the sheet cannot be read, or a cell holds more text than any
        input format accepts (:data:`~libcommunity.loaders.limits.MAX_FIELD_CHARS`).
    """
    from .limits import MAX_FIELD_CHARS

    try:
        rows = _rows(_open(path), name)
    except InputError as exc:
        raise InputError(exc.detail, path=path) from None
    for i, row in enumerate(rows, start=1):
        for j, cell in enumerate(row, start=1):
            if isinstance(cell, str) and len(cell) > MAX_FIELD_CHARS:
                raise InputError(
                    f"a cell of {len(cell):,} characters in column {j} of sheet {name!r}; cells of at most "
                    f"{MAX_FIELD_CHARS:,} characters are read (the same for every input format)",
                    path=path,
                    row=i,
                )
    return rows


def cell_text(value, decimal: str = ".") -> str:
    """A typed cell as the text a CSV export would hold (see the module docstring)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15:
            return f"{value:.14E}"
        return repr(value).replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds") if value.microsecond == 0 else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


def is_text_cell(value) -> bool:
    """Whether the workbook holds this cell as text (only text cells can tell a file's number format)."""
    return isinstance(value, str)


def display_path(path, sheet: str, n_sheets: int) -> str:
    """How errors name a cell's place: the file, and the sheet when the workbook has several."""
    return f"{Path(path)} [sheet {sheet!r}]" if n_sheets > 1 else str(path)
