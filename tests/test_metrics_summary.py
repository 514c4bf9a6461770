"""monthly_summary on the hand-built library (tests/test_metrics_data.py), every figure worked out by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from libcommunity.errors import NoDataError, ParameterError, UnknownAccountError
from libcommunity.metrics import core_summary, format_summary, jsonable, monthly_summary
from libcommunity.metrics.growth import GROWTH_FIGURES
from tests.test_metrics_data import ACCOUNT, MONTH, TZ, shared_store  # noqa: F401

CONTRACT_KEYS = [
    "account",
    "month",
    "timezone",
    "posts",
    "impressions",
    "reach",
    "interactions",
    "engaged_members",
    "followers_end",
    "new_followers",
    "lost_followers",
    "community_ratio",
    "response",
    "member_to_member_share",
]
KINDS = ["reaction", "comment", "share", "mention", "message", "ugc", "event", "survey", "follow", "unfollow"]
RESPONSE_KEYS = ["items", "answered", "rate", "median_hours", "p90_hours", "within_24h"]
#: The keys after the contract's, in order.
ADDED_KEYS = ["followers_source", "posts_with_impressions", "posts_with_reach", "response_all", "acknowledgement", "feedback",
              "coverage", "as_of", "engagement", "concentration", "offline", "people", "bursts", "growth"]


@pytest.fixture(scope="module")
def summary(shared_store):  # noqa: F811
    return monthly_summary(shared_store, ACCOUNT, MONTH)


def test_keys_are_exactly_the_issues_and_in_its_order(summary):
    assert list(summary)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert list(summary["interactions"]) == KINDS
    assert list(summary["response"]) == RESPONSE_KEYS + ["unjudged", "unanswered_over_48h"]
    assert list(summary["response_all"]) == RESPONSE_KEYS + ["unanswered_over_48h"]
    assert list(summary)[len(CONTRACT_KEYS):] == ADDED_KEYS
    assert list(summary["acknowledgement"]) == ["items", "shares", "ugc", "praise", "acknowledged", "reacted", "replied", "rate"]
    assert list(summary["feedback"]) == ["items", "complaints", "questions", "requests", "praise"]
    assert summary["account"] == ACCOUNT and summary["month"] == MONTH and summary["timezone"] == TZ


def test_posts_impressions_reach(summary):
    # p0 (Sep 30 23:30 Madrid) and p4 (Nov 1 00:00 Madrid) are outside; p1 (Oct 1 00:00) is inside.
    # p1, p2, p3: impressions 200 + 50 + (p3 unknown) = 250; reach 100 + (p2 unknown) + 300 = 400.
    assert summary["posts"] == 3
    assert summary["impressions"] == 250
    assert summary["reach"] == 400
    assert summary["posts_with_impressions"] == 2
    assert summary["posts_with_reach"] == 2


def test_interactions_by_kind(summary):
    # Member rows of October (staff sara's i16 and s1, the library's r* rows, i7 of September and
    # i17 of November are out): comments i1 i2 i5 i6a i6 i18 i19 = 7; reactions i8 i9 (i9 at the
    # last second) = 2; share i10; mention i4; message i3; ugc i13; events i14 i14b = 2; survey i15;
    # follow i11; unfollow i12.
    assert summary["interactions"] == {
        "reaction": 2,
        "comment": 7,
        "share": 1,
        "mention": 1,
        "message": 1,
        "ugc": 1,
        "event": 2,
        "survey": 1,
        "follow": 1,
        "unfollow": 1,
    }


def test_engaged_members(summary):
    # ana, ben, cai, dan, hal, zoe participate (zoe only offline); staff sara and the library do not count.
    assert summary["engaged_members"] == 6


def test_followers(summary):
    # At 2025-10-31T23:00Z: ana, ben, eva (unfollows exactly at the end), fay, gus (old unfollow before
    # re-follow) = 5; not sara (staff), lib (the library), cai (left Oct 20), dan (follows exactly at the end).
    assert summary["followers_end"] == 5
    assert summary["new_followers"] == 2  # ben (Oct 10), fay (exactly at the start)
    assert summary["lost_followers"] == 1  # cai
    assert summary["followers_source"] == "members"
    assert summary["community_ratio"] == pytest.approx(6 / 5)


def test_response(summary):
    # Items: i1, i3, i4, i5, i6a, i6, i18 = 7 (i2 and i19 reply to another member). The account is in Madrid, so
    # texts are judged by the Spanish rules (English texts with a "?" are questions in every language):
    # i1 "When do you open?", i5 "And Saturdays?", i6a "Is it free?", i6 "Thanks! And parking?" are questions,
    # i3 is a direct message (always needs a reply); i4 "@lib hello" and i18 "Re: old thread" need none.
    # Needs a reply: i1, i3, i5, i6a, i6 = 5. Answered: i1 2 h, i3 30 h (staff), i6a 0.5 h, i5 48 h (reply after
    # the month) = 4; i6 waits. Sorted hours 0.5, 2, 30, 48: median (2 + 30) / 2 = 16; p90 at position
    # 0.9 * 3 = 2.7: 30 + 0.7 * 18 = 42.6. Within 24 h (inclusive): 0.5, 2 = 2 of 5.
    r = summary["response"]
    assert r["items"] == 5
    assert r["answered"] == 4
    assert r["rate"] == pytest.approx(4 / 5)
    assert r["median_hours"] == pytest.approx(16.0)
    assert r["p90_hours"] == pytest.approx(42.6)
    assert r["within_24h"] == pytest.approx(2 / 5)
    assert r["unjudged"] == 0
    # i6 unanswered; as of the data horizon (r5, 2025-11-02T22:00Z) it waits > 48 h.
    assert r["unanswered_over_48h"] == 1
    assert summary["as_of"] == "2025-11-02T22:00:00+00:00"


def test_response_all(summary):
    # Every item: i1, i3, i4, i5, i6a, i6, i18 = 7. Answered: i1 2 h, i3 30 h, i6a 0.5 h, i18 24 h, i5 48 h = 5.
    # Sorted hours 0.5, 2, 24, 30, 48: median 24; p90 at position 0.9 * 4 = 3.6: 30 + 0.6 * 18 = 40.8.
    # Within 24 h (inclusive): 0.5, 2, 24 = 3 of 7. i4 and i6 unanswered, both wait > 48 h.
    r = summary["response_all"]
    assert r["items"] == 7
    assert r["answered"] == 5
    assert r["rate"] == pytest.approx(5 / 7)
    assert r["median_hours"] == pytest.approx(24.0)
    assert r["p90_hours"] == pytest.approx(40.8)
    assert r["within_24h"] == pytest.approx(3 / 7)
    assert r["unanswered_over_48h"] == 2


def test_acknowledgement_and_feedback(summary):
    # To thank: ben's share i10 and hal's UGC i13; no item's text is praise ("Thanks! And parking?" is a question
    # with a polite thanks). The library replied to neither. Feedback over the 7 items: the 5 questions above.
    assert summary["acknowledgement"] == {
        "items": 2, "shares": 1, "ugc": 1, "praise": 0, "acknowledged": 0, "reacted": 0, "replied": 0, "rate": 0.0,
    }
    assert summary["feedback"] == {"items": 7, "complaints": 0, "questions": 5, "requests": 0, "praise": 0}


def test_member_to_member_share(summary):
    # i2 replies to ana's i1, i19 to ana's reaction i8: 2 of the 7 member comments.
    assert summary["member_to_member_share"] == pytest.approx(2 / 7)


def test_engagement_block(summary):
    # p1: 10 + 4 + 2 = 16 engagements; p2: comments counted from rows i6a, i6 = 2, + 1 share = 3;
    # p3: 5 + 0 + 0 + 3 saves = 8. Sum 27.
    # By reach: p1 16/100, p3 8/300 -> mean (0.16 + 0.02667) / 2. By impressions: p1 16/200, p2 3/50.
    # Followers when posted: p1 4 (ana cai eva gus), p2 6 (+ fay, ben), p3 5 (ana ben eva fay gus).
    e = summary["engagement"]
    assert e["engagements"] == 27
    assert e["engagement_rate_by_reach"] == pytest.approx((16 / 100 + 8 / 300) / 2)
    assert e["engagement_rate_by_impressions"] == pytest.approx((16 / 200 + 3 / 50) / 2)
    assert e["engagement_rate_by_followers"] == pytest.approx((16 / 4 + 3 / 6 + 8 / 5) / 3)
    assert e["conversation_rate"] == pytest.approx((4 + 2 + 0) / 3)
    assert e["amplification_rate"] == pytest.approx((2 + 1 + 0) / 3)
    assert e["applause_rate"] == pytest.approx((10 + 5) / 2)  # p2's reactions unknown
    assert e["conversation_per_1000_followers"] == pytest.approx((4 / 4 + 2 / 6 + 0 / 5) * 1000 / 3)


def test_concentration_block(summary):
    # Participation: ana 5, hal 4, ben 3, cai 2, dan 1, zoe 1 = 16. Population: followers at the end
    # {ana ben eva fay gus} + participants {cai dan hal zoe} = 9, 3 silent.
    # Top 1 % and top 10 % of 9 are both ceil(...) = 1 member: ana's 5 of 16.
    # Gini ascending 0 0 0 1 1 2 3 4 5: sum i*x = 4+5+12+21+32+45 = 119; 2*119/(9*16) - 10/9 = 78/144.
    c = summary["concentration"]
    assert c == {
        "basis": "members",
        "population": 9,
        "participants": 6,
        "interactions": 16,
        "lurker_share": pytest.approx(3 / 9),
        "top1_share": pytest.approx(5 / 16),
        "top10_share": pytest.approx(5 / 16),
        "gini": pytest.approx(78 / 144),
    }


def test_offline_block(summary):
    # Event p2: ana (online: comments) and zoe (offline only); survey: ana.
    o = summary["offline"]
    assert o["events"] == 1 and o["event_attendances"] == 2 and o["event_attendees"] == 2
    assert o["attendees_online"] == 1 and o["attendees_online_share"] == pytest.approx(0.5)
    assert o["surveys"] == 1 and o["survey_responses"] == 1 and o["survey_respondents"] == 1
    assert o["respondents_online_share"] == pytest.approx(1.0)


def test_growth_block(summary):
    # September: 1 post (p0), 1 participation (hal's i7), 1 engaged member, followers at its end
    # (2025-09-30T22:00Z) ana cai eva gus = 4 (fay follows exactly then). October 2024 is before the
    # library's data (2025-09..2025-11): no figure, so no change (not "+3 posts").
    mom, yoy = summary["growth"]["mom"], summary["growth"]["yoy"]
    assert mom["month"] == "2025-09" and yoy["month"] == "2024-10"
    assert mom["has_data"] is True and yoy["has_data"] is False
    assert mom["not_comparable"] == [] and yoy["not_comparable"] == []
    assert mom["posts"] == {"previous": 1, "change": 2, "pct_change": pytest.approx(2.0)}
    assert mom["interactions"] == {"previous": 1, "change": 15, "pct_change": pytest.approx(15.0)}
    assert mom["followers_end"] == {"previous": 4, "change": 1, "pct_change": pytest.approx(0.25)}
    assert mom["community_ratio"]["previous"] == pytest.approx(1 / 4)
    # September's only item, i7 "Any news for September?", needs a reply and got none: rate 0 -> 4/5.
    assert mom["response_rate"] == {"previous": 0.0, "change": pytest.approx(4 / 5), "pct_change": None}
    for figure in GROWTH_FIGURES:
        assert yoy[figure] == {"previous": None, "change": None, "pct_change": None}, figure


def test_summary_is_json_without_nan(summary):
    text = json.dumps(summary, allow_nan=False)
    assert json.loads(text) == summary


def test_core_summary_is_the_contract_part(shared_store, summary):  # noqa: F811
    core = core_summary(shared_store, ACCOUNT, MONTH)
    assert list(core) == CONTRACT_KEYS + ADDED_KEYS[:7]
    for key in list(core):
        if key == "response":
            assert core[key] == {k: summary[key][k] for k in RESPONSE_KEYS + ["unjudged"]}
        elif key == "response_all":
            assert core[key] == {k: summary[key][k] for k in RESPONSE_KEYS}
        else:
            assert core[key] == summary[key]


def test_month_outside_the_data_is_an_error_not_zeros(shared_store):  # noqa: F811
    # The library's data covers 2025-09..2025-11: January 2023 is no month of zeros (nobody followed yet, no
    # post, nobody answered) but a month the data says nothing about.
    with pytest.raises(NoDataError, match=r"^no data for lib in 2023-01: data covers 2025-09\.\.2025-11$"):
        monthly_summary(shared_store, ACCOUNT, "2023-01")
    core = core_summary(shared_store, ACCOUNT, "2023-01")  # the comparisons' building block: nulls, never zeros
    assert core["posts"] is None and core["engaged_members"] is None and core["followers_end"] is None
    assert all(v is None for v in core["interactions"].values())
    assert all(v is None for v in core["response"].values())
    for block in ("response_all", "acknowledgement", "feedback"):
        assert all(v is None for v in core[block].values()), block
    assert core["coverage"]["posts"] == [] and core["coverage"]["interactions"] == []


def test_same_store_same_summary(shared_store, summary):  # noqa: F811
    assert monthly_summary(shared_store, ACCOUNT, MONTH) == summary


def test_month_accepts_month_objects(shared_store, summary):  # noqa: F811
    from libcommunity.months import Month

    assert monthly_summary(shared_store, ACCOUNT, Month(2025, 10))["posts"] == summary["posts"]


@pytest.mark.parametrize("month", ["2025-13", "10/2025", "2025-1", "", "2025-10-01"])
def test_malformed_month(shared_store, month):  # noqa: F811
    with pytest.raises(ParameterError, match="month must be YYYY-MM"):
        monthly_summary(shared_store, ACCOUNT, month)


def test_unknown_account_lists_known(shared_store):  # noqa: F811
    with pytest.raises(UnknownAccountError, match=r"one of the store's accounts \(lib\); got 'nope'"):
        monthly_summary(shared_store, "nope", MONTH)


def test_format_summary_mentions_the_figures(summary):
    text = format_summary(summary)
    assert "lib · 2025-10 (Europe/Madrid)" in text
    assert "needs a reply    4 of 5 items that need a reply answered (80.0%), median 16.0 h, p90 42.6 h, 40.0% within 24 h" in text
    assert "waiting > 48 h   1 items that need a reply" in text
    assert "all items        5 of 7 comments, mentions and messages answered (71.4%), median 24.0 h, p90 40.8 h, 42.9% within 24 h" in text
    assert "feedback         0 complaints, 5 questions, 0 requests, 0 praise" in text
    assert "thanks           0 of 2 shares, UGC and praise acknowledged (0.0%; 0 reacted to, 0 replied to)" in text
    assert "5 at month end, +2 new, -1 lost" in text


def test_jsonable_turns_numpy_and_missing_into_plain_values():
    import numpy as np

    got = jsonable({"a": np.int64(3), "b": np.float64("nan"), "c": [pd.NA, np.bool_(True)], "d": float("inf")})
    assert got == {"a": 3, "b": None, "c": [None, True], "d": None}
    assert type(got["a"]) is int

