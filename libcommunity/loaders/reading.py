"""One way to read a file, for ``libcommunity ingest`` and for :func:`~libcommunity.loaders.load_file` alike.

:func:`read_file` recognises the file (or takes the named format) and opens
it the way ingest reads it: canonical CSV and Parquet files as a stream of
typed batches (:mod:`~libcommunity.loaders.streaming`, bounded memory), any
other format through its loader, whole. Ingest stages the batches or the
tables; :meth:`FileRead.result` collects the same batches into a
:class:`~libcommunity.loaders.base.LoadResult`, so that tests of loaders
(and the fuzz tests) go through the code path real ingests use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..schemas import coerce_frame, empty_frame
from .base import LoadContext, Loader, LoadResult
from .textio import TextSample, sniff_text

__all__ = ["FileRead", "read_file", "is_stream"]


@dataclass
class FileRead:
    """A file opened for reading.

    Attributes
    ----------
    path : Path
    loader : Loader
    sample : TextSample
    stream : CanonicalStream or None
        The typed batches of a canonical file (read lazily).
    loaded : LoadResult or None
        What the loader of any other format read.
    """

    path: Path
    loader: Loader
    sample: TextSample
    ctx: LoadContext
    stream: object = None
    loaded: LoadResult | None = None

    @property
    def format(self) -> str:
        return self.loaded.format if self.loaded is not None else self.loader.name

    def result(self) -> LoadResult:
        """The file's tables whole (a stream's batches collected, indexed by source row)."""
        if self.loaded is not None:
            return self.loaded
        from .streaming import is_restart, prefetched

        spec = self.stream.spec
        batches: list = []
        for batch in prefetched(self.stream.batches()):
            if is_restart(batch):
                batches = []
                continue
            batches.append(batch)
        if not batches or sum(b.table.num_rows for b in batches) == 0:
            frame = empty_frame(spec.name)
            frame.index = pd.Index([], dtype="int64", name="row")
        else:
            table = pa.concat_tables([b.table for b in batches])
            frame = coerce_frame(table.to_pandas(), spec.name)
            rows = [r for b in batches for r in range(b.first_row, b.first_row + b.table.num_rows)]
            frame.index = pd.Index(rows, name="row")
        return LoadResult(self.loader.name, {spec.name: frame}, skipped={r: list(rows) for r, rows in self.stream.skipped.items()})


def _loader_of(path: Path, format: str | None):
    from .registry import detect, loader_named

    if format is None:
        return detect(path)
    return loader_named(format, path=path), sniff_text(path)


def is_stream(path, *, format: str | None = None) -> bool:
    """Whether :func:`read_file` opens ``path`` as a stream of typed batches (cheap: no row is read)."""
    loader, sample = _loader_of(Path(path), format)
    return hasattr(loader, "stream") and not sample.is_workbook


def read_file(path, ctx: LoadContext, *, format: str | None = None) -> FileRead:
    """Open ``path`` as ingest does (see the module docstring).

    Raises
    ------
    UnknownFormatError
        When no format recognises the file, or ``format`` names none.
    InputError
        When a loader that reads the whole file finds a problem.
    """
    path = Path(path)
    loader, sample = _loader_of(path, format)
    if hasattr(loader, "stream") and not sample.is_workbook:
        return FileRead(path, loader, sample, ctx, stream=loader.stream(path, sample, ctx))
    return FileRead(path, loader, sample, ctx, loaded=loader.load(path, sample, ctx))
