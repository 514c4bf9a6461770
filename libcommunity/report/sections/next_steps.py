"""Section 6, what to do next: the recommendations of :mod:`libcommunity.report.recommend`, in words.

Each item says what to do and, underneath, the rule and threshold that
brought it up, so that the advice can be checked against the figures above.
"""

from __future__ import annotations

import pandas as pd

from ..html import Html, esc_text, note, section
from ..marks import plain
from ..recommend import recommend
from ._common import format_metric, metric_label
from .layout import question, title

__all__ = ["next_steps", "recommendation_texts", "PLURAL_RULES", "WITHHELD_VARIANTS"]

ANCHOR = "next-steps"
#: Rules whose text has a singular and a plural form (``rec_<rule>_one`` / ``rec_<rule>_other``).
PLURAL_RULES = frozenset({"answer_waiting", "complaints", "drifting", "invite", "thank", "follow_back"})
#: Rules with a second text (``rec_<rule>_few``) for when the small-number rule withholds a figure of the first.
WITHHELD_VARIANTS = frozenset({"community_ratio", "offline_link", "campaign"})
_RATES = frozenset({"rate", "share", "ratio", "overall", "target", "lift"})
#: Values that count people (besides ``n`` of a rule about people).
_PEOPLE = frozenset({"new", "lost", "members", "engaged", "online"})


def _format(report, rec) -> dict:
    t, v = report.t, rec.values
    out = {}
    for key, x in v.items():
        if (key == "n" and rec.people) or key in _PEOPLE:
            out[key] = t.people(x)
        elif rec.rule == "response_time" and key in ("median", "target"):
            out[key] = t.hours(x)
        elif key in _RATES:
            out[key] = t.pct(x, 0) if key in ("target", "lift") or (key == "share" and rec.rule == "follow_back") else t.pct(x)
        elif key == "month":
            out[key] = t.month(x)
        elif key == "date":
            out[key] = t.date(pd.Timestamp(x))
        elif key == "kind":
            out[key] = t(f"kind_{x}")
        elif key == "metric":
            out[key] = metric_label(report, x)
        elif key == "weekday":
            out[key] = t.weekday(int(x), "wide")
        elif key == "hour":
            out[key] = t.time_of_day(int(x))
        elif key in ("value", "low", "high", "median"):
            out[key] = format_metric(report, v["metric"], x)
        elif key == "level":
            out[key] = t.pct(x, 0)
        elif key == "posts" and rec.rule == "best_time":
            out[key] = t.plural("posts_n", int(x))
        elif key == "hashtag":
            out[key] = "#" + str(x)
        elif key in ("usual", "z"):
            out[key] = t.num(x, 1)
        elif key == "needs":  # what the waiting items need: ": 3 complaints, 5 questions" ("" when not known)
            out[key] = "".join([": ", ", ".join(t.plural(f"count_{k}", int(n)) for k, n in x.items())]) if x else ""
        else:
            out[key] = t.num(x)
    return out


def _withheld(report, rec) -> bool:
    """Whether the small-number rule withholds a figure of the rule's text (its ``_few`` text is used)."""
    small, v = report.t.small, rec.values
    if rec.rule == "community_ratio":
        return small.share(v.get("engaged"), v.get("followers"), v.get("ratio"), complement=False) is None
    if rec.rule == "offline_link":
        return small.share(v.get("online"), v.get("n"), v.get("share")) is None
    if rec.rule == "campaign":
        return small.hides(v.get("members"))
    return False


def recommendation_texts(report) -> list[tuple[str, str]]:
    """``(what to do, why)`` for every recommendation of the report, most urgent first (plain text)."""
    return [(plain(text), plain(why)) for text, why in _marked_texts(report)]


def _marked_texts(report) -> list[tuple[str, str]]:
    """:func:`recommendation_texts` with counts of people marked (:mod:`~libcommunity.report.marks`)."""
    t = report.t
    out = []
    for rec in recommend(report.data):
        values = _format(report, rec)
        if rec.rule in WITHHELD_VARIANTS and _withheld(report, rec):
            few = {"community_ratio": "engaged", "offline_link": "online", "campaign": "members"}[rec.rule]
            text = t.plural(f"rec_{rec.rule}_few", t.people_form(rec.values[few]), **values)
        elif rec.rule in PLURAL_RULES:
            n = rec.values["n"]
            text = t.plural(f"rec_{rec.rule}", t.people_form(n) if rec.people else n, **values)
        else:
            text = t(f"rec_{rec.rule}", **values)
        out.append((text, t(f"rec_{rec.rule}_why", **values)))
    return out


def next_steps(report) -> Html:
    """Section 6: what to do this month, with the rule behind each piece of advice."""
    t = report.t
    items = _marked_texts(report)
    if not items:
        body = note(t("rec_nothing"))
    else:
        lis = "".join(f'<li>{esc_text(text)}<span class="why">{esc_text(why)}</span></li>' for text, why in items)
        body = Html(f'<ul class="list-action">{lis}</ul>', "\n".join(f"- {plain(text)} ({plain(why)})" for text, why in items))
    return section(ANCHOR, title(report, ANCHOR), [body], question=question(report, ANCHOR))
