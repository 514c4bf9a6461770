"""Followers at a month's end, new and lost followers, followers at any instant.

Definitions (``docs/metrics.md``, "Followers"):

* A platform's followers come from the ``members`` table when any member of
  that platform has a ``followed_at`` and that follower list reaches back
  before the platform's data (its first follow is in an earlier month than the
  platform's first month of posts, interactions or audience figures:
  :meth:`~libcommunity.metrics.coverage.Coverage.list_reaches_back`); otherwise
  from its ``audience`` aggregates; otherwise, when the list starts inside the
  data, it records the follows seen since then (an API capture of follow
  notifications), not the followers: source ``follows``, which gives new and
  lost followers from its first month on but no number of followers. Without
  any of these the followers are unknown. Library-side identities never count.
* A member follows at instant ``t`` when ``followed_at < t`` and there is no
  unfollow in between: not (``followed_at <= unfollowed_at < t``). An
  ``unfollowed_at`` earlier than ``followed_at`` is an old unfollow followed
  by a new follow, so it is ignored.
* ``followers_end`` = members following at the window's exclusive end (the
  first instant of the next month): followed before the month's end, not
  unfollowed before it. A member who unfollows exactly at that instant is
  still counted; one who follows exactly then is not.
* ``new_followers`` / ``lost_followers``: ``followed_at`` / ``unfollowed_at``
  within the window (``start <= t < end``).
* From ``audience``: ``followers_end`` is ``followers`` on the last date of the
  window that has a value (null if none in the window); new and lost are the
  sums of ``follows`` and ``unfollows`` over the window's dates (null if all
  are null).
* Totals add the platforms that have a source (for ``followers_end``, a
  ``follows`` source is none); a total is null when one of those platforms has
  no value for it, or when no platform has a source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .coverage import coverage_of
from .window import Window, windows_sql

__all__ = ["FollowerFigures", "follower_figures", "follower_figures_many", "followers_at_posts", "platform_sources"]


@dataclass
class FollowerFigures:
    """Follower figures of a window.

    Attributes
    ----------
    followers_end, new_followers, lost_followers : int or None
    source : str or None
        The sources of the platforms, joined by ``+`` (``"members"``, ``"audience"``,
        ``"audience+members"``, ``"follows"``, ...) or None.
    by_platform : dict
        ``{platform: {"source": ..., "followers_end": ..., "new_followers": ..., "lost_followers": ...}}``.
    """

    followers_end: int | None = None
    new_followers: int | None = None
    lost_followers: int | None = None
    source: str | None = None
    by_platform: dict = field(default_factory=dict)


def platform_sources(scope) -> dict:
    """``{platform: "members" | "audience" | "follows"}`` for the platforms with follower data (one query per scope).

    ``members``: a follower list that reaches back before the platform's data;
    ``audience``: the platform's own aggregates; ``follows``: a list that starts
    inside the data and only records follows (see the module docstring).
    """

    def read():
        df = scope.df(
            """
            SELECT DISTINCT platform, 'members' AS source FROM lc_members WHERE followed_at IS NOT NULL
            UNION ALL
            SELECT DISTINCT platform, 'audience' AS source FROM lc_audience
            WHERE (followers IS NOT NULL OR follows IS NOT NULL OR unfollows IS NOT NULL)
            """
        )
        found: dict = {}
        for platform, source in zip(df["platform"], df["source"]):
            found.setdefault(platform, set()).add(source)
        cov = coverage_of(scope)
        out = {}
        for platform, kinds in sorted(found.items()):
            if "members" in kinds and cov.list_reaches_back(platform):
                out[platform] = "members"
            elif "audience" in kinds:
                out[platform] = "audience"
            else:
                out[platform] = "follows"
        return out

    return dict(scope.memo(("platform_sources",), read))


def _first_follow(scope, platform: str):
    """The first month of the platform's recorded follows (None without any)."""
    months = coverage_of(scope).table_months("members", platform)
    return months[0] if months else None


def _int_or_none(v):
    return None if v is None or pd.isna(v) else int(v)


def follower_figures(scope, w: Window) -> FollowerFigures:
    """Followers at the end of ``w``, new and lost followers within ``w`` (see the module docstring)."""
    return follower_figures_many(scope, [w])[0]


def follower_figures_many(scope, windows) -> list[FollowerFigures]:
    """:func:`follower_figures` of each of ``windows``, from two queries (members, audience) for all of them."""
    windows = list(windows)
    sources = platform_sources(scope)
    wins = windows_sql(windows)
    members = scope.df(
        f"""
        SELECT w.i, m.platform,
          count(*) FILTER (WHERE m.followed_at < w.win_end
                             AND NOT coalesce(m.unfollowed_at >= m.followed_at AND m.unfollowed_at < w.win_end, false))
            AS followers_end,
          count(*) FILTER (WHERE m.followed_at >= w.win_start AND m.followed_at < w.win_end) AS new_followers,
          count(*) FILTER (WHERE m.unfollowed_at >= w.win_start AND m.unfollowed_at < w.win_end) AS lost_followers
        FROM lc_members m CROSS JOIN {wins}
        GROUP BY w.i, m.platform
        """
    ).set_index(["i", "platform"])
    audience = scope.df(
        f"""
        SELECT w.i, a.platform,
          arg_max(a.followers, a.date) FILTER (WHERE a.followers IS NOT NULL) AS followers_end,
          sum(a.follows) AS new_followers,
          sum(a.unfollows) AS lost_followers
        FROM lc_audience a JOIN {wins} ON a.date >= w.first_day AND a.date <= w.last_day
        GROUP BY w.i, a.platform
        """
    ).set_index(["i", "platform"])
    keys = ("followers_end", "new_followers", "lost_followers")
    out = []
    for i in range(len(windows)):
        by_platform = {}
        for platform, source in sources.items():
            table = audience if source == "audience" else members
            if (i, platform) in table.index:
                row = table.loc[(i, platform)]
                values = {k: _int_or_none(row[k]) for k in keys}
            else:  # no row in the window: counts from a follower list are 0, audience figures unknown
                values = {k: (None if source == "audience" else 0) for k in keys}
            if source == "follows":  # follows recorded since the list began: no number of followers
                first = _first_follow(scope, platform)
                values["followers_end"] = None
                if first is None or windows[i].first < first:
                    values["new_followers"] = values["lost_followers"] = None
            by_platform[platform] = {"source": source, **values}
        fig = FollowerFigures(by_platform=by_platform)
        if by_platform:
            kinds = sorted({v["source"] for v in by_platform.values()})
            fig.source = "+".join(kinds)
            for k in keys:
                # Recorded follows give no number of followers: such a platform is left out of that total.
                vals = [v[k] for v in by_platform.values() if k != "followers_end" or v["source"] != "follows"]
                setattr(fig, k, None if not vals or any(x is None for x in vals) else int(sum(vals)))
        out.append(fig)
    return out


def followers_at_posts(scope, w: Window) -> pd.DataFrame:
    """Followers of each post's platform when the post was published, for the posts of ``w``.

    Members-sourced platforms: members following at the publication instant
    (same rule as ``followers_end``). Audience-sourced platforms: ``followers``
    on the post's local publication date, else on the last earlier date that
    has a value. Null where unknown.

    Returns
    -------
    DataFrame
        ``platform``, ``post_id``, ``followers_on_day`` (nullable Int64).
    """
    sources = platform_sources(scope)  # "follows" platforms have no number of followers: null
    members_platforms = [k for k, v in sources.items() if v == "members"]
    audience_platforms = [k for k, v in sources.items() if v == "audience"]
    p = w.params()
    df = scope.df(
        """
        WITH wp AS (
          SELECT platform, post_id, published_at,
                 CAST(timezone($tz, published_at) AS DATE) AS local_date
          FROM lc_posts WHERE published_at >= $start::TIMESTAMPTZ AND published_at < $end::TIMESTAMPTZ
        ), ev AS (
          SELECT platform, followed_at AS ts, 1 AS d FROM lc_members WHERE followed_at IS NOT NULL
          UNION ALL
          SELECT platform, unfollowed_at AS ts, -1 AS d FROM lc_members
          WHERE followed_at IS NOT NULL AND unfollowed_at IS NOT NULL AND unfollowed_at >= followed_at
        ), steps AS (
          SELECT platform, ts, sum(sum(d)) OVER (PARTITION BY platform ORDER BY ts) AS n
          FROM ev GROUP BY platform, ts
        ), aud AS (
          SELECT platform, date, followers FROM lc_audience WHERE followers IS NOT NULL
        ), m AS (
          SELECT wp.platform, wp.post_id, s.n AS m_followers
          FROM wp ASOF LEFT JOIN steps s ON wp.platform = s.platform AND wp.published_at > s.ts
        ), a AS (
          SELECT wp.platform, wp.post_id, au.followers AS a_followers
          FROM wp ASOF LEFT JOIN aud au ON wp.platform = au.platform AND wp.local_date >= au.date
        )
        SELECT m.platform, m.post_id, m.m_followers, a.a_followers
        FROM m JOIN a USING (platform, post_id)
        """,
        p,
    )
    values = []
    for plat, mf, af in zip(df["platform"], df["m_followers"], df["a_followers"]):
        if plat in members_platforms:
            values.append(0 if pd.isna(mf) else int(mf))
        elif plat in audience_platforms:
            values.append(pd.NA if pd.isna(af) else int(af))
        else:
            values.append(pd.NA)
    return pd.DataFrame(
        {
            "platform": df["platform"].astype("string"),
            "post_id": df["post_id"].astype("string"),
            "followers_on_day": pd.array(values, dtype="Int64"),
        }
    )
