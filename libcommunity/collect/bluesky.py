"""Collect a library's Bluesky activity through the AT Protocol (the atproto SDK), saved exactly as returned.

What one run fetches, each endpoint page by page with its ``cursor``
(paging stops at the first empty page, or when no cursor comes back):

1. ``app.bsky.graph.getFollowers`` of the library (logged in, each follower
   carries ``viewer.followedBy``, the follow record that dates the follow);
2. ``app.bsky.feed.getAuthorFeed`` (``posts_with_replies``): the first run the
   whole history, later runs only the last ``refresh_days`` days (the pages
   are newest first; paging stops after the first page reaching older posts);
3. for each of those posts that was liked or reposted,
   ``app.bsky.feed.getLikes`` and ``app.bsky.feed.getRepostedBy``;
4. logged in only: ``app.bsky.notification.listNotifications``, back to the
   newest notification the previous run saw.

Without an app password the public AppView is used and notifications are
skipped (they need the library's login). The app password is read from an
environment variable and never written; nor are session responses.

Rate limits: on HTTP 429 the collector waits until ``ratelimit-reset`` (or
backs off exponentially when the header is missing) and retries, up to
:data:`MAX_RETRIES` times; whenever ``ratelimit-remaining`` falls to
:data:`RATE_LIMIT_RESERVE` it waits for the window to reset first.
"""

from __future__ import annotations

import json
import logging
import time

import httpx
import pandas as pd
from atproto import Client
from atproto_client.exceptions import (
    AtProtocolError,
    NetworkError,
    RateLimitExceededError,
    RequestException,
    UnauthorizedError,
)
from atproto_client.request import Request

from ..errors import CollectError
from . import DEFAULT_RAW
from .rawstore import CollectResult, RawRun

__all__ = ["collect_bluesky", "PUBLIC_APPVIEW", "DEFAULT_SERVICE", "RATE_LIMIT_RESERVE", "MAX_RETRIES"]

log = logging.getLogger("libcommunity")

#: Unauthenticated reads go to Bluesky's public AppView.
PUBLIC_APPVIEW = "https://public.api.bsky.app"
#: Logins go to the library's PDS entry point.
DEFAULT_SERVICE = "https://bsky.social"
RATE_LIMIT_RESERVE = 2
MAX_RETRIES = 5
MAX_WAIT_S = 300
_MAX_PAGES = 100_000
_SECRET_NSIDS = ("com.atproto.server.createSession", "com.atproto.server.refreshSession")


class _Recorder:
    """An httpx response hook that keeps the last response of each request (body read, secrets excepted)."""

    def __init__(self):
        self.last: httpx.Response | None = None
        self.count = 0
        self.remaining: int | None = None
        self.reset: float | None = None

    def __call__(self, response: httpx.Response):
        response.read()
        self.count += 1
        headers = response.headers
        try:
            self.remaining = int(headers["ratelimit-remaining"]) if "ratelimit-remaining" in headers else None
            self.reset = float(headers["ratelimit-reset"]) if "ratelimit-reset" in headers else None
        except ValueError:
            self.remaining = self.reset = None
        if not any(s in str(response.request.url) for s in _SECRET_NSIDS):
            self.last = response


class _BlueskyCollector:
    def __init__(self, client: Client, recorder: _Recorder, run: RawRun, *, sleep, clock=time.time):
        self.client = client
        self.recorder = recorder
        self.run = run
        self.sleep = sleep
        self.clock = clock
        self.library: dict = {}

    def call(self, fn, **params) -> httpx.Response:
        """Call an SDK method with ``params``; retry on 429; return the raw HTTP response."""
        for attempt in range(MAX_RETRIES + 1):
            self.recorder.last = None
            try:
                fn(params={k: v for k, v in params.items() if v is not None})
            except RateLimitExceededError as exc:
                if attempt == MAX_RETRIES:
                    raise CollectError(
                        f"Bluesky kept answering 'rate limit exceeded' after {MAX_RETRIES} waits"
                    ) from None
                self._wait_for_reset(getattr(exc.response, "headers", {}) or {}, backoff=2**attempt)
                continue
            except UnauthorizedError:
                raise CollectError(
                    "Bluesky refused the request (unauthorized): check the handle and app password"
                ) from None
            except NetworkError as exc:
                raise CollectError(f"Bluesky cannot be reached ({exc})") from None
            except (RequestException, AtProtocolError) as exc:
                detail = (
                    getattr(getattr(exc.response, "content", None), "message", None)
                    if getattr(exc, "response", None)
                    else None
                )
                raise CollectError(f"Bluesky answered with an error ({detail or type(exc).__name__})") from None
            response = self.recorder.last
            if response is None:  # pragma: no cover - the hook always sees the response
                raise CollectError("Bluesky: no response received")
            if self.recorder.remaining is not None and self.recorder.remaining <= RATE_LIMIT_RESERVE:
                self._wait_for_reset({"ratelimit-reset": self.recorder.reset}, backoff=1)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_for_reset(self, headers, *, backoff: float):
        reset = headers.get("ratelimit-reset") if hasattr(headers, "get") else None
        try:
            wait = float(reset) - self.clock() if reset is not None else backoff
        except (TypeError, ValueError):
            wait = backoff
        wait = min(max(wait, 1.0), MAX_WAIT_S)
        log.info(f"Bluesky rate limit: waiting {wait:.0f} s")
        self.sleep(wait)

    def save(self, slug: str, response: httpx.Response, nsid: str, params: dict) -> str:
        meta = {
            "url": str(response.request.url),
            "endpoint": nsid,
            "params": {k: v for k, v in params.items() if v is not None},
            "status": response.status_code,
            "fetched_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
            "library": self.library,
        }
        return self.run.save(slug, response.content, meta)

    def walk(self, fn, nsid: str, list_key: str, slug: str, *, stop=None, **params) -> list:
        """Every page of a cursor-paged endpoint; stops on an empty page, a missing cursor or ``stop(items)``."""
        items: list = []
        cursor = None
        for _ in range(_MAX_PAGES):
            page_params = {**params, "cursor": cursor}
            response = self.call(fn, **page_params)
            body = json.loads(response.content or b"{}")
            page = body.get(list_key) or []
            if not page:
                break
            self.save(slug, response, nsid, page_params)
            items.extend(page)
            new_cursor = body.get("cursor")
            if not new_cursor or new_cursor == cursor or (stop is not None and stop(page)):
                break
            cursor = new_cursor
        return items


def collect_bluesky(
    *,
    handle: str,
    account: str,
    raw_root=DEFAULT_RAW,
    app_password: str | None = None,
    service: str | None = None,
    refresh_days: int = 30,
    followers: bool = True,
    transport: httpx.BaseTransport | None = None,
    sleep=time.sleep,
    now: pd.Timestamp | None = None,
) -> CollectResult:
    """Fetch the library's Bluesky data and save every response under ``raw_root/<account>/bluesky/``.

    Parameters
    ----------
    handle : str
        The library's handle (``biblio.bsky.social``) or DID.
    account : str
        The libcommunity account slug.
    raw_root : path-like
    app_password : str, optional
        An app password of the library's account: enables notifications and
        exact follow times. Without it, the public AppView is read.
    service : str, optional
        Where to log in (default ``https://bsky.social``) or, without a
        password, the AppView to read (default ``https://public.api.bsky.app``).
    refresh_days : int
        How many days of posts later runs re-read, and how far back likes and
        reposts of posts are listed.
    followers : bool
        Whether to fetch the follower list.
    transport : httpx.BaseTransport, optional
        The HTTP transport (tests replay recorded responses through one).
    sleep : callable
        Called with seconds to wait for a rate limit.
    now : pandas.Timestamp, optional

    Raises
    ------
    CollectError
        On refused logins, unreachable services and API errors; nothing of
        the failed run is kept.
    """
    if refresh_days < 1:
        raise CollectError(f"refresh_days must be 1 or more; got {refresh_days} instead")
    handle = handle.strip().lstrip("@")
    now = now or pd.Timestamp.now(tz="UTC")
    recorder = _Recorder()
    kwargs = {"event_hooks": {"response": [recorder]}, "timeout": 30.0}
    if transport is not None:
        kwargs["transport"] = transport
    base = service or (DEFAULT_SERVICE if app_password else PUBLIC_APPVIEW)
    client = Client(base_url=base, request=Request(**kwargs))
    run = RawRun(raw_root, account, "bluesky", now)
    state = run.state()
    c = _BlueskyCollector(client, recorder, run, sleep=sleep)
    notes = []
    if app_password:
        try:
            client.login(handle, app_password, fetch_bsky_profile=False)
        except UnauthorizedError:
            raise CollectError(
                f"Bluesky refused the login of {handle!r}: check the handle and the app password"
            ) from None
        except (AtProtocolError, httpx.HTTPError) as exc:
            raise CollectError(f"Bluesky login failed ({type(exc).__name__}: {exc})") from None
    run.start()
    try:
        response = c.call(client.app.bsky.actor.get_profile, actor=handle)
        profile = json.loads(response.content)
        run.save_hidden("profile.json", response.content)
        c.library = {k: profile.get(k) for k in ("did", "handle", "createdAt")}
        actor = profile["did"]
        if followers:
            c.walk(
                client.app.bsky.graph.get_followers,
                "app.bsky.graph.getFollowers",
                "followers",
                "followers",
                actor=actor,
                limit=100,
            )
        window_start = now - pd.Timedelta(days=refresh_days)

        def older_than_window(page):
            times = [pd.Timestamp(i["post"].get("indexedAt")) for i in page if isinstance(i, dict) and i.get("post")]
            return bool(times) and min(times) < window_start

        feed = c.walk(
            client.app.bsky.feed.get_author_feed,
            "app.bsky.feed.getAuthorFeed",
            "feed",
            "author_feed",
            stop=older_than_window if state.get("feed_done") else None,
            actor=actor,
            limit=100,
            filter="posts_with_replies",
        )
        seen = set()
        for item in feed:
            post = item.get("post") or {}
            reason = str((item.get("reason") or {}).get("$type") or "")
            uri = post.get("uri")
            if reason.endswith("reasonRepost") or not uri or uri in seen or not str(uri).startswith(f"at://{actor}/"):
                continue
            seen.add(uri)
            created = pd.Timestamp((post.get("record") or {}).get("createdAt") or post.get("indexedAt"))
            if created < window_start:
                continue
            rkey = uri.rsplit("/", 1)[-1]
            if post.get("likeCount"):
                c.walk(
                    client.app.bsky.feed.get_likes,
                    "app.bsky.feed.getLikes",
                    "likes",
                    f"post-{rkey}-likes",
                    uri=uri,
                    limit=100,
                )
            if post.get("repostCount"):
                c.walk(
                    client.app.bsky.feed.get_reposted_by,
                    "app.bsky.feed.getRepostedBy",
                    "repostedBy",
                    f"post-{rkey}-reposted_by",
                    uri=uri,
                    limit=100,
                )
        seen_until = state.get("notifications_seen_until")
        if app_password:
            floor = pd.Timestamp(seen_until) if seen_until else None

            def reached_seen(page):
                return floor is not None and min(pd.Timestamp(n["indexedAt"]) for n in page) <= floor

            found = c.walk(
                client.app.bsky.notification.list_notifications,
                "app.bsky.notification.listNotifications",
                "notifications",
                "notifications",
                stop=reached_seen,
                limit=100,
            )
            newest = max((pd.Timestamp(n["indexedAt"]) for n in found), default=floor)
            seen_until = newest.isoformat() if newest is not None else None
        else:
            notes.append(
                "no app password: notifications (mentions, replies, quotes, exact repost times) were not collected"
            )
        run_dir = run.commit(
            {"library": c.library, "feed_done": True, "notifications_seen_until": seen_until, "last_run": run.stamp}
        )
    except BaseException:
        run.abort()
        raise
    files = run.files()
    notes.insert(0, f"{len(files)} page(s) saved in {run_dir}")
    snapshots = [f for f in files if not f.name.endswith("-notifications.json")]
    return CollectResult(
        account, "bluesky", run_dir, files, snapshots + run.history("notifications"), recorder.count, notes
    )
