"""Do we answer everyone, and fast? Items that need a response, response rate and times.

Definitions (``docs/metrics.md``, "Response"; after Meta's response rate and
response time, Sprout Social's reply times and CHAOSS "Time to First Response"):

* An *item* is a member ``comment``, ``mention`` or ``message`` created in the
  window that does not reply to *another member*: its ``reply_to`` is empty,
  or points to a library-side interaction, to the member's own interaction,
  or to an interaction that is not in the store.
* An item is *answered* when some library-side interaction (``by_library`` or
  by staff, any kind, any time, also after the month) has ``reply_to`` equal
  to the item. Its response time is the first such reply minus the item
  (later replies change nothing); a reply stamped before its item counts as
  0 hours.
* ``rate`` = answered / items; ``within_24h`` = items answered within 24 h
  (inclusive) / items; ``median_hours`` and ``p90_hours`` are linear-
  interpolation quantiles (numpy's default, DuckDB ``quantile_cont``) of the
  answered items' response times. Null when the denominator is zero.
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
from .scope import open_scope
from .window import Window, windows_sql

__all__ = [
    "ITEM_KINDS",
    "response_figures",
    "member_to_member_share",
    "conversation_figures",
    "response_items",
    "unanswered_items",
    "response_time_bands",
    "data_horizon",
    "count_unanswered",
    "resolve_as_of",
    "ensure_conversation",
]

#: Member interaction kinds that need a response from the library.
ITEM_KINDS = ("comment", "mention", "message")

_CONVERSATION = """
CREATE OR REPLACE TEMP TABLE lc_conv AS
WITH cand AS (
  {candidates}
), targets AS (
  SELECT c.platform, c.interaction_id,
         coalesce(NOT t.library_side AND t.member_id <> c.member_id, false) AS to_other_member
  FROM cand c JOIN lc_acts t ON t.platform = c.platform AND t.interaction_id = c.reply_to
  WHERE c.reply_to IS NOT NULL
), first_replies AS (
  SELECT r.platform, r.reply_to AS interaction_id, min(r.created_at) AS first_reply_at
  FROM lc_acts r
  WHERE r.library_side AND r.reply_to IS NOT NULL AND r.reply_to IN (SELECT interaction_id FROM cand)
  GROUP BY r.platform, r.reply_to
)
SELECT c.platform, c.interaction_id, c.member_id, c.kind, c.created_at, c.post_id,
       coalesce(t.to_other_member, false) AS to_other_member,
       f.first_reply_at,
       CASE WHEN f.first_reply_at IS NULL THEN NULL
            ELSE greatest(epoch(f.first_reply_at) - epoch(c.created_at), 0) / 3600.0 END AS response_hours
FROM cand c
LEFT JOIN targets t USING (platform, interaction_id)
LEFT JOIN first_replies f USING (platform, interaction_id)
"""

#: Items of a window, from the conversation table.
_ITEMS = """
WITH items AS (
  SELECT * FROM lc_conv
  WHERE NOT to_other_member AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
)
"""


def _us(t: pd.Timestamp) -> int:
    return int((t - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1))


def ensure_conversation(scope, *windows: Window) -> None:
    """Build the temporary table ``lc_conv`` for ``windows`` unless it already covers them.

    One row per member comment, mention or message created in one of the
    windows, with ``to_other_member`` (it replies to another member's
    interaction), ``first_reply_at`` (the first library-side reply, any time)
    and ``response_hours``. Building it reads the account's whole history
    (reply targets and replies can be anywhere in it), so callers that need
    several windows (the month, the month before, the year before; a report:
    its thirteen months) pass them all at once; every later query of the
    scope is answered from the small table. A call for a window the table
    does not cover rebuilds it for the old and the new windows together.
    """
    wanted = sorted({(_us(w.start), _us(w.end)) for w in windows})
    have = scope.memo(("conversation_spans",), list)  # the spans lc_conv covers, kept in the scope
    if have and all(any(lo <= a and b <= hi for lo, hi in have) for a, b in wanted):
        return
    spans = _merge(set(have) | set(wanted))
    # One scan per disjoint span, each with constant bounds so Parquet row groups are skipped.
    epoch = pd.Timestamp(0, tz="UTC")
    selects = [
        "SELECT platform, interaction_id, member_id, kind, created_at, post_id, reply_to FROM lc_member_acts "
        "WHERE kind IN ('comment', 'mention', 'message') "
        f"AND created_at >= '{(epoch + pd.Timedelta(microseconds=lo)).isoformat()}'::TIMESTAMPTZ "
        f"AND created_at < '{(epoch + pd.Timedelta(microseconds=hi)).isoformat()}'::TIMESTAMPTZ"
        for lo, hi in spans
    ]
    scope.execute(_CONVERSATION.format(candidates="\n  UNION ALL\n  ".join(selects)))
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


def conversation_figures(scope, windows) -> list[tuple[dict, float | None]]:
    """``(response_figures, member_to_member_share)`` of each of ``windows``, from one query of the conversation table."""
    windows = list(windows)
    ensure_conversation(scope, *windows)
    rows = scope.rows(
        f"""
        SELECT w.i,
               count(*) FILTER (WHERE NOT c.to_other_member) AS items,
               count(c.first_reply_at) FILTER (WHERE NOT c.to_other_member) AS answered,
               CAST(median(c.response_hours) FILTER (WHERE NOT c.to_other_member) AS DOUBLE) AS median,
               CAST(quantile_cont(c.response_hours, 0.9) FILTER (WHERE NOT c.to_other_member) AS DOUBLE) AS p90,
               count(*) FILTER (WHERE NOT c.to_other_member AND c.response_hours <= 24) AS within,
               count(*) FILTER (WHERE c.kind = 'comment') AS comments,
               count(*) FILTER (WHERE c.kind = 'comment' AND c.to_other_member) AS m2m
        FROM {windows_sql(windows)}
        LEFT JOIN lc_conv c ON c.created_at >= w.win_start AND c.created_at < w.win_end
        GROUP BY w.i ORDER BY w.i
        """
    )
    out = []
    for _, items, answered, median, p90, within, comments, m2m in rows:
        response = {
            "items": int(items),
            "answered": int(answered),
            "rate": _ratio(answered, items),
            "median_hours": _float_or_none(median),
            "p90_hours": _float_or_none(p90),
            "within_24h": _ratio(within, items),
        }
        out.append((response, _ratio(m2m, comments)))
    return out


def response_figures(scope, w: Window) -> dict:
    """``{"items", "answered", "rate", "median_hours", "p90_hours", "within_24h"}`` for ``w``."""
    return conversation_figures(scope, [w])[0][0]


def member_to_member_share(scope, w: Window) -> float | None:
    """Member comments in ``w`` that reply to another member's interaction / all member comments in ``w``."""
    return conversation_figures(scope, [w])[0][1]


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


def _items_frame(scope, w: Window) -> pd.DataFrame:
    ensure_conversation(scope, w)
    df = scope.df(
        _ITEMS
        + """
        SELECT i.platform, i.interaction_id, i.member_id, i.kind, i.created_at, i.post_id, a.text,
               i.first_reply_at IS NOT NULL AS answered, i.first_reply_at, i.response_hours
        FROM items i
        JOIN lc_all_acts a ON a.platform = i.platform AND a.interaction_id = i.interaction_id
        WHERE a.created_at >= $start::TIMESTAMPTZ AND a.created_at < $end::TIMESTAMPTZ
        ORDER BY i.created_at, i.platform, i.interaction_id
        """,
        w.params(),
    )
    for col in ("created_at", "first_reply_at"):
        df[col] = pd.to_datetime(df[col], utc=True)
    for col in ("platform", "interaction_id", "member_id", "kind", "post_id", "text"):
        df[col] = df[col].astype("string")
    df["answered"] = df["answered"].astype(bool)
    df["response_hours"] = pd.to_numeric(df["response_hours"]).astype("float64")
    return df


def response_items(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """Every item that needed a response in the month, with its outcome.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    months : int, default 1
        Window length in months, ending with ``month``.

    Returns
    -------
    DataFrame
        ``platform``, ``interaction_id``, ``member_id`` (pseudonym), ``kind``,
        ``created_at`` (UTC), ``post_id``, ``text``, ``answered``,
        ``first_reply_at``, ``response_hours``; oldest first.
    """
    with open_scope(store, account) as scope:
        return _items_frame(scope, scope.resolve(month, months=months))


def unanswered_items(store, account: str, month, *, older_than_hours: float = 48, as_of=None, months: int = 1) -> pd.DataFrame:
    """Items of the month still unanswered and older than ``older_than_hours``: the report's to-do list.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    older_than_hours : float, default 48
        Only items waiting strictly longer than this.
    as_of : timestamp-like, optional
        "Now" for the waiting time. Defaults to the data horizon: the latest
        interaction or post of the account in the store, so that the same
        store always gives the same list.
    months : int, default 1

    Returns
    -------
    DataFrame
        ``interaction_id``, ``member_id`` (pseudonym), ``created_at`` (UTC),
        ``kind``, ``text``, ``hours_waiting``, ``post_id``, ``platform``;
        longest wait first. DuckDB selects them: only these rows leave it.
    """
    try:
        limit = float(older_than_hours)
    except (TypeError, ValueError):
        limit = float("nan")
    if not limit >= 0:
        raise ParameterError(f"older_than_hours must be a number >= 0; got {older_than_hours!r} instead")
    cols = ["interaction_id", "member_id", "created_at", "kind", "text", "hours_waiting", "post_id", "platform"]
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        now = resolve_as_of(scope, as_of)
        if now is None:
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "hours_waiting" else "string") for c in cols})
        ensure_conversation(scope, w)
        df = scope.df(
            _ITEMS
            + """
            , todo AS (  -- waiting hours as pandas computes them: microseconds / 1e6 / 3600
              SELECT i.*, (($now_us - epoch_us(i.created_at)) / 1e6) / 3600.0 AS hours_waiting
              FROM items i WHERE i.first_reply_at IS NULL
            )
            SELECT t.interaction_id, t.member_id, t.created_at, t.kind, a.text, t.hours_waiting, t.post_id, t.platform
            FROM todo t
            JOIN lc_all_acts a ON a.platform = t.platform AND a.interaction_id = t.interaction_id
            WHERE t.hours_waiting > $limit
              AND a.created_at >= $start::TIMESTAMPTZ AND a.created_at < $end::TIMESTAMPTZ
            ORDER BY t.hours_waiting DESC, t.platform, t.interaction_id
            """,
            {**w.params(), "now_us": _epoch_us(now), "limit": limit},
        )
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    for col in ("interaction_id", "member_id", "kind", "text", "post_id", "platform"):
        df[col] = df[col].astype("string")
    df["hours_waiting"] = pd.to_numeric(df["hours_waiting"]).astype("float64")
    return df[cols].reset_index(drop=True)


def _epoch_us(t) -> int:
    return int((t - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1))


def response_time_bands(store, account: str, month, *, bounds=(1.0, 4.0, 24.0, 48.0), months: int = 1) -> pd.DataFrame:
    """How many of the month's items were answered within each band of hours, counted in DuckDB.

    The aggregate behind a response-time chart, so that the items
    themselves need not leave the database (:func:`response_items` lists them).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    bounds : sequence of float
        Increasing upper bounds (hours, inclusive) of the bands; a last band
        collects the answers slower than ``bounds[-1]``.
    months : int, default 1

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
        row = scope.one(_ITEMS + f"SELECT count(*), count(*) FILTER (WHERE first_reply_at IS NULL), {bands} FROM items", w.params())
    total, unanswered, counts = int(row[0]), int(row[1]), [int(n) for n in row[2:]]
    rows = [{"lower_hours": lo, "upper_hours": up, "answered": True, "items": n} for lo, up, n in zip(lowers, uppers, counts)]
    rows.append({"lower_hours": np.nan, "upper_hours": np.nan, "answered": False, "items": unanswered})
    out = pd.DataFrame(rows)
    out["share"] = out["items"] / total if total else np.nan
    return out


def count_unanswered(scope, w: Window, now, limit: float = 48) -> int:
    """How many items of ``w`` are unanswered and older than ``limit`` hours at ``now``."""
    if now is None:
        return 0
    ensure_conversation(scope, w)
    (n,) = scope.one(
        _ITEMS
        + """
        SELECT count(*) FROM items
        WHERE first_reply_at IS NULL AND ($now_us - epoch_us(created_at)) / 3600e6 > $limit
        """,
        {**w.params(), "now_us": int((now - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(microseconds=1)), "limit": float(limit)},
    )
    return int(n)
