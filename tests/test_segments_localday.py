"""The local day of an instant without a time-zone lookup per row (libcommunity.segments.localday)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from libcommunity.segments.localday import local_day_sql, utc_offsets

#: Zones with summer time, half- and quarter-hour offsets, a half-hour summer shift (Lord Howe), summer time
#: abolished (São Paulo, 2019), a skipped day (Apia, 2011-12-30) and several changes a year (Casablanca).
ZONES = ["UTC", "Europe/Madrid", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/Sao_Paulo", "Pacific/Apia", "Africa/Casablanca", "America/Mexico_City"]
START, END = pd.Timestamp("2008-01-01", tz="UTC"), pd.Timestamp("2027-01-01", tz="UTC")


def _us(t: pd.Timestamp) -> int:
    return int(t.value // 1000)


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute("SET TimeZone = 'UTC'")
    yield c
    c.close()


def _instants(con, tz: str) -> np.ndarray:
    """Microseconds: around every change of offset (to the microsecond), and random instants in and out of the span."""
    changes = np.array([at for at, _ in utc_offsets(con, tz, _US_START, _US_END)[1:]], dtype=np.int64)
    near = (changes[:, None] + np.array([-3_600_000_000, -1_000_000, -1, 0, 1, 1_000_000, 3_600_000_000])).ravel()
    rng = np.random.default_rng(abs(hash(tz)) % 2**32)
    spread = rng.integers(_us(pd.Timestamp("2000-01-01", tz="UTC")), _us(pd.Timestamp("2035-01-01", tz="UTC")), 20_000)
    edges = np.array([_US_START - 1, _US_START, _US_END - 1, _US_END])
    return np.concatenate([near, spread, edges])


_US_START, _US_END = _us(START), _us(END)


@pytest.mark.parametrize("tz", ZONES)
def test_the_local_day_is_the_one_timezone_gives(con, tz):
    at = pd.DataFrame({"u": _instants(con, tz)})
    con.register("instants", at)
    try:
        day = local_day_sql(con, "t", tz, _US_START, _US_END)
        rows = con.execute(
            f"SELECT u, CAST(timezone($tz, t) AS DATE) AS exact, {day} AS fast "
            "FROM (SELECT u, make_timestamp(u)::TIMESTAMPTZ AS t FROM instants)",
            {"tz": tz},
        ).df()
    finally:
        con.unregister("instants")
    wrong = rows[rows["exact"] != rows["fast"]]
    assert wrong.empty, wrong.head()
    assert len(rows) > 20_000


def test_the_offsets_are_found_to_the_second(con):
    # Madrid: summer time from 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC (+02:00), else +01:00.
    start, end = _us(pd.Timestamp("2024-01-01", tz="UTC")), _us(pd.Timestamp("2025-01-01", tz="UTC"))
    assert utc_offsets(con, "Europe/Madrid", start, end) == [
        (start, 3_600_000_000),
        (_us(pd.Timestamp("2024-03-31 01:00", tz="UTC")), 7_200_000_000),
        (_us(pd.Timestamp("2024-10-27 01:00", tz="UTC")), 3_600_000_000),
    ]
    # Lord Howe: +10:30, and +11:00 in summer (a half-hour shift), from 2024-10-06 02:00 local standard time.
    at = utc_offsets(con, "Australia/Lord_Howe", _us(pd.Timestamp("2024-09-01", tz="UTC")), _us(pd.Timestamp("2024-11-01", tz="UTC")))
    assert at[1] == (_us(pd.Timestamp("2024-10-05 15:30", tz="UTC")), 39_600_000_000)


def test_an_empty_span_keeps_the_lookup(con):
    assert local_day_sql(con, "t", "Europe/Madrid", 5, 5) == "CAST(timezone($tz, t) AS DATE)"
