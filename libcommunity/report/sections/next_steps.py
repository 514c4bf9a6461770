"""Section 6, what to do next: the recommendations of :mod:`libcommunity.report.recommend`, in words.

Each item says what to do and, underneath, the rule and threshold that
brought it up, so that the advice can be checked against the figures above.
"""

from __future__ import annotations

import pandas as pd

from ..html import Html, esc, note, section
from ..recommend import recommend
from ._common import count_text, is_small
from ._common import format_metric, metric_label
from .layout import question, title

__all__ = ["next_steps", "recommendation_texts", "PLURAL_RULES"]

ANCHOR = "next-steps"
#: Rules whose text has a singular and a plural form (``rec_<rule>_one`` / ``rec_<rule>_other``).
PLURAL_RULES = frozenset({"answer_waiting", "complaints", "drifting", "invite", "thank", "follow_back"})
_RATES = frozenset({"rate", "share", "ratio", "overall", "target"})


def _format(report, rec) -> dict:
    t, v = report.t, rec.values
    out = {}
    for key, x in v.items():
        if key == "n" and rec.people:
            out[key] = count_text(report, x)
        elif rec.rule == "response_time" and key in ("median", "target"):
            out[key] = t.hours(x)
        elif key in _RATES:
            out[key] = t.pct(x, 0) if key == "target" else t.pct(x)
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
            out[key] = f"{int(x):02d}"
        elif key in ("value", "low", "high", "median"):
            out[key] = format_metric(report, v["metric"], x)
        elif key == "level":
            out[key] = t.pct(x, 0)
        elif key == "posts" and rec.rule == "best_time":
            out[key] = t.plural("posts_n", int(x))
        elif key == "hashtag":
            out[key] = "#" + str(x)
        elif key == "usual":
            out[key] = t.num(x, 1)
        elif key == "needs":  # what the waiting items need: ": 3 complaints, 5 questions" ("" when not known)
            out[key] = "".join([": ", ", ".join(t.plural(f"count_{k}", int(n)) for k, n in x.items())]) if x else ""
        else:
            out[key] = t.num(x)
    return out


def recommendation_texts(report) -> list[tuple[str, str]]:
    """``(what to do, why)`` for every recommendation of the report, most urgent first."""
    t = report.t
    out = []
    for rec in recommend(report.data):
        values = _format(report, rec)
        if rec.rule in PLURAL_RULES:
            n = int(rec.values["n"])
            form_n = 2 if rec.people and is_small(report, n) else n
            text = t.plural(f"rec_{rec.rule}", form_n, **values)
        else:
            text = t(f"rec_{rec.rule}", **values)
        out.append((text, t(f"rec_{rec.rule}_why", **values)))
    return out


def next_steps(report) -> Html:
    """Section 6: what to do this month, with the rule behind each piece of advice."""
    t = report.t
    items = recommendation_texts(report)
    if not items:
        body = note(t("rec_nothing"))
    else:
        lis = "".join(f'<li>{esc(text)}<span class="why">{esc(why)}</span></li>' for text, why in items)
        body = Html(f'<ul class="list-action">{lis}</ul>', "\n".join(f"- {text} ({why})" for text, why in items))
    return section(ANCHOR, title(report, ANCHOR), [body], question=question(report, ANCHOR))
