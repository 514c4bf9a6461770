"""Turning whatever an export holds into a text the cues can read.

Exports carry texts as strings, but also as missing values (``None``,
``NaN``, ``pd.NA``), bytes, numbers or the empty string. :func:`as_text`
returns the text, or ``None`` when there is nothing to judge; :func:`normalise`
prepares a text for the cue patterns.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_CHARS", "as_text", "normalise"]

#: Only the first characters of a text are read: a comment is short, and a pasted
#: megabyte must not cost a megabyte of pattern matching.
MAX_CHARS = 2_000

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"[@＠][\w.\-]+")
_TOKENS = re.compile(r"__\w+__")  # masks such as __email__ left by anonymised corpora
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_LEADING = re.compile(r"^[\s.,:;\-–—]+")


def as_text(value) -> str | None:
    """The text of one export cell, or ``None`` when it holds nothing to judge.

    Missing values (``None``, ``NaN``, ``pd.NA``, ``NaT``), empty or blank
    strings and values that are not text (numbers, lists, dates) give
    ``None``; bytes are decoded as UTF-8 (undecodable bytes replaced).
    """
    if isinstance(value, str):
        text = value
    elif isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", errors="replace")
    else:
        return None
    return text if text.strip() else None


def normalise(text: str) -> str:
    """The text as the cue patterns expect it.

    The first :data:`MAX_CHARS` characters, NFC-composed and lower-cased;
    links, ``@handles`` and corpus masks removed; runs of spaces collapsed;
    line breaks kept (they end a clause); ``&amp;`` and friends unescaped.
    """
    t = unicodedata.normalize("NFC", text[:MAX_CHARS]).lower()
    t = t.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("’", "'").replace("`", "'")
    t = _URL.sub(" ", t)
    t = _HANDLE.sub(" ", t)
    t = _TOKENS.sub(" ", t)
    t = _SPACES.sub(" ", t)
    t = "\n".join(line.strip() for line in t.split("\n"))
    return _LEADING.sub("", t)

