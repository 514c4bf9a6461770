"""The report's opening: what it covers, what the data holds and lacks, how people are shown."""

from __future__ import annotations

from ..html import Html, join, note, paragraph
from ._common import missing, toc
from .layout import SECTIONS, title

__all__ = ["overview"]


def overview(report) -> Html:
    """Period, timezone and platforms; table of contents; missing data; privacy note."""
    d, t = report.data, report.t
    platforms = ", ".join(d.platforms) or "–"
    parts = [
        paragraph(t("intro_lead", month=t.month(d.month), timezone=d.timezone, platforms=platforms), kind="lead"),
        toc(report, [(a, title(report, a)) for a, _tk, _qk in SECTIONS]),
    ]
    as_of = d.summary.get("as_of")
    if as_of:
        parts.append(paragraph(t("intro_as_of", date=t.date(as_of))))
    if not any(d.available.values()):
        parts.append(missing(report, "missing_everything"))
    elif d.month_is_empty:
        parts.append(missing(report, "missing_month", month=t.month(d.month)))
    if any(d.available.values()) and not d.has_interactions:
        parts.append(missing(report, "missing_interactions"))
    if d.reveal:
        parts.append(note(t("privacy_reveal"), kind="action"))
    else:
        parts.append(note(t("privacy_pseudonyms", k=t.num(d.min_group))))
    body = join(parts)
    return Html(f'<div class="intro">{body.html}</div>', body.text)

