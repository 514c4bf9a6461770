"""The one formatting module of the report pages: texts in English, Spanish and Swedish, and every number,
percentage, date, time and plural in the reader's language (Babel).

The locale is the report language, with the account's territory (from its
timezone) where that language is official there (:func:`~libcommunity.locales.locale_for`):
``es`` in America/Mexico_City formats as ``es_MX`` (12,345.7), in
Europe/Madrid as ``es_ES`` (12.345,7); ``en`` for a library in Madrid as
``en_GB`` (12,345.7 and 10.3%), never with Spanish separators. Plurals follow
the language's CLDR plural rules (:meth:`Translator.plural`). Counts of
people go through :meth:`Translator.people`, which applies the page's
small-number rule (:class:`~libcommunity.report.smallgroups.SmallGroups`)
and marks them (:mod:`~libcommunity.report.marks`). Sections, charts (tick
labels included), the network overview and the index format through a
:class:`Translator` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.numbers import format_decimal, format_percent

from ..locales import account_lang, default_lang, locale_for  # noqa: F401  (re-exported)
from ..months import Month
from ..schemas import LANGUAGES
from .marks import mark
from .messages import MESSAGES
from .smallgroups import SmallGroups

__all__ = ["LANGUAGES", "Translator", "locale_for", "default_lang", "account_lang"]

class Translator:
    """Texts and formats of one report.

    Parameters
    ----------
    lang : {"en", "es", "sv"}
    timezone : str
        The account's timezone (for the locale's territory and for local times).
    small : SmallGroups, optional
        The page's small-number rule (default: ``min_group`` 5, no reveal).
    """

    def __init__(self, lang: str = "en", timezone: str = "UTC", small: SmallGroups | None = None):
        self.lang = lang
        self.timezone = timezone
        self.locale = locale_for(lang, timezone)
        self._babel = Locale.parse(self.locale)
        self.small = small if small is not None else SmallGroups()

    def __call__(self, key: str, **values) -> str:
        """The text ``key`` in the report language, with ``{placeholders}`` filled."""
        try:
            entry = MESSAGES[key]
        except KeyError:
            raise KeyError(f"no report text {key!r}") from None
        text = entry.get(self.lang) or entry["en"]
        return text.format(**values) if values else text

    def plural_form(self, count) -> str:
        """The CLDR plural category of ``count`` in the report language (``one``, ``many``, ``other`` ...)."""
        if self._missing(count):
            return "other"
        x = float(count)
        return self._babel.plural_form(int(x) if x.is_integer() else x)

    def plural(self, key: str, count, **values) -> str:
        """The text ``key_<form>`` for the plural category of ``count`` (``key_other`` where no such text exists).

        The category comes from the language's CLDR rules through Babel
        (:meth:`plural_form`: English and Swedish say "1 post", "0 posts",
        "2 posts"; Spanish "1 publicación", "0 publicaciones" and uses
        ``many`` for round millions, written with the ``other`` text here).
        ``{n}`` is ``count`` formatted for the locale unless ``values`` gives it.
        """
        form = self.plural_form(count)
        name = f"{key}_{form}" if f"{key}_{form}" in MESSAGES else f"{key}_other"
        values.setdefault("n", self.num(count))
        return self(name, **values)

    # ---------------------------------------------------------------- people
    def people(self, n) -> str:
        """A count of people: the number, or "fewer than K" when the small-number rule withholds it; marked.

        Every count of people a page shows is written by this method (see
        :mod:`~libcommunity.report.marks` and :class:`~libcommunity.report.smallgroups.SmallGroups`).
        """
        if self._missing(n):
            return "–"
        k = self.small.k
        if self.small.hides(n):
            return mark(f"<{k}", self("fewer_than", k=self.num(k)))
        return mark(str(int(round(float(n)))), self.num(n))

    def people_form(self, n):
        """The count whose plural form a count of people takes: ``n``, or K when it is withheld ("fewer than 5")."""
        return self.small.k if self.small.hides(n) else n

    def people_plural(self, key: str, n, **values) -> str:
        """:meth:`plural` of a count of people: ``{n}`` is :meth:`people`; a withheld count takes the form of K."""
        return self.plural(key, self.people_form(n), n=self.people(n), **values)

    def withheld(self) -> str:
        """What stands in for a figure the small-number rule does not show (a share, a change, a part)."""
        return self("not_shown")

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
        return self._babel.days["format"][width][i]

    def time_of_day(self, hour: int) -> str:
        """A full hour as the locale writes a time: ``16:00`` (en_GB, es, sv), ``4:00 PM`` (en_US)."""
        return format_time(dt.time(int(hour), 0), format="short", locale=self.locale)

    def hour_label(self, hour: int) -> str:
        """An hour for a chart axis, in the locale's preferred clock: ``06`` / ``18`` (24 h) or ``6 AM`` (12 h)."""
        twelve = "h" in self._babel.time_formats["short"].pattern
        return format_skeleton("h" if twelve else "HH", dt.time(int(hour), 0), locale=self.locale)

    def month_range(self, first: Month, last: Month) -> str:
        """Two months as a range in the locale (``Aug–Oct 2026``, ``ago–oct 2026``)."""
        from babel.dates import format_interval

        a, b = dt.date(first.year, first.month, 1), dt.date(last.year, last.month, 1)
        return format_interval(a, b, "yMMM", locale=self.locale)

    def window(self, label) -> str:
        """A segmentation window ``YYYY-MM..YYYY-MM`` (as segment summaries give it) as a month range; "–" if none."""
        if not label or not isinstance(label, str) or ".." not in label:
            return "–"
        from ..months import parse_month

        first, last = (parse_month(x) for x in label.split("..", 1))
        return self.month_range(first, last)
