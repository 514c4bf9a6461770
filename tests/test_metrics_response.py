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
    ]
    # As of r5 (2025-11-02T22:00Z): i6 from Oct 12 00:00 waits 21 d 22 h = 526 h; i4 from Oct 20: 334 h.
    assert todo["interaction_id"].tolist() == ["i6", "i4"]
    assert todo["hours_waiting"].tolist() == pytest.approx([526.0, 334.0])
    assert todo["member_id"].tolist() == [pseudonym("cai"), pseudonym("hal")]
    assert todo["kind"].tolist() == ["comment", "mention"]
    assert todo.loc[0, "post_id"] == "p2" and pd.isna(todo.loc[1, "post_id"])


def test_unanswered_as_of_and_threshold(shared_store):  # noqa: F811
    # As of 2025-10-22T00:00Z: i4 waits 48 h exactly (not older than 48 h), i6 waits 240 h.
    todo = unanswered_items(shared_store, ACCOUNT, MONTH, as_of="2025-10-22T00:00:00Z")
    assert todo["interaction_id"].tolist() == ["i6"]
    todo = unanswered_items(shared_store, ACCOUNT, MONTH, as_of="2025-10-22T00:00:00Z", older_than_hours=47.5)
    assert todo["interaction_id"].tolist() == ["i6", "i4"]
    summary = monthly_summary(shared_store, ACCOUNT, MONTH, as_of="2025-10-22T00:00:00Z")
    assert summary["response"]["unanswered_over_48h"] == 1


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


def test_response_time_bands_count_the_items_in_duckdb(shared_store):  # noqa: F811
    from libcommunity.metrics import response_time_bands

    items = response_items(shared_store, ACCOUNT, MONTH)
    bands = response_time_bands(shared_store, ACCOUNT, MONTH, bounds=(1, 24))
    hours = items.loc[items["answered"], "response_hours"]
    assert bands["items"].tolist() == [
        int((hours <= 1).sum()), int(((hours > 1) & (hours <= 24)).sum()), int((hours > 24).sum()), int((~items["answered"]).sum())
    ]
    assert bands["answered"].tolist() == [True, True, True, False]
    assert bands["upper_hours"].tolist()[:3] == [1.0, 24.0, float("inf")]
    assert bands["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ParameterError, match="bounds must be increasing"):
        response_time_bands(shared_store, ACCOUNT, MONTH, bounds=(24, 1))
