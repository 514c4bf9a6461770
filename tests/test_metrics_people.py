"""The ``people`` block of ``metrics --json`` against a plain-pandas count from who is who.

The hand-built library of :mod:`tests.people_fixtures` is ingested, its people (stated by hand below) are linked
with ``link_groups``, and every figure of the block is recomputed here from the store's raw rows: each identity
is mapped to its person through the truth (not through the store's links), and people are counted with pandas.
"""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import monthly_summary
from libcommunity.people.identifiers import identity_of
from libcommunity.people.linking import link_groups

from .people_fixtures import ACCOUNT, TZ, people_store, pseudonym

MONTH = "2026-03"
ONLINE = {"reaction", "comment", "share", "mention", "message", "ugc"}
OFFLINE = {"event", "survey"}
#: Who is who: person -> (kind, identifier, platform) of every identifier they have.
TRUTH = {
    "ana": [("handle", "@ana_reads", "instagram"), ("handle", "ana_reads@masto.es", "mastodon"),
            ("email", "ana@example.org", None), ("name", "Ana García", None)],
    "bob": [("handle", "@bob_lee", "instagram"), ("name", "Bob Lee", None), ("email", "bob@example.org", None)],
    "olof": [("card", "2 1234 5", None), ("email", "olof@example.org", None)],
}


def _truth_identities() -> dict:
    """``{person: [Identity]}`` of :data:`TRUTH`, normalised as ingest does."""
    return {person: [identity_of(kind, value, platform) for kind, value, platform in ids]
            for person, ids in TRUTH.items()}


def _who() -> dict:
    """``{(platform, pseudonym): person}`` of the truth."""
    return {(i.platform, pseudonym(i.handle, i.platform)): person
            for person, ids in _truth_identities().items() for i in ids}


def _expected(store, month: str = MONTH, *, linked: bool = True) -> dict:
    """The ``people`` block computed with pandas from the raw rows (``linked``: people as the truth says)."""
    acts = store.sql("SELECT platform, member_id, kind, created_at, by_library FROM interactions WHERE account = ?",
                     [ACCOUNT], reveal=True)
    members = store.sql("SELECT platform, member_id, is_staff FROM members WHERE account = ?", [ACCOUNT], reveal=True)
    library = set(zip(acts.loc[acts["by_library"], "platform"], acts.loc[acts["by_library"], "member_id"]))
    library |= set(zip(members.loc[members["is_staff"].fillna(False), "platform"],
                       members.loc[members["is_staff"].fillna(False), "member_id"]))
    who = _who() if linked else {}

    def person(platform, member):
        return who.get((platform, member), f"{platform}:{member}")

    ids = list(zip(acts["platform"], acts["member_id"]))
    member_rows = acts[[not b and m != "" and i not in library
                        for b, m, i in zip(acts["by_library"], acts["member_id"], ids)]].copy()
    member_rows["person"] = [person(p, m) for p, m in zip(member_rows["platform"], member_rows["member_id"])]
    start = pd.Timestamp(f"{month}-01", tz=TZ)
    end = start + pd.offsets.MonthBegin(1)
    created = pd.to_datetime(member_rows["created_at"], utc=True)
    # Linked identities: the account's member identities (a members row, or a member interaction before the end).
    identities = set(zip(member_rows.loc[created < end, "platform"], member_rows.loc[created < end, "member_id"]))
    identities |= {i for i in zip(members["platform"], members["member_id"]) if i not in library}
    per_person = pd.Series([person(*i) for i in identities]).value_counts()
    linked_people = per_person[per_person >= 2]
    month_rows = member_rows[(created >= start) & (created < end) & ~member_rows["kind"].isin(["follow", "unfollow"])]
    by = month_rows.groupby("person")
    return {
        "linked_identities": int(linked_people.sum()),
        "linked_people": int(len(linked_people)),
        "engaged_people": int(month_rows["person"].nunique()),
        "engaged_people_multiplatform": int((by["platform"].nunique() >= 2).sum()),
        "people_online_and_offline": int((by["kind"].agg(lambda k: bool(set(k) & ONLINE) and bool(set(k) & OFFLINE)))
                                         .sum()),
    }


@pytest.fixture
def store(tmp_path):
    return people_store(tmp_path)


def test_without_links_people_are_identities_and_equal_the_pandas_count(store):
    summary = monthly_summary(store, ACCOUNT, MONTH)
    expected = _expected(store, linked=False)
    assert summary["people"] == expected
    assert summary["people"]["engaged_people"] == summary["engaged_members"]
    assert expected["linked_identities"] == 0
    # By hand: 14 identities took part; Ana's Instagram (comment, event) and Mastodon (comment, survey), Carla and
    # Dora are each online and offline on one identity.
    assert summary["people"] == {"linked_identities": 0, "linked_people": 0, "engaged_people": 14,
                                 "engaged_people_multiplatform": 0, "people_online_and_offline": 4}


def test_linked_people_figures_equal_an_independent_count_from_who_is_who(store):
    before = monthly_summary(store, ACCOUNT, MONTH)["people"]
    link_groups(store, ACCOUNT, list(_truth_identities().values()))
    got = monthly_summary(store, ACCOUNT, MONTH)["people"]
    expected = _expected(store)
    assert got == expected
    # By hand. Member identities: Ana's Instagram, Mastodon and address (her name was never filed: the row that
    # gives it gives her handle too), Bob's Instagram, name and address, Olof's card and address: 8 in 3 people.
    # Engaged: Ana, Bob, Carla, Dora, erik, eva1, eva2, "Eva Ruiz" alone, Olof = 9 (14 identities).
    # On two platforms: Ana (Instagram, Mastodon, lists) and Bob (Instagram, lists); Olof is on lists only.
    # Online and offline: Ana, Bob (his reaction and his list entries), Carla and Dora.
    assert got == {"linked_identities": 8, "linked_people": 3, "engaged_people": 9,
                   "engaged_people_multiplatform": 2, "people_online_and_offline": 4}
    assert got["engaged_people"] < before["engaged_people"]  # linked identities count once


def test_one_platforms_figures_cannot_say_who_took_part_on_several(store):
    """Ana and Bob took part on two platforms; the Instagram figures alone cannot see it: null, not 0."""
    link_groups(store, ACCOUNT, list(_truth_identities().values()))
    assert monthly_summary(store, ACCOUNT, MONTH)["people"]["engaged_people_multiplatform"] == 2
    from libcommunity.metrics import Scope

    with Scope(store, ACCOUNT, platform="instagram") as scope:
        got = monthly_summary(scope, ACCOUNT, MONTH)["people"]
    assert got["engaged_people_multiplatform"] is None
    assert got["engaged_people"] >= 1

