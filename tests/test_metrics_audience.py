"""Meta's switch from reach to viewers: rates by viewers where reach is absent, one series with the switch month marked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.ingest import ingest_paths
from libcommunity.metrics import post_engagement
from libcommunity.metrics.posts import audience_series, engagement_figures
from libcommunity.store import Store

FORMATS = Path(__file__).parent / "data" / "formats"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The same Page's export of March-April 2026 (reach) and of May-June 2026 (viewers), side by side."""
    store = Store(tmp_path_factory.mktemp("meta") / "st")
    ingest_paths(
        [FORMATS / "meta_facebook_en.csv", FORMATS / "meta_facebook_2026_en.csv"],
        account="lavapies",
        store=store,
        timezone="Europe/Madrid",
    )
    return store


def test_rate_by_viewers_where_the_export_has_no_reach(store):
    posts = post_engagement(store, "lavapies", "2026-05").set_index("post_id")
    row = posts.loc["122158000000000505"]
    # engagements = reactions 51 + comments 8 + shares 5 (saves unknown) = 64, the export's own total
    assert row["engagements"] == 64 and row["viewers"] == 1870 and pd.isna(row["reach"])
    assert row["engagement_rate_by_viewers"] == pytest.approx(64 / 1870)
    assert pd.isna(row["engagement_rate_by_reach"])
    assert row["engagement_rate_by_reach_or_viewers"] == pytest.approx(64 / 1870)
    assert row["audience_measure"] == "viewers"
    figures = engagement_figures(post_engagement(store, "lavapies", "2026-05"))
    assert figures["audience_measure"] == "viewers"
    assert figures["engagement_rate_by_reach"] is None
    assert figures["engagement_rate_by_viewers"] == pytest.approx((64 / 1870 + 402 / 11002) / 2)


def test_one_series_across_the_switch_with_the_month_marked(store):
    series = audience_series(store, "lavapies", "2026-06", months=4).set_index("month")
    assert series["audience_measure"].tolist() == ["reach", "reach", "viewers", "viewers"]
    assert series["switch"].tolist() == [False, False, True, False]
    # March: (87+12+9)/1520 and (310+41+58)/9876 by reach; June: the two June posts by viewers.
    assert series.loc["2026-03", "engagement_rate_by_reach_or_viewers"] == pytest.approx((108 / 1520 + 409 / 9876) / 2)
    assert series.loc["2026-06", "engagement_rate_by_reach_or_viewers"] == pytest.approx((38 / 1533 + 44 / 980) / 2)
    assert series["posts"].tolist() == [2, 2, 2, 2]


def test_owner_of_each_post_reaches_the_post_table(store):
    posts = post_engagement(store, "lavapies", "2026-06").set_index("post_id")
    assert posts.loc["122158000000000707", "owner_id"] == "61572000000099"
    assert posts.loc["122158000000000808", "owner_id"] == "61571000000000"


def test_report_names_the_viewers_denominator_and_marks_collaborations(store):
    from libcommunity.report.build import build_report
    from libcommunity.report.sections import content

    text = content(build_report(store, "lavapies", "2026-06", lang="en")).text
    assert "Engagement rate by viewers" in text
    assert "divides them by the post's viewers (accounts that saw it" in text
    assert "zine workshop on Saturday! · collaboration (61572000000099) | 1 Jun 2026" in text
    assert "New manga shelf in the youth section |" in text  # the account's own post is not marked


def test_report_says_when_a_month_mixes_reach_and_viewers(tmp_path):
    from libcommunity.report.build import build_report
    from libcommunity.report.sections import content

    old = (FORMATS / "meta_facebook_en.csv").read_text("utf-8-sig").replace("04/03/2026 09:15", "05/20/2026 09:15")
    (tmp_path / "old.csv").write_text(old, "utf-8")
    store = Store(tmp_path / "st")
    ingest_paths([tmp_path / "old.csv", FORMATS / "meta_facebook_2026_en.csv"], account="lav", store=store,
                 timezone="Europe/Madrid")
    assert audience_series(store, "lav", "2026-05", months=3)["switch"].tolist() == [False, False, True]
    text = content(build_report(store, "lav", "2026-05", lang="en")).text
    assert "measured partly by reach and partly by viewers" in text
