"""Canonical files are ingested in batches (loaders/streaming.py, staging.py), with the behaviour of the whole-file path.

Every test makes the batches tiny, so that rows, repeats, errors and spellings fall across batch boundaries.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from libcommunity.errors import InputError, ValidationError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, canonical, detect, streaming
from libcommunity.loaders.textio import read_csv_strings
from libcommunity.pseudonym import Pseudonymizer
from libcommunity.store import Store
from tests.test_store import tree_hash

HEADER = "account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text"


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch):
    monkeypatch.setattr(streaming, "BATCH_ROWS", 3)


def interactions_csv(path, rows):
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def row(i, member="@ana", kind="comment", ts="2025-10-01T10:00:00Z", reply="", lib="false", text="hola"):
    return f"lib,x,i{i},{member},{kind},{ts},p1,{reply},{lib},{text}"


def test_many_batches_give_what_one_batch_gives(tmp_path, monkeypatch):
    rows = [row(i, member=f"@m{i % 4}", ts=f"2025-{9 + i % 3:02d}-0{1 + i % 5}T1{i % 10}:00:00+02:00") for i in range(20)]
    rows.append(row(20, member="@lib", reply="i3", lib="true", text="gracias @m3"))
    src = interactions_csv(tmp_path / "i.csv", rows)
    pq.write_table(pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(strings_can_be_null=False)), tmp_path / "i.parquet")
    small = Store(tmp_path / "small")
    ingest_paths([src], account="lib", store=small)
    monkeypatch.setattr(streaming, "BATCH_ROWS", 1 << 20)
    big = Store(tmp_path / "big")
    ingest_paths([src], account="lib", store=big)
    pd.testing.assert_frame_equal(small.read("interactions"), big.read("interactions"))
    pd.testing.assert_frame_equal(small.identities("lib"), big.identities("lib"))
    got = small.read("interactions")
    months = {f"month={m}" for m in got["created_at"].dt.strftime("%Y-%m")}
    assert len(months) > 1 and {f.parent.name for f in small.files("interactions", "lib")} == months
    pseudo = Pseudonymizer(b"libcommunity-test-key")
    assert got.loc[got["interaction_id"] == "i20", "text"].item() == f"gracias @{pseudo('m3', 'x')}"
    # Parquet gives the same rows (the CSV's typed columns, read by pyarrow from a file of strings)
    par = Store(tmp_path / "par")
    ingest_paths([tmp_path / "i.parquet"], account="lib", store=par)
    pd.testing.assert_frame_equal(par.read("interactions"), got)


def test_the_canonical_path_never_reads_a_whole_file(tmp_path, monkeypatch):
    src = interactions_csv(tmp_path / "i.csv", [row(i) for i in range(10)])

    def refuse(*a, **k):
        raise AssertionError("a canonical file was read whole")

    monkeypatch.setattr(canonical, "read_csv_strings", refuse)
    monkeypatch.setattr(canonical.CanonicalCSV, "load", refuse)
    monkeypatch.setattr(canonical.CanonicalParquet, "load", refuse)
    store = Store(tmp_path / "st")
    report = ingest_paths([src], account="lib", store=store)
    assert report.files[0].rows == {"interactions": 10} and len(store.read("interactions")) == 10


def test_an_error_in_a_later_batch_names_its_row_and_column(tmp_path):
    rows = [row(i) for i in range(10)]
    rows[7] = row(7, ts="2025-13-45T10:00:00Z")
    src = interactions_csv(tmp_path / "i.csv", rows)
    with pytest.raises(InputError, match=r"row 9, column 'created_at'"):
        ingest_paths([src], account="lib", store=tmp_path / "st")
    assert not (tmp_path / "st").exists()  # a failed first ingest leaves nothing behind


def test_blank_lines_do_not_shift_the_row_in_a_message(tmp_path):
    text = HEADER + "\n" + row(1) + "\n\n\n" + row(2) + "\n" + row(3, kind="like") + "\n"
    src = tmp_path / "i.csv"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"row 6, column 'kind'"):  # as a spreadsheet numbers it
        ingest_paths([src], account="lib", store=tmp_path / "st")
    legacy = read_csv_strings(src)
    assert legacy.index.tolist() == [2, 5, 6]


def test_repeats_across_batches_are_dropped_and_conflicts_reported_like_before(tmp_path):
    same = [row(i) for i in range(5)] + [row(1), row(2)]
    store = Store(tmp_path / "st")
    report = ingest_paths([interactions_csv(tmp_path / "same.csv", same)], account="lib", store=store)
    assert report.files[0].rows == {"interactions": 5} and len(store.read("interactions")) == 5
    clash = [row(i) for i in range(5)] + [row(3, text="otra cosa")]
    with pytest.raises(ValidationError, match=r"interaction_id 'i3' appears twice with different content \(rows 5 and 7\)") as e:
        ingest_paths([interactions_csv(tmp_path / "clash.csv", clash)], account="lib", store=store)
    assert e.value.column == "text"


def test_a_later_file_wins_and_a_second_ingest_changes_no_byte(tmp_path):
    a = interactions_csv(tmp_path / "a.csv", [row(i, text="v1") for i in range(6)])
    b = interactions_csv(tmp_path / "b.csv", [row(i, text="v2") for i in range(3, 9)])
    store = Store(tmp_path / "st")
    report = ingest_paths([a, b], account="lib", store=store)
    got = store.read("interactions").set_index("interaction_id")["text"]
    assert got.to_dict() == {**{f"i{i}": "v1" for i in range(3)}, **{f"i{i}": "v2" for i in range(3, 9)}}
    assert report.tables["interactions"] == {"new": 9, "updated": 0, "unchanged": 0}
    before = tree_hash(store.root)
    again = ingest_paths([a, b], account="lib", store=store)
    assert not again.changed and tree_hash(store.root) == before
    c = interactions_csv(tmp_path / "c.csv", [row(8, text="v3"), row(9)])
    third = ingest_paths([c], account="lib", store=store)
    assert third.tables["interactions"] == {"new": 1, "updated": 1, "unchanged": 0}


def test_identities_keep_the_spelling_of_the_latest_row(tmp_path):
    # x ignores case: @Ana and ana are one member; the later row's spelling is the identity, as before
    rows = [row(0, member="@Ana"), row(1, member="bob"), row(2, member="ana"), row(3, member="bob"),
            row(4, member="carl"), row(5, member="@Ana"), row(6, member="dan"), row(7, member="dan")]
    store = Store(tmp_path / "st")
    ingest_paths([interactions_csv(tmp_path / "i.csv", rows)], account="lib", store=store)
    ident = store.identities("lib").set_index("handle")["member_id"]
    assert set(ident.index) == {"@Ana", "bob", "carl", "dan"}
    assert store.read("interactions")["member_id"].nunique() == 4


def test_forgotten_members_stay_out_across_batches(tmp_path):
    from libcommunity.privacy import forget_member

    store = Store(tmp_path / "st")
    ingest_paths([interactions_csv(tmp_path / "a.csv", [row(0, member="@eve"), row(1)])], account="lib", store=store)
    forget_member(store, "lib", "@eve")
    rows = [row(i) for i in range(2, 6)] + [row(6, member="@eve"), row(7, member="@lib", reply="i6", lib="true"),
                                             row(8, member="@lib", reply="i2", lib="true", text="hi @eve")]
    ingest_paths([interactions_csv(tmp_path / "b.csv", rows)], account="lib", store=store)
    got = store.read("interactions")
    assert "i6" not in set(got["interaction_id"]) and "i7" not in set(got["interaction_id"])
    assert got.loc[got["interaction_id"] == "i8", "text"].item() == "hi @[erased]"
    assert "@eve" not in set(store.identities("lib")["handle"])


def test_typed_batches_match_the_whole_file_loader(tmp_path):
    text = (
        "account,platform,post_id,published_at,kind,reach,impressions,paid\n"
        " lib , X ,1,2025-10-01T10:00:00+02:00, PHOTO ,+5,1\u00a0000,TRUE\n"
        "lib,x,2,2025-03-30 02:30,text,-,12.00,0\n"
        "lib,x,3,Oct 3 2025 10:00,,7,,\n"
        "lib,x,4,2025-10-26,video,8,9,false\n"
    )
    src = tmp_path / "p.csv"
    src.write_text(text, encoding="utf-8")
    ctx = LoadContext("lib", "Europe/Madrid", None)
    loader, sample = detect(src)
    whole = loader.load(src, sample, ctx).tables["posts"]
    parts = [b.table for b in loader.stream(src, sample, ctx, batch_rows=2).batches() if not streaming.is_restart(b)]
    assert pa.concat_tables(parts).equals(streaming.arrow_of(whole, canonical.TABLES["posts"]))


def test_many_pseudonyms_at_once_are_the_pseudonyms():
    p = Pseudonymizer(b"k" * 64)
    handles = ["@Ana", "ana", " bob ", "Çelik", "m_00000001"]
    for platform in ("x", "facebook"):
        assert p.many(handles, platform) == [p(h, platform) for h in handles]


def test_already_clean_says_yes_only_where_trimming_would_change_nothing():
    import numpy as np
    import pyarrow.compute as pc

    pieces = ["a", "b c", "", " ", "\t", "\u00a0", "é", "\u3000", "x\x1c", "ok", "\u2003z", "z\u200a", "🙂"]
    rng = np.random.default_rng(1)
    for _ in range(400):
        values = ["".join(rng.choice(pieces, rng.integers(0, 4))) for _ in range(rng.integers(1, 6))]
        arr = pa.array([None if v == "x\x1c" else v for v in values], pa.string())
        if streaming.already_clean(arr):
            trimmed = pc.utf8_trim_whitespace(arr)
            assert trimmed.equals(arr) and not pc.any(pc.equal(arr, "")).as_py()
            assert all(v is None or v == v.strip() for v in arr.to_pylist())
    assert streaming.already_clean(pa.array(["a", None, "b"])) and not streaming.already_clean(pa.array(["a", ""]))
    assert not streaming.already_clean(pa.array(["a "])) and not streaming.already_clean(pa.array(["\u00e9"]))


def test_parquet_binary_text_and_impossible_dates_give_one_clear_message_or_text(tmp_path):
    """Parquet columns of another type than the canonical one: bytes are text when UTF-8; year 0 is no date."""
    ok = pa.table({"interaction_id": ["i1"], "member_id": pa.array([b"@ana"], pa.binary()), "kind": ["comment"],
                   "created_at": ["2025-10-01T10:00:00Z"]})
    pq.write_table(ok, tmp_path / "ok.parquet")
    from libcommunity.loaders import load_file

    frame = load_file(tmp_path / "ok.parquet", LoadContext("lib", "UTC", "x")).tables["interactions"]
    assert frame["member_id"].tolist() == ["@ana"]
    pq.write_table(ok.set_column(1, "member_id", pa.array([b"\x80"], pa.binary())), tmp_path / "bad.parquet")
    with pytest.raises(InputError, match=r"bad.parquet, row 2, column 'member_id': expected text in UTF-8"):
        load_file(tmp_path / "bad.parquet", LoadContext("lib", "UTC", "x"))
    pq.write_table(pa.table({"date": pa.array([-0.5]), "followers": [3]}), tmp_path / "audience.parquet")
    with pytest.raises(InputError, match=r"column 'date': expected a date such as 2025-10-03; got '-0.5'"):
        load_file(tmp_path / "audience.parquet", LoadContext("lib", "UTC", "x"))


def test_a_canonical_parquet_ingest_never_imports_pandera(tmp_path):
    # The streaming path types and checks canonical rows with Arrow; importing pandera and building its schemas
    # (0.2-0.3 s) would only slow every such ingest. Checked in a fresh interpreter, through the command line.
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    src = interactions_csv(tmp_path / "i.csv", [row(i, member=f"@m{i % 3}") for i in range(6)])
    pq.write_table(pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(strings_can_be_null=False)), tmp_path / "i.parquet")
    code = (
        "import sys\nfrom libcommunity.cli import main\n"
        f"code = main(['ingest', {str(tmp_path / 'i.parquet')!r}, '--account', 'lib', '--store', {str(tmp_path / 'st')!r}])\n"
        "print(code, 'pandera' in sys.modules)"
    )
    env = dict(os.environ, LIBCOMMUNITY_KEY="libcommunity-test-key")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT), env=env)
    assert out.stdout.split()[-2:] == ["0", "False"], out.stderr[-2000:]


def _dictionary_parquet(path, kinds, platforms, *, row_group_size=4):
    n = len(kinds)
    table = pa.table({
        "account": ["lib"] * n, "platform": platforms, "interaction_id": [f"i{i}" for i in range(n)],
        "member_id": [f"@m{i % 3}" for i in range(n)], "kind": kinds,
        "created_at": [f"2025-10-{1 + i % 9:02d}T10:00:00Z" for i in range(n)],
        "post_id": [f"p{i % 2}" for i in range(n)], "reply_to": [None] * n, "by_library": ["false"] * n,
        "text": [f"t{i}" for i in range(n)],
    })
    pq.write_table(table, path, row_group_size=row_group_size)  # pyarrow dictionary-encodes every column
    return path


def _batches(path, ctx, batch_rows):
    stream = streaming.stream_canonical(path, None, ctx, parquet=True, batch_rows=batch_rows)
    return [(b.first_row, b.table) for b in stream.batches()]


@pytest.mark.parametrize("batch_rows", [3, 5, 8, 100])
def test_parquet_dictionary_columns_are_read_as_dictionaries_with_the_same_batches(tmp_path, monkeypatch, batch_rows):
    kinds = ["comment", " Reaction ", "comment", "share", "COMMENT", "reaction", "comment", "share", "mention", "comment", "share"]
    platforms = ["x", " X ", "x", "x", "X", "x", "x", "x", "x", "x", "x"]
    path = _dictionary_parquet(tmp_path / "i.parquet", kinds, platforms)
    assert streaming._dictionary_encoded(pq.ParquetFile(path), canonical.TABLES["interactions"]) == \
        ["account", "platform", "kind", "post_id"]
    ctx = LoadContext("lib", "Europe/Madrid", None)
    got = _batches(path, ctx, batch_rows)
    monkeypatch.setattr(streaming, "_dictionary_encoded", lambda pf, spec: [])
    plain = _batches(path, ctx, batch_rows)
    assert [r for r, _ in got] == [r for r, _ in plain]  # batches cut where a reader of plain strings cuts them
    for (_, a), (_, b) in zip(got, plain):
        assert a.schema == b.schema and a.equals(b)
    assert pa.concat_tables([t for _, t in got]).column("kind").to_pylist()[:5] == ["comment", "reaction", "comment", "share", "comment"]


def test_a_bad_value_in_a_dictionary_column_names_its_row(tmp_path):
    kinds = ["comment"] * 9 + ["not-a-kind"] + ["comment"]
    path = _dictionary_parquet(tmp_path / "i.parquet", kinds, ["x"] * 11)
    with pytest.raises(InputError, match=r"row 11, column 'kind'"):
        ingest_paths([path], account="lib", store=tmp_path / "st")


def test_a_long_cell_in_a_dictionary_column_names_its_row(tmp_path, monkeypatch):
    from libcommunity.loaders import limits

    monkeypatch.setattr(limits, "MAX_FIELD_CHARS", 200)
    kinds = ["comment"] * 6 + ["c" * 250] + ["comment"] * 4
    path = _dictionary_parquet(tmp_path / "i.parquet", kinds, ["x"] * 11)
    with pytest.raises(InputError, match=r"row 8, column 'kind'.*a cell of 250 bytes"):
        ingest_paths([path], account="lib", store=tmp_path / "st")


def _reading_threads():
    import threading

    return [t for t in threading.enumerate() if t.name == "libcommunity-read" and t.is_alive()]


def test_the_next_file_is_read_ahead_with_the_same_store(tmp_path, monkeypatch):
    import libcommunity.readahead as readahead

    members = tmp_path / "members.csv"
    members.write_text("account,platform,member_id,followed_at\n" + "\n".join(
        f"lib,x,@m{i},2025-0{1 + i % 9}-01T10:00:00Z" for i in range(7)) + "\n", encoding="utf-8")
    first = interactions_csv(tmp_path / "a.csv", [row(i, member=f"@m{i % 5}") for i in range(8)])
    second = _dictionary_parquet(tmp_path / "b.parquet", ["comment"] * 11, ["x"] * 11)
    opened = []
    real = readahead.ReadAhead._start

    def start(self, index):
        opened.append(index)
        return real(self, index)

    monkeypatch.setattr(readahead.ReadAhead, "_start", start)
    ahead = Store(tmp_path / "ahead")
    ingest_paths([members, first, second], account="lib", store=ahead)
    assert opened == [1, 2, 3] and not _reading_threads()
    monkeypatch.setattr(readahead.ReadAhead, "_start", lambda self, index: None)
    plain = Store(tmp_path / "plain")
    ingest_paths([members, first, second], account="lib", store=plain)
    for table in ("members", "interactions"):
        pd.testing.assert_frame_equal(ahead.read(table), plain.read(table))
    pd.testing.assert_frame_equal(ahead.identities("lib"), plain.identities("lib"))


def test_a_bad_file_read_ahead_is_reported_in_its_turn_and_stops_the_reading(tmp_path):
    first = interactions_csv(tmp_path / "a.csv", [row(i) for i in range(8)])
    bad = interactions_csv(tmp_path / "b.csv", [row(i) for i in range(4)] + [row(4, ts="2025-13-45T10:00:00Z")])
    third = interactions_csv(tmp_path / "c.csv", [row(i) for i in range(9)])
    (tmp_path / "d.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"b.csv, row 6, column 'created_at'"):
        ingest_paths([first, bad, third], account="lib", store=tmp_path / "st")
    assert not (tmp_path / "st").exists() and not _reading_threads()
    with pytest.raises(InputError, match=r"d.parquet.*not a readable Parquet file"):
        ingest_paths([first, tmp_path / "d.parquet"], account="lib", store=tmp_path / "st")
    assert not _reading_threads()


def test_the_key_check_does_not_wait_for_the_last_rows_to_be_written(tmp_path, monkeypatch):
    import threading

    from libcommunity.staging import IngestStaging, StagedPart

    checked = threading.Event()
    real_check, real_close = IngestStaging.has_repeated_keys, StagedPart.close
    closes = []

    def check(self, parts):
        try:
            return real_check(self, parts)
        finally:
            checked.set()

    def close(self):
        if self.spec.name == "interactions" and not closes:
            closes.append(checked.wait(5))  # the check, started before the close, ends without it
        return real_close(self)

    monkeypatch.setattr(IngestStaging, "has_repeated_keys", check)
    monkeypatch.setattr(StagedPart, "close", close)
    path = interactions_csv(tmp_path / "i.csv", [row(i, member=f"@m{i % 4}") for i in range(10)])
    ingest_paths([path], account="lib", store=tmp_path / "st")
    assert closes == [True]
    assert len(Store(tmp_path / "st").read("interactions")) == 10
