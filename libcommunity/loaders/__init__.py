"""Loaders: platform exports and API captures in, canonical tables out.

Formats are recognised from a file's content, never from its name. Each
loader is a :class:`~libcommunity.loaders.base.Loader`; :data:`LOADERS` lists
them in the order they are tried (most specific first).
"""

from __future__ import annotations

from .base import LoadContext, LoadResult, Loader
from .reading import FileRead, read_file
from .registry import LOADERS, detect, header_formats, known_formats, loader_named

__all__ = [
    "LOADERS",
    "LoadContext",
    "LoadResult",
    "Loader",
    "FileRead",
    "detect",
    "read_file",
    "load_file",
    "loader_named",
    "known_formats",
    "header_formats",
]


def load_file(path, ctx: LoadContext, *, format: str | None = None) -> LoadResult:
    """Detect the format of ``path`` and load it into canonical tables.

    The file is read as ``libcommunity ingest`` reads it (:func:`read_file`):
    canonical CSV and Parquet through the batched reader, other formats
    through their loader; the result holds the tables whole.
    """
    return read_file(path, ctx, format=format).result()
