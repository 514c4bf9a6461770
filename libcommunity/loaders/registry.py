"""The loaders in the order they are tried, and how a file's format is recognised from its content.

:func:`detect` samples a file and asks each loader of :data:`LOADERS` in turn;
:func:`loader_named` gives the loader of a format by name. Re-exported by
:mod:`libcommunity.loaders`.
"""

from __future__ import annotations

import json

from ..errors import UnknownFormatError
from .base import Loader
from .bluesky import BlueskyAPI
from .canonical import CanonicalCSV, CanonicalParquet
from .facebook_legacy import FacebookInsightsLegacy
from .linkedin import LinkedInContent, LinkedInFollowers
from .mastodon_api import MastodonAPI
from .mastodon_archive import MastodonArchive
from .meta import MetaBusinessSuite
from .offline import EventAttendance, SurveyResponses
from .textio import SAMPLE_BYTES, TextSample, detect_delimiter, sniff_text
from .threads import ThreadsAPI
from .tiktok import TikTokFollowers, TikTokStudio
from .x_analytics import XContent, XTweetActivity
from .x_archive import XArchiveTweets
from .youtube import YouTubeStudio

__all__ = ["LOADERS", "detect", "loader_named", "known_formats", "header_formats"]

#: Loaders in the order they are tried.
LOADERS: list[Loader] = [
    CanonicalParquet(),
    CanonicalCSV(),
    # JSON and JavaScript captures
    XArchiveTweets(),
    MastodonArchive(),
    MastodonAPI(),
    BlueskyAPI(),
    ThreadsAPI(),
    # CSV exports and workbooks, most specific header first
    FacebookInsightsLegacy(),
    XTweetActivity(),
    XContent(),
    MetaBusinessSuite(),
    YouTubeStudio(),
    TikTokStudio(),
    TikTokFollowers(),
    LinkedInContent(),
    LinkedInFollowers(),
    EventAttendance(),
    SurveyResponses(),
]


def header_formats() -> dict:
    """Every alias table of the tabular loaders, by format name."""
    return {f.name: f for ld in LOADERS for f in getattr(ld, "header_formats", ())}


def loader_named(name: str, *, path=None) -> Loader:
    """The loader called ``name``.

    Raises
    ------
    UnknownFormatError
        Listing the loaders' names.
    """
    by_name = {ld.name: ld for ld in LOADERS}
    if name not in by_name:
        raise UnknownFormatError(f"format must be one of {sorted(by_name)}; got {name!r}", path=path)
    return by_name[name]


def known_formats() -> list[str]:
    """One line per known format: ``name: description``."""
    return [f"{ld.name}: {ld.description}" for ld in LOADERS]


def _found(sample: TextSample) -> str:
    if sample.is_workbook:
        heads = {sh.name: [c for c in (next((r for r in sh.rows if any(r)), ())) if c][:15] for sh in sample.sheets}
        return f"it is {sample.binary_kind}; first non-empty row of each sheet: {heads}"
    if sample.encoding is None:
        return f"it looks like {sample.binary_kind}"
    line = sample.first_line
    if not line.strip():
        return "it is empty"
    if line.lstrip().startswith(("{", "[")):
        return f"it starts with JSON: {line.strip()[:80]!r}"
    if len(sample.raw) < SAMPLE_BYTES:  # the whole file is in the sample: a JSON number, string or literal?
        try:
            value = json.loads(sample.text)
        except (ValueError, RecursionError):
            pass
        else:
            kind = {bool: "true/false", int: "number", float: "number", str: "string"}.get(type(value), "null")
            return f"it is a JSON {kind}, not an export or an API response: {sample.text.strip()[:40]!r}"
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
    near = _near_canonical(sample)
    if near:
        raise UnknownFormatError(near, path=path, row=1)
    formats = "; ".join(known_formats())
    raise UnknownFormatError(
        f"not a format libcommunity knows ({_found(sample)}). Known formats: {formats}. "
        "docs/sources.md describes each; for other data, write canonical CSV (docs/canonical.md, libcommunity template)",
        path=path,
    )


def _near_canonical(sample: TextSample) -> str | None:
    """What a CSV header that is almost a canonical table lacks or has too many, or None.

    A header sharing at least three column names with a canonical table is
    taken as an attempt at that table, so the message can say which required
    columns are missing and which columns do not belong.
    """
    from .canonical_table import _closest_table
    from .textio import header_cells

    if sample.encoding is None or sample.first_line.lstrip().startswith(("{", "[")):
        return None
    cells = header_cells(sample)
    if not cells:
        return None
    spec, missing, extra = _closest_table(cells)
    missing = [c for c in missing if c not in ("account", "platform")]
    if len(set(cells) & set(spec.column_names)) < 3 or not (missing or extra):
        return None
    parts = []
    if missing:
        parts.append(f"lacks the required column(s) {missing}")
    if extra:
        parts.append(f"has column(s) outside the table {extra}")
    return (
        f"the header looks like canonical table {spec.name!r} but {' and '.join(parts)}; "
        f"expected the columns {list(spec.column_names)} (required: {list(spec.required_names)}; see docs/canonical.md)"
    )
