"""Campaigns and bursts: :func:`libcommunity.metrics.hashtag_campaigns` and
:func:`libcommunity.metrics.burst_days` (with :func:`~libcommunity.metrics.daily_interactions`
for the month's daily chart).

Members using a hashtag and event attendances of a day are counts of people
(the report's small-number rule); the uses of a hashtag by fewer than
``min_group`` members are not shown either.
"""

from __future__ import annotations

import pandas as pd

from ..html import Html, heading, join, note, table
from ..plots import daily_chart
from ..recommend import BURST_BASELINE_DAYS, BURST_Z
from ._common import shorten

__all__ = ["hashtags_part", "bursts_part", "TOP_HASHTAGS"]

#: Hashtags listed.
TOP_HASHTAGS = 8


def _members_uses(report, members, uses) -> str:
    """``12 (37)``: members who used a hashtag and their uses; a withheld group's uses are left out."""
    t = report.t
    return t.people(members) if t.small.hides(members) else f"{t.people(members)} ({t.num(uses)})"


def hashtags_part(report) -> Html | None:
    """The hashtags of the month: how often the library used them and members carried them."""
    d, t = report.data, report.t
    h = d.hashtags
    if h is None or h.empty:
        return join([heading(t("hashtags_title")), note(t("hashtags_none"))])
    shown = h.head(TOP_HASHTAGS)
    frame = pd.DataFrame(
        {
            t("col_hashtag"): ["#" + shorten(x, 60) for x in shown["hashtag"]],
            t("col_library_posts"): [t.num(x) for x in shown["library_posts"]],
            t("col_post_engagements"): [t.num(x) for x in shown["post_engagements"]],
            t("col_members_using"): [_members_uses(report, m, u) for m, u in zip(shown["members_using"], shown["member_uses"])],
        }
    )
    numeric = tuple(frame.columns[1:])
    return join([heading(t("hashtags_title")), table(frame, caption=t("hashtags_caption"), numeric=numeric)])


def _daily(report) -> Html | None:
    d, t = report.data, report.t
    daily = d.daily
    if daily is None or daily.empty or not d.has_interactions:
        return None
    days = [str(pd.Timestamp(x).day) for x in daily["date"]]
    values = daily["interactions"].astype(float).to_numpy()
    bursts = daily["burst"].astype(bool).to_numpy()
    alt = t(
        "alt_daily",
        month=t.month(d.month),
        values=", ".join(t.num(v) for v in values),
        bursts=", ".join(t.date(pd.Timestamp(x)) for x, b in zip(daily["date"], bursts) if b) or t("none"),
    )
    return daily_chart(days, values, bursts, alt=alt, fmt=t.num, highlight_label=t("chart_burst"))


def bursts_part(report) -> Html | None:
    """Daily participation of the month, and the burst days with what was around them."""
    d, t = report.data, report.t
    if not d.has_interactions or not d.interactions_covered:  # no interaction data for the month: no chart of zeros
        return None
    parts = [heading(t("bursts_title")), _daily(report)]
    b = d.bursts
    if b is None or b.empty:
        parts.append(note(t("bursts_none", z=t.num(BURST_Z, 1), days=t.num(BURST_BASELINE_DAYS))))
    else:
        frame = pd.DataFrame(
            {
                t("col_date"): [t.date(pd.Timestamp(x)) for x in b["date"]],
                t("col_interactions"): [t.num(x) for x in b["interactions"]],
                t("col_usual"): [t.num(x, 1) for x in b["baseline_median"]],
                t("col_top_post"): [shorten(x, 100) for x in b["top_post_text"]],
                t("col_events"): [t.people(x) for x in b["event_interactions"]],
            }
        )
        parts.append(table(frame, caption=t("bursts_caption"), wide=(t("col_top_post"),),
                           numeric=(t("col_interactions"), t("col_usual"), t("col_events"))))
    return join(parts)
