"""Loaders: platform exports and API captures in, canonical tables out.

Formats are recognised from a file's content, never from its name. Each
loader is a :class:`~libcommunity.loaders.base.Loader`; :data:`LOADERS` lists
them in the order they are tried (most specific first).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UnknownFormatError
from .base import LoadContext, LoadResult, Loader
from .bluesky import BlueskyAPI
from .canonical import CanonicalCSV, CanonicalParquet
from .facebook_legacy import FacebookInsightsLegacy
from .mastodon import MastodonAPI, MastodonArchive
from .meta import MetaBusinessSuite
from .offline import EventAttendance, SurveyResponses
from .textio import TextSample, detect_delimiter, sniff_text
from .x_analytics import XContent, XTweetActivity
from .x_archive import XArchiveTweets
from .youtube import YouTubeStudio

__all__ = ["LOADERS", "LoadContext", "LoadResult", "Loader", "detect", "load_file", "known_formats"]

#: Loaders in the order they are tried.
LOADERS: list[Loader] = [
    CanonicalParquet(),
    CanonicalCSV(),
    # JSON and JavaScript captures
    XArchiveTweets(),
    MastodonArchive(),
    MastodonAPI(),
    BlueskyAPI(),
    # CSV exports, most specific header first
    FacebookInsightsLegacy(),
    XTweetActivity(),
    XContent(),
    MetaBusinessSuite(),
    YouTubeStudio(),
    EventAttendance(),
    SurveyResponses(),
]


def known_formats() -> list[str]:
    """One line per known format: ``name: description``."""
    return [f"{ld.name}: {ld.description}" for ld in LOADERS]


def _found(sample: TextSample) -> str:
    if sample.encoding is None:
        return f"it looks like {sample.binary_kind}"
    line = sample.first_line
    if not line.strip():
        return "it is empty"
    if line.lstrip().startswith(("{", "[")):
        return f"it starts with JSON: {line.strip()[:80]!r}"
    cells = [c.strip().strip('"') for c in line.split(detect_delimiter(sample.text))]
    return f"headers found: {cells[:25]}"


def detect(path, *, loaders=None) -> tuple[Loader, TextSample]:
    """The loader that recognises ``path``, with the file's sample.

    Raises
    ------
    UnknownFormatError
        Listing the known formats and what the file's head holds.
    """
    sample = sniff_text(path)
    for loader in loaders or LOADERS:
        if loader.sniff(sample):
            return loader, sample
    formats = "; ".join(known_formats())
    raise UnknownFormatError(f"not a format libcommunity knows ({_found(sample)}). Known formats: {formats}", path=path)


def load_file(path, ctx: LoadContext, *, format: str | None = None) -> LoadResult:
    """Detect the format of ``path`` and load it into canonical tables."""
    path = Path(path)
    if format is not None:
        by_name = {ld.name: ld for ld in LOADERS}
        if format not in by_name:
            raise UnknownFormatError(f"format must be one of {sorted(by_name)}; got {format!r}", path=path)
        sample = sniff_text(path)
        loader = by_name[format]
    else:
        loader, sample = detect(path)
    return loader.load(path, sample, ctx)
