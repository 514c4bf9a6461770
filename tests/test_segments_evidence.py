"""Evidence behind the model choices: BIC / silhouette / stability by k, and the held-out check of MBG/NBD."""

import numpy as np
import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.segments.evidence import FREQUENCY_BUCKETS, activity_check, k_evidence

from .test_segments_estimator import community
from .test_segments_fixtures import interactions, members, pseudonyms


def test_k_evidence_table():
    X = community(0)
    ev = k_evidence(X, ks=range(1, 4), algorithms=("profile", "kmeans"), n_boot=1, random_state=0)
    assert list(ev.columns) == ["algorithm", "k", "bic", "silhouette", "stability", "segment_stability", "ambassadors"]
    assert set(ev["algorithm"]) == {"profile", "kmeans"}
    assert ev.loc[ev["algorithm"] == "kmeans", "bic"].isna().all()  # k-means has no likelihood
    assert ev.loc[ev["algorithm"] == "profile", "bic"].notna().all()
    assert ev.loc[ev["k"] == 1, "silhouette"].isna().all()  # one cluster has no silhouette
    assert ev[["stability", "segment_stability"]].stack().between(-1, 1).all()
    # more classes describe this five-persona community better than one
    profile = ev[ev["algorithm"] == "profile"].set_index("k")["bic"]
    assert profile[3] < profile[1]


def weekly(member, months, year=2025):
    return [(member, "reaction", f"{year}-{m:02d}-{d:02d}T12:00Z", "p") for m in months for d in (3, 10, 17, 24)]


def check_store(build_store, n=30):
    """Regulars active every week through December; lapsed members active only in spring."""
    rows = []
    for i in range(n):
        rows += weekly(f"r{i}", range(5, 13))
        rows += weekly(f"l{i}", (3, 4))
    mem = members([(f"r{i}", "2025-01-01T00:00Z") for i in range(n)] + [(f"l{i}", "2025-01-01T00:00Z") for i in range(n)])
    return build_store({"members": mem, "interactions": interactions(rows)}, timezone="UTC")


def test_activity_check_on_held_out_months(build_store):
    store = check_store(build_store)
    ids = pseudonyms(store)
    check = activity_check(store, "lib", "2025-09", horizon_months=3)
    s = check.summary
    assert s["holdout"] == "2025-10..2025-12" and s["horizon_weeks"] == pytest.approx(92 / 7)
    assert s["members"] == 60 and s["converged"]
    m = check.members.set_index("member")
    # regulars: 12 active days in Oct-Dec; the lapsed: none
    assert (m.loc[[ids[f"r{i}"] for i in range(30)], "observed_days"] == 12).all()
    assert (m.loc[[ids[f"l{i}"] for i in range(30)], "observed_days"] == 0).all()
    assert s["observed_days"] == 360 and s["acted"] == 0.5
    assert m.loc[ids["r0"], "p_act_within"] > 0.9 > 0.1 > m.loc[ids["l0"], "p_act_within"]
    assert s["auc"] == 1.0 and s["brier"] < s["brier_constant"]
    assert list(check.by_frequency.columns) == ["members", "expected_days", "observed_days"]
    assert check.by_frequency["members"].sum() == 60 and check.by_frequency.index[-1] == f"{FREQUENCY_BUCKETS}+"
    assert check.calibration["members"].sum() == 60
    # everyone had 8 or more active days by September (x >= 7): one bucket, 360 days over 60 members
    assert check.by_frequency.loc[f"{FREQUENCY_BUCKETS}+", "members"] == 60
    assert np.isclose(check.by_frequency.loc[f"{FREQUENCY_BUCKETS}+", "observed_days"], 6.0)


def test_activity_check_needs_held_out_data_and_members(build_store):
    store = check_store(build_store)
    with pytest.raises(ParameterError, match="must end within the data of 'lib' \\(the last interaction on 2025-12-24\\)"):
        activity_check(store, "lib", "2025-10", horizon_months=3)
    with pytest.raises(ParameterError, match="horizon_months must be an integer from 1 to 24"):
        activity_check(store, "lib", "2025-09", horizon_months=0)
    with pytest.raises(ParameterError, match="needs at least 20 members with a history up to 2025-02; got 0"):
        activity_check(store, "lib", "2025-02", horizon_months=1)
    assert isinstance(activity_check(store, "lib", "2025-11", horizon_months=1).members, pd.DataFrame)
