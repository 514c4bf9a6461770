"""The Babel locale of a report language and an account's timezone (number, date and spreadsheet conventions)."""

from __future__ import annotations

from babel import Locale
from babel.core import UnknownLocaleError, get_global

from .constants import LANGUAGES
from .errors import ParameterError

__all__ = ["locale_for"]


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
