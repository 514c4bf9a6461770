"""The hand-built library of the metrics tests, and checks that it loads as written.

One account, ``lib`` in Europe/Madrid, platform facebook, around October
2025. October 2025 in Madrid runs from 2025-09-30T22:00Z (CEST) to
2025-10-31T23:00Z (CET, exclusive): rows placed on those instants test the
month's boundaries. Member ids are handles here; ingest turns them into
pseudonyms. Every expected figure in the test modules is worked out by hand
from these rows; the comments below say what each row is for.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import pytest

from libcommunity.errors import UnknownAccountError
from libcommunity.ingest import ingest_paths
from libcommunity.metrics.scope import Scope
from libcommunity.pseudonym import Pseudonymizer
from libcommunity.store import AccountInfo, Store
from tests.conftest import TEST_KEY, write_canonical_csv

ACCOUNT = "lib"
TZ = "Europe/Madrid"
MONTH = "2025-10"
START = "2025-09-30T22:00:00Z"  # 2025-10-01 00:00 in Madrid
END = "2025-10-31T23:00:00Z"  # 2025-11-01 00:00 in Madrid


def _ts(values):
    return pd.to_datetime(pd.Series(values, dtype="object"), utc=True)


def posts_table() -> pd.DataFrame:
    rows = [
        # post_id, published_at, kind, text, reach, impressions, reactions, comments, shares, saves
        ("p0", "2025-09-30T21:30:00Z", "photo", "September, 23:30 in Madrid", 999, 999, 1, 1, 1, None),
        ("p1", START, "photo", "First minute of October", 100, 200, 10, 4, 2, None),
        ("p2", "2025-10-15T10:00:00Z", "event", "Join the #Lectura club", None, 50, None, None, 1, None),
        ("p3", "2025-10-31T22:59:00Z", "photo", "Last minute of October", 300, None, 5, 0, 0, 3),
        ("p4", END, "text", "November already", 10, 10, 1, 1, 1, None),
    ]
    df = pd.DataFrame(
        rows, columns=["post_id", "published_at", "kind", "text", "reach", "impressions", "reactions", "comments", "shares", "saves"]
    )
    df["url"] = ["", "https://example.org/p1", "", "", ""]  # only p1's link is in the export
    df["published_at"] = _ts(df["published_at"])
    for c in ("reach", "impressions", "reactions", "comments", "shares", "saves"):
        df[c] = df[c].astype("Int64")
    df.insert(0, "platform", "facebook")
    df.insert(0, "account", ACCOUNT)
    return df


def members_table() -> pd.DataFrame:
    rows = [
        # member_id, followed_at, unfollowed_at, is_staff
        ("sara", "2024-01-01T00:00:00Z", None, True),  # staff: never a member
        ("lib", "2020-01-01T00:00:00Z", None, False),  # the library itself (authors by_library rows)
        ("ana", "2025-01-01T00:00:00Z", None, False),  # follower all along
        ("ben", "2025-10-10T00:00:00Z", None, False),  # new in October
        ("cai", "2024-05-01T00:00:00Z", "2025-10-20T00:00:00Z", False),  # lost in October
        ("dan", END, None, False),  # follows exactly at the month's end: November
        ("eva", "2024-02-01T00:00:00Z", END, False),  # unfollows exactly at the end: still a follower at the end
        ("fay", START, None, False),  # follows exactly at the start: new in October
        ("gus", "2025-03-01T00:00:00Z", "2025-02-01T00:00:00Z", False),  # old unfollow before a re-follow
    ]
    df = pd.DataFrame(rows, columns=["member_id", "followed_at", "unfollowed_at", "is_staff"])
    df["followed_at"] = _ts(df["followed_at"])
    df["unfollowed_at"] = _ts(df["unfollowed_at"])
    df.insert(0, "platform", "facebook")
    df.insert(0, "account", ACCOUNT)
    return df


def interactions_table() -> pd.DataFrame:
    rows = [
        # interaction_id, member_id, kind, created_at, post_id, reply_to, by_library, text
        ("i1", "ana", "comment", "2025-10-01T08:00:00Z", "p1", None, False, "When do you open?"),  # item, answered in 2 h
        ("r1", "lib", "comment", "2025-10-01T10:00:00Z", "p1", "i1", True, "At 9!"),
        ("r1b", "lib", "comment", "2025-10-03T10:00:00Z", "p1", "i1", True, "And at 10 on Sundays"),  # later reply
        ("i2", "ben", "comment", "2025-10-02T12:00:00Z", "p1", "i1", False, "Me too"),  # member to member
        ("r2", "lib", "comment", "2025-10-02T13:00:00Z", "p1", "i2", True, "Welcome"),  # reply in a member thread
        ("i3", "ben", "message", "2025-10-05T00:00:00Z", None, None, False, "Can I renew?"),  # item, staff answers 30 h
        ("s1", "sara", "message", "2025-10-06T06:00:00Z", None, "i3", False, "Yes"),
        ("i4", "hal", "mention", "2025-10-20T00:00:00Z", None, None, False, "@lib hello"),  # item, unanswered
        ("i5", "ana", "comment", "2025-10-31T22:00:00Z", "p1", "r1", False, "And Saturdays?"),  # reply to the library
        ("r5", "lib", "comment", "2025-11-02T22:00:00Z", "p1", "i5", True, "Also"),  # 48 h, after the month
        ("i6a", "cai", "comment", "2025-10-11T00:00:00Z", "p2", None, False, "Is it free?"),  # item, 0.5 h
        ("r6", "lib", "comment", "2025-10-11T00:30:00Z", "p2", "i6a", True, "Yes"),
        ("i6", "cai", "comment", "2025-10-12T00:00:00Z", "p2", "i6a", False, "Thanks! And parking?"),  # self-reply: item
        ("i7", "hal", "comment", "2025-09-30T21:59:00Z", "p0", None, False, "Any news for September?"),  # 23:59 Sep 30 local
        ("i8", "ana", "reaction", "2025-10-01T09:00:00Z", "p1", None, False, None),
        ("i9", "hal", "reaction", "2025-10-31T22:59:59Z", "p3", None, False, None),  # last second of October
        ("i10", "ben", "share", "2025-10-15T12:00:00Z", "p2", None, False, None),
        ("i11", "ben", "follow", "2025-10-10T00:00:00Z", None, None, False, None),
        ("i12", "cai", "unfollow", "2025-10-20T00:00:00Z", None, None, False, None),
        ("i13", "hal", "ugc", "2025-10-16T00:00:00Z", None, None, False, "Me encanta el #lectura club #Biblio"),
        ("i14", "ana", "event", "2025-10-18T17:00:00Z", "p2", None, False, None),
        ("i14b", "zoe", "event", "2025-10-18T17:00:00Z", "p2", None, False, None),  # offline only
        ("i15", "ana", "survey", "2025-10-25T10:00:00Z", None, None, False, None),
        ("i16", "sara", "comment", "2025-10-07T10:00:00Z", "p1", None, False, "Staff note"),  # staff: not counted
        ("i17", "hal", "comment", END, "p4", None, False, "November"),  # first instant of November
        ("i18", "dan", "comment", "2025-10-22T00:00:00Z", None, "ghost", False, "Re: old thread"),  # unknown target
        ("r18", "lib", "comment", "2025-10-23T00:00:00Z", None, "i18", True, "Done"),  # exactly 24 h
        ("i19", "hal", "comment", "2025-10-23T00:00:00Z", "p1", "i8", False, "Agreed"),  # to ana's reaction: m2m
    ]
    df = pd.DataFrame(
        rows, columns=["interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to", "by_library", "text"]
    )
    df["created_at"] = _ts(df["created_at"])
    df.insert(0, "platform", "facebook")
    df.insert(0, "account", ACCOUNT)
    return df


def library_tables() -> dict:
    return {"posts": posts_table(), "interactions": interactions_table(), "members": members_table()}


@pytest.fixture
def library_store(build_store):
    """The hand-built library, ingested through the real ingest path."""
    return build_store(library_tables(), account=ACCOUNT, timezone=TZ)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """The hand-built library ingested once per test module (read-only: tests must not write to it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        root = tmp_path_factory.mktemp("metrics")
        paths = [write_canonical_csv(df, root / "src" / f"{name}.csv") for name, df in library_tables().items()]
        store = Store(root / "store")
        ingest_paths(paths, account=ACCOUNT, store=store, timezone=TZ)
    return store


def pseudonym(handle: str, platform: str = "facebook") -> str:
    """The pseudonym the test key gives ``handle``."""
    return Pseudonymizer(TEST_KEY.encode("utf-8"))(handle, platform)


class FrameStore:
    """A store-like object over canonical DataFrames, without files: the read API a :class:`Scope` needs.

    Random accounts of the property tests become a store in milliseconds, and
    the scope is shown to work with any object that has the store's read API
    (``connect``, ``account``, ``accounts``, ``manifest``, ``exists``), as a
    read-only snapshot of a store has.
    """

    def __init__(self, tables: dict, account: str = ACCOUNT, timezone: str = "UTC"):
        self.tables, self.name, self.timezone = tables, account, timezone
        platforms = sorted({p for df in tables.values() if "platform" in df for p in df["platform"].dropna()})
        self.info = AccountInfo(account, timezone, "en", platforms)

    def exists(self) -> bool:
        return True

    def accounts(self) -> list:
        return [self.name]

    def account(self, account: str) -> AccountInfo:
        if account != self.name:
            raise UnknownAccountError(f"account must be one of the store's accounts ({self.name}); got {account!r} instead")
        return self.info

    def manifest(self) -> dict:
        files = {t: {self.name: ["<frame>"]} for t, df in self.tables.items() if df is not None and len(df)}
        return {"format": 1, "generation": 1, "accounts": {self.name: self.info.to_dict()}, "files": files}

    @contextlib.contextmanager
    def connect(self, *, reveal: bool = False, account: str | None = None, threads: int | None = None):
        import duckdb
        import pyarrow as pa

        from libcommunity.schemas import TABLES, coerce_frame, empty_frame
        from libcommunity.store import SIDE_TABLES

        con = duckdb.connect()
        try:
            con.execute("SET TimeZone = 'UTC'")
            for name, spec in TABLES.items():
                df = self.tables.get(name)
                df = empty_frame(name) if df is None else coerce_frame(df.assign(account=df.get("account", self.name)), name)
                arrow = pa.Table.from_pandas(df, schema=spec.arrow_schema, preserve_index=False, safe=False)
                con.register(f"_src_{name}", arrow)
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM _src_{name}")
            for name in ("summaries", "provenance", "links", "sightings") + (("identities",) if reveal else ()):
                empty = pa.schema(list(SIDE_TABLES[name][1].items())).empty_table()
                con.register(f"_src_{name}", empty)
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM _src_{name}")
            yield con
        finally:
            con.close()


def frame_scope(tables: dict, account: str = ACCOUNT, timezone: str = "UTC") -> Scope:
    """A :class:`Scope` over canonical DataFrames (no ingest): see :class:`FrameStore`."""
    return Scope(FrameStore(tables, account, timezone), account)


def test_fixture_loads_every_row(library_store):
    assert len(library_store.read("posts", ACCOUNT)) == len(posts_table())
    assert len(library_store.read("interactions", ACCOUNT)) == len(interactions_table())
    assert len(library_store.read("members", ACCOUNT)) == len(members_table())
    assert library_store.timezone(ACCOUNT) == TZ


def test_month_bounds_are_the_madrid_month():
    from libcommunity.months import parse_month

    start, end = parse_month(MONTH).bounds(TZ)
    assert start == pd.Timestamp(START) and end == pd.Timestamp(END)
