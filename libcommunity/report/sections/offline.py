"""Section 5, offline and feedback: events and surveys, whether those people are online members, and what
the events of two months ago were followed by.

Figures are ``monthly_summary()["offline"]``,
:func:`libcommunity.metrics.offline_summary` (one row per event or survey; people counted once through the
identity links) and :func:`libcommunity.people.events.event_effects` (:mod:`.events`).
"""

from __future__ import annotations

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


def _cards(report) -> Html:
    t = report.t
    o = report.data.summary.get("offline") or {}
    return cards(
        [
            {"label": t("card_events"), "value": t.num(o.get("events")),
             "detail": t.plural("card_attendees_detail", o.get("event_attendees") or 0)},
            {"label": t("card_attendees_online"), "value": t.pct(o.get("attendees_online_share")),
             "detail": t("card_online_detail", n=t.num(o.get("attendees_online")), total=t.num(o.get("event_attendees")))},
            {"label": t("card_surveys"), "value": t.num(o.get("surveys")),
             "detail": t.plural("card_respondents_detail", o.get("survey_respondents") or 0)},
            {"label": t("card_respondents_online"), "value": t.pct(o.get("respondents_online_share")),
             "detail": t("card_online_detail", n=t.num(o.get("respondents_online")), total=t.num(o.get("survey_respondents")))},
        ]
    )


def _activities(report) -> Html:
    t = report.t
    off = report.data.offline.head(MAX_ACTIVITIES)
    names = [shorten(x if report.data.reveal else redact_contacts(x), 80) or t("unnamed_activity") for x in off["title"]]
    frame = pd.DataFrame(
        {
            t("col_activity"): names,
            t("col_kind"): [t(f"offline_{k}") for k in off["kind"]],
            t("col_people"): [t.num(x) for x in off["members"]],
            t("col_also_online"): [f"{t.num(n)} ({t.pct(s, 0)})" for n, s in zip(off["members_online"], off["online_share"])],
        }
    )
    offline_only = (off["members"] - off["members_online"]).astype(float)
    alt = t(
        "alt_offline",
        values="; ".join(
            t("alt_offline_item", name=name, online=t.num(n), offline=t.num(o))
            for name, n, o in zip(names, off["members_online"], offline_only)
        ),
    )
    short = [shorten(x, 28) for x in names]
    chart = stacked_bar_chart(
        short,
        [off["members_online"].astype(float).to_numpy(), offline_only.to_numpy()],
        part_labels=[t("chart_also_online"), t("chart_offline_only")],
        alt=alt,
        fmt=t.num,
    )
    table_html = table(frame, caption=t("offline_caption"), numeric=(t("col_people"), t("col_also_online")),
                       wide=(t("col_activity"),))
    return join([table_html, chart])


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
