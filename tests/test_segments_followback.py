"""Follow-back / low-value accounts: the rule by hand, and the demo's follow-back persona."""

import pytest

from libcommunity.errors import ParameterError
from libcommunity.segments import follow_back_accounts, member_features
from libcommunity.segments.evaluate import QUICK_SCENARIOS, scenario_spec, demo_store, truth_frame

from .test_segments_fixtures import pseudonyms, two_month_tables


def test_rule_by_hand(build_store):
    store = build_store(two_month_tables(), timezone="UTC")
    ids = pseudonyms(store)
    got = follow_back_accounts(store, "lib", "2025-10")
    # fbk: 3000 following, 50 followers, never acted. fb2: ratio 3. fb3: acted once. fb4: followers unknown.
    assert got["member"].tolist() == [ids["fbk"]]
    assert got["ratio"].tolist() == [60.0] and got["following"].tolist() == [3000]
    assert follow_back_accounts(store, "lib", "2025-10", min_ratio=2)["member"].tolist() == [ids["fbk"], ids["fb2"]]
    assert follow_back_accounts(store, "lib", "2025-10", min_following=5000).empty
    assert follow_back_accounts(store, "lib", "2025-10", reveal=True)["handle"].tolist() == ["fbk"]


@pytest.mark.parametrize("kw, message", [({"min_ratio": 0.5}, "min_ratio must be a number >= 1"), ({"min_following": -1}, "min_following")])
def test_bad_thresholds(build_store, kw, message):
    store = build_store(two_month_tables(), timezone="UTC")
    with pytest.raises(ParameterError, match=message):
        follow_back_accounts(store, "lib", "2025-10", **kw)


def test_the_demo_follow_back_accounts_are_flagged(tmp_path):
    sc = QUICK_SCENARIOS[1]
    store, demo = demo_store(scenario_spec(sc), sc.seed, tmp_path)
    month = sc.months[-1]
    features = member_features(store, scenario_spec(sc).account, month)
    flagged = follow_back_accounts(store, scenario_spec(sc).account, month, features=features)
    truth = truth_frame(store, demo, month, kind="month")
    following = set(features.loc[features["follows"], "member"])
    follow_back = set(truth.loc[truth["persona"] == "follow_back", "member"]) & following
    assert len(follow_back) >= 10
    assert len(follow_back & set(flagged["member"])) / len(follow_back) >= 0.95
    # everything flagged meets the definition: never took part, follows >= 10x its audience
    rows = features.set_index("member").loc[flagged["member"]]
    assert rows["last_action"].isna().all() and (rows["following"] >= 10 * rows["followers"].clip(lower=1)).all()
