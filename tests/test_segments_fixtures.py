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


def two_month_tables():
    """A small community whose members move between September (window Jul-Sep) and October (Aug-Oct), UTC.

    sam  silent follower both months
    tia  silent, then reacts in October                -> took_first_step, ready to jump
    uma  comments Jul-Sep, then shares/mentions/content -> became_ambassador (co-owns: own content)
    vic  ambassador in Jul-Sep, only 2 shares since     -> ambassador_stepped_back, drifting away
    wes  reacted in July, unfollowed in September       -> left
    xia  follows on 3 October, comments, comes to event -> joined, new and promising
    fbk  follow-back account: 50 followers, follows 3000, never acts
    """
    mem = members(
        [
            ("sam", "2025-01-01T00:00Z", None, 100, 100),
            ("tia", "2025-01-01T00:00Z", None, 80, 120),
            ("uma", "2025-01-01T00:00Z", None, 900, 300),
            ("vic", "2025-01-01T00:00Z", None, 2000, 400),
            ("wes", "2025-01-01T00:00Z", "2025-09-20T00:00Z"),
            ("xia", "2025-10-03T00:00Z", None, 40, 60),
            ("fbk", "2025-02-01T00:00Z", None, 50, 3000),
            ("fb2", "2025-02-01T00:00Z", None, 1000, 3000),
            ("fb3", "2025-02-01T00:00Z", None, 10, 3000),
            ("fb4", "2025-02-01T00:00Z", None, None, 3000),
        ]
    )
    ia = interactions(
        [
            ("tia", "reaction", "2025-10-05T10:00Z", "p9"),
            ("tia", "reaction", "2025-10-12T10:00Z", "p10"),
            ("uma", "comment", "2025-07-10T10:00Z", "p1"),
            ("uma", "comment", "2025-08-10T10:00Z", "p2"),
            ("uma", "comment", "2025-09-10T10:00Z", "p3"),
            ("uma", "share", "2025-10-02T10:00Z", "p8"),
            ("uma", "share", "2025-10-09T10:00Z", "p9"),
            ("uma", "mention", "2025-10-15T10:00Z"),
            ("uma", "ugc", "2025-10-20T10:00Z"),
            ("vic", "share", "2025-07-02T10:00Z", "p1"),
            ("vic", "share", "2025-07-09T10:00Z", "p1b"),
            ("vic", "ugc", "2025-07-20T10:00Z"),
            ("vic", "share", "2025-08-02T10:00Z", "p2"),
            ("vic", "share", "2025-08-09T10:00Z", "p2b"),
            ("wes", "reaction", "2025-07-05T10:00Z", "p1"),
            ("xia", "comment", "2025-10-04T10:00Z", "p9"),
            ("xia", "comment", "2025-10-06T10:00Z", "p9"),
            ("xia", "event", "2025-10-18T17:00Z", "e1"),
            ("xia", "follow", "2025-10-03T00:00Z"),
            ("fb3", "reaction", "2025-03-03T10:00Z", "p0"),
        ]
    )
    return {"members": mem, "interactions": ia}


def trap_tables():
    """A community with the issue's two traps, August-October 2025 (UTC), for the window of October.

    like00..like11  heavy likers: 30-63 reactions on many days, never a share (one comment each)
    amp0..amp5      quiet amplifiers: one reaction at most, but 2-4 shares, a mention and own content
    com00..com14    commenters: a few reactions and comments, one share for some
    sil00..sil29    silent followers
    """
    days = [f"2025-{m:02d}-{d:02d}" for m in (8, 9, 10) for d in range(1, 29, 2)]  # 42 local days
    rows = []
    for i in range(12):
        n = 30 + 3 * i
        rows += [(f"like{i:02d}", "reaction", f"{days[j % len(days)]}T{9 + j % 10:02d}:00Z", f"p{j}") for j in range(n)]
        rows.append((f"like{i:02d}", "comment", f"{days[i]}T12:30Z", "p1"))
    for i in range(6):
        d = days[5 * i:]
        rows += [(f"amp{i}", "share", f"{d[j]}T18:00Z", f"p{j}") for j in range(2 + i % 3)]
        rows += [(f"amp{i}", "mention", f"{d[3]}T20:00Z"), (f"amp{i}", "ugc", f"{d[4]}T21:00Z")]
        if i % 2:
            rows.append((f"amp{i}", "reaction", f"{d[5]}T10:00Z", "p5"))
    for i in range(15):
        d = days[2 * i:]
        rows += [(f"com{i:02d}", "reaction", f"{d[j]}T11:00Z", f"p{j}") for j in range(2 + i % 4)]
        rows += [(f"com{i:02d}", "comment", f"{d[j]}T13:00Z", f"p{j}") for j in range(1 + i % 3)]
        if i % 5 == 0:
            rows.append((f"com{i:02d}", "share", f"{d[6]}T15:00Z", "p6"))
    people = [f"like{i:02d}" for i in range(12)] + [f"amp{i}" for i in range(6)]
    people += [f"com{i:02d}" for i in range(15)] + [f"sil{i:02d}" for i in range(30)]
    mem = members([(p, "2025-01-01T00:00Z", None, 100, 200) for p in people])
    return {"members": mem, "interactions": interactions(rows)}
