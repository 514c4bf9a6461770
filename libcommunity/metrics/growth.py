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

from ..retention import stored_summary, use_stored_growth, use_stored_trend
from ..schemas import PARTICIPATION_KINDS
from .contract import contract_figures
from .members import session
from .response import ensure_conversation
from .window import Window, resolve

__all__ = ["GROWTH_FIGURES", "growth_table", "monthly_trend", "growth_figures", "flat_figures", "compare"]

#: The figures compared over time.
GROWTH_FIGURES = (
    "posts",
    "impressions",
    "reach",
    "interactions",
    "engaged_members",
    "followers_end",
    "new_followers",
    "lost_followers",
    "community_ratio",
    "response_rate",
    "member_to_member_share",
)


def flat_figures(contract: dict) -> dict:
    """The :data:`GROWTH_FIGURES` of a contract-figures dict."""
    out = {k: contract[k] for k in GROWTH_FIGURES if k in contract}
    out["interactions"] = sum(contract["interactions"][k] for k in PARTICIPATION_KINDS)
    out["response_rate"] = contract["response"]["rate"]
    return {k: out[k] for k in GROWTH_FIGURES}


def compare(value, previous) -> dict:
    """``{"previous", "change", "pct_change"}`` (None where not computable)."""
    if value is None or previous is None:
        return {"previous": previous, "change": None, "pct_change": None}
    change = value - previous
    pct = None if previous == 0 else change / previous
    return {"previous": previous, "change": change, "pct_change": None if pct is None else float(pct)}


def growth_figures(con, w: Window, current: dict | None = None) -> dict:
    """``{"mom": {"month": ..., <figure>: compare(...)}, "yoy": {...}}`` from a prepared connection."""
    now = flat_figures(current if current is not None else contract_figures(con, w))
    out = {}
    for key, shift in (("mom", -1), ("yoy", -12)):
        pw = w.shift(shift)
        before = flat_figures(contract_figures(con, pw))
        out[key] = {"month": pw.label(), **{k: compare(now[k], before[k]) for k in GROWTH_FIGURES}}
    return out


def growth_table(store, account: str, month) -> pd.DataFrame:
    """Month over month and year over year, one row per figure.

    Returns
    -------
    DataFrame
        ``figure``, ``value``, ``previous_month``, ``mom_change``,
        ``mom_pct_change``, ``year_before``, ``yoy_change``, ``yoy_pct_change``.
    """
    w = resolve(store, account, month)
    with session(store, w) as con:
        ensure_conversation(con, w, w.shift(-1), w.shift(-12))
        current = contract_figures(con, w)
        g = growth_figures(con, w, current)
    # Months pruned by `libcommunity prune` compare through the figures kept for them.
    from .summary import jsonable

    current = stored_summary(store, account, w.month) or current
    g = use_stored_growth(store, account, {**jsonable(current), "growth": jsonable(g)})["growth"]
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
    store : Store
    account : str
    month : str or Month
        The last month.
    months : int, default 12
        How many months, ending with ``month``.

    Returns
    -------
    DataFrame
        ``month`` (``"YYYY-MM"``) and the :data:`GROWTH_FIGURES` columns,
        each computed for that month alone (as ``monthly_summary`` would).
    """
    w = resolve(store, account, month, months=months)
    singles = [Window(w.account, w.timezone, w.first.shift(i)) for i in range(months)]
    rows = []
    with session(store, w) as con:
        ensure_conversation(con, *singles)
        for single in singles:
            rows.append({"month": single.label(), **flat_figures(contract_figures(con, single))})
    df = use_stored_trend(store, account, pd.DataFrame(rows, columns=["month", *GROWTH_FIGURES]))
    for c in GROWTH_FIGURES:
        df[c] = pd.to_numeric(df[c]).astype("float64" if c in _RATIOS or df[c].isna().any() else "int64")
    return df


#: Growth figures that are ratios (floats); the others are counts.
_RATIOS = ("community_ratio", "response_rate", "member_to_member_share")
