"""The six-step engagement ladder: observe, follow, like/recommend, contribute, co-own, lead.

A finer, rule-based view beside the three segments. Each member of the
window is on the highest step whose rule they meet (rules are checked from
the top); counts are over the window (see :func:`member_features`).

======  ================  ===========================================================================
level   step id           rule (over the window)
======  ================  ===========================================================================
6       ``lead``          meets *co-own*, did at least ``lead_min_actions`` answers to members or
                          pieces of own content, was answered by at least ``lead_min_repliers``
                          different members, and took part in at least ``lead_min_months``
                          calendar months of the window: others gather around what they start
5       ``co_own``        created own content about the library (``ugc``), answered another
                          member, or came to at least ``co_own_min_events`` offline events:
                          the member makes part of the community's life
4       ``contribute``    commented, sent a message, answered a survey or came to an event:
                          gave words, feedback or presence
3       ``like_recommend`` shared or mentioned the library (recommending it to their own audience),
                          or reacted while following
2       ``follow``        follows the account at the window's end and did nothing more
1       ``observe``       does not follow and only reacted (likes from outside, e.g. a post
                          someone shared): watching, not yet committed
======  ================  ===========================================================================

Offline events (``events``) and surveys (``surveys``) count like online
actions: an event-goer who never comments online is contributing, and a
regular at events co-owns the library's programme.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError

__all__ = ["LADDER", "LadderRules", "ladder_steps", "ladder_level"]

#: The six steps, from the first to the top.
LADDER = ("observe", "follow", "like_recommend", "contribute", "co_own", "lead")

_NEEDED = (
    "follows", "reactions", "comments", "shares", "mentions", "messages", "ugc", "events", "surveys",
    "replies_given", "repliers", "active_months",
)


@dataclass(frozen=True)
class LadderRules:
    """Thresholds of the ladder's upper steps (see the module's table)."""

    co_own_min_events: int = 2
    lead_min_actions: int = 3
    lead_min_repliers: int = 2
    lead_min_months: int = 2

    def __post_init__(self):
        for name in ("co_own_min_events", "lead_min_actions", "lead_min_repliers", "lead_min_months"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
                raise ParameterError(f"{name} must be an integer >= 1; got {v!r} instead")


def ladder_steps(features: pd.DataFrame, rules: LadderRules | None = None) -> pd.Series:
    """The ladder step id of every member.

    Parameters
    ----------
    features : DataFrame
        :func:`~libcommunity.segments.member_features` (or any frame with its
        count columns and ``follows``).
    rules : LadderRules, optional

    Returns
    -------
    pandas.Series of str
        One of :data:`LADDER` per row, same index as ``features``.
    """
    rules = rules or LadderRules()
    missing = [c for c in _NEEDED if c not in features.columns]
    if missing:
        raise ParameterError(
            f"features must have the columns {', '.join(missing)}; it has {', '.join(map(str, features.columns))}"
        )
    f = {c: features[c].to_numpy() for c in _NEEDED}
    follows = f["follows"].astype(bool)
    co_own = (f["ugc"] > 0) | (f["replies_given"] > 0) | (f["events"] >= rules.co_own_min_events)
    lead = (
        co_own
        & ((f["replies_given"] + f["ugc"]) >= rules.lead_min_actions)
        & (f["repliers"] >= rules.lead_min_repliers)
        & (f["active_months"] >= rules.lead_min_months)
    )
    contribute = (f["comments"] + f["messages"] + f["surveys"] + f["events"]) > 0
    like = (f["shares"] + f["mentions"] > 0) | (follows & (f["reactions"] > 0))
    step = np.select(
        [lead, co_own, contribute, like, follows],
        ["lead", "co_own", "contribute", "like_recommend", "follow"],
        default="observe",
    )
    return pd.Series(step, index=features.index, dtype="string", name="ladder_step")


def ladder_level(steps) -> np.ndarray:
    """Level 1..6 of ladder step ids (0 for missing or unknown).

    Strings (a ``string`` Series above all, whose values Arrow holds) are looked
    up by Arrow, without a Python string per row; anything else through a
    hash lookup of the values (:meth:`pandas.Index.get_indexer`).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        texts = pa.array(steps, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        texts = None
    if texts is not None and (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        at = pc.index_in(texts, value_set=pa.array(LADDER, type=texts.type))  # missing or unknown: null
        return pc.fill_null(at, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1
    values = pd.Series(steps, dtype="object").to_numpy() if not isinstance(steps, np.ndarray) else steps
    return (pd.Index(LADDER, dtype="object").get_indexer(values) + 1).astype(np.int64)  # missing or unknown: -1
