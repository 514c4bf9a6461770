"""libcommunity/rowhash.py: row hashes (one cursor per thread), key hashes, repeated values."""

from __future__ import annotations

import threading

import numpy as np
import pyarrow as pa

from libcommunity.rowhash import RowHasher, has_repeats, key_hashes


def test_hashes_are_duckdbs_and_the_same_from_every_thread():
    import duckdb

    hasher = RowHasher()
    values = pa.array(["ana", "bob", None, "ana"])
    expected = np.asarray(duckdb.sql("SELECT hash(h) AS h FROM (SELECT unnest(['ana', 'bob', NULL, 'ana']) AS h)").fetchnumpy()["h"], np.uint64)
    got = hasher.strings(values)
    assert got.tolist() == expected.tolist() and got[0] == got[3]
    out = {}
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, hasher.strings(values))) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(v.tolist() == got.tolist() for v in out.values())
    hasher.close()


def test_key_hashes_tell_keys_apart_whether_or_not_a_column_is_constant():
    hasher = RowHasher()
    key = ("account", "platform", "interaction_id")
    one = pa.table({"account": ["lib"] * 3, "platform": ["x"] * 3, "interaction_id": ["1", "2", "3"]})
    other = pa.table({"account": ["lib"] * 3, "platform": ["bluesky"] * 3, "interaction_id": ["1", "2", "3"]})
    mixed = pa.table({"account": ["lib"] * 3, "platform": ["x", "bluesky", "x"], "interaction_id": ["1", "1", "2"]})
    a, b, c = (key_hashes(hasher, t, key) for t in (one, other, mixed))
    assert not has_repeats(np.concatenate([a, b])), "the same ids on two platforms are two keys"
    assert not has_repeats(c)
    assert a[0] == c[0] and a[1] == c[2], "a key hashes alike whether its batch has one platform or several"
    assert has_repeats(np.concatenate([a, c]))


def test_has_repeats_finds_one_repeat_among_millions():
    values = np.random.default_rng(0).integers(0, 2**64 - 1, 3_000_000, dtype=np.uint64)
    assert not has_repeats(values)
    values[17] = values[2_500_000]
    assert has_repeats(values)
    assert not has_repeats(np.array([], np.uint64)) and not has_repeats(np.array([5], np.uint64))
