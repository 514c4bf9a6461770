"""Follow-back and other low-value accounts.

Some accounts follow thousands of others in the hope of being followed back
and never read, react or talk. They inflate the follower count and bring no
community. An account is flagged when, at the window's end, it

* follows the library,
* follows at least ``min_following`` accounts and at least ``min_ratio``
  times as many accounts as follow it (``following >= min_ratio *
  max(followers, 1)``), and
* never took part (no participation of any kind up to the window's end).

Members whose own audience is unknown (``followers``/``following`` null)
are never flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..store import Store
from .features import member_features
from .members import add_handles

__all__ = ["follow_back_accounts", "MIN_RATIO", "MIN_FOLLOWING"]

MIN_RATIO = 10.0
MIN_FOLLOWING = 1000


def follow_back_accounts(
    store: Store,
    account: str,
    month,
    *,
    reveal: bool = False,
    window_months: int = 3,
    min_ratio: float = MIN_RATIO,
    min_following: int = MIN_FOLLOWING,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Followers that look like follow-back accounts (see the module's rule).

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``followers``, ``following``, ``ratio``
        (following / max(followers, 1)), ``tenure_days``, sorted by ratio.
    """
    if isinstance(min_ratio, bool) or not isinstance(min_ratio, (int, float, np.integer, np.floating)) or min_ratio < 1:
        raise ParameterError(f"min_ratio must be a number >= 1; got {min_ratio!r} instead")
    if isinstance(min_following, bool) or not isinstance(min_following, (int, np.integer)) or min_following < 0:
        raise ParameterError(f"min_following must be a non-negative integer; got {min_following!r} instead")
    f = features if features is not None else member_features(store, account, month, window_months=window_months)
    known = f["followers"].notna() & f["following"].notna()
    followers = f["followers"].fillna(0).astype("int64").to_numpy()
    following = f["following"].fillna(0).astype("int64").to_numpy()
    ratio = following / np.maximum(followers, 1)
    never = f["last_action"].isna().to_numpy()
    pick = f["follows"].to_numpy() & known.to_numpy() & never & (following >= min_following) & (ratio >= float(min_ratio))
    out = f.loc[pick, ["member", "platform", "followers", "following", "tenure_days"]].copy()
    out["ratio"] = ratio[pick]
    out = out.sort_values(["ratio", "member"], ascending=[False, True], ignore_index=True)
    out = out[["member", "platform", "followers", "following", "ratio", "tenure_days"]]
    return add_handles(store, account, out) if reveal else out
