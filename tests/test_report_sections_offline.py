"""report/sections/offline.py: events and surveys and whether those people are online members."""

from __future__ import annotations

import pandas as pd

from libcommunity.report.build import build_report
from libcommunity.report.sections import offline
from tests.report_fixtures import ACCOUNT, MONTH, interactions, ingest_tables, tiny_tables, tiny_report, tiny_store  # noqa: F401


def test_no_offline_data_says_what_to_ingest(tiny_report):  # noqa: F811
    assert "No event attendance or survey answer was recorded this month. Ingest attendance lists" in offline(tiny_report).text


def test_events_and_surveys_with_online_share(tmp_path):
    tables = tiny_tables()
    extra = pd.DataFrame(
        {
            "interaction_id": ["e1", "e2", "e3", "s1"],
            "member_id": ["ana", "ben", "zoe", "ana"],  # zoe came to the event but is not online
            "kind": ["event", "event", "event", "survey"],
            "created_at": pd.to_datetime(["2025-10-18T16:00:00Z"] * 3 + ["2025-10-19T10:00:00Z"], utc=True),
            "post_id": [None, None, None, None],
            "reply_to": [None] * 4,
            "by_library": [False] * 4,
            "text": ["Poetry evening"] * 3 + ["Satisfaction survey"],
        }
    )
    extra.insert(0, "platform", "mastodon")
    extra.insert(0, "account", ACCOUNT)
    tables["interactions"] = pd.concat([interactions(), extra], ignore_index=True)
    store = ingest_tables(tmp_path, tables)
    text = offline(build_report(store, ACCOUNT, MONTH, lang="en")).text
    assert "Events: 1 (3 attendees)" in text
    assert "Attendees also online: 66,7% (2 of 3)" in text
    assert "Surveys: 1 (1 respondent)" in text
    assert "Event or survey | Kind | People | Also online\nPoetry evening | event | 3 | 2 (67%)\nSatisfaction survey | survey | 1 | 1 (100%)" in text
    assert "Poetry evening: 2 also online, 1 offline only" in text
