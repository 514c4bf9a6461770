"""Bluesky (AT Protocol) API responses saved exactly as returned.

* ``app.bsky.feed.getAuthorFeed`` (``{"feed": [...]}``) — the library's
  posts: ``posts`` with likes (reactions), replies (comments) and reposts
  plus quotes (shares); the library's replies to members' posts are library
  replies (``by_library``, ``reply_to`` = the member post's URI); the
  library's reposts of others are skipped.
* ``app.bsky.feed.getLikes`` (``{"uri", "likes": [...]}``) — ``reaction``
  interactions on that post, each with its own ``createdAt``.
* ``app.bsky.feed.getRepostedBy`` (``{"uri", "repostedBy": [...]}``) —
  ``share`` interactions. The response carries no time for a repost, so
  ``created_at`` is the best lower bound: the post's own time, read from its
  record key (a TID).
* ``app.bsky.graph.getFollowers`` (``{"subject", "followers": [...]}``) —
  ``members`` rows. When the capture was made logged in as the library, each
  follower's ``viewer.followedBy`` is the URI of their follow record, whose
  key (a TID) gives the follow's time: then a ``follow`` interaction is
  added and ``followed_at`` is exact. Otherwise the response has no follow
  time and ``followed_at`` is the best lower bound (the later of the
  follower's and the library's account creation), with no interaction.
* ``app.bsky.actor.getProfiles`` (``{"profiles": [...]}``) — who is who
  only: each profile's DID beside its handle, and the accounts on other
  platforms its description names (read at ingest, see
  :mod:`libcommunity.people`); profiles hold no interaction and say nothing
  of following, so no rows are added. A profile without a DID is skipped and
  counted.
* ``app.bsky.notification.listNotifications`` (``{"notifications": [...]}``)
  — ``like`` → reaction, ``repost`` → share, ``follow`` → follow (and a
  ``members`` row), ``reply`` → comment (on the library post at the root of
  the thread; ``reply_to`` the parent when it is not that post), ``mention``
  → mention, ``quote`` → share (with its text); ``like-via-repost`` and
  ``repost-via-repost`` (a member liked or reposted a post through the
  library's repost of it) → reaction and share, on the library's post only
  when the library reposted its own post; other reasons (``subscribed-post``:
  a post by an account the library subscribed to; ``starterpack-joined``,
  ``verified``, ...) are not a member's action towards the library and are
  skipped, counted in a note.

A response saved through the atproto Python SDK (``model_dump()``, which
writes ``created_at`` and ``py_type`` instead of the API's ``createdAt`` and
``$type``) is read with its keys renamed back, and a note says so.

Members are identified by their DID (stable across handle changes).
Interaction ids are the member post's AT-URI for replies, mentions and
quotes, and ``like:<did>:<post uri>``, ``repost:<did>:<post uri>``,
``follow:<did>`` otherwise, the same whichever endpoint they come from. The
library's own DID is read from the capture (the feed's author, the followers'
subject, the subject of follow records and the owner of liked posts).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .bluesky_records import did_of, from_sdk_dump, latest, parse_at_uri, post_kind, post_url, record_time
from .frames import frame_from_records, platform_of
from .ids import tid_time
from .jsonio import get, json_head, load_json, parse_time, structure_guard, whole_count
from .textio import TextSample

__all__ = ["BlueskyAPI", "parse_at_uri"]

_SHAPE_KEYS = ("feed", "likes", "repostedBy", "followers", "profiles", "notifications")
_SNIFF = re.compile(
    r'^\{\s*"(feed|likes|repostedBy|reposted_by|followers|profiles|notifications|subject|uri|cursor|cid|py_type)"\s*:'
)
#: Keys of a dump made with the atproto Python SDK's ``model_dump()`` (snake_case, ``py_type`` for ``$type``).
_SDK_KEYS = re.compile(r'"(py_type|indexed_at|created_at|reason_subject|reposted_by|like_count|followers_count)"\s*:')


class BlueskyAPI(Loader):
    """Bluesky API JSON: getAuthorFeed, getLikes, getRepostedBy, getFollowers, getProfiles, listNotifications."""

    name = "bluesky-api"
    description = (
        "Bluesky API JSON as returned (getAuthorFeed, getLikes, getRepostedBy, getFollowers, getProfiles, "
        "listNotifications)"
    )

    def sniff(self, sample: TextSample) -> bool:
        head = json_head(sample)
        if not _SNIFF.match(head):
            return False
        has_keys = any(f'"{k}"' in head for k in _SHAPE_KEYS + ("reposted_by",))
        return has_keys and ("did:" in head or re.match(r'^\{\s*"(feed|notifications)"\s*:\s*\[', head) is not None)

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        with structure_guard(path, "Bluesky API response"):
            return self._load(path, sample, ctx)

    def _load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        data = load_json(path, sample)
        if not isinstance(data, dict):
            raise InputError("expected a JSON object as returned by the Bluesky API", path=path)
        head = json_head(sample)[:20000]
        sdk = '"py_type"' in head or (_SDK_KEYS.search(head) is not None and '"$type"' not in head)
        if sdk:
            data = from_sdk_dump(data)
        result = self._read(data, path, ctx)
        if sdk:
            result.notes.append(
                "read as a dump of the atproto Python SDK (model_dump(): snake_case keys such as 'created_at' were "
                "renamed to the API's 'createdAt'); model_dump(by_alias=True) or the raw response avoid this step"
            )
        return result

    def _read(self, data: dict, path: Path, ctx: LoadContext) -> LoadResult:
        platform = platform_of(ctx, "bluesky")
        for key, handler in (
            ("feed", _author_feed),
            ("likes", _likes),
            ("repostedBy", _reposted_by),
            ("followers", _followers),
            ("profiles", _profiles),
            ("notifications", _notifications),
        ):
            if key in data:
                items = data[key]
                if not isinstance(items, list):
                    raise InputError(f"expected '{key}' to be a list", path=path, column=key)
                return handler(data, items, path, ctx, platform)
        raise InputError(
            f"a JSON object, but none of the Bluesky responses this loader knows (keys {', '.join(_SHAPE_KEYS)}); "
            f"keys found: {sorted(data)[:10]}",
            path=path,
        )


# ----------------------------------------------------------------------------------------- author feed
def _author_feed(data, items, path, ctx, platform) -> LoadResult:
    authors = Counter()
    for item in items:
        reason = str(get(item, "reason", "$type") or "")
        did = (
            get(item, "reason", "by", "did") if reason.endswith("reasonRepost") else get(item, "post", "author", "did")
        )
        if did:
            authors[did] += 1
    if not authors:
        return LoadResult("bluesky-author-feed", {}, ["an empty feed page: nothing to store"])
    library = authors.most_common(1)[0][0]
    posts, replies, reposts = [], [], 0
    for row, item in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            if str(get(item, "reason", "$type") or "").endswith("reasonRepost"):
                reposts += 1
                continue
            post = item.get("post") if isinstance(item, dict) else None
            if not isinstance(post, dict) or not parse_at_uri(post.get("uri")):
                raise InputError(
                    "expected a feed item with a post and its at:// uri", path=path, row=row, column="post.uri"
                )
            uri = post["uri"]
            if did_of(uri) != library:
                raise InputError(
                    f"expected the posts of one account ({library}); this one is by {did_of(uri)}",
                    path=path,
                    row=row,
                    column="post.uri",
                )
            record = post.get("record") or {}
            created = record_time(record, post.get("indexedAt"), path=path, row=row, field="post.record.createdAt")
            parent = get(record, "reply", "parent", "uri")
            root = get(record, "reply", "root", "uri")
            if parent and did_of(parent) != library:
                replies.append(
                    {
                        "_row": row,
                        "interaction_id": uri,
                        "member_id": library,
                        "kind": "comment",
                        "created_at": created,
                        "post_id": root if did_of(root) == library else None,
                        "reply_to": parent,
                        "by_library": True,
                        "text": record.get("text"),
                    }
                )
                continue
            shares = whole_count(post.get("repostCount"))
            if shares is not None and whole_count(post.get("quoteCount")) is not None:
                shares += whole_count(post.get("quoteCount"))
            posts.append(
                {
                    "_row": row,
                    "post_id": uri,
                    "published_at": created,
                    "kind": post_kind(post),
                    "text": record.get("text"),
                    "reactions": whole_count(post.get("likeCount")),
                    "comments": whole_count(post.get("replyCount")),
                    "shares": shares,
                    "url": post_url(uri),
                }
            )
    tables = {}
    if posts:
        tables["posts"] = frame_from_records("posts", posts, ctx, platform)
    if replies:
        tables["interactions"] = frame_from_records("interactions", replies, ctx, platform)
    notes = [f"skipped {reposts} repost(s) of other accounts' posts"] if reposts else []
    return LoadResult("bluesky-author-feed", tables, notes)


# ----------------------------------------------------------------------------------------- likes, reposts
def _subject(data, path) -> str:
    uri = data.get("uri")
    if not parse_at_uri(uri):
        raise InputError(
            f"expected the liked or reposted post's at:// uri; got {str(uri)[:60]!r}", path=path, column="uri"
        )
    return uri


def _likes(data, items, path, ctx, platform) -> LoadResult:
    subject = _subject(data, path)
    records = []
    for row, like in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            did = get(like, "actor", "did")
            if not did:
                raise InputError("expected the liking account's did", path=path, row=row, column="likes.actor.did")
            records.append(
                {
                    "_row": row,
                    "interaction_id": f"like:{did}:{subject}",
                    "member_id": did,
                    "kind": "reaction",
                    "created_at": record_time(
                        like, like.get("indexedAt"), path=path, row=row, field="likes.createdAt"
                    ),
                    "post_id": subject,
                }
            )
    tables = {"interactions": frame_from_records("interactions", records, ctx, platform)} if records else {}
    return LoadResult("bluesky-likes", tables, [] if records else ["no likes on this page: nothing to store"])


def _reposted_by(data, items, path, ctx, platform) -> LoadResult:
    subject = _subject(data, path)
    bound = tid_time(parse_at_uri(subject)[2])
    if bound is None and items:
        raise InputError(
            f"the post's time cannot be read from its record key ({parse_at_uri(subject)[2]!r} is not a TID), "
            "and reposts carry no time of their own",
            path=path,
            column="uri",
        )
    records = []
    for row, profile in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            did = get(profile, "did")
            if not did:
                raise InputError("expected the reposting account's did", path=path, row=row, column="repostedBy.did")
            records.append(
                {
                    "_row": row,
                    "interaction_id": f"repost:{did}:{subject}",
                    "member_id": did,
                    "kind": "share",
                    "created_at": bound,
                    "post_id": subject,
                }
            )
    tables = {"interactions": frame_from_records("interactions", records, ctx, platform)} if records else {}
    notes = ["the API gives no time for a repost: created_at is the best lower bound, the post's own time"]
    return LoadResult("bluesky-reposted-by", tables, notes)


# ----------------------------------------------------------------------------------------- followers
def _followers(data, items, path, ctx, platform) -> LoadResult:
    subject = data.get("subject") or {}
    library = subject.get("did")
    if not library:
        raise InputError("expected the followed account ('subject') with its did", path=path, column="subject.did")
    library_created = parse_time(subject.get("createdAt"), path=path, row=None, field="subject.createdAt", required=False)
    members, follows, bounded = [], [], 0
    for row, profile in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            did = get(profile, "did")
            if not did:
                raise InputError("expected the follower's did", path=path, row=row, column="followers.did")
            follow_uri = get(profile, "viewer", "followedBy")
            parts = parse_at_uri(follow_uri)
            exact = tid_time(parts[2]) if parts and parts[0] == did else None
            if exact is not None:
                followed = exact
                follows.append(
                    {
                        "_row": row,
                        "interaction_id": f"follow:{did}",
                        "member_id": did,
                        "kind": "follow",
                        "created_at": exact,
                    }
                )
            else:
                created = parse_time(
                    profile.get("createdAt"), path=path, row=row, field="followers.createdAt", required=False
                )
                followed = max([t for t in (created, library_created) if t is not None], default=None)
                bounded += 1
            members.append(
                {
                    "_row": row,
                    "member_id": did,
                    "followed_at": followed,
                    "followers": whole_count(profile.get("followersCount")),
                    "following": whole_count(profile.get("followsCount")),
                }
            )
    tables = {}
    if members:
        tables["members"] = frame_from_records("members", members, ctx, platform)
    if follows:
        tables["interactions"] = frame_from_records("interactions", follows, ctx, platform)
    notes = []
    if bounded:
        notes.append(
            f"{bounded} follower(s) without a follow record in the response (capture made without logging in as "
            "the library): followed_at is the best lower bound (the later of the follower's and the library's "
            "account creation)"
        )
    return LoadResult("bluesky-followers", tables, notes)


# ----------------------------------------------------------------------------------------- profiles
def _profiles(data, items, path, ctx, platform) -> LoadResult:
    """getProfiles: no rows; ingest reads each DID's handle and the accounts the descriptions name from the file."""
    read, skipped = 0, []
    for row, profile in enumerate(items, start=1):
        if isinstance(profile, dict) and isinstance(profile.get("did"), str) and profile["did"].startswith("did:"):
            read += 1
        else:
            skipped.append(row)
    notes = [f"{read} profile(s): read for who is who only (each DID's handle, and the accounts on other platforms "
             "a description names); a profile holds no interaction and does not say whether its owner follows the "
             "library, so no rows are added"]
    return LoadResult("bluesky-profiles", {}, notes, {"profile without a DID": skipped} if skipped else {})


# ----------------------------------------------------------------------------------------- notifications
def _library_from_notifications(items) -> str | None:
    votes = Counter()
    for n in items:
        reason = n.get("reason")
        if reason == "follow":
            votes[get(n, "record", "subject")] += 1
        elif reason in ("like", "repost", "like-via-repost", "repost-via-repost"):
            votes[did_of(n.get("reasonSubject"))] += 1
        elif reason == "quote":
            votes[
                did_of(
                    get(n, "record", "embed", "record", "uri") or get(n, "record", "embed", "record", "record", "uri")
                )
            ] += 1
    votes.pop(None, None)
    return votes.most_common(1)[0][0] if votes else None


def _notifications(data, items, path, ctx, platform) -> LoadResult:
    library = _library_from_notifications(items)
    interactions, follows, members, skipped = [], [], [], Counter()
    via = 0
    for row, n in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            reason = n.get("reason")
            did = get(n, "author", "did")
            if not did:
                raise InputError("expected the acting account's did", path=path, row=row, column="author.did")
            record = n.get("record") or {}
            created = record_time(record, n.get("indexedAt"), path=path, row=row, field="record.createdAt")
            base = {"_row": row, "member_id": did, "created_at": created}
            if reason in ("like-via-repost", "repost-via-repost"):
                # A member liked or reposted a post through the library's repost of it: the action's subject is
                # the post itself (``record.subject``); it is the library's post only when the library reposted its own.
                subject = get(record, "subject", "uri")
                if not parse_at_uri(subject):
                    raise InputError(
                        "expected the post acted on ('record.subject.uri')", path=path, row=row, column="record.subject"
                    )
                action = reason.split("-")[0]
                interactions.append(
                    {
                        **base,
                        "interaction_id": f"{action}:{did}:{subject}",
                        "kind": "reaction" if action == "like" else "share",
                        "post_id": subject if library and did_of(subject) == library else None,
                    }
                )
                via += 1
            elif reason in ("like", "repost"):
                subject = n.get("reasonSubject")
                if not parse_at_uri(subject):
                    raise InputError(
                        "expected the post acted on ('reasonSubject')", path=path, row=row, column="reasonSubject"
                    )
                interactions.append(
                    {
                        **base,
                        "interaction_id": f"{reason}:{did}:{subject}",
                        "kind": "reaction" if reason == "like" else "share",
                        "post_id": subject,
                    }
                )
            elif reason == "follow":
                follows.append({**base, "interaction_id": f"follow:{did}", "kind": "follow"})
                members.append(
                    {
                        "_row": row,
                        "member_id": did,
                        "followed_at": created,
                        "followers": whole_count(get(n, "author", "followersCount")),
                        "following": whole_count(get(n, "author", "followsCount")),
                    }
                )
            elif reason == "reply":
                parent = get(record, "reply", "parent", "uri")
                root = get(record, "reply", "root", "uri")
                post_id = (
                    root
                    if library and did_of(root) == library
                    else (parent if library and did_of(parent) == library else None)
                )
                interactions.append(
                    {
                        **base,
                        "interaction_id": n.get("uri"),
                        "kind": "comment",
                        "post_id": post_id,
                        "reply_to": None if parent is None or parent == post_id else parent,
                        "text": record.get("text"),
                    }
                )
            elif reason == "mention":
                interactions.append(
                    {**base, "interaction_id": n.get("uri"), "kind": "mention", "text": record.get("text")}
                )
            elif reason == "quote":
                quoted = get(record, "embed", "record", "uri") or get(record, "embed", "record", "record", "uri")
                interactions.append(
                    {
                        **base,
                        "interaction_id": n.get("uri"),
                        "kind": "share",
                        "post_id": quoted,
                        "text": record.get("text"),
                    }
                )
            else:
                skipped[str(reason)] += 1
    for r in interactions:
        if not r.get("interaction_id"):
            raise InputError("expected the notification's record uri", path=path, row=r["_row"], column="uri")
    tables = {}
    records = latest(interactions, keep="first") + latest(follows, keep="last")
    if records:
        tables["interactions"] = frame_from_records(
            "interactions", sorted(records, key=lambda r: r["_row"]), ctx, platform
        )
    if members:
        tables["members"] = frame_from_records(
            "members", latest(members, keep="last", key="member_id", time="followed_at"), ctx, platform
        )
    notes = []
    if skipped:
        notes.append(
            "skipped notifications that are not a member's action towards the library: "
            + ", ".join(f"{n} {k}" for k, n in sorted(skipped.items()))
            + (" (subscribed-post: a post by an account the library subscribed to)" if "subscribed-post" in skipped else "")
        )
    if via:
        notes.append(
            f"{via} like(s) or repost(s) made through the library's reposts: counted as the member's reactions and "
            "shares, on the library's post only when the library reposted its own"
        )
    return LoadResult("bluesky-notifications", tables, notes)
