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
from .coverage import coverage_of
from .followers import follower_figures_many
from .response import ACKNOWLEDGEMENT_KEYS, FEEDBACK_KEYS, RESPONSE_KEYS, conversation_figures
from .window import Window, span_params, windows_sql

__all__ = ["KIND_ORDER", "contract_figures", "contract_figures_many", "ratio", "null_figures", "nulled"]

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


def nulled(value):
    """``value`` with every number replaced by None (dicts kept, recursively)."""
    if isinstance(value, dict):
        return {k: nulled(v) for k, v in value.items()}
    if isinstance(value, list):
        return []
    return None


def null_figures(w: Window, coverage: dict | None = None) -> dict:
    """The contract figures of a month the scope holds no data for: every figure null.

    A month without data (outside the account's data, or in a gap of it) gets
    these, and so does, in a scope restricted to one platform, a pruned month
    (its rows are gone and its kept figures cover the whole account).
    """
    out = {
        "account": w.account,
        "month": w.label(),
        "timezone": w.timezone,
        "posts": None,
        "impressions": None,
        "reach": None,
        "interactions": dict.fromkeys(KIND_ORDER),
        "engaged_members": None,
        "followers_end": None,
        "new_followers": None,
        "lost_followers": None,
        "community_ratio": None,
        "response": dict.fromkeys((*RESPONSE_KEYS, "unjudged")),
        "member_to_member_share": None,
        "followers_source": None,
        "posts_with_impressions": None,
        "posts_with_reach": None,
        "response_all": dict.fromkeys(RESPONSE_KEYS),
        "acknowledgement": dict.fromkeys(ACKNOWLEDGEMENT_KEYS),
        "feedback": dict.fromkeys(FEEDBACK_KEYS),
    }
    if coverage is not None:
        out["coverage"] = coverage
    return out


def contract_figures_many(scope, windows) -> list[dict]:
    """:func:`contract_figures` of each of ``windows``, a few queries for all of them (a report asks for 13 months).

    Figures the month's data cannot support are None (:mod:`~libcommunity.metrics.coverage`): every figure of a
    month without data; posts figures when no platform's posts cover the month; interaction, engagement and
    response figures when no platform's interactions do. ``community_ratio`` is over the platforms whose
    interactions cover the month and whose followers at its end are known (``coverage.community_ratio``).
    """
    windows = list(windows)
    cov = coverage_of(scope)
    with_data = [w for w in windows if cov.has_data(w.month)]
    computed = dict(zip(with_data, _figures(scope, with_data, cov))) if with_data else {}
    out = []
    for w in windows:
        if w in computed:
            out.append(computed[w])
        else:
            out.append(null_figures(w, cov.block(w.month)))
    return out


def _figures(scope, windows, cov) -> list[dict]:
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
    rows = scope.rows(
        f"""
        SELECT w.i, a.platform, {filters},
               count(DISTINCT a.member_id) FILTER (WHERE a.kind NOT IN ('follow', 'unfollow'))
        FROM {wins}
        LEFT JOIN (SELECT platform, member_id, kind, created_at FROM lc_member_acts
                   WHERE created_at >= $lo::TIMESTAMPTZ AND created_at < $hi::TIMESTAMPTZ) a
          ON a.created_at >= w.win_start AND a.created_at < w.win_end
        GROUP BY w.i, a.platform ORDER BY w.i, a.platform
        """,
        span,
    )
    acts = [([0] * len(KIND_ORDER), {}) for _ in windows]  # per window: counts per kind, engaged per platform
    for row in rows:
        i, platform, counts, engaged = row[0], row[1], row[2:-1], row[-1]
        totals, by_platform = acts[i]
        for k, n in enumerate(counts):
            totals[k] += int(n)
        if platform is not None:
            by_platform[platform] = int(engaged)
    followers = follower_figures_many(scope, windows)
    conversation = conversation_figures(scope, windows)
    out = []
    for w, p, (counts, engaged_by), fol, conv in zip(windows, posts, acts, followers, conversation):
        _, n_posts, impressions, reach, with_impr, with_reach = p
        block = cov.block(w.month)
        has_posts, has_acts = bool(block["posts"]), bool(block["interactions"])
        known = [q for q, v in fol.by_platform.items() if v["followers_end"] is not None]
        # The ratio's platforms: interactions cover the month and the followers at its end are known.
        on = [q for q in block["interactions"] if q in known]
        block["followers"] = known
        block["community_ratio"] = on
        engaged = sum(engaged_by.values())
        out.append({
            "account": w.account,
            "month": w.label(),
            "timezone": w.timezone,
            "posts": int(n_posts) if has_posts else None,
            "impressions": None if impressions is None or not has_posts else int(impressions),
            "reach": None if reach is None or not has_posts else int(reach),
            "interactions": {k: (int(v) if has_acts else None) for k, v in zip(KIND_ORDER, counts)},
            "engaged_members": engaged if has_acts else None,
            "followers_end": fol.followers_end,
            "new_followers": fol.new_followers,
            "lost_followers": fol.lost_followers,
            "community_ratio": ratio(sum(engaged_by.get(q, 0) for q in on),
                                     sum(fol.by_platform[q]["followers_end"] for q in on)) if on else None,
            "response": conv["response"] if has_acts else nulled(conv["response"]),
            "member_to_member_share": conv["member_to_member_share"] if has_acts else None,
            "followers_source": fol.source,
            "posts_with_impressions": int(with_impr) if has_posts else None,
            "posts_with_reach": int(with_reach) if has_posts else None,
            "response_all": conv["response_all"] if has_acts else nulled(conv["response_all"]),
            "acknowledgement": conv["acknowledgement"] if has_acts else nulled(conv["acknowledgement"]),
            "feedback": conv["feedback"] if has_acts else nulled(conv["feedback"]),
            "coverage": block,
        })
    return out
