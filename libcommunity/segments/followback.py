"""Follow-back and other low-value accounts.

Some accounts follow thousands of others in the hope of being followed back
and never read, react or talk. They inflate the follower count and bring no
community. An account is flagged when, at the window's end, it

* follows the library,
* never took part (no participation of any kind up to the window's end),
* follows at least ``min_following`` accounts (3,500),
* follows at least ``min_ratio`` (10) times as many accounts as follow it
  (``following >= min_ratio * max(followers, 1)``), and
* has at least ``min_followers`` (100) followers of its own: following back
  is how such accounts grow, so they have an audience; an account with
  almost none that follows thousands is more often a newcomer who followed
  too much.

Members whose own audience is unknown (``followers``/``following`` null)
are never flagged. The thresholds were chosen on simulated communities and
measured on others (``docs/segmentation.md``, "Follow-back accounts";
``bench/followback_eval.py``): on held-out communities about
six in ten flagged accounts are follow-back accounts, and about seven in ten
follow-back accounts are flagged. The flag is a list to review, not a verdict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..metrics.scope import open_scope
from .features import features_of, window_of
from .members import add_handles

__all__ = ["follow_back_accounts", "flag_follow_back", "MIN_RATIO", "MIN_FOLLOWING", "MIN_FOLLOWERS"]

#: Follows at least this many times as many accounts as follow it.
MIN_RATIO = 10.0
#: Follows at least this many accounts.
MIN_FOLLOWING = 3500
#: Has at least this many followers of its own.
MIN_FOLLOWERS = 100

_COLUMNS = ["member", "platform", "followers", "following", "ratio", "tenure_days"]


def _check(min_ratio, min_following, min_followers) -> None:
    number = (int, float, np.integer, np.floating)
    if isinstance(min_ratio, bool) or not isinstance(min_ratio, number) or not min_ratio >= 1:
        raise ParameterError(f"min_ratio must be a number >= 1; got {min_ratio!r} instead")
    for name, value in (("min_following", min_following), ("min_followers", min_followers)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ParameterError(f"{name} must be a non-negative integer; got {value!r} instead")


def flag_follow_back(
    features: pd.DataFrame,
    *,
    min_ratio: float = MIN_RATIO,
    min_following: int = MIN_FOLLOWING,
    min_followers: int = MIN_FOLLOWERS,
) -> pd.Series:
    """Which members of a :func:`member_features` frame meet the follow-back rule (see the module's rule).

    Parameters
    ----------
    features : DataFrame
        At least ``follows``, ``last_action``, ``followers``, ``following``.
    min_ratio, min_following, min_followers
        The rule's thresholds.

    Returns
    -------
    pandas.Series
        Booleans on the index of ``features``.
    """
    _check(min_ratio, min_following, min_followers)
    followers = pd.to_numeric(features["followers"]).astype("Float64")
    following = pd.to_numeric(features["following"]).astype("Float64")
    known = (followers.notna() & following.notna()).to_numpy(dtype=bool)
    r = followers.fillna(0).to_numpy(dtype="float64")
    f = following.fillna(0).to_numpy(dtype="float64")
    never = features["last_action"].isna().to_numpy(dtype=bool)
    follows = features["follows"].fillna(False).to_numpy(dtype=bool)
    pick = (
        follows
        & known
        & never
        & (f >= min_following)
        & (f >= float(min_ratio) * np.maximum(r, 1.0))
        & (r >= min_followers)
    )
    return pd.Series(pick, index=features.index, name="follow_back")


def follow_back_accounts(
    store,
    account: str,
    month,
    *,
    reveal: bool = False,
    window_months: int = 3,
    min_ratio: float = MIN_RATIO,
    min_following: int = MIN_FOLLOWING,
    min_followers: int = MIN_FOLLOWERS,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Followers that look like follow-back accounts (see the module's rule).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
        The window's last month.
    reveal : bool, default False
        Add the original ``handle`` after ``member``.
    window_months : int, default 3
    min_ratio, min_following, min_followers
        The rule's thresholds (:data:`MIN_RATIO`, :data:`MIN_FOLLOWING`, :data:`MIN_FOLLOWERS`).
    features : DataFrame, optional
        :func:`member_features` of the month, when already computed.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``followers``, ``following``, ``ratio``
        (following / max(followers, 1)), ``tenure_days``, sorted by ratio.
    """
    _check(min_ratio, min_following, min_followers)
    with open_scope(store, account) as scope:
        f = features if features is not None else features_of(scope, window_of(month, scope.timezone, window_months))
        pick = flag_follow_back(f, min_ratio=min_ratio, min_following=min_following, min_followers=min_followers).to_numpy()
        out = f.loc[pick, ["member", "platform", "followers", "following", "tenure_days"]].copy()
        followers = pd.to_numeric(out["followers"]).astype("float64").to_numpy()
        out["ratio"] = pd.to_numeric(out["following"]).astype("float64").to_numpy() / np.maximum(followers, 1.0)
        out = out.sort_values(["ratio", "member"], ascending=[False, True], ignore_index=True)[_COLUMNS]
        return add_handles(scope, account, out) if reveal else out
