"""libcommunity/staging.py: the fast staging paths give what the general ones give, to the byte.

Batches are made tiny so that members, repeats and months fall across batch boundaries.
"""

from __future__ import annotations

import hashlib

import pyarrow.parquet as pq
import pytest

from libcommunity.handles import BatchPseudonyms
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import streaming
from libcommunity.pseudonym import Pseudonymizer
from libcommunity.store import Store
from tests.conftest import TEST_KEY

HEADER = "account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text"


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch):
    monkeypatch.setattr(streaming, "BATCH_ROWS", 4)


def write(path, rows, header=HEADER):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def interactions(n=30, platform="x"):
    rows = []
    for i in range(n):
        member = ["@Ana", "bob", "carl_1", "dee", "eve@masto.example", "@fox"][i % 6] if i % 7 else f"m{i}"
        month = 8 + (i * 5) % 4  # months interleaved across batches
        reply = f"i{i - 1}" if i % 5 == 0 and i else ""
        text = f"hola @bob y @m{i}" if i % 3 == 0 else "ok"
        rows.append(f"lib,{platform},i{i},{member},comment,2025-{month:02d}-0{1 + i % 9}T10:00:00Z,p1,{reply},false,{text}")
    return rows


def data_files(store: Store) -> dict:
    """Every Parquet file of the store with its bytes' hash (provenance left out: it records when)."""
    return {
        p.relative_to(store.root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.root.rglob("*.parquet"))
        if not p.relative_to(store.root).as_posix().startswith("provenance/")
    }


def test_the_vectorised_pseudonyms_write_the_bytes_the_dictionary_path_writes(tmp_path, monkeypatch):
    files = [write(tmp_path / "a.csv", interactions(30)), write(tmp_path / "b.csv", interactions(12, platform="facebook"))]
    fast = Store(tmp_path / "fast")
    vectorised = []
    one_platform = BatchPseudonyms._one_platform
    monkeypatch.setattr(BatchPseudonyms, "_one_platform", lambda self, *a: vectorised.append(1) or one_platform(self, *a))
    ingest_paths(files, account="lib", store=fast)
    assert len(vectorised) >= 10, "the batches took the vectorised path"
    monkeypatch.setattr(BatchPseudonyms, "_vectorised", lambda self, *a: None)
    slow = Store(tmp_path / "slow")
    ingest_paths(files, account="lib", store=slow)
    assert data_files(fast) == data_files(slow)
    assert any(name.startswith("identities/") for name in data_files(fast))


def test_every_member_id_is_the_keyed_hmac_of_its_handle(tmp_path):
    rows = interactions(40)
    store = Store(tmp_path / "st")
    ingest_paths([write(tmp_path / "i.csv", rows)], account="lib", store=store)
    p = Pseudonymizer(TEST_KEY.encode())
    got = store.read("interactions").set_index("interaction_id")["member_id"].to_dict()
    for row in rows:
        iid, handle = row.split(",")[2:4]
        assert got[iid] == p(handle, "x")
    ident = store.identities("lib")
    assert all(p(h, pl) == m for pl, m, h in ident[["platform", "member_id", "handle"]].itertuples(index=False))


def test_identities_adopted_at_first_equal_those_merged_later(tmp_path):
    a, b = write(tmp_path / "a.csv", interactions(20)), write(tmp_path / "b.csv", interactions(35)[20:])
    once = Store(tmp_path / "once")
    ingest_paths([a, b], account="lib", store=once)
    twice = Store(tmp_path / "twice")
    ingest_paths([a], account="lib", store=twice)
    ingest_paths([b], account="lib", store=twice)
    assert once.identities("lib").equals(twice.identities("lib"))
    files = [f for f in once.files("identities", "lib")]
    assert len(files) == 1 and pq.read_table(files[0]).column("member_id").to_pylist() == sorted(once.identities("lib")["member_id"])


def test_a_key_repeated_in_a_batch_of_two_platforms_is_found(tmp_path):
    # i1 on x in a one-platform batch, then again (same content) in a batch that mixes platforms: one row kept
    rows = interactions(4) + ["lib,facebook,i9,ana,comment,2025-10-01T10:00:00Z,p1,,false,ok", interactions(4)[1]]
    store = Store(tmp_path / "st")
    report = ingest_paths([write(tmp_path / "i.csv", rows)], account="lib", store=store)
    assert report.files[0].rows == {"interactions": 5}
    assert sorted(store.read("interactions")["interaction_id"]) == ["i0", "i1", "i2", "i3", "i9"]


def test_staged_files_dictionary_encode_only_repeating_columns(tmp_path):
    store = Store(tmp_path / "st")
    ingest_paths([write(tmp_path / "i.csv", interactions(30))], account="lib", store=store)
    meta = pq.ParquetFile(store.files("interactions", "lib")[0]).metadata.row_group(0)
    encodings = {meta.column(i).path_in_schema: meta.column(i).encodings for i in range(meta.num_columns)}
    assert any("DICTIONARY" in e for e in encodings["platform"]) and any("DICTIONARY" in e for e in encodings["post_id"])
    assert not any("DICTIONARY" in e for e in encodings["interaction_id"] + encodings["member_id"] + encodings["text"])


def test_an_account_named_in_someone_elses_profile_keeps_its_own_spelling(tmp_path):
    """A profile writing ``ana@masto.es`` names the member ``@Ana@masto.es`` (one pseudonym) but does not respell it."""
    import json

    from libcommunity.ingest import ingest_paths
    from libcommunity.metrics import Scope
    from libcommunity.store import Store

    csv = tmp_path / "i.csv"
    csv.write_text("platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text\n"
                   "mastodon,1,@Ana@masto.es,comment,2026-03-05T11:00:00Z,,,false,Hola\n"
                   "bluesky,2,lectora.bsky.social,comment,2026-03-05T10:00:00Z,p,,false,Hi\n", encoding="utf-8")
    profiles = tmp_path / "profiles.json"
    profiles.write_text(json.dumps({"profiles": [{"did": "did:plc:lectora2x7q4m", "handle": "lectora.bsky.social",
                                                  "description": "Also on Mastodon: @ana@masto.es"},
                                                 {"did": "did:plc:bo5k2m9z1q8r", "handle": "bo.bsky.social",
                                                  "description": "Also on Mastodon: @newcomer@masto.es"}]}), encoding="utf-8")
    store = Store(tmp_path / "st")
    ingest_paths([csv], account="lib", store=store)
    ingest_paths([profiles], account="lib", store=store)
    with Scope(store, "lib") as scope:
        handles = dict(zip(scope.identities()["platform"] + " " + scope.identities()["handle"].str.lower(),
                           scope.identities()["handle"]))
    assert handles["mastodon @ana@masto.es"] == "@Ana@masto.es"  # the member's own spelling stays
    assert "mastodon newcomer@masto.es" in handles  # an account met only in a profile is added as written
