"""Spreadsheet-safe CSV (OWASP CSV injection), written atomically."""

import csv
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libcommunity.segments import neutralise_csv_cell, safe_csv_frame, write_safe_csv
from libcommunity.segments.csvsafe import FORMULA_STARTS


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+34 600", "'+34 600"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ana", "ana"),
        ("a=b", "a=b"),
        (-3, "'-3"),
        (0.25, "0.25"),
        (True, "true"),
        (None, ""),
        (np.nan, ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (pd.Timestamp("2025-10-01T10:00Z"), "2025-10-01T10:00:00+00:00"),
    ],
)
def test_cells(value, expected):
    assert neutralise_csv_cell(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True)), min_size=1, max_size=20))
def test_no_cell_can_start_a_formula(values):
    safe = safe_csv_frame(pd.DataFrame({"x": pd.Series(values, dtype=object)}))
    assert not any(str(v).startswith(FORMULA_STARTS) for v in safe["x"])


def test_written_file_reads_back_neutralised(tmp_path):
    frame = pd.DataFrame({"member": ["m_1", "m_2"], "handle": ["=cmd|' /C calc'!A0", "@ana"], "n": [-1, 2]})
    path = write_safe_csv(frame, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["member", "handle", "n"]
    assert rows[1] == ["m_1", "'=cmd|' /C calc'!A0", "'-1"]
    assert rows[2] == ["m_2", "'@ana", "2"]
    assert not [f for f in os.listdir(tmp_path) if f != "out.csv"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    path.write_text("old\n")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        write_safe_csv(pd.DataFrame({"a": [1]}), path)
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.csv"]
