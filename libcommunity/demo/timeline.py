"""The simulated calendar of one account: local days, months, seasonality and clocks.

Times inside the simulation are ``int64`` seconds since the epoch, in UTC.
Local wall-clock times ("naive local seconds") are converted with the
account's IANA timezone, so daily rhythms and months follow the account's
own clock across daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "DAY",
    "HOUR",
    "MEMBER_HOURS",
    "LIBRARY_HOURS",
    "DemoCalendar",
    "build_calendar",
    "local_to_utc",
    "utc_to_local",
    "sample_clock",
]

DAY = 86_400
HOUR = 3_600

#: Relative activity of members by local hour: low at night, lunch and evening peaks.
MEMBER_HOURS = np.array(
    [
        0.5,
        0.25,
        0.12,
        0.08,
        0.06,
        0.1,
        0.3,
        0.7,
        1.0,
        1.1,
        1.1,
        1.2,
        1.4,
        1.5,
        1.3,
        1.1,
        1.1,
        1.2,
        1.4,
        1.6,
        1.9,
        2.0,
        1.6,
        1.0,
    ]
)
#: Relative posting activity of the library by local hour (opening hours).
LIBRARY_HOURS = np.array(
    [0, 0, 0, 0, 0, 0, 0, 0.05, 0.3, 1.0, 1.5, 1.3, 1.0, 0.8, 0.5, 0.7, 0.8, 1.0, 0.7, 0.4, 0.2, 0.05, 0, 0]
)
#: Relative member activity by weekday, Monday first.
_WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.75, 0.65])


def local_to_utc(local: np.ndarray, tz: str) -> np.ndarray:
    """Convert naive local seconds to UTC seconds.

    A time in the spring daylight-saving gap moves forward; a time repeated
    in autumn is taken as its first occurrence.
    """
    idx = pd.to_datetime(np.asarray(local, dtype="int64"), unit="s")
    aware = idx.tz_localize(tz, ambiguous=np.ones(len(idx), dtype=bool), nonexistent="shift_forward")
    return aware.tz_convert("UTC").as_unit("s").asi8


def utc_to_local(utc: np.ndarray, tz: str) -> np.ndarray:
    """Convert UTC seconds to naive local seconds."""
    idx = pd.to_datetime(np.asarray(utc, dtype="int64"), unit="s", utc=True)
    return idx.tz_convert(tz).tz_localize(None).as_unit("s").asi8


def sample_clock(rng: np.random.Generator, n: int, hours: np.ndarray) -> np.ndarray:
    """Seconds after local midnight for ``n`` events following an hourly profile."""
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    return hour * HOUR + rng.integers(0, HOUR, size=n)


@dataclass(frozen=True)
class DemoCalendar:
    """Local days and months of one account, with their activity factors.

    Attributes
    ----------
    tz : str
        The account's timezone.
    labels : list of str
        The months, ``YYYY-MM``.
    bounds : numpy.ndarray
        UTC seconds of the month boundaries (one more than months).
    days : numpy.ndarray
        Naive local seconds of each day's midnight.
    day_month : numpy.ndarray
        Month index of each day.
    month_num, day_num, weekday : numpy.ndarray
        Calendar month (1-12), day of the month and weekday (Monday = 0) of each day.
    season : numpy.ndarray
        Seasonal multiplier of each day (campaigns, fair, holidays).
    activity : numpy.ndarray
        Member activity of each day: season times weekday rhythm.
    month_activity : numpy.ndarray
        Mean ``activity`` of each month, normalised to a mean of 1.
    """

    tz: str
    labels: list
    bounds: np.ndarray
    days: np.ndarray
    day_month: np.ndarray
    month_num: np.ndarray
    day_num: np.ndarray
    weekday: np.ndarray
    season: np.ndarray
    activity: np.ndarray
    month_activity: np.ndarray

    @property
    def start(self) -> int:
        """UTC seconds of the first instant simulated."""
        return int(self.bounds[0])

    @property
    def end(self) -> int:
        """UTC seconds just after the last instant simulated."""
        return int(self.bounds[-1])

    def month_of(self, utc: np.ndarray) -> np.ndarray:
        """Local month index of UTC times (-1 before the range, len(labels) after it)."""
        return np.searchsorted(self.bounds, utc, side="right") - 1

    def sample_days(
        self, rng: np.random.Generator, months: np.ndarray, weights: np.ndarray | None = None
    ) -> np.ndarray:
        """A day index inside each of ``months``, drawn in proportion to ``weights`` (default: activity)."""
        months = np.asarray(months, dtype=np.int64)
        cum = np.concatenate([[0.0], np.cumsum(self.activity if weights is None else weights)])
        first = np.searchsorted(self.day_month, months, side="left")
        last = np.searchsorted(self.day_month, months, side="right")
        u = cum[first] + rng.random(len(months)) * (cum[last] - cum[first])
        return np.clip(np.searchsorted(cum, u, side="right") - 1, first, last - 1)

    def local_times(self, rng: np.random.Generator, days: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """UTC seconds of one moment on each of the local ``days``, following the hourly profile ``hours``."""
        return local_to_utc(self.days[days] + sample_clock(rng, len(days), hours), self.tz)


def _season(spec, month_num: np.ndarray, day_num: np.ndarray) -> np.ndarray:
    """Seasonal activity multiplier of each local day."""
    season = np.ones(len(month_num))
    season[month_num == 7] *= spec.summer_boost
    season[month_num == spec.fair_month] *= 1.35
    if spec.quiet_august:
        season[month_num == 8] *= 0.6
    season[(month_num == 12) & (day_num >= 20)] *= 0.6
    season[(month_num == 1) & (day_num <= 6)] *= 0.7
    return season


def build_calendar(spec) -> DemoCalendar:
    """The :class:`DemoCalendar` of an :class:`~libcommunity.demo.accounts.AccountSpec`."""
    months = spec.months
    bounds = np.array(
        [int(m.start(spec.timezone).timestamp()) for m in months] + [int(months[-1].end(spec.timezone).timestamp())]
    )
    first = np.datetime64(str(months[0]), "D")
    last = np.datetime64(str(months[-1].shift(1)), "D")
    dates = np.arange(first, last, dtype="datetime64[D]")
    days = dates.astype("datetime64[s]").astype("int64")
    month_num = dates.astype("datetime64[M]").astype(int) % 12 + 1
    day_num = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    day_month = (dates.astype("datetime64[M]") - first.astype("datetime64[M]")).astype(int)
    weekday = (dates.astype("int64") + 3) % 7
    season = _season(spec, month_num, day_num)
    activity = season * _WEEKDAY[weekday]
    month_activity = np.bincount(day_month, weights=activity) / np.bincount(day_month)
    return DemoCalendar(
        tz=spec.timezone,
        labels=[str(m) for m in months],
        bounds=bounds,
        days=days,
        day_month=day_month,
        month_num=month_num,
        day_num=day_num,
        weekday=weekday,
        season=season,
        activity=activity,
        month_activity=month_activity / month_activity.mean(),
    )
