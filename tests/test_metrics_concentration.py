"""Participation concentration and the 90-9-1 tiers (concentration.py), by hand."""

from __future__ import annotations

import numpy as np
import pytest

from libcommunity.metrics import participation_concentration, participation_tiers
from libcommunity.metrics.concentration import gini, tiers_table, top_share
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


def test_gini_by_hand():
    # Equal counts: 0. One member has everything among 4: 2*(4*8)/(4*8) - 5/4 = 2 - 1.25 = 0.75.
    assert gini([3, 3, 3]) == pytest.approx(0.0)
    assert gini([8], population=4) == pytest.approx(0.75)
    # [1, 2, 3]: sum i*x = 1 + 4 + 9 = 14; 2*14/(3*6) - 4/3 = 28/18 - 24/18 = 4/18.
    assert gini([3, 1, 2]) == pytest.approx(4 / 18)
    assert gini([], population=5) is None
    assert gini([0, 0]) is None


def test_gini_agrees_with_the_mean_absolute_difference_formula():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 50, size=40)
    pop = 60
    full = np.concatenate([x, np.zeros(pop - len(x))])
    mad = np.abs(full[:, None] - full[None, :]).sum() / (2 * pop**2 * full.mean())
    assert gini(x, population=pop) == pytest.approx(mad)


def test_top_shares_by_hand():
    counts = [50, 20, 10, 5, 5, 5, 5]  # total 100
    # Population 200: top 1 % = 2 members (70), top 10 % = 20 members (all 100).
    assert top_share(counts, 200, 1) == pytest.approx(0.70)
    assert top_share(counts, 200, 10) == pytest.approx(1.0)
    # Population 101: ceil(1.01) = 2, ceil(10.1) = 11.
    assert top_share(counts, 101, 1) == pytest.approx(0.70)
    # Population 100: exactly 1 member in the top 1 %.
    assert top_share(counts, 100, 1) == pytest.approx(0.50)
    assert top_share([], 10, 1) is None


def test_tiers_table_by_hand():
    # Population 20: top 1 % = ceil(0.2) = 1 member, top 10 % = 2 members, other 18.
    t = tiers_table([9, 6, 3, 1, 1], 20).set_index("tier")
    assert t["members"].tolist() == [1, 1, 18]
    assert t["interactions"].tolist() == [9, 6, 5]
    assert t["participants"].tolist() == [1, 1, 3]
    assert t["interaction_share"].tolist() == pytest.approx([0.45, 0.30, 0.25])
    assert t["member_share"].tolist() == pytest.approx([0.05, 0.05, 0.90])
    assert t["nielsen_member_share"].tolist() == [0.01, 0.09, 0.90]


def test_concentration_of_the_library(shared_store):  # noqa: F811
    c = participation_concentration(shared_store, ACCOUNT, MONTH)
    assert c["population"] == 9 and c["participants"] == 6 and c["interactions"] == 16
    assert c["gini"] == pytest.approx(78 / 144)


def test_tiers_of_the_library(shared_store):  # noqa: F811
    # Population 9: top 1 % and top 10 % are both 1 member (ana, 5); next 9 % is empty; the rest 11.
    t = participation_tiers(shared_store, ACCOUNT, MONTH).set_index("tier")
    assert t["members"].tolist() == [1, 0, 8]
    assert t["interactions"].tolist() == [5, 0, 11]
    assert t["interaction_share"].tolist() == pytest.approx([5 / 16, 0.0, 11 / 16])
