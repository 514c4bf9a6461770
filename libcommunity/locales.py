"""Report languages and Babel locales: an account's language, and the locale of a language and timezone."""

from __future__ import annotations

from babel import Locale
from babel.core import UnknownLocaleError, get_global

from .constants import LANGUAGES
from .errors import ParameterError

__all__ = ["locale_for", "default_lang", "account_lang"]


def locale_for(lang: str, timezone: str = "UTC") -> str:
    """Babel locale id for a language and the territory of a timezone (``es`` + Mexico City → ``es_MX``)."""
    if lang not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r} instead")
    territory = get_global("zone_territories").get(timezone)
    if territory:
        candidate = f"{lang}_{territory}"
        try:
            Locale.parse(candidate)
            return candidate
        except (UnknownLocaleError, ValueError):
            pass
    return {"en": "en_GB", "es": "es_ES", "sv": "sv_SE"}[lang]


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
