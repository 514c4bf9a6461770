"""Follow-back / low-value accounts: the rule by hand (its precision and recall: tests/test_bench_followback_eval.py)."""

import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.segments import follow_back_accounts
from libcommunity.segments.followback import MIN_FOLLOWERS, MIN_FOLLOWING, MIN_RATIO, flag_follow_back

from .test_segments_fixtures import pseudonyms


def _frame(rows):
    """``(follows, acted, followers, following)`` rows as a features-like frame."""
    f = pd.DataFrame(rows, columns=["follows", "acted", "followers", "following"])
    f["last_action"] = pd.Series([pd.Timestamp("2025-10-01", tz="UTC") if a else pd.NaT for a in f.pop("acted")], dtype="datetime64[us, UTC]")
    f["followers"] = f["followers"].astype("Int64")
    f["following"] = f["following"].astype("Int64")
    return f


def test_the_rule_at_each_threshold():
    assert (MIN_FOLLOWING, MIN_RATIO, MIN_FOLLOWERS) == (3500, 10.0, 100)
    f = _frame(
        [
            (True, False, 350, 3500),  # every threshold exactly met
            (True, False, 350, 3499),  # follows one account too few
            (True, False, 351, 3510),  # follows 10.0 x ... of 351 = 3510: met
            (True, False, 352, 3510),  # 3510 < 10 x 352
            (True, False, 99, 5000),  # too few followers of its own (a newcomer that followed too much)
            (True, False, 100, 5000),  # 100 followers: met
            (True, True, 200, 5000),  # took part once
            (False, False, 200, 5000),  # does not follow the library
            (True, False, None, 5000),  # own audience unknown
            (True, False, 200, None),
        ]
    )
    assert flag_follow_back(f).tolist() == [True, False, True, False, False, True, False, False, False, False]
    loose = flag_follow_back(f, min_following=1000, min_ratio=1, min_followers=0)
    assert loose.tolist() == [True, True, True, True, True, True, False, False, False, False]
    assert flag_follow_back(f.set_index(pd.Index(list("abcdefghij")))).index.tolist() == list("abcdefghij")


def test_rule_by_hand(two_month_store):
    store = two_month_store
    ids = pseudonyms(store)
    # fbk: 3000 following, 50 followers, never acted. fb2: ratio 3. fb3: acted once. fb4: followers unknown.
    assert follow_back_accounts(store, "lib", "2025-10").empty  # fbk follows fewer than 3,500 and has 50 followers
    got = follow_back_accounts(store, "lib", "2025-10", min_following=1000, min_followers=0)
    assert got["member"].tolist() == [ids["fbk"]]
    assert got["ratio"].tolist() == [60.0] and got["following"].tolist() == [3000]
    loose = {"min_following": 1000, "min_followers": 0}
    assert follow_back_accounts(store, "lib", "2025-10", min_ratio=2, **loose)["member"].tolist() == [ids["fbk"], ids["fb2"]]
    assert follow_back_accounts(store, "lib", "2025-10", min_followers=51, min_following=1000).empty
    assert follow_back_accounts(store, "lib", "2025-10", reveal=True, **loose)["handle"].tolist() == ["fbk"]


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"min_ratio": 0.5}, "min_ratio must be a number >= 1"),
        ({"min_following": -1}, "min_following must be a non-negative integer"),
        ({"min_followers": 2.5}, "min_followers must be a non-negative integer"),
    ],
)
def test_bad_thresholds(two_month_store, kw, message):
    store = two_month_store
    with pytest.raises(ParameterError, match=message):
        follow_back_accounts(store, "lib", "2025-10", **kw)
    with pytest.raises(ParameterError, match=message):
        flag_follow_back(_frame([(True, False, 1, 1)]), **kw)
