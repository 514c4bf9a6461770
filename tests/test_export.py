import csv

import pandas as pd
import pytest

from libcommunity.export import neutralise_cell, safe_csv_frame, write_csv


@pytest.mark.parametrize("bad", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1"])
def test_formula_starts_are_neutralised(bad):
    assert neutralise_cell(bad) == "'" + bad


def test_harmless_values_untouched():
    assert neutralise_cell("hola") == "hola"
    assert neutralise_cell(-5) == -5
    assert neutralise_cell(None) is None


def test_written_csv_has_no_cell_starting_a_formula(tmp_path):
    frame = pd.DataFrame({"member": ["m_1", "=cmd|' /C calc'!A0", "@ana"], "n": [1, -2, 3], "=col": ["a", "b", "c"]})
    path = write_csv(frame, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.lstrip("-").isdigit()
    assert rows[2][1] == "-2"  # numbers stay numbers
    assert rows[1][0] == "m_1" and rows[2][0].startswith("'=")
    assert not list(tmp_path.glob(".*"))


def test_safe_frame_keeps_shape():
    frame = pd.DataFrame({"a": pd.array(["=1", None], dtype="string")})
    out = safe_csv_frame(frame)
    assert out["a"].tolist()[0] == "'=1" and pd.isna(out["a"].tolist()[1])
