"""The distinct rows of a count matrix (``segments/distinct.py``)."""

from __future__ import annotations

import numpy as np

from libcommunity.segments.distinct import distinct_rows


def test_distinct_rows_give_back_every_row():
    rng = np.random.default_rng(0)
    heavy = rng.poisson(2, (1000, 5)).astype(float)
    heavy[::7, 0] = 2.0**40  # too wide to pack with the other columns: factorised column by column
    for A in (rng.poisson(2, (1000, 5)).astype(float), rng.poisson(2, (300, 5)) * 1e6, np.array([[0.5, 1.0], [0.5, 1.0]]),
              np.zeros((0, 5)), rng.poisson(1, (50, 1)).astype(float), heavy, np.array([[1.0, np.nan], [1.0, np.nan]]),
              np.array([[-1.0, 2.0], [3.0, 2.0], [-1.0, 2.0]])):
        distinct, rows = distinct_rows(A)
        assert np.array_equal(distinct[rows], A, equal_nan=True)
        assert len(distinct) == len(np.unique(A, axis=0)) == len(np.unique(distinct, axis=0))
