"""Section 1, at a glance: followers, engaged members, community ratio, response rate and time (items that need a reply).

Every figure is :func:`libcommunity.metrics.monthly_summary`'s; changes
against the month before and the same month a year before are its
``growth`` comparisons, and for the median response time (not a growth
figure) :func:`libcommunity.metrics.growth.compare` of the
:func:`~libcommunity.metrics.core_summary` of those months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...metrics.growth import compare
from ...months import parse_month
from ..html import Html, cards, join, note, paragraph, section
from ..plots import trend_chart
from ._common import change, missing, no_comparison
from .layout import question, title

__all__ = ["headline", "headline_cards"]

ANCHOR = "headline"


def _growth_deltas(report, figure: str, *, kind: str = "count", higher_is_better: bool = True) -> list:
    d, t = report.data, report.t
    g = d.summary.get("growth") or {}
    out = []
    for key, month in (("mom", d.month.previous), ("yoy", d.month.shift(-12))):
        delta = ((g.get(key) or {}).get(figure) or {}).get("change")
        label = t.month_short(month)
        out.append(no_comparison(report, g.get(key), figure, label)
                   or change(report, delta, label, kind=kind, higher_is_better=higher_is_better))
    return [x for x in out if x]


def _median_deltas(report) -> list:
    d, t = report.data, report.t
    now = (d.summary.get("response") or {}).get("median_hours")
    g = d.summary.get("growth") or {}
    out = []
    for key, other, month in (("mom", d.previous, d.month.previous), ("yoy", d.year_before, d.month.shift(-12))):
        before = ((other or {}).get("response") or {}).get("median_hours")
        label = t.month_short(month)
        out.append(no_comparison(report, g.get(key), "response_rate", label)
                   or change(report, compare(now, before)["change"], label, kind="hours", higher_is_better=False))
    return [x for x in out if x]


def headline_cards(report) -> Html:
    """The six headline cards: followers, engaged members, community ratio, response rate, median time, posts."""
    d, t = report.data, report.t
    s = d.summary
    r = s.get("response") or {}
    people = d.has_interactions
    followers = s.get("followers_end")
    items = [
        {
            "label": t("card_followers"),
            "value": t.num(followers),
            "detail": None if s.get("new_followers") is None else t(
                "card_followers_detail", new=t.num(s.get("new_followers")), lost=t.num(s.get("lost_followers"))
            ),
            "deltas": _growth_deltas(report, "followers_end"),
        },
        {
            "label": t("card_engaged"),
            "value": t.num(s.get("engaged_members")) if people else "–",
            "deltas": _growth_deltas(report, "engaged_members") if people else [],
        },
        {
            "label": t("card_ratio"),
            "value": t.pct(s.get("community_ratio")) if people else "–",
            "detail": t("card_ratio_detail"),
            "deltas": _growth_deltas(report, "community_ratio", kind="rate") if people else [],
        },
        {
            "label": t("card_response_rate_needs"),
            "value": t.pct(r.get("rate")) if people else "–",
            "detail": t("card_response_detail", answered=t.num(r.get("answered")), items=t.num(r.get("items"))) if people else None,
            "deltas": _growth_deltas(report, "response_rate", kind="rate") if people else [],
        },
        {
            "label": t("card_median_time"),
            "value": t.hours(r.get("median_hours")) if people else "–",
            "detail": t("card_p90_detail", p90=t.hours(r.get("p90_hours"))) if r.get("p90_hours") is not None else None,
            "deltas": _median_deltas(report) if people else [],
        },
        {
            "label": t("card_posts"),
            "value": t.num(s.get("posts")),
            "detail": t("card_reach_detail", reach=t.num(s.get("reach"))) if s.get("reach") is not None else None,
            "deltas": _growth_deltas(report, "posts"),
        },
    ]
    return cards(items)


def _lead(report) -> str:
    d, t = report.data, report.t
    s = d.summary
    month = t.month(d.month)
    if not d.has_interactions:
        return t("headline_lead_posts_only", posts=t.num(s.get("posts")), month=month)
    if s.get("followers_end"):
        return t(
            "headline_lead",
            engaged=t.num(s.get("engaged_members")),
            month=month,
            ratio=t.pct(s.get("community_ratio")),
            followers=t.num(s.get("followers_end")),
        )
    return t("headline_lead_no_followers", engaged=t.num(s.get("engaged_members")), month=month)


def _values(report, series: pd.Series) -> str:
    t = report.t
    return ", ".join(t.num(v) for v in series)


def trend(report) -> Html | None:
    """Followers and engaged members over the last twelve months (None without any data)."""
    d, t = report.data, report.t
    tr = d.trend
    if tr is None or tr.empty or not any(d.available.values()):
        return None
    months = [t.month_short(parse_month(m)) for m in tr["month"]]
    followers = pd.to_numeric(tr["followers_end"]).astype(float)
    engaged = pd.to_numeric(tr["engaged_members"]).astype(float)
    if not d.has_interactions:
        engaged = pd.Series(np.nan, index=engaged.index)
    if followers.isna().all() and engaged.isna().all():
        return None
    alt = t(
        "alt_trend",
        first=months[0],
        last=months[-1],
        followers=_values(report, followers),
        engaged=_values(report, engaged),
    )
    chart = trend_chart(
        months,
        followers.to_numpy(),
        engaged.to_numpy(),
        top_label=t("chart_followers"),
        bottom_label=t("chart_engaged"),
        fmt=t.num,
        alt=alt,
    )
    if "has_data" in tr.columns and not tr["has_data"].all():  # months without data are gaps, and the page says so
        empty = [t.month_short(parse_month(m)) for m, has in zip(tr["month"], tr["has_data"]) if not has]
        return join([chart, note(t("trend_no_data", months=", ".join(empty)))])
    return chart


def headline(report) -> Html:
    """Section 1: is a community forming? Headline figures, their changes and the year's trend."""
    d, t = report.data, report.t
    parts = [paragraph(_lead(report), kind="lead"), headline_cards(report), trend(report)]
    source = d.summary.get("followers_source")
    if source is None:
        parts.append(missing(report, "missing_followers"))
    elif source == "audience":
        parts.append(note(t("followers_from_audience")))
    cov = d.summary.get("coverage") or {}
    known, every = cov.get("followers") or [], cov.get("platforms") or []
    if known and sorted(known) != sorted(every):  # say which platforms the follower figures and the ratio are over
        parts.append(note(t(
            "followers_some_platforms",
            known=", ".join(known),
            unknown=", ".join(p for p in every if p not in known),
            ratio=", ".join(cov.get("community_ratio") or []) or "–",
        )))
    return section(ANCHOR, title(report, ANCHOR), parts, question=question(report, ANCHOR))
