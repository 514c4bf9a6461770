"""Canonical CSV: rows whose first cell starts with ``#`` (the template's example rows) are skipped and counted."""

from __future__ import annotations

import pytest

from libcommunity.errors import InputError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, load_file, streaming
from libcommunity.loaders.canonical import COMMENT_REASON
from libcommunity.store import Store

HEADER = "account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text"


def row(i, kind="comment", text="hola"):
    return f"lib,x,i{i},@m{i},{kind},2025-10-01T10:00:00Z,p1,,false,{text}"


def write(path, lines, header=HEADER):
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("batch_rows", [3, 1 << 19])
def test_comment_rows_are_skipped_counted_and_leave_row_numbers_exact(tmp_path, monkeypatch, batch_rows):
    monkeypatch.setattr(streaming, "BATCH_ROWS", batch_rows)
    lines = ["# lib,x,i0,@example,comment,2025-10-01T10:00:00Z,,,false,an example", *[row(i) for i in range(1, 6)],
             "  #,a note in the middle", *[row(i) for i in range(6, 9)]]
    src = write(tmp_path / "i.csv", lines)
    report = ingest_paths([src], account="lib", store=tmp_path / "st")
    assert report.files[0].rows == {"interactions": 8}
    assert report.files[0].skipped == {COMMENT_REASON: [2, 8]}  # spreadsheet rows: the header is row 1
    assert f"  2 rows skipped: {COMMENT_REASON} (rows 2, 8)" in report.lines()
    assert sorted(Store(tmp_path / "st").read("interactions")["interaction_id"]) == [f"i{i}" for i in range(1, 9)]
    bad = lines[:8] + [row(8, kind="like")]  # spreadsheet row 10: header, 8 rows before it (two of them comments)
    with pytest.raises(InputError, match=r"row 10, column 'kind'"):
        ingest_paths([write(tmp_path / "bad.csv", bad)], account="lib", store=tmp_path / "st2")


def test_the_whole_file_loader_skips_the_same_rows(tmp_path):
    src = write(tmp_path / "i.csv", ["#lib,x,i0,@e,comment,2025-10-01T10:00:00Z,,,false,x", row(1)])
    result = load_file(src, LoadContext(account="lib"))
    assert result.tables["interactions"]["interaction_id"].tolist() == ["i1"]
    assert result.skipped == {COMMENT_REASON: [2]}


def test_a_file_that_starts_with_text_keeps_its_hashtags(tmp_path):
    header = "text,account,platform,post_id,published_at"
    src = write(tmp_path / "p.csv", ["#BookClub is back,lib,x,p1,2025-10-01T10:00:00Z"], header=header)
    report = ingest_paths([src], account="lib", store=tmp_path / "st")
    assert report.files[0].rows == {"posts": 1} and report.files[0].skipped == {}
    assert Store(tmp_path / "st").read("posts")["text"].tolist() == ["#BookClub is back"]


def test_a_file_of_comments_only_adds_nothing(tmp_path):
    src = write(tmp_path / "i.csv", ["# lib,x,i0,@e,comment,2025-10-01T10:00:00Z,,,false,x"])
    report = ingest_paths([src], account="lib", store=tmp_path / "st")
    assert report.files[0].rows == {"interactions": 0} and report.files[0].skipped == {COMMENT_REASON: [2]}
    assert Store(tmp_path / "st").read("interactions").empty
