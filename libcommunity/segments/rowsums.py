"""Sums along a short axis in numpy's own order, and ``logsumexp``: SciPy's and numpy's results, bit for bit.

EM on a few thousand members and a handful of classes spends its time in numpy's
per-row overhead when it reduces rows of a few numbers. The functions here make
those reductions one column (class) at a time, in the order numpy itself adds
them, so that :class:`~libcommunity.segments.mixture.ProfileMixture` can run its
initialisations side by side on any layout and still give the numbers of one
initialisation after the other.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp as _scipy_logsumexp

__all__ = ["logsumexp", "logsumexp_along", "pairwise_sum"]


#: numpy sums at most this many numbers of a row with eight running sums, the rest by halves (``PW_BLOCKSIZE``)
_PAIRWISE_BLOCK = 128


def pairwise_sum(columns: list) -> np.ndarray:
    """``numpy.add.reduce`` of the stacked ``columns`` along their last axis, bit for bit, one column at a time.

    numpy adds the numbers of a contiguous row in a fixed order ("pairwise
    summation"): up to seven one after the other, up to 128 in eight running
    sums joined as ``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and
    the rest after them, more by halves of a multiple of eight; the reduction
    starts from 0. This repeats that order with whole-column additions, which
    take a few microseconds where a reduction over rows of a few numbers pays
    numpy's per-row overhead (a tenth of a millisecond for 3,000 rows).
    """
    if len(columns) < 8:
        return _pairwise(columns)  # starts from 0.0 itself
    res = _pairwise(columns)
    res += 0.0  # the reduction's start: -0.0 becomes 0.0
    return res


def _pairwise(columns: list) -> np.ndarray:
    """numpy's ``pairwise_sum`` of the columns (see :func:`pairwise_sum`)."""
    n = len(columns)
    if n > _PAIRWISE_BLOCK:
        half = n // 2
        half -= half % 8
        return _pairwise(columns[:half]) + _pairwise(columns[half:])
    if n < 8:
        res = 0.0 + columns[0]
        for c in columns[1:]:
            res += c
        return res
    r = [c.copy() for c in columns[:8]]
    i, full = 8, n - n % 8
    while i < full:
        for j in range(8):
            r[j] += columns[i + j]
        i += 8
    res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for c in columns[i:]:
        res += c
    return res


def logsumexp(a, axis=1) -> np.ndarray:
    """``log(sum(exp(a), axis=1))`` of a 2-D float64 array: :func:`scipy.special.logsumexp`, bit for bit.

    The same operations in the same order as SciPy's (the maximum of each row
    taken out of the sum, ``log1p`` of the rest over their count), without
    the array-API dispatch that costs SciPy a third of a millisecond per call,
    and with the reductions along the rows made column by column in numpy's
    order (:func:`pairwise_sum`; maxima and counts do not depend on the
    order): EM calls it once per iteration on rows of a few classes. The
    exponentials and logarithms are taken of whole contiguous arrays, as
    SciPy does. Rows with a non-finite value or result go to SciPy itself.
    """
    a = np.asarray(a, dtype=np.float64)
    if axis != 1 or a.ndim != 2 or a.shape[1] == 0:
        return _scipy_logsumexp(a, axis=axis)
    return logsumexp_along(a, 1)


def logsumexp_along(a: np.ndarray, axis: int) -> np.ndarray:
    """:func:`logsumexp` of a float64 array along ``axis`` (not empty); the result has that axis removed.

    Every element goes through the operations of SciPy's ``logsumexp`` of the
    row it belongs to (see :func:`logsumexp`), whatever the axis: EM keeps
    its classes on the middle axis of ``(start, class, member)`` arrays.
    """
    def along(x):  # views of x, one per position on the axis
        return [x[(slice(None),) * axis + (j,)] for j in range(x.shape[axis])]

    k, last = a.shape[axis], axis == a.ndim - 1
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # maxima and counts do not depend on the order; along the last axis numpy's reductions pay per row
        if last:
            columns = along(a)
            a_max = columns[0].copy()
            for c in columns[1:]:
                np.maximum(a_max, c, out=a_max)
        else:
            a_max = np.maximum.reduce(a, axis=axis)  # ndarray.max without its Python wrapper
        a_max_kept = a_max[(slice(None),) * axis + (None,)]
        at_max = a == a_max_kept
        if last:
            counted = along(at_max)
            m = counted[0].astype(np.float64)
            for c in counted[1:]:
                m += c
        else:
            m = np.add.reduce(at_max, axis=axis, dtype=np.uint8 if k < 256 else np.int64).astype(np.float64)
        e = np.exp(np.where(at_max, -np.inf, a) - a_max_kept)
        s = pairwise_sum(along(e))
        if (m == 1).all():
            # s / 1 is s and log(1) is 0: log1p(s) >= 0, so adding 0.0 changes nothing (no -0.0 to turn)
            out = np.log1p(s) + a_max
        else:
            s = np.where(s == 0, s, s / m)
            out = np.log1p(s) + np.log(m) + a_max
    bad = ~np.isfinite(out)
    if bad.any():
        out[bad] = _scipy_logsumexp(np.moveaxis(a, axis, -1)[bad], axis=1)
    return out
