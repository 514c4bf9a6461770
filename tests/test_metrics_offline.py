"""Offline events and surveys (offline.py), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import offline_summary
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


def test_offline_summary_of_the_library(shared_store):  # noqa: F811
    t = offline_summary(shared_store, ACCOUNT, MONTH)
    assert t["kind"].tolist() == ["event", "survey"]
    ev = t.iloc[0]
    assert (ev["activity"], ev["title"], ev["interactions"], ev["members"], ev["members_online"]) == (
        "p2",
        "Join the #Lectura club",
        2,
        2,
        1,
    )
    assert ev["online_share"] == pytest.approx(0.5)
    sv = t.iloc[1]
    assert pd.isna(sv["activity"]) and sv["members"] == 1 and sv["online_share"] == 1.0


def test_online_means_follower_or_online_activity_in_the_last_12_months(build_store):
    # Attendees of talk t (October 2025): a follows; b commented in Nov 2024 (inside the 12 months
    # Nov 2024 - Oct 2025); c commented in Oct 2024 (outside); d only attends; b attends twice.
    members = pd.DataFrame(
        {"account": "lib", "platform": "x", "member_id": ["a"], "followed_at": pd.to_datetime(["2025-01-01T00:00Z"], utc=True)}
    )
    rows = [
        ("1", "a", "event", "2025-10-10T18:00Z"),
        ("2", "b", "event", "2025-10-10T18:00Z"),
        ("2b", "b", "event", "2025-10-17T18:00Z"),
        ("3", "c", "event", "2025-10-10T18:00Z"),
        ("4", "d", "event", "2025-10-10T18:00Z"),
        ("5", "b", "comment", "2024-11-01T00:00Z"),
        ("6", "c", "comment", "2024-10-31T23:59Z"),
        ("7", "d", "survey", "2025-10-12T00:00Z"),
    ]
    inter = pd.DataFrame(rows, columns=["interaction_id", "member_id", "kind", "created_at"]).assign(
        account="lib", platform="x", post_id=lambda d: ["t"] * 5 + [None, None, "s"]
    )
    inter["created_at"] = pd.to_datetime(inter["created_at"], utc=True)
    t = offline_summary(build_store({"members": members, "interactions": inter}), "lib", "2025-10").set_index("activity")
    assert t.loc["t", "interactions"] == 5 and t.loc["t", "members"] == 4
    assert t.loc["t", "members_online"] == 2  # a (follows) and b (comment within 12 months)
    assert t.loc["s", "members_online"] == 0  # d is not online


def test_events_without_post_are_told_apart_by_name_across_platforms(build_store):
    # Two talks without an announcing post, named in text (as the attendance-list loader writes them);
    # "Poetry night" has attendees on two platforms: one activity, 3 distinct people (x:ann, instagram:ann, x:bo).
    rows = [
        ("a1", "x", "ann", "Poetry night"),
        ("a2", "instagram", "ann", "Poetry night"),
        ("a3", "x", "bo", "Poetry night"),
        ("b1", "x", "ann", "Book club"),
    ]
    inter = pd.DataFrame(rows, columns=["interaction_id", "platform", "member_id", "text"]).assign(
        account="lib", kind="event", created_at=pd.Timestamp("2025-10-10T18:00Z")
    )
    store = build_store({"interactions": inter})
    t = offline_summary(store, "lib", "2025-10").set_index("activity")
    assert t.index.tolist() == ["Poetry night", "Book club"]
    assert t.loc["Poetry night", "members"] == 3 and t.loc["Poetry night", "title"] == "Poetry night"
    assert t.loc["Book club", "members"] == 1

    from libcommunity.metrics import monthly_summary

    o = monthly_summary(store, "lib", "2025-10")["offline"]
    assert (o["events"], o["event_attendances"], o["event_attendees"]) == (2, 4, 3)


def test_anonymous_survey_responses_count_and_belong_to_no_member(tmp_path):
    from pathlib import Path

    from libcommunity.ingest import ingest_paths
    from libcommunity.metrics.offline import offline_figures
    from libcommunity.metrics.scope import Scope
    from libcommunity.segments.features import member_features
    from libcommunity.store import Store

    formats = Path(__file__).parent / "data" / "formats"
    store = Store(tmp_path / "st")
    ingest_paths([formats / "surveys_google_forms_anonymous_en.csv", formats / "surveys_google_forms_es.csv"],
                 account="lib", store=store, timezone="Europe/Madrid")
    with Scope(store, "lib") as scope:
        fig = offline_figures(scope, scope.window("2026-06"))
    # 4 anonymous Google Forms responses + the Spanish form's 3 (one of them anonymous)
    assert fig["survey_responses"] == 7
    assert fig["anonymous_survey_responses"] == 5
    assert fig["survey_respondents"] == 2  # lucía and pepe; no one stands for the anonymous ones
    features = member_features(store, "lib", "2026-06")
    assert "" not in set(features["member"]) and len(features) == 2
