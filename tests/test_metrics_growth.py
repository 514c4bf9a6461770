"""Month over month and year over year (growth.py), by hand on the hand-built library."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import growth_table
from libcommunity.metrics.growth import GROWTH_FIGURES, compare
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


def test_compare_by_hand():
    assert compare(12, 10) == {"previous": 10, "change": 2, "pct_change": pytest.approx(0.2)}
    assert compare(5, 0) == {"previous": 0, "change": 5, "pct_change": None}
    assert compare(None, 3) == {"previous": 3, "change": None, "pct_change": None}
    assert compare(0.5, 0.25)["pct_change"] == pytest.approx(1.0)


def test_growth_table(shared_store):  # noqa: F811
    t = growth_table(shared_store, ACCOUNT, MONTH).set_index("figure")
    assert t.index.tolist() == list(GROWTH_FIGURES)
    # October: 3 posts, 16 participations, 6 engaged, 5 followers at the end, 2 new, 1 lost.
    # September: 1 post, 1 participation, 1 engaged, 4 followers, 0 new, 0 lost.
    # October 2024 is before the data (2025-09..2025-11): no value and no change, for every figure.
    assert t.loc["posts", ["value", "previous_month", "mom_change", "mom_pct_change"]].tolist() == [3, 1, 2, 2.0]
    assert t.loc["interactions", ["value", "previous_month"]].tolist() == [16, 1]
    assert t.loc["followers_end", ["value", "previous_month"]].tolist() == [5, 4]
    assert t[["year_before", "yoy_change", "yoy_pct_change"]].isna().all().all()
    assert t.loc["new_followers", "mom_change"] == 2 and pd.isna(t.loc["new_followers", "mom_pct_change"])
    # Ratios change in absolute terms: response rate (items that need a reply) 0 (Sep: i7 unanswered) -> 4/5.
    assert t.loc["response_rate", "previous_month"] == 0.0
    assert t.loc["response_rate", "mom_change"] == pytest.approx(4 / 5)
    assert pd.isna(t.loc["response_rate", "year_before"])  # no item in October 2024
    assert t.loc["community_ratio", "mom_change"] == pytest.approx(6 / 5 - 1 / 4)
