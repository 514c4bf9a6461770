"""The ambassador roster: who and why."""

from libcommunity.segments import ambassador_roster
from libcommunity.segments.roster import ROSTER_COLUMNS, why_text

from .test_segments_fixtures import pseudonyms


def test_why_in_words():
    row = {"shares": 1, "mentions": 3, "ugc": 2, "replies_given": 1, "events": 0, "surveys": 1, "comments": 4}
    assert why_text(row) == (
        "shared 1 post, mentioned the library 3 times, posted 2 pieces of their own content, "
        "answered another member once, answered a survey, wrote 4 comments"
    )
    assert why_text({k: 0 for k in row}) == ""


def test_roster_by_hand(two_month_store):
    store = two_month_store
    roster = ambassador_roster(store, "lib", "2025-10")
    assert list(roster.columns) == list(ROSTER_COLUMNS)
    assert roster["member"].tolist() == [pseudonyms(store)["uma"]]
    uma = roster.iloc[0]
    assert (uma.shares, uma.mentions, uma.ugc, uma.ambassador_actions) == (2, 1, 1, 4)
    assert uma.why == "shared 2 posts, mentioned the library once, posted 1 piece of their own content, wrote 2 comments"
    shown = ambassador_roster(store, "lib", "2025-10", reveal=True)
    assert shown["handle"].tolist() == ["uma"]
