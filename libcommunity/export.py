"""CSV that is safe to open in a spreadsheet, written atomically: the one implementation.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can be run as a formula by Excel, LibreOffice or Google Sheets (CSV
injection, OWASP); so can the full-width ``＝ ＋ － ＠`` that some input
methods type and some spreadsheet programs fold to their ASCII forms. Every
such cell gets a leading single quote, which spreadsheets show as text and
never evaluate; the csv module then quotes cells that need it (delimiters,
quotes, line breaks). Every cell is checked *after* formatting, column names
included, so a negative number (``-3``) is written as ``'-3``: no cell of the
file can start a formula.

Every CSV libcommunity writes for people goes through :func:`write_safe_csv`
(``segment --out``; :mod:`libcommunity.segments.csvsafe` re-exports it).
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "neutralise_csv_cell",
    "safe_csv_frame",
    "write_safe_csv",
    # older names of the same functions
    "FORMULA_PREFIXES",
    "neutralise_cell",
    "write_csv",
]

#: First characters that make a spreadsheet cell a formula (OWASP CSV injection, plus full-width forms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_csv_cell(value) -> str:
    """The text of one cell, with a leading ``'`` if it would start a formula.

    Missing values (None, NaN, NA, NaT) become the empty string; timestamps
    are written in ISO 8601; booleans as ``true``/``false``.

    Examples
    --------
    >>> neutralise_csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_csv_cell("@ana"), neutralise_csv_cell(-3), neutralise_csv_cell(0.5)
    ("'@ana", "'-3", '0.5')
    """
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        text = "true" if value else "false"
    elif isinstance(value, pd.Timestamp):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every cell (and column name) as neutralised text."""
    out = pd.DataFrame(
        {neutralise_csv_cell(c): [neutralise_csv_cell(v) for v in frame[c].tolist()] for c in frame.columns},
        index=range(len(frame)),
    )
    return out.astype(object)


def write_safe_csv(frame: pd.DataFrame, path, *, reveal: bool = False) -> Path:
    """Write ``frame`` as spreadsheet-safe UTF-8 CSV, atomically (temporary file, fsync, rename).

    Unless ``reveal``, contact details in text cells (e-mail addresses, phone
    numbers, links to a person's page) are redacted first
    (:func:`libcommunity.redact.redact_texts`). A failure leaves an existing
    file at ``path`` untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not reveal:
        from .redact import redact_texts

        frame = frame.copy()
        for col in frame.columns:
            if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col].dtype):
                frame[col] = redact_texts(frame[col])
    safe = safe_csv_frame(frame)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(list(safe.columns))
            writer.writerows(safe.itertuples(index=False, name=None))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# Older names (the module once had a second, laxer implementation): the same functions.
FORMULA_PREFIXES = FORMULA_STARTS
neutralise_cell = neutralise_csv_cell
write_csv = write_safe_csv
