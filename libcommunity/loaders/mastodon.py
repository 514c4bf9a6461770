"""Mastodon: REST API responses saved exactly as returned, and the account archive.

API captures (a JSON list, one page of one endpoint):

* ``GET /api/v1/notifications`` — what members did to the library:
  ``follow`` → a ``follow`` interaction and a ``members`` row (followed at
  the notification's time, with the member's follower counts);
  ``favourite`` → ``reaction`` and ``reblog`` → ``share`` on the library
  status; ``quote`` → ``share`` (the quoting status, with its text);
  ``mention`` → the member's status: a ``comment`` on the library status it
  replies to, a ``comment`` replying to another status (``reply_to``) when it
  answers someone else in a conversation that mentions the library, a
  ``message`` when its visibility is ``direct``, else a ``mention``. Other
  types (``status``, ``update``, ``poll``, ``follow_request``, ``admin.*``,
  ...) are not member actions towards the library and are skipped, counted in
  a note.
* ``GET /api/v1/accounts/:id/statuses`` — the library's statuses: top-level
  statuses and self-replies (threads) are ``posts`` with their favourites
  (reactions), replies (comments) and boosts plus quotes (shares); a status
  replying to someone else's status is a library reply (an interaction with
  ``by_library`` true and ``reply_to`` = the member status's interaction id);
  a ``direct`` status is a library ``message``; the library's boosts of other
  statuses are skipped.
* ``GET /api/v1/accounts/:id/followers``, ``/api/v1/statuses/:id/favourited_by``
  and ``/reblogged_by`` — lists of accounts. Their content does not say which
  list they are or of which status, so they need the request metadata the
  collector saves beside each response (``.<file>.meta.json`` with at least
  ``{"endpoint": "/api/v1/statuses/<id>/favourited_by"}``). The API gives no
  time for these actions: a favourite or boost is dated by the best lower
  bound, the status's own time (read from its snowflake id); a follower's
  ``followed_at`` by the later of the follower's and the library's account
  creation.

The library's own account is learned from the capture itself where possible:
the author of the statuses in a statuses capture; in notifications, the
author of the statuses that were favourited, boosted or quoted, else the one
account mentioned by every mention; else from the request metadata
(``library`` as returned by ``verify_credentials``).

Interaction ids: ``status:<id>`` for a status (member comment/mention/quote,
library reply), ``favourite:<member>:<status id>``,
``reblog:<member>:<status id>``, ``follow:<member>`` — the same in every
capture, so overlapping captures upsert. Members are ``user@instance``
(local accounts get the instance's domain).

Archive (``outbox.json`` of "Request your archive"): the library's own
activity only. ``Create`` of a ``Note`` → a post (or a library reply /
message, as above; replies to remote statuses can only name them by URI,
``reply_to`` = ``uri:<URI>``); ``Announce`` (boosts) skipped. The archive
has no counts and no member data. ``actor.json``, ``likes.json`` and
``bookmarks.json`` are recognised but hold nothing the store can use (likes
and bookmarks have no times).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .frames import frame_from_records, platform_of
from .ids import mastodon_id_time
from .jsonio import (
    get,
    html_to_text,
    json_head,
    load_json,
    load_sidecar,
    sidecar_path,
    structure_guard,
)
from .numbers import MAX_COUNT
from .textio import TextSample

__all__ = ["MastodonAPI", "MastodonArchive", "member_handle", "NOTIFICATION_TYPES"]

#: Notification types of the Mastodon API (4.x) this loader knows.
NOTIFICATION_TYPES = frozenset(
    {
        "mention",
        "status",
        "reblog",
        "follow",
        "follow_request",
        "favourite",
        "poll",
        "update",
        "quote",
        "quoted_update",
        "admin.sign_up",
        "admin.report",
        "severed_relationships",
        "moderation_warning",
        "annual_report",
    }
)
_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_ENDPOINTS = (
    (re.compile(r"/api/v1/accounts/([^/?#]+)/followers"), "followers"),
    (re.compile(r"/api/v1/statuses/([^/?#]+)/favourited_by"), "favourited_by"),
    (re.compile(r"/api/v1/statuses/([^/?#]+)/reblogged_by"), "reblogged_by"),
    (re.compile(r"/api/v1/accounts/([^/?#]+)/statuses"), "statuses"),
    (re.compile(r"/api/v1/notifications"), "notifications"),
)


def _parse_url(url) -> tuple[str | None, str]:
    """``(host, path)`` of a URL; ``(None, "")`` for text that is no URL."""
    try:
        parsed = urlparse(str(url or ""))
        return parsed.hostname, parsed.path
    except ValueError:  # e.g. "Invalid IPv6 URL"
        return None, ""


def member_handle(account: dict) -> str | None:
    """``user@instance`` of an API account (local accounts' ``acct`` has no domain: taken from ``url``)."""
    if not isinstance(account, dict):
        return None
    acct = str(account.get("acct") or "").strip().lstrip("@")
    if not acct:
        return None
    if "@" not in acct:
        host = _parse_url(account.get("url") or account.get("uri"))[0]
        if host:
            acct = f"{acct}@{host}"
    return acct


def _actor_handle(actor_uri: str) -> str:
    """``name@host`` of an ActivityPub actor URI such as ``https://host/users/name``."""
    host, path = _parse_url(actor_uri)
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return f"{name}@{host}" if host and name else str(actor_uri)


def _time(value, *, path, row, field, required=True):
    if value in (None, ""):
        if required:
            raise InputError("a time is required here; the field is missing", path=path, row=row, column=field)
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = None
    if ts is None or ts is pd.NaT:
        raise InputError(
            f"expected a time such as 2025-10-03T14:05:00.000Z; got {str(value)[:40]!r}",
            path=path,
            row=row,
            column=field,
        )
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def _count(value):
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT else None


def status_kind(status: dict) -> str:
    """Post kind of an API status: media type, else link (a preview card), poll → other, else text."""
    types = {m.get("type") for m in status.get("media_attachments") or [] if isinstance(m, dict)}
    if types & {"video", "gifv"}:
        return "video"
    if "image" in types:
        return "photo"
    if types:
        return "other"
    if status.get("poll"):
        return "other"
    if status.get("card"):
        return "link"
    return "text"


class _Library:
    """The library's own account in a capture: id and handle (either may be unknown)."""

    def __init__(self, id=None, handle=None, created_at=None):
        self.id = None if id is None else str(id)
        self.handle = handle
        self.created_at = created_at

    @classmethod
    def from_meta(cls, meta: dict) -> "_Library":
        lib = meta.get("library") if isinstance(meta.get("library"), dict) else {}
        created = None
        if lib.get("created_at"):
            try:
                created = pd.Timestamp(lib["created_at"])
                created = created.tz_localize("UTC") if created.tzinfo is None else created.tz_convert("UTC")
            except (ValueError, TypeError):
                created = None
        return cls(lib.get("id"), member_handle(lib), created)

    def fill(self, other: "_Library") -> "_Library":
        return _Library(self.id or other.id, self.handle or other.handle, self.created_at or other.created_at)


def _endpoint(meta: dict) -> tuple[str | None, str | None]:
    """(role, id) of the request a capture answers, from its metadata."""
    where = str(meta.get("endpoint") or meta.get("url") or "")
    for pattern, role in _ENDPOINTS:
        m = pattern.search(where)
        if m:
            return role, (m.group(1) if m.groups() else None)
    return None, None


def _shape(items: list) -> str | None:
    dicts = [i for i in items if isinstance(i, dict)]
    if len(dicts) != len(items) or not dicts:
        return None
    if all("type" in i and "account" in i and "created_at" in i and "content" not in i for i in dicts):
        return "notifications"
    if all("content" in i and "account" in i and "created_at" in i for i in dicts):
        return "statuses"
    if all("acct" in i and "username" in i for i in dicts):
        return "accounts"
    return None


class MastodonAPI(Loader):
    """Mastodon REST API responses: notifications, an account's statuses, followers, favourited_by, reblogged_by."""

    name = "mastodon-api"
    description = (
        "Mastodon REST API JSON as returned (notifications; accounts/:id/statuses; with request metadata: "
        "followers, statuses/:id/favourited_by, reblogged_by)"
    )

    def sniff(self, sample: TextSample) -> bool:
        head = json_head(sample)
        if not head.startswith("["):
            return False
        if head.rstrip() == "[]":
            return _endpoint(load_sidecar(sample.path))[0] is not None if sidecar_path(sample.path).exists() else False
        return '"acct"' in head and '"id"' in head and '"at://' not in head[:2000]

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        with structure_guard(path, "Mastodon API response"):
            return self._load(path, sample, ctx)

    def _load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        data = load_json(path, sample)
        if not isinstance(data, list):
            raise InputError("expected a JSON list as returned by the Mastodon API", path=path)
        meta = load_sidecar(path)
        role, subject_id = _endpoint(meta)
        platform = platform_of(ctx, "mastodon")
        if not data:
            return LoadResult(f"mastodon-{role or 'api'}", {}, ["an empty page: nothing to store"])
        shape = _shape(data)
        if shape is None:
            raise InputError(
                "a JSON list, but not of Mastodon notifications, statuses or accounts "
                "(expected items with 'type' and 'account', or 'content' and 'account', or 'acct')",
                path=path,
            )
        library = _Library.from_meta(meta)
        if shape == "notifications":
            return _notifications(data, path, ctx, platform, library)
        if shape == "statuses":
            return _statuses(data, path, ctx, platform, library)
        if role not in ("followers", "favourited_by", "reblogged_by"):
            raise InputError(
                "a list of Mastodon accounts, but nothing says which list it is (followers, or who favourited or "
                "boosted which status); save it with 'libcommunity collect mastodon', or put the request beside it "
                f'in {sidecar_path(path).name} as {{"endpoint": "/api/v1/statuses/<id>/favourited_by"}}',
                path=path,
            )
        return _accounts(data, path, ctx, platform, library, role, subject_id, meta)


# ----------------------------------------------------------------------------------------- notifications
def _library_from_notifications(items: list) -> _Library:
    authors: Counter = Counter()
    handles = {}
    mentioned = None
    for n in items:
        kind = n.get("type")
        status = n.get("status") if isinstance(n.get("status"), dict) else None
        target = None
        if kind in ("favourite", "reblog") and status:
            target = status.get("account")
        elif kind == "quote" and status:
            target = get(status, "quote", "quoted_status", "account")
        if isinstance(target, dict) and target.get("id") is not None:
            authors[str(target["id"])] += 1
            handles[str(target["id"])] = member_handle(target)
        if kind == "mention" and status:
            ids = {str(m.get("id")) for m in status.get("mentions") or [] if isinstance(m, dict)}
            mentioned = ids if mentioned is None else mentioned & ids
            for m in status.get("mentions") or []:
                if isinstance(m, dict) and str(m.get("id")) not in handles:
                    handles[str(m.get("id"))] = member_handle(m)
    if authors:
        lib_id = authors.most_common(1)[0][0]
        return _Library(lib_id, handles.get(lib_id))
    if mentioned and len(mentioned) == 1:
        lib_id = next(iter(mentioned))
        return _Library(lib_id, handles.get(lib_id))
    return _Library()


def _member_status(status: dict, member: str, created, library: _Library, *, row: int, unknown_library: list) -> dict:
    """The interaction of a member's status that mentions the library."""
    sid = str(status.get("id"))
    reply_id = status.get("in_reply_to_id")
    reply_account = status.get("in_reply_to_account_id")
    record = {
        "_row": row,
        "interaction_id": f"status:{sid}",
        "member_id": member,
        "created_at": created,
        "text": html_to_text(status.get("content")),
        "by_library": False,
    }
    if status.get("visibility") == "direct":
        record["kind"] = "message"
        if reply_id is not None:
            record["reply_to"] = f"status:{reply_id}"
        return record
    if reply_id is None:
        record["kind"] = "mention"
        return record
    record["kind"] = "comment"
    if library.id is not None and str(reply_account) == library.id:
        record["post_id"] = str(reply_id)
    else:
        if library.id is None:
            unknown_library.append(row)
        record["reply_to"] = f"status:{reply_id}"
    return record


def _dedupe(records: list, *, keep: str) -> list:
    """One record per interaction id: the earliest (``keep="first"``) or latest (``"last"``) in time."""
    best: dict = {}
    for r in records:
        key = r.get("interaction_id") or r.get("member_id")
        cur = best.get(key)
        t = r.get("created_at") if "created_at" in r else r.get("followed_at")
        if cur is None:
            best[key] = r
            continue
        tc = cur.get("created_at") if "created_at" in cur else cur.get("followed_at")
        if (keep == "first" and t < tc) or (keep == "last" and t > tc):
            best[key] = r
    return sorted(best.values(), key=lambda r: r["_row"])


def _notifications(items, path, ctx, platform, library) -> LoadResult:
    library = _library_from_notifications(items).fill(library)
    interactions, follows, members, skipped = [], [], [], Counter()
    unknown_library: list = []
    for row, n in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            kind = n.get("type")
            account = n.get("account")
            member = member_handle(account)
            if member is None:
                raise InputError(
                    "expected the acting account with its 'acct'", path=path, row=row, column="account.acct"
                )
            created = _time(n.get("created_at"), path=path, row=row, field="created_at")
            status = n.get("status") if isinstance(n.get("status"), dict) else None
            if kind == "follow":
                follows.append(
                    {
                        "_row": row,
                        "interaction_id": f"follow:{member}",
                        "member_id": member,
                        "kind": "follow",
                        "created_at": created,
                    }
                )
                members.append(
                    {
                        "_row": row,
                        "member_id": member,
                        "followed_at": created,
                        "followers": _count(account.get("followers_count")),
                        "following": _count(account.get("following_count")),
                    }
                )
            elif kind in ("favourite", "reblog") and status:
                sid = str(status.get("id"))
                interactions.append(
                    {
                        "_row": row,
                        "interaction_id": f"{kind}:{member}:{sid}",
                        "member_id": member,
                        "kind": "reaction" if kind == "favourite" else "share",
                        "created_at": created,
                        "post_id": sid,
                    }
                )
            elif kind == "quote" and status:
                quoted = get(status, "quote", "quoted_status", "id") or get(status, "quote", "quoted_status_id")
                interactions.append(
                    {
                        "_row": row,
                        "interaction_id": f"status:{status.get('id')}",
                        "member_id": member,
                        "kind": "share",
                        "created_at": created,
                        "post_id": None if quoted is None else str(quoted),
                        "text": html_to_text(status.get("content")),
                    }
                )
            elif kind == "mention" and status:
                interactions.append(
                    _member_status(status, member, created, library, row=row, unknown_library=unknown_library)
                )
            else:
                skipped[str(kind)] += 1
    records = _dedupe(interactions, keep="first") + _dedupe(follows, keep="last")
    tables = {}
    if records:
        tables["interactions"] = frame_from_records(
            "interactions", sorted(records, key=lambda r: r["_row"]), ctx, platform
        )
    if members:
        tables["members"] = frame_from_records("members", _dedupe(members, keep="last"), ctx, platform)
    notes = []
    if skipped:
        notes.append(
            "skipped notifications that are not a member's action towards the library: "
            + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
        )
    if unknown_library:
        notes.append(
            f"the library's own account could not be told from this capture: {len(unknown_library)} repl"
            f"{'y' if len(unknown_library) == 1 else 'ies'} recorded as comments replying to a status, without the post"
        )
    return LoadResult("mastodon-notifications", tables, notes)


# ----------------------------------------------------------------------------------------- statuses
def _statuses(items, path, ctx, platform, library) -> LoadResult:
    owners = {str(get(s, "account", "id")) for s in items}
    if len(owners) != 1:
        raise InputError(
            f"expected the statuses of one account (GET /api/v1/accounts/:id/statuses); found {len(owners)} authors",
            path=path,
        )
    owner = items[0]["account"]
    library = _Library(get(owner, "id"), member_handle(owner)).fill(library)
    posts, replies, boosts = [], [], 0
    for row, st in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            if st.get("reblog"):
                boosts += 1
                continue
            sid = str(st.get("id"))
            created = _time(st.get("created_at"), path=path, row=row, field="created_at")
            reply_id = st.get("in_reply_to_id")
            reply_account = None if st.get("in_reply_to_account_id") is None else str(st.get("in_reply_to_account_id"))
            direct = st.get("visibility") == "direct"
            if direct or (reply_id is not None and reply_account != library.id):
                replies.append(
                    {
                        "_row": row,
                        "interaction_id": f"status:{sid}",
                        "member_id": library.handle,
                        "kind": "message" if direct else "comment",
                        "created_at": created,
                        "reply_to": None if reply_id is None else f"status:{reply_id}",
                        "by_library": True,
                        "text": html_to_text(st.get("content")),
                    }
                )
                continue
            shares = _count(st.get("reblogs_count"))
            if shares is not None and _count(st.get("quotes_count")) is not None:
                shares += _count(st.get("quotes_count"))
            posts.append(
                {
                    "_row": row,
                    "post_id": sid,
                    "published_at": created,
                    "kind": status_kind(st),
                    "text": html_to_text(st.get("content")),
                    "reactions": _count(st.get("favourites_count")),
                    "comments": _count(st.get("replies_count")),
                    "shares": shares,
                    "url": st.get("url") or st.get("uri"),
                }
            )
    tables = {}
    if posts:
        tables["posts"] = frame_from_records("posts", posts, ctx, platform)
    if replies:
        tables["interactions"] = frame_from_records("interactions", replies, ctx, platform)
    notes = []
    if boosts:
        notes.append(f"skipped {boosts} boost(s) of other accounts' statuses (not the library's posts)")
    return LoadResult("mastodon-statuses", tables, notes)


# ----------------------------------------------------------------------------------------- account lists
def _accounts(items, path, ctx, platform, library, role, subject_id, meta) -> LoadResult:
    if role == "followers":
        members = []
        for row, acc in enumerate(items, start=1):
            with structure_guard(path, "item", row):
                member = member_handle(acc)
                if member is None:
                    raise InputError("expected an account with its 'acct'", path=path, row=row, column="acct")
                created = _time(acc.get("created_at"), path=path, row=row, field="created_at", required=False)
                bound = max([t for t in (created, library.created_at) if t is not None], default=None)
                members.append(
                    {
                        "_row": row,
                        "member_id": member,
                        "followed_at": bound,
                        "followers": _count(acc.get("followers_count")),
                        "following": _count(acc.get("following_count")),
                    }
                )
        notes = [
            "the API does not say when each follower followed: followed_at is the best lower bound "
            "(the later of the follower's and the library's account creation)"
        ]
        return LoadResult(
            "mastodon-followers", {"members": frame_from_records("members", members, ctx, platform)}, notes
        )
    status_time = None
    subject = meta.get("subject") if isinstance(meta.get("subject"), dict) else {}
    if subject.get("status_created_at"):
        status_time = _time(
            subject["status_created_at"], path=sidecar_path(path), row=None, field="subject.status_created_at"
        )
    status_time = status_time or mastodon_id_time(subject_id)
    if status_time is None:
        raise InputError(
            f"the time of status {subject_id!r} is unknown (its id encodes none): add "
            '"subject": {"status_created_at": "..."} to the request metadata',
            path=path,
        )
    kind, prefix = ("reaction", "favourite") if role == "favourited_by" else ("share", "reblog")
    records = []
    for row, acc in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            member = member_handle(acc)
            if member is None:
                raise InputError("expected an account with its 'acct'", path=path, row=row, column="acct")
            records.append(
                {
                    "_row": row,
                    "interaction_id": f"{prefix}:{member}:{subject_id}",
                    "member_id": member,
                    "kind": kind,
                    "created_at": status_time,
                    "post_id": str(subject_id),
                }
            )
    notes = [
        f"the API does not say when each {'favourite' if prefix == 'favourite' else 'boost'} happened: "
        "created_at is the best lower bound, the status's own time"
    ]
    return LoadResult(
        f"mastodon-{role.replace('_', '-')}",
        {"interactions": frame_from_records("interactions", records, ctx, platform)},
        notes,
    )


# ----------------------------------------------------------------------------------------- archive
def _visibility(obj: dict, actor: str) -> str:
    to = obj.get("to") or []
    cc = obj.get("cc") or []
    to = [to] if isinstance(to, str) else to
    cc = [cc] if isinstance(cc, str) else cc
    if _PUBLIC in to:
        return "public"
    if _PUBLIC in cc:
        return "unlisted"
    if f"{actor}/followers" in to or f"{actor}/followers" in cc:
        return "private"
    return "direct"


def _note_kind(obj: dict) -> str:
    types = {str(a.get("mediaType") or "").split("/")[0] for a in obj.get("attachment") or [] if isinstance(a, dict)}
    if "video" in types:
        return "video"
    if "image" in types:
        return "photo"
    if types:
        return "other"
    if obj.get("type") == "Question":
        return "other"
    content = str(obj.get("content") or "")
    for m in re.finditer(r"<a\s[^>]*>", content):
        if not re.search(r'class="[^"]*(mention|hashtag)', m.group(0)):
            return "link"
    return "text"


def _local_status_id(uri: str, host: str | None) -> str | None:
    uri_host, path = _parse_url(uri)
    m = re.search(r"/statuses/(\d+)$", path)
    return m.group(1) if m and uri_host == host else None


class MastodonArchive(Loader):
    """Mastodon account archive: ``outbox.json`` (plus ``actor.json``, ``likes.json``, ``bookmarks.json``)."""

    name = "mastodon-archive"
    description = "Mastodon account archive (outbox.json; actor.json, likes.json, bookmarks.json are recognised)"

    def sniff(self, sample: TextSample) -> bool:
        head = json_head(sample)
        return (
            head.startswith("{")
            and "https://www.w3.org/ns/activitystreams" in head[:4000]
            and ('"OrderedCollection"' in head or '"Person"' in head or '"Service"' in head)
        )

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        with structure_guard(path, "archive"):
            return self._load(path, sample, ctx)

    def _load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        data = load_json(path, sample)
        if not isinstance(data, dict):
            raise InputError("expected an ActivityPub JSON object", path=path)
        kind = data.get("type")
        if kind in ("Person", "Service", "Group", "Organization", "Application"):
            return LoadResult(
                "mastodon-archive-actor",
                {},
                ["actor.json is the library's profile: nothing to store (its follower list is not in the archive)"],
            )
        if kind != "OrderedCollection":
            raise InputError(f"expected an OrderedCollection or an actor; got type {kind!r}", path=path)
        items = data.get("orderedItems") or []
        if not isinstance(items, list):
            raise InputError("expected 'orderedItems' to be a list", path=path, column="orderedItems")
        if items and all(isinstance(i, str) for i in items):
            what = str(data.get("id") or "likes/bookmarks").replace(".json", "")
            return LoadResult(
                f"mastodon-archive-{what}",
                {},
                [f"{what}: {len(items)} status URIs without times or authors: nothing to store"],
            )
        return self._outbox(items, path, ctx)

    def _outbox(self, items, path, ctx) -> LoadResult:
        platform = platform_of(ctx, "mastodon")
        actors = {a.get("actor") for a in items if isinstance(a, dict) and a.get("actor")}
        if len(actors) > 1:
            raise InputError(f"expected the activities of one account; found {len(actors)} actors", path=path)
        posts, replies, skipped = [], [], Counter()
        if not actors:
            return LoadResult("mastodon-archive-outbox", {}, ["an empty outbox: nothing to store"])
        actor = next(iter(actors))
        handle = _actor_handle(actor)
        host = _parse_url(actor)[0]
        for row, act in enumerate(items, start=1):
            with structure_guard(path, "item", row):
                if not isinstance(act, dict):
                    raise InputError("expected an activity object", path=path, row=row)
                obj = act.get("object")
                if (
                    act.get("type") != "Create"
                    or not isinstance(obj, dict)
                    or obj.get("type") not in ("Note", "Question", "Article")
                ):
                    skipped[str(act.get("type"))] += 1
                    continue
                uri = str(obj.get("id") or "")
                sid = _local_status_id(uri, host) or uri
                created = _time(
                    obj.get("published") or act.get("published"), path=path, row=row, field="object.published"
                )
                reply_uri = obj.get("inReplyTo")
                own_reply = isinstance(reply_uri, str) and reply_uri.startswith(f"{actor}/statuses/")
                visibility = _visibility(obj, actor)
                text = html_to_text(obj.get("content"))
                if visibility == "direct" or (reply_uri and not own_reply):
                    if reply_uri:
                        local = _local_status_id(reply_uri, host)
                        reply_to = f"status:{local}" if local else f"uri:{reply_uri}"
                    else:
                        reply_to = None
                    replies.append(
                        {
                            "_row": row,
                            "interaction_id": f"status:{sid}",
                            "member_id": handle,
                            "kind": "message" if visibility == "direct" else "comment",
                            "created_at": created,
                            "reply_to": reply_to,
                            "by_library": True,
                            "text": text,
                        }
                    )
                    continue
                posts.append(
                    {
                        "_row": row,
                        "post_id": sid,
                        "published_at": created,
                        "kind": _note_kind(obj),
                        "text": text,
                        "url": obj.get("url") or uri,
                    }
                )
        tables = {}
        if posts:
            tables["posts"] = frame_from_records("posts", posts, ctx, platform)
        if replies:
            tables["interactions"] = frame_from_records("interactions", replies, ctx, platform)
        notes = [
            "a Mastodon archive holds the library's outgoing activity only: no favourites, boosts or replies "
            "received, no followers, no counts (use API captures for those)"
        ]
        if skipped.get("Announce"):
            notes.append(f"skipped {skipped.pop('Announce')} boost(s) (Announce) of other statuses")
        if skipped:
            notes.append("skipped activities: " + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items())))
        return LoadResult("mastodon-archive-outbox", tables, notes)
