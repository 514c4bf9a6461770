"""The cells of a spreadsheet file, shared by the CSV writer (:mod:`libcommunity.export`) and the workbook writer
(:mod:`libcommunity.export_xlsx`): the formula guard, how a column is written, numbers and times as text, contact
details redacted, and the atomic write of a file. The rules are those of :mod:`libcommunity.export`'s docstring.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "FORMULA_STARTS",
    "DEFAULT_DECIMALS",
    "needs_guard",
    "column_kind",
    "number_texts",
    "time_texts",
    "neutralise_csv_cell",
    "redacted",
    "write_atomically",
]

#: First characters that make a spreadsheet cell a formula (OWASP CSV injection, ASVS 1.2.10, full-width forms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: The one kind of cell starting with ``@`` that needs no guard: a whole handle (``@ana_lee``, ``@sören@mastodon.se``):
#: letters, digits and ``_`` of any script, ``.`` and ``-``, at most one more ``@``.
_HANDLE = re.compile(r"@\w[\w.-]*(@\w[\w.-]*)?\Z")
#: Digits of decimal columns the caller gave no rounding for.
DEFAULT_DECIMALS = 2


def needs_guard(text: str) -> bool:
    """Whether the text of a cell could start a formula (see the module docstring for the exact rule)."""
    return text.startswith(FORMULA_STARTS) and not _HANDLE.match(text)


def column_kind(s: pd.Series) -> str:
    """How a column is written: ``bool``, ``int``, ``float``, ``time``, ``text`` or ``mixed`` (cell by cell)."""
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "time"
    if isinstance(dtype, pd.StringDtype):
        return "text"
    inferred = pd.api.types.infer_dtype(s, skipna=True)
    return {"string": "text", "empty": "text", "boolean": "bool", "integer": "int"}.get(inferred, "mixed")


def number_texts(values: np.ndarray, digits: int | None, decimal: str) -> pa.Array:
    """Floats rounded to ``digits`` (None: whole numbers) as text with the locale's separator; NaN/inf empty."""
    v = np.asarray(values, dtype="float64")
    finite = np.isfinite(v)
    rounded = np.round(np.where(finite, v, 0.0), digits or 0) + 0.0  # + 0.0 turns -0.0 into 0.0
    if digits:
        texts = pc.cast(pa.array(rounded), pa.string())
    else:
        texts = pc.cast(pa.array(rounded.astype("int64")), pa.string())
    if decimal != ".":
        texts = pc.replace_substring(texts, ".", decimal)
    return pc.if_else(pa.array(finite), texts, "")


def time_texts(s: pd.Series) -> pa.Array:
    """Timestamps in ISO 8601 (with their UTC offset when they have one)."""
    if getattr(s.dt, "tz", None) is not None:
        text = s.dt.strftime("%Y-%m-%dT%H:%M:%S%z").str.replace(r"([+-]\d\d)(\d\d)$", r"\1:\2", regex=True)
    else:
        text = s.dt.strftime("%Y-%m-%dT%H:%M:%S")
    return pa.array(text.fillna(""), type=pa.string())


def neutralise_csv_cell(value, *, decimal: str = ".") -> str:
    """The text of one cell as the CSV writer writes it (before CSV quoting).

    Missing values (None, NaN, NA, NaT) become the empty string; timestamps
    are written in ISO 8601; booleans as ``true``/``false``; numbers as
    numbers (with ``decimal`` as separator, never guarded); text gets a
    leading ``'`` when :func:`needs_guard` says so.

    Examples
    --------
    >>> neutralise_csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_csv_cell("@ana"), neutralise_csv_cell("@SUM(A1)"), neutralise_csv_cell(-3), neutralise_csv_cell(0.5, decimal=",")
    ('@ana', "'@SUM(A1)", '-3', '0,5')
    """
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return number_texts(np.array([value]), DEFAULT_DECIMALS, decimal)[0].as_py()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value)
    return "'" + text if needs_guard(text) else text


def redacted(s: pd.Series, kind: str, reveal: bool) -> pd.Series:
    """Text cells with contact details redacted, unless ``reveal`` (other columns as they are)."""
    if reveal or kind not in ("text", "mixed"):
        return s
    from .redact import redact_texts

    return redact_texts(s)


def write_atomically(path: Path, write) -> Path:
    """Run ``write(binary file)`` into a temporary file beside ``path``, sync it and rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
