"""Reading a CSV export whose headers are named by an alias table.

:func:`sniff_header` recognises a format from a file's first record (any
language of :mod:`~libcommunity.loaders.aliases`); :func:`read_export` reads
the whole file as strings, resolves the headers, detects the number format
from the numeric columns and returns an :class:`Export` whose methods give
typed columns with errors that name the file, row and column as written in
the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .aliases import HeaderFormat, HeaderMatch, match_header
from .numbers import NumberFormat, detect_number_format, parse_count_column
from .parsing import parse_local_timestamps, parse_strings
from .textio import TextSample, detect_delimiter, header_cells, read_csv_strings
from .workbook import cell_text, display_path, is_text_cell, read_sheet

__all__ = ["Export", "HEADER_SEARCH_ROWS", "find_header", "find_sheet", "sniff_header", "read_export"]


#: Rows searched for the header: exports may put a title or a date range above it (LinkedIn).
HEADER_SEARCH_ROWS = 5


def find_header(rows, fmt: HeaderFormat) -> tuple[int, HeaderMatch] | None:
    """``(index, match)`` of the first of ``rows`` (lists of cells) that is a complete header of ``fmt``, or None."""
    for i, row in enumerate(list(rows)[:HEADER_SEARCH_ROWS]):
        cells = [str(c).strip() for c in row]
        if not any(cells):
            continue
        match = match_header(cells, fmt)
        if match.complete:
            return i, match
    return None


def find_sheet(sample: TextSample, fmt: HeaderFormat):
    """``(sheet, header index, match)`` of the first sheet of a workbook whose header is ``fmt``, or None."""
    for sheet in sample.sheets or ():
        found = find_header(sheet.rows, fmt)
        if found is not None:
            return sheet, found[0], found[1]
    return None


def sniff_header(sample: TextSample, fmt: HeaderFormat) -> HeaderMatch | None:
    """The header match of ``sample`` if it is format ``fmt``, else None.

    The header is the first of the first :data:`HEADER_SEARCH_ROWS` records
    that holds every required field; in a workbook, of the first sheet that
    has one.
    """
    if sample.is_workbook:
        found = find_sheet(sample, fmt)
        return None if found is None else found[2]
    if sample.encoding is None or not sample.first_line.strip():
        return None
    head = sample.text.lstrip()
    if head.startswith(("{", "[")) or head.startswith("window."):
        return None
    found = find_header(header_cells(sample, rows=HEADER_SEARCH_ROWS), fmt)
    return None if found is None else found[1]


@dataclass
class Export:
    """A CSV export read as strings, with its headers resolved.

    Attributes
    ----------
    path : Path
    frame : DataFrame
        Every cell as a string, indexed by spreadsheet row number.
    match : HeaderMatch
        Field name -> header as written, and the header language.
    delimiter : str
    numbers : NumberFormat
    notes : list of str
    """

    path: Path
    frame: pd.DataFrame
    match: HeaderMatch
    delimiter: str
    numbers: NumberFormat
    notes: list = field(default_factory=list)
    excluded: pd.DataFrame | None = None
    skipped: dict = field(default_factory=dict)
    _counts: dict = field(default_factory=dict, repr=False)

    @property
    def index(self) -> pd.Index:
        return self.frame.index

    @property
    def lang(self) -> str:
        return self.match.lang

    def has(self, name: str) -> bool:
        return name in self.match

    def header(self, name: str) -> str:
        return self.match.columns[name]

    def raw(self, name: str) -> pd.Series | None:
        """The column of field ``name`` as strings, or None if the file lacks it."""
        if name not in self.match:
            return None
        return self.frame[self.match.columns[name]]

    def strings(self, name: str) -> pd.Series:
        """Field ``name`` as trimmed strings (NA for blanks, or for every row if the column is absent)."""
        s = self.raw(name)
        if s is None:
            return pd.Series(pd.NA, index=self.index, dtype="string")
        return parse_strings(s)

    def text(self, name: str) -> pd.Series:
        """Field ``name`` as free text: trimmed, line ends normalised to ``\\n`` (NA for blanks)."""
        s = self.strings(name)
        return s.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)

    def counts(self, name: str) -> pd.Series:
        """Field ``name`` as nullable counts (all NA if the file lacks the column)."""
        s = self.raw(name)
        if s is None:
            return pd.Series(pd.NA, index=self.index, dtype="Int64")
        key = (name, len(self.frame))
        if key not in self._counts:
            self._counts[key] = parse_count_column(s, self.numbers, path=self.path, column=self.header(name))
        return self._counts[key]

    def counts_allowing_negative(self, name: str) -> tuple[pd.Series, list]:
        """Field ``name`` as counts where a negative number (a net change) is null; and the rows that were negative."""
        s = self.raw(name)
        if s is None:
            return pd.Series(pd.NA, index=self.index, dtype="Int64"), []
        text = s.astype("string").str.strip()
        negative = text.str.match(r"^[-\u2212]\s*\d").fillna(False).astype(bool)
        counts = parse_count_column(text.mask(negative, ""), self.numbers, path=self.path, column=self.header(name))
        return counts, [int(r) for r in negative[negative].index]

    def sum_counts(self, names) -> pd.Series:
        """Row sums of the fields in ``names`` that the file has; NA where all of them are blank or absent."""
        present = [self.counts(n) for n in names if self.has(n)]
        if not present:
            return pd.Series(pd.NA, index=self.index, dtype="Int64")
        frame = pd.concat(present, axis=1)
        return frame.sum(axis=1, min_count=1).astype("Int64")

    def timestamps(self, name: str, *, tz: str, required: bool = True, dayfirst: bool | None = None) -> pd.Series:
        """Field ``name`` as UTC timestamps (values without offset read in ``tz``)."""
        return parse_local_timestamps(
            self.raw(name),
            tz=tz,
            path=self.path,
            column=self.header(name),
            required=required,
            dayfirst=dayfirst,
            lang=self.lang,
        )

    def require_values(self, name: str) -> pd.Series:
        """Field ``name`` as strings; an empty cell is an error naming its row."""
        s = self.strings(name)
        missing = s.isna()
        if missing.any():
            row = missing[missing].index[0]
            raise InputError(
                "a value is required here; the cell is empty", path=self.path, row=row, column=self.header(name)
            )
        return s

    def drop(self, mask: pd.Series) -> None:
        """Drop the rows where ``mask`` is true."""
        self.frame = self.frame[~mask.reindex(self.frame.index, fill_value=False)]
        self._counts.clear()

    def skip(self, mask: pd.Series, reason: str) -> None:
        """Drop the rows where ``mask`` is true and record them as skipped for ``reason``."""
        mask = mask.reindex(self.frame.index, fill_value=False).astype(bool)
        if mask.any():
            self.skipped.setdefault(reason, []).extend(int(r) for r in mask[mask].index)
            self.drop(mask)


def read_export(
    path,
    sample: TextSample,
    fmt: HeaderFormat,
    *,
    numeric: tuple = (),
    duplicates: str = "error",
    exclude_rows=None,
) -> Export:
    """Read a CSV export or a workbook sheet of format ``fmt``.

    Parameters
    ----------
    path, sample
        The file and its sniffed head.
    fmt : HeaderFormat
        The alias table of the format.
    numeric : tuple of str
        Fields whose cells decide the file's number format.
    duplicates : {"error", "number"}
        What to do with repeated header names (see :func:`read_csv_strings`).
    exclude_rows : callable, optional
        ``(frame, match) -> bool Series`` of rows to leave out before the
        number format is detected (e.g. a description row); the rows left out
        are kept in :attr:`Export.excluded`.

    The header is the first of the first rows that holds every required
    field (rows above it, a title or a date range, are not data). In a
    workbook the sheet is the first whose header is ``fmt``; a note says
    which sheet was read when there are several.

    Raises
    ------
    InputError
        If a required field is missing (listing the headers found).
    """
    path = Path(path)
    notes = []
    if sample.is_workbook:
        frame, typed, where, header_row = _read_sheet(path, sample, fmt, duplicates, notes)
        delimiter = ","
    else:
        typed, where = None, path
        delimiter = detect_delimiter(sample.text)
        found = find_header(header_cells(sample, rows=HEADER_SEARCH_ROWS), fmt)
        skiprows = found[0] if found is not None else 0
        frame = read_csv_strings(path, sample, delimiter=delimiter, skiprows=skiprows, duplicates=duplicates)
        header_row = 1 + skiprows
    match = match_header(list(frame.columns), fmt)
    if not match.complete:
        raise InputError(
            f"the header lacks {', '.join(repr(fmt.field(m).names['en'][0]) for m in match.missing)} "
            f"(or its name in another language) needed for a {fmt.name} export; headers found: {list(frame.columns)[:30]}",
            path=where,
            row=header_row,
        )
    excluded = frame.iloc[0:0]
    if exclude_rows is not None:
        mask = exclude_rows(frame, match)
        excluded = frame[mask]
        frame = frame[~mask]
    cells = []
    for name in numeric:
        if name in match.columns:
            column = frame[match.columns[name]]
            if typed is not None:  # only text cells tell a workbook's number format
                column = column[typed[match.columns[name]].reindex(column.index)]
            cells.extend(column.dropna().tolist())
    if typed is not None and not cells:
        numbers = NumberFormat(".", "numbers typed in the workbook")
    else:
        numbers = detect_number_format(cells, delimiter=delimiter, lang=match.lang)
    if typed is not None:
        frame = _typed_as_text(frame, typed, numbers.decimal)
    return Export(where, frame, match, delimiter, numbers, notes=notes, excluded=excluded)


def _read_sheet(path: Path, sample: TextSample, fmt: HeaderFormat, duplicates: str, notes: list):
    """The chosen sheet as raw cells (objects) indexed by spreadsheet row, a mask of text cells, the name to show."""
    found = find_sheet(sample, fmt)
    names = [s.name for s in sample.sheets]
    if found is None:
        headers = {s.name: [c for c in (s.rows[0] if s.rows else ()) if c][:12] for s in sample.sheets}
        raise InputError(
            f"no sheet of this workbook has the header of a {fmt.name} export; first rows found: {headers}",
            path=path,
        )
    sheet, header_at, _ = found
    rows = read_sheet(path, sheet.name)
    where = display_path(path, sheet.name, len(names))
    if len(names) > 1:
        others = ", ".join(repr(n) for n in names if n != sheet.name)
        notes.append(f"read sheet {sheet.name!r} of {len(names)} (the others, {others}, are not this format)")
    header = [cell_text(c).strip().lstrip("\ufeff") for c in rows[header_at]]
    while header and not header[-1]:
        header.pop()
    if duplicates == "number":
        seen: dict = {}
        renamed = []
        for h in header:
            seen[h] = seen.get(h, 0) + 1
            renamed.append(h if seen[h] == 1 else f"{h} [{seen[h]}]")
        header = renamed
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"the header repeats the column(s) {dup}", path=where, row=header_at + 1)
    width = len(header)
    body, index = [], []
    for i, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = list(row[:width]) + [""] * max(0, width - len(row))
        if not any(cell_text(c).strip() for c in cells):
            continue
        body.append(cells)
        index.append(i)
    raw = pd.DataFrame(body, columns=header, index=pd.Index(index, name="row"), dtype=object)
    typed = raw.apply(lambda col: col.map(is_text_cell)) if len(raw) else raw.astype(bool)
    text = raw.apply(lambda col: col.map(lambda v: v if isinstance(v, str) else cell_text(v))) if len(raw) else raw
    return text.astype("string"), typed.astype(bool), where, header_at + 1


def _typed_as_text(frame: pd.DataFrame, typed: pd.DataFrame, decimal: str) -> pd.DataFrame:
    """Re-render the workbook's typed (non-text) cells with the file's decimal separator."""
    if decimal == "." or frame.empty:
        return frame
    out = frame.copy()
    for col in frame.columns:
        numeric = ~typed[col].reindex(frame.index, fill_value=True)
        values = frame.loc[numeric, col]
        scientific = values.str.contains("E+", regex=False).fillna(False)
        out.loc[numeric, col] = values.where(scientific, values.str.replace(".", decimal, regex=False))
    return out
