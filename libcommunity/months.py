"""Months, timezones and account names: parsing and validation.

A month is always interpreted in the account's own IANA timezone: October
for a library in Madrid starts at 2025-09-30T22:00Z.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pandas as pd

from .errors import ParameterError

__all__ = [
    "Month",
    "parse_month",
    "validate_timezone",
    "validate_account",
    "ACCOUNT_PATTERN",
    "RESERVED_ACCOUNTS",
    "validate_new_account",
    "FIRST_YEAR",
    "LAST_YEAR",
]

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
#: Account slugs: lower-case letters, digits, ``-`` and ``_``; no path separators.
ACCOUNT_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
#: Names the pages of a report month use (``<month>/index.html``, ``<month>/network.html``): no account may take them.
RESERVED_ACCOUNTS = frozenset({"index", "network"})
#: The years a month may fall in: social media data starts after 1990, and timestamps stay far from their limits.
FIRST_YEAR = 1900
LAST_YEAR = 2200


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, e.g. ``Month(2025, 10)``; ``str()`` gives ``"2025-10"``."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __deepcopy__(self, memo) -> "Month":
        """The month itself: it cannot change (and frames' ``attrs`` that hold one are deep-copied often)."""
        return self

    def shift(self, months: int) -> "Month":
        """The month ``months`` later (negative: earlier)."""
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def previous(self) -> "Month":
        return self.shift(-1)

    @property
    def year_before(self) -> "Month":
        return self.shift(-12)

    def start(self, tz: str = "UTC") -> pd.Timestamp:
        """First instant of the month in ``tz``, as a UTC timestamp."""
        return pd.Timestamp(year=self.year, month=self.month, day=1, tz=tz).tz_convert("UTC")

    def end(self, tz: str = "UTC") -> pd.Timestamp:
        """First instant of the next month in ``tz``, as a UTC timestamp (exclusive end)."""
        return self.shift(1).start(tz)

    def bounds(self, tz: str = "UTC") -> tuple[pd.Timestamp, pd.Timestamp]:
        """``(start, end)`` in UTC; the month is ``start <= t < end``."""
        return self.start(tz), self.end(tz)

    def first_day(self) -> pd.Timestamp:
        """The month's first local date (naive, midnight)."""
        return pd.Timestamp(year=self.year, month=self.month, day=1)

    @classmethod
    def of(cls, ts, tz: str = "UTC") -> "Month":
        """The month that contains timestamp ``ts`` in timezone ``tz``."""
        t = pd.Timestamp(ts)
        t = t.tz_localize(tz) if t.tzinfo is None else t.tz_convert(tz)
        return cls(t.year, t.month)


def parse_month(value) -> Month:
    """Parse ``"YYYY-MM"`` into a :class:`Month`.

    Raises
    ------
    ParameterError
        If the value is not a real month, e.g. ``"2026-13"`` or ``"10/2025"``, or
        lies outside :data:`FIRST_YEAR` .. :data:`LAST_YEAR` (``"9999-12"``).
    """
    if isinstance(value, Month):
        return value
    m = _MONTH_RE.match(str(value).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ParameterError(f"month must be YYYY-MM with MM from 01 to 12; got {str(value)[:40]!r} instead")
    if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise ParameterError(
            f"month must be between {FIRST_YEAR}-01 and {LAST_YEAR}-12; got {str(value).strip()!r} instead"
        )
    return Month(int(m.group(1)), int(m.group(2)))


def validate_timezone(value: str) -> str:
    """Return ``value`` if it is an IANA timezone name, else raise ParameterError."""
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        hint = ", ".join(sorted(t for t in available_timezones() if t.startswith("Europe/"))[:3])
        raise ParameterError(
            f"timezone must be an IANA name such as Europe/Madrid ({hint}, ...); got {value!r} instead"
        ) from None
    return str(value)


def validate_account(value: str) -> str:
    """Return ``value`` if it is a valid account slug, else raise ParameterError."""
    if not isinstance(value, str) or not ACCOUNT_PATTERN.fullmatch(value):
        raise ParameterError(
            "account must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter "
            f"or digit; got {value!r} instead"
        )
    return value


def validate_new_account(value: str) -> str:
    """:func:`validate_account`, and not a name the report pages use (:data:`RESERVED_ACCOUNTS`)."""
    validate_account(value)
    if value in RESERVED_ACCOUNTS:
        raise ParameterError(
            f"account must not be named {' or '.join(sorted(RESERVED_ACCOUNTS))} (a report month's pages use those "
            f"file names); got {value!r} instead"
        )
    return value
