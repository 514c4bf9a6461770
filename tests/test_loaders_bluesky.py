"""Bluesky API captures: getAuthorFeed, getLikes, getRepostedBy, getFollowers, listNotifications."""

import json
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, detect, load_file
from libcommunity.loaders.bluesky import parse_at_uri
from libcommunity.loaders.ids import tid_time
from libcommunity.store import Store

FORMATS = Path(__file__).parent / "data" / "formats" / "bluesky"
LIB = "did:plc:bibliolavapies7x3q"
ANA, BOB, CARLA, DAN = "did:plc:ana4readsq2w", "did:plc:boblee55kk9z", "did:plc:carlam8m8m8m", "did:plc:dan0000follow"
EVA, FRAN = "did:plc:evamentions11", "did:plc:franquotes222"
P1 = f"at://{LIB}/app.bsky.feed.post/3m2bsp4tu2225"  # library post, 2025-10-03T10:00Z
P2 = f"at://{LIB}/app.bsky.feed.post/3m2hjgdqok226"  # library photo post, 2025-10-05T16:30Z
P2B = f"at://{LIB}/app.bsky.feed.post/3m2hkb62is227"  # library self-reply
LIB_R = f"at://{LIB}/app.bsky.feed.post/3m2c2ajmac22b"  # library reply to ana
ANA_R = f"at://{ANA}/app.bsky.feed.post/3m2bw5yjak22a"  # ana replies to P1
CARLA_R = f"at://{CARLA}/app.bsky.feed.post/3m2c6yjdv222c"  # carla replies to ana, in P1's thread


def load(name):
    return load_file(FORMATS / name, LoadContext("lib", "Europe/Madrid"))


def rows(frame, cols):
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame[cols].itertuples(index=False)]


def test_record_keys_hold_the_post_times():
    assert tid_time(parse_at_uri(P1)[2]) == pd.Timestamp("2025-10-03T10:00Z")


def test_author_feed():
    res = load("author_feed.json")
    assert res.format == "bluesky-author-feed"
    posts = res.tables["posts"].drop_duplicates()  # the pinned post appears twice, identically
    assert sorted(posts["post_id"]) == sorted([P1, P2, P2B])
    p = posts.set_index("post_id")
    assert p.loc[P1, ["reactions", "comments", "shares"]].tolist() == [7, 3, 3]  # shares = 2 reposts + 1 quote
    assert p.loc[P2, "kind"] == "photo" and p.loc[P1, "kind"] == "text"
    assert p.loc[P1, "url"] == f"https://bsky.app/profile/{LIB}/post/3m2bsp4tu2225"
    assert p.loc[P1, "published_at"] == pd.Timestamp("2025-10-03T10:00Z")
    assert rows(
        res.tables["interactions"], ["interaction_id", "member_id", "kind", "post_id", "reply_to", "by_library"]
    ) == [(LIB_R, LIB, "comment", P1, ANA_R, True)]
    assert any("skipped 1 repost" in n for n in res.notes)


def test_likes_have_their_own_times():
    res = load("likes.json")
    assert rows(res.tables["interactions"], ["interaction_id", "member_id", "kind", "created_at", "post_id"]) == [
        (f"like:{BOB}:{P1}", BOB, "reaction", pd.Timestamp("2025-10-03T10:30:59.870Z"), P1),
        (f"like:{ANA}:{P1}", ANA, "reaction", pd.Timestamp("2025-10-03T12:00:01.002Z"), P1),
    ]


def test_reposts_are_dated_by_the_post():
    res = load("reposted_by.json")
    assert rows(res.tables["interactions"], ["interaction_id", "kind", "created_at"]) == [
        (f"repost:{CARLA}:{P1}", "share", pd.Timestamp("2025-10-03T10:00Z")),
        (f"repost:{FRAN}:{P1}", "share", pd.Timestamp("2025-10-03T10:00Z")),
    ]
    assert "best lower bound" in res.notes[0]


def test_followers_exact_with_follow_record_else_lower_bound():
    res = load("followers.json")
    assert rows(res.tables["members"], ["member_id", "followed_at"]) == [
        (DAN, pd.Timestamp("2025-10-04T09:00Z")),  # viewer.followedBy: the follow record's key
        (ANA, pd.Timestamp("2023-11-02T08:00Z")),  # ana's account is newer than the library's
        (CARLA, pd.Timestamp("2023-05-01T09:00Z")),  # no createdAt: the library's creation
    ]
    assert rows(res.tables["interactions"], ["interaction_id", "kind", "created_at"]) == [
        (f"follow:{DAN}", "follow", pd.Timestamp("2025-10-04T09:00Z"))
    ]
    assert any("2 follower(s) without a follow record" in n for n in res.notes)


def test_notifications():
    res = load("notifications.json")
    got = rows(
        res.tables["interactions"].sort_values("created_at"),
        ["interaction_id", "member_id", "kind", "post_id", "reply_to"],
    )
    assert got == [
        (f"like:{BOB}:{P1}", BOB, "reaction", P1, None),
        (f"repost:{CARLA}:{P1}", CARLA, "share", P1, None),
        (ANA_R, ANA, "comment", P1, None),
        (CARLA_R, CARLA, "comment", P1, ANA_R),  # member to member, in the library's thread
        (f"follow:{DAN}", DAN, "follow", None, None),
        (f"at://{FRAN}/app.bsky.feed.post/3m2jbg2ni222e", FRAN, "share", P2, None),
        (f"at://{EVA}/app.bsky.feed.post/3m2mpf4j4222d", EVA, "mention", None, None),
    ]
    assert rows(res.tables["members"], ["member_id", "followed_at", "followers", "following"]) == [
        (DAN, pd.Timestamp("2025-10-04T09:00Z"), 120, 80)
    ]
    assert any("1 starterpack-joined" in n for n in res.notes)


def test_all_captures_together_upsert_to_one_row_per_action(tmp_path):
    store = Store(tmp_path / "store")
    files = [
        FORMATS / f
        for f in ("reposted_by.json", "likes.json", "followers.json", "author_feed.json", "notifications.json")
    ]
    ingest_paths(files, account="lib", store=store, timezone="Europe/Madrid")
    counts = store.sql("SELECT kind, count(*) AS n FROM interactions GROUP BY kind ORDER BY kind")
    assert dict(zip(counts["kind"], counts["n"])) == {
        "comment": 3,
        "follow": 1,
        "mention": 1,
        "reaction": 2,
        "share": 3,
    }
    # Carla's repost: the notification (given last) has its exact time, not the post's.
    carla = store.sql(
        "SELECT created_at FROM interactions WHERE kind = 'share' AND post_id = ? ORDER BY created_at", [P1]
    )
    assert carla["created_at"].tolist() == [pd.Timestamp("2025-10-03T10:00Z"), pd.Timestamp("2025-10-03T10:40Z")]
    assert store.sql("SELECT count(*) AS n FROM posts")["n"].iloc[0] == 3
    assert store.sql("SELECT count(*) AS n FROM members")["n"].iloc[0] == 3
    again = ingest_paths(files, account="lib", store=store)
    assert again.changed is False


def test_unknown_object_is_refused(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"cursor": "abc", "lists": [{"uri": "at://did:plc:x/app.bsky.graph.list/1"}]}))
    with pytest.raises(InputError, match="none of the Bluesky responses this loader knows"):
        load_file(p, LoadContext("lib"), format="bluesky-api")


def test_detected_by_content():
    for name in ("author_feed.json", "likes.json", "reposted_by.json", "followers.json", "notifications.json"):
        assert detect(FORMATS / name)[0].name == "bluesky-api"


def test_likes_and_reposts_through_the_library_reposts_and_subscribed_posts():
    res = load("notifications_via_repost.json")
    got = res.tables["interactions"]
    partner = "at://did:plc:ateneolavapies42/app.bsky.feed.post/3m3bnxl2fz22a"
    assert rows(got, ["interaction_id", "member_id", "kind", "post_id"]) == [
        # liked a partner's post through the library's repost: the member's reaction, on no library post
        (f"like:did:plc:rociolee5555:{partner}", "did:plc:rociolee5555", "reaction", None),
        # reposted the library's own post through the library's repost of it: a share of that post
        (f"repost:did:plc:marcosr77777:{P1}", "did:plc:marcosr77777", "share", P1),
        (f"like:{BOB}:{P1}", BOB, "reaction", P1),
    ]
    assert any("1 subscribed-post" in n for n in res.notes)


def test_a_feed_dumped_with_the_atproto_sdk_is_read_and_says_so(tmp_path):
    from atproto import models

    raw = json.loads((FORMATS / "author_feed.json").read_text("utf-8"))
    dumped = models.AppBskyFeedGetAuthorFeed.Response.model_validate(raw).model_dump(mode="json")
    text = json.dumps(dumped)
    assert '"py_type"' in text and '"indexed_at"' in text  # the SDK's own names (nested raw records keep the API's)
    (tmp_path / "feed_sdk.json").write_text(json.dumps(dumped), "utf-8")
    res = load_file(tmp_path / "feed_sdk.json", LoadContext("lib", "Europe/Madrid"))
    assert any("atproto Python SDK" in n for n in res.notes)
    expected = load("author_feed.json")
    for table, frame in expected.tables.items():
        pd.testing.assert_frame_equal(res.tables[table], frame)


def _profiles_capture(path, profiles):
    path.write_text(json.dumps({"profiles": profiles}), encoding="utf-8")
    return path


def test_profiles_are_read_for_who_is_who_only_and_a_profile_without_a_did_is_skipped(tmp_path):
    p = _profiles_capture(tmp_path / "profiles.json", [
        {"did": ANA, "handle": "ana.bsky.social", "description": "Lectora\nAlso on Mastodon: @ana@masto.es"},
        {"handle": "nodid.bsky.social", "description": ""},
        {"did": BOB, "handle": "bob.bsky.social", "description": ""},
    ])
    assert detect(p)[0].name == "bluesky-api"
    res = load_file(p, LoadContext("lib"))
    assert res.format == "bluesky-profiles" and res.tables == {}
    assert res.skipped == {"profile without a DID": [2]}
    assert any(n.startswith("2 profile(s): read for who is who only") for n in res.notes)


def test_an_invalid_handle_links_no_one(tmp_path):
    """Bluesky shows ``handle.invalid`` for any account whose handle no longer verifies: many accounts share it."""
    from libcommunity.people.links import bluesky_handles, read_links

    p = _profiles_capture(tmp_path / "profiles.json", [
        {"did": ANA, "handle": "handle.invalid", "description": ""},
        {"did": BOB, "handle": "Handle.Invalid", "description": ""},
        {"did": CARLA, "handle": "carla.bsky.social", "description": ""},
    ])
    assert bluesky_handles(p) == {CARLA: "carla.bsky.social"}
    store = Store(tmp_path / "st")
    ingest_paths([p], account="lib", store=store, platform="bluesky")
    links = read_links(store, "lib")
    assert len(links) == 2 and links["person_id"].nunique() == 1  # Carla's DID and handle; Ana and Bob stay apart
