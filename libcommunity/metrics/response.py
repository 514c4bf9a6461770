"""Do we answer everyone who needs an answer, and fast? Do we thank people? Response and acknowledgement.

Definitions (``docs/metrics.md``, "Response"; after Meta's response rate and
response time, Sprout Social's reply times and CHAOSS "Time to First Response"):

* A *conversation item* is a member ``comment``, ``mention`` or ``message``
  created in the window that does not reply to *another member*: its
  ``reply_to`` is empty, or points to a library-side interaction, to the
  member's own interaction, or to an interaction that is not in the store.
* An item *needs a reply* when it is a direct message, when its text cannot
  be judged (missing or empty: answer everyone), or when
  :func:`libcommunity.conversation.classify` finds a question, a request or
  a complaint in it, in the account's language (:mod:`.judged`).
* An item is *answered* when some library-side interaction (``by_library`` or
  by staff, any kind, any time, also after the month) has ``reply_to`` equal
  to the item. Its response time is the first such reply minus the item
  (later replies change nothing); a reply stamped before its item counts as
  0 hours.
* ``response`` is computed over the items that need a reply, ``response_all``
  over every item: ``rate`` = answered / items; ``within_24h`` = items
  answered within 24 h (inclusive) / items; ``median_hours`` and ``p90_hours``
  are linear-interpolation quantiles (numpy's default, DuckDB
  ``quantile_cont``) of the answered items' response times. Null when the
  denominator is zero. ``response.unjudged`` counts the items whose text
  cannot be judged.
* ``acknowledgement``: the month's things to thank people for (member
  ``share`` and ``ugc`` interactions, and items whose text is praise), how
  many the library *reacted to* (a library-side ``reaction`` whose
  ``reply_to`` is the interaction) or *replied to* (a library-side
  interaction of any other kind whose ``reply_to`` is it), any time.
* ``feedback``: how many items are complaints, questions, requests, praise.
* A library reply to a member-to-member reply is not counted: that comment
  is not an item, so it is neither in the numerator nor in the denominator.
* ``member_to_member_share`` = member comments in the window whose
  ``reply_to`` is an interaction of another member, over all member comments
  in the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .judged import judge_conversation
from .scope import open_scope
from .window import Window, windows_sql

__all__ = [
    "ITEM_KINDS",
    "THANKS_KINDS",
    "RESPONSE_KEYS",
    "ACKNOWLEDGEMENT_KEYS",
    "FEEDBACK_KEYS",
    "response_figures",
    "member_to_member_share",
    "conversation_figures",
    "response_time_bands",
    "data_horizon",
    "count_unanswered",
    "resolve_as_of",
    "ensure_conversation",
    "items_sql",
    "epoch_us",
]

#: Member interaction kinds that are conversation items (they may need the library's reply).
ITEM_KINDS = ("comment", "mention", "message")

#: Member interaction kinds that are things to thank people for, whatever their text.
THANKS_KINDS = ("share", "ugc")

_CONVERSATION = """
CREATE OR REPLACE TEMP TABLE lc_conv_raw AS
WITH cand AS (
  {candidates}
), targets AS (
  SELECT c.platform, c.interaction_id,
         coalesce(NOT t.library_side AND t.member_id <> c.member_id, false) AS to_other_member
  FROM cand c JOIN lc_acts t ON t.platform = c.platform AND t.interaction_id = c.reply_to
  WHERE c.reply_to IS NOT NULL
), first_replies AS (
  SELECT r.platform, r.reply_to AS interaction_id, min(r.created_at) AS first_reply_at,
         bool_or(r.kind = 'reaction') AS reacted, bool_or(r.kind <> 'reaction') AS replied
  FROM lc_acts r
  WHERE r.library_side AND r.reply_to IS NOT NULL AND r.reply_to IN (SELECT interaction_id FROM cand)
  GROUP BY r.platform, r.reply_to
)
SELECT c.platform, c.interaction_id, c.member_id, c.kind, c.created_at, c.post_id, c.text,
       coalesce(t.to_other_member, false) AS to_other_member,
       c.kind IN ('comment', 'mention', 'message') AND NOT coalesce(t.to_other_member, false) AS item,
       f.first_reply_at, coalesce(f.reacted, false) AS reacted, coalesce(f.replied, false) AS replied,
       CASE WHEN f.first_reply_at IS NULL THEN NULL
            ELSE greatest(epoch(f.first_reply_at) - epoch(c.created_at), 0) / 3600.0 END AS response_hours
FROM cand c
LEFT JOIN targets t USING (platform, interaction_id)
LEFT JOIN first_replies f USING (platform, interaction_id)
"""

#: Conversation items of a window (``needs_reply`` in the filter keeps those that need a reply).
_ITEMS = """
WITH items AS (
  SELECT * FROM lc_conv
  WHERE item AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ {extra}
)
"""


def epoch_us(t) -> int:
    """Microseconds since the epoch of a UTC timestamp."""
    return int((t - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1))


def items_sql(needs_reply: bool) -> str:
    """A ``WITH items AS (...)`` clause: the conversation items of the window ``$start``..``$end`` (those that need a
    reply when ``needs_reply``), from ``lc_conv`` (:func:`ensure_conversation` first)."""
    return _ITEMS.format(extra="AND needs_reply" if needs_reply else "")


def ensure_conversation(scope, *windows: Window) -> None:
    """Build the temporary table ``lc_conv`` for ``windows`` unless it already covers them.

    One row per member comment, mention, message, share or UGC created in one
    of the windows, with ``text``, ``to_other_member`` (it replies to another
    member's interaction), ``item`` (a conversation item: a comment, mention
    or message not replying to another member), ``first_reply_at`` (the first
    library-side interaction replying to it, any time), ``reacted`` and
    ``replied`` (a library-side reaction, or interaction of another kind,
    replies to it), ``response_hours``, and what its text says
    (:func:`~libcommunity.metrics.judged.judge_conversation`: ``question``,
    ``request``, ``complaint``, ``praise``, ``unjudged``, ``needs_reply``,
    ``thanks_due``). Building it reads the account's whole history (reply
    targets and replies can be anywhere in it), so callers that need several
    windows (the month, the month before, the year before; a report: its
    thirteen months) pass them all at once; every later query of the scope is
    answered from the small table. A call for a window the table does not
    cover rebuilds it for the old and the new windows together (texts
    already judged in the scope are not judged again).
    """
    wanted = sorted({(epoch_us(w.start), epoch_us(w.end)) for w in windows})
    have = scope.memo(("conversation_spans",), list)  # the spans lc_conv covers, kept in the scope
    if have and all(any(lo <= a and b <= hi for lo, hi in have) for a, b in wanted):
        return
    spans = _merge(set(have) | set(wanted))
    # One scan per disjoint span, each with constant bounds so Parquet row groups are skipped.
    epoch = pd.Timestamp(0, tz="UTC")
    kinds = ", ".join(f"'{k}'" for k in ITEM_KINDS + THANKS_KINDS)
    selects = [
        "SELECT platform, interaction_id, member_id, kind, created_at, post_id, reply_to, text FROM lc_member_acts "
        f"WHERE kind IN ({kinds}) "
        f"AND created_at >= '{(epoch + pd.Timedelta(microseconds=lo)).isoformat()}'::TIMESTAMPTZ "
        f"AND created_at < '{(epoch + pd.Timedelta(microseconds=hi)).isoformat()}'::TIMESTAMPTZ"
        for lo, hi in spans
    ]
    scope.execute(_CONVERSATION.format(candidates="\n  UNION ALL\n  ".join(selects)))
    try:
        judge_conversation(scope, "lc_conv_raw", "lc_conv")
    finally:
        scope.execute("DROP TABLE IF EXISTS lc_conv_raw")
    have[:] = spans
    scope.stats["conversation_builds"] += 1


def _merge(spans) -> list[tuple[int, int]]:
    """Overlapping or touching ``(lo, hi)`` spans merged into disjoint ones, sorted."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _ratio(num, den):
    return None if not den else float(num) / float(den)


def _float_or_none(v):
    return None if v is None or pd.isna(v) else float(v)


#: The keys of ``response`` and ``response_all`` (``response`` adds ``unjudged``; ``monthly_summary`` adds
#: ``unanswered_over_48h`` to both).
RESPONSE_KEYS = ("items", "answered", "rate", "median_hours", "p90_hours", "within_24h")
#: The keys of ``acknowledgement``.
ACKNOWLEDGEMENT_KEYS = ("items", "shares", "ugc", "praise", "acknowledged", "reacted", "replied", "rate")
#: The keys of ``feedback``.
FEEDBACK_KEYS = ("items", "complaints", "questions", "requests", "praise")


def _response_sql(where: str) -> str:
    return (
        f"count(*) FILTER (WHERE {where}), count(c.first_reply_at) FILTER (WHERE {where}), "
        f"CAST(median(c.response_hours) FILTER (WHERE {where}) AS DOUBLE), "
        f"CAST(quantile_cont(c.response_hours, 0.9) FILTER (WHERE {where}) AS DOUBLE), "
        f"count(*) FILTER (WHERE {where} AND c.response_hours <= 24)"
    )


def _response_dict(items, answered, median, p90, within) -> dict:
    return {
        "items": int(items),
        "answered": int(answered),
        "rate": _ratio(answered, items),
        "median_hours": _float_or_none(median),
        "p90_hours": _float_or_none(p90),
        "within_24h": _ratio(within, items),
    }


def conversation_figures(scope, windows) -> list[dict]:
    """The conversation figures of each of ``windows``, from one query of the conversation table.

    Returns
    -------
    list of dict
        One per window: ``response`` (items that need a reply, with
        ``unjudged``), ``response_all`` (every item), ``acknowledgement``,
        ``feedback`` and ``member_to_member_share``; see the module docstring.
    """
    windows = list(windows)
    ensure_conversation(scope, *windows)
    rows = scope.rows(
        f"""
        SELECT w.i,
               {_response_sql("c.needs_reply")},
               count(*) FILTER (WHERE c.unjudged),
               {_response_sql("c.item")},
               count(*) FILTER (WHERE c.kind = 'share'), count(*) FILTER (WHERE c.kind = 'ugc'),
               count(*) FILTER (WHERE c.praise),
               count(c.first_reply_at) FILTER (WHERE c.thanks_due),
               count(*) FILTER (WHERE c.thanks_due AND c.reacted),
               count(*) FILTER (WHERE c.thanks_due AND c.replied),
               count(*) FILTER (WHERE c.complaint), count(*) FILTER (WHERE c.question),
               count(*) FILTER (WHERE c.request),
               count(*) FILTER (WHERE c.kind = 'comment') AS comments,
               count(*) FILTER (WHERE c.kind = 'comment' AND c.to_other_member) AS m2m
        FROM {windows_sql(windows)}
        LEFT JOIN lc_conv c ON c.created_at >= w.win_start AND c.created_at < w.win_end
        GROUP BY w.i ORDER BY w.i
        """
    )
    out = []
    for row in rows:
        row = row[1:]
        response = {**_response_dict(*row[0:5]), "unjudged": int(row[5])}
        response_all = _response_dict(*row[6:11])
        shares, ugc, praise, acknowledged, reacted, replied = (int(v) for v in row[11:17])
        complaints, questions, requests = (int(v) for v in row[17:20])
        comments, m2m = row[20:22]
        thanks_due = shares + ugc + praise
        out.append({
            "response": response,
            "response_all": response_all,
            "acknowledgement": {
                "items": thanks_due,
                "shares": shares,
                "ugc": ugc,
                "praise": praise,
                "acknowledged": acknowledged,
                "reacted": reacted,
                "replied": replied,
                "rate": _ratio(acknowledged, thanks_due),
            },
            "feedback": {
                "items": response_all["items"],
                "complaints": complaints,
                "questions": questions,
                "requests": requests,
                "praise": praise,
            },
            "member_to_member_share": _ratio(m2m, comments),
        })
    return out


def response_figures(scope, w: Window) -> dict:
    """``response`` of ``w``: the items that need a reply (see :func:`conversation_figures`)."""
    return conversation_figures(scope, [w])[0]["response"]


def member_to_member_share(scope, w: Window) -> float | None:
    """Member comments in ``w`` that reply to another member's interaction / all member comments in ``w``."""
    return conversation_figures(scope, [w])[0]["member_to_member_share"]


def data_horizon(scope) -> pd.Timestamp | None:
    """The latest timestamp in the scope's data (interactions and posts), UTC; None if empty."""

    def read():
        (epoch,) = scope.one(
            """
            SELECT max(e) FROM (
              SELECT max(epoch_us(created_at)) AS e FROM lc_all_acts
              UNION ALL SELECT max(epoch_us(published_at)) FROM lc_posts
            )
            """
        )
        return None if epoch is None else pd.Timestamp(int(epoch), unit="us", tz="UTC")

    return scope.memo(("data_horizon",), read)


def resolve_as_of(scope, as_of) -> pd.Timestamp | None:
    """``as_of`` as a UTC timestamp (naive means UTC); None gives :func:`data_horizon`."""
    if as_of is None:
        return data_horizon(scope)
    try:
        t = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        raise ParameterError(f"as_of must be a timestamp such as 2025-11-01T00:00Z; got {as_of!r} instead") from None
    return t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")


def response_time_bands(store, account: str, month, *, bounds=(1.0, 4.0, 24.0, 48.0), months: int = 1,
                        needs_reply: bool = True) -> pd.DataFrame:
    """How many of the month's items that need a reply were answered within each band of hours, counted in DuckDB.

    The aggregate behind a response-time chart, so that the items
    themselves need not leave the database (:func:`~libcommunity.metrics.items.response_items` lists them).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    bounds : sequence of float
        Increasing upper bounds (hours, inclusive) of the bands; a last band
        collects the answers slower than ``bounds[-1]``.
    months : int, default 1
    needs_reply : bool, default True
        Count the items that need a reply (``response``); False: every item (``response_all``).

    Returns
    -------
    DataFrame
        One row per band: ``lower_hours`` (exclusive; ``-inf`` for the
        first), ``upper_hours`` (inclusive; ``inf`` for the last),
        ``answered`` (True), ``items``, ``share`` (of all items); then one row
        for the unanswered items (``answered`` False, bounds NaN). ``share``
        is NaN when the month has no item.
    """
    try:
        edges = [float(b) for b in bounds]
    except (TypeError, ValueError):
        edges = []
    if not edges or any(not b > a for a, b in zip(edges, edges[1:])) or not edges[0] >= 0 or not np.isfinite(edges[-1]):
        raise ParameterError(f"bounds must be increasing finite numbers of hours >= 0; got {bounds!r} instead")
    lowers, uppers = [-np.inf, *edges], [*edges, np.inf]
    bands = ", ".join(
        "count(*) FILTER (WHERE first_reply_at IS NOT NULL"
        + ("" if np.isinf(lo) else f" AND response_hours > {lo!r}")
        + ("" if np.isinf(up) else f" AND response_hours <= {up!r}")
        + ")"
        for lo, up in zip(lowers, uppers)
    )
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        ensure_conversation(scope, w)
        row = scope.one(items_sql(bool(needs_reply)) + f"SELECT count(*), count(*) FILTER (WHERE first_reply_at IS NULL), {bands} FROM items", w.params())
    total, unanswered, counts = int(row[0]), int(row[1]), [int(n) for n in row[2:]]
    rows = [{"lower_hours": lo, "upper_hours": up, "answered": True, "items": n} for lo, up, n in zip(lowers, uppers, counts)]
    rows.append({"lower_hours": np.nan, "upper_hours": np.nan, "answered": False, "items": unanswered})
    out = pd.DataFrame(rows)
    out["share"] = out["items"] / total if total else np.nan
    return out


def count_unanswered(scope, w: Window, now, limit: float = 48, *, needs_reply: bool = True) -> int:
    """How many items of ``w`` (that need a reply, unless ``needs_reply`` is False) are unanswered and older than
    ``limit`` hours at ``now``."""
    if now is None:
        return 0
    ensure_conversation(scope, w)
    (n,) = scope.one(
        items_sql(needs_reply)
        + """
        SELECT count(*) FROM items
        WHERE first_reply_at IS NULL AND ($now_us - epoch_us(created_at)) / 3600e6 > $limit
        """,
        {**w.params(), "now_us": epoch_us(now), "limit": float(limit)},
    )
    return int(n)
