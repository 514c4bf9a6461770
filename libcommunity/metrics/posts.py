"""Engagement per post, Kaushik's rates and content by kind.

Definitions (``docs/metrics.md``, "Posts and engagement"):

* The posts of a window are the account's posts with ``published_at`` in it.
* ``reactions``, ``comments``, ``shares``: the post's counter as exported;
  where the counter is empty, the number of member interactions of that kind
  on the post in the store (if there are any; otherwise it stays empty).
  ``saves``, ``clicks``, ``reach``, ``viewers``, ``impressions``, ``views``:
  as exported; ``owner_id``: the account that owns the post, where the
  export says (a collaboration post carries its partner's id).
* ``engagements`` = reactions + comments + shares + saves, empty parts
  counted as 0 (Hootsuite's and Metricool's engagement numerator); empty only
  when all four are empty. Clicks are not engagements here.
* ``engagement_rate_by_reach`` = engagements / reach,
  ``engagement_rate_by_viewers`` = engagements / viewers (Meta's 2026
  replacement of reach: the accounts that saw the post),
  ``engagement_rate_by_impressions`` = engagements / impressions,
  ``engagement_rate_by_followers`` = engagements / followers when the post
  was published (:func:`libcommunity.metrics.followers.followers_at_posts`).
  Each is empty when its denominator is empty or 0, and can exceed 1.
* ``engagement_rate_by_reach_or_viewers`` = the rate by reach where the post
  has a reach, else the rate by viewers; ``audience_measure`` says which
  (``reach``, ``viewers``, or empty): one series across Meta's switch from
  reach to viewers (:func:`audience_series` marks the month it happens).
* Kaushik's rates of one post are its comments (conversation), shares
  (amplification) and reactions (applause); ``*_per_1000_followers`` divide
  them by the followers when the post was published and multiply by 1,000.
  For a window, each rate is the mean over its posts (empty values skipped).
* ``member_interactions`` / ``member_engagers``: member interactions on the
  post in the store (any kind, from the window's start on) and the distinct
  members who made them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .followers import followers_at_posts
from .scope import open_scope
from .window import Window

__all__ = [
    "post_engagement",
    "content_by_kind",
    "engagement_figures",
    "post_table",
    "audience_series",
    "audience_measure_of",
    "RATE_COLUMNS",
]

#: Per-post rates, each named by its denominator.
RATE_COLUMNS = (
    "engagement_rate_by_reach",
    "engagement_rate_by_viewers",
    "engagement_rate_by_impressions",
    "engagement_rate_by_followers",
)
_KAUSHIK = (("conversation", "comments"), ("amplification", "shares"), ("applause", "reactions"))


def _div(num: pd.Series, den: pd.Series) -> pd.Series:
    num = pd.to_numeric(num).astype("Float64")
    den = pd.to_numeric(den).astype("Float64")
    return (num / den.where(den > 0)).astype("Float64")


def post_table(scope, w: Window) -> pd.DataFrame:
    """The per-post engagement table of ``w`` (see :func:`post_engagement`), computed once per scope.

    The frame is the scope's: callers that change it, or hand it to users, copy it.
    """
    return scope.memo(("post_table", w), lambda: _post_table(scope, w))


def _post_table(scope, w: Window) -> pd.DataFrame:
    df = scope.df(
        """
        WITH wp AS (
          SELECT * FROM lc_posts WHERE published_at >= $start::TIMESTAMPTZ AND published_at < $end::TIMESTAMPTZ
        ), counted AS (
          SELECT a.platform, a.post_id,
                 count(*) FILTER (WHERE a.kind = 'reaction') AS n_reactions,
                 count(*) FILTER (WHERE a.kind = 'comment') AS n_comments,
                 count(*) FILTER (WHERE a.kind = 'share') AS n_shares,
                 count(*) AS member_interactions,
                 count(DISTINCT a.member_id) AS member_engagers
          FROM lc_member_acts a
          JOIN wp ON wp.platform = a.platform AND wp.post_id = a.post_id
          WHERE a.created_at >= $start::TIMESTAMPTZ
          GROUP BY a.platform, a.post_id
        )
        SELECT wp.platform, wp.post_id, wp.published_at,
               timezone($tz, wp.published_at) AS published_local,
               wp.kind, wp.paid, wp.text, wp.url, wp.owner_id,
               wp.reach, wp.viewers, wp.impressions, wp.views, wp.clicks,
               coalesce(wp.reactions, nullif(c.n_reactions, 0)) AS reactions,
               coalesce(wp.comments, nullif(c.n_comments, 0)) AS comments,
               coalesce(wp.shares, nullif(c.n_shares, 0)) AS shares,
               wp.saves,
               coalesce(c.member_interactions, 0) AS member_interactions,
               coalesce(c.member_engagers, 0) AS member_engagers
        FROM wp LEFT JOIN counted c ON c.platform = wp.platform AND c.post_id = wp.post_id
        ORDER BY wp.published_at, wp.platform, wp.post_id
        """,
        w.params(),
    )
    df["published_at"] = pd.to_datetime(df["published_at"], utc=True)
    df["published_local"] = pd.to_datetime(df["published_local"])
    for col in ("platform", "post_id", "kind", "text", "url", "owner_id"):
        df[col] = df[col].astype("string")
    df["paid"] = df["paid"].astype("boolean")
    counts = ["reach", "viewers", "impressions", "views", "clicks", "reactions", "comments", "shares", "saves"]
    for col in counts + ["member_interactions", "member_engagers"]:
        df[col] = pd.to_numeric(df[col]).astype("Int64")
    parts = df[["reactions", "comments", "shares", "saves"]]
    df["engagements"] = parts.fillna(0).sum(axis=1).astype("Int64").where(parts.notna().any(axis=1), pd.NA)
    followers = followers_at_posts(scope, w)
    df = df.merge(followers, on=["platform", "post_id"], how="left")
    df["followers_on_day"] = df["followers_on_day"].astype("Int64")
    df["engagement_rate_by_reach"] = _div(df["engagements"], df["reach"])
    df["engagement_rate_by_viewers"] = _div(df["engagements"], df["viewers"])
    by_reach = df["engagement_rate_by_reach"].notna()
    df["engagement_rate_by_reach_or_viewers"] = df["engagement_rate_by_reach"].where(
        by_reach, df["engagement_rate_by_viewers"]
    )
    df["audience_measure"] = pd.Series(pd.NA, index=df.index, dtype="string").mask(
        df["engagement_rate_by_viewers"].notna().fillna(False), "viewers"
    ).mask(by_reach.fillna(False), "reach")
    df["engagement_rate_by_impressions"] = _div(df["engagements"], df["impressions"])
    df["engagement_rate_by_followers"] = _div(df["engagements"], df["followers_on_day"])
    for name, col in _KAUSHIK:
        df[f"{name}_per_1000_followers"] = _div(df[col], df["followers_on_day"]) * 1000
    return df


def post_engagement(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """Per-post engagement of the posts published in the month.

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
        One row per post, oldest first: ``platform``, ``post_id``,
        ``published_at`` (UTC), ``published_local`` (account time), ``kind``,
        ``paid``, ``text``, ``url``, ``reach``, ``impressions``, ``views``,
        ``clicks``, ``reactions``, ``comments``, ``shares``, ``saves``,
        ``member_interactions``, ``member_engagers``, ``engagements``,
        ``followers_on_day``, ``engagement_rate_by_reach``,
        ``engagement_rate_by_impressions``, ``engagement_rate_by_followers``,
        ``conversation_per_1000_followers``, ``amplification_per_1000_followers``,
        ``applause_per_1000_followers``. Definitions in the module docstring.
    """
    with open_scope(store, account) as scope:
        return post_table(scope, scope.resolve(month, months=months)).copy()


def _mean(s: pd.Series):
    s = pd.to_numeric(s).astype("Float64").dropna()
    return None if s.empty else float(s.mean())


def engagement_figures(table: pd.DataFrame) -> dict:
    """Window-level engagement figures from a per-post table (JSON-ready; None where unknown).

    ``engagements`` is the sum over posts (None if no post has a value);
    every rate is the mean of the per-post values, empty values skipped.
    ``followers_platforms`` lists the platforms whose posts have a per-follower
    rate (their followers on the day are known): the ``*_by_followers`` and
    ``*_per_1000_followers`` means are over those platforms' posts only.
    """
    eng = table["engagements"].dropna()
    out = {"engagements": None if eng.empty else int(eng.sum())}
    for col in RATE_COLUMNS:
        out[col] = _mean(table[col])
    out["engagement_rate_by_reach_or_viewers"] = _mean(table["engagement_rate_by_reach_or_viewers"])
    out["audience_measure"] = audience_measure_of(table)
    for name, col in _KAUSHIK:
        out[f"{name}_rate"] = _mean(table[col])
        out[f"{name}_per_1000_followers"] = _mean(table[f"{name}_per_1000_followers"])
    # The per-follower rates are over these platforms' posts only: the others' followers are unknown.
    known = table["followers_on_day"].notna() & (pd.to_numeric(table["followers_on_day"]) > 0).fillna(False)
    out["followers_platforms"] = sorted(set(table.loc[known, "platform"].astype(str)))
    return out


def audience_measure_of(table: pd.DataFrame) -> str | None:
    """``"reach"``, ``"viewers"``, ``"reach and viewers"`` (posts of both kinds), or None (neither known)."""
    used = set(table["audience_measure"].dropna())
    if not used:
        return None
    return "reach and viewers" if len(used) == 2 else used.pop()


def audience_series(store, account: str, month, *, months: int = 12) -> pd.DataFrame:
    """The engagement rate by reach or viewers month by month, with the month Meta's measure switched marked.

    Returns
    -------
    DataFrame
        One row per month, oldest first: ``month`` (``"YYYY-MM"``), ``posts``,
        ``engagement_rate_by_reach_or_viewers`` (the mean over the month's
        posts, see the module docstring), ``audience_measure`` (``reach``,
        ``viewers``, ``reach and viewers``, or null) and ``switch`` (true for
        the first month whose posts are measured by viewers after a month
        measured by reach: before and after it the rate divides by different
        counts).
    """
    rows = []
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        for i in range(months):
            single = Window(w.account, w.timezone, w.first.shift(i))
            table = post_table(scope, single)
            rows.append(
                {
                    "month": single.label(),
                    "posts": len(table),
                    "engagement_rate_by_reach_or_viewers": _mean(table["engagement_rate_by_reach_or_viewers"]),
                    "audience_measure": audience_measure_of(table),
                }
            )
    out = pd.DataFrame(rows)
    out["engagement_rate_by_reach_or_viewers"] = pd.to_numeric(out["engagement_rate_by_reach_or_viewers"]).astype("Float64")
    out["audience_measure"] = out["audience_measure"].astype("string")
    switch, seen_reach = [], False
    for measure in out["audience_measure"].tolist():
        measure = None if measure is pd.NA else measure
        uses_viewers = measure in ("viewers", "reach and viewers")
        switch.append(bool(seen_reach and uses_viewers and not any(switch)))
        seen_reach = seen_reach or measure in ("reach", "reach and viewers")
    out["switch"] = switch
    return out


def content_by_kind(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """What kind of content works: posts and mean engagement per post ``kind``.

    Returns
    -------
    DataFrame
        One row per kind present, most posts first: ``kind``, ``posts``,
        ``share_of_posts``, and the mean per post (empty values skipped) of
        ``reach``, ``impressions``, ``reactions``, ``comments``, ``shares``,
        ``engagements`` and the three ``engagement_rate_by_*`` columns,
        named ``mean_<column>``.
    """
    with open_scope(store, account) as scope:
        return kind_table(post_table(scope, scope.resolve(month, months=months)))


def kind_table(table: pd.DataFrame) -> pd.DataFrame:
    """Content by kind from a per-post table (see :func:`content_by_kind`)."""
    cols = ["reach", "impressions", "reactions", "comments", "shares", "engagements", *RATE_COLUMNS]
    rows = []
    total = len(table)
    for kind, g in table.groupby("kind", sort=True):
        row = {"kind": kind, "posts": len(g), "share_of_posts": len(g) / total}
        for c in cols:
            v = _mean(g[c])
            row[f"mean_{c}"] = np.nan if v is None else v
        rows.append(row)
    out = pd.DataFrame(rows, columns=["kind", "posts", "share_of_posts", *[f"mean_{c}" for c in cols]])
    if not out.empty:
        out = out.sort_values(["posts", "kind"], ascending=[False, True]).reset_index(drop=True)
    out["kind"] = out["kind"].astype("string")
    out["posts"] = out["posts"].astype("int64")
    return out
