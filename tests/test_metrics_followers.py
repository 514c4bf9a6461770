"""Followers from members or from audience aggregates (followers.py), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import monthly_summary, post_engagement


def audience(platform, rows):
    df = pd.DataFrame(rows, columns=["date", "followers", "follows", "unfollows"])
    df["date"] = pd.to_datetime(df["date"])
    for c in ("followers", "follows", "unfollows"):
        df[c] = df[c].astype("Int64")
    return df.assign(account="lib", platform=platform)


def test_audience_only_account(build_store):
    # Madrid account; audience dates are local dates. October: last date with followers is Oct 30
    # (Oct 31 has none) -> 1,020; follows 5 + 7 + 3 = 15 (null skipped); unfollows 1 + 2 = 3.
    aud = audience(
        "instagram",
        [
            ("2025-09-30", 990, 4, 0),  # September
            ("2025-10-01", 1000, 5, 1),
            ("2025-10-15", 1010, 7, None),
            ("2025-10-30", 1020, 3, 2),
            ("2025-10-31", None, None, None),
            ("2025-11-01", 1100, 50, 0),  # November
        ],
    )
    inter = pd.DataFrame(
        {
            "account": "lib",
            "platform": "instagram",
            "interaction_id": ["a", "b", "c"],
            "member_id": ["ann", "bob", "ann"],
            "kind": ["comment", "reaction", "reaction"],
            "created_at": pd.to_datetime(["2025-10-02T10:00Z", "2025-10-03T10:00Z", "2025-10-04T10:00Z"], utc=True),
        }
    )
    store = build_store({"audience": aud, "interactions": inter}, timezone="Europe/Madrid")
    s = monthly_summary(store, "lib", "2025-10")
    assert s["followers_source"] == "audience"
    assert (s["followers_end"], s["new_followers"], s["lost_followers"]) == (1020, 15, 3)
    assert s["community_ratio"] == pytest.approx(2 / 1020)
    # population = max(1,020 followers, 2 participants): 1,018 silent.
    assert s["concentration"]["basis"] == "audience"
    assert s["concentration"]["population"] == 1020
    assert s["concentration"]["lurker_share"] == pytest.approx(1018 / 1020)


def test_audience_without_rows_in_the_month_is_unknown(build_store):
    aud = audience("instagram", [("2025-09-30", 990, 4, 0)])
    inter = pd.DataFrame({"account": "lib", "platform": "instagram", "interaction_id": ["a"], "member_id": ["ann"],
                          "kind": ["comment"], "created_at": pd.to_datetime(["2025-10-02T10:00Z"], utc=True)})
    store = build_store({"audience": aud, "interactions": inter})  # October has data, but no audience row
    s = monthly_summary(store, "lib", "2025-10")
    assert s["followers_source"] == "audience"
    assert s["followers_end"] is None and s["new_followers"] is None and s["lost_followers"] is None
    assert s["community_ratio"] is None


def test_no_follower_data_at_all(build_store):
    inter = pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "interaction_id": ["a"],
            "member_id": ["ann"],
            "kind": ["comment"],
            "created_at": pd.to_datetime(["2025-10-02T10:00Z"], utc=True),
        }
    )
    s = monthly_summary(build_store({"interactions": inter}), "lib", "2025-10")
    assert s["followers_source"] is None and s["followers_end"] is None and s["community_ratio"] is None
    assert s["concentration"]["basis"] == "participants" and s["concentration"]["population"] == 1


def test_members_win_over_audience_per_platform_and_platforms_add_up(build_store):
    # facebook has members with followed_at: its audience rows are ignored. instagram has only audience.
    members = pd.DataFrame(
        {
            "account": "lib",
            "platform": "facebook",
            "member_id": ["a", "b", "c"],
            "followed_at": pd.to_datetime(["2025-01-01T00:00Z", "2025-10-05T00:00Z", None], utc=True),
        }
    )
    aud = pd.concat(
        [audience("facebook", [("2025-10-31", 999, 99, 9)]), audience("instagram", [("2025-10-31", 300, 10, 4)])]
    )
    store = build_store({"members": members, "audience": aud})
    s = monthly_summary(store, "lib", "2025-10")
    assert s["followers_source"] == "audience+members"
    assert s["followers_end"] == 2 + 300  # a, b on facebook; 300 on instagram
    assert s["new_followers"] == 1 + 10
    assert s["lost_followers"] == 0 + 4


def test_one_sourced_platform_without_value_makes_the_total_unknown(build_store):
    members = pd.DataFrame(
        {"account": "lib", "platform": "facebook", "member_id": ["a"], "followed_at": pd.to_datetime(["2025-01-01T00:00Z"], utc=True)}
    )
    aud = audience("instagram", [("2025-10-31", None, 10, None)])  # followers unknown
    s = monthly_summary(build_store({"members": members, "audience": aud}), "lib", "2025-10")
    assert s["followers_end"] is None
    assert s["new_followers"] == 0 + 10
    assert s["lost_followers"] is None


def test_followers_on_the_day_from_audience_take_the_last_known_date(build_store):
    # Posts on Oct 10 and Oct 20 (local, UTC account). Audience followers: Oct 1 500, Oct 10 510,
    # Oct 15 None, Oct 18 530. Oct 10 post -> 510 (same date); Oct 20 post -> 530 (last known before).
    aud = audience("instagram", [("2025-10-01", 500, 0, 0), ("2025-10-10", 510, 0, 0), ("2025-10-15", None, 0, 0), ("2025-10-18", 530, 0, 0)])
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": "instagram",
            "post_id": ["p1", "p2"],
            "published_at": pd.to_datetime(["2025-10-10T08:00Z", "2025-10-20T08:00Z"], utc=True),
            "reactions": pd.array([51, 53], dtype="Int64"),
        }
    )
    table = post_engagement(build_store({"audience": aud, "posts": posts}), "lib", "2025-10")
    assert table["followers_on_day"].tolist() == [510, 530]
    assert table["engagement_rate_by_followers"].tolist() == pytest.approx([51 / 510, 53 / 530])
    assert table["applause_per_1000_followers"].tolist() == pytest.approx([100.0, 100.0])
