"""The month's conversation items as lists: every item with what it needs and its outcome, and those still waiting.

:func:`response_items` lists every conversation item of a window (the items
of ``response_all``; those with ``needs_reply`` are the items of
``response``), :func:`waiting_items` every item that needs a reply and has
none yet (``libcommunity todo``), :func:`unanswered_items` those waiting more
than 48 hours (the report's list). Definitions: :mod:`.response` and
``docs/metrics.md``. DuckDB selects the rows; only these rows leave it.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from .response import epoch_us, items_sql, ensure_conversation, resolve_as_of
from .scope import open_scope
from .window import Window

__all__ = ["NEEDS", "WAITING_COLUMNS", "response_items", "waiting_items", "unanswered_items"]

#: What an item needs, in the order a reason is chosen when several apply (``need`` columns).
NEEDS = ("complaint", "request", "question", "message", "unjudged")

#: Per-item columns shared by :func:`response_items` and :func:`waiting_items`: the item's post link and what
#: its text says; ``need`` is the first of :data:`NEEDS` that applies (null when the item needs no reply).
_ITEM_COLUMNS = """
    CASE WHEN i.complaint THEN 'complaint' WHEN i.request THEN 'request' WHEN i.question THEN 'question'
         WHEN i.kind = 'message' THEN 'message' WHEN i.unjudged THEN 'unjudged' END AS need,
    i.question, i.request, i.complaint, i.praise, i.unjudged, i.needs_reply, u.post_url
"""
_POST_URLS = """
LEFT JOIN (SELECT platform, post_id, min(url) AS post_url FROM lc_posts
           WHERE url IS NOT NULL AND trim(url) <> '' GROUP BY platform, post_id) u
  ON u.platform = i.platform AND u.post_id = i.post_id
"""
_FLAG_COLUMNS = ("question", "request", "complaint", "praise", "unjudged", "needs_reply")


def _typed(df: pd.DataFrame, strings, times=()) -> pd.DataFrame:
    for col in times:
        df[col] = pd.to_datetime(df[col], utc=True)
    for col in strings:
        df[col] = df[col].astype("string")
    for col in _FLAG_COLUMNS:
        if col in df:
            df[col] = df[col].astype(bool)
    return df


def _items_frame(scope, w: Window) -> pd.DataFrame:
    ensure_conversation(scope, w)
    df = scope.df(
        items_sql(False)
        + f"""
        SELECT i.platform, i.interaction_id, i.member_id, i.kind, i.created_at, i.post_id, i.text,
               i.first_reply_at IS NOT NULL AS answered, i.first_reply_at, i.response_hours, {_ITEM_COLUMNS}
        FROM items i {_POST_URLS}
        ORDER BY i.created_at, i.platform, i.interaction_id
        """,
        w.params(),
    )
    df = _typed(df, ("platform", "interaction_id", "member_id", "kind", "post_id", "text", "need", "post_url"),
                ("created_at", "first_reply_at"))
    df["answered"] = df["answered"].astype(bool)
    df["response_hours"] = pd.to_numeric(df["response_hours"]).astype("float64")
    return df


def response_items(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """Every conversation item of the month, with what it needs and its outcome.

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
        ``first_reply_at``, ``response_hours``, ``need`` (the first of
        :data:`NEEDS` that applies; missing when the item needs no reply),
        ``question``, ``request``, ``complaint``, ``praise``, ``unjudged``,
        ``needs_reply`` and ``post_url`` (the post's link where the export
        has one); oldest first. The items that need a reply (``needs_reply``)
        are those of ``response``; all of them are those of ``response_all``.
    """
    with open_scope(store, account) as scope:
        return _items_frame(scope, scope.resolve(month, months=months))


#: Columns of :func:`waiting_items` and :func:`unanswered_items`.
WAITING_COLUMNS = ["interaction_id", "member_id", "created_at", "kind", "text", "hours_waiting", "post_id", "platform",
                   "need", "question", "request", "complaint", "praise", "unjudged", "needs_reply", "post_url"]


def _waiting(scope, w: Window, now, limit: float | None, needs_reply: bool) -> pd.DataFrame:
    if now is None:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "hours_waiting" else bool if c in _FLAG_COLUMNS else "string")
                             for c in WAITING_COLUMNS}).assign(created_at=pd.Series(dtype="datetime64[us, UTC]"))
    ensure_conversation(scope, w)
    df = scope.df(
        items_sql(needs_reply)
        + f"""
        , todo AS (  -- waiting hours as pandas computes them: microseconds / 1e6 / 3600
          SELECT i.*, (($now_us - epoch_us(i.created_at)) / 1e6) / 3600.0 AS hours_waiting
          FROM items i WHERE i.first_reply_at IS NULL AND epoch_us(i.created_at) <= $now_us
        )
        SELECT i.interaction_id, i.member_id, i.created_at, i.kind, i.text, i.hours_waiting, i.post_id, i.platform,
               {_ITEM_COLUMNS}
        FROM todo i {_POST_URLS}
        {"" if limit is None else "WHERE i.hours_waiting > $limit"}
        ORDER BY i.complaint DESC, i.hours_waiting DESC, i.platform, i.interaction_id
        """,
        {**w.params(), "now_us": epoch_us(now), "limit": limit},
    )
    df = _typed(df, ("interaction_id", "member_id", "kind", "text", "post_id", "platform", "need", "post_url"), ("created_at",))
    df["hours_waiting"] = pd.to_numeric(df["hours_waiting"]).astype("float64")
    return df[WAITING_COLUMNS].reset_index(drop=True)


def waiting_items(store, account: str, month, *, as_of=None, months: int = 1, needs_reply: bool = True) -> pd.DataFrame:
    """Every item of the month that needs a reply and has none yet: the to-do list (``libcommunity todo``).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    as_of : timestamp-like, optional
        "Now": items created after it are not waiting yet, and the waiting
        time runs up to it. Defaults to the data horizon: the latest
        interaction or post of the account in the store, so that the same
        store always gives the same list.
    months : int, default 1
    needs_reply : bool, default True
        Only items that need a reply (``response``); False lists every
        unanswered conversation item (``response_all``).

    Returns
    -------
    DataFrame
        ``interaction_id``, ``member_id`` (pseudonym), ``created_at`` (UTC),
        ``kind``, ``text``, ``hours_waiting``, ``post_id``, ``platform``,
        ``need``, ``question``, ``request``, ``complaint``, ``praise``,
        ``unjudged``, ``needs_reply``, ``post_url``; complaints first, then
        the longest wait. DuckDB selects them: only these rows leave it.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        return _waiting(scope, w, resolve_as_of(scope, as_of), None, bool(needs_reply))


def unanswered_items(store, account: str, month, *, older_than_hours: float = 48, as_of=None, months: int = 1,
                     needs_reply: bool = True) -> pd.DataFrame:
    """Items of the month that need a reply, still unanswered and older than ``older_than_hours``: the report's list.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
    older_than_hours : float, default 48
        Only items waiting strictly longer than this.
    as_of : timestamp-like, optional
        "Now" for the waiting time (see :func:`waiting_items`).
    months : int, default 1
    needs_reply : bool, default True
        Only items that need a reply; False: every conversation item.

    Returns
    -------
    DataFrame
        The columns of :func:`waiting_items`; complaints first, then the
        longest wait.
    """
    try:
        limit = float(older_than_hours)
    except (TypeError, ValueError):
        limit = float("nan")
    if not limit >= 0:
        raise ParameterError(f"older_than_hours must be a number >= 0; got {older_than_hours!r} instead")
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        return _waiting(scope, w, resolve_as_of(scope, as_of), limit, bool(needs_reply))
