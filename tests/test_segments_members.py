"""segment_members and segment_summary on a hand-built community."""

import pandas as pd
import pytest

from libcommunity.errors import NoDataError, ParameterError, UnknownAccountError
from libcommunity.segments import MEMBER_COLUMNS, MemberSegmenter, segment_members, segment_summary

from .test_segments_fixtures import pseudonyms


@pytest.fixture
def store(two_month_store):
    return two_month_store  # tests only read it


def by_handle(store, frame):
    handle = {v: k for k, v in pseudonyms(store).items()}
    return frame.assign(h=frame["member"].map(handle)).set_index("h")


def test_segments_and_ladder_by_hand(store):
    got = by_handle(store, segment_members(store, "lib", "2025-10"))
    assert got["segment"].to_dict() == {
        "uma": "ambassador",  # 4 ambassador actions of 6 in Aug-Oct
        "xia": "active_participant",
        "tia": "active_participant",
        "vic": "active_participant",  # only 2 shares left in the window
        "sam": "silent_follower",
        "fbk": "silent_follower",
        "fb2": "silent_follower",
        "fb3": "silent_follower",
        "fb4": "silent_follower",
    }
    assert got.loc[["uma", "xia", "tia", "vic", "sam"], "ladder_step"].tolist() == [
        "co_own", "contribute", "like_recommend", "like_recommend", "follow",
    ]
    assert list(got.columns) == list(MEMBER_COLUMNS)


def test_no_handle_without_reveal_and_handles_with_it(store):
    plain = segment_members(store, "lib", "2025-10")
    assert "handle" not in plain.columns
    assert not set(plain.astype(str).to_numpy().ravel()) & set(pseudonyms(store))
    revealed = segment_members(store, "lib", "2025-10", reveal=True)
    assert list(revealed.columns[:2]) == ["member", "handle"]
    ids = pseudonyms(store)
    assert all(ids[h] == m for h, m in zip(revealed["handle"], revealed["member"]))


def test_sorted_ambassadors_first_and_deterministic(store):
    a = segment_members(store, "lib", "2025-10")
    b = segment_members(store, "lib", "2025-10")
    pd.testing.assert_frame_equal(a, b)
    ranks = a["segment"].map({"ambassador": 0, "active_participant": 1, "silent_follower": 2})
    assert ranks.is_monotonic_increasing


def test_summary_counts(store):
    members = segment_members(store, "lib", "2025-10")
    s = segment_summary(store, "lib", "2025-10", members=members)
    assert s["members"] == 9 and s["participants"] == 4 and s["followers"] == 9
    assert s["segments"]["ambassador"] == {"members": 1, "share": pytest.approx(1 / 9)}
    assert s["segments"]["silent_follower"]["members"] == 5
    assert s["ladder"] == {"observe": 0, "follow": 5, "like_recommend": 2, "contribute": 1, "co_own": 1, "lead": 0}
    assert s["window"] == "2025-08..2025-10" and s["timezone"] == "UTC"
    assert s["new_followers"] == 1
    assert s == segment_summary(store, "lib", "2025-10")


def test_a_month_outside_the_data_is_an_error_not_silent_followers(store):
    # Before the data nobody took part, so everyone who follows would be a "silent follower": a wrong picture.
    message = r"^no data for lib in 2024-01: data covers 2025-03\.\.2025-10 except 2025-04\.\.2025-06$"
    with pytest.raises(NoDataError, match=message):
        segment_members(store, "lib", "2024-01")
    with pytest.raises(NoDataError, match=message):
        segment_summary(store, "lib", "2024-01")
    with pytest.raises(NoDataError, match="no data for lib in 2025-05"):  # a gap in the data: no month either
        segment_members(store, "lib", "2025-05")


def test_other_segmenter_and_bad_arguments(store):
    got = segment_members(store, "lib", "2025-10", segmenter=MemberSegmenter(min_ambassador_actions=2))
    assert (got["segment"] == "ambassador").sum() == 2  # vic's two shares are enough now
    with pytest.raises(ParameterError, match="segmenter must be a MemberSegmenter"):
        segment_members(store, "lib", "2025-10", segmenter="kmeans")
    with pytest.raises(UnknownAccountError):
        segment_members(store, "other", "2025-10")


def test_the_two_traps_through_the_store(build_store):
    """Heavy likers who never share are active participants; quiet amplifiers who barely react are ambassadors."""
    from .test_segments_fixtures import trap_tables

    store = build_store(trap_tables(), timezone="UTC")
    got = by_handle(store, segment_members(store, "lib", "2025-10"))
    segment = got["segment"]
    likers = segment[segment.index.str.startswith("like")]
    amplifiers = segment[segment.index.str.startswith("amp")]
    assert len(likers) == 12 and (likers == "active_participant").all()
    assert len(amplifiers) == 6 and (amplifiers == "ambassador").all()
    assert (segment[segment.index.str.startswith("com")] == "active_participant").all()
    assert (segment[segment.index.str.startswith("sil")] == "silent_follower").all()
    # every heavy liker did several times more than any amplifier: volume does not make an ambassador
    assert got.loc[likers.index, "participation"].min() > 4 * got.loc[amplifiers.index, "participation"].max()
    assert got.attrs["clusters"] >= 2  # a fitted model, not the tiny-community path


def test_without_activity_the_same_segments_and_no_activity_model(store, monkeypatch):
    # activity=False leaves p_active out: same rows, order and columns otherwise, no activity history read, and in
    # one scope the month is segmented once whichever is asked for first.
    from libcommunity.metrics.scope import Scope
    from libcommunity.segments import activity

    full = segment_members(store, "lib", "2025-10")
    histories = []  # activity histories read (with the members) or fitted (read beside the segmentation)
    real, real_fitted = activity._history, activity._fitted_model
    monkeypatch.setattr(activity, "_history", lambda scope, window: histories.append(window) or real(scope, window))
    monkeypatch.setattr(activity, "_fitted_model", lambda *args: histories.append(args) or real_fitted(*args))
    from libcommunity.segments import members

    fits = []  # segmentations (this store has too few participants to cluster: no MemberSegmenter.fit)
    real_fit = members._fit_segments
    monkeypatch.setattr(members, "_fit_segments", lambda f, *args: fits.append(len(f)) or real_fit(f, *args))
    with Scope(store, "lib") as scope:
        bare = segment_members(scope, "lib", "2025-10", activity=False)
        assert histories == [] and len(fits) == 1
        pd.testing.assert_frame_equal(bare, full.drop(columns="p_active"))
        assert "activity_model" not in bare.attrs
        assert bare.attrs == {k: v for k, v in full.attrs.items() if k != "activity_model"}
        again = segment_members(scope, "lib", "2025-10")
        assert len(histories) == 1 and len(fits) == 1  # the segments of the month are reused, p_active added
    pd.testing.assert_frame_equal(again, full)
    assert again.attrs == full.attrs
    other = segment_members(store, "lib", "2025-10", segmenter=MemberSegmenter(random_state=0), activity=False)
    pd.testing.assert_frame_equal(other, bare)


def test_too_few_to_cluster_gives_what_the_estimator_gives(store):
    # With fewer participants than the segmenter clusters, segment_members names them without the estimator (so
    # a small community's report imports no scikit-learn); the frame and its attrs are what the estimator gives.
    from libcommunity.segments import ACTIVITY_COLUMNS, member_features
    from libcommunity.segments.naming import too_few_to_cluster

    for month in ("2025-09", "2025-10"):
        assert too_few_to_cluster(member_features(store, "lib", month)[list(ACTIVITY_COLUMNS)])
        default = segment_members(store, "lib", month)
        estimated = segment_members(store, "lib", month, segmenter=MemberSegmenter(random_state=0))
        pd.testing.assert_frame_equal(default, estimated)
        assert default.attrs == estimated.attrs
        assert default.attrs["algorithm"] == MemberSegmenter().algorithm and default.attrs["clusters"] == 0


def test_a_callers_changes_never_reach_the_scopes_segments(store):
    # In a scope every call hands out its own copy of the month's segments (a shallow one under pandas' Copy-on-Write):
    # changing a column, a cell or the attrs of one leaves the next call's frame as it was.
    from libcommunity.metrics.scope import Scope

    with Scope(store, "lib") as scope:
        first = segment_members(scope, "lib", "2025-10")
        expected = first.copy(deep=True)
        expected.attrs = dict(first.attrs)
        first.loc[0, "segment"] = "changed"
        first.iloc[0, first.columns.get_loc("participation")] = -1
        first["p_active"] *= 0
        first["reactions"] += 100
        first.attrs["clusters"] = -1
        again = segment_members(scope, "lib", "2025-10")
        bare = segment_members(scope, "lib", "2025-10", activity=False)
        bare.loc[1, "member"] = "changed"
        third = segment_members(scope, "lib", "2025-10")
    pd.testing.assert_frame_equal(again, expected)
    pd.testing.assert_frame_equal(third, expected)
    assert again.attrs == expected.attrs and third.attrs == expected.attrs
