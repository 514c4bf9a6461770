"""Offline participation: event attendance and survey responses, in English, Spanish and Swedish."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, load_file
from libcommunity.pseudonym import Pseudonymizer
from libcommunity.store import Store

FORMATS = Path(__file__).parent / "data" / "formats"


def load(name, platform=None, tz="Europe/Madrid"):
    return load_file(FORMATS / name, LoadContext("lib", tz, platform))


def rows(frame, cols):
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame[cols].itertuples(index=False)]


def test_events_english_with_platform_column_and_check_in_times():
    res = load("events_en.csv")
    assert res.format == "offline-events"
    got = rows(res.tables["interactions"], ["platform", "interaction_id", "member_id", "kind", "created_at", "text"])
    assert got == [
        (
            "instagram",
            "event:ev-2025-10-bookclub:ana_reads",
            "@ana_reads",
            "event",
            pd.Timestamp("2025-10-14T15:52Z"),
            "Book club: Nada",
        ),
        (
            "instagram",
            "event:ev-2025-10-bookclub:boblee",
            "@BobLee",
            "event",
            pd.Timestamp("2025-10-14T16:00Z"),
            "Book club: Nada",
        ),
        (
            "instagram",
            "event:ev-2025-10-halloween:ana_reads",
            "@ana_reads",
            "event",
            pd.Timestamp("2025-10-31T16:30Z"),
            "Halloween stories",
        ),
        (
            "mastodon",
            "event:ev-2025-10-halloween:dan@masto.example",
            "dan@masto.example",
            "event",
            pd.Timestamp("2025-10-31T16:30Z"),
            "Halloween stories",
        ),
    ]
    assert list(res.tables["interactions"].index) == [2, 3, 5, 6]
    assert res.notes == ["skipped 1 registration(s) marked as not attended"]


def test_events_spanish_yes_values_platform_names_and_day_first_dates():
    got = rows(load("events_es.csv").tables["interactions"], ["platform", "interaction_id", "created_at", "text"])
    assert got == [
        ("instagram", "event:taller-01:ana_reads", pd.Timestamp("2025-10-14T16:00Z"), "Taller de encuadernación"),
        ("instagram", "event:taller-02:pepe_lector", pd.Timestamp("2025-10-28T16:30Z"), "Club de lectura juvenil"),
    ]


def test_events_swedish_without_platform_column_needs_the_option():
    with pytest.raises(InputError, match=r"events_sv.csv, row 2: which platform are the handles on\?"):
        load("events_sv.csv")
    got = rows(
        load("events_sv.csv", platform="instagram", tz="Europe/Stockholm").tables["interactions"],
        ["interaction_id", "created_at"],
    )
    # Without an event id, the event's name and day make the key.
    assert got == [
        ("event:Sagostund@2025-10-25:lisa_l", pd.Timestamp("2025-10-25T09:00Z")),
        ("event:Författarbesök: Kerstin Ekman@2025-10-29:lisa_l", pd.Timestamp("2025-10-29T17:30Z")),
    ]


def test_platform_column_contradicting_the_option_is_an_error():
    with pytest.raises(InputError, match=r"row 6, column 'Platform': platform must be 'instagram'"):
        load("events_en.csv", platform="instagram")


def test_surveys_in_three_languages_read_no_answers():
    en = load("surveys_en.csv")
    assert en.format == "offline-surveys"
    assert rows(en.tables["interactions"], ["interaction_id", "kind", "created_at", "text"]) == [
        ("survey::ana_reads:2025-10-03T12:05:33Z", "survey", pd.Timestamp("2025-10-03T12:05:33Z"), None),
        ("survey::boblee:2025-10-13T07:41:02Z", "survey", pd.Timestamp("2025-10-13T07:41:02Z"), None),
    ]
    es = load("surveys_es.csv")
    assert rows(es.tables["interactions"], ["interaction_id", "created_at"]) == [
        ("survey:taller-01:ana_reads:2025-10-25T17:02:11Z", pd.Timestamp("2025-10-25T17:02:11Z")),
        ("survey:taller-01:pepe_lector:2025-10-03T07:15:00Z", pd.Timestamp("2025-10-03T07:15:00Z")),  # day-first
    ]
    sv = load("surveys_sv.csv", platform="instagram", tz="Europe/Stockholm")
    assert sv.tables["interactions"]["created_at"].tolist() == [
        pd.Timestamp("2025-10-26T00:30Z"),
        pd.Timestamp("2025-10-27T11:00Z"),
    ]


def test_offline_and_online_participation_meet_under_one_pseudonym(tmp_path):
    online = tmp_path / "online.csv"
    online.write_text(
        "platform,interaction_id,member_id,kind,created_at,post_id\n"
        "instagram,c1,Ana_Reads,comment,2025-10-20T10:00:00+02:00,p1\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "store")
    ingest_paths(
        [FORMATS / "events_en.csv", FORMATS / "surveys_en.csv", online],
        account="lib",
        store=store,
        timezone="Europe/Madrid",
    )
    ana = Pseudonymizer(b"libcommunity-test-key").series(pd.Series(["@ana_reads"]), pd.Series(["instagram"])).iloc[0]
    kinds = store.sql(
        "SELECT kind, count(*) AS n FROM interactions WHERE member_id = ? GROUP BY kind ORDER BY kind", [ana]
    )
    assert dict(zip(kinds["kind"], kinds["n"])) == {"comment": 1, "event": 2, "survey": 1}
