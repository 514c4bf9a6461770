"""TikTok Studio analytics exports: the per-video content export and the follower history.

Content (TikTok Studio → Analytics → Content → Download, CSV or ``.xlsx``):
one row per video — ``Video title``, ``Video link``, ``Post time``,
``Total likes``, ``Total comments``, ``Total shares``, ``Total views`` and,
in newer exports, ``Total play time``, ``Average watch time``,
``Watched full video``, ``Add to favorites`` (saves), ``Reach``,
``New followers``. Maps to ``posts`` only: the export has no per-member
data.

The video id is the last part of the video link (``.../@user/video/7412345678901234567``);
the link's ``@user`` is the owner (``owner_id``). A TikTok video id carries
its creation time (the id's upper 32 bits are seconds since 1970), which is
used as ``published_at``: ``Post time`` is often a day without a year or a
time (``September 4``); when an id carries no plausible time, ``Post time``
is read in the account's timezone. Counts may be abbreviated in the
interface's style (``1.2K``, ``3,4 M``): such a value is refused rather than
guessed, since ``1.2K`` is anything from 1,150 to 1,249.

Follower history (``Date``, ``Followers``, ``Difference in followers from
previous day``) → ``audience``: the followers of each day. The day's
difference is a net change (follows minus unfollows), so ``follows`` and
``unfollows`` stay unknown.

Column mapping (content): post_id = the link's video id; text = Video title;
published_at = the id's time (else Post time); views = Total views;
reactions = Total likes; comments = Total comments; shares = Total shares;
saves = Add to favorites; reach = Reach; kind ``video``; url = Video link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import HeaderFormat, aliases
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .tabular import read_export, sniff_header
from .textio import TextSample

__all__ = ["TikTokStudio", "TikTokFollowers", "TIKTOK_CONTENT", "TIKTOK_FOLLOWERS", "tiktok_id_time"]

#: TikTok Studio content export (one row per video).
TIKTOK_CONTENT = HeaderFormat(
    "tiktok-studio",
    (
        aliases(
            "title",
            ["Video title", "Title"],
            ["Título del video", "Título del vídeo"],
            ["Videotitel", "Videons titel"],
            pt=["Título do vídeo"],
            fr=["Titre de la vidéo"],
            de=["Videotitel"],
        ),
        aliases(
            "link",
            ["Video link", "Link"],
            ["Enlace del video", "Enlace del vídeo"],
            ["Videolänk", "Länk till video"],
            pt=["Link do vídeo"],
            fr=["Lien de la vidéo"],
            de=["Videolink"],
        ),
        aliases(
            "post_time",
            ["Post time", "Video publish time", "Posted"],
            ["Hora de publicación", "Fecha de publicación"],
            ["Publiceringstid", "Publicerad"],
            pt=["Hora da publicação"],
            fr=["Heure de publication"],
            de=["Veröffentlichungszeit"],
        ),
        aliases(
            "views",
            ["Total views", "Video views", "Views"],
            ["Visualizaciones totales", "Visualizaciones del video", "Visualizaciones"],
            ["Totalt antal visningar", "Visningar"],
            pt=["Total de visualizações"],
            fr=["Total des vues"],
            de=["Aufrufe insgesamt"],
        ),
        aliases(
            "likes",
            ["Total likes", "Likes"],
            ["Me gusta totales", "Me gusta"],
            ["Totalt antal gilla-markeringar", "Gilla-markeringar"],
            pt=["Total de curtidas"],
            fr=["Total des J'aime"],
            de=["„Gefällt mir“-Angaben insgesamt"],
        ),
        aliases(
            "comments",
            ["Total comments", "Comments"],
            ["Comentarios totales", "Comentarios"],
            ["Totalt antal kommentarer", "Kommentarer"],
            pt=["Total de comentários"],
            fr=["Total des commentaires"],
            de=["Kommentare insgesamt"],
        ),
        aliases(
            "shares",
            ["Total shares", "Shares"],
            ["Veces compartido en total", "Veces compartido", "Compartidos"],
            ["Totalt antal delningar", "Delningar"],
            pt=["Total de compartilhamentos"],
            fr=["Total des partages"],
            de=["Geteilte Inhalte insgesamt"],
        ),
        aliases(
            "saves",
            ["Add to favorites", "Total bookmarks", "Favorites"],
            ["Añadidos a favoritos", "Favoritos"],
            ["Lagt till i favoriter", "Favoriter"],
        ),
        aliases("reach", ["Reach"], ["Alcance"], ["Räckvidd"], pt=["Alcance"], fr=["Couverture"], de=["Reichweite"]),
        # Not stored; their decimals tell the file's number format.
        aliases(
            "average_watch_time",
            ["Average watch time"],
            ["Tiempo medio de visualización", "Tiempo promedio de visualización"],
            ["Genomsnittlig visningstid"],
        ),
    ),
    required=("link", "views", "likes"),
)

#: TikTok follower history export.
TIKTOK_FOLLOWERS = HeaderFormat(
    "tiktok-followers",
    (
        aliases("date", ["Date"], ["Fecha"], ["Datum"], pt=["Data"], fr=["Date"], de=["Datum"]),
        aliases("followers", ["Followers"], ["Seguidores"], ["Följare"], pt=["Seguidores"], fr=["Abonnés"], de=["Follower"]),
        aliases(
            "difference",
            ["Difference in followers from previous day", "Difference in Followers from previous day"],
            ["Diferencia de seguidores respecto al día anterior"],
            ["Skillnad i följare från föregående dag"],
        ),
    ),
    required=("date", "followers", "difference"),
)

_VIDEO = re.compile(r"/@([^/?#]+)/(?:video|photo)/(\d{6,25})")
_ABBREVIATED = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*[KkMmBb]\s*$")
_EARLIEST = pd.Timestamp("2016-09-01", tz="UTC")  # TikTok (Douyin) launch


def tiktok_id_time(video_id) -> pd.Timestamp | None:
    """The creation time a TikTok video id carries (its upper 32 bits are seconds since 1970), or None."""
    try:
        n = int(str(video_id))
    except (TypeError, ValueError):
        return None
    if n <= 0 or n >= 2**64:
        return None
    ts = pd.Timestamp(n >> 32, unit="s", tz="UTC")
    return ts if _EARLIEST <= ts <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=1) else None


class TikTokStudio(Loader):
    """TikTok Studio content export (one row per video)."""

    name = "tiktok-studio"
    description = "TikTok Studio content export, CSV or .xlsx (Video title, Video link, Post time, Total views, ...)"
    header_formats = (TIKTOK_CONTENT,)

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, TIKTOK_CONTENT) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, TIKTOK_CONTENT, numeric=("views", "likes", "comments", "shares", "saves", "reach"))
        links = ex.strings("link")
        found = links.str.extract(_VIDEO)
        owner, video = found[0].astype("string"), found[1].astype("string")
        ex.skip(video.isna() & links.isna() & ex.strings("title").isna(), "an empty row (no video link, no title)")
        ex.skip(video.reindex(ex.index).isna(), "no video link with a video id (not a video of the account)")
        links = ex.strings("link")
        found = links.str.extract(_VIDEO)
        owner, video = found[0].astype("string"), found[1].astype("string")
        for name in ("views", "likes", "comments", "shares", "saves", "reach"):
            raw = ex.raw(name)
            if raw is None:
                continue
            short = raw.astype("string").str.match(_ABBREVIATED).fillna(False).astype(bool)
            if short.any():
                row = short[short].index[0]
                raise InputError(
                    f"expected an exact count; got {str(raw.loc[row]).strip()!r}, which the interface rounded "
                    "(download the export from TikTok Studio instead of copying the table)",
                    path=ex.path,
                    row=row,
                    column=ex.header(name),
                )
        id_time = pd.Series([tiktok_id_time(v) for v in video.tolist()], index=ex.index, dtype="object")
        published = pd.to_datetime(id_time, utc=True).astype("datetime64[us, UTC]")
        notes = list(ex.notes) + ["TikTok exports carry no per-member data: posts only (no segments from this file)"]
        if published.isna().any():
            if not ex.has("post_time"):
                row = published[published.isna()].index[0]
                raise InputError(
                    "the video's time cannot be read from its id and the export has no 'Post time' column",
                    path=ex.path,
                    row=row,
                    column=ex.header("link"),
                )
            local = ex.timestamps("post_time", tz=ctx.timezone)
            published = published.fillna(local)
        else:
            notes.append("published_at is the time the video id carries (to the second)")
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "tiktok"),
            post_id=video,
            published_at=published,
            kind="video",
            text=ex.text("title"),
            reach=ex.counts("reach"),
            views=ex.counts("views"),
            reactions=ex.counts("likes"),
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            saves=ex.counts("saves"),
            url=links,
            owner_id=owner.str.lower(),
        )
        return LoadResult(self.name, {"posts": posts}, notes, dict(ex.skipped))


class TikTokFollowers(Loader):
    """TikTok follower history (``Date``, ``Followers``, ``Difference in followers from previous day``)."""

    name = "tiktok-followers"
    description = "TikTok follower history CSV or .xlsx (Date, Followers, Difference in followers from previous day)"
    header_formats = (TIKTOK_FOLLOWERS,)

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, TIKTOK_FOLLOWERS) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, TIKTOK_FOLLOWERS, numeric=("followers",))
        ex.skip(ex.strings("date").isna(), "no date")
        days = ex.timestamps("date", tz="UTC").dt.tz_localize(None).dt.normalize().astype("datetime64[s]")
        audience = build_frame(
            "audience",
            ex.index,
            ctx,
            platform_of(ctx, "tiktok"),
            date=days,
            followers=ex.counts("followers"),
        )
        notes = ex.notes + [
            "the day's difference in followers is net (follows minus unfollows): follows and unfollows stay unknown"
        ]
        return LoadResult(self.name, {"audience": audience}, notes, dict(ex.skipped))
