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
    assert res.notes == []
    assert res.skipped == {"a registration marked as not attended (not an attendance)": [4]}


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


def test_google_forms_without_a_respondent_column_are_anonymous_responses():
    res = load("surveys_google_forms_anonymous_en.csv")
    got = res.tables["interactions"]
    assert got["member_id"].tolist() == ["", "", "", ""]  # linked to no member
    assert got["kind"].unique().tolist() == ["survey"] and got["platform"].unique().tolist() == ["other"]
    # "2026/06/11 7:04:48 PM GMT+2" keeps its offset.
    assert got["created_at"].tolist() == [
        pd.Timestamp("2026-06-11T17:04:48Z"),
        pd.Timestamp("2026-06-11T17:06:02Z"),
        pd.Timestamp("2026-06-11T17:06:02Z"),
        pd.Timestamp("2026-06-12T07:15:30Z"),
    ]
    assert got["interaction_id"].is_unique  # two responses in the same second stay two
    assert any("no respondent column" in n for n in res.notes)


def test_google_forms_spanish_with_e_mail_addresses_and_a_blank_one():
    got = load("surveys_google_forms_es.csv").tables["interactions"]
    assert got["member_id"].tolist() == ["lucia.m@example.org", "", "pepe.lector@example.org"]  # addresses in lower case
    assert got["platform"].unique().tolist() == ["other"]
    assert got["created_at"].iloc[0] == pd.Timestamp("2026-06-11T17:04:48Z")  # day first, Madrid summer time


def test_microsoft_forms_workbook():
    res = load("surveys_microsoft_forms_en.xlsx")
    got = res.tables["interactions"]
    assert got["member_id"].tolist() == ["", "j.perez@uni.example", "j.perez@uni.example"]  # "anonymous" is no one
    assert got["created_at"].tolist() == [  # Completion time, not Start time
        pd.Timestamp("2026-10-06T15:04:40Z"),
        pd.Timestamp("2026-10-06T15:06:59Z"),
        pd.Timestamp("2026-10-07T07:31:12Z"),
    ]
    assert got["interaction_id"].tolist() == ["survey::1", "survey::2", "survey::3"]
    assert len(set(got["member_id"])) == 2


def test_anonymous_responses_are_stored_without_a_pseudonym_and_respondents_are_pseudonymised(tmp_path):
    store = Store(tmp_path / "st")
    ingest_paths(
        [FORMATS / "surveys_google_forms_es.csv", FORMATS / "surveys_microsoft_forms_en.xlsx"],
        account="lib",
        store=store,
        timezone="Europe/Madrid",
    )
    got = store.read("interactions", "lib").sort_values("created_at")
    ids = got["member_id"].tolist()
    assert ids.count("") == 2
    named = [m for m in ids if m]
    assert len(set(named)) == 3  # lucía, pepe, javier (two spellings of one address are one person)
    assert not any("@" in m for m in named)
    identities = store.sql("SELECT member_id, handle FROM identities", reveal=True)
    assert "" not in set(identities["member_id"]) and not identities["handle"].eq("").any()
    assert not got["interaction_id"].str.contains("example", regex=False).any()  # addresses in ids are pseudonymised too
