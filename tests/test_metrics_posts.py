"""Per-post engagement and content by kind (posts.py), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import content_by_kind, post_engagement
from libcommunity.metrics.posts import engagement_figures
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


@pytest.fixture(scope="module")
def table(shared_store):  # noqa: F811
    return post_engagement(shared_store, ACCOUNT, MONTH).set_index("post_id")


def test_posts_of_the_month_in_local_time(table):
    assert table.index.tolist() == ["p1", "p2", "p3"]
    assert str(table.loc["p1", "published_local"]) == "2025-10-01 00:00:00"
    assert str(table.loc["p3", "published_local"]) == "2025-10-31 23:59:00"


def test_counters_as_exported_else_counted(table):
    # p2 exported no reactions/comments: comments counted from member rows i6a, i6 (2); no reaction
    # row on p2, so reactions stay unknown. p3's exported 0 comments stays 0.
    assert table.loc["p1", ["reactions", "comments", "shares"]].tolist() == [10, 4, 2]
    assert pd.isna(table.loc["p2", "reactions"])
    assert table.loc["p2", "comments"] == 2
    assert table.loc["p3", "comments"] == 0 and table.loc["p3", "saves"] == 3


def test_engagements_and_rates_named_by_denominator(table):
    assert table["engagements"].tolist() == [16, 3, 8]
    assert table.loc["p1", "engagement_rate_by_reach"] == pytest.approx(0.16)
    assert table.loc["p1", "engagement_rate_by_impressions"] == pytest.approx(0.08)
    assert pd.isna(table.loc["p2", "engagement_rate_by_reach"])  # reach unknown
    assert pd.isna(table.loc["p3", "engagement_rate_by_impressions"])  # impressions unknown
    assert table["followers_on_day"].tolist() == [4, 6, 5]
    assert table["engagement_rate_by_followers"].tolist() == pytest.approx([4.0, 0.5, 1.6])


def test_kaushik_per_1000_followers(table):
    # conversation = comments / followers * 1000: p1 4/4, p2 2/6, p3 0/5.
    assert table["conversation_per_1000_followers"].tolist() == pytest.approx([1000.0, 2000 / 6, 0.0])
    assert table["amplification_per_1000_followers"].tolist() == pytest.approx([500.0, 1000 / 6, 0.0])
    assert table.loc["p3", "applause_per_1000_followers"] == pytest.approx(1000.0)


def test_member_interactions_on_each_post(table):
    # p1: i1 i2 i5 i8 i19 (i16 is staff; r* are the library) = 5 by ana, ben, hal;
    # p2: i6a i6 i10 i14 i14b = 5 by cai, ben, ana, zoe; p3: i9.
    assert table["member_interactions"].tolist() == [5, 5, 1]
    assert table["member_engagers"].tolist() == [3, 4, 1]


def test_engagement_figures_skip_unknown_values(table):
    e = engagement_figures(table.reset_index())
    assert e["applause_rate"] == pytest.approx(7.5)  # (10 + 5) / 2, p2 unknown
    assert e["engagements"] == 27


def test_engagements_null_when_all_counters_unknown(build_store):
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "post_id": ["a"],
            "published_at": pd.to_datetime(["2025-10-02T00:00Z"], utc=True),
            "reach": pd.array([10], dtype="Int64"),
        }
    )
    t = post_engagement(build_store({"posts": posts}), "lib", "2025-10")
    assert pd.isna(t.loc[0, "engagements"]) and pd.isna(t.loc[0, "engagement_rate_by_reach"])


def test_zero_reach_gives_no_rate(build_store):
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "post_id": ["a"],
            "published_at": pd.to_datetime(["2025-10-02T00:00Z"], utc=True),
            "reach": pd.array([0], dtype="Int64"),
            "reactions": pd.array([3], dtype="Int64"),
        }
    )
    t = post_engagement(build_store({"posts": posts}), "lib", "2025-10")
    assert t.loc[0, "engagements"] == 3 and pd.isna(t.loc[0, "engagement_rate_by_reach"])


def test_content_by_kind(shared_store):  # noqa: F811
    k = content_by_kind(shared_store, ACCOUNT, MONTH).set_index("kind")
    assert k.index.tolist() == ["photo", "event"]  # most posts first
    assert k.loc["photo", "posts"] == 2 and k.loc["photo", "share_of_posts"] == pytest.approx(2 / 3)
    assert k.loc["photo", "mean_engagements"] == pytest.approx((16 + 8) / 2)
    assert k.loc["photo", "mean_reach"] == pytest.approx(200.0)
    assert k.loc["photo", "mean_engagement_rate_by_followers"] == pytest.approx((4.0 + 1.6) / 2)
    assert k.loc["event", "mean_comments"] == pytest.approx(2.0)
    assert pd.isna(k.loc["event", "mean_reactions"])


def test_window_of_several_months(shared_store):  # noqa: F811
    t = post_engagement(shared_store, ACCOUNT, MONTH, months=2)
    assert t["post_id"].tolist() == ["p0", "p1", "p2", "p3"]
