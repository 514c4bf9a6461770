"""Bursts of activity (bursts.py): robust z-scores on daily participation, linked to posts and events."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.metrics import burst_days, daily_interactions
from libcommunity.metrics.bursts import robust_z


def test_robust_z_by_hand():
    # median 3, absolute deviations 2 1 0 1 97 -> MAD 1; z = (10 - 3) / 1.4826.
    z, med, mad = robust_z(10, [1, 2, 3, 4, 100])
    assert (med, mad) == (3.0, 1.0)
    assert z == pytest.approx(7 / 1.4826)
    # A flat baseline has MAD 0: the scale's floor of 1 interaction applies.
    assert robust_z(4, [0, 0, 0])[0] == pytest.approx(4.0)


@pytest.fixture(scope="module")
def store(build_module_store):
    """Built once: the module's tests only read it."""
    # UTC account. From 2025-09-01 to 2025-10-31 every day has 9 (odd day of month) or 11 (even day)
    # member reactions at noon on post "daily"; 2025-10-15 has 40 instead: 30 on post "viral"
    # (published 2025-10-14), 10 on "daily"; plus 3 event attendances that day (event kind counts too:
    # 43 in all).
    rows = []
    for day in pd.date_range("2025-09-01", "2025-10-31", freq="D"):
        if day == pd.Timestamp("2025-10-15"):
            rows += [("viral", day)] * 30 + [("daily", day)] * 10
        else:
            rows += [("daily", day)] * (9 if day.day % 2 else 11)
    inter = pd.DataFrame(
        {
            "account": "lib",
            "platform": "facebook",
            "interaction_id": [f"r{i}" for i in range(len(rows))],
            "member_id": [f"m{i % 50}" for i in range(len(rows))],
            "kind": "reaction",
            "created_at": pd.to_datetime([d + pd.Timedelta(hours=12) for _, d in rows]).tz_localize("UTC"),
            "post_id": [p for p, _ in rows],
        }
    )
    events = pd.DataFrame(
        {
            "account": "lib",
            "platform": "facebook",
            "interaction_id": ["e1", "e2", "e3"],
            "member_id": ["x1", "x2", "x3"],
            "kind": "event",
            "created_at": pd.to_datetime(["2025-10-15T18:00Z"] * 3, utc=True),
            "post_id": ["evening-talk"] * 3,
        }
    )
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": "facebook",
            "post_id": ["daily", "viral", "evening-talk", "other"],
            "published_at": pd.to_datetime(
                ["2025-09-01T08:00Z", "2025-10-14T20:00Z", "2025-10-10T08:00Z", "2025-10-15T09:00Z"], utc=True
            ),
            "text": ["Good morning", "This went viral", "Talk tonight", "Another post"],
        }
    )
    return build_module_store({"interactions": pd.concat([inter, events], ignore_index=True), "posts": posts})


def test_daily_z_scores(store):
    d = daily_interactions(store, "lib", "2025-10").set_index("date")
    assert len(d) == 31
    spike = d.loc[pd.Timestamp("2025-10-15")]
    # Baseline Sep 17 - Oct 14 (28 days): 14 days of 9 and 14 of 11 -> median 10, MAD 1.
    assert spike["interactions"] == 43
    assert spike["baseline_days"] == 28
    assert (spike["baseline_median"], spike["baseline_mad"]) == (10.0, 1.0)
    assert spike["z"] == pytest.approx(33 / 1.4826)
    assert spike["burst"]
    # Oct 16 (even: 11): baseline Sep 18 - Oct 15 = 13 nines (Sep 19..29, Oct 1..13 odd), 14 elevens and
    # the 43 -> median of 28 = (11 + 11) / 2 = 11; deviations 14 zeros, 13 twos, one 32 -> MAD (0 + 2) / 2 = 1;
    # z = (11 - 11) / 1.4826 = 0.
    after = d.loc[pd.Timestamp("2025-10-16")]
    assert after["baseline_median"] == 11.0 and after["baseline_mad"] == 1.0
    assert after["z"] == pytest.approx(0.0) and not after["burst"]
    assert d["burst"].sum() == 1


def test_baseline_starts_with_the_data(store):
    # September is the first month of data: Sep 1 has no baseline day, Sep 7 has 6 (< 7): no z-score.
    d = daily_interactions(store, "lib", "2025-09").set_index("date")
    assert d.loc[pd.Timestamp("2025-09-01"), "baseline_days"] == 0
    assert pd.isna(d.loc[pd.Timestamp("2025-09-07"), "z"])
    assert d.loc[pd.Timestamp("2025-09-08"), "baseline_days"] == 7
    assert not pd.isna(d.loc[pd.Timestamp("2025-09-08"), "z"])


def test_bursts_are_linked_to_posts_and_events(store):
    b = burst_days(store, "lib", "2025-10")
    assert len(b) == 1
    row = b.iloc[0]
    assert row["date"] == pd.Timestamp("2025-10-15")
    assert row["top_post_id"] == "viral" and row["top_post_interactions"] == 30
    assert row["top_post_share"] == pytest.approx(30 / 43)
    assert row["top_post_text"] == "This went viral"
    assert row["event_interactions"] == 3
    assert row["posts_nearby"] == ["viral", "other"]  # published Oct 14 or 15, oldest first


def test_threshold_and_baseline_parameters(store):
    assert burst_days(store, "lib", "2025-10", threshold=25).empty  # z = 22.3
    with pytest.raises(ParameterError, match="threshold must be a number > 0"):
        daily_interactions(store, "lib", "2025-10", threshold=0)
    with pytest.raises(ParameterError, match="min_baseline must be <= baseline_days"):
        daily_interactions(store, "lib", "2025-10", baseline_days=5, min_baseline=7)
    with pytest.raises(ParameterError, match="baseline_days must be an integer >= 1"):
        daily_interactions(store, "lib", "2025-10", baseline_days=0)
