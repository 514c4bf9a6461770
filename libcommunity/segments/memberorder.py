"""Rows in ``(platform, member)`` order, sorted with Arrow: what every member list of the segments is sorted by."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["by_member", "arrow_by_member", "member_order"]


def by_member(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by ``platform`` then ``member``, index reset.

    The rows of ``frame.sort_values(["platform", "member"], ignore_index=True)``
    in the same order (both sorts are stable, strings compare by code point,
    missing values last), in the order of :func:`member_order`: several times
    faster on a million members.
    """
    import pyarrow as pa

    order = member_order(pa.array(frame["platform"]), pa.array(frame["member"]))
    return frame.take(order).reset_index(drop=True)


def arrow_by_member(table):
    """The rows of the Arrow ``table`` (columns ``platform`` and ``member``) in :func:`member_order`.

    ``arrow_by_member(table).to_pandas()`` is ``by_member(table.to_pandas())``: sorted before the conversion,
    the columns are taken once, by Arrow, instead of converted and then taken by pandas.
    """
    return table.take(member_order(table["platform"], table["member"]))


def member_order(platform, member) -> np.ndarray:
    """Positions of the rows in stable ``(platform, member)`` order, missing values last.

    Parameters
    ----------
    platform, member : pyarrow.Array or pyarrow.ChunkedArray
        String keys of equal length.

    Returns
    -------
    numpy.ndarray
        The permutation that sorts the rows by platform, then member (code-point
        order, missing values last), equal keys in their original order.

    Notes
    -----
    Arrow's stable sort of the members alone, then a stable sort of the rank of
    each row's platform among the few distinct platforms: equal platforms keep
    the member order, so the result is the two-key sort, in about a third of
    the time Arrow's sort on both string keys takes.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    order = pc.sort_indices(member).to_numpy()  # stable, missing values last
    names = sorted(pc.unique(platform).drop_null().to_pylist())  # Python compares str by code point
    rank = pc.index_in(pc.take(platform, order), value_set=pa.array(names, type=platform.type))
    rank = pc.fill_null(rank, len(names)).to_numpy()  # a missing platform after every platform
    return order[np.argsort(rank.astype(np.min_scalar_type(len(names))), kind="stable")]
