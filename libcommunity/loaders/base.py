"""What every loader is: a format that recognises its files and turns them into canonical tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .textio import TextSample

__all__ = ["LoadContext", "LoadResult", "Loader"]


@dataclass(frozen=True)
class LoadContext:
    """What a loader knows besides the file.

    Attributes
    ----------
    account : str
        The account the rows belong to.
    timezone : str
        The account's IANA timezone, for timestamps written without an offset.
    platform : str or None
        The platform given with ``--platform``; overrides what the loader infers.
    """

    account: str
    timezone: str = "UTC"
    platform: str | None = None


@dataclass
class LoadResult:
    """Canonical tables read from one file.

    Attributes
    ----------
    format : str
        Name of the format that read the file.
    tables : dict of str to DataFrame
        Canonical tables (columns as in :mod:`libcommunity.schemas`, typed),
        indexed by the source row number. ``member_id`` still holds the
        original handles: the ingest step pseudonymises them.
    notes : list of str
        Things the user should know (rows skipped, limits of the format).
    """

    format: str
    tables: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(sum(len(t) for t in self.tables.values()))


class Loader:
    """Base class of loaders.

    Subclasses set :attr:`name` (shown to users), :attr:`description` and
    implement :meth:`sniff` and :meth:`load`.
    """

    name: str = ""
    description: str = ""

    def sniff(self, sample: TextSample) -> bool:
        """Whether this loader recognises the file from its head."""
        raise NotImplementedError

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        """Read the whole file into canonical tables."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


def with_defaults(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """Add missing columns with a constant value (helper for loaders)."""
    for name, value in columns.items():
        if name not in frame.columns:
            frame[name] = value
    return frame
