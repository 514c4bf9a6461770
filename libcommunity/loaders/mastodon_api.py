"""Mastodon REST API responses saved exactly as returned (the account archive is :mod:`~libcommunity.loaders.mastodon_archive`).

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

Hand-saved files. A list of accounts saved without the collector's request
metadata cannot say which list it is; a file named ``followers*.json``
(``followers.json``, ``followers-2.json``) is taken as a followers list, and
a note says the file name decided. Other lists need the metadata.

Mastodon 4.3+ notifications. The collector asks ``/api/v1/notifications``
with ``include_filtered=true``, so notifications the library's notification
policy filtered (mentions from accounts it does not follow, new accounts...)
are kept: a community manager must see them. Grouped notifications
(``GET /api/v2/notifications``: ``{"accounts", "statuses",
"notification_groups"}``) are read too, but a group lists at most a few
sample accounts and only its latest time: the most recent account's action
keeps the group's time; the other sample accounts' favourites and boosts are
dated by the status's own time (the best lower bound, as for
``favourited_by``), their follows become members without a follow time, and
the actions of accounts a group does not list are counted in a note (the
collector reads the ungrouped v1 list, which has every action). ``quote``
notifications (Mastodon 4.5) are shares with their text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .frames import frame_from_records, platform_of
from .jsonio import (
    get,
    html_to_text,
    json_head,
    load_json,
    load_sidecar,
    parse_time,
    sidecar_path,
    structure_guard,
    whole_count,
)
from .mastodon_accounts import Library, account_list, member_handle
from .mastodon_grouped import is_grouped, ungroup
from .textio import TextSample

__all__ = ["MastodonAPI", "member_handle", "status_kind", "NOTIFICATION_TYPES"]

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
#: A hand-saved followers list: ``followers.json``, ``followers-2.json``, ``Followers (1).json``.
_FOLLOWERS_NAME = re.compile(r"^followers\b.*\.json$", re.IGNORECASE)
_ENDPOINTS = (
    (re.compile(r"/api/v1/accounts/([^/?#]+)/followers"), "followers"),
    (re.compile(r"/api/v1/statuses/([^/?#]+)/favourited_by"), "favourited_by"),
    (re.compile(r"/api/v1/statuses/([^/?#]+)/reblogged_by"), "reblogged_by"),
    (re.compile(r"/api/v1/accounts/([^/?#]+)/statuses"), "statuses"),
    (re.compile(r"/api/v[12]/notifications"), "notifications"),
)


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
        if head.startswith("{"):  # grouped notifications (v2)
            return '"notification_groups"' in head or (
                re.match(r'^\{\s*"accounts"\s*:', head) is not None and '"acct"' in head
            )
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
        grouped_missing = None
        if is_grouped(data):
            data, grouped_missing = ungroup(data)
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
        library = Library.from_meta(meta)
        if shape == "notifications":
            result = _notifications(data, path, ctx, platform, library)
            if grouped_missing is not None:
                result.format = "mastodon-grouped-notifications"
                result.notes.append(grouped_note(data, grouped_missing))
            return result
        if shape == "statuses":
            return _statuses(data, path, ctx, platform, library)
        hint = None
        if role is None and _FOLLOWERS_NAME.match(path.name):
            role, hint = "followers", (
                f"no request metadata beside this list of accounts: its file name ({path.name}) says it is the "
                "library's followers, so it was read as that"
            )
        if role not in ("followers", "favourited_by", "reblogged_by"):
            raise InputError(
                "a list of Mastodon accounts, but nothing says which list it is (followers, or who favourited or "
                "boosted which status); save it with 'libcommunity collect mastodon', or put the request beside it "
                f'in {sidecar_path(path).name} as {{"endpoint": "/api/v1/statuses/<id>/favourited_by"}}',
                path=path,
            )
        result = account_list(data, path, ctx, platform, library, role, subject_id, meta)
        if hint:
            result.notes.insert(0, hint)
        return result


# ----------------------------------------------------------------------------------------- notifications
def grouped_note(items: list, missing: int) -> str:
    """What a grouped (v2) notifications page could not tell."""
    bounded = sum(1 for n in items if isinstance(n, dict) and n.get("_lower_bound"))
    untimed = sum(1 for n in items if isinstance(n, dict) and n.get("_no_time"))
    return (
        "grouped notifications (v2) list a few accounts per group: "
        f"{missing} action(s) of accounts not listed are missing, {bounded} favourite(s)/boost(s) are dated by the "
        f"status's time (a lower bound) and {untimed} follow(s) have no time; the ungrouped list "
        "(/api/v1/notifications, as the collector saves it) has every action"
    )


def _library_from_notifications(items: list) -> Library:
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
        return Library(lib_id, handles.get(lib_id))
    if mentioned and len(mentioned) == 1:
        lib_id = next(iter(mentioned))
        return Library(lib_id, handles.get(lib_id))
    return Library()


def _member_status(status: dict, member: str, created, library: Library, *, row: int, unknown_library: list) -> dict:
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
        if t is None:  # a row without a time never replaces one with a time
            continue
        if tc is None or (keep == "first" and t < tc) or (keep == "last" and t > tc):
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
            created = parse_time(n.get("created_at"), path=path, row=row, field="created_at")
            status = n.get("status") if isinstance(n.get("status"), dict) else None
            if kind == "follow":
                untimed = bool(n.get("_no_time"))  # a grouped follow whose time the group does not give
                if not untimed:
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
                        "followed_at": None if untimed else created,
                        "followers": whole_count(account.get("followers_count")),
                        "following": whole_count(account.get("following_count")),
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
    library = Library(get(owner, "id"), member_handle(owner)).fill(library)
    posts, replies, boosts = [], [], 0
    for row, st in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            if st.get("reblog"):
                boosts += 1
                continue
            sid = str(st.get("id"))
            created = parse_time(st.get("created_at"), path=path, row=row, field="created_at")
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
            shares = whole_count(st.get("reblogs_count"))
            if shares is not None and whole_count(st.get("quotes_count")) is not None:
                shares += whole_count(st.get("quotes_count"))
            posts.append(
                {
                    "_row": row,
                    "post_id": sid,
                    "published_at": created,
                    "kind": status_kind(st),
                    "text": html_to_text(st.get("content")),
                    "reactions": whole_count(st.get("favourites_count")),
                    "comments": whole_count(st.get("replies_count")),
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
