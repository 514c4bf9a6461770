"""Section 2, conversation: do we answer everyone who needs an answer, and fast? What did people tell us?

Figures are ``monthly_summary()["response"]`` (the items that need a reply:
questions, requests, complaints, direct messages, texts that cannot be
judged) first, then ``response_all`` (every comment, mention and message),
``feedback``, ``acknowledgement`` and ``member_to_member_share``. The
response-time chart counts the month's items that need a reply
(:func:`libcommunity.metrics.response_items`) by their ``response_hours``,
with the same inclusive 24-hour bound as ``within_24h``; the waiting list is
:func:`libcommunity.metrics.unanswered_items` (older than 48 hours,
complaints first, then the longest wait); "What people told us" lists the
month's complaints. Member texts are escaped, contact details redacted and
shown without any identifier unless ``reveal``, when the author's handle is
added; links go only to the posts' own ``http(s)`` addresses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..charts import PALETTE
from ..html import Html, cards, heading, note, paragraph, safe_url, section, table
from ..plots import bar_chart
from ...redact import redact_contacts
from ._common import identifiers, list_command, missing, shorten
from .layout import question, title

__all__ = ["conversation", "response_buckets", "unanswered_table", "complaints_table", "told_us", "BUCKETS",
           "MAX_UNANSWERED", "MAX_COMPLAINTS"]

ANCHOR = "conversation"
#: Upper bounds (hours, inclusive) of the response-time bars, and their text keys.
BUCKETS = ((1.0, "bucket_1h"), (4.0, "bucket_4h"), (24.0, "bucket_24h"), (48.0, "bucket_48h"), (np.inf, "bucket_later"))
#: Most unanswered items listed; the rest are counted.
MAX_UNANSWERED = 15
#: Most complaints listed under "What people told us"; the rest are counted.
MAX_COMPLAINTS = 15


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


def _needs_reply(items: pd.DataFrame | None) -> pd.DataFrame | None:
    """The items that need a reply (all of them for a table without the column)."""
    if items is None or "needs_reply" not in items:
        return items
    return items[items["needs_reply"].astype(bool)]


def _chart(report) -> Html | None:
    d, t = report.data, report.t
    items = _needs_reply(d.items)
    if items is None or items.empty:
        return None
    b = response_buckets(items)
    labels = [t(k) for k in b["key"]]
    value_labels = [f"{t.num(n)} ({t.pct(s, 0)})" for n, s in zip(b["items"], b["share"])]
    colours = [PALETTE[2]] * 3 + [PALETTE[0], PALETTE[5], "#8c8c96"]
    alt = t("alt_response_needs", values="; ".join(f"{lab}: {v}" for lab, v in zip(labels, value_labels)))
    return bar_chart(labels, b["items"].to_numpy(float), value_labels=value_labels, colours=colours, alt=alt, fmt=t.num,
                     integer=True)


def _texts(report, texts) -> list[str]:
    """Member texts for a table cell: on one line, shortened, contact details redacted unless ``reveal``."""
    return [shorten(x if report.data.reveal else redact_contacts(x)) for x in texts]


def _posts(report, urls) -> tuple[list[str], list]:
    """The "Post" column: a link text where the export gives the post's ``http(s)`` address, "–" otherwise
    (no address, or one a report does not link to); and the URLs."""
    urls = [safe_url(u) for u in urls]
    return [report.t("post_link") if u else "–" for u in urls], urls


def _item_table(report, shown: pd.DataFrame, first: dict, last: dict, caption: str) -> Html:
    """A table of member items: ``first`` columns, the text, when and what, ``last`` columns, the post link,
    the platform (several platforms) and the handle (``reveal``)."""
    d, t = report.data, report.t
    post_col = t("col_post")
    posts, urls = _posts(report, shown["post_url"] if "post_url" in shown else [None] * len(shown))
    frame = pd.DataFrame({
        **first,
        t("col_text"): _texts(report, shown["text"]),
        t("col_received"): [f"{t.datetime(x)} · {t(f'item_{k}')}" for x, k in zip(shown["created_at"], shown["kind"])],
        **last,
        post_col: posts,
    })
    if len(d.platforms) > 1:
        frame.insert(len(frame.columns) - 1, t("col_platform"), shown["platform"].astype("string").tolist())
    if d.reveal:
        frame.insert(0, t("col_handle"), identifiers(report, shown, member="member_id"))
    numeric = tuple(c for c in (t("col_waiting"),) if c in frame.columns)
    return table(frame, caption=caption, numeric=numeric, wide=(t("col_text"),), ident=(t("col_handle"),),
                 links={post_col: urls})


def unanswered_table(report) -> Html:
    """The items that need a reply, unanswered for more than 48 hours: complaints first, then the longest wait."""
    d, t = report.data, report.t
    u = d.unanswered
    if u is None or u.empty:
        return note(t("waiting_none", hours=t.num(d.unanswered_hours)))
    shown = u.head(MAX_UNANSWERED)
    needs = shown["need"] if "need" in shown else pd.Series([None] * len(shown))
    parts = [_item_table(
        report, shown,
        {t("col_need"): [t(f"need_{k}") if isinstance(k, str) else "–" for k in needs]},
        {t("col_waiting"): [t.hours(h) for h in shown["hours_waiting"]]},
        t("waiting_caption", n=t.num(len(u))),
    )]
    if len(u) > len(shown):
        parts.append(note(t("waiting_more", n=t.num(len(u) - len(shown)), command=list_command(report, "todo"))))
    return Html("".join(p.html for p in parts), "\n".join(p.text for p in parts))


def complaints_table(report) -> Html:
    """The month's complaints, answered or not (oldest first), with how long the answer took."""
    d, t = report.data, report.t
    items = d.items
    if items is None or "complaint" not in items or not items["complaint"].any():
        return note(t("complaints_none"))
    found = items[items["complaint"].astype(bool)]
    shown = found.head(MAX_COMPLAINTS)
    answered = [t("answered_after", time=t.hours(h)) if a else t("not_answered")
                for a, h in zip(shown["answered"], shown["response_hours"])]
    parts = [_item_table(report, shown, {}, {t("col_answered"): answered}, t.plural("complaints_caption", len(found)))]
    if len(found) > len(shown):
        parts.append(note(t("complaints_more", n=t.num(len(found) - len(shown)))))
    return Html("".join(p.html for p in parts), "\n".join(p.text for p in parts))


def told_us(report) -> list[Html]:
    """"What people told us": the month's complaints, questions, requests and praise, what there was to thank people
    for and how much of it the library acknowledged, and the complaints themselves."""
    d, t = report.data, report.t
    f, a = d.summary.get("feedback") or {}, d.summary.get("acknowledgement") or {}
    parts = [heading(t("told_title"))]
    if f.get("items") is not None:
        parts.append(paragraph(t("told_counts", items=t.num(f["items"]), complaints=t.plural("count_complaint", f["complaints"]),
                                 questions=t.plural("count_question", f["questions"]),
                                 requests=t.plural("count_request", f["requests"]), praise=t.plural("count_praise", f["praise"]))))
    if a.get("items"):
        parts.append(paragraph(t("told_thanks", shares=t.plural("count_share", a["shares"]), ugc=t.plural("count_ugc", a["ugc"]),
                                 praise=t.plural("count_praise", a["praise"]), acknowledged=t.num(a["acknowledged"]),
                                 items=t.num(a["items"]), rate=t.pct(a["rate"]))))
    elif a.get("items") == 0:
        parts.append(paragraph(t("told_thanks_none")))
    parts.append(complaints_table(report))
    return parts


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
            comments=t.plural("member_comments_of_n", comments),
            prev_month=t.month_short(d.month.previous),
            prev=before("mom"),
            year_month=t.month_short(d.month.shift(-12)),
            year=before("yoy"),
        )
    )


def _all_items(report) -> Html | None:
    """The figures over every comment, mention and message, and the items without a text to judge."""
    d, t = report.data, report.t
    r, every = d.summary.get("response") or {}, d.summary.get("response_all") or {}
    if every.get("items") is None:
        return None
    text = t("response_all_text", answered=t.num(every["answered"]), items=t.num(every["items"]), rate=t.pct(every["rate"]))
    if r.get("unjudged"):
        text += " " + t("unjudged_text", n=t.num(r["unjudged"]))
    return paragraph(text)


def conversation(report) -> Html:
    """Section 2: response to what needs a reply, what is still waiting, what people told us, members talking."""
    d, t = report.data, report.t
    if not d.has_interactions:
        return section(ANCHOR, title(report, ANCHOR), [missing(report, "missing_conversation")], question=question(report, ANCHOR))
    if not d.interactions_covered:  # no interaction data for the month: no figure, not "nothing is waiting"
        return section(ANCHOR, title(report, ANCHOR), [missing(report, "conversation_no_data", month=t.month(d.month))],
                       question=question(report, ANCHOR))
    r = d.summary.get("response") or {}
    figures = cards(
        [
            {"label": t("card_items"), "value": t.num(r.get("items")), "detail": t("card_needs_detail")},
            {"label": t("card_response_rate_needs"), "value": t.pct(r.get("rate")),
             "detail": t("card_response_detail", answered=t.num(r.get("answered")), items=t.num(r.get("items")))},
            {"label": t("card_median_time"), "value": t.hours(r.get("median_hours")),
             "detail": t("card_p90_detail", p90=t.hours(r.get("p90_hours")))},
            {"label": t("card_within_24h"), "value": t.pct(r.get("within_24h"))},
            {"label": t("card_waiting"), "value": t.num(len(d.unanswered) if d.unanswered is not None else 0),
             "detail": t("card_waiting_detail", hours=t.num(d.unanswered_hours))},
        ]
    )
    parts = [figures]
    every = _all_items(report)
    if every is not None:
        parts.append(every)
    if r.get("items"):
        parts += [heading(t("response_chart_title")), _chart(report)]
    else:
        parts.append(note(t("response_none_needs")))
    parts += [heading(t("unanswered_title", hours=t.num(d.unanswered_hours))), unanswered_table(report)]
    if d.summary.get("as_of"):
        parts.append(note(t("unanswered_as_of", date=t.datetime(d.summary["as_of"]))))
    parts += told_us(report)
    parts += [heading(t("m2m_title")), _m2m(report)]
    return section(ANCHOR, title(report, ANCHOR), parts, question=question(report, ANCHOR))
