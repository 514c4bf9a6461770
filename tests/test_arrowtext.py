"""libcommunity/arrowtext.py: whether the loaders' trimming would leave an Arrow string array unchanged."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from libcommunity.arrowtext import already_clean


def trimmed_unchanged(values: pa.Array) -> bool:
    """The definition, value by value: no blank value, none that starts or ends with a space, a control or non-ASCII."""
    items = values.to_pylist()
    return bool(items) and all(
        v is None or (v != "" and " " < v[0] < "\x7f" and " " < v[-1] < "\x7f") for v in items
    )


def test_it_follows_the_definition_with_nulls_slices_and_odd_bytes():
    rng = np.random.default_rng(0)
    pieces = np.array(["a", " a", "a ", "", None, "é", "aé", "\x7f", "a\x00", "\ta", "ab", "~", "!", "  ", "x\u00a0",
                       "\u3000x", "id:9"], dtype=object)
    for _ in range(3000):
        arr = pa.array(list(rng.choice(pieces, size=int(rng.integers(1, 8)))), pa.string())
        cut = int(rng.integers(0, len(arr)))
        for values in (arr, arr.slice(cut), arr.slice(0, cut)):
            assert already_clean(values) == trimmed_unchanged(values), values.to_pylist()


def test_a_batch_with_many_nulls_is_judged_on_its_values():
    values = pa.array(["p1", None, "p2", None] * 1000 + [None])
    assert already_clean(values)
    assert not already_clean(pa.array(["p1", None, "p2 "] * 10))
    assert not already_clean(pa.array([None, ""]))
    assert already_clean(pa.array([None, None], pa.string()))
    assert not already_clean(pa.array([1, 2]))
