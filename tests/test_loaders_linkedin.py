"""LinkedIn Page exports: the content workbook (All posts sheet under a title row) and the followers workbook."""

from pathlib import Path

import pandas as pd

from libcommunity.loaders import LoadContext, load_file
from libcommunity.loaders.linkedin import linkedin_kind

FORMATS = Path(__file__).parent / "data" / "formats"
CTX = LoadContext("lib", "Europe/Madrid")


def test_content_workbook_reads_the_all_posts_sheet():
    res = load_file(FORMATS / "linkedin_content_en.xlsx", CTX)
    assert res.format == "linkedin-content"
    assert "read sheet 'All posts' of 2 (the others, 'Metrics', are not this format)" in res.notes
    posts = res.tables["posts"]
    assert list(posts.index) == [3, 4, 5]  # row 1 is the title, row 2 the header; the blank row is not data
    assert posts["post_id"].tolist() == [
        "urn:li:activity:7371234567890123456",
        "urn:li:activity:7372345678901234567",
        "urn:li:ugcPost:7373456789012345678",
    ]
    # "09/02/2026" is a day, month first: midnight in Madrid.
    assert posts["published_at"].iloc[0] == pd.Timestamp("2026-09-01T22:00Z")
    assert posts["impressions"].tolist() == [1380, 5210, 902]
    assert posts["views"].tolist()[2] == 311 and posts["views"].iloc[:2].isna().all()
    assert posts["clicks"].tolist() == [61, 240, 18]
    assert posts["reactions"].tolist() == [34, 88, 21]
    assert posts["comments"].tolist() == [5, 12, 2]
    assert posts["shares"].tolist() == [3, 19, 1]
    assert posts["kind"].tolist() == ["link", "photo", "video"]
    assert posts["paid"].tolist() == [False, True, False]
    assert posts["platform"].unique().tolist() == ["linkedin"]


def test_followers_workbook_reads_new_followers():
    res = load_file(FORMATS / "linkedin_followers_en.xlsx", CTX)
    assert res.format == "linkedin-followers"
    audience = res.tables["audience"]
    assert audience["date"].tolist() == [pd.Timestamp(f"2026-09-0{d}") for d in (1, 2, 3)]
    assert audience["follows"].tolist() == [4, 10, 0]
    assert audience["followers"].isna().all()
    assert any("'Location'" in n for n in res.notes)


def test_kinds():
    assert [linkedin_kind(v) for v in ("Article", "Image", "Video", "Text", "Document", "Poll", None)] == [
        "link", "photo", "video", "text", "other", "other", "other"
    ]


def test_binary_xls_reads_as_the_xlsx():
    """LinkedIn downloads binary .xls (BIFF8) workbooks: the same rows as the .xlsx."""
    xls = load_file(FORMATS / "linkedin_followers_en.xls", CTX)
    xlsx = load_file(FORMATS / "linkedin_followers_en.xlsx", CTX)
    assert xls.format == "linkedin-followers"
    pd.testing.assert_frame_equal(xls.tables["audience"], xlsx.tables["audience"])
