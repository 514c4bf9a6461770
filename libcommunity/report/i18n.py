"""Report language: texts in English, Spanish and Swedish; numbers and dates for the locale (Babel).

The locale is the report language plus the account's territory, taken from
its timezone (``es`` in America/Mexico_City formats as ``es_MX``: 12,345.7;
in Europe/Madrid as ``es_ES``: 12.345,7).
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal, format_percent

from ..locales import account_lang, default_lang, locale_for  # noqa: F401  (re-exported)
from ..months import Month
from ..schemas import LANGUAGES
from .messages import MESSAGES

__all__ = ["LANGUAGES", "Translator", "locale_for", "default_lang", "account_lang"]

class Translator:
    """Texts and formats of one report.

    Parameters
    ----------
    lang : {"en", "es", "sv"}
    timezone : str
        The account's timezone (for the locale's territory and for local times).
    """

    def __init__(self, lang: str = "en", timezone: str = "UTC"):
        self.lang = lang
        self.timezone = timezone
        self.locale = locale_for(lang, timezone)

    def __call__(self, key: str, **values) -> str:
        """The text ``key`` in the report language, with ``{placeholders}`` filled."""
        try:
            entry = MESSAGES[key]
        except KeyError:
            raise KeyError(f"no report text {key!r}") from None
        text = entry.get(self.lang) or entry["en"]
        return text.format(**values) if values else text

    def plural(self, key: str, count, **values) -> str:
        """The text ``key_one`` when ``count`` is 1, else ``key_other``.

        ``{n}`` is ``count`` formatted for the locale unless ``values`` gives
        it (e.g. "fewer than 5"). English, Spanish and Swedish have the same
        two plural forms for whole numbers.
        """
        form = "one" if count == 1 else "other"
        values.setdefault("n", self.num(count))
        return self(f"{key}_{form}", **values)

    # ---------------------------------------------------------------- formats
    @staticmethod
    def _missing(x) -> bool:
        return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))

    def num(self, x, digits: int = 0) -> str:
        """A number with the locale's separators; "–" when missing."""
        if self._missing(x):
            return "–"
        fmt = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(round(float(x), digits) if digits else round(float(x)), format=fmt, locale=self.locale)

    def pct(self, x, digits: int = 1) -> str:
        """A rate (0.123) as a percentage (12.3 %); "–" when missing."""
        if self._missing(x):
            return "–"
        pattern = Locale.parse(self.locale).percent_formats[None].pattern  # the locale's spacing: "10,3 %" in es and sv
        fmt = pattern.replace("0", "0." + "0" * digits, 1) if digits else pattern
        return format_percent(float(x), format=fmt, locale=self.locale)

    def signed(self, x, digits: int = 0) -> str:
        """A change with its sign (+12, −3)."""
        if self._missing(x):
            return "–"
        s = self.num(abs(x), digits)
        return ("+" if x > 0 else "−" if x < 0 else "±") + s

    def points(self, x, digits: int = 1) -> str:
        """A change of a rate (0.012) in percentage points with its sign (+1.2 pp)."""
        if self._missing(x):
            return "–"
        return self("unit_points", n=self.signed(float(x) * 100, digits))

    def hours(self, h) -> str:
        """A duration in hours, shown as minutes, hours or days as fits."""
        if self._missing(h):
            return "–"
        h = float(h)
        if h < 1:
            return self("unit_minutes", n=self.num(h * 60))
        if h < 48:
            return self("unit_hours", n=self.num(h, 1))
        return self("unit_days", n=self.num(h / 24, 1))

    def month(self, month: Month) -> str:
        """``octubre de 2026``, ``oktober 2026``, ``October 2026``."""
        return format_skeleton("yMMMM", dt.date(month.year, month.month, 1), locale=self.locale)

    def month_short(self, month: Month) -> str:
        """``oct 2026``."""
        return format_skeleton("yMMM", dt.date(month.year, month.month, 1), locale=self.locale)

    def date(self, ts) -> str:
        """A local date (medium format) of a UTC timestamp, in the account's timezone."""
        if self._missing(ts) or ts is pd.NaT:
            return "–"
        t = pd.Timestamp(ts)
        t = t.tz_convert(self.timezone) if t.tzinfo else t
        return format_date(t.date(), format="medium", locale=self.locale)

    def datetime(self, ts) -> str:
        """A local date and time (short format) of a UTC timestamp, in the account's timezone."""
        if self._missing(ts) or ts is pd.NaT:
            return "–"
        t = pd.Timestamp(ts)
        t = t.tz_convert(self.timezone) if t.tzinfo else t.tz_localize(self.timezone)
        return format_datetime(t.to_pydatetime(), format="short", locale=self.locale)

    def weekday(self, i: int, width: str = "abbreviated") -> str:
        """Weekday name, Monday = 0."""
        return Locale.parse(self.locale).days["format"][width][i]
