"""Hand-built canonical tables for the segmentation tests (member ids as handles).

Each helper returns plain DataFrames that ``build_store`` writes as canonical
CSV and ingests through the real path.
"""

from __future__ import annotations

import itertools

import pandas as pd

_ids = itertools.count(1)


def ts(value: str) -> pd.Timestamp:
    return pd.Timestamp(value).tz_convert("UTC") if pd.Timestamp(value).tzinfo else pd.Timestamp(value, tz="UTC")


def interactions(rows, *, account: str = "lib", platform: str = "x") -> pd.DataFrame:
    """Rows ``(member, kind, created_at[, post_id[, reply_to[, interaction_id[, by_library]]]])``."""
    out = []
    for r in rows:
        r = list(r) + [None] * (7 - len(r))
        member, kind, created, post, reply_to, iid, by_lib = r
        out.append(
            {
                "account": account,
                "platform": platform,
                "interaction_id": iid or f"i{next(_ids)}",
                "member_id": member,
                "kind": kind,
                "created_at": ts(created),
                "post_id": post,
                "reply_to": reply_to,
                "by_library": bool(by_lib),
                "text": None,
            }
        )
    df = pd.DataFrame(out)
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    return df


def members(rows, *, account: str = "lib", platform: str = "x") -> pd.DataFrame:
    """Rows ``(member, followed_at, unfollowed_at, followers, following, is_staff)``; trailing items optional."""
    out = []
    for r in rows:
        r = list(r) + [None] * (6 - len(r))
        member, followed, unfollowed, followers, following, staff = r
        out.append(
            {
                "account": account,
                "platform": platform,
                "member_id": member,
                "followed_at": None if followed is None else ts(followed),
                "unfollowed_at": None if unfollowed is None else ts(unfollowed),
                "followers": followers,
                "following": following,
                "is_staff": bool(staff),
            }
        )
    df = pd.DataFrame(out)
    for col in ("followed_at", "unfollowed_at"):
        df[col] = pd.to_datetime(df[col], utc=True)
    for col in ("followers", "following"):
        df[col] = df[col].astype("Int64")
    return df


def pseudonyms(store, account: str = "lib") -> dict:
    """``handle -> member pseudonym`` from the store's identities table."""
    ids = store.identities(account)
    return dict(zip(ids["handle"], ids["member_id"]))
