"""Legacy Facebook Page Insights "post data" export (before Meta Business Suite).

Row 1 holds the metric names (``Lifetime Post Total Reach``, ``Lifetime
Engaged Users``, ...), row 2 their descriptions (``Lifetime: The total number
of people your Page post was served to. (Unique Users)``) under empty post
cells; data starts in row 3. Some metric names appear twice (a total count
and a unique-users count); the description row tells them apart and the total
count is used. Maps to ``posts`` only: no per-member data.

Column mapping: post_id = Post ID (``<page id>_<post id>``); text = Post
Message; kind from Type; published_at = Posted (no offset: the account's
timezone; month-first ``10/1/2015 21:00`` in English exports);
reach = Lifetime Post Total Reach; impressions = Lifetime Post Total
Impressions; clicks = Lifetime Post Consumptions; reactions/comments/shares =
Lifetime Post Stories (or Talking About This) by action type - like/comment/
share; views = organic + paid video views (total count, video posts only);
paid = paid reach or paid impressions above zero; url = Permalink.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import HeaderFormat, aliases
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .ids import clean_ids, recover_ids
from .meta import meta_post_kind
from .tabular import Export, read_export, sniff_header
from .textio import TextSample

__all__ = ["FacebookInsightsLegacy", "FACEBOOK_LEGACY"]

#: Legacy Facebook Page Insights "post data" export (metric names in row 1, their descriptions in row 2).
FACEBOOK_LEGACY = HeaderFormat(
    "facebook-insights-legacy",
    (
        aliases(
            "post_id",
            ["Post ID"],
            ["Identificador de la publicación", "ID de la publicación"],
            ["Inläggs-id", "Inläggs-ID"],
        ),
        aliases("permalink", ["Permalink"], ["Enlace permanente"], ["Permalänk"]),
        aliases("message", ["Post Message"], ["Mensaje de la publicación"], ["Inläggsmeddelande", "Meddelande i inlägget"]),
        aliases("type", ["Type"], ["Tipo"], ["Typ"]),
        aliases("posted", ["Posted"], ["Publicado", "Fecha de publicación"], ["Publicerat", "Publicerad"]),
        aliases(
            "total_reach",
            ["Lifetime Post Total Reach"],
            ["Alcance total de la publicación durante su vida útil", "Alcance total de la publicación (total)"],
            ["Inläggets totala räckvidd under livstiden", "Total räckvidd för inlägget (livstid)"],
        ),
        aliases(
            "paid_reach",
            ["Lifetime Post Paid Reach"],
            ["Alcance pagado de la publicación durante su vida útil"],
            ["Inläggets betalda räckvidd under livstiden", "Betald räckvidd för inlägget (livstid)"],
        ),
        aliases(
            "total_impressions",
            ["Lifetime Post Total Impressions"],
            ["Impresiones totales de la publicación durante su vida útil"],
            ["Inläggets totala visningar under livstiden", "Totala visningar för inlägget (livstid)"],
        ),
        aliases(
            "paid_impressions",
            ["Lifetime Post Paid Impressions"],
            ["Impresiones pagadas de la publicación durante su vida útil"],
            ["Inläggets betalda visningar under livstiden", "Betalda visningar för inlägget (livstid)"],
        ),
        aliases(
            "consumptions",
            ["Lifetime Post Consumptions"],
            ["Clics en la publicación durante su vida útil", "Consumos de la publicación durante su vida útil"],
            ["Klick på inlägget under livstiden", "Konsumtioner av inlägget (livstid)"],
        ),
        aliases(
            "likes",
            ["Lifetime Post Stories by action type - like", "Lifetime Talking About This (Post) by action type - like"],
            ["Historias de la publicación por tipo de acción durante su vida útil - me gusta"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - gilla"],
        ),
        aliases(
            "comments",
            [
                "Lifetime Post Stories by action type - comment",
                "Lifetime Talking About This (Post) by action type - comment",
            ],
            ["Historias de la publicación por tipo de acción durante su vida útil - comentario"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - kommentar"],
        ),
        aliases(
            "shares",
            [
                "Lifetime Post Stories by action type - share",
                "Lifetime Talking About This (Post) by action type - share",
            ],
            ["Historias de la publicación por tipo de acción durante su vida útil - compartir"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - dela"],
        ),
        aliases(
            "organic_video_views",
            ["Lifetime Organic Video Views"],
            ["Reproducciones orgánicas del vídeo durante su vida útil"],
            ["Organiska videovisningar under livstiden"],
        ),
        aliases(
            "paid_video_views",
            ["Lifetime Paid Video Views"],
            ["Reproducciones pagadas del vídeo durante su vida útil"],
            ["Betalda videovisningar under livstiden"],
        ),
    ),
    required=("post_id", "posted", "total_reach"),
)

_NUMERIC = (
    "total_reach",
    "paid_reach",
    "total_impressions",
    "paid_impressions",
    "consumptions",
    "likes",
    "comments",
    "shares",
    "organic_video_views",
    "paid_video_views",
)
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_UNIQUE = re.compile(r"unique users|usuarios [uú]nicos|unika (användare|anvandare)", re.IGNORECASE)
_TOTAL = re.compile(r"total count|recuento total|totalt antal", re.IGNORECASE)


def _description_rows(frame: pd.DataFrame, match) -> pd.Series:
    """Rows with no post id whose reach cell is words (the metric descriptions under the header)."""
    post = frame[match.columns["post_id"]].fillna("").str.strip()
    reach = frame[match.columns["total_reach"]].fillna("")
    return (post.eq("") & reach.str.contains(_LETTERS)).astype(bool)


def _prefer_total_counts(ex: Export) -> None:
    """Where a metric name is repeated, use the column whose description says it is a total count."""
    if ex.excluded is None or ex.excluded.empty:
        return
    described = ex.excluded.iloc[0]
    for name, header in list(ex.match.columns.items()):
        twin = f"{header} [2]"
        if twin not in ex.frame.columns:
            continue
        mine, other = str(described.get(header, "")), str(described.get(twin, ""))
        if _UNIQUE.search(mine) and _TOTAL.search(other):
            ex.match.columns[name] = twin


class FacebookInsightsLegacy(Loader):
    """Legacy Facebook Page Insights post export (metric names, then a description row)."""

    name = "facebook-insights-legacy"
    header_formats = (FACEBOOK_LEGACY,)
    description = (
        "legacy Facebook Page Insights post export (Post ID, Posted, Lifetime Post Total Reach, ...; description row)"
    )

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, FACEBOOK_LEGACY) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(
            path, sample, FACEBOOK_LEGACY, numeric=_NUMERIC, duplicates="number", exclude_rows=_description_rows
        )
        _prefer_total_counts(ex)
        permalink = ex.strings("permalink")
        ids = recover_ids(clean_ids(ex.raw("post_id")), permalink, path=path, column=ex.header("post_id"))
        if ids.isna().any():
            row = ids[ids.isna()].index[0]
            raise InputError(
                "a post id is required here; the cell is empty", path=path, row=row, column=ex.header("post_id")
            )
        paid = None
        if ex.has("paid_reach") or ex.has("paid_impressions"):
            paid_counts = ex.sum_counts(("paid_reach", "paid_impressions"))
            paid = (paid_counts.fillna(0) > 0).astype("boolean").mask(paid_counts.isna())
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "facebook"),
            post_id=ids,
            published_at=ex.timestamps("posted", tz=ctx.timezone),
            kind=ex.strings("type").map(meta_post_kind).astype("string"),
            text=ex.text("message"),
            reach=ex.counts("total_reach"),
            impressions=ex.counts("total_impressions"),
            views=ex.sum_counts(("organic_video_views", "paid_video_views")),
            reactions=ex.counts("likes"),
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            clicks=ex.counts("consumptions"),
            paid=paid,
            url=permalink,
        )
        notes = ex.notes + ["Facebook Insights exports carry no per-member data: posts only (no segments from this file)"]
        if ex.excluded is not None and len(ex.excluded):
            notes.append(f"skipped the metric description row (row {', '.join(map(str, ex.excluded.index))})")
        return LoadResult(self.name, {"posts": posts}, notes)
