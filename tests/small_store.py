"""A small hostile store for the small-number tests: a few people in every category.

Three accounts on Mastodon, October 2025 (September for the changes):

``quiet-lib`` (Europe/London)
    42 followers (2 of them new in October, 1 lost: fewer than 5 each); 8
    engaged members in September, 3 in October (so the community ratio,
    3 / 41, and every change against September rest on a withheld count);
    ``#fair`` used 4 times by one member, ``#club`` by two; one member shares
    and mentions a lot (an ambassador of one); the library answers as
    ``quietlib`` and members mention ``@quietlib``.
``busy-lib`` (Europe/London)
    30 followers; events with 1, 3 (2 online), 4 and 6 (5 online, 1 offline
    only) attendees and a survey with 2 respondents; ``#bookfair`` carried by
    3 members (a campaign of fewer than 5), ``#solo`` used 4 times by one.
``event-lib`` (Europe/London)
    12 followers; one author talk with 12 attendees of whom 3 are online
    members (the offline-link advice fires with a withheld count).
"""

from __future__ import annotations

import pandas as pd

MONTH = "2025-10"
TZ = "Europe/London"
PLATFORM = "mastodon"
ACCOUNTS = ("quiet-lib", "busy-lib", "event-lib")
#: The library's own handle of each account (its replies are ``by_library``).
LIBRARY_HANDLES = {"quiet-lib": "quietlib", "busy-lib": "busylib", "event-lib": "eventlib"}


def _ts(values):
    return pd.to_datetime(pd.Series(list(values), dtype="object"), utc=True)


def _members(account, handles, *, new=(), lost=()):
    rows = [(h, "2025-01-01T00:00:00Z", None) for h in handles]
    rows += [(h, "2025-10-05T10:00:00Z", None) for h in new]
    rows = [(h, f, "2025-10-20T10:00:00Z" if h in lost else u) for h, f, u in rows]
    df = pd.DataFrame(rows, columns=["member_id", "followed_at", "unfollowed_at"])
    df["followed_at"] = _ts(df["followed_at"])
    df["unfollowed_at"] = _ts(df["unfollowed_at"])
    df["is_staff"] = False
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", account)
    return df


def _posts(account, n=3):
    rows = [(f"{account}-p{i}", f"2025-10-{2 + 7 * i:02d}T10:00:00Z", "photo", f"Post {i} #fair #club #bookfair",
             400 + 100 * i, 500 + 100 * i, 10 + i, 2, 1, 0) for i in range(n)]
    rows += [(f"{account}-s{i}", f"2025-09-{2 + 7 * i:02d}T10:00:00Z", "photo", f"September post {i}",
              300, 400, 8, 1, 1, 0) for i in range(n)]
    df = pd.DataFrame(rows, columns=["post_id", "published_at", "kind", "text", "reach", "impressions", "reactions",
                                     "comments", "shares", "saves"])
    df["published_at"] = _ts(df["published_at"])
    for c in ("reach", "impressions", "reactions", "comments", "shares", "saves"):
        df[c] = df[c].astype("Int64")
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", account)
    return df


class _Acts:
    def __init__(self, account):
        self.account, self.rows = account, []

    def add(self, member, kind, when, *, post=None, reply_to=None, by_library=False, text=None):
        self.rows.append((f"{self.account}-i{len(self.rows)}", member, kind, when, post, reply_to, by_library, text))
        return self.rows[-1][0]

    def frame(self):
        df = pd.DataFrame(self.rows, columns=["interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to",
                                              "by_library", "text"])
        df["created_at"] = _ts(df["created_at"])
        df["by_library"] = df["by_library"].astype(bool)
        df.insert(0, "platform", PLATFORM)
        df.insert(0, "account", self.account)
        return df


def quiet_lib() -> dict:
    account = "quiet-lib"
    followers = [f"q{i:02d}" for i in range(1, 41)]
    acts = _Acts(account)
    p = f"{account}-p0"
    for i, h in enumerate(followers[:8]):  # September: 8 engaged members
        acts.add(h, "reaction", f"2025-09-{10 + i:02d}T12:00:00Z", post=f"{account}-s1")
        acts.add(h, "comment", f"2025-09-{10 + i:02d}T13:00:00Z", post=f"{account}-s1", text="Lovely")
    for d in range(4):  # one member carries #fair four times
        acts.add("q01", "comment", f"2025-10-{3 + d:02d}T12:00:00Z", post=p, text="Going to the #fair again")
    c = acts.add("q02", "comment", "2025-10-04T09:00:00Z", post=p, text="Thanks @quietlib! See you at the #club")
    acts.add("quietlib", "comment", "2025-10-04T11:00:00Z", post=p, reply_to=c, by_library=True, text="Thank you @q02!")
    acts.add("q03", "comment", "2025-10-05T09:00:00Z", post=p, text="#club tonight?")
    for d in range(5):  # q01 shares and mentions: the month's one ambassador
        acts.add("q01", "share", f"2025-10-{8 + d:02d}T12:00:00Z", post=p)
        acts.add("q01", "mention", f"2025-10-{8 + d:02d}T13:00:00Z", text="Best library @quietlib")
        acts.add("q01", "ugc", f"2025-10-{8 + d:02d}T14:00:00Z", text="My reading list")
    return {"posts": _posts(account), "members": _members(account, followers, new=("n1", "n2"), lost=("q40",)),
            "interactions": acts.frame()}


def busy_lib() -> dict:
    account = "busy-lib"
    followers = [f"b{i:02d}" for i in range(1, 31)]
    acts = _Acts(account)
    p = f"{account}-p0"
    events = {
        "Story time": ["b01"],
        "Poetry evening": ["b02", "b03", "x01"],
        "Workshop": ["b04", "b05", "b06", "x02"],
        "Book club": ["b07", "b08", "b09", "b10", "b11", "x03"],
    }
    for day, (name, people) in enumerate(events.items()):
        for h in people:
            acts.add(h, "event", f"2025-10-{10 + day:02d}T17:00:00Z", text=name)
    for h in ("b15", "b16"):
        acts.add(h, "survey", "2025-10-20T10:00:00Z", text="Reader survey")
    for i, h in enumerate(followers[:12]):  # online activity of the followers who come to events
        acts.add(h, "reaction", f"2025-10-{2 + i:02d}T09:00:00Z", post=p)
    for h in ("b01", "b02", "b03"):  # #bookfair: a campaign of three
        acts.add(h, "comment", "2025-10-21T12:00:00Z", post=p, text="See you at the #bookfair")
    for d in range(4):
        acts.add("b20", "comment", f"2025-10-{22 + d:02d}T12:00:00Z", post=p, text="#solo again")
    return {"posts": _posts(account), "members": _members(account, followers), "interactions": acts.frame()}


def event_lib() -> dict:
    account = "event-lib"
    followers = [f"e{i:02d}" for i in range(1, 13)]
    acts = _Acts(account)
    for h in ["e01", "e02", "e03"] + [f"y{i:02d}" for i in range(1, 10)]:
        acts.add(h, "event", "2025-10-15T18:00:00Z", text="Author talk")
    for h in ("e01", "e02", "e03"):
        acts.add(h, "reaction", "2025-10-03T09:00:00Z", post=f"{account}-p0")
    return {"posts": _posts(account), "members": _members(account, followers), "interactions": acts.frame()}


def build_small_hostile_store(root):
    """Ingest the three accounts under ``root / "store"`` (test key); return the Store."""
    from tests.report_fixtures import ingest_tables

    store = None
    for account, tables in (("quiet-lib", quiet_lib()), ("busy-lib", busy_lib()), ("event-lib", event_lib())):
        store = ingest_tables(root, tables, account=account, timezone=TZ, platform=PLATFORM)
    return store
