"""Segments and the ladder per person, cross-platform ambassadors: a hand-made member table, counted by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from libcommunity.segments.ladder import LADDER
from libcommunity.segments.naming import SEGMENTS
from libcommunity.segments.people import PEOPLE_COLUMNS, people_of_members, summarise_people

# platform, member, segment, ladder_step, participation, offline, follows
ROWS = [
    ("instagram", "m_a", "ambassador", "co_own", 10, 0, True),         # person P1 ...
    ("mastodon", "m_b", "active_participant", "lead", 5, 0, False),    # ... P1
    ("other", "m_c", "active_participant", "contribute", 1, 1, False),  # ... P1 (an attendance list)
    ("instagram", "m_d", "ambassador", "co_own", 4, 0, True),          # person P2 ...
    ("bluesky", "m_e", "silent_follower", "follow", 0, 0, True),       # ... P2 (only follows there)
    ("instagram", "m_f", "ambassador", "lead", 8, 0, True),            # no link: a person of their own
    ("mastodon", "m_g", "silent_follower", "follow", 0, 0, True),
    ("other", "m_h", "active_participant", "contribute", 1, 1, False),
]
PERSONS = pd.DataFrame({"platform": ["instagram", "mastodon", "other", "instagram", "bluesky"],
                        "member": ["m_a", "m_b", "m_c", "m_d", "m_e"],
                        "person": ["p_1", "p_1", "p_1", "p_2", "p_2"]})


def _members() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["platform", "member", "segment", "ladder_step", "participation", "offline",
                                       "follows"])


def test_one_row_per_person_with_the_highest_step_and_segment():
    people = people_of_members(_members(), PERSONS).set_index("person")
    assert list(people.reset_index().columns) == list(PEOPLE_COLUMNS)
    assert len(people) == 5
    p1 = people.loc["p_1"]
    # By hand: P1's highest segment is Instagram's ambassador, their highest step Mastodon's lead; they took part
    # on three platforms (the list is "other"), 16 actions, one of them offline.
    assert (p1["identities"], p1["platforms"], p1["segment"], p1["ladder_step"]) == (3, "instagram,mastodon,other",
                                                                                    "ambassador", "lead")
    assert (p1["active_platforms"], p1["participation"], p1["offline"], bool(p1["follows"])) == (3, 16, 1, True)
    p2 = people.loc["p_2"]
    # P2 follows on Bluesky but takes part on Instagram only: one active platform.
    assert (p2["identities"], p2["segment"], p2["ladder_step"], p2["active_platforms"]) == (2, "ambassador", "co_own", 1)
    assert people.loc["instagram:m_f", "ladder_step"] == "lead"
    assert people.loc["mastodon:m_g", "segment"] == "silent_follower"


def test_summary_per_person_counted_by_hand():
    got = summarise_people(_members(), PERSONS)
    assert got == {
        "people": 5,
        "linked_identities": 5,
        "segments": {"silent_follower": 1, "active_participant": 1, "ambassador": 3},
        "ladder": {"observe": 0, "follow": 1, "like_recommend": 0, "contribute": 1, "co_own": 1, "lead": 2},
        "ambassadors": 3,
        "cross_platform_ambassadors": 1,  # P1 only: P2 follows on Bluesky but takes part on Instagram alone
    }


def test_summary_equals_a_plain_pandas_grouping():
    members, persons = _members(), PERSONS
    keyed = members.merge(persons, on=["platform", "member"], how="left")
    keyed["person"] = keyed["person"].fillna(keyed["platform"] + ":" + keyed["member"])
    keyed["seg"] = keyed["segment"].map({s: i for i, s in enumerate(SEGMENTS)})
    keyed["level"] = keyed["ladder_step"].map({s: i for i, s in enumerate(LADDER)})
    by = keyed.groupby("person")
    seg = by["seg"].max().map(dict(enumerate(SEGMENTS)))
    step = by["level"].max().map(dict(enumerate(LADDER)))
    active = keyed[keyed["participation"] > 0].groupby("person")["platform"].nunique().reindex(seg.index, fill_value=0)
    sizes = by.size()
    got = summarise_people(members, persons)
    assert got["people"] == len(seg)
    assert got["linked_identities"] == int(sizes[sizes >= 2].sum())
    assert got["segments"] == {s: int((seg == s).sum()) for s in SEGMENTS}
    assert got["ladder"] == {s: int((step == s).sum()) for s in LADDER}
    assert got["cross_platform_ambassadors"] == int(((seg == "ambassador") & (active >= 2)).sum())


def test_without_links_every_identity_is_a_person():
    members = _members()
    got = summarise_people(members)
    assert got["people"] == len(members) and got["linked_identities"] == 0
    assert got["segments"] == {s: int((members["segment"] == s).sum()) for s in SEGMENTS}
    assert got["ladder"] == {s: int((members["ladder_step"] == s).sum()) for s in LADDER}
    assert got["cross_platform_ambassadors"] == 0


def test_without_links_the_summary_is_the_grouped_one():
    # Without links the summary is read off the members' columns; a links table that names none of these
    # members goes through the grouping per person: both give the same block.
    rng = np.random.default_rng(3)
    n = 2_000
    members = pd.DataFrame({
        "platform": pd.Series(rng.choice(["instagram", "mastodon", "other"], n), dtype="string"),
        "member": pd.Series([f"m_{i}" for i in range(n)], dtype="string"),
        "segment": pd.Series(rng.choice(SEGMENTS, n), dtype="string"),
        "ladder_step": pd.Series(rng.choice([*LADDER, None], n), dtype="string"),
        "participation": rng.integers(0, 3, n), "offline": rng.integers(0, 2, n), "follows": rng.random(n) < 0.5,
    })
    elsewhere = pd.DataFrame({"platform": ["bluesky", "bluesky"], "member": ["x", "y"], "person": ["p", "p"]})
    grouped = summarise_people(members, elsewhere)
    assert grouped["people"] == n and grouped["ambassadors"] == int((members["segment"] == "ambassador").sum())
    assert summarise_people(members) == grouped
    assert summarise_people(members, elsewhere.iloc[:0]) == grouped


def _members_with_attrs(rows):
    frame = pd.DataFrame(rows, columns=["platform", "member", "segment", "ladder_step", "participation", "offline",
                                        "follows"])
    frame.attrs = {"account": "a", "selection": [{"k": k, "bic": float(k)} for k in range(2, 11)]}
    return frame


def test_the_callers_attrs_are_kept_and_platforms_sorted():
    members = _members_with_attrs([
        ("mastodon", "m1", "active_participant", "contribute", 3, 0, True),
        ("bluesky", "b1", "ambassador", "co_own", 5, 1, False),
        ("other", "e1", "silent_follower", "follow", 0, 2, False),
        ("mastodon", "m2", "silent_follower", "follow", 0, 0, True),
    ])
    persons = pd.DataFrame({"platform": ["mastodon", "bluesky", "other"], "member": ["m1", "b1", "e1"],
                            "person": ["p1", "p1", "p1"]})
    people = people_of_members(members, persons)
    assert list(people.columns) == list(PEOPLE_COLUMNS)
    assert people["person"].tolist() == ["p1", "mastodon:m2"]
    p1 = people.iloc[0]
    # hand-computed: three identities on three platforms, two of which took part (participation > 0)
    assert (p1["identities"], p1["platforms"], p1["segment"], p1["ladder_step"]) == (3, "bluesky,mastodon,other",
                                                                                      "ambassador", "co_own")
    assert (p1["active_platforms"], p1["participation"], p1["offline"], bool(p1["follows"])) == (2, 8, 3, True)
    assert people.iloc[1]["platforms"] == "mastodon"
    summary = summarise_people(members, persons)
    assert summary["people"] == 2 and summary["linked_identities"] == 3
    assert summary["ambassadors"] == 1 and summary["cross_platform_ambassadors"] == 1
    assert members.attrs["account"] == "a"  # the caller's frame is left as it was


def test_platforms_of_many_people_equal_the_sorted_set_of_each_persons_platforms():
    rng = np.random.default_rng(7)
    n = 3_000
    platforms = np.array(["x", "mastodon", "bluesky", "facebook", "instagram", "other", "youtube"])
    members = _members_with_attrs({
        "platform": platforms[rng.integers(0, len(platforms), n)], "member": [f"m{i}" for i in range(n)],
        "segment": "silent_follower", "ladder_step": "follow", "participation": rng.integers(0, 3, n), "offline": 0,
        "follows": True,
    })
    members = members.drop_duplicates(["platform", "member"]).reset_index(drop=True)
    linked = members.sample(frac=0.5, random_state=1)
    persons = linked[["platform", "member"]].assign(person=[f"p{i}" for i in rng.integers(0, 400, len(linked))])
    people = people_of_members(members, persons).set_index("person")
    keys = members.merge(persons, on=["platform", "member"], how="left")
    keys["person"] = keys["person"].fillna(keys["platform"] + ":" + keys["member"])
    expected = keys.groupby("person")["platform"].agg(lambda s: ",".join(sorted(set(s))))
    assert len(people) == len(expected)
    assert people["platforms"].sort_index().tolist() == expected.sort_index().tolist()
    assert (people["identities"].sort_index().to_numpy() == keys.groupby("person").size().sort_index().to_numpy()).all()
