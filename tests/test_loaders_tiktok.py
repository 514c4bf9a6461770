"""TikTok Studio: the content export (English, Spanish), its ids' times, owners, and the follower history."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders import LoadContext, load_file
from libcommunity.loaders.tiktok import tiktok_id_time

FORMATS = Path(__file__).parent / "data" / "formats"
CTX = LoadContext("lib", "Europe/Madrid")


def test_content_export_english():
    res = load_file(FORMATS / "tiktok_content_en.csv", CTX)
    assert res.format == "tiktok-studio"
    posts = res.tables["posts"]
    assert list(posts.index) == [2, 3, 5]  # row 4 is empty
    assert posts["post_id"].tolist() == ["7681714846612274253", "7684207615323009037", "7687679473721038456"]
    # "September 4" has no year and no time: the id carries 2026-09-04T16:16:52Z.
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2026-09-04T16:16:52Z"),
        pd.Timestamp("2026-09-11T09:30:05Z"),
        pd.Timestamp("2026-09-20T18:02:40Z"),
    ]
    assert posts["views"].tolist() == [9804, 1377, 21552]
    assert posts["reactions"].tolist() == [412, 98, 1020]
    assert posts["comments"].tolist() == [37, 6, 88]
    assert posts["shares"].tolist() == [21, 4, 64]
    assert posts["saves"].tolist() == [55, 9, 140]
    assert posts["kind"].unique().tolist() == ["video"] and posts["platform"].unique().tolist() == ["tiktok"]
    # The owner is the link's @user: the last video is a duet posted by a partner account.
    assert posts["owner_id"].tolist() == ["bibliolavapies", "bibliolavapies", "ateneolavapies"]


def test_content_export_spanish_with_thousands_separators():
    posts = load_file(FORMATS / "tiktok_content_es.csv", CTX).tables["posts"]
    assert posts["views"].tolist() == [2310, 1045]
    assert posts["reactions"].tolist() == [190, 77]
    assert posts["shares"].tolist() == [9, 3]
    assert posts["saves"].tolist() == [33, 12]
    assert posts["published_at"].iloc[0] == pd.Timestamp("2026-10-02T17:00:01Z")


def test_video_id_time():
    assert tiktok_id_time("7681714846612274253") == pd.Timestamp("2026-09-04T16:16:52Z")
    assert tiktok_id_time("12345") is None  # before TikTok existed
    assert tiktok_id_time("not a number") is None


def test_rounded_counts_copied_from_the_interface_are_refused(tmp_path):
    text = (FORMATS / "tiktok_content_en.csv").read_text("utf-8").replace(',412,37,', ',1.2K,37,')
    (tmp_path / "t.csv").write_text(text, "utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'Total likes': expected an exact count; got '1.2K'"):
        load_file(tmp_path / "t.csv", CTX)


def test_follower_history():
    res = load_file(FORMATS / "tiktok_followers_en.csv", CTX)
    audience = res.tables["audience"]
    assert audience["followers"].tolist() == [1204, 1209, 1207]
    assert audience["date"].tolist() == [pd.Timestamp("2026-09-01"), pd.Timestamp("2026-09-02"), pd.Timestamp("2026-09-03")]
    assert audience["follows"].isna().all() and audience["unfollows"].isna().all()  # a net difference tells neither
