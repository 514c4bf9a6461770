"""The contract figures of one window: the keys of ``libcommunity metrics --json`` the issue fixes.

``posts``, ``impressions``, ``reach``, ``interactions.<kind>`` (all ten kinds),
``engaged_members``, ``followers_end``, ``new_followers``, ``lost_followers``,
``community_ratio``, ``response.*`` (over the items that need a reply) and
``member_to_member_share``; then ``followers_source``, ``posts_with_impressions``,
``posts_with_reach``, ``response_all`` (every conversation item),
``acknowledgement`` and ``feedback``. Their definitions are in
``docs/metrics.md`` and in the modules that compute them (:mod:`.members`,
:mod:`.followers`, :mod:`.response`).
"""

from __future__ import annotations

from ..schemas import INTERACTION_KINDS
from .followers import follower_figures_many
from .response import conversation_figures
from .window import Window, span_params, windows_sql

__all__ = ["KIND_ORDER", "contract_figures", "contract_figures_many", "ratio"]

#: The order the issue lists interaction kinds in.
KIND_ORDER = ("reaction", "comment", "share", "mention", "message", "ugc", "event", "survey", "follow", "unfollow")
assert sorted(KIND_ORDER) == sorted(INTERACTION_KINDS)


def ratio(num, den) -> float | None:
    """``num / den``; None when either is None or the denominator is 0."""
    if num is None or den is None or den == 0:
        return None
    return float(num) / float(den)


def contract_figures(scope, w: Window) -> dict:
    """The contract figures of ``w`` in a :class:`~libcommunity.metrics.scope.Scope` (None for null).

    Also returns ``followers_source``, ``posts_with_impressions`` and
    ``posts_with_reach`` (how many of the posts have each figure), and the
    conversation figures ``response_all``, ``acknowledgement`` and ``feedback``.
    """
    return contract_figures_many(scope, [w])[0]


def contract_figures_many(scope, windows) -> list[dict]:
    """:func:`contract_figures` of each of ``windows``, a few queries for all of them (a report asks for 13 months)."""
    windows = list(windows)
    wins, span = windows_sql(windows), span_params(windows)
    posts = scope.rows(
        f"""
        SELECT w.i, count(p.one) AS n, sum(p.impressions) AS impressions, sum(p.reach) AS reach,
               count(p.impressions) AS with_impr, count(p.reach) AS with_reach
        FROM {wins}
        LEFT JOIN (SELECT 1 AS one, published_at, impressions, reach FROM lc_posts
                   WHERE published_at >= $lo::TIMESTAMPTZ AND published_at < $hi::TIMESTAMPTZ) p
          ON p.published_at >= w.win_start AND p.published_at < w.win_end
        GROUP BY w.i ORDER BY w.i
        """,
        span,
    )
    filters = ", ".join(f"count(*) FILTER (WHERE a.kind = '{k}')" for k in KIND_ORDER)
    acts = scope.rows(
        f"""
        SELECT w.i, {filters},
               count(DISTINCT (a.platform, a.member_id)) FILTER (WHERE a.kind NOT IN ('follow', 'unfollow'))
        FROM {wins}
        LEFT JOIN (SELECT platform, member_id, kind, created_at FROM lc_member_acts
                   WHERE created_at >= $lo::TIMESTAMPTZ AND created_at < $hi::TIMESTAMPTZ) a
          ON a.created_at >= w.win_start AND a.created_at < w.win_end
        GROUP BY w.i ORDER BY w.i
        """,
        span,
    )
    followers = follower_figures_many(scope, windows)
    conversation = conversation_figures(scope, windows)
    out = []
    for w, p, row, fol, conv in zip(windows, posts, acts, followers, conversation):
        _, n_posts, impressions, reach, with_impr, with_reach = p
        interactions = {k: int(v) for k, v in zip(KIND_ORDER, row[1:-1])}
        engaged = int(row[-1])
        out.append({
            "account": w.account,
            "month": w.label(),
            "timezone": w.timezone,
            "posts": int(n_posts),
            "impressions": None if impressions is None else int(impressions),
            "reach": None if reach is None else int(reach),
            "interactions": interactions,
            "engaged_members": engaged,
            "followers_end": fol.followers_end,
            "new_followers": fol.new_followers,
            "lost_followers": fol.lost_followers,
            "community_ratio": ratio(engaged, fol.followers_end),
            "response": conv["response"],
            "member_to_member_share": conv["member_to_member_share"],
            "followers_source": fol.source,
            "posts_with_impressions": int(with_impr),
            "posts_with_reach": int(with_reach),
            "response_all": conv["response_all"],
            "acknowledgement": conv["acknowledgement"],
            "feedback": conv["feedback"],
        })
    return out
