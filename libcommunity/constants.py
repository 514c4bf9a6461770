"""Names and defaults every part of libcommunity shares, importable without pandas, DuckDB or pandera.

The command line builds its parser (``libcommunity --help``) from these, so
that printing help never loads the data stack; :mod:`libcommunity.schemas`
and :mod:`libcommunity.store` take them from here.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "LANGUAGES",
    "PLATFORMS",
    "POST_KINDS",
    "INTERACTION_KINDS",
    "PARTICIPATION_KINDS",
    "DEFAULT_STORE",
    "DEFAULT_RAW",
]

#: Report languages.
LANGUAGES = ("en", "es", "sv")
PLATFORMS = (
    "facebook",
    "instagram",
    "x",
    "youtube",
    "mastodon",
    "bluesky",
    "tiktok",
    "threads",
    "linkedin",
    "other",
)
POST_KINDS = ("photo", "video", "link", "text", "event", "reel", "story", "other")
INTERACTION_KINDS = (
    "reaction",
    "comment",
    "share",
    "mention",
    "follow",
    "unfollow",
    "message",
    "ugc",
    "event",
    "survey",
)
#: Kinds that count as participation (everything but follow/unfollow).
PARTICIPATION_KINDS = tuple(k for k in INTERACTION_KINDS if k not in ("follow", "unfollow"))

#: The store directory commands use unless ``--store`` names another.
DEFAULT_STORE = Path("data/store")
#: Where raw API captures go by default (``data/raw``, beside ``data/store``).
DEFAULT_RAW = Path("data/raw")
