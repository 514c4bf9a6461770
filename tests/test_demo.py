"""The demo generator: what a simulation holds is canonical and realistic enough to evaluate segmentation on
(members and segments, follows and audience, conversation, posts; tests/test_demo_accounts.py checks the accounts,
determinism, the canonical CSV, time zones and handles)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from libcommunity import schemas
from libcommunity.demo import PERSONAS, SEGMENTS, AccountSpec, simulate_account
from libcommunity.demo.posts import simulate_posts
from libcommunity.demo.member_texts import MEMBER_TEXTS
from libcommunity.demo.texts import TEXTS
from libcommunity.demo.timeline import build_calendar
from tests.demo_helpers import LIVELY, TABLES, local_time, member_rows, month_of

QUESTION = r"[?¿]"

TYPICAL = AccountSpec(
    "test-typical", "instagram", "Europe/Madrid", "es", followers=3000, shape="typical", start="2025-06", end="2026-05"
)
QUIET = AccountSpec(
    "test-quiet", "bluesky", "Europe/London", "en", followers=2500, shape="quiet", start="2025-06", end="2026-05"
)
SPECS = {"lively": LIVELY, "typical": TYPICAL, "quiet": QUIET}


@pytest.fixture(scope="module")
def sims():
    """One simulation per shape (seed 3), shared by the module's tests."""
    return {shape: simulate_account(spec, seed=3) for shape, spec in SPECS.items()}


@pytest.fixture(scope="module")
def lively(sims):
    return sims["lively"]


def _needing_reply(demo) -> pd.DataFrame:
    """Member items whose intended kind needs a reply (question, request, complaint), with their intent."""
    m = member_rows(demo).merge(demo.text_truth[["interaction_id", "intent"]], on="interaction_id")
    return m[m["intent"].isin(["question", "request", "complaint"])]


# --- canonical tables -----------------------------------------------------------------------------


def test_frames_have_the_canonical_columns_and_validate(lively):
    for table in TABLES:
        frame = getattr(lively, table)
        assert list(frame.columns) == schemas.table_spec(table).column_names
        schemas.SCHEMAS[table].validate(frame)
    assert set(lively.ground_truth.columns) >= {"account", "platform", "handle", "month", "segment", "persona"}


# --- members and segments -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", list(SPECS))
def test_participation_follows_the_shape(sims, shape):
    demo, spec = sims[shape], SPECS[shape]
    truth = demo.ground_truth
    recent = truth[truth["following"] & truth["month"].isin([str(m) for m in spec.months[-6:]])]
    shares = recent["segment"].value_counts(normalize=True)
    silent, active, ambassador = spec.params.shares
    assert abs(shares["silent_follower"] - silent) < 0.03
    assert abs(shares["active_participant"] - active) < 0.4 * active
    assert abs(shares.get("ambassador", 0) - ambassador) < 0.6 * ambassador
    # what the data shows: followers with any participation in the last three months
    last3 = [str(m) for m in spec.months[-3:]]
    rows = member_rows(demo)
    rows = rows[rows["kind"].isin(schemas.PARTICIPATION_KINDS) & month_of(rows["created_at"], spec.timezone).isin(last3)]
    followers = truth[truth["following"] & (truth["month"] == last3[-1])]["handle"]
    observed = followers.isin(rows["member_id"]).mean()
    assert 0.6 * (1 - silent) < observed < 1.6 * (1 - silent)


def test_segments_evolve_but_rarely(sims):
    truth = sims["typical"].ground_truth
    wide = truth.pivot(index="handle", columns="month", values="segment")
    persona = truth.pivot(index="handle", columns="month", values="persona")
    chain = wide[
        persona.isin(["lurker", "commenter", "heavy_liker", "offline_only", "champion", "quiet_amplifier"]).all(axis=1)
    ]
    changed = chain.iloc[:, 1:].to_numpy() != chain.iloc[:, :-1].to_numpy()
    assert changed.any(axis=1).sum() > 20  # people move up and drift away
    engaged = chain.iloc[:, 2:].to_numpy() != "silent_follower"
    steady = (chain.iloc[:, 2:].to_numpy() == chain.iloc[:, 1:-1].to_numpy()) & (
        chain.iloc[:, 2:].to_numpy() == chain.iloc[:, :-2].to_numpy()
    )
    assert steady[engaged].mean() > 0.75  # a 3-month window mostly shows one state
    ups = (chain.iloc[:, :-1].to_numpy() == "silent_follower") & (chain.iloc[:, 1:].to_numpy() == "active_participant")
    assert ups.any()


def test_ground_truth_covers_every_member_every_month(sims):
    for shape, demo in sims.items():
        truth, spec = demo.ground_truth, SPECS[shape]
        assert len(truth) == len(demo.members) * len(spec.months)
        assert set(truth["handle"]) == set(demo.members["member_id"])
        assert (truth.groupby("handle")["month"].nunique() == len(spec.months)).all()
        assert set(truth["segment"]) <= set(SEGMENTS)
        assert set(truth["persona"]) <= set(PERSONAS)
        assert not truth.duplicated(["handle", "month"]).any()


def _monthly_kinds(demo, spec) -> pd.DataFrame:
    """Interactions per (handle, month, kind) joined with the ground-truth persona of that month."""
    rows = member_rows(demo)
    rows = rows.assign(month=month_of(rows["created_at"], spec.timezone))
    counts = rows.groupby(["member_id", "month", "kind"]).size().unstack(fill_value=0)
    counts.index = counts.index.set_names(["handle", "month"])
    truth = demo.ground_truth.set_index(["handle", "month"])
    return truth.join(counts, how="left").fillna(0)


def test_trap_personas_behave_as_described(sims):
    data = pd.concat([_monthly_kinds(sims[s], SPECS[s]) for s in SPECS])
    heavy = data[data["persona"] == "heavy_liker"]
    assert (heavy["segment"] == "active_participant").all()
    assert heavy["reaction"].mean() > 8
    # no shares as heavy likers (a rare one is a late share of a post from a month spent as an ambassador)
    assert heavy["share"].sum() <= 0.005 * heavy["reaction"].sum()
    amp = data[data["persona"] == "quiet_amplifier"]
    assert (amp["segment"] == "ambassador").all()
    assert amp["reaction"].mean() < 1 < (amp["share"] + amp["mention"] + amp["ugc"]).mean()
    assert amp["ugc"].sum() > 0
    champion = data[data["persona"] == "champion"]
    assert champion["reaction"].mean() > 3 * amp["reaction"].mean()
    # heavy likers out-act many ambassadors in raw counts: the trap for a count-based segmentation
    assert (
        heavy[["reaction", "comment"]].sum(axis=1).mean()
        > amp[["reaction", "share", "mention", "ugc"]].sum(axis=1).mean()
    )


def test_special_personas(lively):
    members = lively.members.set_index("member_id")
    truth = lively.ground_truth
    persona_of = truth.groupby("handle")["persona"].agg(lambda s: set(s))
    rows = member_rows(lively)
    participation = rows[rows["kind"].isin(schemas.PARTICIPATION_KINDS)]

    follow_back = [h for h, p in persona_of.items() if "follow_back" in p]
    assert follow_back
    fb = members.loc[follow_back]
    assert (fb["following"] > 5 * fb["followers"]).all() and fb["followed_at"].notna().all()
    assert not participation["member_id"].isin(follow_back).any()

    staff = members[members["is_staff"]]
    assert 2 <= len(staff) <= 4
    assert (participation["member_id"].value_counts().reindex(staff.index).fillna(0) > 50).all()

    passersby = [h for h, p in persona_of.items() if p == {"passerby"}]
    assert members.loc[passersby, "followed_at"].isna().all()
    assert participation["member_id"].isin(passersby).any()

    non_followers = members.index[members["followed_at"].isna()]
    offline = [h for h in non_followers if persona_of[h] == {"offline_only"}]
    kinds = participation[participation["member_id"].isin(offline)]["kind"]
    assert len(kinds) > 0 and set(kinds) <= {"event", "survey"}


def test_ambassadors_have_larger_audiences(sims):
    demo = sims["typical"]
    ever = demo.ground_truth.groupby("handle")["segment"].agg(lambda s: (s == "ambassador").any())
    followers = demo.members.set_index("member_id")["followers"].astype(float)
    assert followers[ever[ever].index].median() > 2 * followers[ever[~ever].index].median()
    assert followers.max() > 20 * followers.median()  # heavy tail


# --- follows and audience -----------------------------------------------------------------------


def test_follows_consistent_with_members_and_audience(sims):
    for shape, demo in sims.items():
        spec = SPECS[shape]
        members = demo.members.set_index("member_id")
        start, end = spec.months[0].start(spec.timezone), spec.months[-1].end(spec.timezone)
        inside = members[(members["followed_at"] >= start) & (members["followed_at"] < end)]
        follows = demo.interactions[demo.interactions["kind"] == "follow"].set_index("member_id")["created_at"]
        assert follows.sort_index().equals(inside["followed_at"].sort_index().rename("created_at"))
        assert (members["followed_at"] < start).any()  # some followed before the range
        unfollows = demo.interactions[demo.interactions["kind"] == "unfollow"].set_index("member_id")["created_at"]
        gone = members["unfollowed_at"].dropna()
        assert len(gone) > 0 and unfollows.sort_index().equals(gone.sort_index().rename("created_at"))
        assert (gone > members.loc[gone.index, "followed_at"]).all()

        audience = demo.audience
        first_day = pd.Timestamp(f"{spec.months[0]}-01")
        assert audience["date"].tolist() == list(
            pd.date_range(first_day, f"{spec.months[-1].shift(1)}-01", inclusive="left")
        )
        steps = audience["followers"].diff().iloc[1:]
        assert steps.equals((audience["follows"] - audience["unfollows"]).iloc[1:])
        assert audience["follows"].sum() == len(inside) and audience["unfollows"].sum() == len(gone)
        following_at_end = members["followed_at"].notna() & members["unfollowed_at"].isna()
        assert audience["followers"].iloc[-1] == following_at_end.sum()
        assert abs(audience["followers"].iloc[-1] - spec.followers) < 0.08 * spec.followers
        assert audience["followers"].iloc[-1] > audience["followers"].iloc[0]  # slow growth


# --- conversation -------------------------------------------------------------------------------


def test_reply_to_points_to_an_earlier_interaction(sims):
    for shape, demo in sims.items():
        i = demo.interactions.set_index("interaction_id")
        replies = i[i["reply_to"].notna()]
        assert replies["reply_to"].isin(i.index).all()
        parents = i.loc[replies["reply_to"]]
        assert (replies["created_at"].to_numpy() > parents["created_at"].to_numpy()).all()
        library = i[i["by_library"]]
        assert (library["member_id"] == SPECS[shape].handle).all() and library["reply_to"].notna().all()
        assert not i.loc[library["reply_to"], "by_library"].any()
        # member-to-member threads: a comment answering another member's comment on the same post
        between = replies[~replies["by_library"]]
        parent = i.loc[between["reply_to"]]
        assert len(between) > 10
        assert (between["kind"].to_numpy() == "comment").all() and (parent["kind"].to_numpy() == "comment").all()
        assert (between["post_id"].to_numpy() == parent["post_id"].to_numpy()).all()
        assert (between["member_id"].to_numpy() != parent["member_id"].to_numpy()).all()


@pytest.mark.parametrize("shape", list(SPECS))
def test_response_times_and_unanswered_questions(sims, shape):
    demo, spec = sims[shape], SPECS[shape]
    i = demo.interactions
    questions = _needing_reply(demo)
    questions = questions[questions["created_at"] < spec.months[-1].start(spec.timezone)]
    answers = i[i["by_library"]].set_index("reply_to")["created_at"]
    answered_at = questions["interaction_id"].map(answers)
    unanswered = answered_at.isna().mean()
    assert 0.05 <= unanswered <= 0.32
    assert abs(unanswered - spec.unanswered) < 0.06
    hours = (answered_at - questions["created_at"]).dt.total_seconds() / 3600
    local = local_time(questions["created_at"], spec.timezone)
    working = (local.dt.day_of_week < 5) & local.dt.hour.between(9, 16)
    weekend = local.dt.day_of_week >= 5
    assert 0.3 < hours[working].median() < 6  # a few hours when asked during working hours
    assert hours[weekend].median() > 2 * hours[working].median()  # slower at weekends
    assert (hours > 48).mean() > 0.02  # a tail of days


def test_member_texts_of_every_kind_in_every_language(sims):
    for demo in sims.values():
        truth = demo.text_truth.merge(demo.interactions[["interaction_id", "text", "by_library"]], on="interaction_id")
        assert len(truth) == len(demo.text_truth)
        assert not truth["by_library"].any() and truth["text"].notna().all()
        assert set(truth["intent"]) == {"question", "request", "complaint", "praise", "other"}
        questions = truth[truth["intent"] == "question"]
        without_mark = ~questions["text"].str.contains(QUESTION)
        assert 0.1 < without_mark.mean() < 0.5  # questions without "?" too
        shares = truth["intent"].value_counts(normalize=True)
        assert shares["complaint"] > 0.02 and shares["request"] > 0.02 and shares["praise"] > 0.2
    mentions = sims["typical"].text_truth.query("kind == 'mention' and intent == 'complaint'")
    assert len(mentions) > 0


def test_intents_leave_the_rest_of_the_simulation_unchanged():
    """The intent split has its own generator: the same actions, times and replies with any texts seed."""
    from libcommunity.demo.simulate import conversation, rng_for
    from libcommunity.demo.members import simulate_population
    from libcommunity.demo.audience import daily_audience
    from libcommunity.demo.posts import simulate_posts

    spec = AccountSpec("det", "x", "America/New_York", "en", followers=200, start="2026-01", end="2026-04")
    cal = build_calendar(spec)
    pop = simulate_population(spec, cal, rng_for(1, spec.account, "members"))
    posts = simulate_posts(spec, cal, daily_audience(cal, pop).followers, rng_for(1, spec.account, "posts"))
    a = conversation(spec, cal, pop, posts, rng_for(1, spec.account, "interactions"), np.random.default_rng(1))
    b = conversation(spec, cal, pop, posts, rng_for(1, spec.account, "interactions"), np.random.default_rng(2))
    same = ["member", "kind", "t", "post", "reply_row", "by_library", "interaction_id"]
    pd.testing.assert_frame_equal(a[same], b[same])
    assert not a["intent"].equals(b["intent"])


def test_questions_are_in_the_account_language(sims):
    asked = _needing_reply(sims["typical"])
    assert set(asked["kind"]) == {"comment", "mention", "message"}
    marked = asked.loc[asked["intent"] == "question", "text"]
    assert marked[marked.str.contains(r"\?")].str.contains("¿").all()
    sv = TEXTS["sv"] | MEMBER_TEXTS["sv"]
    pools = sv["question"] + sv["message_question"] + sv["question_plain"] + sv["request"] + sv["complaint"]
    mention = [s.format(lib=LIVELY.handle) for s in sv["mention_question"]]
    mention += [f"{LIVELY.handle} {s[:1].lower()}{s[1:]}" for p in ("question_plain", "request", "complaint") for s in sv[p]]
    assert _needing_reply(sims["lively"])["text"].isin(pools + mention).all()


# --- posts and the interactions on them ---------------------------------------------------------


def test_post_ids_exist_and_post_counts_match_interactions(sims):
    for demo in sims.values():
        posts, i = demo.posts.set_index("post_id"), demo.interactions
        on_post = i[i["post_id"].notna()]
        assert on_post["post_id"].isin(posts.index).all()
        assert (on_post["created_at"].to_numpy() > posts.loc[on_post["post_id"], "published_at"].to_numpy()).all()
        for kind, column in (("reaction", "reactions"), ("comment", "comments"), ("share", "shares")):
            counted = on_post[on_post["kind"] == kind]["post_id"].value_counts().reindex(posts.index).fillna(0)
            assert (counted.astype(int) == posts[column].astype(int)).all(), column
        assert (
            not i[i["kind"].isin(["message", "follow", "unfollow", "mention", "ugc"]) & ~i["by_library"]]["post_id"]
            .notna()
            .any()
        )
        assert (
            i.duplicated(["member_id", "post_id", "kind"])
            .loc[i["kind"].isin(["reaction", "share", "event", "survey"])]
            .sum()
            == 0
        )


def test_events_and_surveys_point_to_their_posts():
    demo = simulate_account(
        AccountSpec("events", "facebook", "America/Mexico_City", "es", followers=1500, start="2026-01", end="2026-06"),
        seed=2,
    )
    posts, i = demo.posts.set_index("post_id"), demo.interactions
    events = i[i["kind"] == "event"]
    assert len(events) > 20
    assert (posts.loc[events["post_id"], "kind"] == "event").all()
    local = local_time(events["created_at"], "America/Mexico_City")
    assert local.dt.hour.between(10, 19).all()  # events happen at opening hours, not at night
    members = demo.members.set_index("member_id")
    assert members.loc[events["member_id"], "followed_at"].isna().any()  # attendees who do not follow online
    surveys = i[i["kind"] == "survey"]
    assert len(surveys) > 0 and surveys["post_id"].nunique() == 1  # the March survey (survey months 3 and 10)
    assert posts.loc[surveys["post_id"], "text"].str.contains("encuesta").all()


def test_post_metrics_are_realistic(sims):
    typical = sims["typical"].posts
    assert set(typical["kind"]) <= {"photo", "reel", "video", "story"}
    assert (typical["impressions"] >= typical["reach"]).all()
    assert typical[typical["paid"]]["reach"].median() > 2 * typical[~typical["paid"]]["reach"].median()
    video = typical["kind"].isin(["video", "reel"])
    assert typical.loc[video, "views"].notna().all() and typical.loc[~video, "views"].isna().all()
    assert typical["saves"].notna().all() and typical["url"].str.startswith("https://www.instagram.com/p/").all()
    for fediverse in (sims["lively"].posts, sims["quiet"].posts):
        assert fediverse[["reach", "impressions", "views", "clicks", "saves", "paid"]].isna().all().all()
    days = typical["published_at"].dt.tz_convert("Europe/Madrid").dt.normalize()
    per_day = days.value_counts()
    assert per_day.max() <= 4 and 0.8 < len(typical) / ((days.max() - days.min()).days + 1) < 2
    weekend = days.dt.day_of_week >= 5
    assert weekend.mean() < 0.2


def test_reach_grows_with_followers():
    cal = build_calendar(TYPICAL)
    small, large = (
        simulate_posts(TYPICAL, cal, np.full(len(cal.days), n), np.random.default_rng(1)) for n in (1000, 4000)
    )
    assert np.array_equal(small.t, large.t)
    assert 2 < np.nanmedian(large.reach) / np.nanmedian(small.reach) < 8


def test_seasonality_campaigns_and_quiet_august(sims):
    demo, spec = sims["lively"], LIVELY
    posts = demo.posts.assign(month=month_of(demo.posts["published_at"], spec.timezone))
    assert posts[posts["month"] == "2025-07"]["text"].str.contains("#Sommarläsning").mean() > 0.4
    assert posts[posts["month"] == "2025-09"]["text"].str.contains("#Bokmässan").mean() > 0.4
    assert not posts[posts["month"] == "2026-02"]["text"].str.contains("#Sommarläsning|#Bokmässan").any()
    rows = member_rows(demo)
    rows = rows[rows["kind"].isin(["reaction", "comment", "share", "mention", "ugc", "message"])]
    truth = demo.ground_truth
    engaged = truth[truth["segment"] != "silent_follower"].groupby("month").size()
    per_person = month_of(rows["created_at"], spec.timezone).value_counts() / engaged
    ordinary = per_person.drop(["2025-07", "2025-08", "2025-09", "2025-12", "2026-01"]).median()
    assert per_person["2025-07"] > 1.1 * ordinary  # summer reading
    assert per_person["2025-08"] < 0.85 * ordinary  # European holidays


# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_unique_strings(sims):
    for demo in sims.values():
        assert demo.posts["post_id"].is_unique and demo.interactions["interaction_id"].is_unique
        assert not set(demo.posts["post_id"]) & set(demo.interactions["interaction_id"])

