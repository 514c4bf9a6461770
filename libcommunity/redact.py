"""Contact details in member texts: found once, redacted wherever texts leave the library.

Comments, messages and survey answers are written by patrons, who sometimes
put their e-mail address, their phone number or a link to their profile in
them. The analytics keep the text as written (it is data, and the store is
owner-only); every text that reaches a report page or an export is passed
through :func:`redact_contacts` unless the user asked for ``--reveal``:

* e-mail addresses → ``[email]``;
* phone numbers → ``[tel]``: international (``+34 612 34 56 78``,
  ``+46 (0)70-123 45 67``, ``0044 20 7946 0958``), national with separators
  (``612 345 678``, ``91 123 45 67``, ``070-123 45 67``, ``08-123 456 78``,
  ``(555) 123-4567``, ``020 7946 0958``) and plain runs of 9 to 12 digits
  (``612345678``, ``0701234567``); numbers with thousands dots
  (``2.500.000.000``) and dates are left alone;
* links to a person's page → ``[url]``: a social network's profile
  (``instagram.com/ana``, ``bsky.app/profile/…``, ``x.com/…``), or any URL
  whose path names a user (``/@ana``, ``/~ana``, ``/u/``, ``/user/``,
  ``/users/``, ``/profile/``, ``/in/``, ``/people/``, ``/author/``).

Over-redaction is the chosen error: a 10-digit product number in a comment
reads ``[tel]``. The same finder (:func:`find_contacts`) keeps contact
details out of interaction ids at ingest (:mod:`libcommunity.pseudonym`).
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["EMAIL", "PHONE", "URL", "find_contacts", "redact_contacts", "redact_texts", "PLACEHOLDERS"]

PLACEHOLDERS = {"email": "[email]", "tel": "[tel]", "url": "[url]"}

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
#: A candidate phone number: digits with spaces, dots, dashes or parentheses, optionally after ``+`` or ``00``.
PHONE = re.compile(r"(?<![\w+.,/-])(?:\+|\b00)?\(?\d(?:[\s().-]{0,3}\d){6,17}(?![\w])")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_SOCIAL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:facebook\.com|fb\.com|instagram\.com|x\.com|twitter\.com|threads\.net|tiktok\.com|linkedin\.com|"
    r"bsky\.app|youtube\.com|flickr\.com|pinterest\.[a-z.]+|github\.com|medium\.com|vk\.com)"
    r"/(?!(?:hashtag|explore|tags?|search|events?|groups|pages|watch|results|feed|home|about|legal|policies|help)\b)"
    r"[^/?#\s]+",
    re.IGNORECASE,
)
_PERSONAL_PATH = re.compile(r"/(?:@|~|u/|user/|users/|profile/|in/|people/|member/|members/|author/)[^/?#\s]", re.IGNORECASE)
_PREFILTER = re.compile(r"@|\d{3}|https?://|www\.", re.IGNORECASE)


def _phone_ok(match: str) -> bool:
    digits = re.sub(r"\D", "", match)
    n = len(digits)
    if n < 9 or n > 15:
        return False
    intl = match.startswith("+") or match.startswith("00")
    seps = re.findall(r"[^\d]+", match.lstrip("+"))
    if not seps:
        return intl or n <= 12  # a plain run: 9-12 digits, or any international number
    if all(s == "." for s in seps) and all(len(g) == 3 for g in match.split(".")[1:]):
        return False  # 2.500.000.000: thousands
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", match):
        return False  # a date
    return True


def find_contacts(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every contact detail in ``text`` (kind ``email``, ``tel`` or ``url``), in order."""
    if not text or not _PREFILTER.search(text):
        return []
    spans: list[tuple[int, int, str]] = []
    for m in URL.finditer(text):
        url = m.group(0).rstrip(".,;:!?")
        rest = url.split("//", 1)[-1]
        path = rest[rest.find("/"):] if "/" in rest else ""
        if _SOCIAL.match(url) or _PERSONAL_PATH.search(path):
            spans.append((m.start(), m.start() + len(url), "url"))
    taken = lambda a, b: any(s < b and a < e for s, e, _ in spans)  # noqa: E731
    for m in EMAIL.finditer(text):
        if not taken(m.start(), m.end()):
            spans.append((m.start(), m.end(), "email"))
    for m in PHONE.finditer(text):
        value = m.group(0).rstrip(" .-(")
        end = m.start() + len(value)
        if _phone_ok(value) and not taken(m.start(), end):
            spans.append((m.start(), end, "tel"))
    return sorted(spans)


def redact_contacts(text):
    """``text`` with every contact detail replaced by its placeholder (None and NA stay as they are).

    Examples
    --------
    >>> redact_contacts("Escríbeme a ana@example.org o al +34 612 34 56 78")
    'Escríbeme a [email] o al [tel]'
    >>> redact_contacts("ring 070-123 45 67, see https://instagram.com/ana.lopez")
    'ring [tel], see [url]'
    """
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return text
    text = str(text)
    spans = find_contacts(text)
    if not spans:
        return text
    out, at = [], 0
    for start, end, kind in spans:
        out.append(text[at:start])
        out.append(PLACEHOLDERS[kind])
        at = end
    out.append(text[at:])
    return "".join(out)


#: The same prefilter for whole columns (RE2, vectorised): a cell that cannot hold a contact detail is not looked at.
_COLUMN_PREFILTER = r"@|[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.|\d(?:[\s().-]{0,3}\d){8}"


def redact_texts(values):
    """:func:`redact_contacts` of every value of a Series (index and dtype kept), list or scalar.

    For a Series, only the cells a vectorised prefilter flags are looked at
    in Python, so a column of a million ids costs one regular-expression pass.
    """
    if isinstance(values, pd.Series):
        out = values.copy()
        if not len(values):
            return out
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(values.astype("string"), from_pandas=True)
        mask = pc.fill_null(pc.match_substring_regex(text, _COLUMN_PREFILTER), False).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(mask)
        if len(rows):
            out.iloc[rows] = [redact_contacts(v) if isinstance(v, str) else v for v in values.iloc[rows]]
        return out
    if isinstance(values, (list, tuple)):
        return type(values)(redact_contacts(v) for v in values)
    return redact_contacts(values)
