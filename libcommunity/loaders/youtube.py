"""YouTube Studio ``Table data.csv`` (Advanced mode, Content dimension), as CSV or as a workbook.

Maps to ``posts`` only: Studio exports carry no per-member data.

Rows that are not videos of the export are skipped and listed in the ingest
summary, never a reason to refuse the file:

* the ``Total`` (``Totalt``) row for the whole channel, under the header and
  sometimes again at the end (its views are given in a note: the total is not
  always the sum of the listed videos);
* the footer ``Showing top 500 results``: Studio exports at most the 500 rows
  its table has loaded, so a note says that videos ranked lower are missing;
* a video with an empty ``Video publish time`` (unlisted, private, scheduled
  or never published): not a post of the period.

Counts are what the exported period shows. For a period shorter than the
video's life, ``Likes`` (and ``Subscribers``) are **net** changes: likes
minus likes taken back, so a video can show ``-1``. A negative count is not a
count of anything: it is stored as unknown (null) and a note gives the rows.

Ids that begin with ``-`` are written with a leading space by the exporter
(formula protection); it is removed. ``Video publish time`` is a day
(``Dec 15, 2023`` / ``15 dic 2023`` / ``15 dec. 2023``): ``published_at`` is
midnight of that day in the account's timezone.

Column mapping: post_id = Content (the video id); text = Video title;
views = Views; reactions = Likes; comments = Comments added; shares = Shares;
impressions = Thumbnail impressions (named Impressions before 2025);
url = the watch page.
"""

from __future__ import annotations

import re
from pathlib import Path

from .aliases import TOTAL_ROW_LABELS, HeaderFormat, aliases, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame, platform_of
from .ids import clean_ids
from .parsing import flags
from .tabular import read_export, sniff_header
from .textio import TextSample

__all__ = ["YouTubeStudio", "YOUTUBE"]

#: YouTube Studio "Advanced mode" export, ``Table data.csv`` with the Content dimension.
YOUTUBE = HeaderFormat(
    "youtube-studio",
    (
        aliases(
            "content",
            ["Content", "Video"],
            ["Contenido", "Vídeo", "Video"],
            ["Innehåll", "Video"],
            pt=["Conteúdo", "Vídeo"],
            fr=["Contenu", "Vidéo"],
            de=["Inhalt", "Video"],
            ca=["Contingut", "Vídeo"],
        ),
        aliases(
            "title",
            ["Video title"],
            ["Título del vídeo", "Título del video"],
            ["Videotitel", "Videons titel"],
            pt=["Título do vídeo"],
            fr=["Titre de la vidéo"],
            de=["Videotitel"],
            ca=["Títol del vídeo"],
        ),
        aliases(
            "publish_time",
            ["Video publish time", "Video publish date"],
            [
                "Hora de publicación del vídeo",
                "Hora de publicación del video",
                "Fecha de publicación del vídeo",
                "Fecha de publicación del video",
            ],
            ["Publiceringstid för video", "Videons publiceringstid", "Publiceringsdatum för video"],
            pt=["Horário de publicação do vídeo", "Data de publicação do vídeo"],
            fr=["Heure de publication de la vidéo", "Date de publication de la vidéo"],
            de=["Veröffentlichungszeit des Videos", "Veröffentlichungsdatum des Videos"],
            ca=["Hora de publicació del vídeo", "Data de publicació del vídeo"],
        ),
        aliases(
            "views",
            ["Views"],
            ["Visualizaciones", "Vistas"],
            ["Visningar"],
            pt=["Visualizações"],
            fr=["Vues"],
            de=["Aufrufe"],
            ca=["Visualitzacions"],
        ),
        aliases(
            "likes",
            ["Likes"],
            ["Me gusta"],
            ["Gilla-markeringar", "Gillamarkeringar"],
            pt=["Marcações \"Gostei\"", "Gostei"],
            fr=["J'aime"],
            de=["Mag ich"],
            ca=["M'agrada"],
        ),
        aliases(
            "comments",
            ["Comments added"],
            ["Comentarios añadidos", "Comentarios agregados"],
            ["Tillagda kommentarer", "Kommentarer som lagts till"],
            pt=["Comentários adicionados"],
            fr=["Commentaires ajoutés"],
            de=["Hinzugefügte Kommentare"],
            ca=["Comentaris afegits"],
        ),
        aliases(
            "shares",
            ["Shares"],
            ["Veces compartido", "Contenido compartido", "Compartidos"],
            ["Delningar"],
            pt=["Compartilhamentos"],
            fr=["Partages"],
            de=["Geteilte Inhalte", "Mal geteilt"],
            ca=["Comparticions"],
        ),
        aliases(
            "impressions",
            ["Thumbnail impressions", "Impressions"],
            ["Impresiones de miniaturas", "Impresiones"],
            ["Exponeringar för miniatyrer", "Exponeringar", "Visningar av miniatyrer"],
            pt=["Impressões de miniaturas", "Impressões"],
            fr=["Impressions des miniatures", "Impressions"],
            de=["Thumbnail-Impressionen", "Impressionen"],
            ca=["Impressions de miniatures", "Impressions"],
        ),
        # Not stored; their decimals tell the file's number format.
        aliases(
            "watch_time",
            ["Watch time (hours)"],
            ["Tiempo de visualización (horas)"],
            ["Visningstid (timmar)"],
            pt=["Tempo de exibição (horas)"],
            fr=["Durée de visionnage (heures)"],
            de=["Wiedergabezeit (Stunden)"],
            ca=["Temps de visualització (hores)"],
        ),
        aliases(
            "ctr",
            ["Thumbnail click-through rate (%)", "Impressions click-through rate (%)"],
            ["Porcentaje de clics de las impresiones (%)", "CTR de las impresiones (%)"],
            ["Klickfrekvens för exponeringar (%)"],
        ),
        aliases(
            "average_percentage",
            ["Average percentage viewed (%)"],
            ["Porcentaje medio visualizado (%)", "Porcentaje promedio visto (%)"],
            ["Genomsnittlig procent som visats (%)", "Genomsnittlig visad andel (%)"],
        ),
    ),
    required=("content", "title", "views"),
)

_NUMERIC = ("views", "likes", "comments", "shares", "impressions", "watch_time", "ctr", "average_percentage")
#: The footer Studio writes under a table cut at its row limit ("Showing top 500 results").
_FOOTER = re.compile(r"^(showing top|mostrando (los )?\d|visar topp|exibindo|affichage des|anzeige der)", re.IGNORECASE)


class YouTubeStudio(Loader):
    """YouTube Studio ``Table data.csv`` with one row per video."""

    name = "youtube-studio"
    description = "YouTube Studio Table data.csv or .xlsx (Content, Video title, Video publish time, Views, ...)"
    header_formats = (YOUTUBE,)

    def sniff(self, sample: TextSample) -> bool:
        return sniff_header(sample, YOUTUBE) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, YOUTUBE, numeric=_NUMERIC)
        result = LoadResult(self.name, notes=list(ex.notes))
        result.notes.append("YouTube Studio exports carry no per-member data: posts only (no segments from this file)")
        content = clean_ids(ex.raw("content"))
        title = ex.strings("title")
        total = flags(content, lambda v: normalize_header(v) in TOTAL_ROW_LABELS) & title.isna()
        if total.any():
            views = ex.counts("views")[total]
            result.notes.append(
                f"the channel total row shows views {', '.join(str(v) for v in views.tolist())} "
                "(not always the sum of the videos listed)"
            )
            ex.skip(total, "the channel total, not a video")
        footer = flags(clean_ids(ex.raw("content")), lambda v: bool(_FOOTER.match(str(v)))) & ex.strings("title").isna()
        if footer.any():
            label = str(ex.raw("content")[footer].iloc[0]).strip()
            result.notes.append(
                f"the export ends with {label!r}: YouTube Studio exported only the rows its table had loaded, so "
                "lower-ranked videos are missing; filter the table (e.g. by publish date) and export each part"
            )
            ex.skip(footer, f"a footer, not a video ({label!r})")
        if not ex.has("publish_time"):
            from ..errors import InputError

            raise InputError(
                "the header lacks 'Video publish time' (or its name in another language); add it to the exported view",
                path=ex.path,
                row=1,
            )
        unpublished = ex.strings("publish_time").isna()
        ex.skip(unpublished, "no publish time (an unlisted, private, scheduled or never published video)")
        content = clean_ids(ex.raw("content"))
        no_id = content.isna()
        ex.skip(no_id, "no video id in the Content column")
        content = clean_ids(ex.raw("content"))
        likes, negative = ex.counts_allowing_negative("likes")
        if negative:
            result.notes.append(
                f"Likes below zero in row(s) {', '.join(map(str, negative[:10]))}: YouTube gives the net change over the "
                "exported period (likes minus likes taken back); stored as unknown"
            )
        urls = "https://www.youtube.com/watch?v=" + content
        posts = build_frame(
            "posts",
            ex.index,
            ctx,
            platform_of(ctx, "youtube"),
            post_id=content,
            published_at=ex.timestamps("publish_time", tz=ctx.timezone),
            kind="video",
            text=ex.text("title"),
            impressions=ex.counts("impressions"),
            views=ex.counts("views"),
            reactions=likes,
            comments=ex.counts("comments"),
            shares=ex.counts("shares"),
            url=urls.astype("string"),
        )
        result.notes.append(f"'Video publish time' gives a day: published_at is midnight ({ctx.timezone})")
        result.tables["posts"] = posts
        result.skipped.update(ex.skipped)
        return result
