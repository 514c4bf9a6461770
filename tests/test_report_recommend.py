"""report/recommend.py: every rule fires exactly at its documented threshold, and not below it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from libcommunity.metrics.timing import best_time_table
from libcommunity.metrics.timing_check import simulate_posts
from libcommunity.months import parse_month
from libcommunity.report import recommend as R
from libcommunity.report.data import ReportData
from tests.report_fixtures import ACCOUNT, MONTH

ALL_DATA = {"posts": True, "interactions": True, "members": True, "audience": False}


def base(**summary) -> ReportData:
    """A month with data and nothing worth a recommendation."""
    s = {
        "posts": 10,
        "interactions": {"reaction": 5, "comment": 0},
        "engaged_members": 50,
        "followers_end": 100,
        "new_followers": 3,
        "lost_followers": 1,
        "community_ratio": 0.5,
        "response": {"items": 10, "answered": 10, "rate": 1.0, "median_hours": 1.0},
        "member_to_member_share": 0.5,
        "offline": {"event_attendees": 0, "attendees_online_share": None},
        "engagement": {},
    }
    s.update(summary)
    return ReportData(account=ACCOUNT, month=parse_month(MONTH), available=dict(ALL_DATA), summary=s)


def rules(d) -> list[str]:
    return [r.rule for r in R.recommend(d)]


def test_nothing_to_say_about_a_good_month():
    assert rules(base()) == []


def test_answer_waiting_from_one_item():
    d = base()
    d.unanswered = pd.DataFrame({"interaction_id": ["x"], "need": ["question"]})
    (rec,) = R.recommend(d)
    assert (rec.rule, rec.values) == ("answer_waiting", {"n": 1, "hours": 48, "needs": {"question": 1}})
    d.unanswered = d.unanswered.iloc[0:0]
    assert rules(d) == []


def test_answer_waiting_says_what_is_waiting(tiny_report):
    from libcommunity.report.build import Report
    from libcommunity.report.sections.next_steps import recommendation_texts

    waiting = pd.DataFrame({"interaction_id": list("abcdefghijkl"), "need": ["complaint"] * 3 + ["question"] * 5 + ["request"]
                            + ["message"] * 2 + ["unjudged"]})
    for lang, expected in (
        ("en", "Answer the 12 questions, requests, complaints and messages waiting more than 48 hours: 3 complaints, "
               "1 request, 5 questions, 2 direct messages, 1 without text (listed under Conversation, complaints first)."),
        ("es", "Responde las 12 preguntas, peticiones, quejas y mensajes que esperan desde hace más de 48 horas: 3 quejas, "
               "1 petición, 5 preguntas, 2 mensajes directos, 1 sin texto (en Conversación, primero las quejas)."),
        ("sv", "Svara på de 12 frågor, önskemål, klagomål och meddelanden som väntat i mer än 48 timmar: 3 klagomål, "
               "1 önskemål, 5 frågor, 2 direktmeddelanden, 1 utan text (listade under Samtal, klagomål först)."),
    ):
        from libcommunity.report.i18n import Translator

        d = replace(tiny_report.data, unanswered=waiting, summary={**tiny_report.data.summary, "feedback": {"complaints": 0}})
        texts = recommendation_texts(Report(d, Translator(lang, "Europe/Madrid")))
        assert texts[0][0] == expected, lang


@pytest.mark.parametrize(("n", "fires"), [(R.COMPLAINTS_MIN, True), (R.COMPLAINTS_MIN - 1, False)])
def test_complaints(n, fires):
    d = base(feedback={"items": 10, "complaints": n, "questions": 0, "requests": 0, "praise": 0})
    assert rules(d) == (["complaints"] if fires else [])


@pytest.mark.parametrize(
    ("acknowledged", "items", "fires"),
    [(2, R.ACKNOWLEDGE_MIN_ITEMS, True), (3, 6, False), (2, R.ACKNOWLEDGE_MIN_ITEMS - 1, False), (0, 0, False)],
)
def test_acknowledge(acknowledged, items, fires):
    rate = acknowledged / items if items else None
    d = base(acknowledgement={"items": items, "acknowledged": acknowledged, "rate": rate})
    assert rules(d) == (["acknowledge"] if fires else [])


@pytest.mark.parametrize(
    ("rate", "items", "fires"),
    [(0.89, 10, True), (R.RESPONSE_RATE_TARGET, 10, False), (0.5, R.RESPONSE_MIN_ITEMS, True), (0.5, R.RESPONSE_MIN_ITEMS - 1, False)],
)
def test_response_rate(rate, items, fires):
    d = base(response={"items": items, "answered": round(rate * items), "rate": rate, "median_hours": 1.0})
    assert ("response_rate" in rules(d)) is fires


@pytest.mark.parametrize(("median", "fires"), [(R.RESPONSE_HOURS_TARGET, False), (24.01, True), (None, False)])
def test_response_time(median, fires):
    d = base(response={"items": 10, "answered": 10, "rate": 1.0, "median_hours": median})
    assert ("response_time" in rules(d)) is fires


def test_people_rules_count_people():
    d = base()
    d.drifting = pd.DataFrame({"member": ["a", "b"]})
    d.roster = pd.DataFrame({"member": ["a", "b", "c"]})
    d.ready = pd.DataFrame({"member": list("abcd"), "participation": [R.INVITE_MIN_ACTIONS + 1, R.INVITE_MIN_ACTIONS, 2, 1]})
    got = {r.rule: r for r in R.recommend(d)}
    assert got["drifting"].values == {"n": 2} and got["thank"].values == {"n": 3}
    assert got["invite"].values == {"n": 2, "min": 3}  # the two with 3 or more reactions, shares or mentions
    assert all(got[k].people for k in ("drifting", "thank", "invite"))
    d.ready["participation"] = [2, 2, 1, 1]
    assert "invite" not in rules(d)


@pytest.mark.parametrize(("ratio", "fires"), [(0.099, True), (R.COMMUNITY_RATIO_TARGET, False), (None, False)])
def test_community_ratio(ratio, fires):
    assert ("community_ratio" in rules(base(community_ratio=ratio))) is fires


@pytest.mark.parametrize(
    ("share", "comments", "fires"),
    [(0.05, R.MEMBER_TALK_MIN_COMMENTS, True), (0.05, R.MEMBER_TALK_MIN_COMMENTS - 1, False), (R.MEMBER_TALK_TARGET, 50, False)],
)
def test_member_talk(share, comments, fires):
    d = base(member_to_member_share=share, interactions={"comment": comments})
    assert ("member_talk" in rules(d)) is fires


@pytest.mark.parametrize(
    ("people", "share", "fires"),
    [(R.OFFLINE_MIN_PEOPLE, 0.49, True), (R.OFFLINE_MIN_PEOPLE - 1, 0.1, False), (40, R.OFFLINE_ONLINE_TARGET, False)],
)
def test_offline_link(people, share, fires):
    d = base(offline={"event_attendees": people, "attendees_online_share": share})
    assert ("offline_link" in rules(d)) is fires


def _kinds(photo_rate, photo_posts=3):
    return pd.DataFrame({"kind": ["photo", "link"], "posts": [photo_posts, 3],
                         "mean_engagement_rate_by_reach": [photo_rate, 0.02]})


@pytest.mark.parametrize(("rate", "posts", "fires"), [(0.05, 3, True), (0.0499, 3, False), (0.09, 2, False)])
def test_best_kind(rate, posts, fires):
    d = base(engagement={"engagement_rate_by_reach": 0.04})  # 1.25 x 0.04 = 0.05
    d.posts = pd.DataFrame({"engagement_rate_by_reach": [0.1, 0.2, 0.3]})
    d.kinds = _kinds(rate, posts)
    got = {r.rule: r for r in R.recommend(d)}
    assert ("best_kind" in got) is fires
    if fires:
        assert got["best_kind"].values["kind"] == "photo" and got["best_kind"].values["metric"] == "engagement_rate_by_reach"


def test_campaign_and_burst_and_followers():
    d = base(new_followers=4, lost_followers=R.LOST_MIN)
    d.hashtags = pd.DataFrame({"hashtag": ["a", "b"], "member_uses": [9, 4], "members_using": [2, R.CAMPAIGN_MIN_MEMBERS]})
    d.bursts = pd.DataFrame({"date": pd.to_datetime(["2025-10-03", "2025-10-09"]), "interactions": [30, 50], "z": [4.0, 9.0],
                             "baseline_median": [5.0, 6.0]})
    got = {r.rule: r for r in R.recommend(d)}
    assert got["campaign"].values == {"hashtag": "b", "uses": 4, "members": 3, "min": R.CAMPAIGN_MIN_MEMBERS}
    assert got["burst"].values["n"] == 50  # the strongest burst
    assert got["followers_lost"].values == {"new": 4, "lost": 5, "min": R.LOST_MIN}
    assert "followers_lost" not in rules(base(new_followers=4, lost_followers=4))


def _best(seed, factor):
    return best_time_table(simulate_posts(np.random.default_rng(seed), posts=400, factor=factor, planted=(1, 17)))


def test_best_time_only_when_an_interval_lies_above_the_median():
    d = base()
    d.best = _best(2, 1.0)  # noise: nothing lies above the median post
    assert "best_time" not in rules(d)
    d.best = _best(1, 2.0)  # Tuesday 17:00 posts do twice as well
    (rec,) = [r for r in R.recommend(d) if r.rule == "best_time"]
    row = d.best.set_index(["weekday", "hour"]).loc[(1, 17)]
    assert rec.values == {"weekday": 1, "hour": 17, "value": row["value"], "low": row["low"], "high": row["high"],
                          "median": row["account_median"], "level": 0.95, "metric": "engagement_rate_by_reach",
                          "posts": row["posts"]}
    assert rec.values["low"] > rec.values["median"]


def test_best_time_text(tiny_report):
    from libcommunity.report.build import Report
    from libcommunity.report.sections.next_steps import recommendation_texts

    d = replace(tiny_report.data, best=_best(1, 2.0))
    row = d.best.set_index(["weekday", "hour"]).loc[(1, 17)]
    pct = tiny_report.t.pct
    texts = dict(recommendation_texts(Report(d, tiny_report.t)))
    text = next(k for k in texts if k.startswith("Schedule"))
    assert text == (f"Schedule important posts for Tuesday around 17:00: over the last 12 months a typical post then reached "
                    f"{pct(row['value'])} engagement rate by reach (95% interval {pct(row['low'])} to {pct(row['high'])}; "
                    f"{row['posts']} posts), above the median post ({pct(row['account_median'])}).")
    assert texts[text].startswith("Rule: a weekday and hour whose 95% interval lies above the median post of the last 12 months")


def test_follow_back_share():
    d = base()
    d.follow_back = pd.DataFrame({"member": list("abcd")})
    assert "follow_back" not in rules(d)  # 4 of 100 followers
    d.follow_back = pd.DataFrame({"member": list("abcde")})
    assert "follow_back" in rules(d)  # 5 %


def test_data_rules():
    empty = base(posts=0, interactions={})
    assert rules(empty) == ["missing_month"]
    no_posts = base(posts=0)
    assert rules(no_posts) == ["no_posts"]
    aggregate = base()
    aggregate.available = {"posts": True, "interactions": False, "members": False, "audience": False}
    assert rules(aggregate)[0] == "missing_members"
    nothing = base(posts=0, interactions={})
    nothing.available = {k: False for k in ALL_DATA}
    assert rules(nothing) == []


def test_order_conversation_first():
    d = base(community_ratio=0.01, response={"items": 10, "answered": 1, "rate": 0.1, "median_hours": 50.0},
             feedback={"complaints": 3}, acknowledgement={"items": 10, "acknowledged": 1, "rate": 0.1})
    d.unanswered = pd.DataFrame({"interaction_id": ["x", "y"]})
    d.roster = pd.DataFrame({"member": ["a"]})
    assert rules(d) == ["answer_waiting", "complaints", "response_rate", "response_time", "thank", "acknowledge",
                        "community_ratio"]


def test_on_the_tiny_store(tiny_report):
    from libcommunity.report.sections.next_steps import next_steps, recommendation_texts

    assert rules(tiny_report.data) == ["answer_waiting", "complaints"]
    assert recommendation_texts(tiny_report) == [
        ("Answer the 2 questions, requests, complaints and messages waiting more than 48 hours: 1 complaint, 1 question "
         "(listed under Conversation, complaints first).",
         "Rule: every question gets an answer; one waiting more than 48 hours is enough to act."),
        ("1 complaint this month: answer it and see what it says about the service (listed under What people told us).",
         "Rule: listen to negative feedback and respond; one complaint is enough to act."),
    ]
    assert '<ul class="list-action"><li>Answer the 2 questions' in next_steps(tiny_report).html


def test_small_people_counts_are_not_written(tiny_report):
    from libcommunity.report.build import Report
    from libcommunity.report.sections.next_steps import recommendation_texts

    d = replace(tiny_report.data, roster=pd.DataFrame({"member": ["a", "b"]}))
    texts = dict(recommendation_texts(Report(d, tiny_report.t)))
    thank = [k for k in texts if k.startswith("Thank")]
    assert thank == ["Thank the month's ambassadors publicly or in person, and invite the most active to co-host something "
                     "(fewer than 5; roster under Community)."]


def test_acknowledge_text(tiny_report):
    from libcommunity.report.build import Report
    from libcommunity.report.sections.next_steps import recommendation_texts

    summary = {**tiny_report.data.summary, "feedback": {"complaints": 0},
               "acknowledgement": {"items": 318, "acknowledged": 63, "rate": 63 / 318}}
    d = replace(tiny_report.data, unanswered=tiny_report.data.unanswered.iloc[0:0], summary=summary)
    assert recommendation_texts(Report(d, tiny_report.t)) == [(
        # 63 / 318 = 0.19811: 19.8% (English numbers for the Madrid account: a decimal point)
        "Thank the people who share your posts, post about the library or praise it: 63 of 318 got a like or a reply (19.8%).",
        "Rule: fewer than 50% of the shares, own posts and compliments got a reaction or a reply (5 or more of them).",
    )]
