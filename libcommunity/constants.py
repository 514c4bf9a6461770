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
    "GROWTH_FIGURES",
    "SEGMENT_IDS",
    "TREND_FIGURES",
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

#: The monthly figures compared over time (growth, trend, compare); defined in docs/metrics.md.
GROWTH_FIGURES = (
    "posts",
    "impressions",
    "reach",
    "interactions",
    "engaged_members",
    "followers_end",
    "new_followers",
    "lost_followers",
    "community_ratio",
    "response_rate",
    "member_to_member_share",
)
#: The three segments, always these ids.
SEGMENT_IDS = ("silent_follower", "active_participant", "ambassador")
#: Figures of ``libcommunity trend`` and ``compare``: the monthly figures, then the segment sizes.
TREND_FIGURES = (*GROWTH_FIGURES, "members", *SEGMENT_IDS)
