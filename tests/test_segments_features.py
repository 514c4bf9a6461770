"""member_features: who is a member of the window and every feature, against hand-computed values."""

import copy
import math

import numpy as np
import pandas as pd
import pytest

from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.segments import FEATURE_COLUMNS, member_features, window_of
from libcommunity.segments.features import COUNT_COLUMNS

from .test_segments_fixtures import interactions, members, pseudonyms

# Window of 2025-10 in Madrid: 2025-08-01 00:00 CEST (2025-07-31T22:00Z) .. 2025-11-01 00:00 CET (2025-10-31T23:00Z).
END = pd.Timestamp("2025-10-31T23:00Z")


@pytest.fixture(scope="module")
def community(build_module_store):
    """The store (the module's tests only read it) and ``handle -> pseudonym``."""
    mem = members(
        [
            ("ana", "2025-01-01T00:00Z", None, 120, 300),
            ("bea", "2025-05-01T00:00Z", None, 5000, 200),
            ("carl", "2025-02-01T00:00Z"),
            ("dan", "2025-02-01T00:00Z", "2025-09-15T00:00Z"),
            ("eve", "2025-02-01T00:00Z", "2025-09-15T00:00Z"),
            ("gus", "2024-01-01T00:00Z", None, None, None, True),
            ("hal", "2025-11-05T00:00Z"),
            ("ivy", None),
            ("ola", "2025-03-01T00:00Z", "2025-11-20T00:00Z"),
        ]
    )
    ia = interactions(
        [
            ("ana", "reaction", "2025-07-31T21:30Z", "p0"),  # 23:30 local on 31 July: before the window
            ("ana", "reaction", "2025-10-06T10:00Z", "p1"),
            ("ana", "reaction", "2025-10-06T18:00Z", "p1"),
            ("ana", "reaction", "2025-10-08T09:00Z", "p2"),
            ("ana", "comment", "2025-09-03T12:00Z", "p1", "c1"),  # answers bea
            ("bea", "comment", "2025-08-05T12:00Z", "p0", None, "c1"),
            ("bea", "ugc", "2025-09-12T12:00Z"),
            ("bea", "share", "2025-10-20T12:00Z", "p2"),
            ("bea", "comment", "2025-08-06T12:00Z", "p0", "c1"),  # answering herself does not count
            ("@library", "comment", "2025-08-05T15:00Z", "p0", "c1", None, True),
            ("eve", "reaction", "2025-08-10T12:00Z", "p0"),
            ("fay", "comment", "2025-10-15T12:00Z", "p2", "c1"),
            ("gus", "comment", "2025-10-15T12:00Z", "p2", "c1"),  # staff
            ("lee", "reaction", "2025-10-31T23:30Z", "p2"),  # 1 November local: after the window
            ("mia", "reaction", "2025-07-31T22:30Z", "p0"),  # 1 August 00:30 local: inside
            ("jon", "follow", "2025-10-02T08:00Z"),
            ("kim", "follow", "2025-03-02T08:00Z"),
            ("kim", "unfollow", "2025-06-02T08:00Z"),
            ("ola", "follow", "2025-03-01T00:00Z"),
        ]
    )
    store = build_module_store({"members": mem, "interactions": ia}, timezone="Europe/Madrid")
    return store, pseudonyms(store)


@pytest.fixture(scope="module")
def community_features(community):
    store, ids = community
    f = member_features(store, "lib", "2025-10")
    handle = {v: k for k, v in ids.items()}
    return f.assign(handle=f["member"].map(handle)).set_index("handle")


@pytest.fixture
def feats(community_features):
    """The features of 2025-10 by handle: each test's own copy."""
    return community_features.copy(deep=True)


def test_window_is_three_local_calendar_months():
    w = window_of("2025-10", "Europe/Madrid")
    assert (w.start, w.end) == (pd.Timestamp("2025-07-31T22:00Z"), END)
    assert w.label() == "2025-08..2025-10"
    assert window_of("2025-10", "UTC", 1).label() == "2025-10"


def test_window_is_not_copied_into_every_derived_frame():
    """A window cannot change: pandas deep-copies ``attrs`` into every frame derived from the features (a column
    selection included), so a deep copy gives the window itself, not a new one built field by field."""
    w = window_of("2025-10", "Europe/Madrid")
    assert copy.deepcopy(w) is w and copy.deepcopy(w.month) is w.month
    frame = pd.DataFrame({"member": ["a"], "participation": [1]})
    frame.attrs["window"] = w
    assert frame[["member"]].attrs["window"] is w
    assert copy.deepcopy({"window": w})["window"] == window_of("2025-10", "Europe/Madrid")


def test_columns_and_dtypes(feats):
    assert list(feats.columns) == list(FEATURE_COLUMNS)
    for col in COUNT_COLUMNS:
        assert feats[col].dtype == "int64", col
    assert feats["follows"].dtype == bool
    assert str(feats["followers"].dtype) == "Int64"


def test_who_is_a_member_of_the_window(feats):
    # carl: silent follower; jon: follow event; ola: unfollows after the end;
    # eve: unfollowed but took part; fay, mia: took part without following.
    assert sorted(feats.index) == ["ana", "bea", "carl", "eve", "fay", "jon", "mia", "ola"]
    # dan unfollowed and never took part; gus is staff; hal follows after the end; kim unfollowed;
    # lee acted after the end; ivy's member row has no followed_at, so nothing shows she follows;
    # the library is never a member.
    assert feats.loc[["ana", "bea", "carl", "jon", "ola"], "follows"].all()
    assert not feats.loc[["eve", "fay", "mia"], "follows"].any()
    assert feats["new_follower"][lambda s: s].index.tolist() == ["jon"]


def test_no_handle_leaks_into_the_features(community):
    store, ids = community
    f = member_features(store, "lib", "2025-10")
    cells = set(f.astype(str).to_numpy().ravel())
    assert not cells & set(ids)
    assert f["member"].str.match(r"^m_[0-9a-f]{20}$").all()


def test_counts_of_ana_by_hand(feats):
    a = feats.loc["ana"]
    assert (a.reactions, a.comments, a.participation, a.amplification) == (3, 1, 4, 0)
    # local days: 3 Sep, 6 Oct, 8 Oct; ISO weeks: 1 Sep, 6 Oct; months: Sep, Oct
    assert (a.active_days, a.active_weeks, a.active_months) == (3, 2, 2)
    assert (a.replies_given, a.replies_received, a.repliers, a.library_replies) == (1, 0, 0, 0)
    assert a.last_action == pd.Timestamp("2025-10-08T09:00Z")
    assert math.isclose(a.days_since_last_action, (END - pd.Timestamp("2025-10-08T09:00Z")).total_seconds() / 86400)
    assert a.first_seen == pd.Timestamp("2025-01-01T00:00Z")
    assert math.isclose(a.tenure_days, (END - pd.Timestamp("2025-01-01T00:00Z")).total_seconds() / 86400)
    assert (a.followers, a.following) == (120, 300)


def test_counts_of_bea_by_hand(feats):
    b = feats.loc["bea"]
    assert (b.comments, b.ugc, b.shares, b.participation, b.amplification) == (2, 1, 1, 4, 2)
    # ana and fay answered c1; bea's own answer does not count; the library and gus (staff) answered for the library
    assert (b.replies_given, b.replies_received, b.repliers, b.library_replies) == (0, 2, 2, 2)


def test_silent_and_undated_members(feats):
    c = feats.loc["carl"]
    assert c.participation == 0 and math.isnan(c.days_since_last_action)
    assert pd.isna(c.last_action)
    assert pd.isna(feats.loc["carl", "followers"])


def test_local_month_boundaries(feats):
    assert feats.loc["mia", "reactions"] == 1  # 00:30 on 1 August in Madrid
    assert feats.loc["fay", "replies_given"] == 1


def test_a_shorter_window_drops_earlier_participation(community):
    store, ids = community
    f = member_features(store, "lib", "2025-10", window_months=1).set_index("member")
    assert f.loc[ids["ana"], "participation"] == 3
    assert ids["eve"] not in f.index  # her only action was in August and she unfollowed in September
    assert ids["mia"] not in f.index


def test_month_before_anything_is_empty_with_columns(community):
    store, _ = community
    f = member_features(store, "lib", "2024-06")
    assert len(f) == 0  # gus followed in 2024 but is staff
    assert list(f.columns) == list(FEATURE_COLUMNS)
    assert f["reactions"].dtype == "int64"
    assert list(f.columns) == list(FEATURE_COLUMNS)


@pytest.mark.parametrize("bad", [0, 25, 1.5, "3", True])
def test_bad_window_months(community, bad):
    store, _ = community
    with pytest.raises(ParameterError, match="window_months must be an integer from 1 to 24"):
        member_features(store, "lib", "2025-10", window_months=bad)


def test_unknown_account_and_bad_month(community):
    store, _ = community
    with pytest.raises(UnknownAccountError):
        member_features(store, "nope", "2025-10")
    with pytest.raises(ParameterError, match="month must be YYYY-MM"):
        member_features(store, "lib", "2025-13")


def test_an_identity_that_acted_as_the_library_is_not_a_member(build_store):
    """The same rule as the metrics: whoever ever posted as the library is on its side, whatever else they did."""
    mem = members([("rita", "2025-01-01T00:00Z"), ("sam", "2025-01-01T00:00Z")])
    ia = interactions(
        [
            ("sam", "comment", "2025-10-03T12:00Z", "p1", None, "q1"),
            ("rita", "comment", "2025-10-03T13:00Z", "p1", "q1", "a1", True),  # rita answers for the library
            ("rita", "reaction", "2025-10-04T13:00Z", "p1"),  # ...and also reacts without the flag
        ]
    )
    store = build_store({"members": mem, "interactions": ia}, timezone="Europe/Madrid")
    ids = pseudonyms(store)
    f = member_features(store, "lib", "2025-10").set_index("member")
    assert ids["rita"] not in f.index
    assert f.loc[ids["sam"], "library_replies"] == 1
    assert f.loc[ids["sam"], "replies_received"] == 0


def test_by_member_is_pandas_sort_by_platform_and_member():
    from libcommunity.segments.memberorder import by_member

    frame = pd.DataFrame({
        "platform": pd.array(["x", "b", "x", "b", "b", "a", None], dtype="string"),
        "member": pd.array(["é", "Z", "a", "z", None, "m10", "q"], dtype="string"),
        "n": range(7),
    }, index=[5, 3, 9, 1, 0, 2, 4])
    frame = pd.concat([frame, frame.iloc[[1, 2]].assign(n=[7, 8])])  # equal keys keep their order (stable)
    expected = frame.sort_values(["platform", "member"], ignore_index=True)
    pd.testing.assert_frame_equal(by_member(frame), expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_member_order_is_a_stable_sort_by_platform_then_member(seed):
    """The order of :func:`member_order` against pandas' stable sort of the same keys, on random keys with
    repeats, missing values, accents and characters outside the BMP, the keys in several Arrow chunks."""
    import pyarrow as pa

    from libcommunity.segments.memberorder import member_order

    rng = np.random.default_rng(seed)
    n = 2_000
    platforms = np.array(["x", "facebook", "Facebook", "bluesky", "mastodon", "é", None], dtype=object)
    members = np.array(["m_1", "m_10", "m_2", "M_1", "ñ", "n", "z", "\U0001f600", "\uff21", "", None], dtype=object)
    keys = pd.DataFrame({"platform": pd.array(platforms[rng.integers(0, len(platforms), n)], dtype="string"),
                         "member": pd.array(members[rng.integers(0, len(members), n)], dtype="string")})
    expected = keys.assign(row=np.arange(n)).sort_values(["platform", "member"], kind="stable")["row"].to_numpy()
    cut = [0, 7, 700, 1_500, n]
    chunked = {c: pa.chunked_array([pa.array(keys[c].iloc[a:b], pa.string()) for a, b in zip(cut, cut[1:])])
               for c in ("platform", "member")}
    np.testing.assert_array_equal(member_order(chunked["platform"], chunked["member"]), expected)
    np.testing.assert_array_equal(member_order(pa.array(keys["platform"]), pa.array(keys["member"])), expected)
