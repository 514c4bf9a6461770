"""The period a metric covers: an account, its timezone and calendar months in that timezone.

A :class:`Window` is one or more whole calendar months in the account's IANA
timezone; its UTC bounds are half-open, ``start <= t < end``. Every public
metric function gets its window from :meth:`~libcommunity.metrics.scope.Scope.window`,
which validates the month (``ParameterError``), the store and the account
(``UnknownAccountError`` listing the store's accounts) before any data is read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import ParameterError
from ..months import Month

__all__ = ["Window", "check_positive_int", "windows_sql", "span_params"]


@dataclass(frozen=True)
class Window:
    """Whole calendar months of one account, in the account's timezone.

    Parameters
    ----------
    account : str
        Account slug.
    timezone : str
        The account's IANA timezone.
    month : Month
        The last month of the window (the report month).
    months : int
        Number of months in the window, ending with ``month`` (1 = that month only).
    """

    account: str
    timezone: str
    month: Month
    months: int = 1

    @property
    def first(self) -> Month:
        """The first month of the window."""
        return self.month.shift(1 - self.months)

    @property
    def start(self) -> pd.Timestamp:
        """First instant of the window (UTC)."""
        return self.first.start(self.timezone)

    @property
    def end(self) -> pd.Timestamp:
        """First instant after the window (UTC, exclusive)."""
        return self.month.end(self.timezone)

    @property
    def first_day(self) -> pd.Timestamp:
        """The window's first local date (naive midnight)."""
        return self.first.first_day()

    @property
    def last_day(self) -> pd.Timestamp:
        """The window's last local date (naive midnight)."""
        return self.month.shift(1).first_day() - pd.Timedelta(days=1)

    def shift(self, months: int) -> "Window":
        """The same window ``months`` months later (negative: earlier)."""
        return Window(self.account, self.timezone, self.month.shift(months), self.months)

    def params(self) -> dict:
        """Named SQL parameters: ``$start``, ``$end`` (ISO strings, cast in SQL), ``$tz``,
        ``$first_day`` and ``$last_day`` (ISO dates)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "tz": self.timezone,
            "first_day": self.first_day.date().isoformat(),
            "last_day": self.last_day.date().isoformat(),
        }

    def label(self) -> str:
        """``"2025-10"`` or ``"2024-11..2025-10"`` for several months."""
        return str(self.month) if self.months == 1 else f"{self.first}..{self.month}"


def check_positive_int(value, name: str) -> int:
    """Return ``value`` if it is an integer >= 1, else raise ParameterError."""
    if isinstance(value, bool) or not isinstance(value, (int,)) or value < 1:
        raise ParameterError(f"{name} must be an integer >= 1; got {value!r} instead")
    return int(value)


def windows_sql(windows) -> str:
    """A SQL table of ``windows`` (``i``: position in the list; ``win_start``, ``win_end``: UTC bounds;
    ``first_day``, ``last_day``: local dates) for queries that compute a figure of several windows at once.

    Use it as ``FROM {windows_sql(ws)} AS w`` and group by ``w.i``; every value is a typed literal, the same
    values the single-window queries get as parameters (:meth:`Window.params`).
    """
    rows = []
    for i, w in enumerate(windows):
        p = w.params()
        rows.append(f"({i}, '{p['start']}'::TIMESTAMPTZ, '{p['end']}'::TIMESTAMPTZ, '{p['first_day']}'::DATE, "
                    f"'{p['last_day']}'::DATE)")
    return f"(VALUES {', '.join(rows)}) AS w(i, win_start, win_end, first_day, last_day)"


def span_params(windows) -> dict:
    """``$lo`` and ``$hi``: the UTC span all ``windows`` lie in (constant bounds, so Parquet row groups are skipped)."""
    return {"lo": min(w.start for w in windows).isoformat(), "hi": max(w.end for w in windows).isoformat()}
