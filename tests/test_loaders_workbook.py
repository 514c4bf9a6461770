"""Workbooks: every tabular format read from .xlsx as from CSV, the sheet chosen by content, cells as a CSV holds them."""

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from libcommunity.errors import InputError, UnknownFormatError
from libcommunity.loaders import LoadContext, detect, load_file
from libcommunity.loaders.textio import detect_delimiter, read_csv_strings, sniff_text
from libcommunity.loaders.workbook import cell_text

FORMATS = Path(__file__).parent / "data" / "formats"
CTX = LoadContext("lib", "Europe/Madrid")

#: CSV fixtures of every tabular loader (and the platform a file needs when it does not say).
TABULAR = {
    "youtube_2025_en.csv": None,
    "youtube_es.csv": None,
    "x_content_en.csv": None,
    "x_content_placeholders_en.csv": None,
    "x_tweet_activity_sv.csv": None,
    "meta_facebook_en.csv": None,
    "meta_facebook_2026_en.csv": None,
    "meta_instagram_es.csv": None,
    "facebook_legacy_en.csv": None,
    "tiktok_content_en.csv": None,
    "tiktok_followers_en.csv": None,
    "events_en.csv": None,
    "surveys_en.csv": None,
    "surveys_google_forms_anonymous_en.csv": None,
}


def _as_workbook(csv_path: Path, dst: Path, *, title_rows=(), extra_sheet=True, typed=False) -> Path:
    """The CSV's cells in a sheet named 'Data' (text cells, or numbers typed when ``typed``), after a 'Notes' sheet."""
    sample = sniff_text(csv_path)
    text = csv_path.read_text(sample.encoding).lstrip("\ufeff")
    records = [r for r in csv.reader(io.StringIO(text), delimiter=detect_delimiter(sample.text)) if any(c.strip() for c in r)]
    wb = Workbook()
    first = wb.active
    if extra_sheet:
        first.title = "Notes"
        first.append(["Exported for the monthly report"])
        sheet = wb.create_sheet("Data")
    else:
        sheet = first
        sheet.title = "Data"
    for row in title_rows:
        sheet.append(list(row))
    sheet.append(records[0])
    for values in records[1:]:
        cells = []
        for v in values:
            if typed and v.strip().isdigit() and len(v.strip()) < 15:
                cells.append(int(v))
            else:
                cells.append(v)
        sheet.append(cells)
    wb.save(dst)
    return dst


@pytest.mark.parametrize("name", sorted(TABULAR))
def test_every_tabular_format_reads_the_same_from_a_workbook(tmp_path, name):
    src = FORMATS / name
    expected = load_file(src, CTX)
    book = _as_workbook(src, tmp_path / (Path(name).stem + ".xlsx"))
    got = load_file(book, CTX)
    assert got.format == expected.format
    assert got.tables.keys() == expected.tables.keys()
    for table, frame in expected.tables.items():
        other = got.tables[table]
        # Row numbers follow the sheet: the same rows, one further down when a blank line was skipped in neither.
        pd.testing.assert_frame_equal(other.reset_index(drop=True), frame.reset_index(drop=True))
    assert any("read sheet 'Data' of 2" in n for n in got.notes), got.notes
    assert sum(map(len, got.skipped.values())) == sum(map(len, expected.skipped.values()))


def test_typed_numbers_in_a_workbook_read_as_the_text_export(tmp_path):
    src = FORMATS / "youtube_2025_en.csv"
    book = _as_workbook(src, tmp_path / "typed.xlsx", typed=True, extra_sheet=False)
    expected, got = load_file(src, CTX).tables["posts"], load_file(book, CTX).tables["posts"]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))


def test_a_title_row_above_the_header_is_not_data(tmp_path):
    book = _as_workbook(FORMATS / "x_content_en.csv", tmp_path / "t.xlsx", title_rows=[["X analytics, Jul 2026"], []])
    got = load_file(book, CTX).tables["posts"]
    assert len(got) == len(load_file(FORMATS / "x_content_en.csv", CTX).tables["posts"])
    assert got.index.min() == 4  # header on row 3 of the sheet


def test_cell_text_writes_cells_as_a_csv_export_would():
    assert cell_text(1520.0) == "1520"
    assert cell_text(0.0531) == "0.0531"
    assert cell_text(0.0531, ",") == "0,0531"
    assert cell_text(True) == "true"
    assert cell_text(dt.datetime(2026, 3, 27, 18, 0)) == "2026-03-27 18:00:00"
    assert cell_text(dt.date(2026, 3, 27)) == "2026-03-27"
    assert cell_text(None) == "" and cell_text("") == ""
    # An id Excel turned into a number keeps Excel's 15 digits, so loaders recover it from the permalink or refuse it.
    assert cell_text(17912345678901234.0) == "1.79123456789012E+16"


def test_an_id_excel_turned_into_a_number_is_recovered_from_the_permalink(tmp_path):
    src = FORMATS / "meta_facebook_en.csv"
    frame = read_csv_strings(src)
    wb = Workbook()
    ws = wb.active
    ws.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        ws.append([float(v) if c == "Post ID" else v for c, v in zip(frame.columns, values)])
    wb.save(tmp_path / "ids.xlsx")
    posts = load_file(tmp_path / "ids.xlsx", CTX).tables["posts"]
    assert posts["post_id"].tolist() == load_file(src, CTX).tables["posts"]["post_id"].tolist()


def test_a_workbook_of_no_known_format_lists_its_sheets(tmp_path):
    wb = Workbook()
    wb.active.title = "Budget"
    wb.active.append(["Item", "Cost"])
    wb.save(tmp_path / "budget.xlsx")
    with pytest.raises(UnknownFormatError, match=r"\.xlsx workbook; first non-empty row of each sheet: \{'Budget': \['Item', 'Cost'\]\}"):
        detect(tmp_path / "budget.xlsx")


def test_a_damaged_workbook_is_a_clear_error(tmp_path):
    data = (FORMATS / "linkedin_content_en.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    sample = sniff_text(path)
    assert sample.sheets is None and sample.encoding is None
    with pytest.raises(InputError, match="cut.xlsx"):
        load_file(path, CTX)
