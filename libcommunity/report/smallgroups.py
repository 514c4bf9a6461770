"""Small-number care for counts of people in ordered categories (segments, ladder steps).

Hiding one small count is not enough when the others and their total are
shown: the hidden one is the difference. :func:`merge_small` therefore
joins every category of 1 to ``k - 1`` people with its neighbour below
(an ambassador count of 2 is shown with the active participants, a ladder
step with the step under it) until every group shown holds 0 or at least
``k`` people; categories with nobody stay as they are, since they single
nobody out.
"""

from __future__ import annotations

__all__ = ["merge_small"]


def merge_small(counts, k: int) -> list[list[int]] | None:
    """Group ordered categories so that no group holds 1 to ``k - 1`` people.

    Parameters
    ----------
    counts : sequence of int
        People per category, in their natural order (lowest first).
    k : int
        The smallest group that may be shown (``min_group``).

    Returns
    -------
    list of list of int or None
        Contiguous groups of category indices, in order; None when even all
        categories together hold fewer than ``k`` (but more than 0) people.

    Examples
    --------
    >>> merge_small([60, 22, 1], 5)
    [[0], [1, 2]]
    >>> merge_small([0, 60, 2, 16, 5, 0], 5)
    [[0], [1, 2], [3], [4], [5]]
    >>> merge_small([3, 1], 5) is None
    True
    """
    groups = [[i] for i in range(len(counts))]
    sums = [int(c) for c in counts]
    while True:
        small = [g for g in range(len(groups)) if 0 < sums[g] < k]
        if not small:
            return groups
        g = small[-1]
        if len(groups) == 1:
            return None
        into = g - 1 if g > 0 else g + 1
        lo, hi = min(g, into), max(g, into)
        groups[lo:hi + 1] = [groups[lo] + groups[hi]]
        sums[lo:hi + 1] = [sums[lo] + sums[hi]]
