"""libcommunity/handles.py: the exact pseudonym index, both paths of BatchPseudonyms, identities in the store's order."""

from __future__ import annotations

import hashlib

import numpy as np
import pyarrow as pa
import pytest

from libcommunity.handles import BatchPseudonyms, HandleIndex, pseudonym_strings, sort_identities
from libcommunity.pseudonym import Pseudonymizer
from libcommunity.rowhash import RowHasher

KEY = b"handles-test-key"


def few_hashes(values: pa.Array) -> np.ndarray:
    """A hash with three values: nearly every handle shares its hash (and its 32-bit tag) with others."""
    return np.array([len(v) % 3 for v in values.to_pylist()], np.uint64)


def batch(handles, platforms="facebook") -> pa.Table:
    platforms = [platforms] * len(handles) if isinstance(platforms, str) else platforms
    return pa.table({"member_id": pa.array(handles, pa.string()), "platform": pa.array(platforms, pa.string())})


def identities(bp: BatchPseudonyms) -> dict:
    t = bp.table("lib")
    rows = list(zip(t.column("platform").to_pylist(), t.column("member_id").to_pylist(), t.column("handle").to_pylist()))
    assert len({(p, m) for p, m, _ in rows}) == len(rows), "one identity per member"
    return {(p, m): h for p, m, h in rows}


@pytest.mark.parametrize("hash_strings", [few_hashes, RowHasher().strings], ids=["colliding", "duckdb"])
def test_every_row_gets_the_pseudonym_of_its_own_handle_whatever_the_hashes(hash_strings):
    p = Pseudonymizer(KEY)
    rng = np.random.default_rng(3)
    names = [f"user{i}" for i in range(400)] + [f"u{i}" for i in range(50)]
    bp = BatchPseudonyms(p, hash_strings)
    for _ in range(6):
        handles = [names[j] for j in rng.integers(0, len(names), 300)]
        assert bp.member_ids(batch(handles)).to_pylist() == [p(h, "facebook") for h in handles]
    assert sum(index.n for index in bp._indexes.values()) > 0, "the batches took the vectorised path"
    seen = identities(bp)
    assert all(p(h, plat) == m for (plat, m), h in seen.items())


def test_the_index_tells_apart_handles_that_share_a_hash():
    index = HandleIndex()
    handles = pa.array(["ana", "bob", "cy", "dee"])
    same = np.zeros(4, np.uint64)  # every handle has the same hash
    mids = np.array([f"m_{i:020x}" for i in range(4)], "S22")
    codes = index.add(same, handles, mids, handles)
    assert codes.tolist() == [0, 1, 2, 3]
    assert index.lookup(np.zeros(5, np.uint64), pa.array(["dee", "ana", "eve", "cy", "bob"])).tolist() == [3, 0, -1, 2, 1]
    assert index.pseudonyms(np.array([2, 0])).to_pylist() == ["m_" + "0" * 19 + "2", "m_" + "0" * 20]


def test_the_vectorised_path_and_the_dictionary_path_agree(monkeypatch):
    p = Pseudonymizer(KEY)
    rng = np.random.default_rng(5)
    pool = [f"@Member{i}" for i in range(200)] + [f"member{i}" for i in range(200, 260)]
    batches = []
    for _ in range(5):
        handles = [pool[j] for j in rng.integers(0, len(pool), 150)]
        platforms = ["x" if j % 3 else "facebook" for j in rng.integers(0, 10, 150)]
        batches.append(batch(handles, platforms))
    fast = BatchPseudonyms(p, RowHasher().strings)
    slow = BatchPseudonyms(p, RowHasher().strings)
    monkeypatch.setattr(slow, "_vectorised", lambda *a: None)
    for t in batches:
        assert fast.member_ids(t).to_pylist() == slow.member_ids(t).to_pylist()
    assert fast._indexes and not slow._indexes
    assert identities(fast) == identities(slow)


def test_a_second_spelling_keeps_the_latest_rows_spelling_on_both_paths():
    # x ignores case: @Ana, ana and ANA are one member; the identity is the spelling of the last row
    p = Pseudonymizer(KEY)
    bp = BatchPseudonyms(p, RowHasher().strings)
    bp.member_ids(batch(["@Ana", "bob", "carl"], "x"))  # vectorised: one spelling each so far
    assert bp._indexes["x"].n == 3
    bp.member_ids(batch(["dan", "ana", "bob"], "x"))  # a second spelling: the dictionary path takes over
    bp.member_ids(batch(["ANA", "eve"], "x"))
    got = identities(bp)
    assert got[("x", p("ana", "x"))] == "ANA"
    assert {h for h in got.values()} == {"ANA", "bob", "carl", "dan", "eve"}


def test_anonymous_rows_keep_no_pseudonym_and_the_hashes_given_are_used():
    p = Pseudonymizer(KEY)
    hasher = RowHasher()
    bp = BatchPseudonyms(p, lambda values: pytest.fail("the hashes given were not used"))
    t = batch(["ana", "", "bob", ""])
    got = bp.member_ids(t, hasher.strings(t.column("member_id").combine_chunks()))
    assert got.to_pylist() == [p("ana", "facebook"), "", p("bob", "facebook"), ""]
    assert set(identities(bp).values()) == {"ana", "bob"}


def test_identities_drop_erased_members_and_keep_only_those_present():
    p = Pseudonymizer(KEY)
    bp = BatchPseudonyms(p, RowHasher().strings)
    bp.member_ids(batch(["ana", "bob", "cy"]))
    bp.drop({p("bob", "facebook")})
    bp.keep_only(pa.table({"platform": ["facebook", "facebook"], "member_id": [p("ana", "facebook"), p("bob", "facebook")]}))
    assert identities(bp) == {("facebook", p("ana", "facebook")): "ana"}


def test_identities_are_sorted_as_the_store_sorts_them():
    mids = ["m_" + hashlib.sha256(str(i).encode()).hexdigest()[:20] for i in range(3000)]
    mids[10] = mids[20][:18] + "00"  # shares its first 16 digits with another: numpy's byte-wise sort decides
    mids[30] = "m_ZZ" + mids[30][4:]  # not a pseudonym's digits
    t = pa.table({"account": ["lib"] * 3000, "platform": ["x"] * 3000, "member_id": mids, "handle": [str(i) for i in range(3000)]})
    assert sort_identities(t).column("member_id").to_pylist() == sorted(mids, key=str.encode)
    mixed = t.set_column(1, "platform", pa.array(["x", "bluesky"] * 1500))
    got = sort_identities(mixed)
    pairs = list(zip(got.column("platform").to_pylist(), got.column("member_id").to_pylist()))
    assert pairs == sorted(pairs, key=lambda pm: (pm[0].encode(), pm[1].encode()))


def test_pseudonym_strings_are_built_from_the_bytes():
    fixed = np.array([b"m_0001", b"m_abcd"], "S6")
    out = pseudonym_strings(fixed)
    assert out.type == pa.string() and out.to_pylist() == ["m_0001", "m_abcd"]


def test_handles_of_one_length_sharing_a_hash_are_told_apart_as_fixed_width_bytes():
    index = HandleIndex()
    handles = pa.array(["ana", "bob", "a\x00b", "ab\x00"])
    same = np.zeros(4, np.uint64)  # every handle has the same hash
    mids = np.array([f"m_{i:020x}" for i in range(4)], "S22")
    index.add(same, handles, mids, handles)
    assert index._width == 3, "handles of one length are held as fixed-width bytes"
    asked = pa.array(["ab\x00", "bob", "abc", "a\x00b", "ana", "b\x00\x00"]).slice(0)
    assert index.lookup(np.zeros(6, np.uint64), asked).tolist() == [3, 1, -1, 2, 0, -1]
    # a batch of another length, or with several lengths, is compared as strings
    assert index.lookup(np.zeros(3, np.uint64), pa.array(["ab", "ana", "bobby"])).tolist() == [-1, 0, -1]
    # a sliced batch (an offset into its buffers) is read from its own rows
    assert index.lookup(np.zeros(2, np.uint64), pa.array(["zzz", "xx", "bob", "ana"]).slice(2)).tolist() == [1, 0]
    index.add(np.zeros(1, np.uint64), pa.array(["eve5"]), np.array([f"m_{9:020x}"], "S22"), pa.array(["eve5"]))
    assert index._width is None, "held handles of several lengths: strings only"
    assert index.lookup(np.zeros(3, np.uint64), pa.array(["eve5", "bob", "eve"])).tolist() == [4, 1, -1]


def test_one_length_handles_get_their_own_pseudonyms_whatever_the_hashes():
    p = Pseudonymizer(KEY)
    rng = np.random.default_rng(5)
    names = [f"user{i:04d}" for i in range(400)]
    bp = BatchPseudonyms(p, few_hashes)
    for _ in range(6):
        handles = [names[j] for j in rng.integers(0, len(names), 300)]
        assert bp.member_ids(batch(handles)).to_pylist() == [p(h, "facebook") for h in handles]
    assert bp._indexes["facebook"]._width == 8
