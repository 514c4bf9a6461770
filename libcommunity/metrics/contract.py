"""The contract figures of one window: the keys of ``libcommunity metrics --json`` the issue fixes.

``posts``, ``impressions``, ``reach``, ``interactions.<kind>`` (all ten kinds),
``engaged_members``, ``followers_end``, ``new_followers``, ``lost_followers``,
``community_ratio``, ``response.*`` and ``member_to_member_share``; their
definitions are in ``docs/metrics.md`` and in the modules that compute them
(:mod:`.members`, :mod:`.followers`, :mod:`.response`).
"""

from __future__ import annotations

from ..schemas import INTERACTION_KINDS
from .followers import follower_figures
from .response import member_to_member_share, response_figures
from .window import Window

__all__ = ["KIND_ORDER", "contract_figures", "ratio"]

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
    ``posts_with_reach`` (how many of the posts have each figure).
    """
    p = w.params()
    n_posts, impressions, reach, with_impr, with_reach = scope.one(
        """
        SELECT count(*), sum(impressions), sum(reach), count(impressions), count(reach)
        FROM lc_posts WHERE published_at >= $start::TIMESTAMPTZ AND published_at < $end::TIMESTAMPTZ
        """,
        p,
    )
    filters = ", ".join(f"count(*) FILTER (WHERE kind = '{k}')" for k in KIND_ORDER)
    row = scope.one(
        f"""
        SELECT {filters},
               count(DISTINCT (platform, member_id)) FILTER (WHERE kind NOT IN ('follow', 'unfollow'))
        FROM lc_member_acts
        WHERE created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
        """,
        p,
    )
    interactions = {k: int(v) for k, v in zip(KIND_ORDER, row[:-1])}
    engaged = int(row[-1])
    fol = follower_figures(scope, w)
    return {
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
        "response": response_figures(scope, w),
        "member_to_member_share": member_to_member_share(scope, w),
        "followers_source": fol.source,
        "posts_with_impressions": int(with_impr),
        "posts_with_reach": int(with_reach),
    }
