"""YouTube Studio ``Table data.csv`` (Advanced mode, Content dimension), in English, Spanish or Swedish.

Maps to ``posts`` only: Studio exports carry no per-member data.

The first data row is a ``Total`` (``Totalt``) row for the whole channel; it
is not a video and is skipped (its views are reported in a note, because the
total is not always the sum of the listed videos). Ids that begin with ``-``
are written with a leading space by the exporter (formula protection); it is
removed. ``Video publish time`` is a day (``Dec 15, 2023`` / ``15 dic 2023`` /
``15 dec. 2023``): ``published_at`` is midnight of that day in the account's
timezone.

Column mapping: post_id = Content (the video id); text = Video title;
views = Views; reactions = Likes; comments = Comments added; shares = Shares;
impressions = Impressions (thumbnail impressions); url = the watch page.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .aliases import TOTAL_ROW_LABELS, YOUTUBE, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .ids import clean_ids
from .parsing import flags
from .tabular import read_export, sniff_header
from .textio import TextSample

__all__ = ["YouTubeStudio"]

_NUMERIC = ("views", "likes", "comments", "shares", "impressions", "watch_time", "ctr", "average_percentage")


class YouTubeStudio(Loader):
    """YouTube Studio ``Table data.csv`` with one row per video."""

    name = "youtube-studio"
    description = "YouTube Studio Table data.csv (Content, Video title, Video publish time, Views, ...)"

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, YOUTUBE) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, YOUTUBE, numeric=_NUMERIC)
        notes = ["YouTube Studio exports carry no per-member data: posts only (no segments from this file)"]
        content = clean_ids(ex.raw("content"))
        total = flags(content, lambda v: normalize_header(v) in TOTAL_ROW_LABELS)
        total &= ex.strings("title").isna()
        if total.any():
            views = ex.counts("views")[total]
            notes.append(
                f"skipped the channel total row (row {', '.join(str(i) for i in total[total].index)}; "
                f"views {', '.join(str(v) for v in views.tolist())}): it is not a video"
            )
            ex.drop(total)
            content = content[~total]
        if content.isna().any():
            row = content[content.isna()].index[0]
            raise InputError(
                "a video id is required here; the cell is empty", path=path, row=row, column=ex.header("content")
            )
        published = ex.timestamps("publish_time", tz=ctx.timezone) if ex.has("publish_time") else None
        if published is None:
            raise InputError(
                "the header lacks 'Video publish time' (or its Spanish/Swedish name); add it to the exported view",
                path=path,
                row=1,
            )
        urls = "https://www.youtube.com/watch?v=" + content
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "youtube"),
            post_id=content,
            published_at=published,
            kind="video",
            text=ex.text("title"),
            impressions=ex.counts("impressions"),
            views=ex.counts("views"),
            reactions=ex.counts("likes"),
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            url=urls.astype("string"),
        )
        notes.append(f"'Video publish time' gives a day: published_at is midnight ({ctx.timezone})")
        return LoadResult(self.name, {"posts": posts}, notes)
