"""Records of Bluesky (AT Protocol) API responses: AT-URIs, record times, post kinds, SDK dumps (:mod:`.bluesky`)."""

from __future__ import annotations

import re

from .jsonio import get, parse_time

__all__ = ["from_sdk_dump", "parse_at_uri", "did_of", "record_time", "post_kind", "post_url", "latest"]

_AT_URI = re.compile(r"^at://([^/]+)/([^/]+)/([^/?#]+)$")
_SNAKE = re.compile(r"_([a-z0-9])")


def from_sdk_dump(value):
    """A response dumped by the atproto Python SDK (``model_dump()``) with the API's own key names.

    The SDK's models name fields in snake_case (``created_at``, ``like_count``,
    ``reason_subject``) and ``$type`` as ``py_type``; ``model_dump(by_alias=True)``
    or the raw response keep the API's names. Keys are renamed back
    (``created_at`` -> ``createdAt``, ``py_type`` -> ``$type``); values are kept.
    """
    if isinstance(value, list):
        return [from_sdk_dump(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, v in value.items():
        name = "$type" if key == "py_type" else _SNAKE.sub(lambda m: m.group(1).upper(), key) if isinstance(key, str) else key
        out[name] = from_sdk_dump(v)
    return out


def parse_at_uri(uri) -> tuple[str, str, str] | None:
    """``(did, collection, rkey)`` of ``at://did/collection/rkey``, or None."""
    m = _AT_URI.match(str(uri or ""))
    return (m.group(1), m.group(2), m.group(3)) if m else None


def did_of(uri) -> str | None:
    parts = parse_at_uri(uri)
    return parts[0] if parts else None


def record_time(record, fallback, *, path, row, field):
    """A record's ``createdAt`` (the action's time), else ``fallback`` (``indexedAt``)."""
    value = get(record, "createdAt") or fallback
    return parse_time(value, path=path, row=row, field=field)


def post_kind(post: dict) -> str:
    """Post kind from an embed view (or the record's embed): images → photo, video, external → link."""
    embed = post.get("embed") or get(post, "record", "embed") or {}
    etype = str(embed.get("$type") or "")
    if "recordWithMedia" in etype:
        etype = str(get(embed, "media", "$type") or "")
    if "images" in etype:
        return "photo"
    if "video" in etype:
        return "video"
    if "external" in etype:
        return "link"
    if "record" in etype:
        return "other"
    return "text"


def post_url(uri: str) -> str | None:
    parts = parse_at_uri(uri)
    return f"https://bsky.app/profile/{parts[0]}/post/{parts[2]}" if parts else None


def latest(records, *, keep, key="interaction_id", time="created_at") -> list:
    """One record per ``key``: the earliest (``keep=\"first\"``) or latest (``\"last\"``) by ``time``, in ``_row`` order."""
    best: dict = {}
    for r in records:
        cur = best.get(r[key])
        if cur is None or (keep == "first" and r[time] < cur[time]) or (keep == "last" and r[time] > cur[time]):
            best[r[key]] = r
    return sorted(best.values(), key=lambda r: r["_row"])
