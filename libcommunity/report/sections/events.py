"""In the offline section: what the events of two months ago were followed by.

The figures are :func:`libcommunity.people.events.event_effects`'s (``ReportData.event_effects``):
the events of the month :data:`~libcommunity.people.events.FOLLOW_MONTHS` before the report
month, whose follow-up ends with the report month. One row for all the month's
events together, then the events with at least ``min_group`` people (smaller
ones are counted in the first row only, and when the first row less the listed ones would give a small group away,
the smallest listed events are left out too); a rate or difference is shown only
where enough people were compared (the verdict says "too few" otherwise). The two step-up rates are
withheld when the attendees who stepped up, or those who did not, are a small group: the attendees' rate
times the matched count would give them away (the comparison rate goes too, or the difference would give the
attendees' rate back).
"""

from __future__ import annotations

import pandas as pd

from ...months import parse_month
from ...people.events import ALL_EVENTS, MIN_MATCHED
from ...redact import redact_contacts
from ..html import Html, heading, join, note, paragraph, table
from ._common import count_text, is_small, shorten

__all__ = ["events_followed", "MAX_EVENTS"]

#: Most single events listed under the month's total.
MAX_EVENTS = 8


def _window_text(report, label: str) -> str:
    t = report.t
    first, _, last = label.partition("..")
    if not last:
        return t.month(parse_month(first))
    return f"{t.month_short(parse_month(first))}–{t.month_short(parse_month(last))}"


def _listed(report, total: pd.DataFrame, listed: pd.DataFrame) -> pd.DataFrame:
    """The single events to list under the month's total, so that subtracting cannot give a hidden one away.

    The month's total less the listed events' people (and matched people) is
    what a reader can work out about the events left out; when that rest is a
    small group (1 to ``min_group - 1``), the smallest listed events are left
    out too until it is not (complementary suppression).
    """
    if total.empty:
        return listed
    listed = listed.sort_values("attendees", ascending=False, kind="stable")
    while not listed.empty:
        rest = [total[c].iloc[0] - listed[c].sum() for c in ("attendees", "matched")]
        if not any(pd.notna(r) and is_small(report, r) for r in rest):
            break
        listed = listed.iloc[:-1]
    return listed


def _rows(report, effects: pd.DataFrame) -> pd.DataFrame:
    d, t = report.data, report.t
    total = effects[effects["activity"] == ALL_EVENTS]
    single = effects[(effects["activity"] != ALL_EVENTS) & ~effects["attendees"].map(lambda n: is_small(report, n))]
    shown = pd.concat([total, _listed(report, total, single.head(MAX_EVENTS))])
    names = [t("events_all") if a == ALL_EVENTS else (shorten(x if d.reveal else redact_contacts(x), 60) or t("unnamed_activity"))
             for a, x in zip(shown["activity"], shown["title"].fillna(""))]

    def rate(x, shown):
        return "–" if pd.isna(x) else t.pct(x, 0) if shown else t.withheld()

    # The attendees' rate is the share of the matched attendees who stepped up: with the matched count beside it,
    # it gives away how many did (or did not), so it is withheld when either is a small group; so is the
    # comparison rate, which the difference would turn back into it (the difference alone gives no count).
    rates_shown = [pd.isna(r) or t.small.shows(round(r * n), n - round(r * n))
                   for r, n in zip(shown["attendee_rate"], shown["matched"])]

    def interval(diff, low, high):
        if pd.isna(diff):
            return "–"
        return t("events_interval", diff=t.points(diff, 0), low=t.points(low, 0), high=t.points(high, 0))

    return pd.DataFrame({
        t("events_col_event"): names,
        t("events_col_attendees"): [count_text(report, n) for n in shown["attendees"]],
        t("events_col_compared"): [count_text(report, n) for n in shown["matched"]],
        t("events_col_stepped_up"): [rate(x, ok) for x, ok in zip(shown["attendee_rate"], rates_shown)],
        t("events_col_comparison"): [rate(x, ok) for x, ok in zip(shown["comparison_rate"], rates_shown)],
        t("events_col_difference"): [interval(*v) for v in zip(shown["difference"], shown["low"], shown["high"])],
        t("events_col_before"): [interval(*v) for v in zip(shown["placebo_difference"], shown["placebo_low"],
                                                           shown["placebo_high"])],
        t("events_col_verdict"): [t(f"events_verdict_{v}") for v in shown["verdict"]],
    })


def events_followed(report) -> Html | None:
    """What followed the events of two months ago (None when the data holds no interactions)."""
    d, t = report.data, report.t
    effects = d.event_effects
    if effects is None:
        return None
    attrs = effects.attrs
    month = t.month(parse_month(attrs["event_month"]))
    head = heading(t("events_title", month=month))
    if effects.empty:
        return join([head, note(t("events_none", month=month))])
    after, before = _window_text(report, attrs["after"]), _window_text(report, attrs["before"])
    if not attrs.get("complete"):
        return join([head, note(t("events_incomplete", after=after, month=month), kind="missing")])
    frame = _rows(report, effects)
    numeric = (t("events_col_attendees"), t("events_col_compared"), t("events_col_stepped_up"), t("events_col_comparison"))
    return join([
        head,
        paragraph(t("events_intro", month=month, after=after, before=before)),
        table(frame, caption=t("events_caption"), numeric=numeric, wide=(t("events_col_event"),)),
        note(t("events_limits", k=t.num(MIN_MATCHED))),
    ])
