"""report/sections/conversation.py on ``tiny``: response figures, waiting list, member-to-member talk."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.report.sections import conversation
from libcommunity.report.sections.conversation import response_buckets


def test_response_cards_show_what_needs_a_reply_first(tiny_report):
    text = conversation(tiny_report).text
    # c1, c2 (questions) and g1 (a direct message, and a complaint) need a reply; m1 is praise.
    assert "Needed an answer: 3 (questions, requests, complaints, direct messages)" in text
    assert "Response rate (needs a reply): 33.3% (1 of 3 answered)" in text
    assert "Median response time: 2 h (9 in 10 within 2 h)" in text
    assert "Answered within 24 h: 33.3%" in text
    assert "Still waiting: 2 (for more than 48 h)" in text
    # then every comment, mention and message, m1 included
    assert ("Counting every comment, mention and message, also those that needed no reply (thanks, compliments, chat): "
            "2 of 4 answered (50.0%).") in text  # English numbers (en_GB for Madrid): a decimal point
    assert text.index("Response rate (needs a reply)") < text.index("Counting every comment")


def test_response_time_bands_count_every_item_once(tiny_report):
    items = tiny_report.data.items
    b = response_buckets(items).set_index("key")["items"].to_dict()
    # c1 after 2 h, m1 after exactly 24 h (the 24-hour band is inclusive, like within_24h), c2 and g1 never.
    assert b == {"bucket_1h": 0, "bucket_4h": 1, "bucket_24h": 1, "bucket_48h": 0, "bucket_later": 0, "bucket_unanswered": 2}
    r = tiny_report.data.summary["response_all"]
    assert b["bucket_1h"] + b["bucket_4h"] + b["bucket_24h"] == r["within_24h"] * r["items"]
    # the chart counts the items that need a reply: c1 after 2 h; c2 and g1 never
    b = response_buckets(items[items["needs_reply"]]).set_index("key")["items"].to_dict()
    assert b == {"bucket_1h": 0, "bucket_4h": 1, "bucket_24h": 0, "bucket_48h": 0, "bucket_later": 0, "bucket_unanswered": 2}
    r = tiny_report.data.summary["response"]
    assert b["bucket_1h"] + b["bucket_4h"] + b["bucket_24h"] == r["within_24h"] * r["items"]
    assert "Bar chart of the month's questions, requests, complaints and direct messages" in conversation(tiny_report).text


def test_response_bands_boundaries():
    items = pd.DataFrame({"response_hours": [1.0, 1.0001, 4.0, 24.0, 48.0, 48.5, None], "answered": [True] * 6 + [False]})
    b = response_buckets(items)
    assert b["items"].tolist() == [1, 2, 1, 1, 1, 1]
    assert b["share"].sum() == pytest.approx(1.0)


def test_waiting_list_complaints_first_without_identifiers(tiny_report):
    text = conversation(tiny_report).text
    assert (
        "2 questions, requests, complaints and messages without an answer: complaints first, then the longest wait.\n"
        "Needs | Text | Received | Waiting | Post\n"
        "complaint | Can I renew by email? La app no funciona | 20/10/2025, 10:00 · message | 11.5 days | –\n"
        "question | Is the library open on Sunday? | 04/10/2025, 11:00 · comment | 27.5 days | view post"
    ) in text  # local Madrid times (UTC+2 in October); 276 h and 659 h: the complaint first although it waited less
    assert "Waiting times are counted up to 31/10/2025, 21:00, the latest data in the store." in text
    html = conversation(tiny_report).html
    assert "m_" not in html and "Handle" not in html  # no pseudonym or handle beside a member's words
    # c2's post has a link; the link opens without a referrer
    assert '<a href="https://example.org/p/1" rel="noopener noreferrer nofollow">view post</a>' in html


def test_what_people_told_us(tiny_report):
    text = conversation(tiny_report).text
    assert "### What people told us" in text
    assert ("Of the 4 comments, mentions and messages of the month: 1 complaint, 3 questions, 0 requests, "
            "1 thank-you or compliment.") in text
    assert ("To thank people for: 0 shares, 0 posts of their own about the library, 1 thank-you or compliment. The "
            "library liked or answered 1 of these 1 (100.0%).") in text
    assert (
        "1 complaint this month, answered or not. What does it say about the service?\n"
        "Text | Received | Answered | Post\n"
        "Can I renew by email? La app no funciona | 20/10/2025, 10:00 · message | not yet | –"
    ) in text


def test_contact_details_are_redacted_unless_reveal(build_store):
    from libcommunity.report.build import build_report
    from tests.report_fixtures import build_tiny

    store = build_tiny(build_store)
    # nothing to redact in tiny; check the list's cell function directly with a contact in a complaint
    report = build_report(store, "lib", "2025-10", lang="en")
    items = report.data.items.copy()
    items.loc[items["interaction_id"] == "g1", "text"] = "La app no funciona, escribidme a ana@example.org"
    report.data.items = items
    text = conversation(report).text
    assert "escribidme a [email]" in text and "ana@example.org" not in text


def test_member_to_member_share(tiny_report, tiny_sept_report):
    # c3 answered c2: 1 of the 3 member comments; tiny has no data in September 2025 or October 2024
    assert ("33.3% of the 3 member comments answered another member (Sept 2025: no data; Oct 2024: no data)."
            in conversation(tiny_report).text)
    # with September's data: no member comment then, so no share (–), which is not "no data"
    assert ("33.3% of the 3 member comments answered another member (Sept 2025: –; Oct 2024: no data)."
            in conversation(tiny_sept_report).text)
