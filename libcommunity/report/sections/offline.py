"""Section 5, offline and feedback: events and surveys, whether those people are online members, and what
the events of two months ago were followed by.

Figures are ``monthly_summary()["offline"]``,
:func:`libcommunity.metrics.offline_summary` (one row per event or survey; people counted once through the
identity links) and :func:`libcommunity.people.events.event_effects` (:mod:`.events`).
Attendees, respondents and those also online are counts of people (the
report's small-number rule): the share also online, and its split into also
online and offline only, is shown only when neither side is withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..html import Html, cards, join, note, section, table
from ..plots import stacked_bar_chart
from ...redact import redact_contacts
from ._common import missing, shorten
from .events import events_followed
from .layout import question, title

__all__ = ["offline", "MAX_ACTIVITIES"]

ANCHOR = "offline"
#: Most events and surveys listed.
MAX_ACTIVITIES = 10


def _also_online(report, people, online, share) -> tuple[str, str | None]:
    """``(share, "n of total")`` of the people also online, or the withheld text and None.

    Shown only when the people, those also online and those only offline
    may all be shown: otherwise the share (or the difference of two shown
    counts) would give a small group away.
    """
    t = report.t
    if not people:
        return t.pct(None), None
    value = t.small.share(online, people, share)
    if value is None:
        return t.withheld(), None
    return t.pct(value), t("card_online_detail", n=t.people(online), total=t.people(people))


def _cards(report) -> Html:
    t = report.t
    o = report.data.summary.get("offline") or {}
    attendees, respondents = o.get("event_attendees") or 0, o.get("survey_respondents") or 0
    att_share, att_detail = _also_online(report, attendees, o.get("attendees_online"), o.get("attendees_online_share"))
    resp_share, resp_detail = _also_online(report, respondents, o.get("respondents_online"),
                                           o.get("respondents_online_share"))
    return cards(
        [
            {"label": t("card_events"), "value": t.num(o.get("events")),
             "detail": t.people_plural("card_attendees_detail", attendees)},
            {"label": t("card_attendees_online"), "value": att_share, "detail": att_detail},
            {"label": t("card_surveys"), "value": t.num(o.get("surveys")),
             "detail": t.people_plural("card_respondents_detail", respondents)},
            {"label": t("card_respondents_online"), "value": resp_share, "detail": resp_detail},
        ]
    )


def _activities(report) -> Html:
    t = report.t
    small = t.small
    off = report.data.offline.head(MAX_ACTIVITIES)
    names = [shorten(x if report.data.reveal else redact_contacts(x), 80) or t("unnamed_activity") for x in off["title"]]
    people = off["members"].astype(int).tolist()
    online = off["members_online"].astype(int).tolist()
    split = [small.share(n, p) is not None if p else True for n, p in zip(online, people)]
    also = [
        f"{t.people(n)} ({t.pct(sh, 0)})" if ok and p else (t.people(0) if not p else t.withheld())
        for n, p, sh, ok in zip(online, people, off["online_share"], split)
    ]
    frame = pd.DataFrame(
        {
            t("col_activity"): names,
            t("col_kind"): [t(f"offline_{k}") for k in off["kind"]],
            t("col_people"): [t.people(p) for p in people],
            t("col_also_online"): also,
        }
    )
    items = []
    for name, n, p, ok in zip(names, online, people, split):
        if ok:
            items.append(t("alt_offline_item", name=name, online=t.people(n), offline=t.people(p - n)))
        else:
            items.append(t.people_plural("alt_offline_item_unsplit", p, name=name))
    alt = t("alt_offline", values="; ".join(items))
    # A bar's length is its count: a withheld activity has no bar, a withheld split one bar of its people.
    drawn = [float(p) if not small.hides(p) else np.nan for p in people]
    parts = [
        [float(n) if ok else 0.0 for n, ok in zip(online, split)],
        [float(p - n) if ok else 0.0 for n, p, ok in zip(online, people, split)],
    ]
    labels = [t("chart_also_online"), t("chart_offline_only")]
    if not all(split):
        parts.append([0.0 if ok or np.isnan(x) else x for ok, x in zip(split, drawn)])
        labels.append(t("chart_not_split"))
    short = [shorten(x, 28) for x in names]
    chart = stacked_bar_chart(short, [np.asarray(v) for v in parts], part_labels=labels, alt=alt, fmt=t.num)
    table_html = table(frame, caption=t("offline_caption"), numeric=(t("col_people"), t("col_also_online")),
                       wide=(t("col_activity"),))
    notes = [note(t("offline_small_note", k=t.num(small.k)), kind="withheld")] if not all(split) else []
    return join([table_html, chart, *notes])


def offline(report) -> Html:
    """Section 5: events and surveys of the month and how many of those people are also online."""
    d, t = report.data, report.t
    head = (ANCHOR, title(report, ANCHOR))
    if not d.has_interactions:
        return section(*head, [missing(report, "missing_offline")], question=question(report, ANCHOR))
    if d.offline is None or d.offline.empty:
        return section(*head, [note(t("offline_none"), kind="missing"), events_followed(report)], question=question(report, ANCHOR))
    parts = [_cards(report), _activities(report), note(t("offline_matching")), events_followed(report)]
    return section(*head, parts, question=question(report, ANCHOR))
