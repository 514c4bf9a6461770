"""report/smallgroups.py: no group of 1 to k - 1 people survives, and no small count can be recovered by difference."""

from __future__ import annotations

import itertools

import pytest

from libcommunity.report.smallgroups import merge_small


@pytest.mark.parametrize(
    ("counts", "groups"),
    [
        ([60, 22, 1], [[0], [1, 2]]),
        ([60, 22, 5], [[0], [1], [2]]),
        ([0, 60, 2, 16, 5, 0], [[0], [1, 2], [3], [4], [5]]),
        ([2, 6, 0], [[0, 1], [2]]),  # the lowest small group joins the one above it
        ([50, 1, 1], [[0, 1, 2]]),  # 1 + 1 is still small: both end in the group below
        ([0, 0, 0], [[0], [1], [2]]),
        ([3, 1], None),
    ],
)
def test_merge_small(counts, groups):
    assert merge_small(counts, 5) == groups


def test_k_one_changes_nothing():
    assert merge_small([1, 2, 3], 1) == [[0], [1], [2]]


@pytest.mark.parametrize("counts", list(itertools.product([0, 1, 3, 5, 9], repeat=4)))
def test_every_group_is_empty_or_large_and_contiguous(counts):
    groups = merge_small(counts, 5)
    if groups is None:
        assert 0 < sum(counts) < 5
        return
    assert [i for g in groups for i in g] == list(range(len(counts)))
    for g in groups:
        assert g == list(range(g[0], g[-1] + 1))
        n = sum(counts[i] for i in g)
        assert n == 0 or n >= 5
