"""Month by month and month against month: the figures behind ``libcommunity trend`` and ``libcommunity compare``.

Both put side by side, for an account (optionally one platform), the monthly
figures of :data:`~libcommunity.metrics.growth.GROWTH_FIGURES` (each month
computed alone, as ``libcommunity metrics`` computes it) and the month's
segment sizes (``members`` segmented and how many of them are
``silent_follower``, ``active_participant`` and ``ambassador``: the
segmentation ``libcommunity segment`` makes of that month, on its window of
``window_months`` months). Everything is computed in one scope: the figures
of all months together (:func:`~libcommunity.metrics.monthly_trend`), the
segmentations one month after the other on the scope's shared features.
Segment sizes cost a segmentation per month; asking only for other figures
(``figures=``) skips them.

Both months of a comparison and both ends of a trend are checked by
:func:`~libcommunity.metrics.resolve` (a malformed month, an unknown account
or a month the account's data does not cover is one clear error). A month
pruned by ``libcommunity prune`` keeps its figures (the document kept for it)
but has no people left to segment: its segment sizes are null.
"""

from __future__ import annotations

import pandas as pd

from .constants import GROWTH_FIGURES, TREND_FIGURES
from .errors import ParameterError
from .metrics import monthly_trend, open_scope, resolve
from .metrics.growth import compare
from .metrics.kept import is_pruned
from .months import Month, parse_month
from .segments import segment_members, summarise_members
from .segments.naming import SEGMENTS

__all__ = ["SEGMENT_FIGURES", "TREND_FIGURES", "GROWTH_FIGURES", "RATIO_FIGURES", "trend_table", "compare_months", "month_range"]

#: Segment sizes of a month: members segmented, and each segment's count.
SEGMENT_FIGURES = ("members", *SEGMENTS)
# TREND_FIGURES (libcommunity.constants, for the command line's choices) is GROWTH_FIGURES + SEGMENT_FIGURES.
#: Figures that are shares (0..1); the others are counts.
RATIO_FIGURES = ("community_ratio", "response_rate", "member_to_member_share")
#: Most months a trend spans.
MAX_MONTHS = 120


def _figures(figures) -> list[str]:
    if figures is None:
        return list(TREND_FIGURES)
    chosen = list(dict.fromkeys(figures))
    unknown = [f for f in chosen if f not in TREND_FIGURES]
    if unknown or not chosen:
        raise ParameterError(f"metric must be one of {', '.join(TREND_FIGURES)}; got {', '.join(map(repr, unknown)) or 'none'} instead")
    return [f for f in TREND_FIGURES if f in chosen]


def month_range(first, last) -> list[Month]:
    """The months from ``first`` to ``last``, both included, oldest first."""
    a, b = parse_month(first), parse_month(last)
    if b < a:
        raise ParameterError(f"--to must be the same month as --from or later; got --from {a} --to {b} instead")
    n = (b.year - a.year) * 12 + b.month - a.month + 1
    if n > MAX_MONTHS:
        raise ParameterError(f"a trend spans at most {MAX_MONTHS} months; got {n} ({a}..{b}) instead")
    return [a.shift(i) for i in range(n)]


def _segment_sizes(scope, account: str, month: Month, *, window_months: int, random_state: int) -> dict:
    if is_pruned(scope, month):
        return dict.fromkeys(SEGMENT_FIGURES)
    summary = summarise_members(
        segment_members(scope, account, month, window_months=window_months, random_state=random_state)
    )
    return {"members": summary["members"], **{s: summary["segments"][s]["members"] for s in SEGMENTS}}


def _table(scope, account: str, months: list[Month], figures: list[str], window_months: int, random_state: int) -> pd.DataFrame:
    """``month`` and ``figures`` of each of ``months`` (consecutive, oldest first) in ``scope``."""
    out = monthly_trend(scope, account, months[-1], months=len(months))
    out = out[["month", *[f for f in figures if f in GROWTH_FIGURES]]].copy()
    wanted = [f for f in figures if f in SEGMENT_FIGURES]
    if wanted:
        sizes = [_segment_sizes(scope, account, m, window_months=window_months, random_state=random_state) for m in months]
        for f in wanted:
            out[f] = pd.array([s[f] for s in sizes], dtype="Int64")
    return out[["month", *figures]].reset_index(drop=True)


def trend_table(
    store,
    account: str,
    first,
    last,
    *,
    figures=None,
    platform: str | None = None,
    window_months: int = 3,
    random_state: int = 0,
) -> pd.DataFrame:
    """The figures of every month from ``first`` to ``last``, one row per month, oldest first.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    first, last : str or Month
        ``YYYY-MM``, both included.
    figures : list of str, optional
        Some of :data:`TREND_FIGURES` (default: all).
    platform : str, optional
        One of the account's platforms (ignored when ``store`` is a scope: the scope's platform counts).
    window_months, random_state
        Of the segmentations (as ``libcommunity segment``).

    Returns
    -------
    DataFrame
        ``month`` (``YYYY-MM``) and one column per figure (null where the data
        cannot support it).
    """
    months = month_range(first, last)
    figures = _figures(figures)
    with open_scope(store, account, platform=platform) as scope:
        resolve(scope, account, months[0])
        resolve(scope, account, months[-1])
        return _table(scope, account, months, figures, window_months, random_state)


def compare_months(
    store,
    account: str,
    month,
    other,
    *,
    figures=None,
    platform: str | None = None,
    window_months: int = 3,
    random_state: int = 0,
) -> pd.DataFrame:
    """The figures of ``month`` beside those of ``other``, with the change from ``other`` to ``month``.

    Returns
    -------
    DataFrame
        One row per figure: ``figure``, ``value`` (of ``month``), ``other``
        (of ``other``), ``change`` (``value - other``) and ``pct_change``
        (``change / other``; null when either is null or ``other`` is 0).
    """
    figures = _figures(figures)
    a, b = parse_month(month), parse_month(other)
    with open_scope(store, account, platform=platform) as scope:
        resolve(scope, account, a)
        resolve(scope, account, b)
        rows = {m: _table(scope, account, [m], figures, window_months, random_state).iloc[0] for m in dict.fromkeys((a, b))}
    out = []
    for f in figures:
        value, then = (_plain(rows[m][f]) for m in (a, b))
        c = compare(value, then)
        out.append({"figure": f, "value": value, "other": then, "change": c["change"], "pct_change": c["pct_change"]})
    frame = pd.DataFrame(out, columns=["figure", "value", "other", "change", "pct_change"])
    for col in ("value", "other", "change", "pct_change"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    frame.attrs = {"account": account, "month": str(a), "with": str(b)}
    return frame


def _plain(v):
    """A figure as a Python number, or None."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    f = float(v)
    return int(f) if f.is_integer() and not isinstance(v, float) else f
