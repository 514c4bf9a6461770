"""Threads (Meta) API responses saved exactly as returned.

* ``GET /{user-id}/threads?fields=id,media_type,text,timestamp,permalink,owner,username,...``
  (``{"data": [media, ...], "paging": {...}}``) — the account's posts:
  ``posts`` with kind, text, time, permalink and ``owner_id`` (the ``owner``'s
  id). A media object may carry its insights (``insights.metric(views,likes,
  replies,reposts,quotes,shares)`` in ``fields``, answered as
  ``"insights": {"data": [...]}``): then views, reactions (likes), comments
  (replies), shares (reposts + quotes + shares) are filled. Reposts of other
  accounts' posts (``REPOST_FACADE``) are skipped and listed in the summary.
* ``GET /{media-id}?fields=...`` — one media object (same mapping).
* ``GET /{media-id}/insights?metric=views,likes,replies,reposts,quotes,shares``
  (``{"data": [{"name", "period": "lifetime", "values": [{"value"}], "id":
  "<media-id>/insights/<name>/lifetime"}]}``) — the counts of one post. The
  response has no publish time, which a post needs: the request metadata
  beside the file (``.<file>.meta.json``, as the Mastodon account lists use)
  must give it as ``{"subject": {"media_id": "...", "timestamp": "..."}}``;
  otherwise the file is refused with that advice. Prefer the media list with
  its insights, which carries everything.
* ``GET /{user-id}/threads_insights?metric=views,likes,replies,reposts,quotes,followers_count``
  — account insights. ``followers_count`` (a total value) becomes the
  ``audience`` followers of the day the response was fetched (``fetched_at``
  of the request metadata, else the ``until`` of its parameters); daily
  ``views`` and the other totals have no canonical table and are not stored.

Threads responses carry no per-member data (likes and replies are counts):
no segments come from them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import LoadContext, Loader, LoadResult
from .frames import frame_from_records, platform_of
from .jsonio import get, json_head, load_json, load_sidecar, parse_time, sidecar_path, structure_guard, whole_count
from .textio import TextSample

__all__ = ["ThreadsAPI", "MEDIA_KINDS"]

#: Threads ``media_type`` -> post kind (``REPOST_FACADE``: a repost of someone else's post, skipped).
MEDIA_KINDS = {
    "TEXT_POST": "text",
    "IMAGE": "photo",
    "CAROUSEL_ALBUM": "photo",
    "VIDEO": "video",
    "AUDIO": "other",
}
_INSIGHT_ID = re.compile(r"^(\d+)/insights/([a-z_]+)/(lifetime|day|days_28|week)$")
_METRICS = ("views", "likes", "replies", "reposts", "quotes", "shares")
_THREADS_URL = re.compile(r"https://(www\.)?threads\.(net|com)/")


def _metric_value(metric: dict):
    """The value of one insights metric: ``total_value.value``, else the single lifetime value."""
    total = get(metric, "total_value", "value")
    if total is not None:
        return whole_count(total)
    values = metric.get("values") or []
    if len(values) == 1 and isinstance(values[0], dict):
        return whole_count(values[0].get("value"))
    return None


def _insights(data) -> dict:
    """``{metric name: value}`` of an insights list (``{"data": [...]}`` or the list itself)."""
    items = data.get("data") if isinstance(data, dict) else data
    out = {}
    for metric in items or []:
        if isinstance(metric, dict) and metric.get("name") in _METRICS:
            out[metric["name"]] = _metric_value(metric)
    return out


def _shares(counts: dict):
    parts = [counts.get(k) for k in ("reposts", "quotes", "shares") if k in counts]
    if not parts or any(p is None for p in parts):
        return None
    return sum(parts)


def _post(media: dict, counts: dict, *, path, row) -> dict:
    return {
        "_row": row,
        "post_id": str(media.get("id")),
        "published_at": parse_time(media.get("timestamp"), path=path, row=row, field="timestamp"),
        "kind": MEDIA_KINDS.get(str(media.get("media_type")), "other"),
        "text": media.get("text"),
        "views": counts.get("views"),
        "reactions": counts.get("likes"),
        "comments": counts.get("replies"),
        "shares": _shares(counts),
        "url": media.get("permalink"),
        "owner_id": None if get(media, "owner", "id") is None else str(get(media, "owner", "id")),
    }


class ThreadsAPI(Loader):
    """Threads API JSON: the account's media (with insights), one media's insights, the account's insights."""

    name = "threads-api"
    description = "Threads API JSON as returned (GET /{user}/threads, /{media}/insights, /{user}/threads_insights)"

    def sniff(self, sample: TextSample) -> bool:
        head = json_head(sample)[:4000]
        if not head.startswith("{"):
            return False
        media = '"media_product_type"' in head and "THREADS" in head
        insights = '/insights/' in head and re.search(r'"name"\s*:\s*"(views|likes|replies|reposts|quotes|followers_count)"', head)
        permalinks = _THREADS_URL.search(head) is not None and '"timestamp"' in head
        return bool(media or insights or permalinks)

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        with structure_guard(path, "Threads API response"):
            return self._load(path, sample, ctx)

    def _load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        data = load_json(path, sample)
        if not isinstance(data, dict):
            raise InputError("expected a JSON object as returned by the Threads API", path=path)
        platform = platform_of(ctx, "threads")
        items = data.get("data")
        if "id" in data and "timestamp" in data:  # one media object
            return self._media([data], path, ctx, platform)
        if not isinstance(items, list):
            raise InputError("expected 'data' to be a list, as the Threads API returns", path=path, column="data")
        if items and all(isinstance(i, dict) and "name" in i and ("values" in i or "total_value" in i) for i in items):
            ids = {(_INSIGHT_ID.match(str(i.get("id") or "")) or [None, None])[1] for i in items}
            periods = {i.get("period") for i in items}
            if "followers_count" in {i.get("name") for i in items} or periods - {"lifetime"}:
                return self._account(items, path, ctx, platform)
            return self._media_insights(items, ids, path, ctx, platform)
        return self._media(items, path, ctx, platform)

    def _media(self, items, path, ctx, platform) -> LoadResult:
        result = LoadResult("threads-media")
        posts = []
        for row, media in enumerate(items, start=1):
            with structure_guard(path, "item", row):
                if not isinstance(media, dict) or not media.get("id"):
                    raise InputError("expected a media object with its 'id'", path=path, row=row, column="id")
                if media.get("media_type") == "REPOST_FACADE":
                    result.skip("a repost of another account's post (REPOST_FACADE), not the library's post", [row])
                    continue
                posts.append(_post(media, _insights(media.get("insights")), path=path, row=row))
        if posts:
            result.tables["posts"] = frame_from_records("posts", posts, ctx, platform)
            if not any(p["views"] is not None or p["reactions"] is not None for p in posts):
                result.notes.append(
                    "these media carry no insights: counts are empty (ask for insights.metric(...) in fields, "
                    "or ingest the posts' insights after this file)"
                )
        else:
            result.notes.append("no posts in this response")
        owners = Counter(p["owner_id"] for p in posts if p["owner_id"])
        usernames = {str(get(m, "owner", "id")): m.get("username") for m in items if isinstance(m, dict) and m.get("username")}
        result.owner_names = {o: usernames[o] for o in owners if usernames.get(o)}
        result.notes.append("Threads responses carry no per-member data: posts only (no segments from this file)")
        return result

    def _media_insights(self, items, ids, path, ctx, platform) -> LoadResult:
        ids.discard(None)
        meta = load_sidecar(path)
        subject = meta.get("subject") if isinstance(meta.get("subject"), dict) else {}
        media_id = str(subject.get("media_id") or (next(iter(ids)) if len(ids) == 1 else ""))
        if len(ids) > 1:
            raise InputError(f"expected the insights of one post; found {len(ids)} post ids", path=path)
        if not subject.get("timestamp"):
            raise InputError(
                f"the insights of post {media_id or '?'} hold no publish time, which a post needs: add "
                '{"subject": {"media_id": "...", "timestamp": "2026-03-27T18:00:00+0000"}} to the request metadata '
                f"({sidecar_path(path).name}), or save the media list with insights.metric(...) in its fields",
                path=path,
            )
        media = {"id": media_id, "timestamp": subject["timestamp"], "permalink": subject.get("permalink"),
                 "text": subject.get("text"), "media_type": subject.get("media_type"), "owner": subject.get("owner")}
        post = _post(media, _insights(items), path=sidecar_path(path), row=None)
        post["_row"] = 1
        return LoadResult(
            "threads-media-insights",
            {"posts": frame_from_records("posts", [post], ctx, platform)},
            ["Threads responses carry no per-member data: posts only (no segments from this file)"],
        )

    def _account(self, items, path, ctx, platform) -> LoadResult:
        followers = None
        for metric in items:
            if metric.get("name") == "followers_count":
                followers = _metric_value(metric)
        notes = ["daily views and the account's like, reply, repost and quote totals have no canonical table: not stored"]
        if followers is None:
            return LoadResult("threads-account-insights", {}, notes + ["no followers_count in this response"])
        meta = load_sidecar(path)
        when = meta.get("fetched_at") or get(meta, "params", "until")
        if not when:
            raise InputError(
                "followers_count has no date in the response: add the request metadata "
                f"({sidecar_path(path).name}) with its \"fetched_at\" time, as the collectors save it",
                path=path,
            )
        ts = parse_time(when, path=sidecar_path(path), row=None, field="fetched_at")
        day = ts.tz_convert(ctx.timezone).tz_localize(None).normalize()
        audience = frame_from_records(
            "audience", [{"_row": 1, "date": pd.Timestamp(day), "followers": followers}], ctx, platform
        )
        return LoadResult("threads-account-insights", {"audience": audience}, notes)
