"""Mastodon API captures (notifications, statuses, account lists with request metadata) and the account archive."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, detect, load_file
from libcommunity.store import Store

FORMATS = Path(__file__).parent / "data" / "formats" / "mastodon"
# Status ids of the fixtures: (milliseconds since the epoch << 16) | sequence, as Mastodon makes them.
S1 = "115309648281600000"  # library post, 2025-10-03T10:00Z
S2 = "115322506444800001"  # library photo post, 2025-10-05T16:30Z
S2B = "115322565427200002"  # library self-reply (thread), 2025-10-05T16:45Z
ANA_C = "115309892075520003"  # ana's reply to S1
LIB_R = "115310179123200004"  # library's reply to ana
BOB_DM = "115317709209600005"  # bob's direct message
LIB_DM = "115326281318400006"  # library's direct answer to bob
CARLA_R = "115310513356800007"  # carla's reply to ana (mentions the library)
EVA_M = "115334184960000008"  # eva mentions the library
FRAN_Q = "115326446469120009"  # fran quotes S2


def load(name, tz="Europe/Madrid"):
    return load_file(FORMATS / name, LoadContext("lib", tz))


def rows(frame, cols):
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame[cols].itertuples(index=False)]


def test_notifications_map_each_type():
    res = load("notifications.json")
    assert res.format == "mastodon-notifications"
    got = rows(
        res.tables["interactions"].sort_values("created_at"),
        ["interaction_id", "member_id", "kind", "post_id", "reply_to", "by_library"],
    )
    assert got == [
        (f"favourite:bob@other.social:{S1}", "bob@other.social", "reaction", S1, None, False),
        (f"reblog:carla@fedi.example:{S1}", "carla@fedi.example", "share", S1, None, False),
        (f"status:{ANA_C}", "ana@masto.example", "comment", S1, None, False),  # replies to the library: a comment on S1
        (f"status:{CARLA_R}", "carla@fedi.example", "comment", None, f"status:{ANA_C}", False),  # member to member
        ("follow:dan@other.social", "dan@other.social", "follow", None, None, False),
        (f"status:{BOB_DM}", "bob@other.social", "message", None, None, False),  # visibility direct
        (f"status:{FRAN_Q}", "fran@fedi.example", "share", S2, None, False),  # quote
        (f"favourite:ana@masto.example:{S2}", "ana@masto.example", "reaction", S2, None, False),
        (f"status:{EVA_M}", "eva@masto.example", "mention", None, None, False),
    ]
    inter = res.tables["interactions"].set_index("interaction_id")
    assert inter.loc[f"status:{ANA_C}", "created_at"] == pd.Timestamp("2025-10-03T11:02Z")
    assert inter.loc[f"status:{ANA_C}", "text"] == "@bibliomadrid ¡Cien años de soledad, sin duda!"
    members = res.tables["members"]
    assert rows(members, ["member_id", "followed_at", "followers", "following"]) == [
        ("dan@other.social", pd.Timestamp("2025-10-04T09:00Z"), 120, 80)
    ]
    assert any("1 poll, 1 status" in n for n in res.notes)


def _page(tmp_path, items, name="n.json", meta=None):
    p = tmp_path / name
    p.write_text(json.dumps(items), encoding="utf-8")
    if meta is not None:
        (tmp_path / f".{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return p


def test_library_account_learned_from_mentions_when_nothing_was_favourited(tmp_path):
    items = json.loads((FORMATS / "notifications.json").read_text("utf-8"))
    mentions = [n for n in items if n["type"] == "mention"]
    res = load_file(_page(tmp_path, mentions), LoadContext("lib"))
    inter = res.tables["interactions"].set_index("interaction_id")
    # Every mention mentions the library, and only the library: ana's reply is still a comment on S1.
    assert inter.loc[f"status:{ANA_C}", "post_id"] == S1
    assert not any("could not be told" in n for n in res.notes)


def test_library_account_unknown_falls_back_to_request_metadata(tmp_path):
    items = json.loads((FORMATS / "notifications.json").read_text("utf-8"))
    ana = next(n for n in items if n["type"] == "mention" and n["account"]["username"] == "ana")
    carla = next(n for n in items if n["type"] == "mention" and n["account"]["username"] == "carla")
    ana["status"]["mentions"].append({k: carla["account"][k] for k in ("id", "username", "url", "acct")})
    ana_only = [ana]  # two accounts mentioned, nothing favourited: which one is the library?
    res = load_file(_page(tmp_path, ana_only), LoadContext("lib"))
    inter = res.tables["interactions"].set_index("interaction_id")
    assert (
        pd.isna(inter.loc[f"status:{ANA_C}", "post_id"]) and inter.loc[f"status:{ANA_C}", "reply_to"] == f"status:{S1}"
    )
    assert any("could not be told" in n for n in res.notes)
    meta = {
        "endpoint": "/api/v1/notifications",
        "library": {"id": "109650000000000001", "acct": "bibliomadrid", "url": "https://masto.example/@bibliomadrid"},
    }
    res = load_file(_page(tmp_path, ana_only, "m.json", meta), LoadContext("lib"))
    assert res.tables["interactions"].set_index("interaction_id").loc[f"status:{ANA_C}", "post_id"] == S1


def test_statuses_posts_and_library_replies():
    res = load("statuses.json")
    assert res.format == "mastodon-statuses"
    posts = res.tables["posts"].set_index("post_id")
    assert sorted(posts.index) == sorted([S1, S2, S2B])  # the self-reply (thread) is a post; the boost is skipped
    assert posts.loc[S1, ["reactions", "comments", "shares"]].tolist() == [5, 3, 3]  # shares = 2 boosts + 1 quote
    assert posts.loc[S2, "kind"] == "photo" and posts.loc[S1, "kind"] == "text"
    assert posts.loc[S1, "url"] == f"https://masto.example/@bibliomadrid/{S1}"
    replies = res.tables["interactions"].sort_values("created_at")
    assert rows(replies, ["interaction_id", "member_id", "kind", "reply_to", "by_library"]) == [
        (f"status:{LIB_R}", "bibliomadrid@masto.example", "comment", f"status:{ANA_C}", True),
        (f"status:{LIB_DM}", "bibliomadrid@masto.example", "message", f"status:{BOB_DM}", True),
    ]
    assert any("skipped 1 boost" in n for n in res.notes)


def test_statuses_of_several_accounts_are_refused(tmp_path):
    items = json.loads((FORMATS / "statuses.json").read_text("utf-8"))
    notes = json.loads((FORMATS / "notifications.json").read_text("utf-8"))
    items.append(next(n["status"] for n in notes if n["type"] == "mention"))
    with pytest.raises(InputError, match="statuses of one account"):
        load_file(_page(tmp_path, items), LoadContext("lib"))


def test_followers_need_metadata_and_get_a_lower_bound():
    res = load("followers.json")
    assert res.format == "mastodon-followers"
    assert rows(res.tables["members"], ["member_id", "followed_at", "followers", "following"]) == [
        ("dan@other.social", pd.Timestamp("2023-01-10T00:00Z"), 120, 80),  # the library's account is newer than dan's
        ("ana@masto.example", pd.Timestamp("2024-02-03T00:00Z"), 57, 88),  # ana's account is newer than the library's
        ("bob@other.social", pd.Timestamp("2023-01-10T00:00Z"), 1210, 305),
    ]


def test_favourited_and_reblogged_by_are_dated_by_the_status():
    fav = load("favourited_by.json").tables["interactions"]
    assert rows(fav, ["interaction_id", "kind", "created_at", "post_id"]) == [
        (f"favourite:ana@masto.example:{S1}", "reaction", pd.Timestamp("2025-10-03T10:00Z"), S1),
        (f"favourite:bob@other.social:{S1}", "reaction", pd.Timestamp("2025-10-03T10:00Z"), S1),
    ]
    boosts = load("reblogged_by.json").tables["interactions"]
    assert rows(boosts, ["interaction_id", "kind", "post_id"]) == [(f"reblog:carla@fedi.example:{S1}", "share", S1)]


def test_account_list_without_metadata_is_refused_clearly():
    with pytest.raises(
        InputError,
        match=r"a list of Mastodon accounts, but nothing says which list .*\.accounts_without_metadata\.json\.meta\.json",
    ):
        load("accounts_without_metadata.json")


def test_minimal_hand_written_metadata_is_enough(tmp_path):
    p = tmp_path / "fav.json"
    shutil.copy(FORMATS / "accounts_without_metadata.json", p)
    (tmp_path / ".fav.json.meta.json").write_text(json.dumps({"endpoint": f"/api/v1/statuses/{S2}/favourited_by"}))
    got = load_file(p, LoadContext("lib")).tables["interactions"]
    assert rows(got, ["interaction_id", "created_at"]) == [
        (f"favourite:ana@masto.example:{S2}", pd.Timestamp("2025-10-05T16:30Z"))
    ]


def test_overlapping_captures_count_each_favourite_once_and_notifications_give_the_exact_time(tmp_path):
    store = Store(tmp_path / "store")
    ingest_paths([FORMATS / "favourited_by.json", FORMATS / "notifications.json"], account="lib", store=store)
    got = store.sql(
        "SELECT created_at, count(*) OVER () AS n FROM interactions WHERE kind = 'reaction' AND post_id = ? ORDER BY created_at",
        [S1],
    )
    assert got["n"].iloc[0] == 2  # ana (from favourited_by) and bob (in both captures)
    assert got["created_at"].tolist() == [pd.Timestamp("2025-10-03T10:00Z"), pd.Timestamp("2025-10-03T10:30Z")]


def test_library_replies_link_to_the_member_interactions_they_answer(tmp_path):
    store = Store(tmp_path / "store")
    ingest_paths([FORMATS / "statuses.json", FORMATS / "notifications.json"], account="lib", store=store)
    answered = store.sql(
        """SELECT m.kind, m.created_at AS asked, r.created_at AS answered
           FROM interactions r JOIN interactions m ON r.reply_to = m.interaction_id AND r.account = m.account
           WHERE r.by_library AND NOT m.by_library ORDER BY asked"""
    )
    assert answered["kind"].tolist() == ["comment", "message"]
    assert (answered["answered"] - answered["asked"]).tolist() == [
        pd.Timedelta(minutes=73),
        pd.Timedelta(hours=36, minutes=20),
    ]
    # The library is a pseudonymised member id like any other, marked by by_library.
    assert store.sql("SELECT count(DISTINCT member_id) AS n FROM interactions WHERE by_library")["n"].iloc[0] == 1


def test_outbox_with_duplicate_ordered_items_key():
    res = load("outbox.json")
    assert res.format == "mastodon-archive-outbox"
    posts = res.tables["posts"]
    assert posts["post_id"].tolist() == [S1, S2, S2B]
    assert posts["kind"].tolist() == ["text", "photo", "text"]
    assert posts[["reactions", "comments", "shares"]].isna().all().all()
    replies = res.tables["interactions"]
    assert rows(replies, ["interaction_id", "kind", "reply_to", "by_library"]) == [
        (f"status:{LIB_R}", "comment", f"status:{ANA_C}", True),  # a local member's status: its id is known
        (f"status:{LIB_DM}", "message", "uri:https://other.social/users/bob/statuses/113250000000000999", True),
    ]
    assert any("outgoing activity only" in n for n in res.notes)
    assert any("skipped 1 boost" in n for n in res.notes)


@pytest.mark.real_data
def test_real_archive_files(real_data):
    folder = real_data / "formats" / "mastodon_account_archive"
    res = load_file(folder / "outbox_sample.json", LoadContext("dealingwith"))
    posts, replies = res.tables["posts"], res.tables["interactions"]
    assert posts["post_id"].tolist() == ["109305976208011760", "109333840388857217", posts["post_id"].iloc[2]]
    assert len(posts) == 3 and len(replies) == 1  # 4 Create (one replies to @mcg), 2 Announce skipped
    assert replies["reply_to"].tolist() == ["uri:https://social.lol/users/mcg/statuses/109308078398027392"]
    assert replies["member_id"].tolist() == ["dealingwith@indieweb.social"]
    assert posts["published_at"].iloc[0] == pd.Timestamp("2022-11-08T03:07:14Z")
    assert posts["kind"].iloc[0] == "link"
    assert "https://daniel.industries/2022/11/07/less-twitter-more-indieweb/" in posts["text"].iloc[0]
    for name in ("actor.json", "likes_sample.json", "bookmarks_sample.json"):
        loader, _ = detect(folder / name)
        assert loader.name == "mastodon-archive"
        assert load_file(folder / name, LoadContext("dealingwith")).tables == {}


def test_a_hand_saved_followers_list_is_read_by_its_file_name_and_says_so(tmp_path):
    p = tmp_path / "followers-2.json"
    shutil.copy(FORMATS / "accounts_without_metadata.json", p)
    res = load_file(p, LoadContext("lib"))
    assert res.format == "mastodon-followers"
    assert "its file name (followers-2.json) says it is the library's followers" in res.notes[0]
    assert len(res.tables["members"]) == len(json.loads(p.read_text("utf-8")))
    # Any other name still needs the request metadata.
    q = tmp_path / "likers.json"
    shutil.copy(p, q)
    with pytest.raises(InputError, match="nothing says which list it is"):
        load_file(q, LoadContext("lib"))


def test_grouped_notifications_v2_keep_what_the_groups_tell():
    res = load("grouped_notifications.json")
    assert res.format == "mastodon-grouped-notifications"
    got = res.tables["interactions"]
    assert rows(got, ["interaction_id", "kind", "created_at"]) == [
        (f"favourite:bob@other.social:{S1}", "reaction", pd.Timestamp("2025-10-08T10:41Z")),  # the group's latest: exact
        (f"favourite:lucia@libros.social:{S1}", "reaction", pd.Timestamp("2025-10-03T10:00Z")),  # the status's time
        (f"favourite:tomas@masto.example:{S1}", "reaction", pd.Timestamp("2025-10-03T10:00Z")),
        ("follow:dan@other.social", "follow", pd.Timestamp("2025-10-08T09:05Z")),
        (f"status:{ANA_C}", "comment", pd.Timestamp("2025-10-03T11:02Z")),
    ]
    members = res.tables["members"].set_index("member_id")["followed_at"]
    assert members["dan@other.social"] == pd.Timestamp("2025-10-08T09:05Z")
    assert pd.isna(members["lucia@libros.social"])  # a follow the group lists without its time
    assert any("2 action(s) of accounts not listed are missing" in n for n in res.notes)
