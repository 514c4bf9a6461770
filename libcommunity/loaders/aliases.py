"""Localized header alias tables for every CSV export format.

Platforms translate the headers of their exports into the language of the
user interface, and spreadsheet programs change their case or accents. Each
format declares its fields once, with the header names it is known by in
English, Spanish and Swedish; :func:`match_header` finds the fields of a
header row whatever the language, case, accents or surrounding quotes.

English headers are copied from real exports where one was available (X
"tweet activity", YouTube Studio ``Table data.csv``, legacy Facebook Page
Insights). The Spanish and Swedish names, and the Meta Business Suite
headers, follow each platform's interface wording but were not checked
against a real localized export (none was available); ``docs/sources.md``
says so. Matching is accent- and case-insensitive, so ``Título`` and
``titulo`` are one name.

Examples
--------
>>> m = match_header(["Contenido", "Título del vídeo", "Visualizaciones"], YOUTUBE)
>>> m.columns["views"], m.lang
('Visualizaciones', 'es')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "LANGS",
    "normalize_header",
    "Field",
    "HeaderFormat",
    "HeaderMatch",
    "match_header",
    "X_TWEET_ACTIVITY",
    "X_CONTENT",
    "META_POSTS",
    "FACEBOOK_LEGACY",
    "YOUTUBE",
    "OFFLINE_EVENTS",
    "OFFLINE_SURVEYS",
    "TOTAL_ROW_LABELS",
    "LIFETIME_LABELS",
    "YES_VALUES",
    "NO_VALUES",
    "FORMATS",
]

#: The languages every alias table covers.
LANGS = ("en", "es", "sv")

_QUOTES = "\"'“”„‘’«»`´"


def normalize_header(name) -> str:
    """A header name reduced for matching: no accents, case, quotes, BOM or repeated spaces.

    >>> normalize_header('  "Título  del Vídeo" ')
    'titulo del video'
    """
    text = str(name).replace("\ufeff", "").replace("\u00a0", " ").replace("\u202f", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.strip().strip(_QUOTES).strip().casefold()
    text = text.replace("_", " ")
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Field:
    """One field of an export format and the header names it has per language.

    Parameters
    ----------
    name : str
        The loader's name for the field.
    names : dict of str to tuple of str
        Header names by language (``en``, ``es``, ``sv``).
    """

    name: str
    names: dict

    def normalized(self) -> dict:
        return {lang: {normalize_header(n) for n in ns} for lang, ns in self.names.items()}


@dataclass(frozen=True)
class HeaderFormat:
    """The fields of one export format.

    Parameters
    ----------
    name : str
    fields : tuple of Field
    required : tuple of str
        Fields that must all be present for a header to be this format.
    """

    name: str
    fields: tuple
    required: tuple

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass
class HeaderMatch:
    """The fields found in a header row.

    Attributes
    ----------
    columns : dict of str to str
        Field name -> the header cell as written in the file.
    lang : str
        The language most of the matched headers are written in.
    missing : list of str
        Required fields that were not found.
    """

    columns: dict = field(default_factory=dict)
    lang: str = "en"
    missing: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def get(self, name: str):
        return self.columns.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self.columns


def match_header(header, fmt: HeaderFormat) -> HeaderMatch:
    """Find ``fmt``'s fields in the cells of ``header``.

    The first header cell that matches a field wins; a cell is used for one
    field only. The language reported is the one with the most matches
    (English on a tie).
    """
    cells = [(normalize_header(h), str(h)) for h in header]
    used: set[int] = set()
    votes = {lang: 0 for lang in LANGS}
    out = HeaderMatch()
    for f in fmt.fields:
        names = f.normalized()
        all_names = set().union(*names.values())
        for i, (norm, original) in enumerate(cells):
            if i in used or norm not in all_names:
                continue
            used.add(i)
            out.columns[f.name] = original
            for lang, ns in names.items():
                if norm in ns:
                    votes[lang] += 1
            break
    out.missing = [r for r in fmt.required if r not in out.columns]
    best = max(LANGS, key=lambda lang: (votes[lang], lang == "en"))
    out.lang = best
    return out


def _f(name, en=(), es=(), sv=()):
    return Field(name, {"en": tuple(en), "es": tuple(es), "sv": tuple(sv)})


# --------------------------------------------------------------------------- X / Twitter
#: X analytics "tweet activity" export (analytics.twitter.com, 40 columns).
X_TWEET_ACTIVITY = HeaderFormat(
    "x-tweet-activity",
    (
        _f("id", ["Tweet id"], ["ID del Tweet", "Id. del Tweet", "ID de Tweet"], ["Tweet-id", "Tweet-ID"]),
        _f(
            "permalink",
            ["Tweet permalink"],
            ["Enlace permanente del Tweet", "Enlace permanente de Tweet"],
            ["Permalänk för tweet", "Permalänk till tweet", "Tweet-permalänk"],
        ),
        _f("text", ["Tweet text"], ["Texto del Tweet", "Texto de Tweet"], ["Tweettext", "Tweet-text"]),
        _f("time", ["time"], ["hora", "fecha y hora"], ["tid"]),
        _f("impressions", ["impressions"], ["impresiones"], ["visningar", "exponeringar"]),
        _f("engagements", ["engagements"], ["interacciones"], ["engagemang"]),
        _f("retweets", ["retweets"], ["Retweets", "retuits"], ["retweets", "retweetar"]),
        _f("replies", ["replies"], ["respuestas"], ["svar"]),
        _f(
            "likes",
            ["likes", "favorites"],
            ["Me gusta", "favoritos"],
            ["gilla-markeringar", "gillamarkeringar", "favoriter"],
        ),
        _f(
            "user_profile_clicks",
            ["user profile clicks"],
            ["clics en el perfil de usuario", "clics en el perfil"],
            ["klick på användarprofil", "klick på användarprofilen"],
        ),
        _f("url_clicks", ["url clicks"], ["clics en URL", "clics en la URL"], ["URL-klick", "klick på URL"]),
        _f(
            "hashtag_clicks",
            ["hashtag clicks"],
            ["clics en etiquetas", "clics en hashtags"],
            ["hashtaggklick", "klick på hashtaggar"],
        ),
        _f(
            "detail_expands",
            ["detail expands"],
            ["ampliaciones de detalles", "ampliaciones del detalle"],
            ["detaljexpanderingar", "detaljvisningar"],
        ),
        _f(
            "permalink_clicks",
            ["permalink clicks"],
            ["clics en enlaces permanentes", "clics en el enlace permanente"],
            ["permalänkklick", "klick på permalänk"],
        ),
        _f("app_opens", ["app opens"], ["aperturas de aplicaciones", "aperturas de la aplicación"], ["appöppningar"]),
        _f(
            "media_views",
            ["media views"],
            ["visualizaciones multimedia", "reproducciones de contenido multimedia"],
            ["mediavisningar"],
        ),
        _f(
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
        _f(
            "id",
            ["Post id", "Post ID"],
            ["ID del post", "ID de la publicación", "Id. del post"],
            ["Inläggs-id", "Inläggs-ID", "Post-id"],
        ),
        _f("date", ["Date"], ["Fecha"], ["Datum"]),
        _f("text", ["Post text"], ["Texto del post", "Texto de la publicación"], ["Inläggstext", "Posttext"]),
        _f(
            "link",
            ["Post Link", "Post URL"],
            ["Enlace del post", "Enlace de la publicación"],
            ["Inläggslänk", "Länk till inlägg"],
        ),
        _f("impressions", ["Impressions"], ["Impresiones"], ["Visningar", "Exponeringar"]),
        _f("likes", ["Likes"], ["Me gusta"], ["Gilla-markeringar", "Gillamarkeringar"]),
        _f("engagements", ["Engagements"], ["Interacciones"], ["Engagemang"]),
        _f("bookmarks", ["Bookmarks"], ["Elementos guardados", "Marcadores"], ["Bokmärken"]),
        _f("shares", ["Shares"], ["Veces compartido", "Compartidos"], ["Delningar"]),
        _f("new_follows", ["New follows"], ["Nuevos seguidores"], ["Nya följare"]),
        _f("replies", ["Replies"], ["Respuestas"], ["Svar"]),
        _f("reposts", ["Reposts"], ["Reposts", "Republicaciones"], ["Reposts", "Återpubliceringar"]),
        _f("profile_visits", ["Profile visits"], ["Visitas al perfil"], ["Profilbesök"]),
        _f(
            "detail_expands",
            ["Detail Expands", "Detail expands"],
            ["Ampliaciones de detalles"],
            ["Detaljexpanderingar"],
        ),
        _f("url_clicks", ["URL Clicks", "URL clicks"], ["Clics en URL"], ["URL-klick"]),
        _f("hashtag_clicks", ["Hashtag Clicks", "Hashtag clicks"], ["Clics en etiquetas"], ["Hashtaggklick"]),
        _f(
            "permalink_clicks",
            ["Permalink Clicks", "Permalink clicks"],
            ["Clics en enlaces permanentes"],
            ["Permalänkklick"],
        ),
    ),
    required=("id", "date", "link", "impressions"),
)

# --------------------------------------------------------------------------- Meta
#: Meta Business Suite post exports (Facebook Page posts and Instagram posts; "Lifetime" values).
META_POSTS = HeaderFormat(
    "meta-business-suite",
    (
        _f(
            "post_id",
            ["Post ID"],
            ["Identificador de la publicación", "ID de la publicación"],
            ["Inläggs-id", "Inläggs-ID"],
        ),
        _f("page_id", ["Page ID"], ["Identificador de la página", "ID de la página"], ["Sid-id", "Sid-ID"]),
        _f("page_name", ["Page name"], ["Nombre de la página"], ["Sidnamn", "Sidans namn"]),
        _f("account_id", ["Account ID"], ["Identificador de la cuenta", "ID de la cuenta"], ["Konto-id", "Konto-ID"]),
        _f(
            "account_username",
            ["Account username"],
            ["Nombre de usuario de la cuenta"],
            ["Kontots användarnamn", "Kontoanvändarnamn"],
        ),
        _f("title", ["Title"], ["Título"], ["Titel", "Rubrik"]),
        _f("description", ["Description", "Message"], ["Descripción", "Mensaje"], ["Beskrivning", "Meddelande"]),
        _f(
            "publish_time",
            ["Publish time", "Published time"],
            ["Hora de publicación", "Fecha de publicación"],
            ["Publiceringstid", "Publiceringstidpunkt"],
        ),
        _f("permalink", ["Permalink"], ["Enlace permanente"], ["Permalänk"]),
        _f("post_type", ["Post type"], ["Tipo de publicación"], ["Inläggstyp", "Typ av inlägg"]),
        _f("date", ["Date"], ["Fecha"], ["Datum"]),
        _f("impressions", ["Impressions"], ["Impresiones"], ["Exponeringar", "Visningar (exponeringar)"]),
        _f("views", ["Views", "Plays"], ["Visualizaciones", "Reproducciones"], ["Visningar", "Uppspelningar"]),
        _f("reach", ["Reach"], ["Alcance"], ["Räckvidd"]),
        _f("reactions", ["Reactions"], ["Reacciones"], ["Reaktioner"]),
        _f("likes", ["Likes"], ["Me gusta"], ["Gilla-markeringar", "Gillamarkeringar"]),
        _f("comments", ["Comments"], ["Comentarios"], ["Kommentarer"]),
        _f(
            "shares",
            ["Shares"],
            ["Veces que se compartió", "Veces compartido", "Contenido compartido", "Compartidos"],
            ["Delningar", "Delade inlägg"],
        ),
        _f(
            "total_clicks",
            ["Total clicks"],
            ["Clics totales", "Total de clics"],
            ["Totalt antal klick", "Klick totalt"],
        ),
        _f("link_clicks", ["Link clicks"], ["Clics en el enlace", "Clics en enlaces"], ["Länkklick", "Klick på länk"]),
        _f("saves", ["Saves"], ["Guardados", "Veces guardado", "Elementos guardados"], ["Sparade", "Sparningar"]),
        _f(
            "funded",
            ["Funded content status", "Boost status"],
            ["Estado del contenido financiado"],
            ["Status för finansierat innehåll"],
        ),
    ),
    required=("post_id", "publish_time", "permalink"),
)

#: Legacy Facebook Page Insights "post data" export (metric names in row 1, their descriptions in row 2).
FACEBOOK_LEGACY = HeaderFormat(
    "facebook-insights-legacy",
    (
        _f(
            "post_id",
            ["Post ID"],
            ["Identificador de la publicación", "ID de la publicación"],
            ["Inläggs-id", "Inläggs-ID"],
        ),
        _f("permalink", ["Permalink"], ["Enlace permanente"], ["Permalänk"]),
        _f("message", ["Post Message"], ["Mensaje de la publicación"], ["Inläggsmeddelande", "Meddelande i inlägget"]),
        _f("type", ["Type"], ["Tipo"], ["Typ"]),
        _f("posted", ["Posted"], ["Publicado", "Fecha de publicación"], ["Publicerat", "Publicerad"]),
        _f(
            "total_reach",
            ["Lifetime Post Total Reach"],
            ["Alcance total de la publicación durante su vida útil", "Alcance total de la publicación (total)"],
            ["Inläggets totala räckvidd under livstiden", "Total räckvidd för inlägget (livstid)"],
        ),
        _f(
            "paid_reach",
            ["Lifetime Post Paid Reach"],
            ["Alcance pagado de la publicación durante su vida útil"],
            ["Inläggets betalda räckvidd under livstiden", "Betald räckvidd för inlägget (livstid)"],
        ),
        _f(
            "total_impressions",
            ["Lifetime Post Total Impressions"],
            ["Impresiones totales de la publicación durante su vida útil"],
            ["Inläggets totala visningar under livstiden", "Totala visningar för inlägget (livstid)"],
        ),
        _f(
            "paid_impressions",
            ["Lifetime Post Paid Impressions"],
            ["Impresiones pagadas de la publicación durante su vida útil"],
            ["Inläggets betalda visningar under livstiden", "Betalda visningar för inlägget (livstid)"],
        ),
        _f(
            "consumptions",
            ["Lifetime Post Consumptions"],
            ["Clics en la publicación durante su vida útil", "Consumos de la publicación durante su vida útil"],
            ["Klick på inlägget under livstiden", "Konsumtioner av inlägget (livstid)"],
        ),
        _f(
            "likes",
            ["Lifetime Post Stories by action type - like", "Lifetime Talking About This (Post) by action type - like"],
            ["Historias de la publicación por tipo de acción durante su vida útil - me gusta"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - gilla"],
        ),
        _f(
            "comments",
            [
                "Lifetime Post Stories by action type - comment",
                "Lifetime Talking About This (Post) by action type - comment",
            ],
            ["Historias de la publicación por tipo de acción durante su vida útil - comentario"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - kommentar"],
        ),
        _f(
            "shares",
            [
                "Lifetime Post Stories by action type - share",
                "Lifetime Talking About This (Post) by action type - share",
            ],
            ["Historias de la publicación por tipo de acción durante su vida útil - compartir"],
            ["Inläggsberättelser efter åtgärdstyp under livstiden - dela"],
        ),
        _f(
            "organic_video_views",
            ["Lifetime Organic Video Views"],
            ["Reproducciones orgánicas del vídeo durante su vida útil"],
            ["Organiska videovisningar under livstiden"],
        ),
        _f(
            "paid_video_views",
            ["Lifetime Paid Video Views"],
            ["Reproducciones pagadas del vídeo durante su vida útil"],
            ["Betalda videovisningar under livstiden"],
        ),
    ),
    required=("post_id", "posted", "total_reach"),
)

# --------------------------------------------------------------------------- YouTube
#: YouTube Studio "Advanced mode" export, ``Table data.csv`` with the Content dimension.
YOUTUBE = HeaderFormat(
    "youtube-studio",
    (
        _f("content", ["Content", "Video"], ["Contenido", "Vídeo", "Video"], ["Innehåll", "Video"]),
        _f("title", ["Video title"], ["Título del vídeo", "Título del video"], ["Videotitel", "Videons titel"]),
        _f(
            "publish_time",
            ["Video publish time", "Video publish date"],
            [
                "Hora de publicación del vídeo",
                "Hora de publicación del video",
                "Fecha de publicación del vídeo",
                "Fecha de publicación del video",
            ],
            ["Publiceringstid för video", "Videons publiceringstid", "Publiceringsdatum för video"],
        ),
        _f("views", ["Views"], ["Visualizaciones", "Vistas"], ["Visningar"]),
        _f("likes", ["Likes"], ["Me gusta"], ["Gilla-markeringar", "Gillamarkeringar"]),
        _f(
            "comments",
            ["Comments added"],
            ["Comentarios añadidos", "Comentarios agregados"],
            ["Tillagda kommentarer", "Kommentarer som lagts till"],
        ),
        _f("shares", ["Shares"], ["Veces compartido", "Contenido compartido", "Compartidos"], ["Delningar"]),
        _f("impressions", ["Impressions"], ["Impresiones"], ["Exponeringar", "Visningar av miniatyrer"]),
        # Not stored; their decimals tell the file's number format.
        _f("watch_time", ["Watch time (hours)"], ["Tiempo de visualización (horas)"], ["Visningstid (timmar)"]),
        _f(
            "ctr",
            ["Impressions click-through rate (%)"],
            ["Porcentaje de clics de las impresiones (%)", "CTR de las impresiones (%)"],
            ["Klickfrekvens för exponeringar (%)"],
        ),
        _f(
            "average_percentage",
            ["Average percentage viewed (%)"],
            ["Porcentaje medio visualizado (%)", "Porcentaje promedio visto (%)"],
            ["Genomsnittlig procent som visats (%)", "Genomsnittlig visad andel (%)"],
        ),
    ),
    required=("content", "title", "views"),
)

# --------------------------------------------------------------------------- offline
#: Event attendance lists (defined by libcommunity; see docs/sources.md).
OFFLINE_EVENTS = HeaderFormat(
    "offline-events",
    (
        _f(
            "event_id",
            ["Event ID", "event_id", "Event code"],
            ["ID del evento", "Id evento", "Código del evento"],
            ["Evenemangs-id", "Evenemangs-ID", "Evenemangskod"],
        ),
        _f(
            "event_name",
            ["Event", "Event name", "event_name", "Activity"],
            ["Evento", "Nombre del evento", "Actividad"],
            ["Evenemang", "Evenemangsnamn", "Aktivitet"],
        ),
        _f(
            "event_start",
            ["Date", "Event date", "Start", "Start time", "event_start", "Starts"],
            ["Fecha", "Fecha del evento", "Inicio", "Hora de inicio"],
            ["Datum", "Evenemangsdatum", "Start", "Starttid"],
        ),
        _f(
            "member",
            ["Handle", "Attendee", "Member", "Username", "member", "Attendee handle"],
            ["Usuario", "Asistente", "Participante", "Miembro", "Nombre de usuario"],
            ["Användarnamn", "Deltagare", "Medlem", "Besökare"],
        ),
        _f("platform", ["Platform", "Network"], ["Plataforma", "Red social"], ["Plattform", "Nätverk"]),
        _f(
            "attended",
            ["Attended", "Checked in", "Present", "attended"],
            ["Asistió", "Asistencia", "Presente"],
            ["Närvarade", "Närvaro", "Deltog", "Incheckad"],
        ),
        _f(
            "checked_in_at",
            ["Check-in time", "Checked in at", "checked_in_at"],
            ["Hora de registro", "Hora de entrada"],
            ["Incheckningstid", "Incheckad tid"],
        ),
        _f(
            "post_id",
            ["Post ID", "post_id", "Announcement post"],
            ["ID de la publicación", "Publicación del anuncio"],
            ["Inläggs-id", "Annonseringsinlägg"],
        ),
    ),
    required=("member", "event_start"),
)

#: Survey responses (defined by libcommunity; Google Forms and similar exports fit).
OFFLINE_SURVEYS = HeaderFormat(
    "offline-surveys",
    (
        _f(
            "response_id",
            ["Response ID", "Respondent ID", "response_id"],
            ["ID de respuesta", "Id de la respuesta"],
            ["Svars-id", "Svars-ID"],
        ),
        _f(
            "submitted_at",
            ["Timestamp", "Submitted at", "Submitted", "Date submitted", "submitted_at", "Completed"],
            ["Marca temporal", "Fecha de envío", "Enviado", "Fecha de respuesta"],
            ["Tidstämpel", "Skickat", "Inskickad", "Svarsdatum"],
        ),
        _f(
            "member",
            ["Handle", "Username", "Respondent", "Member", "member", "Your handle", "Email Address", "Email"],
            [
                "Usuario",
                "Nombre de usuario",
                "Encuestado",
                "Participante",
                "Miembro",
                "Dirección de correo electrónico",
                "Correo electrónico",
            ],
            ["Användarnamn", "Respondent", "Deltagare", "Medlem", "E-postadress", "E-post"],
        ),
        _f("platform", ["Platform", "Network"], ["Plataforma", "Red social"], ["Plattform", "Nätverk"]),
        _f("survey", ["Survey", "Survey name", "Form", "survey"], ["Encuesta", "Formulario"], ["Enkät", "Formulär"]),
    ),
    required=("submitted_at", "member"),
)

#: Labels of a spreadsheet's total row (YouTube puts one under the header).
TOTAL_ROW_LABELS = frozenset({"total", "totals", "totalt", "totales", "summa"})
#: The "whole lifetime" value of Meta's ``Date`` column.
LIFETIME_LABELS = frozenset(
    normalize_header(x)
    for x in ("Lifetime", "Total", "De por vida", "Todo el período", "Vida útil", "Livstid", "Hela livstiden", "Totalt")
)
#: Yes/no values in the three languages (normalized).
YES_VALUES = frozenset({"yes", "y", "true", "1", "x", "si", "sí", "s", "ja", "j", "present", "attended", "asistio"})
NO_VALUES = frozenset({"no", "n", "false", "0", "nej", "absent", "no asistio", "ausente", "franvarande"})

#: Every alias table, by format name.
FORMATS = {
    f.name: f
    for f in (X_TWEET_ACTIVITY, X_CONTENT, META_POSTS, FACEBOOK_LEGACY, YOUTUBE, OFFLINE_EVENTS, OFFLINE_SURVEYS)
}
