"""Reading exported text: encodings, delimiters, Excel's sep= line, repeated headers."""

import pytest

from libcommunity.errors import InputError
from libcommunity.loaders.textio import (
    detect_delimiter,
    header_cells,
    read_csv_strings,
    sniff_text,
)


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ('"a","b","c"\n"1","x, y; z","3"\n', ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("Title;Description, short;Reach\nx;y;1\n", ";"),
        ("sep=;\na,b;c\n1;2\n", ";"),
    ],
)
def test_detect_delimiter(text, delimiter):
    assert detect_delimiter(text) == delimiter


def test_header_cells_respect_quotes(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text('Post ID,"Reactions, Comments and Shares",Reach\n1,2,3\n', encoding="utf-8")
    assert header_cells(sniff_text(p)) == ["Post ID", "Reactions, Comments and Shares", "Reach"]


def test_sep_line_is_skipped_and_does_not_shift_row_numbers(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("sep=;\nPost ID;Reach\n1;10\n2;20\n", encoding="utf-8")
    frame = read_csv_strings(p)
    assert list(frame.columns) == ["Post ID", "Reach"] and list(frame.index) == [2, 3]


@pytest.mark.parametrize("codec, expected", [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")])
def test_utf16_without_bom_is_text(tmp_path, codec, expected):
    p = tmp_path / "u.csv"
    p.write_bytes("Innehåll\tVisningar\nabc\t12\n".encode(codec))
    sample = sniff_text(p)
    assert sample.encoding == expected
    assert read_csv_strings(p, sample)["Visningar"].tolist() == ["12"]


def test_windows_ansi_text_is_read_as_cp1252(tmp_path):
    p = tmp_path / "w.csv"
    p.write_bytes("Descripción;Alcance\n“Nada” – 5 €;10\n".encode("cp1252"))
    sample = sniff_text(p)
    assert sample.encoding == "cp1252"
    assert read_csv_strings(p, sample)["Descripción"].tolist() == ["“Nada” – 5 €"]


def test_repeated_headers_are_numbered_on_request(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("a,b,b\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="repeats the column"):
        read_csv_strings(p)
    assert list(read_csv_strings(p, duplicates="number").columns) == ["a", "b", "b [2]"]
