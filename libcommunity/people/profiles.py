"""Accounts a Mastodon or Bluesky profile names on other platforms: evidence that they are one person.

Mastodon API accounts (followers lists, notifications, the accounts of any
capture) carry the member's profile: ``note`` (HTML) and ``fields`` (label,
value); Bluesky profiles carry a ``description``. People often name their
other accounts there. :func:`profile_sightings` reads, while ingest reads the
capture, which accounts on *other* platforms a profile names, and nothing
else: the profile text is never stored, only the sighting ``(member, named
account)`` with context ``profile``, both as pseudonyms.

What counts as naming an account of one's own:

* a profile field whose label is a platform (``Bluesky``, ``Instagram``,
  ``X``/``Twitter``, ``Threads``, ``TikTok``, ``Mastodon``) and whose value is
  a handle or a profile link, or any field whose value is a profile link;
* in the free text, a profile link or handle preceded on its line by a
  platform name and a colon (``Bluesky: ana.bsky.social``) or by words saying
  it is the member's own ("also on", "också på", "también en", "find me",
  "hitta mig", "encuéntrame").

A handle mentioned in passing ("married to @ana.bsky.social") is not taken.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

__all__ = ["profile_sightings", "named_accounts"]

_MAX_DEPTH = 64
_LABELS = {
    "bluesky": "bluesky", "bsky": "bluesky", "instagram": "instagram", "insta": "instagram", "ig": "instagram",
    "x": "x", "twitter": "x", "threads": "threads", "tiktok": "tiktok", "mastodon": "mastodon",
    "fediverse": "mastodon", "facebook": "facebook", "youtube": "youtube",
}
#: Profile links: (pattern, platform); the handle is the pattern's ``user`` group (with ``@host`` for Mastodon).
_URLS = (
    (re.compile(r"(?:https?://)?(?:www\.)?bsky\.app/profile/(?P<user>[A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.I), "bluesky"),
    (re.compile(r"(?:https?://)?(?:www\.)?instagram\.com/(?P<user>[A-Za-z0-9_.]+)", re.I), "instagram"),
    (re.compile(r"(?:https?://)?(?:www\.)?(?:x|twitter)\.com/(?P<user>[A-Za-z0-9_]+)", re.I), "x"),
    (re.compile(r"(?:https?://)?(?:www\.)?threads\.(?:net|com)/@(?P<user>[A-Za-z0-9_.]+)", re.I), "threads"),
    (re.compile(r"(?:https?://)?(?:www\.)?tiktok\.com/@(?P<user>[A-Za-z0-9_.]+)", re.I), "tiktok"),
    (re.compile(r"https?://(?P<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,})/@(?P<user>[A-Za-z0-9_]+)(?![\w/@])", re.I), "mastodon"),
)
_BSKY_HANDLE = re.compile(r"(?<![\w.@/])@?(?P<user>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.bsky\.social)\b", re.I)
_MASTODON_HANDLE = re.compile(r"(?<![\w.])@(?P<user>[A-Za-z0-9_]+)@(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", re.I)
_HANDLES = (*_URLS, (_BSKY_HANDLE, "bluesky"), (_MASTODON_HANDLE, "mastodon"))


def _handle(m: re.Match) -> str:
    groups = m.groupdict()
    return f"{groups['user']}@{groups['host']}" if groups.get("host") else groups["user"]
_AT_HANDLE = re.compile(r"(?<![\w.@])@?([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_])")
_OWN = re.compile(
    r"(also on|find me on|find me at|elsewhere|också på|även på|hitta mig|finns även|también en|tambien en|"
    r"encuéntrame|encuentrame|me encontrarás|sígueme en|sigueme en)\s*[:\-]?\s*$",
    re.I,
)
_PLATFORM_COLON = re.compile(r"(" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\s*:\s*$", re.I)


def _text(value) -> str:
    """Plain text of a profile's HTML: links kept as their href and visible text, one line per paragraph."""
    text = str(value or "")
    text = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', r" \1 \2 ", text, flags=re.I | re.S)
    text = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", text, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _from_value(value: str, platform: str | None) -> list[tuple[str, str]]:
    """Accounts a field's value names: profile links anywhere; a bare handle when the label gave the platform."""
    found = [(plat, _handle(m)) for pattern, plat in _URLS for m in pattern.finditer(value)]
    if found or platform is None:
        return found
    if platform == "bluesky":
        m = _BSKY_HANDLE.search(value) or re.search(r"(?P<user>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", value)
        return [("bluesky", _handle(m))] if m else []
    if platform == "mastodon":
        m = _MASTODON_HANDLE.search(value)
        return [("mastodon", _handle(m))] if m else []
    m = _AT_HANDLE.search(value.strip())
    return [(platform, "@" + m.group(1))] if m else []


def _from_text(text: str) -> list[tuple[str, str]]:
    """Accounts the free text names as the member's own (see the module docstring)."""
    found = []
    for line in text.splitlines():
        for pattern, plat in _HANDLES:
            for m in pattern.finditer(line):
                before = line[: m.start()]
                label = _PLATFORM_COLON.search(before)
                if _OWN.search(before) or (label and _LABELS[label.group(1).lower()] == plat):
                    found.append((plat, _handle(m)))
    return found


def named_accounts(profile: dict, own_platform: str) -> list[tuple[str, str]]:
    """``[(platform, handle)]`` of the accounts on other platforms a profile names as the member's own."""
    found = []
    for field in profile.get("fields") or []:
        if not isinstance(field, dict):
            continue
        label = _LABELS.get(re.sub(r"[^a-z]", "", str(field.get("name") or "").lower()))
        found += _from_value(_text(field.get("value")), label)
    for key in ("note", "description"):
        if profile.get(key):
            found += _from_text(_text(profile.get(key)))
    out = []
    for plat, handle in found:
        if plat != own_platform and (plat, handle.lower()) not in {(p, h.lower()) for p, h in out}:
            out.append((plat, handle))
    return out


def profile_sightings(path, platform: str) -> pd.DataFrame | None:
    """Sightings (``platform, member, seen_platform, seen, kind, context, seen_at``) of the profiles in a Mastodon
    or Bluesky API capture at ``path``; None when it names no other account."""
    from ..errors import InputError
    from ..loaders.jsonio import load_json
    from ..loaders.mastodon_accounts import member_handle

    try:
        data = load_json(Path(path))
    except InputError:
        return None
    rows = []
    stack = [(data, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(obj, dict):
            if platform == "mastodon" and "acct" in obj and ("note" in obj or "fields" in obj):
                member = member_handle(obj)
            elif platform == "bluesky" and isinstance(obj.get("did"), str) and "description" in obj:
                member = obj["did"]
            else:
                member = None
            if member:
                for plat, handle in named_accounts(obj, platform):
                    rows.append({"platform": platform, "member": member, "seen_platform": plat, "seen": handle,
                                 "kind": "handle", "context": "profile", "seen_at": None})
            stack.extend((v, depth + 1) for v in obj.values() if isinstance(v, (dict, list)))
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj if isinstance(v, (dict, list)))
    return pd.DataFrame(rows) if rows else None
