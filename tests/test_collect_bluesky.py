"""The Bluesky collector against recorded AT Protocol responses (httpx mock transport, no network)."""

import hashlib
import json
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest

from libcommunity.collect.bluesky import collect_bluesky
from libcommunity.errors import CollectError
from libcommunity.ingest import ingest_paths
from libcommunity.store import Store

RECORDED = Path(__file__).parent / "data" / "formats" / "recorded" / "bluesky"
HANDLE = "bibliolavapies.bsky.social"
LIB = "did:plc:bibliolavapies7x3q"
NOW = pd.Timestamp("2025-10-08T06:00Z")


class Replay:
    """An httpx transport handler answering XRPC calls from recorded responses."""

    def __init__(self, overrides=None):
        self.routes = json.loads((RECORDED / "routes.json").read_text("utf-8"))
        self.overrides = overrides or {}  # nsid -> list of httpx.Response served first
        self.asked = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        nsid = request.url.path.rsplit("/", 1)[-1]
        params = {k: v for k, v in request.url.params.items() if k != "limit"}
        self.asked.append((request.url.host, nsid, params))
        if self.overrides.get(nsid):
            return self.overrides[nsid].pop(0)
        for r in self.routes:
            if r["nsid"] == nsid and r["params"] == params:
                return httpx.Response(r["status"], headers=r["headers"], content=(RECORDED / r["body"]).read_bytes())
        return httpx.Response(400, json={"error": "InvalidRequest", "message": f"no recording for {nsid} {params}"})


def collect(tmp_path, replay=None, password="app-pass-1234", **kw):
    replay = replay or Replay()
    waits = []
    result = collect_bluesky(
        handle=HANDLE,
        account="lib",
        raw_root=tmp_path / "raw",
        app_password=password,
        transport=httpx.MockTransport(replay),
        sleep=waits.append,
        now=NOW,
        **kw,
    )
    return result, replay, waits


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_logged_in_run_pages_until_an_empty_page_and_saves_bodies_unchanged(tmp_path):
    result, replay, waits = collect(tmp_path)
    names = [f.name for f in result.files]
    assert names[:4] == ["0001-followers.json", "0002-followers.json", "0003-author_feed.json", "0004-author_feed.json"]
    assert names[-2:] == ["0011-notifications.json", "0012-notifications.json"]
    assert sha(result.files[2]) == sha(RECORDED / "feed-1.json")
    # Empty pages end the walk (they are asked for, not saved).
    feed_cursors = [p.get("cursor") for _, n, p in replay.asked if n == "app.bsky.feed.getAuthorFeed"]
    assert feed_cursors == [None, "c-feed-2", "c-feed-3"]
    notif_cursors = [p.get("cursor") for _, n, p in replay.asked if n == "app.bsky.notification.listNotifications"]
    assert notif_cursors == [None, "c-n-2", "c-n-3"]
    # Likes and reposts are listed for each of the library's own posts (not its repost of gus).
    liked = sorted(p["uri"].rsplit("/", 1)[-1] for _, n, p in replay.asked if n == "app.bsky.feed.getLikes")
    assert liked == ["3m2bsp4tu2225", "3m2c2ajmac22b", "3m2hjgdqok226", "3m2hkb62is227"]
    # The session (tokens) is never written; the password appears nowhere.
    text = "".join(p.read_text("utf-8") for p in result.run_dir.rglob("*") if p.is_file())
    assert "accessJwt" not in text and "app-pass-1234" not in text
    meta = json.loads((result.run_dir / ".0003-author_feed.json.meta.json").read_text())
    assert meta["endpoint"] == "app.bsky.feed.getAuthorFeed" and meta["library"]["did"] == LIB
    assert waits == []


def test_collected_run_ingests(tmp_path):
    result, _, _ = collect(tmp_path)
    store = Store(tmp_path / "store")
    ingest_paths(result.ingest_order, account="lib", store=store, timezone="Europe/Madrid")
    counts = store.sql("SELECT kind, count(*) AS n FROM interactions GROUP BY 1 ORDER BY 1")
    assert dict(zip(counts["kind"], counts["n"])) == {
        "comment": 3,
        "follow": 1,
        "mention": 1,
        "reaction": 5,
        "share": 4,
    }
    # Carla's repost of P1 is in getRepostedBy (post time) and in the notifications (exact): exact wins.
    # (the DID inside the id is pseudonymised like the member id: repost:<member>:<post>)
    carla_id = store.identities("lib").set_index("handle")["member_id"]["did:plc:carlam8m8m8m"]
    carla = store.sql("SELECT created_at FROM interactions WHERE interaction_id LIKE ?", [f"repost:{carla_id}:%"])
    assert carla["created_at"].tolist() == [pd.Timestamp("2025-10-03T10:40Z")]
    assert store.sql("SELECT count(*) AS n FROM posts")["n"].iloc[0] == 3
    assert store.account("lib").platforms == ["bluesky"]


def test_without_password_the_public_appview_is_read_and_notifications_skipped(tmp_path):
    result, replay, _ = collect(tmp_path, password=None)
    assert {host for host, _, _ in replay.asked} == {"public.api.bsky.app"}
    assert not any(n == "app.bsky.notification.listNotifications" for _, n, _ in replay.asked)
    assert not any(n == "com.atproto.server.createSession" for _, n, _ in replay.asked)
    assert any("no app password" in n for n in result.notes)


def test_http_429_waits_until_the_reset_and_retries(tmp_path):
    reset = str(int(time.time()) + 25)
    limited = httpx.Response(
        429,
        headers={"ratelimit-remaining": "0", "ratelimit-reset": reset},
        json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
    )
    result, replay, waits = collect(tmp_path, Replay({"app.bsky.graph.getFollowers": [limited]}))
    assert len(waits) == 1 and 20 <= waits[0] <= 25
    assert [n for _, n, _ in replay.asked].count("app.bsky.graph.getFollowers") == 4  # the refused call repeated
    assert sha(result.files[0]) == sha(RECORDED / "followers-1.json")


def test_low_remaining_quota_makes_the_collector_wait(tmp_path):
    replay = Replay()
    for r in replay.routes:
        if r["nsid"] == "app.bsky.feed.getAuthorFeed":
            r["headers"] = {**r["headers"], "ratelimit-remaining": "1", "ratelimit-reset": str(int(time.time()) + 60)}
    _, _, waits = collect(tmp_path, replay)
    assert len(waits) == 3 and all(55 <= w <= 60 for w in waits)


def test_failed_run_keeps_nothing_and_refused_login_is_clear(tmp_path):
    broken = httpx.Response(500, json={"error": "InternalServerError", "message": "boom"})
    with pytest.raises(CollectError, match="Bluesky answered with an error"):
        collect(tmp_path, Replay({"app.bsky.feed.getAuthorFeed": [broken]}))
    assert list((tmp_path / "raw" / "lib" / "bluesky").iterdir()) == []  # no run, no partial directory, no state
    refused = httpx.Response(401, json={"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
    with pytest.raises(CollectError, match="refused the login"):
        collect(tmp_path, Replay({"com.atproto.server.createSession": [refused]}))
