"""Meta Business Suite post exports for Facebook Pages and Instagram accounts.

Insights → Content → Export (CSV), with "Lifetime" values: one row per post.
Maps to ``posts`` only: Meta exports carry no per-member data, so they feed
post metrics, not segments.

The platform is read from the header: ``Page ID``/``Page name`` is a Facebook
Page export, ``Account ID``/``Account username`` (or ``IG ...`` post types)
an Instagram one; ``--platform`` overrides. ``Publish time`` has no offset
(``03/27/2026 06:08``) and is read in the account's timezone; whether it is
day-first or month-first is inferred from the column, else from the export's
language (English month-first). Counts may carry thousands separators
(``"1,520"``) or a decimal comma.

Column mapping: post_id = Post ID; text = Description (else Title);
published_at = Publish time; kind from Post type (Photos/IG image/IG carousel
→ photo, Videos → video, Reels/IG reel → reel, Links → link, Status → text,
Stories → story); reach = Reach; impressions = Impressions; views = Views;
reactions = Reactions (Facebook) or Likes (Instagram); comments = Comments;
shares = Shares; clicks = Total clicks (else Link clicks); saves = Saves;
url = Permalink. ``paid`` is left empty (the export's funding column has no
documented values).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import LIFETIME_LABELS, META_POSTS, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame
from .ids import clean_ids, recover_ids
from .parsing import flags
from .tabular import Export, read_export, sniff_header
from .textio import TextSample

__all__ = ["MetaBusinessSuite", "meta_post_kind"]

_NUMERIC = (
    "impressions",
    "views",
    "reach",
    "reactions",
    "likes",
    "comments",
    "shares",
    "total_clicks",
    "link_clicks",
    "saves",
)
_KINDS = (
    (re.compile(r"reel"), "reel"),
    (re.compile(r"stor(y|ies)|histori|berattelse"), "story"),
    (re.compile(r"carousel|carrusel|karusell|image|imagen|bild|photo|foto|album"), "photo"),
    (re.compile(r"video|live|en vivo|direkt"), "video"),
    (re.compile(r"link|enlace|lank"), "link"),
    (re.compile(r"status|estado|text"), "text"),
    (re.compile(r"event|evenemang"), "event"),
)


def meta_post_kind(value) -> str:
    """The canonical post kind of a Meta ``Post type`` value (any language); ``other`` if unknown."""
    if value is None or value is pd.NA:
        return "other"
    text = normalize_header(value)
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


def _platform(ex: Export, ctx: LoadContext) -> str:
    if ctx.platform:
        return ctx.platform
    if ex.has("account_id") or ex.has("account_username"):
        return "instagram"
    if ex.has("page_id") or ex.has("page_name"):
        return "facebook"
    types = ex.strings("post_type").dropna().str.upper()
    if len(types) and types.str.startswith("IG").all():
        return "instagram"
    links = ex.strings("permalink").dropna()
    if len(links) and links.str.contains("instagram.com", regex=False).all():
        return "instagram"
    if len(links) and links.str.contains("facebook.com", regex=False).all():
        return "facebook"
    raise InputError(
        "cannot tell whether this Meta export is of a Facebook Page or an Instagram account "
        "(no Page ID, Account ID or IG post types); give --platform facebook or --platform instagram",
        path=ex.path,
    )


class MetaBusinessSuite(Loader):
    """Meta Business Suite post export (Facebook Page or Instagram), Lifetime values."""

    name = "meta-business-suite"
    description = (
        "Meta Business Suite post export, Facebook or Instagram (Post ID, Publish time, Permalink, Reach, ...)"
    )

    def sniff(self, sample: TextSample) -> bool:
        match = sniff_header(sample, META_POSTS)
        if match is None:
            return False
        return any(f in match for f in ("page_id", "page_name", "account_id", "account_username", "post_type"))

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, META_POSTS, numeric=_NUMERIC)
        platform = _platform(ex, ctx)
        if ex.has("date"):
            dates = ex.strings("date")
            daily = dates.notna() & ~flags(dates, lambda v: normalize_header(v) in LIFETIME_LABELS)
            if daily.any():
                row = daily[daily].index[0]
                raise InputError(
                    f"this export has one row per post and day (Date {dates.loc[row]!r}); expected the "
                    "'Lifetime' export with one row per post (choose Lifetime values when exporting)",
                    path=path,
                    row=row,
                    column=ex.header("date"),
                )
        permalink = ex.strings("permalink")
        ids = recover_ids(clean_ids(ex.raw("post_id")), permalink, path=path, column=ex.header("post_id"))
        if ids.isna().any():
            row = ids[ids.isna()].index[0]
            raise InputError(
                "a post id is required here; the cell is empty", path=path, row=row, column=ex.header("post_id")
            )
        text = ex.text("description")
        if ex.has("title"):
            text = text.fillna(ex.text("title"))
        reactions = ex.counts("reactions") if ex.has("reactions") else ex.counts("likes")
        clicks = ex.counts("total_clicks") if ex.has("total_clicks") else ex.counts("link_clicks")
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform,
            post_id=ids,
            published_at=ex.timestamps("publish_time", tz=ctx.timezone),
            kind=ex.strings("post_type").map(meta_post_kind).astype("string"),
            text=text,
            reach=ex.counts("reach"),
            impressions=ex.counts("impressions"),
            views=ex.counts("views"),
            reactions=reactions,
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            clicks=clicks,
            saves=ex.counts("saves"),
            url=permalink,
        )
        notes = [f"Meta exports carry no per-member data: {platform} posts only (no segments from this file)"]
        return LoadResult(self.name, {"posts": posts}, notes)
