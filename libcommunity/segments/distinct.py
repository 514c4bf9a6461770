"""The distinct rows of a matrix of activity counts, and which distinct row each row is.

Members who did exactly the same things share a profile: the segmenter
predicts each distinct profile once and gives its cluster to every member
who has it (:class:`~libcommunity.segments.estimator.MemberSegmenter`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["distinct_rows", "first_of_codes"]


def distinct_rows(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``A`` (in no particular order) and, for every row, the position of its distinct row.

    Activity counts are small whole numbers: the columns are packed into one
    64-bit integer (as many bits as each column's largest value needs) when
    they fit, otherwise factorised one after the other (codes of the columns
    so far times the next column's codes); hash-based either way, fast on a
    million rows. Other values (negative, fractional, not finite) fall back to
    :func:`numpy.unique`, which compares the rows themselves.
    """
    n, d = A.shape
    if not (n and d) or not np.all(np.isfinite(A)) or A.min() < 0 or not np.all(A == np.floor(A)):
        distinct, rows = np.unique(A, axis=0, return_inverse=True)
        return distinct, rows.ravel()
    bits = [max(1, int(m).bit_length()) for m in A.max(axis=0)]
    if sum(bits) <= 63:
        key = np.zeros(n, dtype=np.int64)
        for j in range(d):
            key = (key << bits[j]) | A[:, j].astype(np.int64)
        codes = pd.factorize(key)[0]
    else:
        codes = np.zeros(n, dtype=np.int64)
        for j in range(d):
            column = pd.factorize(A[:, j])[0]
            codes = pd.factorize(codes * (int(column.max()) + 1) + column)[0]
    return A[first_of_codes(codes)], codes


def first_of_codes(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, code by code, for codes numbered in order of first appearance
    (as :func:`pandas.factorize` numbers them): the rows where the running maximum grows."""
    top = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate(([True], top[1:] > top[:-1])))
