"""Numbers as spreadsheet programs write them: decimal comma, thousands separators.

An export saved in Spain or Sweden writes ``1.520`` or ``1 520`` for one
thousand five hundred and twenty and ``5,19`` for five point one nine; one
saved in the United States writes ``1,520`` and ``5.19``. The format is a
property of the file, so :func:`detect_number_format` looks at every numeric
cell of the file at once and :func:`parse_count_column` reads a column with
the format found.

Rules of :func:`detect_number_format`, in order:

1. a cell with both ``.`` and ``,`` (``1.520,5`` / ``1,520.5``): the last one
   is the decimal separator;
2. a separator followed by other than exactly three digits (``5,19``,
   ``1938.0``, ``0.0092``) is a decimal separator;
3. a separator repeated in one cell (``1.234.567``) is a thousands separator;
4. otherwise (only ``1,520``-like cells or plain integers): the decimal
   separator is ``,`` when the file is delimited by ``;`` or its headers are
   Spanish or Swedish (the European conventions), and ``.`` otherwise.

Spaces, no-break spaces and thin spaces are always thousands separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError

__all__ = ["MAX_COUNT", "NumberFormat", "detect_number_format", "parse_count_column"]

_SPACES = ("\u00a0", "\u202f", "\u2009", " ", "'")
_BOTH = re.compile(r"^[+-]?\d[\d.,]*[.,]\d+$")
_ONE_SEP = re.compile(r"^[+-]?\d+([.,])(\d+)$")
_REPEATED = re.compile(r"^[+-]?\d{1,3}([.,])\d{3}(\1\d{3})+$")


@dataclass(frozen=True)
class NumberFormat:
    """How a file writes numbers.

    Attributes
    ----------
    decimal : str
        ``"."`` or ``","``.
    thousands : str
        The other of the two (spaces are always accepted as well).
    evidence : str
        Why this format was chosen, for messages.
    """

    decimal: str = "."
    evidence: str = "default"

    @property
    def thousands(self) -> str:
        return "," if self.decimal == "." else "."


def _strip_spaces(text: str) -> str:
    for sp in _SPACES:
        text = text.replace(sp, "")
    return text


def detect_number_format(values, *, delimiter: str = ",", lang: str = "en") -> NumberFormat:
    """The number format of a file from its numeric cells.

    Parameters
    ----------
    values : iterable of str
        The cells of the file's numeric columns (blanks and placeholders are ignored).
    delimiter : str
        The file's field delimiter, used when the cells do not decide.
    lang : str
        The language of the file's headers, used when neither decides.

    Returns
    -------
    NumberFormat
    """
    comma = point = 0
    example = {",": None, ".": None}
    for raw in values:
        if raw is None or raw is pd.NA:
            continue
        text = _strip_spaces(str(raw).strip().rstrip("%").strip())
        if not text or not text[-1].isdigit():
            continue
        if "," in text and "." in text and _BOTH.match(text):
            dec = "," if text.rfind(",") > text.rfind(".") else "."
        elif _REPEATED.match(text):
            dec = "." if _REPEATED.match(text).group(1) == "," else ","
        else:
            m = _ONE_SEP.match(text)
            if not m or len(m.group(2)) == 3:
                continue
            dec = m.group(1)
        if dec == ",":
            comma += 1
            example[","] = example[","] or text
        else:
            point += 1
            example["."] = example["."] or text
    if comma > point:
        return NumberFormat(",", f"decimal comma (e.g. {example[',']!r})")
    if point > comma:
        return NumberFormat(".", f"decimal point (e.g. {example['.']!r})")
    if delimiter == ";":
        return NumberFormat(",", "decimal comma (the file is delimited by ';')")
    if lang in ("es", "sv"):
        return NumberFormat(",", f"decimal comma (the headers are in {'Spanish' if lang == 'es' else 'Swedish'})")
    return NumberFormat(".", "decimal point (default)")


def _normalize(value, fmt: NumberFormat):
    if value is None or value is pd.NA:
        return pd.NA
    text = str(value).strip()
    for sp in _SPACES:
        text = text.replace(sp, "")
    text = text.replace(fmt.thousands, "")
    if fmt.decimal != ".":
        text = text.replace(fmt.decimal, ".")
    return text


#: The largest count the store holds (a 64-bit integer).
MAX_COUNT = 2**63 - 1
_PLACEHOLDERS = frozenset({"", "-", "--", "\u2013", "\u2014", "n/a", "N/A", "NA"})
_WHOLE = re.compile(r"^\+?(\d+)(?:\.0*)?$")


def parse_count_column(s: pd.Series, fmt: NumberFormat, *, path, column: str) -> pd.Series:
    """Parse a column of counts written in number format ``fmt``.

    Blanks and placeholders (``-``, ``--``, ``n/a``) become NA; ``1938.0``
    (or ``1938,0``) is 1938.

    Raises
    ------
    InputError
        Naming the first row whose value is not a whole non-negative number,
        and the number format the file was read with.
    """
    out = []
    for idx, value in zip(s.index, s.tolist()):
        if value is None or value is pd.NA or str(value).strip() in _PLACEHOLDERS:
            out.append(pd.NA)
            continue
        m = _WHOLE.match(_normalize(value, fmt))
        if m is None:
            negative = str(value).strip().startswith("-")
            what = "a count of 0 or more" if negative else "a whole number (a count)"
            raise InputError(
                f"expected {what}; got {str(value)[:60]!r} (numbers read as {fmt.evidence})",
                path=path,
                row=idx,
                column=column,
            )
        number = int(m.group(1))
        if number > MAX_COUNT:
            raise InputError(
                f"expected a count; got {str(value)[:60]!r}, which is too large", path=path, row=idx, column=column
            )
        out.append(number)
    return pd.Series(pd.array(out, dtype="Int64"), index=s.index)
