"""Number formats of exports: decimal comma or point, thousands separators."""

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders.numbers import (
    NumberFormat,
    detect_number_format,
    parse_count_column,
)


@pytest.mark.parametrize(
    "cells, delimiter, lang, decimal",
    [
        (["1938.0", "18.0", "0.009287925696594427"], ",", "en", "."),  # X analytics
        (["1938,0", "0,0092"], ";", "sv", ","),  # the same re-saved by a Swedish Excel
        (["1.520,5"], ",", "en", ","),  # both separators: the last is the decimal one
        (["1,520.5"], ";", "es", "."),
        (["1.234.567"], ",", "en", ","),  # repeated separator = thousands
        (["1,234,567"], ";", "es", "."),
        (["1,520", "2,340"], ",", "en", "."),  # only 3-digit groups: the delimiter decides
        (["1.520", "2.340"], ";", "en", ","),
        (["1.520"], ",", "es", ","),  # ... then the language
        (["12", "7", "-", ""], ",", "en", "."),
    ],
)
def test_detect_number_format(cells, delimiter, lang, decimal):
    assert detect_number_format(cells, delimiter=delimiter, lang=lang).decimal == decimal


def test_majority_of_evidence_wins():
    assert detect_number_format(["5,19", "4,87", "1.5"]).decimal == ","


@pytest.mark.parametrize(
    "fmt, cells, expected",
    [
        (NumberFormat("."), ["1,520", "1938.0", "0", "-", "", " 7 "], [1520, 1938, 0, None, None, 7]),
        (NumberFormat(","), ["1.520", "1938,0", "2\u00a0407", "3\u202f410", "1 000"], [1520, 1938, 2407, 3410, 1000]),
    ],
)
def test_parse_count_column(fmt, cells, expected):
    s = pd.Series(cells, index=range(2, 2 + len(cells)), dtype="string")
    got = parse_count_column(s, fmt, path="f.csv", column="Reach")
    assert got.dtype == "Int64"
    assert [None if pd.isna(v) else int(v) for v in got] == expected
    assert list(got.index) == list(s.index)


@pytest.mark.parametrize(
    "cell, what", [("1,5", "a whole number"), ("-3", "a count of 0 or more"), ("lots", "a whole number")]
)
def test_bad_counts_name_row_column_and_number_format(cell, what):
    s = pd.Series(["1", cell], index=[2, 3], dtype="string")
    with pytest.raises(InputError) as err:
        parse_count_column(s, NumberFormat(",", "decimal comma (e.g. '5,19')"), path="f.csv", column="Reach")
    msg = str(err.value)
    assert msg.startswith("f.csv, row 3, column 'Reach': expected ") and what in msg and "decimal comma" in msg
