"""Patron data safe under real operations: keys, erasure, ids, names, months, output (one test per item)."""

import json
import os
import threading
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from libcommunity.cli import main, one_line
from libcommunity.errors import StoreError
from libcommunity.store import Store
from tests.test_ingest import INTERACTIONS, MEMBERS, POSTS, write


def ingest(root, *files, account="lib", extra=()):
    return main(["ingest", *map(str, files), "--account", account, "--platform", "x", "--store", str(root), *extra])


# ------------------------------------------------------------------------------------ key lifecycle
def test_a_failed_first_ingest_never_deletes_a_key_another_write_used(tmp_path, monkeypatch):
    """Ingest A creates the key; B uses it and commits; A then fails: the key stays, and so do the pseudonyms."""
    monkeypatch.delenv("LIBCOMMUNITY_KEY")
    import libcommunity.ingest as ingest_mod

    root = tmp_path / "st"
    posts_file = write(tmp_path, "p.csv", POSTS)
    inter = write(tmp_path, "i.csv", INTERACTIONS)
    real = ingest_mod.sha256_of
    gate, reached = threading.Event(), threading.Event()

    def slow_then_fail(path):
        if Path(path).name == "p.csv":
            reached.set()  # A has created the key and staged its rows
            gate.wait(60)
            raise OSError("simulated failure of the first ingest")
        return real(path)

    monkeypatch.setattr(ingest_mod, "sha256_of", slow_then_fail)
    failed = {}
    a = threading.Thread(target=lambda: failed.setdefault("code", ingest(root, posts_file)))
    a.start()
    assert reached.wait(60) and (root / ".key").exists()
    assert ingest(root, inter) == 0  # B: uses A's key and commits
    gate.set()
    a.join(60)
    assert failed["code"] != 0
    assert (root / ".key").exists()
    before = set(Store(root).read("interactions")["member_id"])
    assert ingest(root, inter) == 0
    assert set(Store(root).read("interactions")["member_id"]) == before  # same key, same pseudonyms


def test_another_key_is_refused_naming_both_sources(tmp_path, monkeypatch, capsys):
    root = tmp_path / "st"
    inter = write(tmp_path, "i.csv", INTERACTIONS)
    monkeypatch.delenv("LIBCOMMUNITY_KEY")
    assert ingest(root, inter) == 0
    assert "fingerprint" in json.loads((root / "_manifest.json").read_text())["key"]
    assert (root / ".key").read_text().strip() not in (root / "_manifest.json").read_text()
    before = Store(root).read("interactions")
    monkeypatch.setenv("LIBCOMMUNITY_KEY", "another-key")
    capsys.readouterr()
    assert ingest(root, inter) == 2
    err = capsys.readouterr().err
    assert "LIBCOMMUNITY_KEY" in err and str(root / ".key") in err and "not the key this store was written with" in err
    assert main(["forget", "--account", "lib", "--member", "@ana", "--store", str(root)]) == 2
    pd.testing.assert_frame_equal(Store(root).read("interactions"), before)


def test_the_key_is_normalised_alike_from_both_sources(tmp_path, monkeypatch):
    root = tmp_path / "st"
    inter = write(tmp_path, "i.csv", INTERACTIONS)
    monkeypatch.setenv("LIBCOMMUNITY_KEY", "s3cret-key")
    assert ingest(root, inter) == 0
    monkeypatch.setenv("LIBCOMMUNITY_KEY", "s3cret-key\n")  # as `export K=$(cat keyfile)` or an editor leaves it
    assert ingest(root, inter) == 0
    assert len(Store(root).read("interactions")) == 3
    monkeypatch.delenv("LIBCOMMUNITY_KEY")
    (root / ".key").write_text("s3cret-key\r\n")
    assert ingest(root, inter) == 0
    assert len(Store(root).read("interactions")) == 3


def test_an_unset_key_on_a_store_written_with_one_is_refused(tmp_path, monkeypatch, capsys):
    root = tmp_path / "st"
    inter = write(tmp_path, "i.csv", INTERACTIONS)
    assert ingest(root, inter) == 0  # LIBCOMMUNITY_KEY from conftest
    monkeypatch.delenv("LIBCOMMUNITY_KEY")
    capsys.readouterr()
    assert ingest(root, inter) == 2
    assert "LIBCOMMUNITY_KEY is not set" in capsys.readouterr().err
    assert not (root / ".key").exists() and len(Store(root).read("interactions")) == 3


def test_a_store_without_fingerprint_adopts_it_at_its_next_write(tmp_path):
    root = tmp_path / "st"
    assert ingest(root, write(tmp_path, "i.csv", INTERACTIONS)) == 0
    manifest = json.loads((root / "_manifest.json").read_text())
    del manifest["key"]
    (root / "_manifest.json").write_text(json.dumps(manifest))
    assert ingest(root, write(tmp_path, "p.csv", POSTS)) == 0
    assert "fingerprint" in json.loads((root / "_manifest.json").read_text())["key"]


# ------------------------------------------------------------------------------------ erasure
def _bluesky_capture(path):
    ana = {"did": "did:plc:ana4readsq2w", "handle": "ana.bsky.social"}
    carla = {"did": "did:plc:carlam8m8m8m", "handle": "carla.bsky.social"}
    root = "at://did:plc:library000001/app.bsky.feed.post/3m2bsp4tu2225"

    def note(author, rkey, when, text):
        return {
            "uri": f"at://{author['did']}/app.bsky.feed.post/{rkey}", "author": author, "reason": "reply",
            "record": {"createdAt": when, "text": text, "reply": {"root": {"uri": root}, "parent": {"uri": root}}},
            "indexedAt": when,
        }

    data = {"notifications": [
        note(ana, "3m2bw5yjak22a", "2025-10-03T11:02:00.000Z", "¡Cien años de soledad!"),
        note(carla, "3m2c6yjdv222c", "2025-10-03T13:40:00.000Z", "Estoy con @ana.bsky.social, el mejor"),
    ]}
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("member", ["@ana.bsky.social", "did:plc:ana4readsq2w", "https://bsky.app/profile/ana.bsky.social"])
def test_bluesky_erasure_by_handle_or_did_removes_rows_and_mentions(tmp_path, member, capsys):
    root = tmp_path / "st"
    capture = _bluesky_capture(tmp_path / "notifications.json")
    assert main(["ingest", str(capture), "--account", "lib", "--store", str(root)]) == 0
    assert len(Store(root).read("interactions")) == 2
    capsys.readouterr()
    assert main(["forget", "--account", "lib", "--member", member, "--store", str(root)]) == 0
    texts = Store(root).read("interactions")["text"].tolist()
    assert texts == ["Estoy con @[erased], el mejor"]  # her reply gone, Carla's mention of her redacted


def test_erasure_finds_decomposed_and_compatibility_spellings(tmp_path):
    root = tmp_path / "st"
    composed = "José Núñez"
    decomposed = unicodedata.normalize("NFD", composed)
    inter = write(tmp_path, "i.csv", INTERACTIONS.replace("@Ana", decomposed))
    members = write(tmp_path, "m.csv", MEMBERS.replace("@Ana", decomposed))
    assert main(["ingest", str(inter), str(members), "--account", "lib", "--platform", "x", "--store", str(root)]) == 0
    assert main(["forget", "--account", "lib", "--member", composed, "--store", str(root)]) == 0
    assert len(Store(root).read("members")) == 1


def test_no_raw_handle_email_or_phone_reaches_an_id(tmp_path):
    root = tmp_path / "st"
    events = write(
        tmp_path, "events.csv",
        "event_name,event_start,attendee\n"
        "Talk by @maria_lee (call Jane +34 612 34 56 78 or jane@example.org),2025-10-03T18:00:00+02:00,ana@example.org\n",
    )
    assert main(["ingest", str(events), "--account", "lib", "--platform", "other", "--store", str(root)]) == 0
    ids = Store(root).read("interactions")["interaction_id"].tolist()
    assert ids and all(s not in i for i in ids for s in ("maria_lee", "612", "jane@", "ana@", "example.org"))
    assert all(i.endswith(tuple(Store(root).read("interactions")["member_id"])) for i in ids)


# ------------------------------------------------------------------------------------ names, months, output
@pytest.mark.parametrize("name", ["index", "network"])
def test_account_names_the_report_pages_use_are_refused_at_ingest(tmp_path, name, capsys):
    assert ingest(tmp_path / "st", write(tmp_path, "i.csv", INTERACTIONS), account=name) == 2
    assert "must not be named" in capsys.readouterr().err
    assert not (tmp_path / "st").exists()


@pytest.mark.parametrize("month", ["9999-12", "2262-04"])
def test_months_far_in_the_future_are_a_clear_error(tmp_path, month, capsys):
    root = tmp_path / "st"
    assert ingest(root, write(tmp_path, "i.csv", INTERACTIONS)) == 0
    capsys.readouterr()
    assert main(["metrics", "--account", "lib", "--month", month, "--store", str(root)]) == 2
    assert "between 1900-01 and 2200-12" in capsys.readouterr().err
    started = time.monotonic()
    assert main(["prune", "--account", "lib", "--before", month, "--store", str(root)]) == 2
    assert time.monotonic() - started < 5


def test_prune_plans_only_the_months_of_the_data(tmp_path):
    from libcommunity.retention import prune

    root = tmp_path / "st"
    assert ingest(root, write(tmp_path, "i.csv", INTERACTIONS)) == 0
    report = prune(Store(root), "lib", before="2200-12", dry_run=True)
    assert report.summarised == ["2025-10"]


def test_file_names_with_terminal_escapes_are_printed_escaped(tmp_path, capsys):
    evil = write(tmp_path, "i\x1b[2J\x1b]0;pwned\x07.csv", INTERACTIONS)
    capsys.readouterr()
    assert ingest(tmp_path / "st", evil) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[2J" in err


def test_error_messages_are_capped_saying_how_much_was_cut(tmp_path, capsys):
    canonical = POSTS.splitlines()[0]
    header = canonical[: canonical.rindex(",")] + "," + ",".join(f"column_{i}" for i in range(100_000))
    wide = write(tmp_path, "wide.csv", header + "\n")
    capsys.readouterr()
    code = ingest(tmp_path / "st", wide)
    err = capsys.readouterr().err
    assert code == 2 and len(err) < 3000 and "more characters cut" in err
    assert one_line("x" * 5000).endswith("[3,000 more characters cut]")


def test_a_parquet_cell_over_the_limit_is_refused_from_the_footer(tmp_path, monkeypatch, capsys):
    import libcommunity.loaders.limits as limits

    monkeypatch.setattr(limits, "MAX_FIELD_CHARS", 1 << 20)
    path = tmp_path / "bomb.parquet"
    table = pa.table({
        "account": ["lib"], "platform": ["x"], "post_id": ["1"],
        "published_at": pa.array([pd.Timestamp("2025-10-01", tz="UTC")]), "kind": ["text"], "text": ["a" * (8 << 20)],
    })
    pq.write_table(table, path, compression="zstd")
    assert path.stat().st_size < 64 << 10
    capsys.readouterr()
    assert ingest(tmp_path / "st", path) == 2
    err = capsys.readouterr().err
    assert "column 'text' of row group 0" in err and "larger than the limit" in err
