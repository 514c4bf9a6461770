import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.months import Month, parse_month, validate_account, validate_timezone


def test_month_in_madrid_starts_the_evening_before_in_utc():
    start, end = parse_month("2025-10").bounds("Europe/Madrid")
    assert start == pd.Timestamp("2025-09-30T22:00Z")
    # October ends after the DST change: CET is UTC+1
    assert end == pd.Timestamp("2025-10-31T23:00Z")


def test_month_in_mexico_city():
    start, _ = parse_month("2025-10").bounds("America/Mexico_City")
    assert start == pd.Timestamp("2025-10-01T06:00Z")


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-1", "10/2025", "", "abcd-ef", "2026-10-01"])
def test_bad_months_are_rejected(bad):
    with pytest.raises(ParameterError, match="YYYY-MM"):
        parse_month(bad)


def test_shift_and_neighbours():
    m = Month(2025, 1)
    assert str(m.previous) == "2024-12"
    assert str(m.year_before) == "2024-01"
    assert str(m.shift(13)) == "2026-02"
    assert Month.of(pd.Timestamp("2025-09-30T22:30Z"), "Europe/Madrid") == Month(2025, 10)


@pytest.mark.parametrize("bad", ["../x", "Lib", "a/b", "", "-lib", "x" * 65, "lib name"])
def test_bad_accounts_are_rejected(bad):
    with pytest.raises(ParameterError, match="account must be"):
        validate_account(bad)


def test_timezone_validation():
    assert validate_timezone("Europe/Stockholm") == "Europe/Stockholm"
    with pytest.raises(ParameterError, match="IANA"):
        validate_timezone("Mars/Olympus")
