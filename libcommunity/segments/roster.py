"""The ambassador roster: who to thank and reward, and why.

Every ambassador of the month with what they did in the window, in plain
words: "shared 5 posts, mentioned the library 3 times, posted 2 pieces of
their own content, answered 4 other members, came to 1 event". The roster is
a list to act on (thank publicly, invite to co-host, send a gift), so it is
sorted by the number of ambassador actions.
"""

from __future__ import annotations

import pandas as pd

from ..metrics.scope import open_scope
from ..months import parse_month
from .features import features_of, window_of
from .members import add_handles, segment_members
from .naming import AMBASSADOR

__all__ = ["ROSTER_COLUMNS", "WHY_COUNTS", "ambassador_roster", "why_text"]

#: Columns of :func:`ambassador_roster` (``handle`` follows ``member`` with ``reveal=True``).
ROSTER_COLUMNS = (
    "member", "platform", "ambassador_actions", "shares", "mentions", "ugc", "replies_given", "repliers",
    "events", "surveys", "reactions", "comments", "active_months", "ladder_step", "p_active", "why",
)

_PHRASES = (
    ("shares", "shared {n} post", "shared {n} posts"),
    ("mentions", "mentioned the library once", "mentioned the library {n} times"),
    ("ugc", "posted 1 piece of their own content", "posted {n} pieces of their own content"),
    ("replies_given", "answered another member once", "answered other members {n} times"),
    ("events", "came to 1 event", "came to {n} events"),
    ("surveys", "answered a survey", "answered {n} surveys"),
    ("comments", "wrote 1 comment", "wrote {n} comments"),
)


#: The roster's counts put into words, in this order (texts ``why_<column>_one`` / ``_other`` of a translator).
WHY_COUNTS = tuple(col for col, _, _ in _PHRASES)


def why_text(row, plural=None) -> str:
    """What a member did, in words (counts of zero are left out).

    Parameters
    ----------
    row : mapping
        A roster row (its :data:`WHY_COUNTS` columns).
    plural : callable, optional
        ``plural(key, n)``, the text ``key_one`` or ``key_other`` in a language
        (:meth:`libcommunity.report.i18n.Translator.plural`); default: English.

    Examples
    --------
    >>> why_text({"shares": 5, "mentions": 1, "ugc": 0, "replies_given": 2, "events": 1, "surveys": 0, "comments": 0})
    'shared 5 posts, mentioned the library once, answered other members 2 times, came to 1 event'
    """
    parts = []
    for col, one, many in _PHRASES:
        n = int(row[col])
        if n > 0:
            parts.append(plural(f"why_{col}", n) if plural is not None else (one if n == 1 else many).format(n=n))
    return ", ".join(parts)


def ambassador_roster(
    store,
    account: str,
    month,
    *,
    reveal: bool = False,
    window_months: int = 3,
    random_state: int = 0,
    members: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The month's ambassadors, what they did and why they are on the roster.

    Parameters
    ----------
    store, account, month, window_months, random_state
        As for :func:`segment_members` (``store`` may be a scope: the features and segments of the month are then
        the ones the scope already has).
    reveal : bool
        Add ``handle`` (the identifier as ingested) so the library can thank them by name.
    members : DataFrame, optional
        :func:`segment_members` of this month (without ``reveal``), if already computed.

    Returns
    -------
    pandas.DataFrame
        :data:`ROSTER_COLUMNS`: the counts of the window, ``ambassador_actions``
        (shares + mentions + own content + answers to members) and ``why``.
    """
    with open_scope(store, account) as scope:
        features = features_of(scope, window_of(parse_month(month), scope.timezone, window_months))
        if members is None:
            members = segment_members(scope, account, month, window_months=window_months, random_state=random_state)
        return _roster(scope, account, members, features, reveal)


def _roster(scope, account, members, features, reveal) -> pd.DataFrame:
    amb = members.loc[members["segment"] == AMBASSADOR, ["platform", "member", "ladder_step", "p_active"]]
    out = amb.merge(features, on=["platform", "member"], how="left")
    out["ambassador_actions"] = out["shares"] + out["mentions"] + out["ugc"] + out["replies_given"]
    out["why"] = pd.Series([why_text(r) for r in out.to_dict("records")], index=out.index, dtype="string")
    out = out.sort_values(["ambassador_actions", "participation", "member"], ascending=[False, False, True], ignore_index=True)
    out = out[list(ROSTER_COLUMNS)]
    return add_handles(scope, account, out) if reveal else out
