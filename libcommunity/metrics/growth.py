"""Is it growing? Month over month and year over year.

Definition (``docs/metrics.md``, "Growth"): each figure of the report month
is compared with the previous calendar month (``mom``) and with the same
month a year earlier (``yoy``), all in the account's timezone:
``change = value - previous`` and ``pct_change = change / previous`` (null
when either value is null or ``previous`` is 0). ``interactions`` here is
participation: member interactions of every kind but follow/unfollow.
``response_rate`` and the other ratios change in absolute terms
(``change``), ``pct_change`` being their relative change.
"""

from __future__ import annotations

import pandas as pd

from ..constants import GROWTH_FIGURES  # the figures compared over time
from ..schemas import PARTICIPATION_KINDS
from .core import core_figures, core_figures_of, jsonable
from .coverage import coverage_of
from .scope import open_scope
from .window import Window

__all__ = ["GROWTH_FIGURES", "growth_table", "monthly_trend", "growth_figures", "flat_figures", "compare",
           "not_comparable", "COVERAGE_OF_FIGURE", "trend_table"]


def flat_figures(contract: dict) -> dict:
    """The :data:`GROWTH_FIGURES` of a contract-figures dict (None where a figure is unknown)."""
    out = {k: contract[k] for k in GROWTH_FIGURES if k in contract}
    kinds = contract["interactions"]
    counts = [kinds[k] for k in PARTICIPATION_KINDS]
    out["interactions"] = None if any(n is None for n in counts) else sum(counts)
    out["response_rate"] = contract["response"]["rate"]
    return {k: out[k] for k in GROWTH_FIGURES}


def compare(value, previous) -> dict:
    """``{"previous", "change", "pct_change"}`` (None where not computable)."""
    if value is None or previous is None:
        return {"previous": previous, "change": None, "pct_change": None}
    change = value - previous
    pct = None if previous == 0 else change / previous
    return {"previous": previous, "change": change, "pct_change": None if pct is None else float(pct)}


#: The coverage list (``coverage.<list>`` of the core figures) each growth figure depends on.
COVERAGE_OF_FIGURE = {
    "posts": "posts",
    "impressions": "posts",
    "reach": "posts",
    "interactions": "interactions",
    "engaged_members": "interactions",
    "response_rate": "interactions",
    "member_to_member_share": "interactions",
    "followers_end": "followers",
    "community_ratio": "community_ratio",
}


def not_comparable(current: dict, before: dict) -> list[str]:
    """The growth figures whose platforms differ between two months' core figures (both must have data on the same
    platforms to be compared: a platform added to the store is no growth)."""
    a, b = current.get("coverage"), before.get("coverage")
    if not a or not b:
        return []
    return [k for k, lst in COVERAGE_OF_FIGURE.items()
            if a.get(lst) and b.get(lst) and sorted(a[lst]) != sorted(b[lst])]


def growth_figures(scope, w: Window, current: dict | None = None) -> dict:
    """``{"mom": {"month": ..., "has_data": ..., <figure>: compare(...), "not_comparable": [...]}, "yoy": {...}}``.

    The previous month and the year before are their :func:`~libcommunity.metrics.core.core_figures`
    (for a pruned month, the figures kept for it; for a month without data, nulls: ``has_data`` is false and no
    figure changes). A figure whose platforms differ between the two months (``coverage``) is listed in
    ``not_comparable`` and has no change.
    """
    before_mom, before_yoy = core_figures_of(scope, [w.month.shift(-1), w.month.shift(-12)])
    current = current if current is not None else core_figures(scope, w.month)
    now = flat_figures(current)
    cov = coverage_of(scope)
    out = {}
    for key, shift, before in (("mom", -1, before_mom), ("yoy", -12, before_yoy)):
        pw = w.shift(shift)
        then = flat_figures(before)
        differ = not_comparable(current, before)
        figures = {k: compare(now[k], then[k]) if k not in differ else compare(None, then[k]) for k in GROWTH_FIGURES}
        out[key] = {"month": pw.label(), "has_data": cov.has_data(pw.month), **figures, "not_comparable": differ}
    return out


def growth_table(store, account: str, month) -> pd.DataFrame:
    """Month over month and year over year, one row per figure.

    Returns
    -------
    DataFrame
        ``figure``, ``value``, ``previous_month``, ``mom_change``,
        ``mom_pct_change``, ``year_before``, ``yoy_change``, ``yoy_pct_change``.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month)
        current = core_figures_of(scope, [w.month])[0]
        g = jsonable(growth_figures(scope, w, current))
    now = flat_figures(current)
    rows = []
    for k in GROWTH_FIGURES:
        rows.append(
            {
                "figure": k,
                "value": now[k],
                "previous_month": g["mom"][k]["previous"],
                "mom_change": g["mom"][k]["change"],
                "mom_pct_change": g["mom"][k]["pct_change"],
                "year_before": g["yoy"][k]["previous"],
                "yoy_change": g["yoy"][k]["change"],
                "yoy_pct_change": g["yoy"][k]["pct_change"],
            }
        )
    df = pd.DataFrame(rows)
    for c in df.columns[1:]:
        df[c] = pd.to_numeric(df[c]).astype("float64")
    return df


def monthly_trend(store, account: str, month, *, months: int = 12) -> pd.DataFrame:
    """The growth figures month by month: one row per calendar month, oldest first.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
        The last month.
    months : int, default 12
        How many months, ending with ``month``.

    Returns
    -------
    DataFrame
        ``month`` (``"YYYY-MM"``), the :data:`GROWTH_FIGURES` columns, each
        computed for that month alone (as ``monthly_summary`` would; for a
        month pruned by ``libcommunity prune``, the figures kept for it; NaN
        where the month's data cannot support the figure), and ``has_data``
        (false for a month outside the account's data or in a gap of it: every
        figure NaN, never 0).

    Raises
    ------
    NoDataError
        If ``month`` (the last month) has no data.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        return trend_table(scope, w.month, months=months)


def trend_table(scope, month, *, months: int = 12) -> pd.DataFrame:
    """:func:`monthly_trend` in a scope, for any last month (one without data too: every row is then NaN)."""
    w = scope.window(month, months=months)
    singles = [w.first.shift(i) for i in range(months)]
    figures = core_figures_of(scope, singles)
    covered = [scope.coverage.has_data(m) for m in singles]
    rows = [{"month": str(m), **flat_figures(f), "has_data": c} for m, f, c in zip(singles, figures, covered)]
    df = pd.DataFrame(rows, columns=["month", *GROWTH_FIGURES, "has_data"])
    for c in GROWTH_FIGURES:
        df[c] = pd.to_numeric(df[c]).astype("float64" if c in _RATIOS or df[c].isna().any() else "int64")
    df["has_data"] = df["has_data"].astype(bool)
    return df


#: Growth figures that are ratios (floats); the others are counts.
_RATIOS = ("community_ratio", "response_rate", "member_to_member_share")
