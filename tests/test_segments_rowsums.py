"""Sums along a short axis in numpy's order and ``logsumexp``, bit for bit (libcommunity.segments.rowsums)."""

import numpy as np
import pytest


@pytest.mark.parametrize("k", [1, 2, 7, 8, 9, 15, 16, 17, 129, 300])
def test_pairwise_sum_adds_in_numpys_order(k):
    from libcommunity.segments.rowsums import pairwise_sum

    rng = np.random.default_rng(k)
    a = np.exp(rng.normal(size=(4000, k)) * 6)
    a[:5] = -0.0  # numpy's sum of negative zeros is 0.0
    a[5, :] = -a[5, ::-1]
    expected, got = a.sum(axis=1), pairwise_sum([a[:, j] for j in range(k)])
    assert np.array_equal(expected, got) and np.array_equal(np.signbit(expected), np.signbit(got))


@pytest.mark.parametrize("trial", range(6))
def test_logsumexp_along_the_classes_of_stacked_starts_is_scipys(trial):
    from scipy.special import logsumexp as scipy_logsumexp

    from libcommunity.segments.rowsums import logsumexp_along

    rng = np.random.default_rng(trial)
    starts, k, rows = int(rng.integers(1, 6)), [1, 3, 8, 11, 20, 140][trial], int(rng.integers(1, 2000))
    a = rng.normal(size=(starts, k, rows)) * 300
    a[:, 0, ::3] = a[:, -1, ::3]  # ties at the maximum
    a[0, :, 0] = -np.inf
    a[-1, 0, -1] = np.nan
    expected = np.stack([scipy_logsumexp(np.ascontiguousarray(s.T), axis=1) for s in a])
    assert np.array_equal(expected, logsumexp_along(a, 1), equal_nan=True)
