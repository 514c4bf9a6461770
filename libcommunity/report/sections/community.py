"""Section 3, community: who takes part, who moved, who to thank, invite or call back.

Segment sizes and ladder steps are :func:`~libcommunity.segments.summarise_members`'s,
the 90-9-1 reference is :data:`libcommunity.metrics.concentration.NIELSEN`,
concentration figures are ``monthly_summary()["concentration"]``, changes
count :func:`~libcommunity.segments.transitions`'s ``change`` labels.
Unless ``reveal``, no count of 1 to ``min_group`` - 1 people is shown (the
report's :class:`~libcommunity.report.smallgroups.SmallGroups`): such
segments and ladder steps are shown together with the one below them, such
kinds of change together as "other changes" (joined by the smallest other
kinds until that group, too, holds ``min_group`` or more), a share of the
participation made by fewer than ``min_group`` people is not shown, lists
are withheld.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...metrics.concentration import NIELSEN
from ...segments.ladder import LADDER
from ...segments.naming import SEGMENTS
from ...segments.transitions import CHANGES
from ..charts import PALETTE, SEGMENT_COLOURS
from ..html import Html, heading, join, note, paragraph, section, table
from ..plots import bar_chart
from ._common import missing, withheld
from .layout import question, title
from .people import drifting_list, ready_list, roster_list

__all__ = ["community", "segment_table", "transition_table", "ladder_chart", "people_ladder", "NIELSEN_SHARE"]

ANCHOR = "community"
#: What Nielsen's 90-9-1 expects of each segment.
NIELSEN_SHARE = {
    "silent_follower": NIELSEN["other 90%"],
    "active_participant": NIELSEN["next 9%"],
    "ambassador": NIELSEN["top 1%"],
}


def _groups(report, counts) -> list[list[int]] | None:
    """Ordered categories grouped by the report's small-number rule (:meth:`SmallGroups.groups`)."""
    return report.t.small.groups(counts)


def _group_label(labels, group) -> str:
    return " + ".join(labels[i] for i in group)


def segment_table(report) -> Html:
    """Segment sizes, their share of members and what 90-9-1 expects, with a chart.

    Segments of fewer than ``min_group`` people are shown together with the
    segment below them (:func:`~libcommunity.report.smallgroups.merge_small`).
    """
    t = report.t
    ms = report.data.member_summary
    seg = ms["segments"]
    names = [t(f"seg_{s}") for s in SEGMENTS]
    counts = [int(seg[s]["members"]) for s in SEGMENTS]
    groups = _groups(report, counts)
    if groups is None:
        return withheld(report)
    total = ms["members"]
    labels = [_group_label(names, g) for g in groups]
    sizes = [sum(counts[i] for i in g) for g in groups]
    shares = [n / total if total else None for n in sizes]
    expected = [sum(NIELSEN_SHARE[SEGMENTS[i]] for i in g) for g in groups]
    frame = pd.DataFrame(
        {
            t("col_segment"): labels,
            t("col_members"): [t.people(n) for n in sizes],
            t("col_share"): [t.pct(x) for x in shares],
            t("col_nielsen"): [t.pct(x, 0) for x in expected],
        }
    )
    out = [table(frame, caption=t("segments_caption", window=t.window(ms.get("window"))),
                 numeric=(t("col_members"), t("col_share"), t("col_nielsen")))]
    value_labels = [f"{t.pct(x)} ({t.people(n)})" for x, n in zip(shares, sizes)]
    alt = t(
        "alt_segments",
        values="; ".join(f"{lab}: {v} ({t('nielsen_expects', share=t.pct(e, 0))})"
                         for lab, v, e in zip(labels, value_labels, expected)),
    )
    colours = [SEGMENT_COLOURS[SEGMENTS[g[-1]]] for g in groups]
    out.append(
        bar_chart([lab.replace(" + ", "\n+ ") for lab in labels], [np.nan if x is None else x for x in shares], value_labels=value_labels, colours=colours,
                  reference=expected, reference_label=t("chart_nielsen"), fmt=lambda v: t.pct(v, 0), alt=alt)
    )
    return join(out)


def _concentration(report) -> Html | None:
    """Who made the month's participation: the most active 1 % and 10 %, and those who did not take part.

    A share is shown only when the group it describes may be: the most active
    ``ceil(p %)`` of the population (and the participants among them) and,
    for those who did not take part, both they and the participants.
    """
    t = report.t
    small = t.small
    c = report.data.summary.get("concentration") or {}
    if not c.get("interactions"):
        return None
    population, participants = c.get("population") or 0, c.get("participants") or 0
    sentences = [t.people_plural("concentration_population", population)]
    for percent, share in ((1, c.get("top1_share")), (10, c.get("top10_share"))):
        group = min(math.ceil(population * percent / 100), participants)
        if share is not None and small.shows(group, participants):
            sentences.append(t("concentration_top", top=t.pct(percent / 100, 0), share=t.pct(share)))
    lurkers = small.share(population - participants, population, c.get("lurker_share"))
    if lurkers is not None:
        sentences.append(t("concentration_lurkers", share=t.pct(lurkers), nielsen=t.pct(NIELSEN["other 90%"], 0)))
    return paragraph(" ".join(sentences))


def transition_table(report) -> Html:
    """How many members changed segment since the month before, by kind of change.

    Kinds of change with fewer than ``min_group`` members are counted together as "other changes".
    """
    d, t = report.data, report.t
    tr = d.transitions
    if tr is not None and tr.attrs.get("no_data_before"):
        return note(t("transitions_no_data", month=t.month_short(d.month.previous)))
    if tr is None or tr.empty:
        return note(t("transitions_none"))
    counts = tr["change"].value_counts()
    rows = [(c, int(counts.get(c, 0))) for c in CHANGES if int(counts.get(c, 0)) > 0]
    split = t.small.pool([n for _c, n in rows])
    if split is None:
        return withheld(report)
    alone, pooled = split
    if not alone:  # every kind pooled: "other changes" alone says nothing
        return note(t("transitions_withheld", n=t.people(sum(n for _c, n in rows)), k=t.num(t.small.k)), kind="withheld")
    shown = [(t(f"change_{rows[i][0]}"), rows[i][1]) for i in alone]
    if pooled:
        shown.append((t("change_other"), sum(rows[i][1] for i in pooled)))
    frame = pd.DataFrame(
        {
            t("col_change"): [label for label, _ in shown],
            t("col_members"): [t.people(n) for _, n in shown],
        }
    )
    return table(frame, caption=t("transitions_caption", month=t.month_short(d.month.previous)), numeric=(t("col_members"),))


def ladder_chart(report, *, people: bool = False) -> Html:
    """Members (or, with ``people``, people: the highest step of their identities) on each of the six ladder steps;
    steps of fewer than ``min_group`` join the step below."""
    t = report.t
    summary = report.data.member_summary
    ladder = summary["people"]["ladder"] if people else summary["ladder"]
    names = [t(f"ladder_{s}") for s in LADDER]
    counts = [int(ladder.get(s, 0)) for s in LADDER]
    groups = _groups(report, counts)
    if groups is None:
        return withheld(report)
    labels = [_group_label(names, g) for g in groups]
    sizes = [sum(counts[i] for i in g) for g in groups]
    value_labels = [t.people(n) for n in sizes]
    alt = t("people_alt_ladder" if people else "alt_ladder", values="; ".join(f"{lab}: {v}" for lab, v in zip(labels, value_labels)))
    palette = [PALETTE[1]] * 2 + [PALETTE[2]] * 2 + [PALETTE[0]] * 2
    colours = [palette[g[-1]] for g in groups]
    return bar_chart([lab.replace(" + ", "\n+ ") for lab in labels], [float(n) for n in sizes], value_labels=value_labels, colours=colours, fmt=t.num,
                     alt=alt, integer=True)


def _ladder_steps_text(report) -> str:
    """The identity-level ladder in words (steps of fewer than ``min_group`` joined to the step below)."""
    t = report.t
    ladder = report.data.member_summary["ladder"]
    names = [t(f"ladder_{s}") for s in LADDER]
    counts = [int(ladder.get(s, 0)) for s in LADDER]
    groups = _groups(report, counts)
    if groups is None:
        return ""
    return "; ".join(f"{_group_label(names, g)}: {t.num(sum(counts[i] for i in g))}" for g in groups)


def people_ladder(report) -> Html:
    """The ladder per person (where identities are linked into people), then the identities' steps in words."""
    d, t = report.data, report.t
    pp = d.member_summary["people"]
    parts = [
        heading(t("people_ladder_title")),
        ladder_chart(report, people=True),
        paragraph(t("people_ladder_text", window=d.member_summary.get("window") or "–", people=t.people(pp["people"]),
                    ambassadors=t.people(pp["ambassadors"]),
                    cross=t.people(pp["cross_platform_ambassadors"]))),
    ]
    steps = _ladder_steps_text(report)
    if steps:
        parts.append(paragraph(t("people_ladder_identities", values=steps)))
    return join(parts)


def _ladder_notes(report) -> Html:
    d, t = report.data, report.t
    parts = []
    promising = 0 if d.promising is None else len(d.promising)
    parts.append(paragraph(t.people_plural("promising_text", promising)))
    fb = 0 if d.follow_back is None else len(d.follow_back)
    if fb:
        parts.append(paragraph(t.people_plural("follow_back_text", fb)))
    return join(parts)


def community(report) -> Html:
    """Section 3: segments against 90-9-1, changes, people to thank, invite or call back, the ladder."""
    d, t = report.data, report.t
    head = (ANCHOR, title(report, ANCHOR))
    if not d.has_people:
        return section(*head, [missing(report, "missing_community")], question=question(report, ANCHOR))
    if not d.member_summary or not d.member_summary.get("members"):
        return section(*head, [note(t("community_none", window=t.window(d.member_summary.get("window"))))],
                       question=question(report, ANCHOR))
    parts = [
        heading(t("segments_title")),
        segment_table(report),
        _concentration(report),
        heading(t("transitions_title", month=t.month_short(d.month.previous))),
        transition_table(report),
        roster_list(report),
        ready_list(report),
        drifting_list(report),
        *((people_ladder(report),) if d.has_links else (heading(t("ladder_title")), ladder_chart(report))),
        _ladder_notes(report),
    ]
    if any(t.small.hides(n) for n in _all_counts(d)):
        parts.append(note(t("small_counts_note", k=t.num(t.small.k)), kind="withheld"))
    return section(*head, parts, question=question(report, ANCHOR))


def _all_counts(d) -> list[int]:
    seg = d.member_summary["segments"]
    out = [seg[s]["members"] for s in SEGMENTS] + list(d.member_summary["ladder"].values())
    if d.has_links:
        out += list(d.member_summary["people"]["ladder"].values())
    if d.transitions is not None and not d.transitions.empty:
        out += d.transitions["change"].value_counts().astype(int).tolist()
    return out
