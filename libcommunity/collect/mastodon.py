"""Collect a library's Mastodon activity through the REST API (Mastodon.py), saved exactly as returned.

What one run fetches, in this order:

1. ``GET /api/v1/accounts/verify_credentials`` — the library's own account
   (kept as a hidden file; its id, handle and creation time go into every
   response's metadata so the loader knows whose capture it is);
2. ``GET /api/v1/accounts/:id/followers`` — every page (``max_id`` from the
   ``Link: rel="next"`` header), unless ``followers=False``;
3. ``GET /api/v1/accounts/:id/statuses`` — the first run walks the whole
   history backwards (``max_id``); later runs re-read the statuses of the last
   ``refresh_days`` days forwards (``min_id`` = the snowflake id of that day,
   then ``Link: rel="prev"``), so their counts are current;
4. for each of those statuses that was favourited or boosted,
   ``/api/v1/statuses/:id/favourited_by`` and ``/reblogged_by`` (all pages);
5. ``GET /api/v1/notifications?include_filtered=true`` — the first run walks
   back to the oldest, later runs fetch only what is newer than the newest
   notification already saved (``min_id``, forwards, until an empty page).
   ``include_filtered`` (Mastodon 4.3+) keeps the notifications the library's
   notification policy filtered: mentions from accounts it does not follow are
   exactly what a community manager must answer. The ungrouped (v1) list is
   used: grouped notifications (v2) give only a few accounts per group.

Rate limits: Mastodon.py (``ratelimit_method="wait"``) sleeps and retries
when the server answers 429; in addition the collector pauses until the
limit resets whenever ``X-RateLimit-Remaining`` falls to
:data:`RATE_LIMIT_RESERVE`, so it never runs into the limit in the first
place.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs, urlparse

import pandas as pd
import requests
from mastodon import Mastodon
from mastodon.errors import (
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonUnauthorizedError,
)

from ..errors import CollectError
from . import DEFAULT_RAW
from .rawstore import CollectResult, RawRun

__all__ = ["collect_mastodon", "RATE_LIMIT_RESERVE", "snowflake_at"]

log = logging.getLogger("libcommunity")

#: Requests kept in reserve: below this many remaining, wait for the rate-limit window to reset.
RATE_LIMIT_RESERVE = 2
#: Longest single wait for a rate limit (seconds).
MAX_WAIT_S = 300
_MAX_PAGES = 100_000


def snowflake_at(ts: pd.Timestamp) -> str:
    """The smallest Mastodon id of instant ``ts`` (``milliseconds << 16``): a ``min_id`` meaning "after ts"."""
    return str(int(ts.tz_convert("UTC").value // 1_000_000) << 16)


class _Recorder:
    """A requests response hook that keeps every response (body read) of the current call."""

    def __init__(self):
        self.responses: list[requests.Response] = []
        self.count = 0

    def __call__(self, response, *args, **kwargs):
        _ = response.content  # read the body now: it is saved byte for byte
        self.responses.append(response)
        self.count += 1
        return response


class _MastodonCollector:
    def __init__(self, api: Mastodon, recorder: _Recorder, run: RawRun, *, instance: str, sleep):
        self.api = api
        self.recorder = recorder
        self.run = run
        self.instance = instance.rstrip("/")
        self.sleep = sleep
        self.library: dict = {}

    # ---------------------------------------------------------------- one request
    def call(self, fn, *args, **kwargs):
        """Call a Mastodon.py method; return (parsed result, the HTTP response that carried it)."""
        self.recorder.responses.clear()
        try:
            result = fn(*args, **kwargs)
        except MastodonUnauthorizedError as exc:
            raise CollectError(
                f"{self.instance}: the access token was refused ({exc.args[-1] or 'unauthorized'}); check the token and its read scopes"
            ) from None
        except MastodonNotFoundError as exc:
            raise CollectError(
                f"{self.instance}: not found ({exc.args[-1] or 'HTTP 404'}); is this a Mastodon instance and the account's home?"
            ) from None
        except MastodonNetworkError as exc:
            raise CollectError(f"{self.instance}: the instance cannot be reached ({exc})") from None
        except MastodonError as exc:
            raise CollectError(f"{self.instance}: the API answered with an error ({exc})") from None
        ok = [r for r in self.recorder.responses if r.ok]
        if not ok:  # pragma: no cover - Mastodon.py raises on errors
            raise CollectError(f"{self.instance}: no response received")
        self._respect_rate_limit()
        return result, ok[-1]

    def _respect_rate_limit(self):
        remaining = getattr(self.api, "ratelimit_remaining", None)
        reset = getattr(self.api, "ratelimit_reset", None)
        if remaining is None or reset is None or remaining > RATE_LIMIT_RESERVE:
            return
        wait = reset - time.time()
        if wait > 0:
            log.info(
                f"Mastodon rate limit: {remaining} requests left; waiting {min(wait, MAX_WAIT_S):.0f} s for the window to reset"
            )
            self.sleep(min(wait, MAX_WAIT_S))

    # ---------------------------------------------------------------- saving
    def save(self, slug: str, response: requests.Response, endpoint: str, subject: dict | None = None) -> str:
        url = response.request.url if response.request is not None else response.url
        meta = {
            "url": url,
            "endpoint": endpoint,
            "params": {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()},
            "status": response.status_code,
            "fetched_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
            "link": response.headers.get("Link"),
            "library": self.library,
        }
        if subject:
            meta["subject"] = subject
        return self.run.save(slug, response.content, meta)

    # ---------------------------------------------------------------- paging
    def walk(self, fn, *args, slug: str, endpoint: str, direction: str = "older", subject=None, **params) -> list:
        """Fetch every page: ``older`` follows ``rel="next"`` (max_id), ``newer`` follows ``rel="prev"`` (min_id).

        Empty pages end the walk and are not saved. Returns the items (raw JSON) of all pages.
        """
        items: list = []
        page, response = self.call(fn, *args, **params)
        seen_cursors = set()
        for _ in range(_MAX_PAGES):
            body = json.loads(response.content or b"[]")
            if not body:
                break
            self.save(slug, response, endpoint, subject)
            items.extend(body)
            link = response.links.get("next" if direction == "older" else "prev")
            if not link:
                break
            cursor = parse_qs(urlparse(link["url"]).query).get("max_id" if direction == "older" else "min_id")
            if not cursor or cursor[-1] in seen_cursors:
                break
            seen_cursors.add(cursor[-1])
            if getattr(fn, "sticky_params", False):
                # Ask the next page with the same parameters (a server's Link may drop some, e.g. include_filtered).
                key, drop = ("max_id", "min_id") if direction == "older" else ("min_id", "max_id")
                page, response = self.call(fn, *args, **{**{k: v for k, v in params.items() if k != drop}, key: cursor[-1]})
                continue
            nxt = self.api.fetch_next if direction == "older" else self.api.fetch_previous
            page, response = self.call(nxt, page)
            if page is None:
                break
        return items


def _notifications_of(api: Mastodon):
    """``GET /api/v1/notifications`` with ``include_filtered=true``, through Mastodon.py's request machinery.

    Mastodon 4.3+ leaves out of the list the notifications the account's
    notification policy filtered (mentions from strangers, new accounts, ...)
    unless ``include_filtered=true`` is asked; a community manager must see
    them. Mastodon.py (2.3) has no argument for it, so the request goes through
    its request function directly (rate limits, errors and paging as for any
    call); older servers ignore the parameter. Every page is asked with the
    same parameters (``sticky_params``). The list stays ungrouped (v1): every
    action with its own time, ``quote`` notifications (4.5) included.
    """

    def notifications(**params):
        params = {k: v for k, v in params.items() if v is not None}
        params["include_filtered"] = "true"
        return api._Mastodon__api_request("GET", "/api/v1/notifications", params)

    notifications.sticky_params = True
    return notifications


def collect_mastodon(
    *,
    instance: str,
    token: str,
    account: str,
    raw_root=DEFAULT_RAW,
    refresh_days: int = 30,
    followers: bool = True,
    session: requests.Session | None = None,
    sleep=time.sleep,
    now: pd.Timestamp | None = None,
) -> CollectResult:
    """Fetch the library's Mastodon data and save every response under ``raw_root/<account>/mastodon/``.

    Parameters
    ----------
    instance : str
        The library's instance, e.g. ``https://mastodon.social``.
    token : str
        An access token of the library's account with ``read`` scope.
    account : str
        The libcommunity account slug (the folder under ``raw_root``).
    raw_root : path-like
        ``data/raw`` by default.
    refresh_days : int
        How many days of statuses later runs re-read (their counts change),
        and how far back favourites and boosts of statuses are listed.
    followers : bool
        Whether to fetch the full follower list.
    session : requests.Session, optional
        The HTTP session (tests pass one whose transport replays recorded responses).
    sleep : callable
        Called with seconds to wait for a rate limit.
    now : pandas.Timestamp, optional
        The run's time (default: now).

    Returns
    -------
    CollectResult

    Raises
    ------
    CollectError
        On refused tokens, unreachable instances and API errors; nothing of
        the failed run is kept.
    """
    if refresh_days < 1:
        raise CollectError(f"refresh_days must be 1 or more; got {refresh_days} instead")
    if not str(instance).startswith(("http://", "https://")):
        instance = f"https://{instance}"
    now = now or pd.Timestamp.now(tz="UTC")
    session = session or requests.Session()
    recorder = _Recorder()
    session.hooks.setdefault("response", []).append(recorder)
    api = Mastodon(
        access_token=token,
        api_base_url=instance,
        session=session,
        ratelimit_method="wait",
        version_check_mode="none",
        user_agent="libcommunity-collect",
    )
    run = RawRun(raw_root, account, "mastodon", now)
    state = run.state()
    run.start()
    c = _MastodonCollector(api, recorder, run, instance=instance, sleep=sleep)
    notes = []
    try:
        _, response = c.call(api.account_verify_credentials)
        me = json.loads(response.content)
        run.save_hidden("verify_credentials.json", response.content)
        c.library = {k: me.get(k) for k in ("id", "acct", "url", "created_at")}
        lib_id = str(me["id"])
        if followers:
            c.walk(
                api.account_followers,
                lib_id,
                slug="followers",
                endpoint=f"/api/v1/accounts/{lib_id}/followers",
                limit=80,
            )
        window_start = now - pd.Timedelta(days=refresh_days)
        if state.get("statuses_done"):
            statuses = c.walk(
                api.account_statuses,
                lib_id,
                slug="statuses",
                endpoint=f"/api/v1/accounts/{lib_id}/statuses",
                direction="newer",
                min_id=snowflake_at(window_start),
                limit=40,
            )
        else:
            statuses = c.walk(
                api.account_statuses, lib_id, slug="statuses", endpoint=f"/api/v1/accounts/{lib_id}/statuses", limit=40
            )
        for st in statuses:
            if st.get("reblog") or pd.Timestamp(st["created_at"]) < window_start:
                continue
            sid = str(st["id"])
            subject = {"status_id": sid, "status_created_at": st["created_at"]}
            if st.get("favourites_count"):
                c.walk(
                    api.status_favourited_by,
                    sid,
                    slug=f"status-{sid}-favourited_by",
                    endpoint=f"/api/v1/statuses/{sid}/favourited_by",
                    subject={**subject, "kind": "favourited_by"},
                )
            if st.get("reblogs_count"):
                c.walk(
                    api.status_reblogged_by,
                    sid,
                    slug=f"status-{sid}-reblogged_by",
                    endpoint=f"/api/v1/statuses/{sid}/reblogged_by",
                    subject={**subject, "kind": "reblogged_by"},
                )
        newest = state.get("notifications_newest_id")
        notifications = _notifications_of(api)
        if newest:
            found = c.walk(
                notifications,
                slug="notifications",
                endpoint="/api/v1/notifications",
                direction="newer",
                min_id=newest,
                limit=40,
            )
        else:
            found = c.walk(notifications, slug="notifications", endpoint="/api/v1/notifications", limit=40)
        ids = [int(n["id"]) for n in found if str(n.get("id", "")).isdigit()]
        if newest and str(newest).isdigit():
            ids.append(int(newest))
        new_state = {
            "library": c.library,
            "statuses_done": True,
            "notifications_newest_id": str(max(ids)) if ids else newest,
            "last_run": run.stamp,
        }
        run_dir = run.commit(new_state)
    except BaseException:
        run.abort()
        raise
    files = run.files()
    notes.append(f"{len(files)} page(s) saved in {run_dir}")
    snapshots = [f for f in files if not f.name.endswith("-notifications.json")]
    ingest_order = snapshots + run.history("notifications")
    return CollectResult(account, "mastodon", run_dir, files, ingest_order, recorder.count, notes)
