"""Threads API: the media list with insights, one post's insights with its request metadata, the account's insights."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders import LoadContext, load_file

THREADS = Path(__file__).parent / "data" / "formats" / "threads"
CTX = LoadContext("lib", "Europe/Madrid")


def test_media_list_with_insights():
    res = load_file(THREADS / "media.json", CTX)
    assert res.format == "threads-media"
    posts = res.tables["posts"]
    assert posts["post_id"].tolist() == ["18047123456789012", "18047123456780001"]
    assert posts["published_at"].tolist() == [pd.Timestamp("2026-09-05T08:30Z"), pd.Timestamp("2026-09-08T16:45:10Z")]
    assert posts["kind"].tolist() == ["text", "photo"]
    assert posts["views"].tolist() == [2310, 954]
    assert posts["reactions"].tolist() == [88, 51]
    assert posts["comments"].tolist() == [41, 3]
    assert posts["shares"].tolist() == [6 + 2 + 4, 1 + 0 + 2]  # reposts + quotes + shares
    assert posts["owner_id"].unique().tolist() == ["27123456789012345"]
    assert res.skipped == {"a repost of another account's post (REPOST_FACADE), not the library's post": [2]}
    assert res.owner_names == {"27123456789012345": "bibliolavapies"}


def test_one_post_insights_take_the_time_from_the_request_metadata():
    posts = load_file(THREADS / "media_insights.json", CTX).tables["posts"]
    row = posts.iloc[0]
    assert (row["post_id"], row["views"], row["reactions"], row["comments"], row["shares"]) == (
        "18047123456781111", 3120, 140, 17, 10
    )
    assert row["published_at"] == pd.Timestamp("2026-09-12T19:00Z")


def test_one_post_insights_without_metadata_are_refused_with_the_reason(tmp_path):
    shutil.copy(THREADS / "media_insights.json", tmp_path / "insights.json")
    with pytest.raises(InputError, match=r"hold no publish time, which a post needs: add .*\.insights\.json\.meta\.json"):
        load_file(tmp_path / "insights.json", CTX)


def test_account_insights_give_the_follower_count_of_the_capture_day():
    res = load_file(THREADS / "account_insights.json", CTX)
    audience = res.tables["audience"]
    assert audience["date"].tolist() == [pd.Timestamp("2026-09-30")]
    assert audience["followers"].tolist() == [1874]


def test_account_insights_without_a_date_are_refused(tmp_path):
    (tmp_path / "acc.json").write_text((THREADS / "account_insights.json").read_text("utf-8"), "utf-8")
    with pytest.raises(InputError, match="followers_count has no date"):
        load_file(tmp_path / "acc.json", CTX)
    data = json.loads((THREADS / "account_insights.json").read_text("utf-8"))
    data["data"] = [m for m in data["data"] if m["name"] != "followers_count"]
    (tmp_path / "nofollowers.json").write_text(json.dumps(data), "utf-8")
    assert load_file(tmp_path / "nofollowers.json", CTX).tables == {}
