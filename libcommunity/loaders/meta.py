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

Rows without a publish time (drafts, scheduled or removed posts) are
skipped and listed in the ingest summary.

Since 2025 Meta counts ``Views`` instead of ``Impressions`` and, from 2026,
``Viewers`` (accounts that saw the post) instead of ``Reach``: both are kept
(``views``, ``viewers``), so engagement rates fall back to viewers where an
export has no reach.

Each row names the Page (``Page ID``) or Instagram account (``Account ID``)
that owns the post: a collaboration post, or a row of a sibling Page, carries
another account's id. It is kept as ``owner_id``; the ingest summary counts
posts per owner and ``ingest --own-posts-only`` keeps the account's own.

Column mapping: post_id = Post ID; text = Description (else Title);
published_at = Publish time; kind from Post type (Photos/IG image/IG carousel
→ photo, Videos → video, Reels/IG reel → reel, Links → link, Status → text,
Stories → story); reach = Reach; impressions = Impressions; views = Views;
reactions = Reactions (Facebook) or Likes (Instagram); comments = Comments;
shares = Shares; clicks = Total clicks (else Link clicks); saves = Saves;
viewers = Viewers; owner_id = Page ID (Facebook) or Account ID (Instagram);
url = Permalink; paid = Ad impressions above zero where the export has that
column (the funding column has no documented values and is not read).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import LIFETIME_LABELS, HeaderFormat, aliases, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame
from .ids import clean_ids, recover_ids
from .parsing import flags
from .tabular import Export, read_export, sniff_header
from .textio import TextSample

__all__ = ["MetaBusinessSuite", "META_POSTS", "meta_post_kind"]

#: Meta Business Suite post exports (Facebook Page posts and Instagram posts; "Lifetime" values).
META_POSTS = HeaderFormat(
    "meta-business-suite",
    (
        aliases(
            "post_id",
            ["Post ID"],
            ["Identificador de la publicación", "ID de la publicación"],
            ["Inläggs-id", "Inläggs-ID"],
        ),
        aliases("page_id", ["Page ID"], ["Identificador de la página", "ID de la página"], ["Sid-id", "Sid-ID"]),
        aliases("page_name", ["Page name"], ["Nombre de la página"], ["Sidnamn", "Sidans namn"]),
        aliases(
            "account_id",
            ["Account ID"],
            ["Identificador de la cuenta", "ID de la cuenta"],
            ["Konto-id", "Konto-ID"],
        ),
        aliases(
            "account_username",
            ["Account username"],
            ["Nombre de usuario de la cuenta"],
            ["Kontots användarnamn", "Kontoanvändarnamn"],
        ),
        aliases("title", ["Title"], ["Título"], ["Titel", "Rubrik"]),
        aliases("description", ["Description", "Message"], ["Descripción", "Mensaje"], ["Beskrivning", "Meddelande"]),
        aliases(
            "publish_time",
            ["Publish time", "Published time"],
            ["Hora de publicación", "Fecha de publicación"],
            ["Publiceringstid", "Publiceringstidpunkt"],
        ),
        aliases("permalink", ["Permalink"], ["Enlace permanente"], ["Permalänk"]),
        aliases("post_type", ["Post type"], ["Tipo de publicación"], ["Inläggstyp", "Typ av inlägg"]),
        aliases("date", ["Date"], ["Fecha"], ["Datum"]),
        aliases("impressions", ["Impressions"], ["Impresiones"], ["Exponeringar", "Visningar (exponeringar)"]),
        aliases("views", ["Views", "Plays"], ["Visualizaciones", "Reproducciones"], ["Visningar", "Uppspelningar"]),
        aliases("viewers", ["Viewers"], ["Espectadores"], ["Tittare"]),
        aliases("reach", ["Reach"], ["Alcance"], ["Räckvidd"]),
        aliases(
            "engagements",
            ["Reactions, comments and shares"],
            ["Reacciones, comentarios y veces que se compartió"],
            ["Reaktioner, kommentarer och delningar"],
        ),
        aliases("reactions", ["Reactions"], ["Reacciones"], ["Reaktioner"]),
        aliases("likes", ["Likes"], ["Me gusta"], ["Gilla-markeringar", "Gillamarkeringar"]),
        aliases("comments", ["Comments"], ["Comentarios"], ["Kommentarer"]),
        aliases(
            "shares",
            ["Shares"],
            ["Veces que se compartió", "Veces compartido", "Contenido compartido", "Compartidos"],
            ["Delningar", "Delade inlägg"],
        ),
        aliases(
            "total_clicks",
            ["Total clicks"],
            ["Clics totales", "Total de clics"],
            ["Totalt antal klick", "Klick totalt"],
        ),
        aliases(
            "link_clicks", ["Link clicks"], ["Clics en el enlace", "Clics en enlaces"], ["Länkklick", "Klick på länk"]
        ),
        aliases(
            "saves",
            ["Saves"],
            ["Veces que se guardó", "Guardados", "Veces guardado", "Elementos guardados"],
            ["Sparade", "Sparningar"],
        ),
        aliases("ad_impressions", ["Ad impressions"], ["Impresiones de anuncios"], ["Annonsvisningar"]),
        aliases(
            "seconds_viewed",
            ["Seconds viewed"],
            ["Segundos reproducidos", "Segundos visualizados"],
            ["Visade sekunder", "Sekunder visade"],
        ),
        aliases(
            "funded",
            ["Funded content status", "Boost status"],
            ["Estado del contenido financiado"],
            ["Status för finansierat innehåll"],
        ),
    ),
    required=("post_id", "publish_time", "permalink"),
)


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
    "viewers",
    "engagements",
    "ad_impressions",
    "seconds_viewed",
)
_KINDS = (
    (re.compile(r"reel"), "reel"),
    (re.compile(r"stor(y|ies)|histori|berattelse"), "story"),
    (re.compile(r"carousel|carrusel|secuencia|karusell|sekvens|image|imagen|bild|photo|foto|album"), "photo"),
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
    header_formats = (META_POSTS,)
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
                    path=ex.path,
                    row=row,
                    column=ex.header("date"),
                )
        ex.skip(ex.strings("publish_time").isna(), "no publish time (a draft, scheduled or removed post)")
        permalink = ex.strings("permalink")
        ids = recover_ids(clean_ids(ex.raw("post_id")), permalink, path=ex.path, column=ex.header("post_id"))
        ex.skip(ids.isna() & permalink.isna(), "no post id and no permalink (not a post)")
        permalink = ex.strings("permalink")
        ids = recover_ids(clean_ids(ex.raw("post_id")), permalink, path=ex.path, column=ex.header("post_id"))
        if ids.isna().any():
            row = ids[ids.isna()].index[0]
            raise InputError(
                "a post id is required here; the cell is empty", path=ex.path, row=row, column=ex.header("post_id")
            )
        text = ex.text("description")
        if ex.has("title"):
            text = text.fillna(ex.text("title"))
        reactions = ex.counts("reactions") if ex.has("reactions") else ex.counts("likes")
        clicks = ex.counts("total_clicks") if ex.has("total_clicks") else ex.counts("link_clicks")
        paid = None
        if ex.has("ad_impressions"):
            ads = ex.counts("ad_impressions")
            paid = (ads.fillna(0) > 0).astype("boolean").mask(ads.isna())
        owner_field = "account_id" if platform == "instagram" and ex.has("account_id") else "page_id"
        owner = clean_ids(ex.raw(owner_field)) if ex.has(owner_field) else None
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
            viewers=ex.counts("viewers"),
            reactions=reactions,
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            clicks=clicks,
            saves=ex.counts("saves"),
            paid=paid,
            url=permalink,
            owner_id=owner,
        )
        notes = ex.notes + [
            f"Meta exports carry no per-member data: {platform} posts only (no segments from this file)"
        ]
        if ex.has("viewers") and not ex.has("reach"):
            notes.append(
                "this export counts viewers (accounts that saw a post) instead of reach: engagement rates of its "
                "posts are by viewers"
            )
        names = ex.strings("page_name" if owner_field == "page_id" else "account_username")
        result = LoadResult(self.name, {"posts": posts}, notes, dict(ex.skipped))
        if owner is not None:
            result.owner_names = {
                str(o): str(n) for o, n in zip(owner.tolist(), names.tolist()) if o is not None and o is not pd.NA and n is not pd.NA
            }
        return result
