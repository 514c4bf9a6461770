"""Small hand-built stores of the report tests, and the figures worked out from them by hand.

``tiny``: one account, ``lib`` on Mastodon in Europe/Madrid, October 2025
(2025-09-30T22:00Z to 2025-10-31T23:00Z). Eight followers (``ana`` ..
``hal``) since January 2025; the library answers as ``lib`` (``by_library``).

October's items (member comments, mentions, messages not replying to
another member), judged in Spanish (the account is in Madrid):

=====  ======  =======  ===================  ==========================  ===================================
id     who     kind     created (UTC)        what it says                outcome
=====  ======  =======  ===================  ==========================  ===================================
c1     ana     comment  2025-10-03 12:00     question                    answered by r1 after 2 h
c2     ben     comment  2025-10-04 09:00     question (hostile text)     never answered
m1     dan     mention  2025-10-05 08:00     praise (needs no reply)     thanked by r2 after 24 h (inclusive)
g1     eva     message  2025-10-20 08:00     complaint and question      never answered (hostile text)
=====  ======  =======  ===================  ==========================  ===================================

``c3`` (cai answering ben's c2) is member-to-member, not an item. So, over
the items that need a reply (c1, c2, g1): items 3, answered 1, rate 1/3,
median 2 h, p90 2 h, within 24 h 1/3; over every item (response_all):
items 4, answered 2, rate 0.5, median 13 h, p90 21.8 h, within 24 h 0.5.
Feedback: 1 complaint, 3 questions, 0 requests, 1 praise; acknowledgement:
m1's praise, replied to (1 of 1). Member comments c1, c2, c3: member-to-member
share 1/3. The data horizon is the last reaction, 2025-10-31T20:00Z: c2 has
waited 659 h, g1 276 h, both more than 48 h (g1, a complaint, is listed
first). Engaged members (any interaction but follow/unfollow): ana, ben,
cai, dan, eva, fay = 6 of 8 followers, community ratio 0.75. Posts: p1
(photo, reach 100, 10 + 2 + 1 + 0 = 13 engagements, rate 0.13, link
https://example.org/p/1; a ``javascript:`` link when hostile, never linked),
p2 (link, reach 200, 4 + 0 + 0 + 1 = 5, rate 0.025, no link).

``tiny`` has data in October 2025 only: September 2025 and October 2024 are
outside the account's data, so every change against them is "no data". The
variant ``tiny_tables(september=True)`` (fixtures ``tiny_sept_store`` and
``tiny_sept_report``) adds a month before with data: the library's post p0
(2025-09-15T10:00Z, text, reach 50, no reaction, comment, share or save) and the
library's own comment r0 on
it (2025-09-15T11:00Z, by_library). So September is covered for posts and
interactions, nobody but the library took part, and the eight followers (since
January) were all silent followers in September. Against September: followers
8 (±0), engaged members 0 (+6), community ratio 0.0 (+75 pp), posts 1 (+1); no
item needed a reply, so there is no response rate to compare with. October's
figures are those above; October 2024 stays outside the data.

``tiny_tables(empty_month=True)`` adds an audience figure of November 2025
(8 followers on 2025-11-30) and nothing else in that month: November is inside
the account's data (2025-10..2025-11) with no post and no interaction, the
"empty month" a report still renders, with "no data" where a table is missing.
A month outside the data (say 2026-03) is refused: "no data for lib in
2026-03: data covers 2025-10..2025-10" for ``tiny``.
"""

from __future__ import annotations

import pandas as pd
import pytest

ACCOUNT = "lib"
TZ = "Europe/Madrid"
PLATFORM = "mastodon"
MONTH = "2025-10"
FOLLOWERS = ("ana", "ben", "cai", "dan", "eva", "fay", "gus", "hal")
#: The month of ``tiny_tables(empty_month=True)`` with an audience figure only.
EMPTY_MONTH = "2025-11"

SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _ts(values):
    return pd.to_datetime(pd.Series(values, dtype="object"), utc=True)


def posts(*, hostile: bool = False, september: bool = False) -> pd.DataFrame:
    rows = [("p0", "2025-09-15T10:00:00Z", "text", "Back to school hours", 50, 60, 0, 0, 0, 0)] if september else []
    rows += [
        ("p1", "2025-10-03T10:00:00Z", "photo", "Hello #Otoño " + (FORMULA if hostile else "reading club"), 100, 150, 10, 2, 1, 0),
        ("p2", "2025-10-10T16:00:00Z", "link", "New books " + (SCRIPT if hostile else "this week"), 200, 260, 4, 0, 0, 1),
    ]
    df = pd.DataFrame(rows, columns=["post_id", "published_at", "kind", "text", "reach", "impressions", "reactions",
                                     "comments", "shares", "saves"])
    df["published_at"] = _ts(df["published_at"])
    for c in ("reach", "impressions", "reactions", "comments", "shares", "saves"):
        df[c] = df[c].astype("Int64")
    df["url"] = ([""] if september else []) + ["javascript:alert(1)" if hostile else "https://example.org/p/1", ""]
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", ACCOUNT)
    return df


def members(*, handles=FOLLOWERS) -> pd.DataFrame:
    df = pd.DataFrame({"member_id": list(handles)})
    df["followed_at"] = _ts(["2025-01-01T00:00:00Z"] * len(handles))
    df["unfollowed_at"] = _ts([None] * len(df))
    df["is_staff"] = False
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", ACCOUNT)
    return df


def interactions(*, hostile: bool = False, rename: dict | None = None, september: bool = False) -> pd.DataFrame:
    c2_text = ("¿Abrís el domingo? " + SCRIPT) if hostile else "Is the library open on Sunday?"
    g1_text = (IMG + " " + FORMULA) if hostile else "Can I renew by email? La app no funciona"
    rows = [
        ("c1", "ana", "comment", "2025-10-03T12:00:00Z", "p1", None, False, "When do you open?"),
        ("r1", "lib", "comment", "2025-10-03T14:00:00Z", "p1", "c1", True, "At 9!"),
        ("c2", "ben", "comment", "2025-10-04T09:00:00Z", "p1", None, False, c2_text),
        ("c3", "cai", "comment", "2025-10-04T10:00:00Z", "p1", "c2", False, "Yes, from 10"),
        ("m1", "dan", "mention", "2025-10-05T08:00:00Z", None, None, False, "Great talk at @lib, thank you!"),
        ("r2", "lib", "comment", "2025-10-06T08:00:00Z", None, "m1", True, "Thank you!"),
        ("g1", "eva", "message", "2025-10-20T08:00:00Z", None, None, False, g1_text),
        ("a1", "ana", "reaction", "2025-10-03T11:00:00Z", "p1", None, False, None),
        ("a2", "ben", "reaction", "2025-10-03T11:30:00Z", "p1", None, False, None),
        ("a3", "fay", "reaction", "2025-10-11T09:00:00Z", "p2", None, False, None),
        ("a4", "fay", "reaction", "2025-10-31T20:00:00Z", "p2", None, False, None),
    ]
    if september:  # the library's own comment on p0: September's only interaction
        rows.insert(0, ("r0", "lib", "comment", "2025-09-15T11:00:00Z", "p0", None, True, "Open from 9 again"))
    df = pd.DataFrame(rows, columns=["interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to",
                                     "by_library", "text"])
    if rename:
        df["member_id"] = df["member_id"].replace(rename)
    df["created_at"] = _ts(df["created_at"])
    df["by_library"] = df["by_library"].astype(bool)
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", ACCOUNT)
    return df


def audience(rows, *, account: str = ACCOUNT, platform: str = PLATFORM) -> pd.DataFrame:
    """Canonical ``audience`` rows from ``(date, followers)`` pairs."""
    df = pd.DataFrame(rows, columns=["date", "followers"])
    df["followers"] = df["followers"].astype("Int64")
    df.insert(0, "platform", platform)
    df.insert(0, "account", account)
    return df


def tiny_tables(*, hostile: bool = False, rename: dict | None = None, september: bool = False,
                empty_month: bool = False) -> dict:
    """The canonical tables of ``tiny`` (``audience`` left out: followers come from ``members``); with
    ``september``, the variant with data in the month before; with ``empty_month``, an audience figure of
    :data:`EMPTY_MONTH` (see the module docstring)."""
    handles = tuple((rename or {}).get(h, h) for h in FOLLOWERS)
    tables = {"posts": posts(hostile=hostile, september=september), "members": members(handles=handles),
              "interactions": interactions(hostile=hostile, rename=rename, september=september)}
    if empty_month:
        tables["audience"] = audience([("2025-11-30", len(FOLLOWERS))])
    return tables


def build_tiny(build_store, **kwargs):
    """Ingest ``tiny`` with the ``build_store`` fixture."""
    return build_store(tiny_tables(**kwargs), account=ACCOUNT, timezone=TZ, platform=PLATFORM)


def ingest_tables(root, tables: dict, *, account: str = ACCOUNT, timezone: str = TZ, platform: str | None = PLATFORM):
    """Write ``tables`` as canonical CSV under ``root`` and ingest them into ``root / "store"`` (test key)."""
    from pathlib import Path

    from libcommunity.ingest import ingest_paths
    from libcommunity.store import Store
    from tests.conftest import TEST_KEY, write_canonical_csv

    root = Path(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        paths = [write_canonical_csv(df, root / "src" / f"{name}.csv") for name, df in tables.items()]
        store = Store(root / "store")
        ingest_paths(paths, account=account, store=store, timezone=timezone, platform=platform)
    return store


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory):
    """``tiny`` ingested once per test session (per xdist worker); tests only read it."""
    return ingest_tables(tmp_path_factory.mktemp("tiny"), tiny_tables())


@pytest.fixture(scope="session")
def tiny_report(tiny_store):
    """The English report of ``tiny`` for October 2025 (min_group 5, pseudonyms)."""
    from libcommunity.report.build import build_report

    return build_report(tiny_store, ACCOUNT, MONTH, lang="en")


@pytest.fixture(scope="session")
def tiny_sept_store(tmp_path_factory):
    """``tiny`` with data in September 2025 too (``tiny_tables(september=True)``), ingested once per session."""
    return ingest_tables(tmp_path_factory.mktemp("tiny-sept"), tiny_tables(september=True))


@pytest.fixture(scope="session")
def tiny_sept_report(tiny_sept_store):
    """The English report of ``tiny`` with September's data, for October 2025 (min_group 5, pseudonyms)."""
    from libcommunity.report.build import build_report

    return build_report(tiny_sept_store, ACCOUNT, MONTH, lang="en")


class ReportsByLanguage:
    """Monthly reports of stores that tests only read, each (store, account, month, options) collected once.

    The first language asked for is built by ``build_report``; another language is the same data with that language's
    :class:`~libcommunity.report.i18n.Translator`, which is all that ``build_report(..., lang=...)`` changes.
    """

    def __init__(self):
        self._built = {}

    def __call__(self, store, account: str, month: str, lang: str, **options):
        from libcommunity.report.build import Report, build_report
        from libcommunity.report.i18n import Translator

        key = (str(store.root), account, month, tuple(sorted(options.items())))
        if key not in self._built:
            self._built[key] = build_report(store, account, month, lang=lang, **options)
        report = self._built[key]
        return report if report.lang == lang else Report(data=report.data, t=Translator(lang, report.data.timezone))


def text_of(html) -> str:
    """The plain-text twin of a section, for assertions."""
    return html.text
