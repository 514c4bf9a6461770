"""Reading exported text files: encoding, delimiter, quoting.

Spreadsheet programs save CSV in many ways. :func:`sniff_text` detects the
encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else Latin-1) and
:func:`read_csv_strings` the delimiter (``,`` ``;`` or tab) and reads every
cell as a string, with quoted multi-line fields, so that loaders decide how to
type each column. Rows are indexed by their spreadsheet row number (the
header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .limits import MAX_FIELD_CHARS

__all__ = ["TextSample", "sniff_text", "read_csv_strings", "iter_csv_strings", "detect_delimiter", "header_cells", "SAMPLE_BYTES"]

SAMPLE_BYTES = 64 * 1024
# The longest cell accepted (limits.MAX_FIELD_CHARS): Python's csv module stops at 128 KiB, and a long caption or
# transcript is legitimate.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive that is not an Excel or OpenDocument workbook",
    b"\xd0\xcf\x11\xe0": "an OLE2 file (an Excel .xls workbook?)",
    b"PAR1": "a Parquet file",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
}


@dataclass(frozen=True)
class TextSample:
    """The head of a file, decoded, for format detection.

    Attributes
    ----------
    path : Path
    raw : bytes
        The first bytes of the file.
    encoding : str or None
        Detected text encoding, ``None`` if the file is not text.
    text : str
        The decoded head ("" if not text).
    binary_kind : str or None
        What a known binary signature says the file is.
    sheets : tuple of Sheet or None
        For a workbook (``.xlsx``, ``.xls``, ``.ods``): the head of every
        sheet as text (:func:`~libcommunity.loaders.workbook.preview_workbook`).
    """

    path: Path
    raw: bytes
    encoding: str | None
    text: str
    binary_kind: str | None = None
    sheets: tuple | None = None

    @property
    def is_workbook(self) -> bool:
        return self.sheets is not None

    @property
    def first_line(self) -> str:
        return self.text.lstrip("\ufeff").splitlines()[0] if self.text.strip() else ""


def _detect_encoding(raw: bytes) -> str | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    if b"\x00" in raw:
        # UTF-16 without BOM (rare): text whose every other byte is NUL.
        return _utf16_without_bom(raw)
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still UTF-8.
        if exc.start >= len(raw) - 3:
            return "utf-8"
    # Spreadsheet programs on Windows save "ANSI" text as cp1252 (Latin-1 plus curly quotes and the euro
    # sign in 0x80-0x9f); fall back to Latin-1 where cp1252 leaves a byte undefined.
    try:
        raw.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if ``raw`` looks like UTF-16 text without a BOM, else None (binary)."""
    sample = raw[: 4096 - (4096 % 2)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, name in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = sample.decode(name)
            except UnicodeDecodeError:
                return None
            control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
            return name if control <= max(2, len(text) // 100) else None
    return None


def sniff_text(path) -> TextSample:
    """Read the head of ``path`` and detect what it is.

    Raises
    ------
    InputError
        If the file does not exist, is a directory or cannot be read.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", path=p)
    if p.is_dir():
        raise InputError("expected a file; this is a directory", path=p)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=p) from None
    for sig, kind in _BINARY_SIGNATURES.items():
        if raw.startswith(sig):
            return _binary_sample(p, raw, kind)
    encoding = _detect_encoding(raw)
    if encoding is None:
        return TextSample(p, raw, None, "", "binary data (NUL bytes), not a text export")
    text = raw.decode(encoding, errors="replace")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if text and control > max(4, len(text[:4096]) // 50):
        return TextSample(p, raw, None, "", "binary data, not a text export")
    return TextSample(p, raw, encoding, text)


def _binary_sample(p: Path, raw: bytes, kind: str) -> TextSample:
    """The sample of a binary file: a workbook carries the head of each sheet."""
    from .workbook import preview_workbook, workbook_kind

    book = workbook_kind(p, raw)
    if book is None:
        return TextSample(p, raw, None, "", kind)
    try:
        sheets = preview_workbook(p)
    except InputError as exc:
        return TextSample(p, raw, None, "", f"a .{book} workbook that cannot be read ({exc.detail})")
    return TextSample(p, raw, None, "", f"a .{book} workbook", sheets)


def detect_delimiter(text: str) -> str:
    """The delimiter of a CSV head: ``,``, ``;`` or tab.

    An Excel ``sep=X`` first line decides. Otherwise the header record is
    parsed (quotes respected) with each candidate, and the candidate that
    splits it into the most cells wins, provided the next records split into
    as many cells; ties go to ``csv.Sniffer`` and then to ``,``.
    """
    body = text.lstrip("\ufeff")
    hint = _SEP_HINT.match(body)
    if hint:
        return hint.group(1)
    lines = [ln for ln in body.splitlines() if ln.strip()][:20]
    if not lines:
        return ","
    scores = {}
    for delim in (",", ";", "\t"):
        records = _records(body, delim, limit=6)
        if not records:
            continue
        width = len(records[0])
        consistent = sum(1 for r in records[1:] if len(r) == width)
        scores[delim] = (width if width > 1 else 0, consistent)
    if scores:
        best = max(scores.values())
        winners = [d for d, sc in scores.items() if sc == best]
        if len(winners) == 1 and best[0] > 0:
            return winners[0]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        header = lines[0]
        return max((",", ";", "\t"), key=header.count)


_SEP_HINT = re.compile(r"^\s*\"?sep=([,;\t|])\"?\s*\r?\n", re.IGNORECASE)


def _records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    """The first ``limit`` complete CSV records of ``text`` (a cut-off last record is dropped)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out = []
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            out.append(row)
            if len(out) > limit:
                break
    except csv.Error:
        pass
    return out[:limit]


def header_cells(sample: "TextSample", delimiter: str | None = None, *, rows: int = 1) -> list:
    """The cells of the first record(s) of a CSV sample, quotes respected and whitespace stripped.

    With ``rows=1`` (default) a list of str; with ``rows > 1`` a list of such lists.
    An Excel ``sep=X`` line is skipped.
    """
    if sample.encoding is None or not sample.text.strip():
        return [] if rows == 1 else []
    body = sample.text.lstrip("\ufeff")
    hint = _SEP_HINT.match(body)
    if hint:
        body = body[hint.end():]
    delimiter = delimiter or detect_delimiter(sample.text)
    records = [[c.strip().lstrip("\ufeff") for c in r] for r in _records(body, delimiter, limit=rows)]
    if rows == 1:
        return records[0] if records else []
    return records


def read_csv_strings(
    path, sample: TextSample | None = None, *, delimiter: str | None = None, skiprows: int = 0, duplicates: str = "error"
) -> pd.DataFrame:
    """Read a CSV file with every cell as a string (``""`` for empty).

    The returned frame's index is the spreadsheet row number of each data
    row (header = row ``1 + skiprows``); column names are stripped of
    whitespace and BOMs.

    An Excel ``sep=X`` first line is honoured and skipped (Excel does not show it as a row).
    ``duplicates="number"`` keeps repeated header names apart as ``name``,
    ``name [2]``, ... (legacy Facebook exports repeat some metric names);
    the default, ``"error"``, rejects them.

    Raises
    ------
    InputError
        If the file is not text, or a quoted field is never closed, or a row
        has more cells than the header.
    """
    sample = sample or sniff_text(path)
    if sample.encoding is None:
        raise InputError(f"expected a CSV text file; this looks like {sample.binary_kind}", path=sample.path)
    delimiter = delimiter or detect_delimiter(sample.text)
    try:
        with open(sample.path, "r", encoding=sample.encoding, newline="", errors="strict") as fh:
            data = fh.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"text is not valid {sample.encoding} at byte {exc.start}", path=sample.path) from None
    data = data.lstrip("\ufeff")
    hint = _SEP_HINT.match(data)
    if hint:  # Excel consumes this line and does not show it as a row
        data = data[hint.end():]
    reader = csv.reader(io.StringIO(data), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV near line {reader.line_num} ({exc}); a quoted field may be cut off",
            path=sample.path,
        ) from None
    rows = rows[skiprows:]
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
        skiprows += 1
    if not rows:
        raise InputError("the file is empty; expected a header row and data rows", path=sample.path)
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    if duplicates == "number":
        seen: dict = {}
        renamed = []
        for h in header:
            seen[h] = seen.get(h, 0) + 1
            renamed.append(h if seen[h] == 1 else f"{h} [{seen[h]}]")
        header = renamed
    width = len(header)
    body, index = [], []
    for i, row in enumerate(rows[1:], start=2 + skiprows):
        if not any(c.strip() for c in row):
            continue
        if len(row) > width and any(c.strip() for c in row[width:]):
            raise InputError(
                f"the row has {len(row)} cells but the header has {width}", path=sample.path, row=i
            )
        body.append((row + [""] * width)[:width])
        index.append(i)
    frame = pd.DataFrame(body, columns=header, index=pd.Index(index, name="row"), dtype="string")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"the header repeats the column(s) {dup}", path=sample.path, row=1 + skiprows)
    return frame



def _decoded_lines(path: Path, encoding: str, *, chunk_bytes: int = 1 << 22):
    """The file's text as lines split on ``\\n`` only (as ``io.StringIO`` splits them), decoded strictly.

    Raises
    ------
    UnicodeDecodeError
        With ``start`` set to the byte offset in the whole file.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    consumed = 0
    pending = ""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(chunk_bytes)
            final = not chunk
            buffered = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                base = consumed - buffered
                raise UnicodeDecodeError(exc.encoding, exc.object, base + exc.start, base + exc.end, exc.reason) from None
            consumed += len(chunk)
            if text:
                lines = (pending + text).split("\n")
                pending = lines.pop()
                for line in lines:
                    yield line + "\n"
            if final:
                break
    if pending:
        yield pending


def iter_csv_strings(path, sample: TextSample | None = None, *, delimiter: str | None = None, chunk_rows: int = 1 << 19):
    """:func:`read_csv_strings` in chunks: DataFrames of at most ``chunk_rows`` rows, in bounded memory.

    The rows, the row numbers (the frames' index), the column names and every
    error are those of :func:`read_csv_strings` (``duplicates="error"``,
    ``skiprows=0``). Like the whole-file reader, it raises any error of the
    file before it yields a row: a first pass decodes the text, a second
    parses the records and checks the header and the cells per row, and only
    the third builds the frames.

    Yields
    ------
    pandas.DataFrame
        String cells (``""`` for empty) indexed by spreadsheet row number; at
        least one frame (empty when the file has a header and no data rows).

    Raises
    ------
    InputError
        As :func:`read_csv_strings`.
    """
    sample = sample or sniff_text(path)
    if sample.encoding is None:
        raise InputError(f"expected a CSV text file; this looks like {sample.binary_kind}", path=sample.path)
    delimiter = delimiter or detect_delimiter(sample.text)
    try:
        for _ in _decoded_lines(sample.path, sample.encoding):
            pass
    except UnicodeDecodeError as exc:
        raise InputError(f"text is not valid {sample.encoding} at byte {exc.start}", path=sample.path) from None

    def records():
        lines = _decoded_lines(sample.path, sample.encoding)
        first = next(lines, None)
        if first is None:
            return
        first = first.lstrip("\ufeff")
        head = [] if _SEP_HINT.match(first) else [first]  # Excel consumes a sep= line: it is not a row
        reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter, strict=True)
        try:
            yield from reader
        except csv.Error as exc:
            raise InputError(
                f"malformed CSV near line {reader.line_num} ({exc}); a quoted field may be cut off",
                path=sample.path,
            ) from None

    def header_of(rows):
        skiprows = 0
        for row in rows:
            if any(c.strip() for c in row):
                return [h.strip().lstrip("\ufeff") for h in row], skiprows
            skiprows += 1
        return None, skiprows

    # Pass 2: every record parsed first (quoting errors anywhere win), then the same checks, in the same order.
    rows = records()
    header, skiprows = header_of(rows)
    width = len(header) if header else 0
    too_wide = None
    for i, row in enumerate(rows, start=2 + skiprows):
        if too_wide is None and len(row) > width and any(c.strip() for c in row[width:]) and any(c.strip() for c in row):
            too_wide = InputError(f"the row has {len(row)} cells but the header has {width}", path=sample.path, row=i)
    if header is None:
        raise InputError("the file is empty; expected a header row and data rows", path=sample.path)
    if too_wide is not None:
        raise too_wide
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"the header repeats the column(s) {dup}", path=sample.path, row=1 + skiprows)

    # Pass 3: the frames.
    rows = records()
    header, skiprows = header_of(rows)
    body, index, emitted = [], [], False
    for i, row in enumerate(rows, start=2 + skiprows):
        if not any(c.strip() for c in row):
            continue
        body.append((row + [""] * width)[:width])
        index.append(i)
        if len(body) >= chunk_rows:
            yield pd.DataFrame(body, columns=header, index=pd.Index(index, name="row"), dtype="string")
            body, index, emitted = [], [], True
    if body or not emitted:
        yield pd.DataFrame(body, columns=header, index=pd.Index(index, name="row"), dtype="string")
