"""report/sections/offline.py: events and surveys and whether those people are online members."""

from __future__ import annotations

import pandas as pd

from libcommunity.report.build import build_report
from libcommunity.report.sections import offline
from tests.report_fixtures import ACCOUNT, MONTH, interactions, ingest_tables, tiny_tables


def test_no_offline_data_says_what_to_ingest(tiny_report):
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
    # min_group 1: every count shown, as --reveal would.
    text = offline(build_report(store, ACCOUNT, MONTH, lang="en", min_group=1)).text
    assert "Events: 1 (3 attendees)" in text
    assert "Attendees also online: 66.7% (2 of 3)" in text
    assert "Surveys: 1 (1 respondent)" in text
    assert "Event or survey | Kind | People | Also online\nPoetry evening | event | 3 | 2 (67%)\nSatisfaction survey | survey | 1 | 1 (100%)" in text
    assert "Poetry evening: 2 also online, 1 offline only" in text


def test_small_events_and_surveys_show_no_small_count(tmp_path):
    """The issue's "2 of 3" and event row "1 (100 %)": with min_group 5 neither the counts nor their shares appear."""
    tables = tiny_tables()
    extra = pd.DataFrame(
        {
            "interaction_id": ["e1", "e2", "e3", "s1"] + [f"t{i}" for i in range(6)],
            "member_id": ["ana", "ben", "zoe", "ana"] + ["ana", "ben", "cai", "dan", "eva", "zed"],
            "kind": ["event"] * 3 + ["survey"] + ["event"] * 6,
            "created_at": pd.to_datetime(["2025-10-18T16:00:00Z"] * 3 + ["2025-10-19T10:00:00Z"]
                                         + ["2025-10-25T16:00:00Z"] * 6, utc=True),
            "post_id": [None] * 10,
            "reply_to": [None] * 10,
            "by_library": [False] * 10,
            "text": ["Poetry evening"] * 3 + ["Satisfaction survey"] + ["Story time"] * 6,
        }
    )
    extra.insert(0, "platform", "mastodon")
    extra.insert(0, "account", ACCOUNT)
    tables["interactions"] = pd.concat([interactions(), extra], ignore_index=True)
    store = ingest_tables(tmp_path, tables)
    text = offline(build_report(store, ACCOUNT, MONTH, lang="en")).text
    # 9 attendances by 7 people (ana and ben came twice), 5 of them online: 2 offline only, so no share and no split.
    assert "Events: 2 (7 attendees)" in text
    assert "Attendees also online: not shown" in text and " of 7" not in text
    assert "Surveys: 1 (fewer than 5 respondents)" in text
    assert "Poetry evening | event | fewer than 5 | not shown" in text
    assert "Satisfaction survey | survey | fewer than 5 | not shown" in text
    # Story time: 6 people, 5 online, 1 offline only: the 1 would be 6 - 5.
    assert "Story time | event | 6 | not shown" in text
    assert "(100%)" not in text and "2 of 3" not in text
