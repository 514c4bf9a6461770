"""Legacy Facebook Page Insights post exports (metric names in row 1, descriptions in row 2)."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders import LoadContext, load_file

FORMATS = Path(__file__).parent / "data" / "formats"


def test_english_export_skips_the_description_row_and_keeps_total_counts():
    res = load_file(FORMATS / "facebook_legacy_en.csv", LoadContext("lib", "America/Mexico_City"))
    assert res.format == "facebook-insights-legacy"
    posts = res.tables["posts"]
    assert list(posts.index) == [3, 4, 5]  # spreadsheet rows: header 1, descriptions 2
    assert posts["post_id"].tolist()[0] == "301745098223517_980422845355742"
    assert posts["reach"].tolist() == [812, 2310, 150]
    assert posts["impressions"].tolist() == [1544, 4025, 201]
    assert posts["clicks"].tolist() == [95, 340, 4]
    assert posts["reactions"].tolist() == [37, 102, 5]
    assert posts["comments"].tolist() == [4, 9, 0]
    assert posts["shares"].tolist() == [6, 21, 0]
    # Views: organic (total count, the first of the two same-named columns) + paid.
    assert posts["views"].tolist()[1] == 1183 and posts["views"].isna().tolist() == [True, False, True]
    assert posts["paid"].tolist() == [True, False, False]
    assert posts["kind"].tolist() == ["photo", "video", "text"]
    # Mexico City 2015: CDT (UTC-5) until 25 October, then CST (UTC-6).
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2015-10-02T02:00Z"),
        pd.Timestamp("2015-10-13T14:22Z"),
        pd.Timestamp("2015-11-01T07:30Z"),
    ]
    assert posts.loc[3, "text"] == "Story time for children every Tuesday at 5 pm.\nAll welcome!"
    assert any("description row (row 2)" in n for n in res.notes)


def test_spanish_export_prefers_the_total_count_column_by_its_description():
    posts = load_file(FORMATS / "facebook_legacy_es.csv", LoadContext("lib", "Europe/Madrid")).tables["posts"]
    # The first "Reproducciones orgánicas" column is unique users (940), the second the total count (1.183).
    assert posts["views"].tolist()[0] == 1183
    assert posts["reach"].tolist() == [2310, 150]
    assert posts["paid"].tolist() == [True, False]
    assert posts["kind"].tolist() == ["video", "text"]
    # 30/10/2016 2:30 in Madrid is the repeated hour of the autumn change: the first (CEST).
    assert posts["published_at"].tolist() == [pd.Timestamp("2016-10-14T16:00Z"), pd.Timestamp("2016-10-30T00:30Z")]


def test_a_row_without_post_id_that_is_not_the_description_row_is_an_error(tmp_path):
    p = tmp_path / "fb.csv"
    p.write_text("Post ID,Posted,Lifetime Post Total Reach\n,10/1/2015 21:00,12\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 2, column 'Post ID': a post id is required"):
        load_file(p, LoadContext("lib"))
