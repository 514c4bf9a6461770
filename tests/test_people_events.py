"""people/events.py: what the events of a month were followed by, against a comparison worked out by hand.

The store ``lib`` (Mastodon, UTC) is written by hand. Every member follows since January 2025; the events are in
June 2025 (the *event month*): before = April-May, after = July-August, placebo = February-March against
April-May. ``scale`` multiplies every group (the rates stay the same).

==========  ====  ==============================  =================  ==================  =================
group       n     April-May (before)              June events        July (after)        step before->after
==========  ====  ==============================  =================  ==================  =================
a_up        10    nothing: follow (2), band 0     Book club          a comment: 4        2 -> 4 up
a_stay      10    nothing: follow (2), band 0     Book club          nothing: 2          2 -> 2
b_up        2     1 comment: contribute (4), 1-2  Book club          ugc: co_own (5)     4 -> 5 up
b_stay      8     1 comment: contribute (4), 1-2  Book club (4 of    nothing: 2          4 -> 2
                                                  them: Workshop)
c           25    10 reactions: like (3), 10+     Lecture            nothing: 2          3 -> 2
new         2     not members (no step)           Book club          nothing             new
gone        2     unfollowed April 15: no step    Book club          nothing             new
ca_up       8     nothing: 2, band 0              none               a comment: 4        up
ca_stay     32    nothing: 2, band 0              none               nothing             -
cb_up       2     1 comment: 4, band 1-2          none               ugc: 5              up
cb_stay     18    1 comment: 4, band 1-2          none               nothing             -
==========  ====  ==============================  =================  ==================  =================

``w`` and ``w_new`` (only in the tests that add them): followers, and people who are not members, who did nothing
but come to a Poetry reading in June.

``gone`` followed in February-March (step 2), so the placebo compares them, and they went down to no step by
April-May. Nobody came to an event before June, so the strata are (step, band): (2, 0) and (4, 1-2) hold attendees and
non-attendees; (3, 10+) holds only the Lecture's attendees.

* **Book club** (34 people, 4 new, 30 compared): (2, 0) 10 of 20 up against 8 of 40; (4, 1-2) 2 of 10 against 2 of
  20; weights 20/30 and 10/30: attendees 12/30 = 0.4, comparison 2/3 * 0.2 + 1/3 * 0.1 = 1/6, difference 7/30.
  Placebo (February-March all at step 2, band 0; April-May: the b groups and c went up to 4 and 3): attendees 10
  of 32 (``new`` were no members; ``gone`` were, and did not step up), non-attendees 20 of 60 (cb): 10/32 - 1/3.
* **Lecture** (25): nobody comparable (no non-attendee at step 3 with 10+ interactions): matched 0, ``too_few``.
  Its placebo would have 25 matched (25 of 25 up against 20 of 60, +2/3), but the row compares nobody: nulled.
* **Workshop** (4): matched 4, ``too_few``.
* **All events** (59 people, 4 new, 55 compared, 30 matched: the same comparison as the Book club, 7/30); placebo:
  35 of 57 against 20 of 60: 35/57 - 1/3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from libcommunity.people.events import ALL_EVENTS, EFFECT_COLUMNS, compare, event_effects, event_month_of
from tests.report_fixtures import ingest_tables

ACCOUNT = "lib"
PLATFORM = "mastodon"
EVENT_MONTH = "2025-06"
#: Group sizes at scale 1 (see the module docstring).
GROUPS = {"a_up": 10, "a_stay": 10, "b_up": 2, "b_stay": 8, "c": 25, "new": 2, "gone": 2,
          "ca_up": 8, "ca_stay": 32, "cb_up": 2, "cb_stay": 18}


def _tables(scale: int = 1, *, follow_up: bool = True, groups: dict | None = None) -> dict:
    sizes = {g: n * scale for g, n in (groups or GROUPS).items()}
    acts, followers = [], []

    def act(member, kind, when, text=None):
        acts.append((f"i{len(acts)}", member, kind, when, None, None, False, text))

    for group, n in sizes.items():
        for i in range(n):
            m = f"{group}_{i}"
            if group not in ("new", "w_new"):
                followers.append(m)
            if group in ("b_up", "b_stay", "cb_up", "cb_stay"):
                act(m, "comment", "2025-05-10T10:00:00Z", "Thanks for the list")
            if group == "c":
                for d in range(10):
                    act(m, "reaction", f"2025-04-{d + 10:02d}T10:00:00Z")
            if group in ("a_up", "ca_up"):
                act(m, "comment", "2025-07-08T10:00:00Z", "Loved it")
            if group in ("b_up", "cb_up"):
                act(m, "ugc", "2025-07-09T10:00:00Z", "My reading list")
            if group in ("a_up", "a_stay", "b_up", "b_stay", "new", "gone"):
                act(m, "event", "2025-06-10T17:00:00Z", "Book club")
            if group == "b_stay" and i < 4:
                act(m, "event", "2025-06-17T17:00:00Z", "Workshop")
            if group == "c":
                act(m, "event", "2025-06-20T17:00:00Z", "Lecture")
            if group in ("w", "w_new"):
                act(m, "event", "2025-06-24T17:00:00Z", "Poetry reading")
    interactions = pd.DataFrame(acts, columns=["interaction_id", "member_id", "kind", "created_at", "post_id",
                                               "reply_to", "by_library", "text"])
    interactions["created_at"] = pd.to_datetime(interactions["created_at"], utc=True)
    interactions["by_library"] = interactions["by_library"].astype(bool)
    members = pd.DataFrame({"member_id": followers})
    members["followed_at"] = pd.to_datetime(["2025-01-01T00:00:00Z"] * len(members), utc=True)
    members["unfollowed_at"] = pd.to_datetime(pd.Series(
        ["2025-04-15T00:00:00Z" if m.startswith("gone_") else None for m in followers], dtype="object"), utc=True)
    members["is_staff"] = False
    # The library's August post: the data reaches the follow-up's last month (without it, the follow-up is open).
    published = "2025-08-20T09:00:00Z" if follow_up else "2025-07-20T09:00:00Z"
    posts = pd.DataFrame({"post_id": ["p1"], "published_at": pd.to_datetime([published], utc=True), "kind": ["photo"],
                          "text": ["Autumn programme"], "reach": pd.array([100], dtype="Int64")})
    out = {"posts": posts, "members": members, "interactions": interactions}
    for df in out.values():
        df.insert(0, "platform", PLATFORM)
        df.insert(0, "account", ACCOUNT)
    return out


def _store(root, scale: int = 1, **kw):
    return ingest_tables(root, _tables(scale, **kw), account=ACCOUNT, timezone="UTC", platform=PLATFORM)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from tests.conftest import TEST_KEY

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        return _store(tmp_path_factory.mktemp("events"))


@pytest.fixture(scope="module")
def effects(store):
    return event_effects(store, ACCOUNT, EVENT_MONTH)


def _row(effects, activity):
    rows = effects[effects["activity"] == activity]
    assert len(rows) == 1, effects["activity"].tolist()
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------------ the comparison
def test_rows_one_per_event_most_attendees_first_then_the_month(effects):
    assert list(effects.columns) == list(EFFECT_COLUMNS)
    assert effects["activity"].tolist() == ["Book club", "Lecture", "Workshop", ALL_EVENTS]
    assert effects["attendees"].tolist() == [34, 25, 4, 59]
    assert effects["new"].tolist() == [4, 0, 0, 4]
    assert effects["compared"].tolist() == [30, 25, 4, 55]
    assert effects["matched"].tolist() == [30, 0, 4, 30]
    assert effects.attrs == {"event_month": "2025-06", "before": "2025-04..2025-05", "after": "2025-07..2025-08",
                             "complete": True, "placebo_before": "2025-02..2025-03"}


def test_the_matched_difference_is_the_hand_computed_one(effects):
    for activity in ("Book club", ALL_EVENTS):
        row = _row(effects, activity)
        assert row["attendee_rate"] == pytest.approx(12 / 30, abs=1e-12)
        assert row["comparison_rate"] == pytest.approx(2 / 3 * 8 / 40 + 1 / 3 * 2 / 20, abs=1e-12)
        assert row["difference"] == pytest.approx(7 / 30, abs=1e-12)
        assert row["attendee_rate"] - row["comparison_rate"] == pytest.approx(row["difference"], abs=1e-12)


def test_an_unmatched_stratum_is_left_out_rather_than_compared_with_other_steps(effects):
    """Without the Lecture's 25 (step 3, no comparable member) the month's total equals the Book club's."""
    book, total = _row(effects, "Book club"), _row(effects, ALL_EVENTS)
    assert total["compared"] - total["matched"] == 25
    assert total["difference"] == book["difference"]


def test_the_placebo_is_the_hand_computed_one(effects):
    """Every attendee who was a member before the placebo's months counts, also one who left since (``gone``):
    the non-attendees who left are counted too."""
    assert _row(effects, "Book club")["placebo_difference"] == pytest.approx(10 / 32 - 20 / 60, abs=1e-12)
    assert _row(effects, ALL_EVENTS)["placebo_difference"] == pytest.approx(35 / 57 - 20 / 60, abs=1e-12)


def test_verdicts_follow_the_intervals_and_the_placebo(effects):
    book, total = _row(effects, "Book club"), _row(effects, ALL_EVENTS)
    assert book["low"] > 0 and book["placebo_low"] <= 0 <= book["placebo_high"]
    assert book["verdict"] == "more"
    # The month's total: the same difference, but its attendees (the Lecture's) were already stepping up before.
    assert total["low"] > 0 and total["placebo_low"] > 0
    assert total["verdict"] == "already_before"


# ------------------------------------------------------------------------------------------------- the interval
def test_the_interval_holds_the_estimate_and_is_the_same_with_the_same_seed(store, effects):
    for _, row in effects.dropna(subset=["difference"]).iterrows():
        assert row["low"] <= row["difference"] <= row["high"]
        assert row["low"] < row["high"]
    again = event_effects(store, ACCOUNT, EVENT_MONTH)
    pd.testing.assert_frame_equal(again, effects)
    other = event_effects(store, ACCOUNT, EVENT_MONTH, random_state=1)
    book, book1 = _row(effects, "Book club"), _row(other, "Book club")
    assert book1["difference"] == book["difference"]
    assert (book1["low"], book1["high"]) != (book["low"], book["high"])


def test_the_interval_narrows_with_more_people(tmp_path, effects):
    four = event_effects(_store(tmp_path, scale=4), ACCOUNT, EVENT_MONTH)
    small, big = _row(effects, "Book club"), _row(four, "Book club")
    assert big["matched"] == 4 * small["matched"]
    assert big["difference"] == pytest.approx(small["difference"], abs=1e-12)
    # Four times the people: about half the width (the standard error goes with 1 / sqrt(n)).
    ratio = (big["high"] - big["low"]) / (small["high"] - small["low"])
    assert 0.4 < ratio < 0.6


def test_the_bootstrap_interval_is_the_percentile_of_stratified_binomial_draws():
    """An independent computation of one stratum: the 2.5 and 97.5 percentiles of (bt - bc) drawn the same way."""
    treated = pd.DataFrame({"stratum": [(2, 0, False)] * 30, "up": [True] * 12 + [False] * 18})
    controls = pd.DataFrame({"stratum": [(2, 0, False)] * 60, "up": [True] * 12 + [False] * 48})
    got = compare(treated, controls, n_boot=4000, random_state=7, min_matched=20)
    assert got["difference"] == pytest.approx(0.4 - 0.2, abs=1e-12)
    # The normal approximation of the same difference: sqrt(p(1-p)/n + q(1-q)/m).
    se = np.sqrt(0.4 * 0.6 / 30 + 0.2 * 0.8 / 60)
    assert got["low"] == pytest.approx(0.2 - 1.96 * se, abs=0.03)
    assert got["high"] == pytest.approx(0.2 + 1.96 * se, abs=0.03)


# ------------------------------------------------------------------------------------------------ too few people
def test_too_few_matched_attendees_claim_nothing(effects):
    for activity in ("Lecture", "Workshop"):
        row = _row(effects, activity)
        assert row["verdict"] == "too_few"
        assert row[["attendee_rate", "comparison_rate", "difference", "low", "high"]].isna().all()


def test_a_too_few_row_gives_no_placebo_either(effects):
    """The Lecture's placebo would compare 25 attendees (+2/3): a figure beside a row that compares nobody."""
    row = _row(effects, "Lecture")
    assert row[["placebo_difference", "placebo_low", "placebo_high"]].isna().all()


def test_an_event_with_no_comparable_non_attendee_matches_nobody(effects):
    row = _row(effects, "Lecture")
    assert (row["attendees"], row["compared"], row["matched"]) == (25, 25, 0)


def test_the_floor_is_the_number_of_matched_attendees(store):
    at_30 = event_effects(store, ACCOUNT, EVENT_MONTH, min_matched=30)
    at_31 = event_effects(store, ACCOUNT, EVENT_MONTH, min_matched=31)
    assert _row(at_30, "Book club")["verdict"] == "more"
    assert _row(at_31, "Book club")["verdict"] == "too_few"
    assert pd.isna(_row(at_31, "Book club")["difference"])
    # The Workshop's 4 matched people are enough when the floor is 4 (its 4 attendees did not step up: 0 of 4).
    workshop = _row(event_effects(store, ACCOUNT, EVENT_MONTH, min_matched=4), "Workshop")
    assert workshop["attendee_rate"] == 0 and workshop["comparison_rate"] == pytest.approx(0.1, abs=1e-12)


# -------------------------------------------------------------------------------------------- months and people
def test_a_month_without_events_gives_an_empty_frame(store):
    out = event_effects(store, ACCOUNT, "2025-05")
    assert out.empty and list(out.columns) == list(EFFECT_COLUMNS)
    assert out.attrs["event_month"] == "2025-05"


def test_a_follow_up_the_data_does_not_reach_yet_compares_nothing(tmp_path):
    out = event_effects(_store(tmp_path, follow_up=False), ACCOUNT, EVENT_MONTH)
    assert out.attrs["complete"] is False
    assert set(out["verdict"]) == {"follow_up_incomplete"}
    assert out[["difference", "low", "high", "placebo_difference"]].isna().all().all()
    assert out["attendees"].tolist() == [34, 25, 4, 59]


def test_erased_members_are_not_counted(tmp_path):
    from libcommunity.privacy import forget_member

    store = _store(tmp_path)
    forget_member(store, ACCOUNT, "@a_up_0")  # a matched attendee who stepped up
    forget_member(store, ACCOUNT, "@new_0")  # an attendee known only from the list
    book = _row(event_effects(store, ACCOUNT, EVENT_MONTH), "Book club")
    assert (book["attendees"], book["new"], book["compared"], book["matched"]) == (32, 3, 29, 29)
    assert book["attendee_rate"] == pytest.approx(11 / 29, abs=1e-12)
    assert book["difference"] == pytest.approx(19 / 29 * (9 / 19 - 8 / 40) + 10 / 29 * (2 / 10 - 2 / 20), abs=1e-12)


def test_identities_linked_into_one_person_are_counted_once(tmp_path):
    """``new_0`` signed the list; linked to the follower ``ca_stay_0`` they are one attendee, at step 2."""
    from libcommunity.people.links import link_identities
    from tests.people_fixtures import pseudonym

    store = _store(tmp_path)
    with store.transaction() as txn:
        link_identities(txn, ACCOUNT, [[(PLATFORM, pseudonym("new_0", PLATFORM)),
                                        (PLATFORM, pseudonym("ca_stay_0", PLATFORM))]], "manual")
    book = _row(event_effects(store, ACCOUNT, EVENT_MONTH), "Book club")
    assert (book["attendees"], book["new"], book["compared"], book["matched"]) == (34, 3, 31, 31)
    # (2, 0): 10 of 21 attendees against 8 of 39 members; (4, 1-2) unchanged.
    assert book["difference"] == pytest.approx(21 / 31 * (10 / 21 - 8 / 39) + 10 / 31 * (2 / 10 - 2 / 20), abs=1e-12)


def test_the_report_of_a_month_looks_at_the_events_two_months_before():
    assert str(event_month_of("2025-08")) == "2025-06"
    assert str(event_month_of("2025-01", follow_months=3)) == "2024-10"


# ------------------------------------------------------------------------------------ the report's offline section
def _section(store, **kw):
    from libcommunity.report.build import build_report
    from libcommunity.report.sections.events import events_followed

    report = build_report(store, ACCOUNT, "2025-08", lang="en", **kw)
    return events_followed(report), report.t


def _cells(page, column):
    return [v for c, v in page.cells if c == column]


def test_the_report_shows_the_months_events_and_no_small_count(store):
    from tests.test_report_small_numbers import Page, check_marked, check_words

    html, t = _section(store)
    page = Page(html.html)
    assert check_marked(page, t) >= 4
    check_words(page)
    # The Workshop's 4 people are not listed (they count in the month's total only).
    assert _cells(page, "Event") == ["All events of the month", "Book club", "Lecture"]
    assert _cells(page, "People") == ["59", "34", "25"]
    assert _cells(page, "Stepped up") == ["40%", "40%", "–"]
    assert _cells(page, "Difference (95 % interval)")[1].startswith("+23")
    # The Lecture: too few people, and nothing else said about it.
    assert _cells(page, "Before the events")[2] == "–"
    assert _cells(page, "What it says")[2] == "too few people to say"
    html, _t = _section(store, reveal=True)
    assert "Workshop" in Page(html.html).all_text


def test_a_step_up_rate_that_would_give_away_a_few_people_is_withheld(tmp_path):
    """2 of the Book club's 20 matched attendees stepped up: "10 %" beside "20" compared names a group of 2."""
    from tests.test_report_small_numbers import Page, check_words

    groups = {"a_up": 2, "a_stay": 18, "new": 2, "ca_up": 8, "ca_stay": 32}
    store = _store(tmp_path, groups=groups)
    book = _row(event_effects(store, ACCOUNT, EVENT_MONTH), "Book club")
    assert (book["matched"], book["attendee_rate"], book["comparison_rate"]) == (20, 0.1, 0.2)
    page = Page(_section(store)[0].html)
    check_words(page)
    assert _cells(page, "Stepped up") == ["not shown", "not shown"]
    assert _cells(page, "Comparable members") == ["not shown", "not shown"]
    assert _cells(page, "Difference (95 % interval)")[1].startswith("\u221210 pp")
    shown = Page(_section(store, reveal=True)[0].html)
    assert _cells(shown, "Stepped up") == ["10%", "10%"] and _cells(shown, "Comparable members") == ["20%", "20%"]


def test_the_months_total_less_the_listed_events_gives_no_hidden_event_away(tmp_path):
    """3 people came only to a Poetry reading: 62 in all less the Book club's 34 and the Lecture's 25 would say 3."""
    from tests.test_report_small_numbers import Page, check_words

    store = _store(tmp_path, groups={**GROUPS, "w": 3})
    effects = event_effects(store, ACCOUNT, EVENT_MONTH)
    total, book, lecture = (_row(effects, a) for a in (ALL_EVENTS, "Book club", "Lecture"))
    assert _row(effects, "Poetry reading")["attendees"] == 3
    assert total["attendees"] - book["attendees"] - lecture["attendees"] == 3
    assert total["matched"] - book["matched"] - lecture["matched"] == 3
    page = Page(_section(store)[0].html)
    check_words(page)
    # Leaving out the Lecture still leaves 3 matched people to subtract: only the month's total is listed.
    assert _cells(page, "Event") == ["All events of the month"]
    assert _cells(page, "People") == ["62"]
    shown = Page(_section(store, reveal=True)[0].html)
    assert "Poetry reading" in _cells(shown, "Event")


def test_a_listed_event_is_left_out_only_as_far_as_the_rest_needs(tmp_path):
    """3 non-members came only to the Poetry reading: nobody to compare, so only the people's count gives them away;
    leaving out the Lecture (the smallest listed event) is enough, the Book club stays."""
    from tests.test_report_small_numbers import Page

    store = _store(tmp_path, groups={**GROUPS, "w_new": 3})
    effects = event_effects(store, ACCOUNT, EVENT_MONTH)
    assert (_row(effects, "Poetry reading")["attendees"], _row(effects, "Poetry reading")["matched"]) == (3, 0)
    page = Page(_section(store)[0].html)
    assert _cells(page, "Event") == ["All events of the month", "Book club"]
    assert _cells(page, "People") == ["62", "34"]
