"""Who a row of an attendance list or a survey export is: a handle, an e-mail address, a card number, a name.

A row may name its person in several ways (``Handle`` + ``Platform``,
``E-mail``, ``Library card``, ``Name``). The row is filed under the strongest
identifier it gives (a handle, else the e-mail address, else the card
number, else the name: :data:`~libcommunity.people.identifiers.KINDS`); e-mail
addresses, card numbers and names are identities of the platform ``other``,
normalised before ingest pseudonymises them
(:mod:`libcommunity.people.identifiers`). The row's other identifiers are
*sightings*: seen beside the person, never linked by themselves
(``libcommunity link --suggest`` proposes links from them).

A ``Handle`` column whose every value is an e-mail address (a survey's
respondent column) holds e-mail addresses, unless a platform is given.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from ..people.identifiers import identity_of, looks_like_email
from .aliases import aliases, normalize_header
from .parsing import flags
from .tabular import Export

__all__ = ["IDENTITY_FIELDS", "RowIdentities", "row_identities", "SIGHTING_COLUMNS"]

#: Identifier columns of attendance lists and surveys besides the handle (English, Spanish, Swedish names).
IDENTITY_FIELDS = (
    aliases(
        "email",
        ["E-mail", "Email", "Email address", "E-mail address", "Email Address", "Mail", "Your email"],
        ["Correo", "Correo electrónico", "Dirección de correo electrónico", "E-mail", "Email", "Correo-e"],
        ["E-post", "E-postadress", "Mejl", "Mejladress", "E-mail"],
        pt=["Endereço de e-mail"],
        fr=["Adresse e-mail", "Adresse électronique"],
        de=["E-Mail-Adresse", "E-Mail"],
        ca=["Adreça electrònica"],
    ),
    aliases(
        "card",
        ["Library card", "Library card number", "Card number", "Card", "Borrower number", "Patron ID"],
        ["Carné", "Carnet", "Número de carné", "Carné de biblioteca", "Tarjeta de biblioteca", "Número de socio"],
        ["Lånekort", "Lånekortsnummer", "Kortnummer", "Lånekortsnr"],
    ),
    aliases(
        "name",
        ["Name", "Full name", "Attendee name", "Participant name", "Your name", "First and last name"],
        ["Nombre", "Nombre y apellidos", "Nombre completo", "Nombre del asistente", "Tu nombre"],
        ["Namn", "För- och efternamn", "Fullständigt namn", "Deltagarens namn", "Ditt namn"],
    ),
)
#: Columns of :attr:`RowIdentities.sightings` (handles as written; ingest pseudonymises them).
SIGHTING_COLUMNS = ("platform", "member", "seen_platform", "seen", "kind", "context", "seen_at")


@dataclass
class RowIdentities:
    """Who each row is.

    Attributes
    ----------
    handle : Series of str
        The identifier each row is filed under (NA: nobody named).
    platform : Series of str
        Its platform (``other`` for identifiers known offline; NA where a handle's platform is unknown).
    kind : Series of str
        ``handle``, ``email``, ``card`` or ``name``.
    sightings : DataFrame
        The rows' other identifiers (:data:`SIGHTING_COLUMNS`, without ``context`` and ``seen_at``, added by the caller).
    notes : list of str
    """

    handle: pd.Series
    platform: pd.Series
    kind: pd.Series
    sightings: pd.DataFrame
    notes: list


def row_identities(ex: Export, handle_platforms: pd.Series, *, anonymous_values=frozenset()) -> RowIdentities:
    """Resolve each row's identifiers (see the module docstring).

    Parameters
    ----------
    ex : Export
        The file, with the fields ``member`` and optionally ``email``, ``card``, ``name``.
    handle_platforms : Series of str
        The platform of each row's handle (NA where none was given).
    anonymous_values : set of str
        Normalised cell values that name nobody (``anonymous``).

    Raises
    ------
    InputError
        For a row with a handle but no platform (no ``Platform`` column value and no ``--platform``).
    """
    notes = []
    cells = {}
    for field in ("member", "email", "card", "name"):
        values = ex.strings(field)
        if anonymous_values:
            values = values.mask(flags(values, lambda v: normalize_header(v) in anonymous_values))
        cells[field] = values
    named = cells["member"].dropna()
    platforms = handle_platforms.reindex(ex.index)
    blank = pd.Series(pd.NA, index=ex.index, dtype="string")
    if len(named) and platforms.isna().all() and bool(named.map(looks_like_email).all()):
        notes.append("respondents are named by e-mail address: platform 'other' (pseudonymised like every handle)")
        handles, more_emails = blank, cells["member"]
    else:
        handles, more_emails = cells["member"], blank
    columns = [("email", cells["email"]), ("email", more_emails), ("card", cells["card"]), ("name", cells["name"])]
    invalid: dict = {}
    out = {"handle": blank.copy(), "platform": blank.copy(), "kind": blank.copy()}
    seen = []
    for row in ex.index:
        idents = []
        h = handles[row]
        if not pd.isna(h):
            plat = platforms[row]
            if pd.isna(plat):
                raise InputError(
                    "which platform are the handles on? add a 'Platform' column or give --platform "
                    "(e.g. --platform instagram; --platform other for people known only offline)",
                    path=ex.path,
                    row=row,
                )
            idents.append(identity_of("handle", h, plat))
        for kind, values in columns:
            value = values[row]
            if pd.isna(value):
                continue
            ident = identity_of(kind, value)
            if ident is None:
                invalid.setdefault(kind, []).append(int(row))
            else:
                idents.append(ident)
        idents = [i for i in dict.fromkeys(idents) if i is not None]
        if not idents:
            continue
        first = idents[0]
        out["handle"][row], out["platform"][row], out["kind"][row] = first.handle, first.platform, first.kind
        for other in idents[1:]:
            if (other.platform, other.handle) != (first.platform, first.handle):
                seen.append({"_row": row, "platform": first.platform, "member": first.handle,
                             "seen_platform": other.platform, "seen": other.handle, "kind": other.kind})
    for kind, bad in invalid.items():
        what = {"email": "e-mail address", "card": "card number", "name": "name"}[kind]
        notes.append(f"{len(bad)} {what} cell(s) that are not one were left out (row{'' if len(bad) == 1 else 's'} "
                     f"{', '.join(map(str, bad[:10]))}{', ...' if len(bad) > 10 else ''})")
    sightings = pd.DataFrame(seen, columns=["_row", "platform", "member", "seen_platform", "seen", "kind"]).set_index("_row")
    return RowIdentities(out["handle"], out["platform"], out["kind"], sightings, notes)
