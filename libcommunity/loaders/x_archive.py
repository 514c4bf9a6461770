"""X (Twitter) account archive: ``data/tweets.js`` ("Download an archive of your data").

The file is JavaScript: ``window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]``
(older archives: ``window.YTD.tweet.part0``). All numbers are strings;
``created_at`` looks like ``Thu Oct 13 23:08:00 +0000 2022``.

Maps to ``posts``: post_id = id_str; published_at = created_at; text =
full_text (HTML entities decoded); kind from the media (photo; video or
animated GIF → video), else link when the tweet has URLs, else text;
reactions = favorite_count and shares = retweet_count as of the export;
url = ``https://x.com/i/web/status/<id>``. Retweets of other accounts'
tweets (``RT @...``) are not the library's posts and are skipped. The
archive holds no impressions, reach, replies received or member data.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .frames import frame_from_records, platform_of
from .jsonio import get, json_head, load_json, structure_guard
from .numbers import MAX_COUNT
from .textio import TextSample

__all__ = ["XArchiveTweets"]

_CREATED = "%a %b %d %H:%M:%S %z %Y"


def _count(value, *, path, row, field):
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or int(text) > MAX_COUNT:
        raise InputError(f"expected a count (a whole number); got {text[:40]!r}", path=path, row=row, column=field)
    return int(text)


def _kind(tweet: dict) -> str:
    media = (
        get(tweet, "extended_entities", "media", default=None) or get(tweet, "entities", "media", default=None) or []
    )
    types = {m.get("type") for m in media if isinstance(m, dict)}
    if types & {"video", "animated_gif"}:
        return "video"
    if "photo" in types:
        return "photo"
    if get(tweet, "entities", "urls", default=[]):
        return "link"
    return "text"


class XArchiveTweets(Loader):
    """X archive ``tweets.js`` (the account's own tweets)."""

    name = "x-archive-tweets"
    description = 'X/Twitter archive data/tweets.js (window.YTD.tweets.part0 = [{"tweet": ...}])'

    def sniff(self, sample: TextSample) -> bool:
        if sample.encoding is None:
            return False
        raw = sample.text.lstrip("\ufeff").lstrip()
        if raw.startswith("window.YTD.") and (
            raw.startswith("window.YTD.tweets.") or raw.startswith("window.YTD.tweet.")
        ):
            return True
        head = json_head(sample)
        return (
            head.startswith("[")
            and head[1:].lstrip().startswith("{")
            and '"tweet"' in head[:200]
            and '"created_at"' in head
        )

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        with structure_guard(path, "archive"):
            return self._load(path, sample, ctx)

    def _load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        data = load_json(path, sample)
        if not isinstance(data, list):
            raise InputError("expected a list of {\"tweet\": ...} records after 'window.YTD.tweets.part0 ='", path=path)
        records, retweets = [], 0
        for row, item in enumerate(data, start=1):
            with structure_guard(path, "record", row):
                tweet = item.get("tweet", item) if isinstance(item, dict) else None
                if not isinstance(tweet, dict):
                    raise InputError('expected a {"tweet": {...}} record', path=path, row=row)
                tid = str(tweet.get("id_str") or tweet.get("id") or "").strip()
                if not tid.isdigit():
                    raise InputError(
                        f"expected a numeric tweet id; got {tid[:40]!r}", path=path, row=row, column="tweet.id_str"
                    )
                text = tweet.get("full_text", tweet.get("text"))
                if isinstance(text, str) and text.startswith("RT @"):
                    retweets += 1
                    continue
                created = tweet.get("created_at")
                try:
                    published = pd.to_datetime(str(created), format=_CREATED, utc=True)  # a number is no such time
                except (ValueError, TypeError):
                    raise InputError(
                        f"expected a time such as 'Thu Oct 13 23:08:00 +0000 2022'; got {str(created)[:40]!r}",
                        path=path,
                        row=row,
                        column="tweet.created_at",
                    ) from None
                records.append(
                    {
                        "_row": row,
                        "post_id": tid,
                        "published_at": published,
                        "kind": _kind(tweet),
                        "text": html.unescape(text) if isinstance(text, str) else None,
                        "reactions": _count(
                            tweet.get("favorite_count"), path=path, row=row, field="tweet.favorite_count"
                        ),
                        "shares": _count(tweet.get("retweet_count"), path=path, row=row, field="tweet.retweet_count"),
                        "url": f"https://x.com/i/web/status/{tid}",
                    }
                )
        notes = ["X archives carry no impressions, reach, replies received or member data: posts only"]
        if retweets:
            notes.append(f"skipped {retweets} retweet(s) of other accounts' tweets (not the library's posts)")
        tables = {"posts": frame_from_records("posts", records, ctx, platform_of(ctx, "x"))} if records else {}
        return LoadResult(self.name, tables, notes)
