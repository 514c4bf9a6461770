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

__all__ = ["Export", "sniff_header", "read_export"]


def sniff_header(sample: TextSample, fmt: HeaderFormat) -> HeaderMatch | None:
    """The header match of ``sample``'s first record if it is format ``fmt``, else None."""
    if sample.encoding is None or not sample.first_line.strip():
        return None
    head = sample.text.lstrip()
    if head.startswith(("{", "[")) or head.startswith("window."):
        return None
    match = match_header(header_cells(sample), fmt)
    return match if match.complete else None


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


def read_export(
    path,
    sample: TextSample,
    fmt: HeaderFormat,
    *,
    numeric: tuple = (),
    skiprows: int = 0,
    duplicates: str = "error",
    exclude_rows=None,
) -> Export:
    """Read a CSV export of format ``fmt``.

    Parameters
    ----------
    path, sample
        The file and its sniffed head.
    fmt : HeaderFormat
        The alias table of the format.
    numeric : tuple of str
        Fields whose cells decide the file's number format.
    skiprows : int
        Rows above the header.
    duplicates : {"error", "number"}
        What to do with repeated header names (see :func:`read_csv_strings`).
    exclude_rows : callable, optional
        ``(frame, match) -> bool Series`` of rows to leave out before the
        number format is detected (e.g. a description row); the rows left out
        are kept in :attr:`Export.excluded`.

    Raises
    ------
    InputError
        If a required field is missing (listing the headers found).
    """
    path = Path(path)
    delimiter = detect_delimiter(sample.text)
    frame = read_csv_strings(path, sample, delimiter=delimiter, skiprows=skiprows, duplicates=duplicates)
    match = match_header(list(frame.columns), fmt)
    if not match.complete:
        raise InputError(
            f"the header lacks {', '.join(repr(fmt.field(m).names['en'][0]) for m in match.missing)} "
            f"(or its Spanish/Swedish name) needed for a {fmt.name} export; headers found: {list(frame.columns)[:30]}",
            path=path,
            row=1 + skiprows,
        )
    excluded = frame.iloc[0:0]
    if exclude_rows is not None:
        mask = exclude_rows(frame, match)
        excluded = frame[mask]
        frame = frame[~mask]
    cells = []
    for name in numeric:
        if name in match.columns:
            cells.extend(frame[match.columns[name]].dropna().tolist())
    numbers = detect_number_format(cells, delimiter=delimiter, lang=match.lang)
    return Export(path, frame, match, delimiter, numbers, excluded=excluded)
