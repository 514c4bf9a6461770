"""The file of ``libcommunity link --account A FILE.csv``: identities that belong together, in clear.

One row per identifier, or several identifiers on one row; rows with the same
``person`` value are one person (without a ``person`` column, or where it is
empty, a row is a person of its own). Columns (English, Spanish or Swedish
names; CSV or a workbook):

==============  ==================================================================================
``person``      any label grouping rows (a number, a name): it is not stored
``platform``    the platform of ``handle`` (``instagram``, ``mastodon``, ...; ``ig``, ``twitter`` ...)
``handle``      a handle on that platform, as ingested (``@ana.garcia``, ``ana@mastodon.social``)
``email``       an e-mail address, as attendance lists and surveys give it
``card``        a library card number
``name``        a name as written on an attendance list
==============  ==================================================================================

Everything is normalised and pseudonymised with the store's key as ingest
does (:mod:`libcommunity.people.identifiers`), so the links name the same
pseudonyms the data has; the file itself is not kept. A value that is not
what its column promises (an address without ``@``, a handle without a
platform) stops the command with the row and column, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..loaders.aliases import HeaderFormat, aliases, normalize_header
from ..loaders.offline import PLATFORM_NAMES
from ..loaders.offline_people import IDENTITY_FIELDS
from ..loaders.tabular import read_export
from ..loaders.textio import sniff_text
from ..schemas import PLATFORMS
from .identifiers import Identity, identity_of

__all__ = ["LINK_FILE", "LinkFile", "read_link_file", "COLUMNS"]

#: The link file's columns (libcommunity's own format).
LINK_FILE = HeaderFormat(
    "link-file",
    (
        aliases("person", ["Person", "person", "Person ID", "Group"], ["Persona", "Grupo"], ["Person", "Grupp"]),
        aliases("platform", ["Platform", "Network"], ["Plataforma", "Red social"], ["Plattform", "Nätverk"]),
        aliases("handle", ["Handle", "handle", "Username", "Account"], ["Usuario", "Nombre de usuario", "Cuenta"],
                ["Användarnamn", "Konto"]),
        *(f for f in IDENTITY_FIELDS),
    ),
    required=(),
)
#: The columns in the order ``libcommunity template``-style files write them.
COLUMNS = ("person", "platform", "handle", "email", "card", "name")


@dataclass
class LinkFile:
    """What a link file says.

    Attributes
    ----------
    groups : list of list of Identity
        The people: identities that belong together (two or more each).
    skipped : dict
        Rows that link nothing, by reason -> row numbers.
    """

    groups: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)


def _platform(value, path, row, column) -> str | None:
    if value is None or pd.isna(value):
        return None
    mapped = PLATFORM_NAMES.get(normalize_header(value))
    if mapped is None:
        raise InputError(f"expected a platform ({', '.join(PLATFORMS)}); got {value!r}", path=path, row=row, column=column)
    return mapped


def read_link_file(path) -> LinkFile:
    """Read a link file (see the module docstring).

    Raises
    ------
    InputError
        For a file without identifier columns, a handle without a platform, or
        an e-mail address or card number that is not one.
    """
    path = Path(path)
    ex = read_export(path, sniff_text(path), LINK_FILE)
    if not any(ex.has(f) for f in ("handle", "email", "card", "name")):
        raise InputError("expected identifier columns (handle with platform, email, card or name); the header has none",
                         path=path, row=1)
    cells = {f: ex.strings(f) for f in ("person", "platform", "handle", "email", "card", "name")}
    out = LinkFile()
    by_person: dict = {}
    order = []
    for row in ex.index:
        idents: list[Identity] = []
        handle = cells["handle"][row]
        if not pd.isna(handle):
            platform = _platform(cells["platform"][row], ex.path, row, ex.header("platform") if ex.has("platform") else None)
            if platform is None:
                raise InputError("a handle needs its platform: fill the 'platform' column", path=ex.path, row=row,
                                 column=ex.header("handle"))
            idents.append(identity_of("handle", handle, platform))
        for kind in ("email", "card", "name"):
            value = cells[kind][row]
            if pd.isna(value):
                continue
            ident = identity_of(kind, value)
            if ident is None:
                what = {"email": "an e-mail address such as ana@example.org", "card": "a card number (with digits)",
                        "name": "a name"}[kind]
                raise InputError(f"expected {what}; got {value!r}", path=ex.path, row=row, column=ex.header(kind))
            idents.append(ident)
        if not idents:
            out.skipped.setdefault("an empty row (no identifier)", []).append(int(row))
            continue
        label = cells["person"][row]
        key = ("row", int(row)) if pd.isna(label) else ("person", str(label).strip())
        if key not in by_person:
            by_person[key] = ([], [])
            order.append(key)
        by_person[key][0].extend(idents)
        by_person[key][1].append(int(row))
    for key in order:
        idents, rows = by_person[key]
        unique = list(dict.fromkeys((i.platform, i.handle, i.kind) for i in idents))
        if len(unique) < 2:
            out.skipped.setdefault("names one identity only: nothing to link", []).extend(rows)
            continue
        out.groups.append([Identity(p, h, k) for p, h, k in unique])
    return out
