"""X account archive tweets.js: fixture and the real transcribed sample."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders import LoadContext, detect, load_file

FORMATS = Path(__file__).parent / "data" / "formats"


def test_fixture_posts_kinds_counts_and_skipped_retweet():
    res = load_file(FORMATS / "tweets.js", LoadContext("lib", "Europe/Madrid"))
    assert res.format == "x-archive-tweets"
    posts = res.tables["posts"]
    assert list(posts.index) == [1, 2, 4]  # item 3 is a retweet of someone else
    assert posts["post_id"].tolist() == ["1846000000000000004", "1846000000000000003", "1844000000000000001"]
    assert posts["kind"].tolist() == ["text", "photo", "link"]
    assert posts["reactions"].tolist() == [2, 14, 3]
    assert posts["shares"].tolist() == [0, 5, 1]
    assert posts["impressions"].isna().all() and posts["comments"].isna().all()
    assert posts["published_at"].iloc[1] == pd.Timestamp("2024-10-15T08:58:40Z")
    assert posts["text"].iloc[0] == "@bibliolavapies (2/2) Y el sábado, taller de cómic & fanzine."  # &amp; decoded
    assert posts["url"].iloc[0] == "https://x.com/i/web/status/1846000000000000004"
    assert any("skipped 1 retweet" in n for n in res.notes)


@pytest.mark.real_data
def test_real_sample(real_data):
    path = real_data / "formats" / "twitter_archive_tweets_js" / "tweets_sample.js"
    loader, _ = detect(path)
    assert loader.name == "x-archive-tweets"
    posts = load_file(path, LoadContext("smithjd")).tables["posts"]
    got = list(zip(posts["post_id"], posts["reactions"], posts["shares"]))
    assert got == [("1580696888344707072", 1, 1), ("1552679756239441920", 14, 5), ("1552318600203190273", 1, 0)]
    assert posts["published_at"].iloc[0] == pd.Timestamp("2022-10-13T23:08:00Z")
    assert posts["kind"].iloc[1] == "photo"


def test_truncated_archive_is_a_clear_error(tmp_path):
    text = (FORMATS / "tweets.js").read_text("utf-8")
    p = tmp_path / "tweets.js"
    p.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError, match="the JSON ends too early .* at line"):
        load_file(p, LoadContext("lib"))
