"""What every loader is: a format that recognises its files and turns them into canonical tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .textio import TextSample

__all__ = ["LoadContext", "LoadResult", "Loader", "skipped_line"]


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
        Things the user should know (limits of the format, what was read).
    skipped : dict of str to list of int
        Rows that are not what the format promises (a footer, a placeholder,
        an unpublished item), by reason: the reason -> their source row
        numbers. They are left out and listed in the ingest summary, never
        silently dropped and never a reason to refuse the file.
    owner_names : dict of str to str
        The names the file gives the owners of its posts (``owner_id`` ->
        Page name or username), for the ingest summary.
    sightings : DataFrame or None
        Identifiers seen beside a member (``platform, member, seen_platform,
        seen, kind, context, seen_at``; handles as written, pseudonymised at
        ingest): the other identifiers of an attendance list's or survey's
        row (:mod:`libcommunity.loaders.offline_people`).
    """

    format: str
    tables: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    owner_names: dict = field(default_factory=dict)
    sightings: object = None

    @property
    def rows(self) -> int:
        return int(sum(len(t) for t in self.tables.values()))

    def skip(self, reason: str, rows) -> None:
        """Record ``rows`` (source row numbers) as skipped for ``reason``."""
        rows = [int(r) for r in rows]
        if rows:
            self.skipped.setdefault(reason, []).extend(rows)

    def skipped_lines(self) -> list[str]:
        """``"3 rows skipped: no publish time (rows 5, 9, 12)"``, one line per reason."""
        return [skipped_line(reason, rows) for reason, rows in self.skipped.items()]


def skipped_line(reason: str, rows) -> str:
    """One line of the ingest summary for rows skipped for one reason (at most ten row numbers shown)."""
    rows = sorted(rows)
    n = len(rows)
    shown = ", ".join(str(r) for r in rows[:10]) + (", ..." if n > 10 else "")
    return f"{n} row{'' if n == 1 else 's'} skipped: {reason} (row{'' if n == 1 else 's'} {shown})"


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

