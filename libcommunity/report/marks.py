"""Counts of people marked inside report strings, so that the page can say which numbers count people.

A count of people is formatted once, by :meth:`~libcommunity.report.i18n.Translator.people`,
which asks the small-number rule (:class:`~libcommunity.report.smallgroups.SmallGroups`)
whether it may be shown. The result is a plain string with an invisible mark
around it (three private-use characters): what the count is (its whole number,
or ``<k`` when it is withheld) and how it reads ("4,017", "fewer than 5").
Sentences built around it keep the mark; the HTML helpers of
:mod:`~libcommunity.report.html` turn it into
``<span class="people" data-people="4017">4,017</span>`` in text and drop it
everywhere else (attributes, the plain-text twin, chart labels). A chart lists
the people counts of its alt text in ``data-people`` on its ``<img>``.

So the rendered page states, for every count of people it shows, the number
behind it, and a test can check the page itself (not the code) for a count of
1 to ``k - 1`` people.
"""

from __future__ import annotations

import html
import re

__all__ = ["OPEN", "MID", "CLOSE", "mark", "plain", "markup", "tokens", "unmark_input", "sentence"]

#: Private-use characters around a marked count: OPEN value MID display CLOSE.
OPEN, MID, CLOSE = "\ue000", "\ue001", "\ue002"
_MARK = re.compile(f"{OPEN}(\\d+|<\\d+){MID}([^{OPEN}{MID}{CLOSE}]*){CLOSE}")
_ANY = re.compile(f"[{OPEN}{MID}{CLOSE}]")


def mark(value: str, display: str) -> str:
    """``display`` marked as a count of people whose value is ``value`` (digits, or ``<k`` when withheld)."""
    return f"{OPEN}{value}{MID}{display}{CLOSE}"


def plain(text) -> str:
    """``text`` with every mark removed (the counts read as they are displayed)."""
    s = "" if text is None else str(text)
    if OPEN not in s:
        return s
    return _ANY.sub("", _MARK.sub(lambda m: m.group(2), s))


def markup(text, escape) -> str:
    """``text`` escaped with ``escape``, each mark turned into ``<span class="people" data-people="…">…</span>``."""
    s = "" if text is None else str(text)
    if OPEN not in s:
        return escape(s)
    out, at = [], 0
    for m in _MARK.finditer(s):
        out.append(escape(_ANY.sub("", s[at:m.start()])))
        out.append(f'<span class="people" data-people="{html.escape(m.group(1), quote=True)}">{escape(m.group(2))}</span>')
        at = m.end()
    out.append(escape(_ANY.sub("", s[at:])))
    return "".join(out)


def tokens(text) -> list[str]:
    """The values of the marks in ``text`` (``"4017"``, ``"<5"``), in order."""
    return [m.group(1) for m in _MARK.finditer("" if text is None else str(text))]


def unmark_input(text: str) -> str:
    """A member's or post's text without the mark characters (so that nobody can fake a marked count)."""
    return _ANY.sub("", text) if isinstance(text, str) else text


def sentence(text):
    """``text`` with its first letter capitalised, inside a leading mark too ("fewer than 5 members took part" →
    "Fewer than 5 …"); other values are returned as they are."""
    if not isinstance(text, str) or not text:
        return text
    if text.startswith(OPEN):
        mid = text.find(MID)
        if mid > 0 and mid + 1 < len(text):
            return text[: mid + 1] + text[mid + 1].upper() + text[mid + 2 :]
        return text
    return text[0].upper() + text[1:]
