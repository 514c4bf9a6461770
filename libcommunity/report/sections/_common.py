"""Helpers every section uses: small-number care, who to show, changes, short texts."""

from __future__ import annotations

import re

import pandas as pd

from ...metrics.posts import RATE_COLUMNS
from ..html import Html, esc, esc_text, note
from ..marks import plain, unmark_input

__all__ = [
    "pct_axis",
    "metric_label",
    "format_metric",
    "is_small",
    "count_text",
    "withheld",
    "identifiers",
    "identifier_column",
    "change",
    "no_comparison",
    "shorten",
    "missing",
    "toc",
    "list_command",
    "MAX_TEXT",
]

#: Longest member or post text shown in a table cell (characters); longer texts end with "…".
MAX_TEXT = 200


def list_command(report, command: str, *, platform: bool = True) -> str:
    """The command line that lists all of a list the report cuts short: ``libcommunity <command> --account A --month M``
    (with ``--platform P`` in one platform's report, when the command takes it)."""
    d = report.data
    line = f"libcommunity {command} --account {d.account} --month {d.month}"
    if platform and getattr(d, "platform", None):
        line += f" --platform {d.platform}"
    return line


def pct_axis(report, values):
    """A percentage formatter for a chart axis: one decimal when every value is under 10 %, so ticks differ."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    digits = 1 if v.size and np.nanmax(np.abs(np.nan_to_num(v))) < 0.1 else 0
    return lambda x: report.t.pct(x, digits)


def is_small(report, n) -> bool:
    """Whether ``n`` people are too few to be shown: the report's small-number rule (``report.t.small``)."""
    return report.t.small.hides(n)


def count_text(report, n) -> str:
    """A count of people, or "fewer than K" when it would single people out (:meth:`Translator.people`)."""
    return report.t.people(n)


def withheld(report) -> Html:
    """The note that replaces a list of fewer than ``min_group`` people."""
    t = report.t
    return note(t("withheld_list", k=t.num(report.data.min_group)), kind="withheld")


def identifier_column(report) -> str:
    """The column title of the people in a list: handle with ``reveal``, pseudonym otherwise."""
    return report.t("col_handle" if report.data.reveal else "col_pseudonym")


def identifiers(report, frame: pd.DataFrame, *, member: str = "member") -> list[str]:
    """Who each row is: the original handle with ``reveal`` (pseudonym where unknown), else the pseudonym."""
    d = report.data
    pseudonyms = frame[member].astype("string").fillna("").tolist()
    if not d.reveal or d.identities is None or frame.empty:
        return pseudonyms
    handles = {(p, m): h for p, m, h in d.identities[["platform", "member", "handle"]].itertuples(index=False)}
    return [handles.get((p, m)) or m for p, m in zip(frame["platform"].astype("string"), pseudonyms)]


def change(report, delta, month_label: str, *, kind: str = "count", higher_is_better: bool = True) -> dict | None:
    """A card's change against another month, or None when it cannot be computed.

    Parameters
    ----------
    delta : float or None
        Value minus the other month's value (as :func:`libcommunity.metrics.growth.compare` gives it).
    month_label : str
        The other month, formatted.
    kind : {"count", "rate", "hours"}
        How the change is written: a signed count, percentage points, or a signed duration.
    higher_is_better : bool
        Whether a rise is good news (it is not for response times or lost followers).
    """
    t = report.t
    if delta is None or pd.isna(delta):
        return None
    delta = float(delta)
    if kind == "rate":
        text = t.points(delta)
    elif kind == "hours":
        text = ("+" if delta > 0 else "−" if delta < 0 else "±") + t.hours(abs(delta))
    else:
        text = t.signed(delta)
    direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
    good = delta > 0 if higher_is_better else delta < 0
    tone = "neutral" if delta == 0 else ("good" if good else "bad")
    return {"text": t("vs_month", change=text, month=month_label), "direction": direction, "tone": tone}


def no_comparison(report, growth: dict | None, figure: str, month_label: str) -> dict | None:
    """The card line that replaces a change that cannot be made: "no data for Oct 2024" (the other month has no data)
    or "not comparable with Oct 2024 (other platforms)"; None when the change can be made (or is simply unknown)."""
    growth = growth or {}
    if growth.get("has_data") is False:
        return {"text": report.t("vs_no_data", month=month_label), "direction": "none", "tone": "neutral"}
    if figure in (growth.get("not_comparable") or []):
        return {"text": report.t("vs_not_comparable", month=month_label), "direction": "none", "tone": "neutral"}
    return None


def shorten(text, limit: int = MAX_TEXT) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…" (empty for a missing text)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    one = re.sub(r"\s+", " ", unmark_input(str(text))).strip()
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def missing(report, key: str, **values) -> Html:
    """A note saying what the data does not hold."""
    return note(report.t(key, **values), kind="missing")


def toc(report, entries) -> Html:
    """The table of contents: ``entries`` are ``(anchor, title)`` pairs."""
    t = report.t
    items = "".join(f'<li><a href="#{esc(a)}">{esc_text(title)}</a></li>' for a, title in entries)
    markup = f'<nav class="toc" aria-label="{esc(t("contents"))}"><ol>{items}</ol></nav>'
    text = t("contents") + ": " + "; ".join(f"{i}. {plain(title)}" for i, (_a, title) in enumerate(entries, 1))
    return Html(markup, text)


def metric_label(report, metric: str, *, title: bool = False) -> str:
    """The metric's name with its denominator ("engagement rate by reach"; capitalised with ``title``)."""
    label = report.t(f"metric_{metric}")
    return label[:1].upper() + label[1:] if title else label


def format_metric(report, metric: str, value) -> str:
    """A value of ``metric``: a percentage for rates, a count otherwise."""
    return report.t.pct(value) if metric in RATE_COLUMNS else report.t.num(value, 1)
