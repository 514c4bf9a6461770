"""Platform-styled identifiers and URLs of simulated posts and interactions.

Ids grow with time, as on the platforms: Twitter-style snowflakes (time in
milliseconds shifted left, a sequence number in the low bits), Bluesky TIDs
(base32-sortable microseconds), YouTube-like 11-character video ids. They
are strings, unique per account and platform.
"""

from __future__ import annotations

import numpy as np

__all__ = ["snowflakes", "post_ids_and_urls"]

_X_EPOCH_MS = 1_288_834_974_657
_SEQ_BITS = 20
_B32 = "234567abcdefghijklmnopqrstuvwxyz"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def snowflakes(t: np.ndarray, first_seq: int = 0) -> np.ndarray:
    """Numeric string ids ordered like ``t`` (UTC seconds, sorted ascending).

    ``first_seq`` separates id spaces (posts use 0, interactions half the
    sequence range), so a post and an interaction never share an id.
    """
    half = 1 << (_SEQ_BITS - 1)
    seq = first_seq + np.arange(len(t), dtype=np.int64) % half
    ms = np.asarray(t, dtype=np.int64) * 1000 - _X_EPOCH_MS
    return ((ms << _SEQ_BITS) | seq).astype(str).astype(object)


def _encode(value: int, alphabet: str, width: int) -> str:
    out = []
    for _ in range(width):
        value, r = divmod(value, len(alphabet))
        out.append(alphabet[r])
    return "".join(reversed(out))


def _user(handle: str) -> str:
    """The user part of a handle: ``@erik@mastodon.nu`` -> ``erik``."""
    return handle.lstrip("@").split("@")[0]


def post_ids_and_urls(
    t: np.ndarray, platform: str, handle: str, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Ids and public URLs of posts published at UTC seconds ``t`` (sorted) by account ``handle``."""
    flakes = snowflakes(t)
    user = _user(handle)
    if platform == "facebook":
        ids = [f"{handle}_{f}" for f in flakes]
        urls = [f"https://www.facebook.com/{handle}/posts/{f}" for f in flakes]
    elif platform == "instagram":
        ids = list(flakes)
        urls = [f"https://www.instagram.com/p/{_encode(int(f), _B64, 11)}/" for f in flakes]
    elif platform == "x":
        ids = list(flakes)
        urls = [f"https://x.com/{user}/status/{f}" for f in flakes]
    elif platform == "mastodon":
        instance = handle.rsplit("@", 1)[-1]
        ids = list(flakes)
        urls = [f"https://{instance}/@{user}/{f}" for f in flakes]
    elif platform == "bluesky":
        clock = np.arange(len(t)) % 1024
        rkeys = [_encode(int(s) * 1_000_000 << 10 | int(c), _B32, 13) for s, c in zip(t, clock)]
        ids = [f"at://{handle}/app.bsky.feed.post/{k}" for k in rkeys]
        urls = [f"https://bsky.app/profile/{handle}/post/{k}" for k in rkeys]
    elif platform == "youtube":
        ids = ["".join(_B64[c] for c in row) for row in rng.integers(0, 64, size=(len(t), 11))]
        urls = [f"https://www.youtube.com/watch?v={v}" for v in ids]
    else:
        ids = list(flakes)
        site = user.replace("_", "-").replace(".", "-").lower()
        urls = [f"https://{site}.example.org/news/{f}" for f in flakes]
    return np.array(ids, dtype=object), np.array(urls, dtype=object)
