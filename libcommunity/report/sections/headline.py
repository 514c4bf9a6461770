"""Section 1, at a glance: followers, engaged members, community ratio, response rate and time (items that need a reply).

Every figure is :func:`libcommunity.metrics.monthly_summary`'s; changes
against the month before and the same month a year before are its
``growth`` comparisons, and for the median response time (not a growth
figure) :func:`libcommunity.metrics.growth.compare` of the
:func:`~libcommunity.metrics.core_summary` of those months.

Small numbers (``report.t.small``): engaged members are a count of people,
so a month with 1 to ``min_group - 1`` of them shows "fewer than K", and
neither its community ratio (engaged members per follower) nor a change
against or from such a month is shown; new and lost followers are shown
only when neither is withheld (with the follower totals, which the
platforms publish, one would give the other away).
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


def _engaged_then(report, key: str):
    """Engaged members of the month before (``mom``) or of the year before (``yoy``)."""
    g = report.data.summary.get("growth") or {}
    return ((g.get(key) or {}).get("engaged_members") or {}).get("previous")


def _growth_deltas(report, figure: str, *, kind: str = "count", higher_is_better: bool = True,
                   people: bool = False) -> list:
    """The card's changes; with ``people`` (a figure that rests on the count of engaged members) only where
    the small-number rule shows the engaged members of both months."""
    d, t = report.data, report.t
    g = d.summary.get("growth") or {}
    now = d.summary.get("engaged_members")
    out = []
    for key, month in (("mom", d.month.previous), ("yoy", d.month.shift(-12))):
        delta = ((g.get(key) or {}).get(figure) or {}).get("change")
        if people and t.small.change(now, _engaged_then(report, key)) is None:
            delta = None
        label = t.month_short(month)
        out.append(no_comparison(report, g.get(key), figure, label)
                   or change(report, delta, label, kind=kind, higher_is_better=higher_is_better))
    return [x for x in out if x]


def community_ratio(report):
    """The month's community ratio, or None where the small-number rule withholds the engaged members."""
    s = report.data.summary
    return report.t.small.share(s.get("engaged_members"), s.get("followers_end"), s.get("community_ratio"),
                                complement=False)


def _followers_detail(report) -> str | None:
    t, s = report.t, report.data.summary
    new, lost = s.get("new_followers"), s.get("lost_followers")
    if new is None or not t.small.split(new, lost):
        return None
    return t("card_followers_detail", new=t.people(new), lost=t.people(lost))


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
    """The headline cards: followers, engaged members, community ratio, response rate, median time, posts; first,
    where the account's identities are linked into people, the engaged people."""
    d, t = report.data, report.t
    s = d.summary
    r = s.get("response") or {}
    people = d.has_interactions
    followers = s.get("followers_end")
    ratio = community_ratio(report)
    ratio_text = t.pct(ratio) if ratio is not None or s.get("community_ratio") is None else t.withheld()
    items = []
    if d.has_links and people:  # people first: identities linked into one person count once
        pp = s["people"]
        items.append({
            "label": t("people_card_engaged"),
            "value": t.people(pp.get("engaged_people")),
            "detail": t("people_card_engaged_detail", identities=t.people(s.get("engaged_members")),
                        linked=t.num(pp.get("linked_identities")), people=t.people(pp.get("linked_people"))),
        })
    items += [
        {
            "label": t("card_followers"),
            "value": t.num(followers),
            "detail": _followers_detail(report),
            "deltas": _growth_deltas(report, "followers_end"),
        },
        {
            "label": t("card_engaged"),
            "value": t.people(s.get("engaged_members")) if people else "–",
            "deltas": _growth_deltas(report, "engaged_members", people=True) if people else [],
        },
        {
            "label": t("card_ratio"),
            "value": ratio_text if people else "–",
            "detail": t("card_ratio_detail"),
            "deltas": _growth_deltas(report, "community_ratio", kind="rate", people=True) if people else [],
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
    engaged, followers = s.get("engaged_members"), s.get("followers_end")
    if not d.has_interactions:
        return t.plural("headline_lead_posts_only", s.get("posts") or 0, month=month)
    if followers:
        of = t.plural("followers_of_n", followers)
        ratio = community_ratio(report)
        if ratio is None:
            return t.people_plural("headline_lead_few", engaged, month=month, followers=of)
        return t.people_plural("headline_lead", engaged, month=month, ratio=t.pct(ratio), followers=of)
    return t.people_plural("headline_lead_no_followers", engaged, month=month)


def _values(report, series: pd.Series, *, people: bool = False) -> str:
    t = report.t
    return ", ".join((t.people if people else t.num)(v) for v in series)


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
        engaged=_values(report, engaged, people=True),
    )
    drawn = engaged.mask([t.small.hides(v) for v in engaged])  # a withheld month has no bar (its height is the count)
    chart = trend_chart(
        months,
        followers.to_numpy(),
        drawn.to_numpy(),
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
    if d.has_links:
        pp = d.summary["people"]
        parts.append(note(t("people_note", linked=t.num(pp["linked_identities"]), people=t.num(pp["linked_people"]))))
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
