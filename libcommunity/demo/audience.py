"""Daily account-level audience figures derived from the simulated followers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .members import NEVER, Population
from .timeline import DAY, DemoCalendar, local_to_utc

__all__ = ["DailyAudience", "daily_audience"]


@dataclass(frozen=True)
class DailyAudience:
    """Per local day: followers at the end of the day, follows and unfollows during it."""

    followers: np.ndarray
    follows: np.ndarray
    unfollows: np.ndarray


def daily_audience(cal: DemoCalendar, pop: Population) -> DailyAudience:
    """Count followers, follows and unfollows per local day of ``cal``, exactly as the members say."""
    day_start = local_to_utc(cal.days, cal.tz)
    day_end = local_to_utc(cal.days + DAY, cal.tz)
    followed = np.sort(pop.followed_at[pop.followed_at != NEVER])
    unfollowed = np.sort(pop.unfollowed_at[pop.unfollowed_at != NEVER])

    def between(times, lo, hi):
        return np.searchsorted(times, hi, side="left") - np.searchsorted(times, lo, side="left")

    followers = np.searchsorted(followed, day_end, side="left") - np.searchsorted(unfollowed, day_end, side="left")
    return DailyAudience(
        followers=followers,
        follows=between(followed, day_start, day_end),
        unfollows=between(unfollowed, day_start, day_end),
    )
