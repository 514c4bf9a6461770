"""Exports that are safe to open in a spreadsheet, written atomically.

OWASP "CSV injection": a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is read by spreadsheet programs as a formula. Every
text cell that starts so (also the full-width ``＝ ＋ － ＠``) is prefixed with
a single quote, which spreadsheets show as text and do not evaluate. Numbers
stay numbers.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "neutralise_cell", "safe_csv_frame", "write_csv"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise_cell(value):
    """Return ``value`` with a leading ``'`` if, as text, it could start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot start a formula."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_cell, na_action="ignore")
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path) -> Path:
    """Write ``frame`` as a spreadsheet-safe UTF-8 CSV, atomically (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            safe_csv_frame(frame).to_csv(fh, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
