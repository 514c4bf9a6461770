"""Hashtags and campaign amplification (campaigns.py), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.metrics import hashtag_campaigns, hashtags_of
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


@pytest.mark.parametrize(
    "text,tags",
    [
        ("Join the #Lectura club", ["lectura"]),
        ("#a #b #A", ["a", "b"]),  # distinct, lower case
        ("#Bibliotecá_2025 rocks", ["bibliotecá_2025"]),  # letters beyond ASCII, digits, underscore
        ("#2025 is not a tag", []),  # no letter
        ("see https://example.org/page#section", []),  # URL fragment
        ("Q&amp;A&#39;s", []),  # HTML entities
        ("a#b mid-word", []),
        ("(#rstats) and #rstats.", ["rstats"]),
        (None, []),
    ],
)
def test_hashtag_rule(text, tags):
    assert hashtags_of([text]) == [tags]


def test_campaigns_of_the_library(shared_store):  # noqa: F811
    # Library post p2 "Join the #Lectura club": 3 engagements, 1 share. Member ugc i13 by hal:
    # "#lectura club #Biblio" -> lectura 1 use, biblio 1 use (no library post).
    t = hashtag_campaigns(shared_store, ACCOUNT, MONTH).set_index("hashtag")
    assert t.index.tolist() == ["lectura", "biblio"]  # 1 member use each; lectura has a library post
    assert t.loc["lectura", "library_posts"] == 1
    assert t.loc["lectura", "post_engagements"] == 3.0
    assert t.loc["lectura", "post_shares"] == 1.0
    assert t.loc["lectura", "amplification_rate"] == 1.0
    assert pd.isna(t.loc["lectura", "mean_engagement_rate_by_reach"])  # p2's reach is unknown
    assert t.loc["lectura", "member_uses"] == 1 and t.loc["lectura", "members_using"] == 1
    assert t.loc["lectura", "member_uses_per_post"] == 1.0
    assert t.loc["biblio", "library_posts"] == 0 and pd.isna(t.loc["biblio", "member_uses_per_post"])


def test_campaign_counts_members_and_uses(build_store):
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "post_id": ["a", "b", "c"],
            "published_at": pd.to_datetime(["2025-10-01T10:00Z", "2025-10-02T10:00Z", "2025-10-03T10:00Z"], utc=True),
            "text": ["Read #BannedBooks week", "#bannedbooks #BannedBooks again", "no tag"],
            "reach": pd.array([100, 200, 300], dtype="Int64"),
            "shares": pd.array([4, 6, 1], dtype="Int64"),
            "reactions": pd.array([6, 14, 1], dtype="Int64"),
        }
    )
    inter = pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "interaction_id": ["1", "2", "3", "4", "5"],
            "member_id": ["ann", "ann", "bob", "lib", "cat"],
            "kind": ["ugc", "mention", "comment", "comment", "comment"],
            "created_at": pd.to_datetime(
                ["2025-10-05T00:00Z", "2025-10-06T00:00Z", "2025-10-07T00:00Z", "2025-10-07T00:00Z", "2025-11-01T00:00Z"],
                utc=True,
            ),
            "by_library": [False, False, False, True, False],
            "text": ["#bannedbooks!", "#BannedBooks #BannedBooks", "love #bannedbooks", "#bannedbooks", "#bannedbooks"],
        }
    )
    t = hashtag_campaigns(build_store({"posts": posts, "interactions": inter}), "lib", "2025-10").set_index("hashtag")
    # Posts a and b: engagements 10 and 20, shares 4 and 6; rates 10/100 and 20/200.
    assert t.loc["bannedbooks", "library_posts"] == 2
    assert t.loc["bannedbooks", "post_engagements"] == 30.0
    assert t.loc["bannedbooks", "post_shares"] == 10.0
    assert t.loc["bannedbooks", "amplification_rate"] == 5.0
    assert t.loc["bannedbooks", "mean_engagement_rate_by_reach"] == pytest.approx(0.1)
    # Members in October: ann twice (uses counted once per text), bob once; the library's own and cat's
    # November comment do not count.
    assert t.loc["bannedbooks", "member_uses"] == 3 and t.loc["bannedbooks", "members_using"] == 2
    assert t.loc["bannedbooks", "member_uses_per_post"] == 1.5


def test_no_hashtags_gives_an_empty_table(build_store):
    posts = pd.DataFrame(
        {"account": "lib", "platform": "x", "post_id": ["a"], "published_at": pd.to_datetime(["2025-10-01T10:00Z"], utc=True), "text": ["plain"]}
    )
    t = hashtag_campaigns(build_store({"posts": posts}), "lib", "2025-10")
    assert t.empty and "member_uses" in t.columns
