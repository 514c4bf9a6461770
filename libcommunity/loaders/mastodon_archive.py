"""Mastodon account archive ("Request your archive"): ``outbox.json``, and ``actor.json``, ``likes.json``, ``bookmarks.json``.

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

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .frames import frame_from_records, platform_of
from .jsonio import html_to_text, json_head, load_json, parse_time, parse_url, structure_guard
from .textio import TextSample

__all__ = ["MastodonArchive"]

_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _actor_handle(actor_uri: str) -> str:
    """``name@host`` of an ActivityPub actor URI such as ``https://host/users/name``."""
    host, path = parse_url(actor_uri)
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return f"{name}@{host}" if host and name else str(actor_uri)


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
    uri_host, path = parse_url(uri)
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
        host = parse_url(actor)[0]
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
                created = parse_time(
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
