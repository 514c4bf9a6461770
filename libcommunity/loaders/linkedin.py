"""LinkedIn Page analytics exports: the content workbook and the followers workbook (``.xls``/``.xlsx``, or a sheet saved as CSV).

Content (Page → Analytics → Content → Export): a workbook with a ``Metrics``
sheet (daily page totals) and an ``All posts`` sheet whose first row is a
title (the date range) and whose second row is the header: ``Post title``,
``Post link``, ``Post type``, ``Campaign name``, ``Posted by``,
``Created date``, ``Campaign start date``, ``Campaign end date``,
``Audience``, ``Impressions``, ``Views (excluding off-site video views)``,
``Off-site views``, ``Clicks``, ``Click through rate (CTR)``, ``Likes``,
``Comments``, ``Reposts``, ``Follows``, ``Engagement rate``,
``Content Type``. The ``All posts`` sheet is chosen by its content; the daily
``Metrics`` sheet has no canonical table and is not read (a note says so).
→ ``posts``.

Followers (Page → Analytics → Followers → Export): a workbook whose
``New followers`` sheet has one row per day — ``Date``,
``Sponsored followers``, ``Organic followers``, ``Auto-invited followers``,
``Total followers`` (the day's new followers, not the running total) — and
demographic sheets (``Location``, ``Job function``, ``Seniority``,
``Industry``, ``Company size``) that are aggregates and are not read.
→ ``audience`` (``follows`` = the day's total new followers; the follower
count itself is not in the export).

``Created date`` is a day (``03/27/2026``, month first in English exports):
``published_at`` is midnight of that day in the account's timezone. The post
id is the activity (or share/ugcPost) URN in the post link
(``urn:li:activity:7312345678901234567``). ``Posted by`` names the member of
staff who posted; it is not read (the owner of every post is the Page).

Column mapping (content): post_id = the link's URN; text = Post title;
impressions = Impressions; views = Views (excluding off-site video views);
clicks = Clicks; reactions = Likes; comments = Comments; shares = Reposts;
kind from Content Type; paid = Post type ``Sponsored``/``Boosted``;
url = Post link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .aliases import HeaderFormat, aliases, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .tabular import read_export, sniff_header
from .textio import TextSample

__all__ = ["LinkedInContent", "LinkedInFollowers", "LINKEDIN_POSTS", "LINKEDIN_FOLLOWERS", "linkedin_kind"]

#: The ``All posts`` sheet of a LinkedIn Page content export.
LINKEDIN_POSTS = HeaderFormat(
    "linkedin-content",
    (
        aliases("title", ["Post title"], ["Título de la publicación"], ["Inläggets rubrik", "Inläggsrubrik"]),
        aliases("link", ["Post link"], ["Enlace de la publicación"], ["Länk till inlägget", "Inläggslänk"]),
        aliases("post_type", ["Post type"], ["Tipo de publicación"], ["Inläggstyp"]),
        aliases("created", ["Created date"], ["Fecha de creación"], ["Skapat datum", "Datum skapat"]),
        aliases("impressions", ["Impressions"], ["Impresiones"], ["Visningar", "Exponeringar"]),
        aliases(
            "views",
            ["Views (excluding off-site video views)", "Views"],
            ["Visualizaciones (excluidas las visualizaciones de vídeo fuera del sitio)", "Visualizaciones"],
            ["Visningar (exklusive videovisningar utanför webbplatsen)", "Videovisningar"],
        ),
        aliases("clicks", ["Clicks"], ["Clics"], ["Klick"]),
        aliases("likes", ["Likes", "Reactions"], ["Recomendaciones", "Reacciones"], ["Reaktioner", "Gilla-markeringar"]),
        aliases("comments", ["Comments"], ["Comentarios"], ["Kommentarer"]),
        aliases("reposts", ["Reposts", "Shares"], ["Veces compartido", "Publicaciones compartidas"], ["Återpubliceringar", "Delningar"]),
        aliases("content_type", ["Content Type", "Content type"], ["Tipo de contenido"], ["Innehållstyp"]),
        # Not stored; their decimals tell the file's number format.
        aliases("ctr", ["Click through rate (CTR)"], ["Porcentaje de clics (CTR)"], ["Klickfrekvens (CTR)"]),
        aliases("engagement_rate", ["Engagement rate"], ["Tasa de interacción"], ["Engagemangsgrad"]),
    ),
    required=("link", "created", "impressions"),
)

#: The ``New followers`` sheet of a LinkedIn Page followers export.
LINKEDIN_FOLLOWERS = HeaderFormat(
    "linkedin-followers",
    (
        aliases("date", ["Date"], ["Fecha"], ["Datum"]),
        aliases("sponsored", ["Sponsored followers"], ["Seguidores patrocinados"], ["Sponsrade följare"]),
        aliases("organic", ["Organic followers"], ["Seguidores orgánicos"], ["Organiska följare"]),
        aliases(
            "auto_invited",
            ["Auto-invited followers"],
            ["Seguidores invitados automáticamente"],
            ["Automatiskt inbjudna följare"],
        ),
        aliases("total", ["Total followers"], ["Total de seguidores", "Seguidores totales"], ["Totalt antal följare"]),
    ),
    required=("date", "organic", "total"),
)

_URN = re.compile(r"urn:li:(activity|share|ugcPost):(\d+)")
_KINDS = (
    (re.compile(r"video"), "video"),
    (re.compile(r"image|imagen|bild|photo|foto"), "photo"),
    (re.compile(r"article|articulo|artikel|link|enlace|lank"), "link"),
    (re.compile(r"text|texto"), "text"),
    (re.compile(r"event|evento|evenemang"), "event"),
)


def linkedin_kind(value) -> str:
    """The canonical post kind of a LinkedIn ``Content Type`` (documents, polls, carousels: ``other``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "other"
    text = normalize_header(value)
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


class LinkedInContent(Loader):
    """LinkedIn Page content export: the ``All posts`` sheet."""

    name = "linkedin-content"
    description = "LinkedIn Page content export, .xls/.xlsx or CSV (All posts: Post title, Post link, Created date, Impressions, ...)"
    header_formats = (LINKEDIN_POSTS,)

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, LINKEDIN_POSTS) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        numeric = ("impressions", "views", "clicks", "likes", "comments", "reposts", "ctr", "engagement_rate")
        ex = read_export(path, sample, LINKEDIN_POSTS, numeric=numeric)
        urn = ex.strings("link").str.extract(_URN)
        post_id = ("urn:li:" + urn[0] + ":" + urn[1]).astype("string")
        ex.skip(post_id.isna(), "no post link with a LinkedIn post URN (not a post)")
        ex.skip(ex.strings("created").isna(), "no created date (not a published post)")
        urn = ex.strings("link").str.extract(_URN)
        post_id = ("urn:li:" + urn[0] + ":" + urn[1]).astype("string")
        paid = None
        if ex.has("post_type"):
            types = ex.strings("post_type").map(normalize_header, na_action="ignore")
            paid = types.isin(["sponsored", "boosted", "patrocinado", "promocionado", "sponsrad"]).astype("boolean")
            paid = paid.mask(types.isna())
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "linkedin"),
            post_id=post_id,
            published_at=ex.timestamps("created", tz=ctx.timezone),
            kind=ex.strings("content_type").map(linkedin_kind).astype("string"),
            text=ex.text("title"),
            impressions=ex.counts("impressions"),
            views=ex.counts("views"),
            clicks=ex.counts("clicks"),
            reactions=ex.counts("likes"),
            comments=ex.counts("comments"),
            shares=ex.counts("reposts"),
            paid=paid,
            url=ex.strings("link"),
        )
        notes = ex.notes + [
            "LinkedIn exports carry no per-member data: posts only (no segments from this file)",
            f"'Created date' gives a day: published_at is midnight ({ctx.timezone})",
        ]
        return LoadResult(self.name, {"posts": posts}, notes, dict(ex.skipped))


class LinkedInFollowers(Loader):
    """LinkedIn Page followers export: the ``New followers`` sheet."""

    name = "linkedin-followers"
    description = (
        "LinkedIn Page followers export, .xls/.xlsx or CSV (New followers: Date, Organic followers, Total followers, ...)"
    )
    header_formats = (LINKEDIN_FOLLOWERS,)

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, LINKEDIN_FOLLOWERS) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, LINKEDIN_FOLLOWERS, numeric=("sponsored", "organic", "auto_invited", "total"))
        ex.skip(ex.strings("date").isna(), "no date")
        days = ex.timestamps("date", tz="UTC").dt.tz_localize(None).dt.normalize().astype("datetime64[s]")
        audience = build_frame(
            "audience", ex.index, ctx, platform_of(ctx, "linkedin"), date=days, follows=ex.counts("total")
        )
        notes = ex.notes + [
            "'Total followers' is each day's new followers: stored as follows; the follower count and unfollows "
            "are not in the export"
        ]
        return LoadResult(self.name, {"audience": audience}, notes, dict(ex.skipped))
