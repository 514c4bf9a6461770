"""The lists of people in the community section: ambassadors to thank, silent followers ready to
jump, members drifting away.

Each list is a segment function's result
(:func:`~libcommunity.segments.ambassador_roster`,
:func:`~libcommunity.segments.ready_to_jump`,
:func:`~libcommunity.segments.drifting_away`). People are shown by
pseudonym, or by handle with ``reveal``; a list of fewer than
``min_group`` people is withheld unless ``reveal`` (the report's
small-number rule). A list longer than :data:`MAX_PEOPLE` ends with "…and N
more": the rest of a list that is shown, not a group of its own.
"""

from __future__ import annotations

import pandas as pd

from ...segments.roster import WHY_COUNTS, why_text  # noqa: F401  (WHY_COUNTS re-exported)
from ..html import Html, heading, join, note, table
from ._common import identifier_column, identifiers, is_small, list_command, withheld

__all__ = ["roster_list", "ready_list", "drifting_list", "why", "MAX_PEOPLE", "WHY_COUNTS"]

#: Most people listed in one table; the rest are counted.
MAX_PEOPLE = 15
def why(report, row) -> str:
    """What an ambassador did in the window, in words of the report's language (zero counts left out)."""
    return why_text(row, report.t.plural)


def _people_table(report, frame: pd.DataFrame, columns: dict, *, caption: str, numeric=(), wide=()) -> Html:
    """A list of people: identifier first, then ``columns`` (title -> values); at most :data:`MAX_PEOPLE` rows, the
    rest counted with the command that lists them all (``libcommunity roster``)."""
    d, t = report.data, report.t
    shown = frame.head(MAX_PEOPLE)
    out = {identifier_column(report): identifiers(report, shown)}
    if len(d.platforms) > 1:
        out[t("col_platform")] = shown["platform"].astype("string").tolist()
    for name, values in columns.items():
        out[name] = list(values)[: len(shown)]
    parts = [table(pd.DataFrame(out), caption=caption, numeric=tuple(numeric), wide=tuple(wide),
                   ident=(identifier_column(report),))]
    if len(frame) > len(shown):
        parts.append(note(t("people_more", n=t.num(len(frame) - len(shown)), command=list_command(report, "roster"))))
    return join(parts)


def _guarded(report, frame, none_key: str, render) -> Html:
    """``render(frame)``, a note when empty, or the withheld note when it would single people out."""
    if frame is not None and frame.attrs.get("no_data_before"):  # nothing to compare with: say so, not "nobody"
        return note(report.t("transitions_no_data", month=report.t.month_short(report.data.month.previous)))
    if frame is None or frame.empty:
        return note(report.t(none_key))
    if is_small(report, len(frame)):
        return withheld(report)
    return render(frame)


def roster_list(report) -> Html:
    """Ambassadors to thank, with what they did."""
    t = report.t
    roster = report.data.roster

    def render(frame):
        return _people_table(
            report,
            frame,
            {
                t("col_what_they_did"): [why(report, r) for r in frame.to_dict("records")],
                t("col_ladder"): [t(f"ladder_{s}") for s in frame["ladder_step"]],
            },
            caption=t.people_plural("roster_caption", len(frame)),
            wide=(t("col_what_they_did"),),
        )

    return join([heading(t("roster_title")), _guarded(report, roster, "roster_none", render)])


def ready_list(report) -> Html:
    """Silent followers who started to react, share or mention: invite them to take the next step."""
    t = report.t
    ready = report.data.ready

    def render(frame):
        return _people_table(
            report,
            frame,
            {
                t("col_reactions"): [t.num(x) for x in frame["reactions"]],
                t("col_amplification"): [t.num(x) for x in frame["amplification"]],
                t("col_active_days"): [t.num(x) for x in frame["active_days"]],
            },
            caption=t.people_plural("ready_caption", len(frame)),
            numeric=(t("col_reactions"), t("col_amplification"), t("col_active_days")),
        )

    return join([heading(t("ready_title")), _guarded(report, ready, "ready_none", render)])


def _before_after(report, segment, step) -> str:
    t = report.t
    if segment is None or pd.isna(segment):
        return t("not_a_member")
    return f"{t(f'seg_{segment}')} · {t(f'ladder_{step}')}" if isinstance(step, str) else t(f"seg_{segment}")


def drifting_list(report) -> Html:
    """Ambassadors and community leaders of last month who stepped back, left or have gone quiet."""
    t = report.t
    drifting = report.data.drifting

    def render(frame):
        return _people_table(
            report,
            frame,
            {
                t("col_before"): [_before_after(report, s, l) for s, l in zip(frame["segment_before"], frame["ladder_before"])],
                t("col_reason"): [t(f"reason_{r}") for r in frame["reason"]],
                t("col_last_action"): [
                    "–" if pd.isna(x) else t.plural("days_ago", int(round(float(x)))) for x in frame["days_since_last_action"]
                ],
            },
            caption=t.people_plural("drifting_caption", len(frame)),
        )

    return join([heading(t("drifting_title")), _guarded(report, drifting, "drifting_none", render)])
