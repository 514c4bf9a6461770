"""Timestamps as exports write them: offsets, local times across DST, month names in three languages."""

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders.parsing import (
    infer_dayfirst,
    parse_dates,
    parse_local_timestamps,
    parse_timestamps,
    translate_date_text,
)


def ts(values, **kw):
    s = pd.Series(values, index=range(2, 2 + len(values)), dtype="string")
    return parse_local_timestamps(s, path="f.csv", column="Date", **kw).tolist()


def test_a_date_only_iso_value_is_local_midnight_not_an_offset():
    # "2023-12-15" ends in "-15", which is not a UTC offset.
    s = pd.Series(["2023-12-15", "2016-12-23 18:50 +0000"], index=[2, 3])
    got = parse_timestamps(s, tz="Europe/Madrid", path="f", column="c").tolist()
    assert got == [pd.Timestamp("2023-12-14T23:00Z"), pd.Timestamp("2016-12-23T18:50Z")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mar, 14 jul. 2026", "14 Jul 2026"),
        ("Mar 15, 2023", "Mar 15, 2023"),  # March, not the Spanish Tuesday
        ("Tue, Jul 14, 2026", "Jul 14, 2026"),
        ("15 de diciembre de 2023 10:30", "15 Dec 2023 10:30"),
        ("sön 3 maj 2025", "3 May 2025"),
        ("14 juli 2026 kl. 14.05", "14 Jul 2026 14:05"),
        ("3 ene. 2024", "3 Jan 2024"),
    ],
)
def test_translate_date_text(text, expected):
    assert translate_date_text(text) == expected


def test_month_names_in_three_languages_are_local_midnight():
    madrid_midnight = pd.Timestamp("2023-12-14T23:00Z")
    assert ts(["Dec 15, 2023", "15 dic 2023", "15 dec. 2023"], tz="Europe/Madrid") == [madrid_midnight] * 3


def test_local_times_across_both_dst_changes():
    # Madrid 2025: clocks go 02:00 -> 03:00 on 30 March, 03:00 -> 02:00 on 26 October.
    got = ts(
        ["2025-03-30 01:30", "2025-03-30 02:30", "2025-03-30 03:30", "2025-10-26 02:30", "2025-10-26 03:30"],
        tz="Europe/Madrid",
    )
    assert got == [
        pd.Timestamp("2025-03-30T00:30Z"),  # CET
        pd.Timestamp("2025-03-30T01:00Z"),  # does not exist: moved to the first valid instant, 03:00 CEST
        pd.Timestamp("2025-03-30T01:30Z"),  # CEST
        pd.Timestamp("2025-10-26T00:30Z"),  # happens twice: the first (CEST)
        pd.Timestamp("2025-10-26T02:30Z"),  # CET
    ]


def test_day_order_is_inferred_from_the_column_then_the_language():
    assert infer_dayfirst(["03/27/2026 06:08"]) is False
    assert infer_dayfirst(["27/03/2026 06:08"]) is True
    assert infer_dayfirst(["03/04/2026"], default=True) is True
    assert ts(["03/04/2026 10:00"], tz="UTC", lang="en") == [pd.Timestamp("2026-03-04T10:00Z")]
    assert ts(["03/04/2026 10:00"], tz="UTC", lang="es") == [pd.Timestamp("2026-04-03T10:00Z")]


def test_both_orders_in_one_column_is_an_error():
    with pytest.raises(InputError, match="both day-first .* and month-first"):
        infer_dayfirst(["27/03/2026", "03/27/2026"], path="f", column="Date")


def test_unreadable_value_names_row_and_shows_the_original():
    with pytest.raises(
        InputError, match=r"f.csv, row 3, column 'Date': expected a date or timestamp .* got 'el martes'"
    ):
        ts(["2025-10-01", "el martes"], tz="UTC")


@pytest.mark.parametrize("lang", ["es", "sv", "en"])
def test_year_first_dates_are_never_read_day_first(lang):
    # pandas reads "2026-10-03" as 10 March when told the export writes the day first; a year-first date is
    # year, month, day in every language (a Swedish attendance list with ISO dates lost its months before).
    s = pd.Series(["2026-10-03 18:00", "2026/11/04 09:30:00", "2026.12.05"])
    got = parse_local_timestamps(s, tz="UTC", path="f.csv", column="Datum", lang=lang)
    assert got.dt.strftime("%Y-%m-%d").tolist() == ["2026-10-03", "2026-11-04", "2026-12-05"]
    mixed = parse_local_timestamps(pd.Series(["2026-10-03", "05/11/2026"]), tz="UTC", path="f", column="c", lang="es")
    assert mixed.dt.strftime("%Y-%m-%d").tolist() == ["2026-10-03", "2026-11-05"]  # the other stays day-first
    assert parse_dates(pd.Series(["2026-10-03"]), path="f", column="c", dayfirst=True).dt.month.tolist() == [10]
