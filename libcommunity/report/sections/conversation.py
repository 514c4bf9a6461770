"""Section 2, conversation: do we answer everyone, and fast? Do members talk to each other?

Figures are ``monthly_summary()["response"]`` and ``member_to_member_share``;
the response-time chart counts the month's items
(:func:`libcommunity.metrics.response_items`) by their ``response_hours``,
with the same inclusive 24-hour bound as ``within_24h``; the list is
:func:`libcommunity.metrics.unanswered_items` (older than 48 hours).
Member texts are escaped and shown without any identifier unless
``reveal``, when the author's handle is added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..charts import PALETTE
from ..html import Html, cards, heading, note, paragraph, section, table
from ..plots import bar_chart
from ...redact import redact_contacts
from ._common import identifiers, missing, shorten
from .layout import question, title

__all__ = ["conversation", "response_buckets", "unanswered_table", "BUCKETS", "MAX_UNANSWERED"]

ANCHOR = "conversation"
#: Upper bounds (hours, inclusive) of the response-time bars, and their text keys.
BUCKETS = ((1.0, "bucket_1h"), (4.0, "bucket_4h"), (24.0, "bucket_24h"), (48.0, "bucket_48h"), (np.inf, "bucket_later"))
#: Most unanswered items listed; the rest are counted.
MAX_UNANSWERED = 15


def response_buckets(items: pd.DataFrame) -> pd.DataFrame:
    """Items per response-time band, and those not answered.

    Returns
    -------
    DataFrame
        ``key`` (text key of the band), ``items``, ``share`` (of all items);
        the bands of :data:`BUCKETS` then ``bucket_unanswered``.
    """
    hours = pd.to_numeric(items["response_hours"]).astype(float)
    answered = items["answered"].astype(bool)
    rows, lower = [], -np.inf
    for upper, key in BUCKETS:
        rows.append({"key": key, "items": int(((hours > lower) & (hours <= upper) & answered).sum())})
        lower = upper
    rows.append({"key": "bucket_unanswered", "items": int((~answered).sum())})
    out = pd.DataFrame(rows)
    total = len(items)
    out["share"] = out["items"] / total if total else np.nan
    return out


def _chart(report) -> Html | None:
    d, t = report.data, report.t
    if d.items is None or d.items.empty:
        return None
    b = response_buckets(d.items)
    labels = [t(k) for k in b["key"]]
    value_labels = [f"{t.num(n)} ({t.pct(s, 0)})" for n, s in zip(b["items"], b["share"])]
    colours = [PALETTE[2]] * 3 + [PALETTE[0], PALETTE[5], "#8c8c96"]
    alt = t("alt_response", values="; ".join(f"{lab}: {v}" for lab, v in zip(labels, value_labels)))
    return bar_chart(labels, b["items"].to_numpy(float), value_labels=value_labels, colours=colours, alt=alt, fmt=t.num,
                     integer=True)


def unanswered_table(report) -> Html:
    """The unanswered items older than 48 hours: when, how long, what (and who, with ``reveal``)."""
    d, t = report.data, report.t
    u = d.unanswered
    if u is None or u.empty:
        return note(t("unanswered_none"))
    shown = u.head(MAX_UNANSWERED)
    frame = pd.DataFrame(
        {
            t("col_text"): [shorten(x if d.reveal else redact_contacts(x)) for x in shown["text"]],
            t("col_received"): [f"{t.datetime(x)} · {t(f'item_{k}')}" for x, k in zip(shown["created_at"], shown["kind"])],
            t("col_waiting"): [t.hours(h) for h in shown["hours_waiting"]],
        }
    )
    if len(d.platforms) > 1:
        frame.insert(2, t("col_platform"), shown["platform"].astype("string").tolist())
    if d.reveal:
        frame.insert(0, t("col_handle"), identifiers(report, shown, member="member_id"))
    parts = [table(frame, caption=t("unanswered_caption", n=t.num(len(u))), numeric=(t("col_waiting"),), wide=(t("col_text"),),
                   ident=(t("col_handle"),))]
    if len(u) > len(shown):
        parts.append(note(t("unanswered_more", n=t.num(len(u) - len(shown)))))
    return Html("".join(p.html for p in parts), "\n".join(p.text for p in parts))


def _m2m(report) -> Html:
    d, t = report.data, report.t
    s = d.summary
    share = s.get("member_to_member_share")
    comments = (s.get("interactions") or {}).get("comment", 0)
    if share is None:
        return note(t("m2m_none"))
    g = s.get("growth") or {}

    def before(key):  # the share of the other month, or "no data" for a month without data
        other = g.get(key) or {}
        if other.get("has_data") is False:
            return t("no_data_short")
        return t.pct((other.get("member_to_member_share") or {}).get("previous"))

    return paragraph(
        t(
            "m2m_text",
            share=t.pct(share),
            comments=t.num(comments),
            prev_month=t.month_short(d.month.previous),
            prev=before("mom"),
            year_month=t.month_short(d.month.shift(-12)),
            year=before("yoy"),
        )
    )


def conversation(report) -> Html:
    """Section 2: response performance, the questions still waiting, member-to-member conversation."""
    d, t = report.data, report.t
    if not d.has_interactions:
        return section(ANCHOR, title(report, ANCHOR), [missing(report, "missing_conversation")], question=question(report, ANCHOR))
    r = d.summary.get("response") or {}
    figures = cards(
        [
            {"label": t("card_items"), "value": t.num(r.get("items")), "detail": t("card_items_detail")},
            {"label": t("card_response_rate"), "value": t.pct(r.get("rate")),
             "detail": t("card_response_detail", answered=t.num(r.get("answered")), items=t.num(r.get("items")))},
            {"label": t("card_median_time"), "value": t.hours(r.get("median_hours")),
             "detail": t("card_p90_detail", p90=t.hours(r.get("p90_hours")))},
            {"label": t("card_within_24h"), "value": t.pct(r.get("within_24h"))},
            {"label": t("card_waiting"), "value": t.num(len(d.unanswered) if d.unanswered is not None else 0),
             "detail": t("card_waiting_detail", hours=t.num(d.unanswered_hours))},
        ]
    )
    parts = [figures]
    if r.get("items"):
        parts += [heading(t("response_chart_title")), _chart(report)]
    else:
        parts.append(note(t("response_none")))
    parts += [heading(t("unanswered_title", hours=t.num(d.unanswered_hours))), unanswered_table(report)]
    if d.summary.get("as_of"):
        parts.append(note(t("unanswered_as_of", date=t.datetime(d.summary["as_of"]))))
    parts += [heading(t("m2m_title")), _m2m(report)]
    return section(ANCHOR, title(report, ANCHOR), parts, question=question(report, ANCHOR))
