"""Ids mangled by spreadsheets, and times encoded in Mastodon ids and AT Protocol TIDs."""

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders.ids import (
    clean_ids,
    is_mangled_number,
    mastodon_id_time,
    recover_ids,
    tid_time,
)


@pytest.mark.parametrize(
    "text, mangled",
    [
        ("1,11E+18", True),
        ("8.12369747765363E+17", True),
        ("1e18", True),
        ("812369747765362688", False),
        ("12_34", False),
    ],
)
def test_is_mangled_number(text, mangled):
    assert is_mangled_number(text) is mangled


def test_recover_ids_from_permalinks():
    ids = pd.Series(["8.12369747765363E+17", "1,11222E+18", "826144200114663424"], index=[2, 3, 4], dtype="string")
    links = pd.Series(
        [
            "https://twitter.com/rOpenSci/status/812369747765362688",
            "https://twitter.com/x/status/1112223334445556667",
            "https://twitter.com/rOpenSci/status/826144200114663424",
        ],
        index=[2, 3, 4],
    )
    assert recover_ids(ids, links, path="f", column="Tweet id").tolist() == [
        "812369747765362688",
        "1112223334445556667",
        "826144200114663424",
    ]


def test_an_id_that_the_permalink_does_not_hold_is_an_error():
    ids = pd.Series(["1,79123E+16"], index=[5], dtype="string")
    links = pd.Series(["https://www.instagram.com/p/DHx1AbCdEfG/"], index=[5])
    with pytest.raises(InputError, match=r"f.csv, row 5, column 'Post ID': the id '1,79123E\+16' was shortened"):
        recover_ids(ids, links, path="f.csv", column="Post ID")


def test_a_permalink_with_a_different_id_is_not_taken():
    ids = pd.Series(["1,11E+18"], index=[2], dtype="string")
    links = pd.Series(["https://twitter.com/x/status/1234567890123456789"], index=[2])
    with pytest.raises(InputError):
        recover_ids(ids, links, path="f", column="id")


def test_clean_ids_removes_spreadsheet_protection():
    assert clean_ids(pd.Series([" -GhQQTIylYY", "'-abc", "  ", "x"])).tolist()[:2] == ["-GhQQTIylYY", "-abc"]


def test_mastodon_snowflake_time():
    # 2025-10-03T10:00:00Z = 1759485600000 ms; id = ms << 16 | 5
    assert mastodon_id_time(str((1759485600000 << 16) | 5)) == pd.Timestamp("2025-10-03T10:00:00Z")
    assert mastodon_id_time("12345") is None  # an old, sequential id holds no time
    assert mastodon_id_time("abc") is None


def test_tid_time():
    # Encode 2025-10-03T10:00:00.123456Z with clock id 7, by hand: value = micros << 10 | 7 in base32-sortable.
    micros = 1759485600123456
    value, text = (micros << 10) | 7, ""
    for _ in range(13):
        text = "234567abcdefghijklmnopqrstuvwxyz"[value & 31] + text
        value >>= 5
    assert tid_time(text) == pd.Timestamp("2025-10-03T10:00:00.123456Z")
    assert tid_time("self") is None and tid_time("3jzfcijpj2z2a9") is None
