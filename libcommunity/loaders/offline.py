"""Offline participation: event attendance lists and survey responses, as CSV.

These formats are defined by libcommunity (``docs/sources.md``) so that
online and offline participation meet in one engagement ladder. A row names
its person by the handle they use on a platform (the pseudonym of
``instagram:@ana`` from an attendance list is the same as from Instagram
data, so the member's event shows up beside their likes and comments), or by
e-mail address, library card number or name as written, which real lists
carry: those are identities known offline (platform ``other``), normalised and
pseudonymised like handles, and linked to online members through the store's
links (:mod:`libcommunity.loaders.offline_people`, :mod:`libcommunity.people`).
A row's other identifiers are kept as sightings (pseudonyms only), the
evidence ``libcommunity link --suggest`` proposes links from.

Event attendance — one row per attendee and event. Columns (English,
Spanish or Swedish names; see :data:`~libcommunity.loaders.aliases.OFFLINE_EVENTS`):
``Event ID`` and/or ``Event`` (name), ``Date`` (start, with or without
time; no offset = the account's timezone), ``Handle`` (with ``Platform``,
else ``--platform``) and/or ``E-mail``, ``Library card``, ``Name``,
``Attended`` (rows saying no are registrations and are skipped),
``Check-in time``, ``Post ID`` (the post announcing the event); a row naming
nobody is skipped. → ``interactions`` of kind ``event``.

Survey responses — one row per response; a Google Forms or Microsoft Forms
export fits as it is (CSV or workbook): ``Timestamp`` (Google; times like
``2021/06/11 7:04:48 AM GMT+7`` keep their offset) or ``Completion time``
(Microsoft), optional ``Handle``, e-mail address, ``Name``, card number
(pseudonymised like every handle), ``Platform``, ``Survey``, ``Response ID``; other columns (the
answers) are not read, so no answer text enters the store. →
``interactions`` of kind ``survey``. A response without a respondent (the
form does not collect one, the cell is empty, or it says ``anonymous``) is an
anonymous response: ``member_id`` is empty (:data:`~libcommunity.schemas.ANONYMOUS_MEMBER`),
so it counts in the month's survey figures and belongs to no member.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..people.identifiers import OFFLINE_PLATFORM
from ..pseudonym import normalize_handle
from ..schemas import ANONYMOUS_MEMBER, PLATFORMS
from .aliases import NO_VALUES, YES_VALUES, HeaderFormat, aliases, normalize_header
from .base import LoadContext, Loader, LoadResult
from .frames import build_frame
from .offline_people import IDENTITY_FIELDS, row_identities
from .parsing import flags
from .tabular import Export, read_export, sniff_header
from .textio import TextSample

__all__ = ["EventAttendance", "SurveyResponses", "PLATFORM_NAMES", "OFFLINE_EVENTS", "OFFLINE_SURVEYS"]

#: Event attendance lists (defined by libcommunity; see docs/sources.md).
OFFLINE_EVENTS = HeaderFormat(
    "offline-events",
    (
        aliases(
            "event_id",
            ["Event ID", "event_id", "Event code"],
            ["ID del evento", "Id evento", "Código del evento"],
            ["Evenemangs-id", "Evenemangs-ID", "Evenemangskod"],
        ),
        aliases(
            "event_name",
            ["Event", "Event name", "event_name", "Activity"],
            ["Evento", "Nombre del evento", "Actividad"],
            ["Evenemang", "Evenemangsnamn", "Aktivitet"],
        ),
        aliases(
            "event_start",
            ["Date", "Event date", "Start", "Start time", "event_start", "Starts"],
            ["Fecha", "Fecha del evento", "Inicio", "Hora de inicio"],
            ["Datum", "Evenemangsdatum", "Start", "Starttid"],
        ),
        aliases(
            "member",
            ["Handle", "Attendee", "Member", "Username", "member", "Attendee handle"],
            ["Usuario", "Asistente", "Participante", "Miembro", "Nombre de usuario"],
            ["Användarnamn", "Deltagare", "Medlem", "Besökare"],
        ),
        aliases("platform", ["Platform", "Network"], ["Plataforma", "Red social"], ["Plattform", "Nätverk"]),
        aliases(
            "attended",
            ["Attended", "Checked in", "Present", "attended"],
            ["Asistió", "Asistencia", "Presente"],
            ["Närvarade", "Närvaro", "Deltog", "Incheckad"],
        ),
        aliases(
            "checked_in_at",
            ["Check-in time", "Checked in at", "checked_in_at"],
            ["Hora de registro", "Hora de entrada"],
            ["Incheckningstid", "Incheckad tid"],
        ),
        aliases(
            "post_id",
            ["Post ID", "post_id", "Announcement post"],
            ["ID de la publicación", "Publicación del anuncio"],
            ["Inläggs-id", "Annonseringsinlägg"],
        ),
        *IDENTITY_FIELDS,
    ),
    required=("event_start",),
)

#: Survey responses: a form tool's export (Google Forms, Microsoft Forms) or a list kept by hand.
OFFLINE_SURVEYS = HeaderFormat(
    "offline-surveys",
    (
        aliases(
            "response_id",
            ["Response ID", "Respondent ID", "response_id", "ID"],
            ["ID de respuesta", "Id de la respuesta", "Id"],
            ["Svars-id", "Svars-ID", "ID"],
        ),
        aliases(
            "submitted_at",
            ["Timestamp", "Completion time", "Submitted at", "Submitted", "Date submitted", "submitted_at", "Completed"],
            ["Marca temporal", "Hora de finalización", "Fecha de envío", "Enviado", "Fecha de respuesta"],
            ["Tidstämpel", "Sluttid", "Tid för slutförande", "Skickat", "Inskickad", "Svarsdatum"],
            pt=["Carimbo de data/hora", "Hora de conclusão"],
            fr=["Horodateur", "Heure de fin"],
            de=["Zeitstempel", "Fertigstellungszeit"],
            ca=["Marca de temps"],
        ),
        aliases(
            "member",
            ["Handle", "Username", "Respondent", "Member", "member", "Your handle"],
            ["Usuario", "Nombre de usuario", "Encuestado", "Participante", "Miembro"],
            ["Användarnamn", "Respondent", "Deltagare", "Medlem"],
        ),
        aliases("platform", ["Platform", "Network"], ["Plataforma", "Red social"], ["Plattform", "Nätverk"]),
        aliases("survey", ["Survey", "Survey name", "Form", "survey"], ["Encuesta", "Formulario"], ["Enkät", "Formulär"]),
        *IDENTITY_FIELDS,
    ),
    required=("submitted_at",),
)

#: What a form tool writes in the respondent column of an anonymous response (normalized).
ANONYMOUS_VALUES = frozenset({"anonymous", "anonimo", "anonima", "anonym", "anonyme", "anonimo/a", "-"})


#: How people write platform names in a spreadsheet -> canonical platform.
PLATFORM_NAMES = {
    **{p: p for p in PLATFORMS},
    "twitter": "x",
    "x (twitter)": "x",
    "fb": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "yt": "youtube",
    "bsky": "bluesky",
    "fediverse": "mastodon",
    "otra": "other",
    "otro": "other",
    "annan": "other",
    "annat": "other",
    "offline": "other",
}


def _platforms(ex: Export, ctx: LoadContext) -> pd.Series:
    """Each row's handle platform: the Platform column where filled, else ``--platform`` (NA where neither)."""
    out = pd.Series(ctx.platform, index=ex.index, dtype="string")
    if ex.has("platform"):
        given = ex.strings("platform")
        mapped = given.map(lambda v: PLATFORM_NAMES.get(normalize_header(v)), na_action="ignore")
        bad = given.notna() & mapped.isna()
        if bad.any():
            row = bad[bad].index[0]
            raise InputError(
                f"expected a platform ({', '.join(PLATFORMS)}); got {given.loc[row]!r}",
                path=ex.path,
                row=row,
                column=ex.header("platform"),
            )
        if ctx.platform is not None:
            clash = mapped.notna() & mapped.ne(ctx.platform)
            if clash.fillna(False).any():
                row = clash[clash.fillna(False)].index[0]
                raise InputError(
                    f"platform must be {ctx.platform!r} (given with --platform); got {given.loc[row]!r}",
                    path=ex.path,
                    row=row,
                    column=ex.header("platform"),
                )
        out = mapped.astype("string").fillna(out)
    return out


def _ids_part(who) -> pd.Series:
    """The identifier as interaction ids hold it (a handle normalised as ingest normalises it)."""
    return pd.Series(
        [None if pd.isna(h) else h if p == OFFLINE_PLATFORM else normalize_handle(h, p)
         for h, p in zip(who.handle.tolist(), who.platform.tolist())],
        index=who.handle.index,
        dtype="string",
    )


def _sightings(who, context: str, times: pd.Series) -> pd.DataFrame:
    """The rows' other identifiers, with their context and time (see :mod:`libcommunity.loaders.offline_people`)."""
    seen = who.sightings
    return seen.assign(context=context, seen_at=times.reindex(seen.index)).reset_index(drop=True)


class EventAttendance(Loader):
    """Event attendance list (one row per attendee and event)."""

    name = "offline-events"
    header_formats = (OFFLINE_EVENTS,)
    description = (
        "event attendance CSV (Event ID or Event, Date, Handle [Platform] and/or E-mail, Library card, Name, "
        "[Attended], [Check-in time])"
    )

    def sniff(self, sample: TextSample) -> bool:
        match = sniff_header(sample, OFFLINE_EVENTS)
        return match is not None and ("event_id" in match or "event_name" in match)

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, OFFLINE_EVENTS)
        if not (ex.has("event_id") or ex.has("event_name")):  # possible when the format is forced
            raise InputError(
                "expected an event id or event name column (such as 'Event ID' or 'Event'); the header has neither",
                path=path,
                row=1,
            )
        notes = list(ex.notes)
        if ex.has("attended"):
            said = ex.strings("attended")
            yes = flags(said, lambda v: normalize_header(v) in YES_VALUES)
            no = flags(said, lambda v: normalize_header(v) in NO_VALUES)
            bad = said.notna() & ~yes & ~no
            if bad.any():
                row = bad[bad].index[0]
                raise InputError(
                    f"expected yes/no (sí/no, ja/nej, 1/0, x); got {ex.strings('attended').loc[row]!r}",
                    path=path,
                    row=row,
                    column=ex.header("attended"),
                )
            ex.skip(no, "a registration marked as not attended (not an attendance)")
        if ex.frame.empty:
            return LoadResult(self.name, {}, notes + ["no attendees in this file"], dict(ex.skipped))
        if not any(ex.has(f) for f in ("member", "email", "card", "name")):
            raise InputError(
                "expected a column naming the attendees (such as 'Handle', 'E-mail', 'Library card' or 'Name'); "
                "the header has none",
                path=path,
                row=1,
            )
        who = row_identities(ex, _platforms(ex, ctx))
        notes += who.notes
        ex.skip(who.handle.isna(), "no attendee named (no handle, e-mail address, card number or name)")
        if ex.frame.empty:
            return LoadResult(self.name, {}, notes + ["no attendees in this file"], dict(ex.skipped))
        handles, platforms = who.handle.reindex(ex.index), who.platform.reindex(ex.index)
        normalized = _ids_part(who).reindex(ex.index)
        event_id = ex.strings("event_id")
        event_name = ex.strings("event_name")
        key = event_id.fillna(event_name)
        if key.isna().any():
            row = key[key.isna()].index[0]
            column = ex.header("event_id") if ex.has("event_id") else ex.header("event_name")
            raise InputError(
                "an event id or name is required here; the cell is empty", path=path, row=row, column=column
            )
        start = ex.timestamps("event_start", tz=ctx.timezone)
        created = start
        if ex.has("checked_in_at"):
            created = ex.timestamps("checked_in_at", tz=ctx.timezone, required=False).fillna(start)
        if not ex.has("event_id"):
            # A name is not unique over time: the start day completes the key.
            key = key + "@" + start.dt.strftime("%Y-%m-%d").astype("string")
        ids = "event:" + key + ":" + normalized
        frames = []
        for plat in sorted(platforms.unique()):
            rows = platforms.eq(plat)
            frames.append(
                build_frame(
                    "interactions",
                    ex.index[rows],
                    ctx,
                    plat,
                    interaction_id=ids[rows],
                    member_id=handles[rows],
                    kind="event",
                    created_at=created[rows],
                    post_id=ex.strings("post_id")[rows],
                    by_library=False,
                    text=event_name.fillna(event_id)[rows],
                )
            )
        sightings = _sightings(who, "event", created)
        return LoadResult(self.name, {"interactions": pd.concat(frames).sort_index()}, notes, dict(ex.skipped),
                          sightings=sightings)


class SurveyResponses(Loader):
    """Survey responses (one row per response; answers are not read)."""

    name = "offline-surveys"
    description = (
        "survey responses CSV or workbook: Google Forms, Microsoft Forms or a list "
        "(Timestamp, [Handle], [E-mail], [Name], [Library card], [Platform], [Survey], [Response ID])"
    )
    header_formats = (OFFLINE_SURVEYS,)

    def sniff(self, sample: TextSample) -> bool:
        match = sniff_header(sample, OFFLINE_SURVEYS)
        if match is None:
            return False
        events = sniff_header(sample, OFFLINE_EVENTS)
        return not (events is not None and ("event_id" in events or "event_name" in events))

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        ex = read_export(path, sample, OFFLINE_SURVEYS)
        notes = ex.notes + ["survey answers are not read: only who answered and when (kind 'survey')"]
        ex.skip(ex.strings("submitted_at").isna(), "no submission time (not a submitted response)")
        if ex.frame.empty:
            return LoadResult(self.name, {}, notes + ["no responses in this file"], dict(ex.skipped))
        submitted = ex.timestamps("submitted_at", tz=ctx.timezone)
        if not any(ex.has(f) for f in ("member", "email", "card", "name")):
            notes.append(
                "the export has no respondent column: every response is anonymous (counted in the month's survey "
                "figures, linked to no member)"
            )
        who = row_identities(ex, _platforms(ex, ctx), anonymous_values=ANONYMOUS_VALUES)
        notes += who.notes
        anonymous = who.handle.isna()
        if anonymous.any() and any(ex.has(f) for f in ("member", "email", "card", "name")):
            notes.append(f"{int(anonymous.sum())} anonymous response(s): counted, linked to no member")
        # Anonymous responses belong to no member; they keep the file's platform (else other).
        platforms = who.platform.fillna(_platforms(ex, ctx)).fillna(OFFLINE_PLATFORM)
        handles = who.handle.fillna(ANONYMOUS_MEMBER).astype("string")
        normalized = _ids_part(who).fillna(ANONYMOUS_MEMBER)
        stamp = submitted.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype("string")
        # Anonymous responses of one second are told apart by their order in the file.
        nth = stamp.groupby(stamp).cumcount().astype("string")
        fallback = (normalized + ":" + stamp).where(~anonymous, "anonymous:" + stamp + ":" + nth)
        response = ex.strings("response_id").fillna(fallback) if ex.has("response_id") else fallback
        ids = "survey:" + ex.strings("survey").fillna("") + ":" + response
        frames = []
        for plat in sorted(platforms.unique()):
            rows = platforms.eq(plat)
            frames.append(
                build_frame(
                    "interactions",
                    ex.index[rows],
                    ctx,
                    plat,
                    interaction_id=ids[rows],
                    member_id=handles[rows],
                    kind="survey",
                    created_at=submitted[rows],
                    post_id=None,
                    by_library=False,
                    text=ex.strings("survey")[rows],
                )
            )
        sightings = _sightings(who, "survey", submitted)
        return LoadResult(self.name, {"interactions": pd.concat(frames).sort_index()}, notes, dict(ex.skipped),
                          sightings=sightings)
