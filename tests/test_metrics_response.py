"""Response items, response times and the unanswered list (response.py), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.errors import NoDataError

from libcommunity.errors import ParameterError
from libcommunity.metrics import monthly_summary, response_items, unanswered_items
from tests.test_metrics_data import ACCOUNT, MONTH, TZ, pseudonym, shared_store  # noqa: F401


def test_response_items_list_every_item_with_its_outcome(shared_store):  # noqa: F811
    items = response_items(shared_store, ACCOUNT, MONTH)
    assert items["interaction_id"].tolist() == ["i1", "i3", "i6a", "i6", "i4", "i18", "i5"]  # oldest first
    got = dict(zip(items["interaction_id"], items["response_hours"]))
    assert got["i1"] == pytest.approx(2.0)
    assert got["i3"] == pytest.approx(30.0)  # answered by staff (sara, by_library false, is_staff true)
    assert got["i6a"] == pytest.approx(0.5)
    assert got["i18"] == pytest.approx(24.0)  # reply_to an id not in the store: still an item
    assert got["i5"] == pytest.approx(48.0)  # reply to the library's reply; answered after the month
    assert pd.isna(got["i4"]) and pd.isna(got["i6"])  # i6 replies to cai's own i6a: an item, unanswered
    first = items.set_index("interaction_id")["first_reply_at"]
    assert first["i1"] == pd.Timestamp("2025-10-01T10:00:00Z")  # r1, not the later r1b
    assert items.set_index("interaction_id").loc["i1", "member_id"] == pseudonym("ana")


def test_response_items_say_what_each_item_needs(shared_store):  # noqa: F811
    items = response_items(shared_store, ACCOUNT, MONTH).set_index("interaction_id")
    # i4 "@lib hello" and i18 "Re: old thread" need no reply; the questions and the message i3 do.
    assert items["needs_reply"].to_dict() == {
        "i1": True, "i3": True, "i6a": True, "i6": True, "i4": False, "i18": False, "i5": True,
    }
    assert items["need"].fillna("-").to_dict() == {
        "i1": "question", "i3": "question", "i6a": "question", "i6": "question", "i4": "-", "i18": "-", "i5": "question",
    }
    assert not items[["request", "complaint", "praise", "unjudged"]].any().any()
    # the link of the item's post, where the export has one (p1's only)
    assert items.loc["i1", "post_url"] == "https://example.org/p1" and pd.isna(items.loc["i6a", "post_url"])
    assert pd.isna(items.loc["i3", "post_url"])  # a direct message has no post


def test_unanswered_older_than_48h(shared_store):  # noqa: F811
    todo = unanswered_items(shared_store, ACCOUNT, MONTH)
    assert list(todo.columns) == [
        "interaction_id",
        "member_id",
        "created_at",
        "kind",
        "text",
        "hours_waiting",
        "post_id",
        "platform",
        "need",
        "question",
        "request",
        "complaint",
        "praise",
        "unjudged",
        "needs_reply",
        "post_url",
    ]
    # As of r5 (2025-11-02T22:00Z): i6 from Oct 12 00:00 waits 21 d 22 h = 526 h; i4 from Oct 20 (334 h) needs
    # no reply ("@lib hello").
    assert todo["interaction_id"].tolist() == ["i6"]
    assert todo["hours_waiting"].tolist() == pytest.approx([526.0])
    assert todo["member_id"].tolist() == [pseudonym("cai")]
    assert todo.loc[0, "post_id"] == "p2" and todo.loc[0, "need"] == "question" and pd.isna(todo.loc[0, "post_url"])
    every = unanswered_items(shared_store, ACCOUNT, MONTH, needs_reply=False)
    assert every["interaction_id"].tolist() == ["i6", "i4"]
    assert every["hours_waiting"].tolist() == pytest.approx([526.0, 334.0])
    assert every["kind"].tolist() == ["comment", "mention"] and pd.isna(every.loc[1, "post_id"])
    assert every["needs_reply"].tolist() == [True, False] and pd.isna(every.loc[1, "need"])


def test_unanswered_as_of_and_threshold(shared_store):  # noqa: F811
    # As of 2025-10-22T00:00Z: i4 waits 48 h exactly (not older than 48 h), i6 waits 240 h.
    kw = {"as_of": "2025-10-22T00:00:00Z", "needs_reply": False}
    todo = unanswered_items(shared_store, ACCOUNT, MONTH, **kw)
    assert todo["interaction_id"].tolist() == ["i6"]
    todo = unanswered_items(shared_store, ACCOUNT, MONTH, older_than_hours=47.5, **kw)
    assert todo["interaction_id"].tolist() == ["i6", "i4"]
    todo = unanswered_items(shared_store, ACCOUNT, MONTH, older_than_hours=47.5, as_of=kw["as_of"])
    assert todo["interaction_id"].tolist() == ["i6"]  # i4 needs no reply
    summary = monthly_summary(shared_store, ACCOUNT, MONTH, as_of="2025-10-22T00:00:00Z")
    assert summary["response"]["unanswered_over_48h"] == 1
    assert summary["response_all"]["unanswered_over_48h"] == 1


@pytest.mark.parametrize("bad", [-1, "soon", None])
def test_unanswered_rejects_bad_threshold(shared_store, bad):  # noqa: F811
    with pytest.raises(ParameterError, match="older_than_hours must be a number >= 0"):
        unanswered_items(shared_store, ACCOUNT, MONTH, older_than_hours=bad)


def test_bad_as_of(shared_store):  # noqa: F811
    with pytest.raises(ParameterError, match="as_of must be a timestamp"):
        unanswered_items(shared_store, ACCOUNT, MONTH, as_of="next tuesday-ish")


def _tables(rows, members=None):
    inter = pd.DataFrame(
        rows, columns=["interaction_id", "member_id", "kind", "created_at", "reply_to", "by_library"]
    ).assign(platform="x", account="lib")
    inter["created_at"] = pd.to_datetime(inter["created_at"], utc=True)
    tables = {"interactions": inter}
    if members is not None:
        tables["members"] = members
    return tables


def test_reply_before_its_item_counts_as_zero_hours(build_store):
    rows = [
        ("q", "ann", "comment", "2025-10-05T10:00:00Z", None, False),
        ("a", "lib", "comment", "2025-10-05T09:00:00Z", "q", True),  # clock skew: stamped an hour earlier
    ]
    store = build_store(_tables(rows))
    r = monthly_summary(store, "lib", "2025-10")["response"]
    assert (r["items"], r["answered"], r["median_hours"], r["within_24h"]) == (1, 1, 0.0, 1.0)


def test_library_reply_in_a_member_thread_is_not_counted(build_store):
    # m2 replies to m1 (member to member): not an item. The library answering m2 changes nothing:
    # items = {m1}, unanswered -> rate 0.
    rows = [
        ("m1", "ann", "comment", "2025-10-05T10:00:00Z", None, False),
        ("m2", "bob", "comment", "2025-10-05T11:00:00Z", "m1", False),
        ("l2", "lib", "comment", "2025-10-05T12:00:00Z", "m2", True),
    ]
    store = build_store(_tables(rows))
    s = monthly_summary(store, "lib", "2025-10")
    assert s["response"]["items"] == 1 and s["response"]["answered"] == 0 and s["response"]["rate"] == 0.0
    assert s["member_to_member_share"] == pytest.approx(1 / 2)


def test_only_comments_mentions_messages_are_items(build_store):
    rows = [
        ("u", "ann", "ugc", "2025-10-05T10:00:00Z", None, False),
        ("s", "ann", "share", "2025-10-05T10:00:00Z", None, False),
        ("m", "ann", "message", "2025-10-05T10:00:00Z", None, False),
        ("a", "lib", "reaction", "2025-10-06T10:00:00Z", "m", True),  # any library kind answers
    ]
    store = build_store(_tables(rows))
    r = monthly_summary(store, "lib", "2025-10")["response"]
    assert (r["items"], r["answered"], r["median_hours"]) == (1, 1, 24.0)
    assert r["within_24h"] == 1.0  # exactly 24 h is within 24 h


def test_staff_comment_is_not_an_item_and_staff_reply_answers(build_store):
    members = pd.DataFrame(
        {"account": "lib", "platform": "x", "member_id": ["sam"], "is_staff": [True]}
    )
    rows = [
        ("s1", "sam", "comment", "2025-10-05T10:00:00Z", None, False),  # staff, not by_library
        ("q", "ann", "mention", "2025-10-05T10:00:00Z", None, False),
        ("a", "sam", "comment", "2025-10-05T16:00:00Z", "q", False),
    ]
    store = build_store(_tables(rows, members))
    s = monthly_summary(store, "lib", "2025-10")
    assert s["response"]["items"] == 1 and s["response"]["median_hours"] == 6.0
    assert s["interactions"]["comment"] == 0 and s["interactions"]["mention"] == 1
    assert s["engaged_members"] == 1


def test_item_in_month_in_account_timezone(build_store):
    # 2025-10-31T23:30Z is 2025-11-01 00:30 in Madrid: a November item.
    rows = [("late", "ann", "comment", "2025-10-31T23:30:00Z", None, False)]
    store = build_store(_tables(rows), timezone=TZ)
    with pytest.raises(NoDataError, match=r"no data for lib in 2025-10: data covers 2025-11\.\.2025-11"):
        monthly_summary(store, "lib", "2025-10")  # the only row is of November, in Madrid
    assert monthly_summary(store, "lib", "2025-11")["response"]["items"] == 1


@pytest.mark.parametrize("needs_reply", [True, False])
def test_response_time_bands_count_the_items_in_duckdb(shared_store, needs_reply):  # noqa: F811
    from libcommunity.metrics import response_time_bands

    items = response_items(shared_store, ACCOUNT, MONTH)
    if needs_reply:
        items = items[items["needs_reply"]]
    bands = response_time_bands(shared_store, ACCOUNT, MONTH, bounds=(1, 24), needs_reply=needs_reply)
    hours = items.loc[items["answered"], "response_hours"]
    assert bands["items"].tolist() == [
        int((hours <= 1).sum()), int(((hours > 1) & (hours <= 24)).sum()), int((hours > 24).sum()), int((~items["answered"]).sum())
    ]
    assert bands["items"].sum() == (5 if needs_reply else 7)
    assert bands["answered"].tolist() == [True, True, True, False]
    assert bands["upper_hours"].tolist()[:3] == [1.0, 24.0, float("inf")]
    assert bands["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="bounds must be increasing"):
        response_time_bands(shared_store, ACCOUNT, MONTH, bounds=(24, 1))


# ------------------------------------------------------------------ texts of every kind, by hand
#: ``kinds``: account ``lib`` on X in UTC (texts judged in English), October 2025. The library is ``lib``.
KINDS_ROWS = [
    # interaction_id, member_id, kind, created_at, post_id, reply_to, by_library, text
    ("q1", "ana", "comment", "2025-10-02T10:00:00Z", "p1", None, False, "What time do you open on Sundays"),  # question
    ("L1", "lib", "comment", "2025-10-02T12:00:00Z", "p1", "q1", True, "From 10"),  # q1 answered after 2 h
    ("t1", "ben", "comment", "2025-10-02T13:00:00Z", "p1", "q1", False, "Yes, on Sundays too"),  # to another member
    ("r1", "ben", "comment", "2025-10-03T09:00:00Z", "p1", None, False,
     "Please add more graphic novels, write to me at ana.lee@example.org"),  # a request (with a contact to redact)
    ("c1", "cai", "comment", "2025-10-04T08:00:00Z", "p2", None, False,
     "The wifi is down again, so frustrating \x1b[2J"),  # a complaint (with a terminal escape sequence)
    ("c2", "dan", "mention", "2025-10-05T08:00:00Z", None, None, False, "Still no reply to my email, disappointed"),
    ("L2", "lib", "comment", "2025-10-06T14:00:00Z", None, "c2", True, "Sorry, answered now"),  # c2 after 30 h
    ("pa", "eva", "comment", "2025-10-06T18:00:00Z", "p1", None, False, "Loved the storytime, thank you!"),  # praise
    ("L3", "lib", "reaction", "2025-10-06T19:00:00Z", "p1", "pa", True, None),  # the library likes pa (1 h)
    ("pb", "fay", "comment", "2025-10-07T10:00:00Z", "p1", None, False, "Great job everyone"),  # praise, no thanks
    ("dm1", "gus", "message", "2025-10-08T08:00:00Z", None, None, False, "Thanks so much!"),  # praise, but a DM
    ("L4", "lib", "message", "2025-10-08T13:00:00Z", None, "dm1", True, "You're welcome"),  # dm1 after 5 h
    ("u1", "hal", "comment", "2025-10-09T08:00:00Z", "p2", None, False, ""),  # no text: unjudged
    ("n1", "ana", "comment", "2025-10-10T08:00:00Z", "p2", None, False, "ok"),  # nothing to answer
    ("s1", "cai", "share", "2025-10-11T08:00:00Z", "p1", None, False, None),
    ("L5", "lib", "reaction", "2025-10-11T09:00:00Z", None, "s1", True, None),  # the library likes the share
    ("s2", "dan", "share", "2025-10-12T08:00:00Z", "p2", None, False, None),
    ("g1", "eva", "ugc", "2025-10-13T08:00:00Z", None, None, False, "Reading at the library today #books"),
    ("L6", "lib", "comment", "2025-10-13T10:00:00Z", None, "g1", True, "Thank you!"),  # the library thanks g1
    ("z1", "fay", "reaction", "2025-10-20T08:00:00Z", "p1", None, False, None),  # the data horizon
]


@pytest.fixture(scope="module")
def kinds_store(tmp_path_factory):
    from tests.report_fixtures import ingest_tables

    inter = pd.DataFrame(
        KINDS_ROWS,
        columns=["interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to", "by_library", "text"],
    ).assign(account="lib", platform="x")
    inter["created_at"] = pd.to_datetime(inter["created_at"], utc=True)
    posts = pd.DataFrame({
        "account": "lib", "platform": "x", "post_id": ["p1", "p2"], "kind": "photo", "text": ["Storytime", "Wifi"],
        "published_at": pd.to_datetime(["2025-10-01T09:00:00Z", "2025-10-01T10:00:00Z"], utc=True),
        "url": ["https://example.org/posts/1", ""],
    })
    return ingest_tables(tmp_path_factory.mktemp("kinds"), {"posts": posts, "interactions": inter}, account="lib",
                         timezone="UTC", platform="x")


@pytest.fixture(scope="module")
def kinds_summary(kinds_store):
    return monthly_summary(kinds_store, "lib", MONTH)


def test_response_counts_the_items_that_need_a_reply(kinds_summary):
    # Items (member comments, mentions, messages not answering another member; t1 answers ana): q1 r1 c1 c2 pa pb
    # dm1 u1 n1 = 9. Needing a reply: q1 (a question without "?"), r1 (request), c1 and c2 (complaints), dm1 (a
    # direct message, whatever it says), u1 (no text to judge) = 6; pa and pb are praise, n1 says nothing.
    # Answered: q1 2 h, c2 30 h, dm1 5 h = 3 of 6. Hours 2, 5, 30: median 5; p90 at 0.9 * 2 = 1.8: 5 + 0.8 * 25 = 25.
    # Within 24 h: 2 of 6. Waiting more than 48 h at the horizon (Oct 20 08:00): r1 407 h, c1 384 h, u1 264 h.
    r = kinds_summary["response"]
    assert r == {
        "items": 6, "answered": 3, "rate": pytest.approx(0.5), "median_hours": pytest.approx(5.0),
        "p90_hours": pytest.approx(25.0), "within_24h": pytest.approx(2 / 6), "unjudged": 1, "unanswered_over_48h": 3,
    }


def test_response_all_counts_every_item(kinds_summary):
    # All 9 items. Answered: q1 2 h, c2 30 h, pa 1 h (a library reaction answers, as before), dm1 5 h = 4.
    # Hours 1, 2, 5, 30: median 3.5; p90 at 0.9 * 3 = 2.7: 5 + 0.7 * 25 = 22.5. Within 24 h: 3 of 9.
    # Waiting more than 48 h: r1, c1, pb (310 h), u1, n1 (240 h) = 5.
    assert kinds_summary["response_all"] == {
        "items": 9, "answered": 4, "rate": pytest.approx(4 / 9), "median_hours": pytest.approx(3.5),
        "p90_hours": pytest.approx(22.5), "within_24h": pytest.approx(3 / 9), "unanswered_over_48h": 5,
    }


def test_acknowledgement_counts_what_the_library_thanked(kinds_summary):
    # To thank: shares s1 s2, UGC g1, praise pa pb dm1 = 6. Reacted to (a library reaction replying to it): s1, pa;
    # replied to (a library interaction of another kind): g1, dm1. Acknowledged: 4 of 6.
    assert kinds_summary["acknowledgement"] == {
        "items": 6, "shares": 2, "ugc": 1, "praise": 3, "acknowledged": 4, "reacted": 2, "replied": 2,
        "rate": pytest.approx(4 / 6),
    }


def test_feedback_counts_the_kinds_of_texts(kinds_summary):
    assert kinds_summary["feedback"] == {"items": 9, "complaints": 2, "questions": 1, "requests": 1, "praise": 3}
    # t1 answers another member: counted among member-to-member comments (1 of the 8 member comments), nowhere else
    assert kinds_summary["member_to_member_share"] == pytest.approx(1 / 8)


def test_waiting_items_complaints_first_then_the_longest_wait(kinds_store):
    from libcommunity.metrics import waiting_items

    todo = waiting_items(kinds_store, "lib", MONTH)
    # Unanswered and needing a reply: r1 (407 h), c1 (384 h), u1 (264 h); the complaint c1 comes first.
    assert todo["interaction_id"].tolist() == ["c1", "r1", "u1"]
    assert todo["need"].tolist() == ["complaint", "request", "unjudged"]
    assert todo["hours_waiting"].tolist() == pytest.approx([384.0, 407.0, 264.0])
    assert todo["post_url"].tolist()[1] == "https://example.org/posts/1" and todo["post_url"].isna().tolist() == [True, False, True]
    every = waiting_items(kinds_store, "lib", MONTH, needs_reply=False)
    assert every["interaction_id"].tolist() == ["c1", "r1", "pb", "u1", "n1"]
    # An item stamped at "now" waits 0 h and is listed; one after "now" is not waiting yet.
    assert "u1" in waiting_items(kinds_store, "lib", MONTH, as_of="2025-10-09T08:00:00Z")["interaction_id"].tolist()
    early = waiting_items(kinds_store, "lib", MONTH, as_of="2025-10-09T07:00:00Z")
    assert early["interaction_id"].tolist() == ["c1", "r1"]  # c2 was answered on Oct 6
    # The report's list: the same order, only items waiting more than 48 h.
    late = unanswered_items(kinds_store, "lib", MONTH, as_of="2025-10-11T08:00:00Z")
    assert late["interaction_id"].tolist() == ["c1", "r1"]  # u1 has waited exactly 48 h
    assert late["hours_waiting"].tolist() == pytest.approx([168.0, 191.0])
