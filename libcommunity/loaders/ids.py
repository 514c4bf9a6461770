"""Identifiers: ids mangled by spreadsheets, and the times hidden inside platform ids.

Excel turns a 19-digit tweet id into ``8,12369747765363E+17`` (or ``1,11E+18``
with fewer digits shown): the number keeps only 15 significant digits, so the
id cannot be rebuilt from the cell. It can be recovered from the row's
permalink, which holds the id as text: :func:`recover_ids` finds, in the
permalink, the one run of digits that has the right length and rounds to the
mangled value.

Mastodon status ids (since Mastodon 2.0) and Bluesky record keys (TIDs)
encode the time they were created: :func:`mastodon_id_time` and
:func:`tid_time` read it back. Loaders use them as the best lower bound for
actions whose time an API does not return (a favourite is never older than
the status it favours).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from ..errors import InputError
from .parsing import flags

__all__ = [
    "is_mangled_number",
    "recover_ids",
    "clean_ids",
    "mastodon_id_time",
    "tid_time",
    "TID_ALPHABET",
]

_SCI = re.compile(r"^\s*([+-]?\d+(?:[.,]\d*)?)\s*[eE]\s*\+?(\d{1,3})\s*$")
_DIGITS = re.compile(r"\d+")
#: Alphabet of AT Protocol TIDs ("base32-sortable").
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID_RE = re.compile(rf"^[{TID_ALPHABET}]{{13}}$")
#: Earliest plausible time of a snowflake-encoded id (Mastodon 2.0 was released in October 2017).
_SNOWFLAKE_FLOOR = pd.Timestamp("2016-01-01", tz="UTC")


def is_mangled_number(text) -> bool:
    """Whether ``text`` is a number in scientific notation (``1,11E+18``, ``8.12E17``)."""
    return bool(_SCI.match(str(text))) if text is not None and text is not pd.NA else False


def _candidates(mangled: str):
    m = _SCI.match(mangled)
    mantissa, exponent = m.group(1).replace(",", "."), int(m.group(2))
    try:
        value = Decimal(mantissa) * (Decimal(10) ** exponent)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None, None, 0
    digits_shown = len(mantissa.replace(".", "").lstrip("+-").lstrip("0")) or 1
    return value, exponent, digits_shown


def _recover_one(mangled: str, sources) -> str | None:
    value, exponent, shown = _candidates(mangled)
    if value is None:
        return None
    length = int(value.adjusted()) + 1
    found = set()
    for src in sources:
        if src is None or src is pd.NA:
            continue
        for run in _DIGITS.findall(str(src)):
            if len(run) != length:
                continue
            # The run, rounded to the significant digits the cell shows, must give the cell's value.
            q = Decimal(run).scaleb(-(length - shown)).quantize(Decimal(1), rounding="ROUND_HALF_EVEN")
            q2 = Decimal(run).scaleb(-(length - shown)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
            target = value.scaleb(-(length - shown)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
            if q == target or q2 == target:
                found.add(run)
    return found.pop() if len(found) == 1 else None


def recover_ids(ids: pd.Series, *sources: pd.Series, path, column: str) -> pd.Series:
    """Replace ids in scientific notation by the full id found in ``sources`` (e.g. permalinks).

    Parameters
    ----------
    ids : Series of str
        The id column as read (strings).
    *sources : Series of str
        Columns of the same rows that contain the id as text (permalinks, URLs).
    path, column
        For the error message.

    Raises
    ------
    InputError
        When an id is mangled and no source holds exactly one matching id.
    """
    out = ids.astype("string").str.strip()
    mangled = flags(out, is_mangled_number)
    for idx in mangled[mangled].index:
        recovered = _recover_one(str(out.loc[idx]), [s.loc[idx] for s in sources])
        if recovered is None:
            raise InputError(
                f"the id {out.loc[idx]!r} was shortened to scientific notation by a spreadsheet program and "
                "the permalink does not hold it; expected the full id (re-export the file, or open it in a "
                "spreadsheet with this column formatted as text)",
                path=path,
                row=idx,
                column=column,
            )
        out.loc[idx] = recovered
    return out


def clean_ids(ids: pd.Series) -> pd.Series:
    """Ids as text: trimmed, without the apostrophe or space spreadsheets put before ids starting with ``-``/``=``."""
    out = ids.astype("string").str.strip()
    out = out.str.replace(r"^'(?=\S)", "", regex=True)
    return out.mask(out.eq(""), pd.NA)


def mastodon_id_time(status_id) -> pd.Timestamp | None:
    """The creation time encoded in a Mastodon (snowflake) id, or None if it holds none.

    Mastodon ids since 2.0 are ``milliseconds_since_epoch << 16 | sequence``.
    Older, sequential ids (and non-numeric ids of other servers) give None.
    """
    text = str(status_id).strip()
    if not text.isdigit():
        return None
    ms = int(text) >> 16
    try:
        ts = pd.Timestamp(ms, unit="ms", tz="UTC")
    except (OverflowError, ValueError):
        return None
    if ts < _SNOWFLAKE_FLOOR or ts > pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=2):
        return None
    return ts


def tid_time(tid) -> pd.Timestamp | None:
    """The creation time encoded in an AT Protocol TID (a record key such as ``3kfxj4...``), or None.

    A TID is 13 base32-sortable characters holding a 64-bit integer: 53 bits of
    microseconds since the Unix epoch, then 10 bits of clock id.
    """
    text = str(tid).strip()
    if not _TID_RE.match(text):
        return None
    value = 0
    for ch in text:
        value = value * 32 + TID_ALPHABET.index(ch)
    micros = value >> 10
    try:
        ts = pd.Timestamp(micros, unit="us", tz="UTC")
    except (OverflowError, ValueError):
        return None
    if ts < pd.Timestamp("2022-01-01", tz="UTC") or ts > pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=2):
        return None
    return ts
