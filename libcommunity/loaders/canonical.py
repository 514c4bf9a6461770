"""The canonical CSV and Parquet formats: the four canonical tables, written by hand or by tools (docs/canonical.md).

A canonical file holds one table. Its header names the columns exactly as in
:mod:`libcommunity.schemas`; optional columns may be left out. The table is
recognised by its header: the file's columns must include the table's
required columns and nothing outside the table's columns.

In a CSV file or a workbook sheet, a data row whose first cell starts with
``#`` is a comment (the example rows of ``libcommunity template``): it is
skipped and listed in the ingest summary with its row number. This holds when
the file's first column is not ``text``, whose values may start with a
hashtag.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from ..errors import InputError, UnknownFormatError
from ..schemas import TABLES  # noqa: F401 - the tables a canonical file holds, re-exported
from .base import LoadContext, LoadResult, Loader
from .canonical_table import (
    COMMENT,
    COMMENT_REASON,
    _closest_table,
    comment_column,
    match_table,
    skip_comments,
    type_table,
)
from .textio import TextSample, detect_delimiter, header_cells, read_csv_strings

__all__ = ["CanonicalCSV", "CanonicalParquet", "match_table", "type_table", "COMMENT", "COMMENT_REASON", "comment_column",
           "skip_comments"]


def _canonical_sheet(sample: TextSample):
    """``(sheet, header index)`` of the first sheet of a workbook whose header is a canonical table, or None."""
    for sheet in sample.sheets or ():
        for i, row in enumerate(sheet.rows[:5]):
            cells = [c.strip() for c in row]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                if match_table(cells) is not None:
                    return sheet, i
                break
    return None


def _load_sheet(name: str, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
    """A canonical table kept in a workbook sheet: cells as text (:func:`~libcommunity.loaders.workbook.cell_text`), then typed."""
    from .workbook import cell_text, display_path, read_sheet

    sheet, at = _canonical_sheet(sample)
    rows = read_sheet(path, sheet.name)
    header = [cell_text(c).strip() for c in rows[at]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body, index = [], []
    for i, row in enumerate(rows[at + 1 :], start=at + 2):
        cells = [cell_text(c) for c in list(row[:width]) + [""] * max(0, width - len(row))]
        if any(c.strip() for c in cells):
            body.append(cells)
            index.append(i)
    raw = pd.DataFrame(body, columns=header, index=pd.Index(index, name="row"), dtype="string")
    spec = match_table(header)
    where = display_path(path, sheet.name, len(sample.sheets))
    notes = []
    if len(sample.sheets) > 1:
        notes.append(f"read sheet {sheet.name!r} of {len(sample.sheets)}")
    skipped: dict = {}
    raw = skip_comments(raw, skipped)
    return LoadResult(name, {spec.name: type_table(raw, spec, path=where, ctx=ctx)}, notes, skipped=skipped)


class CanonicalCSV(Loader):
    """Canonical CSV: one of the four tables, header exactly the canonical column names."""

    name = "canonical-csv"
    description = "canonical CSV or workbook sheet (posts, interactions, members or audience; docs/canonical.md)"

    def sniff(self, sample: TextSample) -> bool:
        if sample.is_workbook:
            return _canonical_sheet(sample) is not None
        if sample.encoding is None or not sample.first_line:
            return False
        # header_cells skips an Excel "sep=;" line and respects quotes, as read_csv_strings does
        header = header_cells(sample, detect_delimiter(sample.text))
        return match_table(header) is not None

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        if sample.is_workbook:
            return _load_sheet(self.name, path, sample, ctx)
        raw = read_csv_strings(path, sample)
        spec = match_table(raw.columns)
        if spec is None:  # pragma: no cover - sniff guarantees a match
            raise UnknownFormatError("header does not match a canonical table", path=path, row=1)
        skipped: dict = {}
        raw = skip_comments(raw, skipped)
        return LoadResult(self.name, {spec.name: type_table(raw, spec, path=path, ctx=ctx)}, skipped=skipped)

    def stream(self, path: Path, sample: TextSample, ctx: LoadContext, **options):
        """The file in typed batches, in bounded memory (:func:`~libcommunity.loaders.streaming.stream_canonical`)."""
        from .streaming import stream_canonical

        return stream_canonical(path, sample, ctx, parquet=False, **options)


class CanonicalParquet(Loader):
    """Canonical Parquet: one of the four tables with the canonical column names."""

    name = "canonical-parquet"
    description = "canonical Parquet (posts, interactions, members or audience)"

    def sniff(self, sample: TextSample) -> bool:
        return sample.raw.startswith(b"PAR1")

    def load(self, path: Path, sample: TextSample, ctx: LoadContext) -> LoadResult:
        try:
            table = pq.read_table(path)
        except Exception as exc:  # pyarrow raises several types for damaged files
            raise InputError(f"not a readable Parquet file ({exc})", path=path) from None
        spec = match_table(table.column_names)
        if spec is None:
            closest, missing, extra = _closest_table(table.column_names)
            raise UnknownFormatError(
                f"columns do not match a canonical table; closest is {closest.name!r}, "
                f"missing {missing}, unexpected {extra}; columns found: {table.column_names}",
                path=path,
            )
        try:
            frame = table.to_pandas()
        except Exception:  # damaged pandas metadata (JSON in the footer): read the columns without it
            try:
                frame = table.replace_schema_metadata(None).to_pandas()
            except Exception as exc:
                raise InputError(f"not a readable Parquet file ({exc})", path=path) from None
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
        try:
            typed = type_table(frame, spec, path=path, ctx=ctx)
        except (TypeError, ValueError, ArithmeticError, NotImplementedError) as exc:  # binary, nested, out-of-range values
            types = {f.name: str(f.type) for f in table.schema}
            raise InputError(
                f"a column holds values the canonical table {spec.name!r} cannot take ({type(exc).__name__}: "
                f"{str(exc)[:80]}); expected text, numbers, booleans and timestamps; column types found: {types}",
                path=path,
            ) from None
        return LoadResult(self.name, {spec.name: typed})

    def stream(self, path: Path, sample: TextSample, ctx: LoadContext, **options):
        """The file in typed batches, in bounded memory (:func:`~libcommunity.loaders.streaming.stream_canonical`)."""
        from .streaming import stream_canonical

        return stream_canonical(path, sample, ctx, parquet=True, **options)
