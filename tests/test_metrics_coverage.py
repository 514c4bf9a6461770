"""What an account's data covers (metrics/coverage.py), and the nulls and errors that follow from it, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.errors import NoDataError
from libcommunity.metrics import Scope, core_summary, monthly_summary, monthly_trend, resolve
from libcommunity.metrics.coverage import month_range
from libcommunity.months import Month

from .conftest import copy_store


def _posts(platform, rows):
    return pd.DataFrame({"account": "lib", "platform": platform, "post_id": [r[0] for r in rows],
                         "published_at": pd.to_datetime([r[1] for r in rows], utc=True),
                         "reactions": pd.array([r[2] for r in rows], dtype="Int64")})


def _acts(platform, rows):
    return pd.DataFrame({"account": "lib", "platform": platform, "interaction_id": [r[0] for r in rows],
                         "member_id": [r[1] for r in rows], "kind": [r[2] for r in rows],
                         "created_at": pd.to_datetime([r[3] for r in rows], utc=True)})


def _members(platform, rows):
    return pd.DataFrame({"account": "lib", "platform": platform, "member_id": [r[0] for r in rows],
                         "followed_at": pd.to_datetime([r[1] for r in rows], utc=True)})


def _audience(platform, rows):
    return pd.DataFrame({"account": "lib", "platform": platform, "date": pd.to_datetime([r[0] for r in rows]),
                         "followers": pd.array([r[1] for r in rows], dtype="Int64")})


@pytest.fixture(scope="module")
def built(build_module_store):
    # facebook: posts July..October 2025 except August (a gap: no post, no interaction); interactions from
    # September. instagram: posts only (a post export: no interactions at all), September and October.
    # facebook's follower list reaches back (2024); instagram has audience figures from September.
    posts = pd.concat([
        _posts("facebook", [("f1", "2025-07-10T10:00Z", 3), ("f2", "2025-09-10T10:00Z", 5), ("f3", "2025-10-10T10:00Z", 4)]),
        _posts("instagram", [("i1", "2025-09-12T10:00Z", 30), ("i2", "2025-10-12T10:00Z", 40)]),
    ])
    acts = _acts("facebook", [("a", "@ann", "comment", "2025-09-11T10:00Z"), ("b", "@bob", "reaction", "2025-11-03T10:00Z")])
    members = _members("facebook", [("@ann", "2024-03-01T10:00Z"), ("@bob", "2025-09-20T10:00Z")])
    audience = _audience("instagram", [("2025-09-30", 500), ("2025-10-31", 520)])
    return build_module_store({"posts": posts, "interactions": acts, "members": members, "audience": audience})


@pytest.fixture
def store(built, tmp_path):
    """The test's own copy of the module's store (some tests ingest more into it)."""
    return copy_store(built, tmp_path / "store")


def test_coverage_per_table_and_platform(store):
    with Scope(store, "lib") as scope:
        cov = scope.coverage
        assert cov.covering("posts", "2025-07") == ["facebook"]
        assert cov.covering("posts", "2025-08") == []  # facebook's gap
        # After facebook's last post (October): November has an interaction but no posts figure (the post export
        # may end there), while October, with a post and no interaction, has interactions (a true zero).
        assert cov.covering("posts", "2025-11") == [] and cov.covering("interactions", "2025-11") == ["facebook"]
        assert cov.covering("interactions", "2025-10") == ["facebook"]  # a post and no interaction: a true zero
        assert cov.covering("interactions", "2025-07") == []  # before facebook's interactions begin
        assert cov.covering("audience", "2025-10") == ["instagram"]
        assert [str(m) for m in cov.data_months()] == ["2025-07", "2025-09", "2025-10", "2025-11"]
        assert [str(m) for m in cov.gaps()] == ["2025-08"]
        assert cov.list_reaches_back("facebook") and not cov.list_reaches_back("instagram")
        summary = cov.summary()
    assert summary["data"] == {"first": "2025-07", "last": "2025-11", "gaps": ["2025-08"]}
    assert summary["tables"]["posts"]["facebook"] == {"first": "2025-07", "last": "2025-10", "months": 3, "rows": 3,
                                                      "gaps": ["2025-08"]}
    assert summary["tables"]["interactions"]["facebook"]["gaps"] == []
    assert summary["tables"]["members"]["facebook"] == {"first": "2024-03", "last": "2025-09", "months": 2, "rows": 2,
                                                        "list": True}


@pytest.mark.parametrize(
    "month,message",
    [
        ("2030-01", r"^no data for lib in 2030-01: data covers 2025-07\.\.2025-11 except 2025-08$"),
        ("2025-06", r"^no data for lib in 2025-06: data covers 2025-07\.\.2025-11 except 2025-08$"),
        ("2025-08", r"^no data for lib in 2025-08: data covers 2025-07\.\.2025-11 except 2025-08$"),
    ],
)
def test_a_month_without_data_is_an_error(store, month, message):
    with pytest.raises(NoDataError, match=message):
        monthly_summary(store, "lib", month)
    with pytest.raises(NoDataError, match=message):
        resolve(store, "lib", month)
    with pytest.raises(NoDataError, match=message):
        monthly_trend(store, "lib", month)


def test_a_platform_scope_has_the_platform_s_data(store):
    with Scope(store, "lib", platform="instagram") as scope:
        with pytest.raises(NoDataError, match=r"^no data for lib \(instagram\) in 2025-07: data covers 2025-09\.\.2025-10$"):
            scope.resolve("2025-07")


def test_nulls_where_a_table_does_not_cover_the_month(store):
    s = monthly_summary(store, "lib", "2025-07")  # facebook posts only: interactions begin in September
    assert s["posts"] == 1 and s["coverage"]["posts"] == ["facebook"] and s["coverage"]["interactions"] == []
    assert all(v is None for v in s["interactions"].values()) and s["engaged_members"] is None
    assert all(v is None for v in s["response"].values()) and s["member_to_member_share"] is None
    assert s["community_ratio"] is None and s["bursts"]["days"] is None
    s = monthly_summary(store, "lib", "2025-10")  # a facebook post and no interaction: zeros are true
    assert s["interactions"]["comment"] == 0 and s["engaged_members"] == 0 and s["response"]["items"] == 0
    assert s["posts"] == 2 and s["coverage"]["posts"] == ["facebook", "instagram"]
    assert s["coverage"]["audience"] == ["instagram"]


def test_the_community_ratio_is_over_platforms_with_followers_and_interactions(store, build_store):
    build_store({"interactions": _acts("mastodon", [("m1", "@x@m.social", "reaction", "2025-09-15T10:00Z"),
                                                    ("m2", "@y@m.social", "reaction", "2025-09-16T10:00Z")])}, store=store)
    s = monthly_summary(store, "lib", "2025-09")
    # facebook: 1 engaged (ann) of 2 followers (ann, bob); mastodon's two people have no follower figure behind them;
    # instagram's 500 followers have no interaction data.
    assert s["engaged_members"] == 3
    assert s["coverage"]["followers"] == ["facebook", "instagram"]
    assert s["coverage"]["community_ratio"] == ["facebook"]
    assert s["community_ratio"] == pytest.approx(1 / 2)
    assert s["followers_end"] == 2 + 500


def test_a_list_that_starts_inside_the_data_gives_no_follower_count(build_store):
    # Follows recorded since October 2025 (a capture of follow notifications) on data that starts in September.
    store = build_store({
        "posts": _posts("mastodon", [("p1", "2025-09-10T10:00Z", 3), ("p2", "2025-10-20T10:00Z", 290)]),
        "members": _members("mastodon", [(f"@f{i}@m.social", f"2025-10-0{i + 1}T10:00Z") for i in range(3)]),
    })
    s = monthly_summary(store, "lib", "2025-10")
    assert s["followers_source"] == "follows" and s["followers_end"] is None and s["new_followers"] == 3
    assert s["engagement"]["engagement_rate_by_followers"] is None and s["engagement"]["followers_platforms"] == []
    assert monthly_summary(store, "lib", "2025-09")["new_followers"] is None  # before the first recorded follow
    # The same list reaching back (one follow in 2024) is a list of followers.
    store = build_store({"members": _members("mastodon", [("@old@m.social", "2024-05-01T10:00Z")])}, store=store)
    s = monthly_summary(store, "lib", "2025-10")
    assert s["followers_source"] == "members" and s["followers_end"] == 4
    assert s["engagement"]["engagement_rate_by_followers"] == pytest.approx(290 / 4)


def test_growth_compares_only_months_with_data_on_the_same_platforms(store):
    g = monthly_summary(store, "lib", "2025-09")["growth"]
    assert g["mom"]["month"] == "2025-08" and g["mom"]["has_data"] is False
    assert g["mom"]["posts"] == {"previous": None, "change": None, "pct_change": None}
    g = monthly_summary(store, "lib", "2025-10")["growth"]["mom"]  # September: same platforms
    assert g["has_data"] and g["posts"]["change"] == 0 and g["not_comparable"] == []


def test_a_platform_added_to_the_store_is_no_growth(store, build_store):
    build_store({"interactions": _acts("mastodon", [("m1", "@x@m.social", "comment", "2025-10-15T10:00Z")])}, store=store)
    g = monthly_summary(store, "lib", "2025-10")["growth"]["mom"]  # September: facebook only; October: + mastodon
    assert set(g["not_comparable"]) == {"interactions", "engaged_members", "response_rate", "member_to_member_share"}
    assert g["engaged_members"] == {"previous": 1, "change": None, "pct_change": None}
    assert g["posts"]["change"] == 0  # the posts are of the same platforms


def test_trend_and_core_of_months_without_data_are_null(store):
    trend = monthly_trend(store, "lib", "2025-11", months=6).set_index("month")
    assert trend["has_data"].tolist() == [False, True, False, True, True, True]
    assert trend.loc[["2025-06", "2025-08"]].drop(columns="has_data").isna().all().all()
    core = core_summary(store, "lib", "2025-08")
    assert core["posts"] is None and core["followers_end"] is None and core["coverage"]["posts"] == []


def test_month_range():
    assert [str(m) for m in month_range(Month(2025, 11), Month(2026, 2))] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_range(Month(2026, 2), Month(2025, 11)) == []
