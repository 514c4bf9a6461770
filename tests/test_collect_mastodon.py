"""The Mastodon collector against recorded API responses (no network): paging, raw files, rate limits, ingest."""

import hashlib
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import mastodon.internals
import pandas as pd
import pytest
import requests
from requests.structures import CaseInsensitiveDict

from libcommunity.collect.mastodon import collect_mastodon, snowflake_at
from libcommunity.errors import CollectError
from libcommunity.ingest import ingest_paths
from libcommunity.store import Store

RECORDED = Path(__file__).parent / "data" / "formats" / "recorded" / "mastodon"
INSTANCE = "https://masto.example"
LIB_ID = "109650000000000001"
RUN1, RUN2 = pd.Timestamp("2025-10-08T06:00Z"), pd.Timestamp("2025-10-15T06:00Z")


class Replay(requests.adapters.BaseAdapter):
    """A transport adapter that answers from recorded responses (and records what was asked)."""

    def __init__(self, run: int, overrides=None):
        super().__init__()
        routes = json.loads((RECORDED / "routes.json").read_text("utf-8"))
        self.routes = {(r["path"], r["max_id"], r["min_id"]): r for r in routes if run in r["runs"]}
        self.overrides = overrides or {}  # key -> list of (status, headers, body) served first
        self.asked = []

    def send(self, request, **kwargs):
        url = urlparse(request.url)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        key = (url.path, q.get("max_id"), q.get("min_id"))
        self.asked.append((url.path, q))
        resp = requests.Response()
        resp.url, resp.request, resp.encoding = request.url, request, "utf-8"
        if self.overrides.get(key):
            status, headers, body = self.overrides[key].pop(0)
        elif key in self.routes:
            r = self.routes[key]
            rl = r["ratelimit"]
            reset = pd.Timestamp(time.time() + rl["reset_in"], unit="s", tz="UTC").isoformat()
            headers = {
                **r["headers"],
                "X-RateLimit-Limit": str(rl["limit"]),
                "X-RateLimit-Remaining": str(rl["remaining"]),
                "X-RateLimit-Reset": reset,
            }
            status, body = r["status"], (RECORDED / r["body"]).read_bytes()
        else:
            status, headers, body = 404, {"Content-Type": "application/json"}, b'{"error":"Record not found"}'
        resp.status_code, resp._content = status, body
        resp.reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests", 401: "Unauthorized"}.get(status, "")
        resp.headers = CaseInsensitiveDict(headers)
        return resp

    def close(self):
        pass


def session_for(adapter):
    s = requests.Session()
    s.mount("https://", adapter)
    return s


def collect(tmp_path, run=1, adapter=None, **kw):
    adapter = adapter or Replay(run)
    waits = []
    result = collect_mastodon(
        instance=INSTANCE,
        token="t0k3n",
        account="lib",
        raw_root=tmp_path / "raw",
        session=session_for(adapter),
        sleep=waits.append,
        now=RUN1 if run == 1 else RUN2,
        **kw,
    )
    return result, adapter, waits


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_first_run_walks_every_list_back_with_max_id_and_saves_bodies_byte_for_byte(tmp_path):
    result, adapter, waits = collect(tmp_path)
    names = [f.name for f in result.files]
    assert names == [
        "0001-followers.json",
        "0002-followers.json",
        "0003-statuses.json",
        "0004-statuses.json",
        "0005-status-115322565427200002-favourited_by.json",
        "0006-status-115322506444800001-favourited_by.json",
        "0007-status-115322506444800001-favourited_by.json",
        "0008-status-115322506444800001-reblogged_by.json",
        "0009-status-115309648281600000-favourited_by.json",
        "0010-status-115309648281600000-favourited_by.json",
        "0011-status-115309648281600000-reblogged_by.json",
        "0012-status-115309648281600000-reblogged_by.json",
        "0013-notifications.json",
        "0014-notifications.json",
    ]
    # Every saved file is the server's body, unchanged.
    assert sha(result.files[0]) == sha(RECORDED / "followers-1.json")
    assert sha(result.files[-1]) == sha(RECORDED / "notifications-2.json")
    # Paging: max_id taken from each Link rel="next", stopped at the empty page.
    notif = [q.get("max_id") for p, q in adapter.asked if p == "/api/v1/notifications"]
    assert notif == [None, "520006", "520001"]
    # Mastodon 4.3+: filtered notifications (mentions from strangers...) are asked for on every page.
    assert all(q.get("include_filtered") == "true" for p, q in adapter.asked if p == "/api/v1/notifications")
    assert [q.get("max_id") for p, q in adapter.asked if p.endswith("/followers")] == [None, "900002", "900001"]
    meta = json.loads((result.run_dir / ".0009-status-115309648281600000-favourited_by.json.meta.json").read_text())
    assert meta["endpoint"] == "/api/v1/statuses/115309648281600000/favourited_by"
    assert meta["library"]["id"] == LIB_ID and meta["subject"]["status_created_at"] == "2025-10-03T10:00:00.000Z"
    assert "t0k3n" not in "".join(p.read_text("utf-8") for p in result.run_dir.rglob("*") if p.is_file())
    assert (result.run_dir / ".verify_credentials.json").exists()
    assert result.requests == len(adapter.asked) == 1 + 3 + 3 + 8 + 3
    assert waits == []


def test_collected_run_ingests_and_a_second_run_fetches_only_what_is_new(tmp_path):
    r1, _, _ = collect(tmp_path)
    store = Store(tmp_path / "store")
    ingest_paths(r1.ingest_order, account="lib", store=store, timezone="Europe/Madrid")
    counts = store.sql("SELECT kind, count(*) AS n FROM interactions GROUP BY 1 ORDER BY 1")
    assert dict(zip(counts["kind"], counts["n"])) == {
        "comment": 3,
        "follow": 1,
        "mention": 1,
        "message": 2,
        "reaction": 5,
        "share": 4,
    }
    assert store.sql("SELECT count(*) AS n FROM posts")["n"].iloc[0] == 3
    # Bob's favourite of S1 is in favourited_by (lower bound) and in notifications: the notification's time won.
    # (interaction ids hold the member's pseudonym where the API gives none: favourite:<member>:<status>)
    ids = store.identities("lib").set_index("handle")["member_id"]
    bob_id = ids[[h for h in ids.index if h.startswith("bob")][0]]
    bob = store.sql("SELECT created_at FROM interactions WHERE interaction_id LIKE ?", [f"favourite:{bob_id}:%"])
    assert bob["created_at"].tolist() == [pd.Timestamp("2025-10-03T10:30Z")]
    # Eva's favourite of the thread post is only in favourited_by: dated by the status (lower bound).
    eva = store.sql(
        "SELECT created_at FROM interactions WHERE interaction_id = ?",
        [f"favourite:{ids['eva@masto.example']}:115322565427200002"],
    )
    assert eva["created_at"].tolist() == [pd.Timestamp("2025-10-05T16:45Z")]

    r2, adapter, _ = collect(tmp_path, run=2)
    window = snowflake_at(RUN2 - pd.Timedelta(days=30))
    statuses = [q for p, q in adapter.asked if p.endswith("/statuses")]
    assert [q.get("min_id") for q in statuses] == [window, "115326281318400006"]  # forwards from the window start
    notif = [q.get("min_id") for p, q in adapter.asked if p == "/api/v1/notifications"]
    assert notif == ["520011", "520013"]  # newer than the newest saved, until an empty page
    pages = [f"{f.parent.name}/{f.name}" for f in r2.ingest_order if f.name.endswith("-notifications.json")]
    # Snapshots of this run first, then every notifications page saved so far, oldest run first.
    assert pages == [
        "20251008T060000Z/0013-notifications.json",
        "20251008T060000Z/0014-notifications.json",
        "20251015T060000Z/0012-notifications.json",
    ]
    assert r2.ingest_order[: len(r2.files) - 1] == [f for f in r2.files if not f.name.endswith("-notifications.json")]
    report = ingest_paths(r2.ingest_order, account="lib", store=store)
    assert report.tables["interactions"]["new"] == 2  # eva's follow, gus's favourite
    assert (
        json.loads((tmp_path / "raw" / "lib" / "mastodon" / ".collect-state.json").read_text())[
            "notifications_newest_id"
        ]
        == "520013"
    )


def test_rate_limit_headers_make_the_collector_wait_before_the_limit(tmp_path):
    adapter = Replay(1)
    for r in adapter.routes.values():
        if r["path"].endswith("/followers"):
            r["ratelimit"] = {"limit": 300, "remaining": 1, "reset_in": 42}
    _, _, waits = collect(tmp_path, adapter=adapter)
    assert len(waits) == 3 and all(38 < w <= 42 for w in waits)


def test_http_429_is_waited_out_and_retried(tmp_path, monkeypatch):
    slept = []
    monkeypatch.setattr(mastodon.internals.time, "sleep", slept.append)
    reset = pd.Timestamp(time.time() + 20, unit="s", tz="UTC").isoformat()
    too_many = (
        429,
        {"Content-Type": "application/json", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
        b'{"error":"Too many requests"}',
    )
    adapter = Replay(1, overrides={("/api/v1/notifications", None, None): [too_many]})
    result, adapter, _ = collect(tmp_path, adapter=adapter)
    assert len(slept) == 1 and 15 < slept[0] <= 20
    assert [p for p, q in adapter.asked].count("/api/v1/notifications") == 4  # the refused request was repeated
    assert sha(result.run_dir / "0013-notifications.json") == sha(RECORDED / "notifications-1.json")


def test_a_failure_keeps_nothing_of_the_run(tmp_path):
    adapter = Replay(1)
    del adapter.routes[("/api/v1/notifications", "520006", None)]
    with pytest.raises(CollectError, match="not found"):
        collect(tmp_path, adapter=adapter)
    base = tmp_path / "raw" / "lib" / "mastodon"
    assert list(base.iterdir()) == []  # no run, no partial directory, no state


def test_refused_token_is_a_clear_error(tmp_path):
    refused = (401, {"Content-Type": "application/json"}, b'{"error":"The access token is invalid"}')
    adapter = Replay(1, overrides={("/api/v1/accounts/verify_credentials", None, None): [refused]})
    with pytest.raises(CollectError, match="access token was refused"):
        collect(tmp_path, adapter=adapter)
