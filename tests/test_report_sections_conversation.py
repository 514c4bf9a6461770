"""report/sections/conversation.py on ``tiny``: response figures, waiting list, member-to-member talk."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.report.sections import conversation
from libcommunity.report.sections.conversation import response_buckets
from tests.report_fixtures import tiny_report, tiny_store  # noqa: F401


def test_response_cards(tiny_report):  # noqa: F811
    text = conversation(tiny_report).text
    assert "Needed an answer: 4 (comments, mentions, messages)" in text
    assert "Response rate: 50.0% (2 of 4 answered)" in text
    assert "Answered within 24 h: 50.0%" in text
    assert "Still waiting: 2 (for more than 48 h)" in text


def test_response_time_bands_count_every_item_once(tiny_report):  # noqa: F811
    b = response_buckets(tiny_report.data.items).set_index("key")["items"].to_dict()
    # c1 after 2 h, m1 after exactly 24 h (the 24-hour band is inclusive, like within_24h), c2 and g1 never.
    assert b == {"bucket_1h": 0, "bucket_4h": 1, "bucket_24h": 1, "bucket_48h": 0, "bucket_later": 0, "bucket_unanswered": 2}
    r = tiny_report.data.summary["response"]
    assert b["bucket_1h"] + b["bucket_4h"] + b["bucket_24h"] == r["within_24h"] * r["items"]


def test_response_bands_boundaries():
    items = pd.DataFrame({"response_hours": [1.0, 1.0001, 4.0, 24.0, 48.0, 48.5, None], "answered": [True] * 6 + [False]})
    b = response_buckets(items)
    assert b["items"].tolist() == [1, 2, 1, 1, 1, 1]
    assert b["share"].sum() == pytest.approx(1.0)


def test_waiting_list_longest_first_without_identifiers(tiny_report):  # noqa: F811
    text = conversation(tiny_report).text
    assert (
        "2 unanswered, longest wait first. Texts are shown as written.\n"
        "Text | Received | Waiting\n"
        "Is the library open on Sunday? | 04/10/2025, 11:00 · comment | 27.5 days\n"
        "Can I renew by email? | 20/10/2025, 10:00 · message | 11.5 days"
    ) in text  # local Madrid times (UTC+2 in October); 659 h and 276 h
    assert "Waiting times are counted up to 31/10/2025, 21:00, the latest data in the store." in text
    html = conversation(tiny_report).html
    assert "m_" not in html and "Handle" not in html  # no pseudonym or handle beside a member's words


def test_member_to_member_share(tiny_report):  # noqa: F811
    assert "33.3% of the 3 member comments answered another member (Sept 2025: –; Oct 2024: –)." in conversation(tiny_report).text
