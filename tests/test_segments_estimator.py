"""MemberSegmenter: scikit-learn conventions, the two traps, tiny communities, parameters."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from libcommunity.errors import LibcommunityError
from libcommunity.segments import ACTIVITY_COLUMNS, FeatureError, MemberSegmenter
from libcommunity.segments.naming import SEGMENTS

# ---------------------------------------------------------------- scikit-learn's checks
#: Checks that compare predictions with numpy's assert_allclose, which needs numbers: MemberSegmenter
#: predicts segment ids (strings). The same checks run on _CodedSegmenter below (identical estimator,
#: predictions mapped to integer codes) and pass there; test_string_predictions_survive_* repeat
#: their substance on the strings themselves.
STRING_PREDICTIONS = {
    "check_estimators_pickle": "compares predictions with assert_allclose (numbers only); see _CodedSegmenter",
    "check_methods_sample_order_invariance": "assert_allclose on string predictions; see _CodedSegmenter",
    "check_methods_subset_invariance": "assert_allclose on string predictions; see _CodedSegmenter",
    "check_fit_idempotent": "assert_allclose on string predictions; see _CodedSegmenter",
}


class _CodedSegmenter(MemberSegmenter):
    """MemberSegmenter whose predict returns integer codes (0 silent, 1 active, 2 ambassador)."""

    def predict(self, X):
        return np.array([SEGMENTS.index(s) for s in super().predict(X)], dtype=np.int64)


def _expected_failures(estimator):
    return STRING_PREDICTIONS if type(estimator) is MemberSegmenter else {}


#: Small k and one initialisation keep the checks fast; they test conventions, not accuracy.
_FAST = {"activity_columns": "all", "ambassador_columns": [0], "max_clusters": 3, "n_init": 1, "random_state": 0}


@parametrize_with_checks(
    [
        MemberSegmenter(**_FAST),
        MemberSegmenter(**{**_FAST, "max_clusters": 2}, algorithm="gmm"),
        MemberSegmenter(**_FAST, algorithm="kmeans"),
        _CodedSegmenter(**_FAST),
    ],
    expected_failed_checks=_expected_failures,
)
def test_sklearn_conventions(estimator, check):
    check(estimator)


# ---------------------------------------------------------------- a synthetic community
def community(seed=0, *, silent=400, commenters=60, heavy=40, quiet=15, champions=15, offline=20):
    """Activity counts (the default columns) of a community with the issue's personas."""
    rng = np.random.default_rng(seed)

    def block(n, reactions, conversation, amplification, replies, off, persona):
        return pd.DataFrame(
            {
                "reactions": rng.poisson(reactions, n),
                "conversation": rng.poisson(conversation, n),
                "amplification": rng.poisson(amplification, n),
                "replies_given": rng.poisson(replies, n),
                "offline": rng.poisson(off, n),
                "persona": persona,
            }
        )

    parts = [
        block(silent, 0, 0, 0, 0, 0, "silent"),
        block(commenters, 6, 3, 0.4, 0.4, 0.1, "commenter"),
        block(heavy, 60, 0.5, 0, 0.05, 0.05, "heavy_liker"),
        block(quiet, 0.5, 0.3, 9, 0.2, 0.1, "quiet_amplifier"),
        block(champions, 15, 6, 8, 3, 1, "champion"),
        block(offline, 0, 0, 0, 0, 2.5, "offline"),
    ]
    frame = pd.concat(parts, ignore_index=True)
    # everyone outside the silent block took part at least once
    idle = (frame[list(ACTIVITY_COLUMNS)].sum(axis=1) == 0) & (frame["persona"] != "silent")
    frame.loc[idle, "reactions"] = 1
    return frame


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_heavy_likers_are_active_participants_and_quiet_amplifiers_ambassadors(seed):
    X = community(seed)
    seg = MemberSegmenter(random_state=seed).fit(X)
    got = pd.Series(seg.segments_, index=X.index)
    persona = X["persona"]
    assert (got[persona == "silent"] == "silent_follower").all()
    assert (got[persona == "heavy_liker"] == "active_participant").all()  # trap 1: many likes, no shares
    assert (got[persona == "offline"] == "active_participant").all()
    quiet = persona == "quiet_amplifier"
    assert (got[quiet & (X["amplification"] >= 3)] == "ambassador").all()  # trap 2: few reactions, many shares
    assert (got[persona == "champion"] == "ambassador").mean() >= 0.8
    assert (got[persona == "commenter"] == "active_participant").mean() >= 0.9
    # names come from behaviour: every ambassador cluster amplifies, every other does not
    prof = seg.profiles_
    assert (prof.loc[prof["segment"] == "ambassador", "ambassador_share"] >= 0.2).all()
    assert (prof.loc[prof["segment"] == "active_participant", "ambassador_share"] < 0.2).all()


def test_the_busiest_heavy_liker_is_never_an_ambassador():
    X = community(3)
    X.loc[len(X)] = {"reactions": 900, "conversation": 2, "amplification": 3, "replies_given": 0, "offline": 0, "persona": "x"}
    got = MemberSegmenter(random_state=0).fit_predict(X)
    assert got[-1] == "active_participant"


def test_cluster_numbers_do_not_decide_names():
    """Permuting members (and the seed) changes the clustering's numbering, never the segments."""
    X = community(4)
    a = MemberSegmenter(random_state=0).fit_predict(X)
    perm = np.random.default_rng(9).permutation(len(X))
    b = MemberSegmenter(random_state=123).fit_predict(X.iloc[perm])
    agree = (a[perm] == b).mean()
    assert agree >= 0.99


# ---------------------------------------------------------------- tiny communities
def frame(rows):
    return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))


def test_fewer_members_than_clusters():
    X = frame([[0, 0, 0, 0, 0], [4, 1, 0, 0, 0], [0, 0, 4, 1, 0]])
    seg = MemberSegmenter(n_clusters=5, random_state=0).fit(X)
    assert seg.predict(X).tolist() == ["silent_follower", "active_participant", "ambassador"]
    assert seg.model_ is None and seg.n_clusters_ == 0


def test_everyone_silent():
    X = frame([[0, 0, 0, 0, 0]] * 30)
    seg = MemberSegmenter(random_state=0).fit(X)
    assert set(seg.predict(X)) == {"silent_follower"}
    assert seg.n_clusters_ == 0 and seg.profiles_.empty


def test_a_single_active_member_gets_no_invented_segment():
    X = frame([[0, 0, 0, 0, 0]] * 50 + [[3, 1, 0, 0, 0]])
    got = MemberSegmenter(random_state=0).fit_predict(X)
    assert got[-1] == "active_participant"
    assert (got[:-1] == "silent_follower").all()
    assert "ambassador" not in got


def test_a_single_member():
    got = MemberSegmenter(random_state=0).fit_predict(frame([[0, 0, 5, 0, 0]]))
    assert got.tolist() == ["ambassador"]


def test_homogeneous_participants_are_not_split_into_ambassadors():
    """Forty members who all only react: whatever k the model finds, nobody is an ambassador."""
    rng = np.random.default_rng(0)
    X = frame(np.column_stack([rng.poisson(8, 40) + 1, np.zeros((40, 4), dtype=int)]))
    got = MemberSegmenter(random_state=0).fit_predict(X)
    assert set(got) == {"active_participant"}


# ---------------------------------------------------------------- conventions on strings
def test_string_predictions_survive_pickle_subsets_and_order():
    X = community(5)
    seg = MemberSegmenter(random_state=0).fit(X)
    full = seg.predict(X)
    assert (pickle.loads(pickle.dumps(seg)).predict(X) == full).all()
    assert (seg.predict(X.iloc[100:200]) == full[100:200]).all()
    perm = np.random.default_rng(1).permutation(len(X))
    assert (seg.predict(X.iloc[perm]) == full[perm]).all()
    again = clone(seg).fit(X).predict(X)
    assert (again == full).all()


def test_fit_predict_equals_predict_on_training_data():
    X = community(6)
    seg = MemberSegmenter(random_state=0)
    assert (seg.fit_predict(X) == seg.predict(X)).all()


def test_member_features_frame_is_accepted_with_extra_columns():
    X = community(7).assign(member="m_x", follows=True)
    got = MemberSegmenter(random_state=0).fit(X)
    assert list(got.feature_names_in_) == list(ACTIVITY_COLUMNS)
    assert got.predict(X).shape == (len(X),)


def test_k_is_chosen_by_bic_and_recorded():
    seg = MemberSegmenter(random_state=0).fit(community(8))
    sel = seg.selection_
    assert list(sel.columns) == ["k", "bic"]
    assert seg.n_clusters_ == int(sel.loc[sel["bic"].idxmin(), "k"])


# ---------------------------------------------------------------- bad input
def test_missing_columns_name_what_is_missing_and_present():
    X = community(0).drop(columns=["offline"])
    with pytest.raises(FeatureError, match="X must have the columns offline; it has reactions"):
        MemberSegmenter().fit(X)


def test_named_columns_need_a_dataframe():
    with pytest.raises(FeatureError, match="X must be a DataFrame"):
        MemberSegmenter().fit(np.zeros((3, 5)))


def test_negative_counts():
    X = frame([[1, 0, 0, 0, 0], [-1, 0, 0, 0, 0]])
    with pytest.raises(FeatureError, match="non-negative") as err:
        MemberSegmenter().fit(X)
    assert isinstance(err.value, LibcommunityError) and isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"algorithm": "dbscan"}, "algorithm must be one of profile, gmm, kmeans"),
        ({"n_clusters": 0}, "n_clusters must be an integer >= 1"),
        ({"max_clusters": "8"}, "max_clusters must be an integer >= 1"),
        ({"min_ambassador_share": 1.5}, "min_ambassador_share must be a share from 0 to 1"),
        ({"min_ambassador_actions": -1}, "min_ambassador_actions must be a non-negative number"),
        ({"activity_columns": "some"}, "activity_columns must be 'default', 'all' or a list"),
        ({"ambassador_columns": ["shares"]}, "ambassador_columns must be among the activity columns"),
    ],
)
def test_bad_parameters(params, message):
    with pytest.raises(FeatureError, match=message):
        MemberSegmenter(**params).fit(community(0))


def test_init_stores_parameters_untouched():
    seg = MemberSegmenter(activity_columns=["a"], n_clusters=3)
    assert seg.get_params()["activity_columns"] == ["a"] and seg.n_clusters == 3
    assert not hasattr(seg, "model_")


@pytest.mark.parametrize("seed", [0, 5])
def test_profiles_are_those_of_the_renumbered_clusters(seed):
    """``profiles_`` is exactly what cluster_profiles gives for the fitted (renumbered) clusters of the participants:
    cluster c's row describes the members with ``clusters_ == c``, ordered by ambassador share then size."""
    from libcommunity.segments.naming import cluster_profiles

    X = community(seed)
    seg = MemberSegmenter(random_state=seed).fit(X)
    assert seg.n_clusters_ >= 3
    A = X[list(ACTIVITY_COLUMNS)].to_numpy(dtype=np.float64)
    taking_part = A.sum(axis=1) > 0
    expected = cluster_profiles(A[taking_part], seg.clusters_[taking_part], list(ACTIVITY_COLUMNS), seg.ambassador_mask_)
    pd.testing.assert_frame_equal(seg.profiles_.drop(columns="segment"), expected, check_exact=True)
    share = seg.profiles_["ambassador_share"].to_numpy()
    assert (np.diff(share) >= 0).all()
