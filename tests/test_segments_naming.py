"""Cluster profiles and names, against hand-computed values."""

import numpy as np
import pandas as pd
import pytest

from libcommunity.segments.naming import cluster_profiles, member_segments, name_clusters

COLUMNS = ["reactions", "amplification"]


def test_profiles_by_hand():
    activity = np.array([[10, 0], [20, 1], [0, 4], [1, 3], [2, 2]])
    labels = np.array([0, 0, 1, 1, 1])
    p = cluster_profiles(activity, labels, COLUMNS, [False, True])
    assert p["members"].tolist() == [2, 3]
    # cluster 0: 1 ambassador action of 31; cluster 1: 9 of 12
    assert p["ambassador_share"].tolist() == pytest.approx([1 / 31, 9 / 12])
    assert p["ambassador_actions"].tolist() == [0.5, 3.0]  # medians of (0, 1) and (4, 3, 2)
    assert p["amplifiers"].tolist() == [0.5, 1.0]
    assert p["reactions"].tolist() == [15.0, 1.0]
    assert p["mean_amplification"].tolist() == pytest.approx([0.5, 3.0])


def test_names_follow_the_share_not_the_cluster_number():
    p = pd.DataFrame({"ambassador_share": [0.9, 0.01, 0.2, 0.199]}, index=[3, 0, 7, 1])
    assert name_clusters(p, 0.2).tolist() == ["ambassador", "active_participant", "ambassador", "active_participant"]


def test_no_ambassador_columns_means_no_ambassadors():
    p = cluster_profiles(np.array([[5, 5], [1, 9]]), np.array([0, 1]), COLUMNS, [False, False])
    assert (p["ambassador_share"] == 0).all()
    assert set(name_clusters(p, 0.2)) == {"active_participant"}


def test_member_floor():
    got = member_segments(["ambassador"] * 3 + ["active_participant"], [2, 3, 10, 10], 3)
    assert got.tolist() == ["active_participant", "ambassador", "ambassador", "active_participant"]


def test_segments_alone_is_the_estimators_rule_without_a_model():
    from libcommunity.segments.estimator import MemberSegmenter
    from libcommunity.segments.naming import ACTIVITY_COLUMNS, segments_alone, too_few_to_cluster

    rng = np.random.default_rng(3)
    for _ in range(30):
        counts = rng.integers(0, 6, size=(rng.integers(1, 15), len(ACTIVITY_COLUMNS))) * (rng.random((1, 1)) < 0.9)
        counts[rng.random(len(counts)) < 0.4] = 0  # silent followers
        X = pd.DataFrame(counts, columns=list(ACTIVITY_COLUMNS))
        seg = MemberSegmenter(random_state=0).fit(X)
        assert (seg.model_ is None) == too_few_to_cluster(X)
        if seg.model_ is None:
            mask = np.isin(ACTIVITY_COLUMNS, ("amplification", "replies_given"))
            assert segments_alone(X, mask).tolist() == seg.segments_.tolist() == seg.predict(X).tolist()


def test_segments_alone_by_hand():
    from libcommunity.segments.naming import segments_alone

    # share 4/5 >= 0.2 and 4 >= 3 actions: ambassador; share 2/3 but 2 < 3 actions: active; nobody: silent
    got = segments_alone([[1, 4], [1, 2], [0, 0], [9, 0]], [False, True])
    assert got.tolist() == ["ambassador", "active_participant", "silent_follower", "active_participant"]
    assert segments_alone(np.zeros((0, 2)), [False, True]).tolist() == []
