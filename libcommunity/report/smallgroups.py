"""The small-number rule of the report pages: no count of 1 to ``k - 1`` people, however it is reached.

One rule, :class:`SmallGroups` (``k`` is ``min_group``; ``--reveal`` lifts
it), decides every count, share and list of people a report page shows
(the monthly report, the network overview, the index):

* a count of 1 to ``k - 1`` people is **withheld**: written "fewer than k"
  (:meth:`~libcommunity.report.i18n.Translator.people` formats every count of
  people through :meth:`SmallGroups.hides`); 0 and ``k`` or more are shown;
* a **share, ratio or change** computed from a count of people is shown only
  when every count it rests on could be shown (:meth:`SmallGroups.share`,
  :meth:`SmallGroups.change`): "2 of 3 (66.7 %)" gives the 2 away;
* **parts of a shown whole** are shown only when none of them, and none of
  their complements, is withheld: a hidden part is otherwise the difference
  between the whole and the parts shown. Ordered categories (segments,
  ladder steps) are therefore merged with their neighbour below
  (:func:`merge_small`, :meth:`SmallGroups.groups`), unordered ones (kinds of
  change) pooled into "other" until the pool too holds ``k`` or more
  (:meth:`SmallGroups.pool`), and a split in two (attendees also online and
  offline only) is shown only when both sides may be (:meth:`SmallGroups.split`);
* a **list** of 1 to ``k - 1`` people is withheld (:meth:`SmallGroups.hides` of
  its length).

Categories with nobody stay as they are, since they single nobody out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["SmallGroups", "merge_small", "pool_small"]


def _whole(n) -> int | None:
    """``n`` as an int, None when missing."""
    if n is None:
        return None
    try:
        x = float(n)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else int(round(x))


@dataclass(frozen=True)
class SmallGroups:
    """The small-number rule of one report page.

    Parameters
    ----------
    k : int, default 5
        The smallest group of people that may be shown (``min_group``).
    reveal : bool, default False
        Show everything (``--reveal``): the rule then hides nothing.

    Examples
    --------
    >>> rule = SmallGroups(5)
    >>> rule.hides(3), rule.hides(0), rule.hides(5)
    (True, False, False)
    >>> rule.share(2, 3) is None, rule.share(5, 12)
    (True, 0.4166666666666667)
    """

    k: int = 5
    reveal: bool = False

    @property
    def active(self) -> bool:
        """Whether the rule hides anything at all (not with ``reveal`` or ``k`` of 1)."""
        return not self.reveal and self.k > 1

    def hides(self, n) -> bool:
        """Whether ``n`` people are too few to be shown (1 to ``k - 1``; a missing count hides nothing)."""
        x = _whole(n)
        return self.active and x is not None and 0 < x < self.k

    def shows(self, *counts) -> bool:
        """Whether every one of ``counts`` may be shown."""
        return not any(self.hides(n) for n in counts)

    def share(self, part, whole, value=None, *, complement: bool = True):
        """``part / whole`` (or ``value``, the same share computed elsewhere) unless it would give a group away.

        None when ``whole`` is 0 or missing, or when ``part``, ``whole`` or,
        with ``complement`` (``part`` is a subset of ``whole``), the rest
        ``whole - part`` is withheld. Without ``complement`` (engaged members
        per follower: not every engaged member follows) only ``part`` counts.
        """
        p, w = _whole(part), _whole(whole)
        if p is None or w is None or w <= 0:
            return None
        if not self.shows(p) or (complement and not self.shows(w, w - p)):
            return None
        return (p / w) if value is None else value

    def change(self, now, before, value=None):
        """``now - before`` (or ``value``) when both counts may be shown, else None."""
        a, b = _whole(now), _whole(before)
        if a is None or b is None or not self.shows(a, b):
            return None
        return (a - b) if value is None else value

    def split(self, *parts) -> bool:
        """Whether the parts of a shown whole may all be shown (none of them withheld)."""
        return self.shows(*parts)

    def groups(self, counts) -> list[list[int]] | None:
        """Ordered categories grouped so that no group is withheld (:func:`merge_small`; one group each when inactive)."""
        if not self.active:
            return [[i] for i in range(len(counts))]
        return merge_small(counts, self.k)

    def pool(self, counts) -> tuple[list[int], list[int]] | None:
        """Unordered categories: ``(shown one by one, pooled as "other")`` (:func:`pool_small`)."""
        if not self.active:
            return list(range(len(counts))), []
        return pool_small(counts, self.k)


def pool_small(counts, k: int) -> tuple[list[int], list[int]] | None:
    """Split unordered categories into those shown one by one and one pool ("other"), none of 1 to ``k - 1``.

    Categories of 1 to ``k - 1`` go to the pool; while the pool holds 1 to
    ``k - 1`` people, the smallest category still shown joins it (a pool of
    2 beside a known total would be the difference).

    Returns
    -------
    (list of int, list of int) or None
        Indices shown one by one (in order) and indices pooled (in order);
        None when all categories together hold 1 to ``k - 1`` people.

    Examples
    --------
    >>> pool_small([102, 28, 3908, 1, 16], 5)
    ([0, 1, 2], [3, 4])
    >>> pool_small([15, 368, 0, 2], 5)
    ([1, 2], [0, 3])
    >>> pool_small([3, 1], 5) is None
    True
    """
    n = [int(c) for c in counts]
    total = sum(n)
    if 0 < total < k:
        return None
    pooled = {i for i, c in enumerate(n) if 0 < c < k}
    while 0 < sum(n[i] for i in pooled) < k:
        rest = [i for i, c in enumerate(n) if i not in pooled and c > 0]
        pooled.add(min(rest, key=lambda i: (n[i], -i)))
    return [i for i in range(len(n)) if i not in pooled], sorted(pooled)


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
