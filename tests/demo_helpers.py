"""What the demo's test modules share: the simulated tables, a valid account and the month of a timestamp."""

from __future__ import annotations

import pandas as pd

from libcommunity.demo import AccountSpec

#: The canonical tables a simulated account holds.
TABLES = ("posts", "interactions", "members", "audience")

#: A lively Swedish Mastodon account of a year, with a book fair in September.
LIVELY = AccountSpec(
    "test-lively",
    "mastodon",
    "Europe/Stockholm",
    "sv",
    followers=900,
    shape="lively",
    start="2025-06",
    end="2026-05",
    fair_month=9,
    fair_tag="#Bokmässan",
)


def local_time(ts: pd.Series, tz: str) -> pd.Series:
    """``ts`` (UTC) in the time zone ``tz``."""
    return ts.dt.tz_convert(tz)


def month_of(ts: pd.Series, tz: str) -> pd.Series:
    """The ``YYYY-MM`` of ``ts`` in the time zone ``tz``."""
    return local_time(ts, tz).dt.strftime("%Y-%m")


def member_rows(demo) -> pd.DataFrame:
    """The interactions of ``demo`` that members made (not the library)."""
    i = demo.interactions
    return i[~i["by_library"]]
