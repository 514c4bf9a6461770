"""timing_check.py: how often best time names a slot on simulated accounts, with and without a real best time."""

from __future__ import annotations

import numpy as np

from libcommunity.metrics.timing_check import SLOTS, check, simulate_posts


def test_simulated_posts():
    posts = simulate_posts(np.random.default_rng(0), posts=300)
    assert len(posts) == 300
    local = posts["published_local"]
    assert set(zip(local.dt.day_of_week, local.dt.hour)) <= {(d, h) for d, h, _ in SLOTS}
    rate = posts["engagement_rate_by_reach"].astype(float)
    assert np.allclose(rate, posts["engagements"].astype(float) / posts["reach"].astype(float))
    assert 0.045 < rate.median() < 0.08


def test_no_best_time_is_named_from_noise():
    r = check(reps=40, posts=400, factor=1.0, seed=11)
    assert r["named"] <= 0.05  # the former rule named a slot every time
    assert r["old_named"] == 1.0


def test_a_doubled_slot_is_usually_found():
    r = check(reps=40, posts=400, factor=2.0, planted=(1, 17), seed=12)
    assert r["planted_named"] >= 0.8 and r["other_named"] <= 0.1
