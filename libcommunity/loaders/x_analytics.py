"""X (Twitter) analytics exports: the 40-column "tweet activity" CSV and the newer content CSV.

Both map to ``posts`` only: X analytics exports carry no per-member data.

Tweet activity (``tweet_activity_metrics_<account>_<from>_<to>_<lang>.csv``):
every field quoted, counts written as ``1938.0``, ``-`` in promoted columns
of tweets that were not promoted, ``time`` like ``2016-12-23 18:50 +0000``.

Content (``account_analytics_content_<from>_<to>.csv``): ``Post id``,
``Date`` like ``Tue, Jul 14, 2026`` (a day, no time: ``published_at`` is
midnight of that day in the account's timezone), ``Post Link`` and counts.

The content export holds placeholder rows: every count zero, the link
ending in ``status/undefined`` (no post behind them). They are skipped and
listed in the ingest summary.

Column mapping (both): impressions; reactions = likes; comments = replies;
shares = retweets/reposts; clicks = url + user profile (profile visits) +
hashtag + detail expands + permalink clicks; views = media views (tweet
activity); saves = bookmarks (content); paid = promoted impressions > 0
(tweet activity). Ids that a spreadsheet turned into ``1,11E+18`` are
recovered from the permalink.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import HeaderFormat, aliases
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .ids import clean_ids, recover_ids
from .tabular import Export, read_export, sniff_header
from .textio import TextSample

__all__ = ["XTweetActivity", "XContent", "X_TWEET_ACTIVITY", "X_CONTENT"]

#: X analytics "tweet activity" export (analytics.twitter.com, 40 columns).
X_TWEET_ACTIVITY = HeaderFormat(
    "x-tweet-activity",
    (
        aliases("id", ["Tweet id"], ["ID del Tweet", "Id. del Tweet", "ID de Tweet"], ["Tweet-id", "Tweet-ID"]),
        aliases(
            "permalink",
            ["Tweet permalink"],
            ["Enlace permanente del Tweet", "Enlace permanente de Tweet"],
            ["Permalänk för tweet", "Permalänk till tweet", "Tweet-permalänk"],
        ),
        aliases("text", ["Tweet text"], ["Texto del Tweet", "Texto de Tweet"], ["Tweettext", "Tweet-text"]),
        aliases("time", ["time"], ["hora", "fecha y hora"], ["tid"]),
        aliases("impressions", ["impressions"], ["impresiones"], ["visningar", "exponeringar"]),
        aliases("engagements", ["engagements"], ["interacciones"], ["engagemang"]),
        aliases("retweets", ["retweets"], ["Retweets", "retuits"], ["retweets", "retweetar"]),
        aliases("replies", ["replies"], ["respuestas"], ["svar"]),
        aliases(
            "likes",
            ["likes", "favorites"],
            ["Me gusta", "favoritos"],
            ["gilla-markeringar", "gillamarkeringar", "favoriter"],
        ),
        aliases(
            "user_profile_clicks",
            ["user profile clicks"],
            ["clics en el perfil de usuario", "clics en el perfil"],
            ["klick på användarprofil", "klick på användarprofilen"],
        ),
        aliases("url_clicks", ["url clicks"], ["clics en URL", "clics en la URL"], ["URL-klick", "klick på URL"]),
        aliases(
            "hashtag_clicks",
            ["hashtag clicks"],
            ["clics en etiquetas", "clics en hashtags"],
            ["hashtaggklick", "klick på hashtaggar"],
        ),
        aliases(
            "detail_expands",
            ["detail expands"],
            ["ampliaciones de detalles", "ampliaciones del detalle"],
            ["detaljexpanderingar", "detaljvisningar"],
        ),
        aliases(
            "permalink_clicks",
            ["permalink clicks"],
            ["clics en enlaces permanentes", "clics en el enlace permanente"],
            ["permalänkklick", "klick på permalänk"],
        ),
        aliases("app_opens", ["app opens"], ["aperturas de aplicaciones", "aperturas de la aplicación"], ["appöppningar"]),
        aliases(
            "media_views",
            ["media views"],
            ["visualizaciones multimedia", "reproducciones de contenido multimedia"],
            ["mediavisningar"],
        ),
        aliases(
            "promoted_impressions",
            ["promoted impressions"],
            ["impresiones promocionadas"],
            ["marknadsförda visningar", "sponsrade visningar"],
        ),
    ),
    required=("id", "permalink", "time", "impressions"),
)

#: The newer X analytics content export (``account_analytics_content_<from>_<to>.csv``).
X_CONTENT = HeaderFormat(
    "x-account-analytics-content",
    (
        aliases(
            "id",
            ["Post id", "Post ID"],
            ["ID del post", "ID de la publicación", "Id. del post"],
            ["Inläggs-id", "Inläggs-ID", "Post-id"],
        ),
        aliases("date", ["Date"], ["Fecha"], ["Datum"]),
        aliases("text", ["Post text"], ["Texto del post", "Texto de la publicación"], ["Inläggstext", "Posttext"]),
        aliases(
            "link",
            ["Post Link", "Post URL"],
            ["Enlace del post", "Enlace de la publicación"],
            ["Inläggslänk", "Länk till inlägg"],
        ),
        aliases("impressions", ["Impressions"], ["Impresiones"], ["Visningar", "Exponeringar"]),
        aliases("likes", ["Likes"], ["Me gusta"], ["Gilla-markeringar", "Gillamarkeringar"]),
        aliases("engagements", ["Engagements"], ["Interacciones"], ["Engagemang"]),
        aliases("bookmarks", ["Bookmarks"], ["Elementos guardados", "Marcadores"], ["Bokmärken"]),
        aliases("shares", ["Shares"], ["Veces compartido", "Compartidos"], ["Delningar"]),
        aliases("new_follows", ["New follows"], ["Nuevos seguidores"], ["Nya följare"]),
        aliases("replies", ["Replies"], ["Respuestas"], ["Svar"]),
        aliases("reposts", ["Reposts"], ["Reposts", "Republicaciones"], ["Reposts", "Återpubliceringar"]),
        aliases("profile_visits", ["Profile visits"], ["Visitas al perfil"], ["Profilbesök"]),
        aliases(
            "detail_expands",
            ["Detail Expands", "Detail expands"],
            ["Ampliaciones de detalles"],
            ["Detaljexpanderingar"],
        ),
        aliases("url_clicks", ["URL Clicks", "URL clicks"], ["Clics en URL"], ["URL-klick"]),
        aliases("hashtag_clicks", ["Hashtag Clicks", "Hashtag clicks"], ["Clics en etiquetas"], ["Hashtaggklick"]),
        aliases(
            "permalink_clicks",
            ["Permalink Clicks", "Permalink clicks"],
            ["Clics en enlaces permanentes"],
            ["Permalänkklick"],
        ),
    ),
    required=("id", "date", "link", "impressions"),
)

_ACTIVITY_COUNTS = (
    "impressions",
    "engagements",
    "retweets",
    "replies",
    "likes",
    "user_profile_clicks",
    "url_clicks",
    "hashtag_clicks",
    "detail_expands",
    "permalink_clicks",
    "app_opens",
    "media_views",
    "promoted_impressions",
)
_CONTENT_COUNTS = (
    "impressions",
    "likes",
    "engagements",
    "bookmarks",
    "shares",
    "new_follows",
    "replies",
    "reposts",
    "profile_visits",
    "detail_expands",
    "url_clicks",
    "hashtag_clicks",
    "permalink_clicks",
)


def _post_ids(ex: Export, id_field: str, link_field: str) -> pd.Series:
    ids = recover_ids(clean_ids(ex.raw(id_field)), ex.strings(link_field), path=ex.path, column=ex.header(id_field))
    missing = ids.isna()
    if missing.any():
        row = missing[missing].index[0]
        raise InputError(
            "a post id is required here; the cell is empty", path=ex.path, row=row, column=ex.header(id_field)
        )
    bad = ~ids.str.fullmatch(r"\d+").fillna(False).astype(bool)
    if bad.any():
        row = bad[bad].index[0]
        raise InputError(
            f"expected a numeric post id; got {str(ids.loc[row])[:40]!r}",
            path=ex.path,
            row=row,
            column=ex.header(id_field),
        )
    return ids


def _text(ex: Export, name: str) -> pd.Series:
    s = ex.text(name)
    return s.map(html.unescape, na_action="ignore").astype("string")


class XTweetActivity(Loader):
    """X analytics "tweet activity" export (analytics.twitter.com, 40 columns)."""

    name = "x-tweet-activity"
    header_formats = (X_TWEET_ACTIVITY,)
    description = "X/Twitter analytics tweet activity CSV (Tweet id, Tweet permalink, time, impressions, ...)"

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, X_TWEET_ACTIVITY) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, X_TWEET_ACTIVITY, numeric=_ACTIVITY_COUNTS)
        promoted = ex.counts("promoted_impressions")
        paid = (promoted.fillna(0) > 0).astype("boolean") if ex.has("promoted_impressions") else None
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "x"),
            post_id=_post_ids(ex, "id", "permalink"),
            published_at=ex.timestamps("time", tz=ctx.timezone),
            kind="other",
            text=_text(ex, "text"),
            impressions=ex.counts("impressions"),
            views=ex.counts("media_views"),
            reactions=ex.counts("likes"),
            comments=ex.counts("replies"),
            shares=ex.counts("retweets"),
            clicks=ex.sum_counts(
                ("url_clicks", "user_profile_clicks", "hashtag_clicks", "detail_expands", "permalink_clicks")
            ),
            paid=paid,
            url=ex.strings("permalink"),
        )
        notes = ["X analytics exports carry no per-member data: posts only (no segments from this file)"]
        return LoadResult(self.name, {"posts": posts}, ex.notes + notes, dict(ex.skipped))


class XContent(Loader):
    """X analytics content export (``account_analytics_content_*.csv``)."""

    name = "x-account-analytics-content"
    header_formats = (X_CONTENT,)
    description = "X analytics content CSV (Post id, Date, Post text, Post Link, Impressions, ...)"

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, X_CONTENT) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, X_CONTENT, numeric=_CONTENT_COUNTS)
        links = ex.strings("link").fillna("")
        ids = ex.strings("id").fillna("")
        placeholder = links.str.contains(r"/status/undefined/?$", regex=True) | ids.str.lower().eq("undefined")
        ex.skip(placeholder, "a placeholder row (the link ends in status/undefined: no post)")
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "x"),
            post_id=_post_ids(ex, "id", "link"),
            published_at=ex.timestamps("date", tz=ctx.timezone),
            kind="other",
            text=_text(ex, "text"),
            impressions=ex.counts("impressions"),
            reactions=ex.counts("likes"),
            comments=ex.counts("replies"),
            shares=ex.counts("reposts"),
            clicks=ex.sum_counts(
                ("url_clicks", "profile_visits", "hashtag_clicks", "detail_expands", "permalink_clicks")
            ),
            saves=ex.counts("bookmarks"),
            url=ex.strings("link"),
        )
        notes = [
            "X analytics exports carry no per-member data: posts only (no segments from this file)",
            f"this export gives each post's day, not its time: published_at is midnight ({ctx.timezone})",
        ]
        return LoadResult(self.name, {"posts": posts}, ex.notes + notes, dict(ex.skipped))
