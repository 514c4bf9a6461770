"""YouTube Studio Table data.csv: the real English export, Spanish (; decimal comma BOM) and Swedish (UTF-16)."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.loaders import LoadContext, load_file

FORMATS = Path(__file__).parent / "data" / "formats"


def test_spanish_export_skips_total_and_reads_spanish_dates():
    res = load_file(FORMATS / "youtube_es.csv", LoadContext("lib", "Europe/Madrid"))
    assert res.format == "youtube-studio"
    posts = res.tables["posts"]
    assert list(posts.index) == [3, 4, 5]  # row 2 is the Total row
    assert posts["post_id"].tolist() == ["aB3dEf9hIjK", "-Xy7zW2vU1t", "Qr8sT5uV0wX"]  # leading space removed
    assert posts["views"].tolist() == [2210, 1302, 1005]
    assert posts["reactions"].tolist() == [140, 96, 65]
    assert posts["comments"].tolist() == [12, 9, 6]
    assert posts["shares"].tolist() == [21, 11, 8]
    assert posts["impressions"].tolist() == [9840, 6120, 4382]
    assert posts["kind"].unique().tolist() == ["video"]
    # "15 dic 2023", "3 ene. 2024", "31 mar 2024" at midnight in Madrid (the last one is CEST).
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2023-12-14T23:00Z"),
        pd.Timestamp("2024-01-02T23:00Z"),
        pd.Timestamp("2024-03-30T23:00Z"),
    ]
    assert posts["text"].iloc[0] == "Cómo usar el catálogo; paso a paso"
    assert posts["url"].iloc[1] == "https://www.youtube.com/watch?v=-Xy7zW2vU1t"
    assert any("the channel total row shows views 4520" in n for n in res.notes)
    assert res.skipped == {"the channel total, not a video": [2]}


def test_swedish_export_in_utf16():
    posts = load_file(FORMATS / "youtube_sv.tsv", LoadContext("lib", "Europe/Stockholm")).tables["posts"]
    assert posts["post_id"].tolist() == ["Lm4nOp5qRsT", "-Ab1cD2eF3g"]
    assert posts["views"].tolist() == [2011, 1377]
    assert posts["impressions"].tolist() == [9004, 6008]
    assert posts["published_at"].tolist() == [pd.Timestamp("2023-12-14T23:00Z"), pd.Timestamp("2024-05-02T22:00Z")]
    assert posts["comments"].isna().all()  # no "Comments added" column in this view


@pytest.mark.real_data
def test_real_table_data(real_data):
    path = real_data / "formats" / "youtube_studio_table_data" / "Table data.csv"
    res = load_file(path, LoadContext("shorts", "Europe/Dublin"))
    posts = res.tables["posts"]
    # The README's sums of the 102 video rows (the Total row differs and is skipped).
    assert len(posts) == 102 and posts["post_id"].is_unique
    assert posts["views"].sum() == 97001
    assert posts["reactions"].sum() == 3562
    assert posts["impressions"].sum() == 17946
    assert "-GhQQTIylYY" in set(posts["post_id"])
    first = posts.loc[3]
    assert (first["post_id"], first["views"], first["reactions"]) == ("M1fTBQ96BRM", 4835, 134)
    assert first["published_at"] == pd.Timestamp("2023-12-15T00:00Z")  # Dublin is UTC+0 in winter
    assert any("views 97004" in n for n in res.notes)
    assert sum(len(r) for r in res.skipped.values()) == 1  # the Total row, listed as skipped


def test_2025_export_skips_what_is_not_a_video_and_says_why():
    res = load_file(FORMATS / "youtube_2025_en.csv", LoadContext("lib", "Europe/Madrid"))
    posts = res.tables["posts"]
    assert posts["post_id"].tolist() == ["Xq3rT8vLm2A", "-Pw7nB4kZy1", "Tz6yH1uJk3F"]
    # "Thumbnail impressions" (the 2025 name of Impressions) is read.
    assert posts["impressions"].tolist() == [51230, 20416, 16764]
    assert posts["views"].tolist() == [3904, 1211, 1005]
    # Likes of -1 is a net change over the period: unknown, not a refusal of the file.
    assert posts["reactions"].tolist()[0] == 131 and pd.isna(posts["reactions"].iloc[1])
    assert any("Likes below zero in row(s) 4" in n for n in res.notes)
    assert res.skipped == {
        "the channel total, not a video": [2],
        "no publish time (an unlisted, private, scheduled or never published video)": [5],
        "a footer, not a video ('Showing top 500 results')": [7],
    }
    assert any("lower-ranked videos are missing" in n for n in res.notes)
