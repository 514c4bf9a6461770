"""``libcommunity template``: blank canonical CSV files whose example rows the loader skips, and ingests once uncommented."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.csv_templates import EXAMPLE_ROWS, TEMPLATE_TABLES, write_templates
from libcommunity.errors import ParameterError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders.canonical import COMMENT_REASON
from libcommunity.schemas import TABLES
from libcommunity.store import Store


@pytest.mark.parametrize("lang, delimiter", [("en", ","), ("es", ";"), ("sv", ";")])
def test_files_have_every_column_and_one_commented_example(tmp_path, lang, delimiter):
    paths = write_templates(tmp_path, lang=lang)
    assert [p.name for p in paths] == [f"{t}.csv" for t in TEMPLATE_TABLES]
    for table, path in zip(TEMPLATE_TABLES, paths):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        header, example, end = raw[3:].decode("utf-8").split("\r\n")
        assert header.split(delimiter) == TABLES[table].column_names and end == ""
        assert example.startswith("# " + EXAMPLE_ROWS[table][TABLES[table].column_names[0]] + delimiter)


def test_as_written_nothing_is_ingested_and_every_example_is_counted(tmp_path):
    write_templates(tmp_path / "t")
    report = ingest_paths([tmp_path / "t"], account="my-library", store=tmp_path / "st")
    assert all(sum(f.rows.values()) == 0 for f in report.files) and len(report.files) == 4
    assert all(f.skipped == {COMMENT_REASON: [2]} for f in report.files)
    assert f"  1 row skipped: {COMMENT_REASON} (row 2)" in report.lines()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_uncommented_examples_ingest_as_one_row_per_table(tmp_path, lang):
    for path in write_templates(tmp_path / "t", lang=lang):
        path.write_bytes(path.read_bytes().replace(b"\r\n# ", b"\r\n"))
    store = Store(tmp_path / "st")
    report = ingest_paths([tmp_path / "t"], account="my-library", store=store, timezone="Europe/Madrid")
    assert {t: c["new"] for t, c in report.tables.items()} == {t: 1 for t in TEMPLATE_TABLES}
    post = store.read("posts").iloc[0]
    assert (post["post_id"], post["kind"], post["reach"], post["paid"]) == ("1001", "photo", 850, False)
    assert pd.isna(post["views"])  # left empty in the example: unknown, not zero
    assert str(post["published_at"]) == "2026-10-03 08:30:00+00:00"
    comment = store.read("interactions").iloc[0]
    assert comment["member_id"].startswith("m_") and comment["text"] == EXAMPLE_ROWS["interactions"]["text"]
    assert store.read("audience")["followers"].tolist() == [1530]


def test_existing_files_are_never_overwritten(tmp_path, capsys):
    (tmp_path / "members.csv").write_text("my own data\n")
    with pytest.raises(ParameterError, match="members.csv already exist"):
        write_templates(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["members.csv"]
    assert (tmp_path / "members.csv").read_text() == "my own data\n"
    assert main(["template", "--dir", str(tmp_path)]) == 2
    assert "already exist" in capsys.readouterr().err


def test_the_command_says_where_the_files_went(tmp_path, capsys):
    assert main(["template", "--dir", str(tmp_path / "new")]) == 0
    err = capsys.readouterr().err
    assert f"4 files written to {tmp_path / 'new'}: posts.csv, interactions.csv, members.csv, audience.csv" in err
