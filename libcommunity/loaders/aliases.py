"""Localized header alias tables for every CSV export format.

Platforms translate the headers of their exports into the language of the
user interface, and spreadsheet programs change their case or accents. Each
format declares its fields once, with the header names it is known by in
English, Spanish and Swedish; :func:`match_header` finds the fields of a
header row whatever the language, case, accents or surrounding quotes.

Each loader module declares its own alias table (``META_POSTS`` in
:mod:`~libcommunity.loaders.meta`, ``YOUTUBE`` in
:mod:`~libcommunity.loaders.youtube`, ...); this module holds what they
share. Where each name comes from (a real export, or the platform's interface
wording) is written in ``docs/sources.md``. Matching is accent- and
case-insensitive, so ``Título`` and ``titulo`` are one name.

Examples
--------
>>> from libcommunity.loaders.youtube import YOUTUBE
>>> m = match_header(["Contenido", "Título del vídeo", "Visualizaciones"], YOUTUBE)
>>> m.columns["views"], m.lang
('Visualizaciones', 'es')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "LANGS",
    "normalize_header",
    "Field",
    "HeaderFormat",
    "HeaderMatch",
    "match_header",
    "TOTAL_ROW_LABELS",
    "LIFETIME_LABELS",
    "YES_VALUES",
    "NO_VALUES",
    "REQUIRED_LANGS",
    "aliases",
]

#: The languages alias tables may name headers in (English first: it wins ties).
LANGS = ("en", "es", "sv", "pt", "fr", "de", "ca")
#: The languages every field of every alias table must have a name in.
REQUIRED_LANGS = ("en", "es", "sv")

_QUOTES = "\"'“”„‘’«»`´"


def normalize_header(name) -> str:
    """A header name reduced for matching: no accents, case, quotes, BOM or repeated spaces.

    >>> normalize_header('  "Título  del Vídeo" ')
    'titulo del video'
    """
    return _normalize_text(str(name))


@lru_cache(maxsize=8192)
def _normalize_text(text: str) -> str:
    """:func:`normalize_header` of a string (remembered: detection sniffs every format's header against the same
    few header cells, so each cell and each alias is normalised once per process)."""
    text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\u202f", " ")
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
        Header names by language (``en``, ``es``, ``sv`` always; ``pt``, ``fr``, ``de``, ``ca`` where known).
    """

    name: str
    names: dict

    def normalized(self) -> dict:
        """``{lang: frozenset of normalised header names}`` (computed once per field)."""
        cached = self.__dict__.get("_normalized")
        if cached is None:
            cached = {lang: frozenset(normalize_header(n) for n in ns) for lang, ns in self.names.items()}
            object.__setattr__(self, "_normalized", cached)
            object.__setattr__(self, "_all_normalized", frozenset().union(*cached.values()))
        return cached

    def all_normalized(self) -> frozenset:
        """Every normalised header name of the field, whatever the language."""
        self.normalized()
        return self.__dict__["_all_normalized"]


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
        all_names = f.all_normalized()
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
    best = max(LANGS, key=lambda lang: (votes[lang], lang == "en", -LANGS.index(lang)))
    out.lang = best
    return out


def aliases(name, en=(), es=(), sv=(), **others) -> Field:
    """A :class:`Field` from its header names per language (``pt=``, ``fr=``, ``de=``, ``ca=`` optional)."""
    unknown = set(others) - set(LANGS)
    if unknown:  # pragma: no cover - a typo in an alias table
        raise KeyError(f"unknown language(s) {sorted(unknown)}")
    names = {"en": tuple(en), "es": tuple(es), "sv": tuple(sv)}
    names.update({lang: tuple(v) for lang, v in others.items() if v})
    return Field(name, names)


#: Labels of a spreadsheet's total row (YouTube puts one under the header).
TOTAL_ROW_LABELS = frozenset({"total", "totals", "totalt", "totales", "summa"})
#: The "whole lifetime" value of Meta's ``Date`` column.
LIFETIME_LABELS = frozenset(
    normalize_header(x)
    for x in ("Lifetime", "Total", "De por vida", "Todo el período", "Vida útil", "Livstid", "Hela livstiden", "Totalt")
)
#: Yes/no values (normalized).
YES_VALUES = frozenset({"yes", "y", "true", "1", "x", "si", "sí", "s", "ja", "j", "present", "attended", "asistio"})
NO_VALUES = frozenset({"no", "n", "false", "0", "nej", "absent", "no asistio", "ausente", "franvarande"})

