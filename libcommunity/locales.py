"""Report languages and Babel locales: an account's language, and the locale of a language and timezone."""

from __future__ import annotations

from babel import Locale
from babel.core import UnknownLocaleError, get_global
from babel.languages import get_territory_language_info

from .constants import LANGUAGES
from .errors import ParameterError

__all__ = ["locale_for", "default_lang", "account_lang"]


#: The locale of a language where the account's territory does not speak it officially.
DEFAULT_LOCALES = {"en": "en_GB", "es": "es_ES", "sv": "sv_SE"}
#: CLDR statuses of a language in a territory that make the territory's conventions its readers' own.
_OFFICIAL = frozenset({"official", "de_facto_official", "official_regional", "official_minority"})


def locale_for(lang: str, timezone: str = "UTC") -> str:
    """Babel locale id for a language and the territory of a timezone (``es`` + Mexico City → ``es_MX``).

    The territory is used only where the language is official there (CLDR's
    territory-language data): the reader of a report is a reader of its
    language, and an English report for a library in Madrid is read by
    someone who reads 4,017 as four thousand and seventeen, so it is
    formatted ``en_GB`` (4,017 and 10.3%), not ``en_ES`` (4.017 and 10,3 %).
    ``es`` in New York is ``es_US`` (Spanish is official there regionally),
    ``sv`` in Helsinki ``sv_FI``.

    Examples
    --------
    >>> locale_for("es", "America/Mexico_City"), locale_for("en", "Europe/Madrid"), locale_for("es", "Europe/Madrid")
    ('es_MX', 'en_GB', 'es_ES')
    """
    if lang not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r} instead")
    territory = get_global("zone_territories").get(timezone)
    status = (get_territory_language_info(territory).get(lang) or {}).get("official_status") if territory else None
    if status in _OFFICIAL:
        candidate = f"{lang}_{territory}"
        try:
            Locale.parse(candidate)
            return candidate
        except (UnknownLocaleError, ValueError):
            pass
    return DEFAULT_LOCALES[lang]


_LANG_BY_TZ_PREFIX = {
    "Europe/Madrid": "es",
    "Atlantic/Canary": "es",
    "America/Mexico_City": "es",
    "America/Bogota": "es",
    "America/Argentina": "es",
    "America/Lima": "es",
    "America/Santiago": "es",
    "Europe/Stockholm": "sv",
}


def default_lang(timezone: str) -> str:
    """Report language guessed from a timezone (``es``, ``sv``, else ``en``)."""
    for prefix, lang in _LANG_BY_TZ_PREFIX.items():
        if timezone.startswith(prefix):
            return lang
    return "en"


def account_lang(info) -> str:
    """The report language of an account: the one given at ingest (``--lang``), else guessed from its timezone."""
    return info.lang or default_lang(info.timezone)
