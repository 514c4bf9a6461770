"""Best time to post: a weekday x hour table in the account's timezone.

Definition (``docs/metrics.md``, "Best time to post"): the posts published in
the window (default: the 12 months ending with the report month) are placed
in the cell of their local weekday (Monday = 0) and hour in the account's
timezone. For each of the 168 cells: ``posts`` (posts with a value of the
metric), ``mean`` and ``median`` of the metric. A cell with fewer than
``min_posts`` posts has ``enough = False`` and no ``value``; ``rank`` orders
the cells that have enough posts, best first (ties share the better rank).

The metric is a column of the per-post table; ``"auto"`` takes the first of
``engagement_rate_by_reach``, ``engagement_rate_by_impressions``,
``engagement_rate_by_followers`` known for at least half of the window's
posts, else ``engagements``.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from .members import session
from .posts import RATE_COLUMNS, post_table
from .window import check_positive_int, resolve

__all__ = ["best_time", "best_time_table", "top_times", "METRICS", "WEEKDAYS"]

#: Metrics the table can rank posts by.
METRICS = (*RATE_COLUMNS, "engagements", "member_interactions")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _choose(table: pd.DataFrame, metric: str) -> str:
    if metric != "auto":
        if metric not in METRICS:
            raise ParameterError(f"metric must be 'auto' or one of {', '.join(METRICS)}; got {metric!r} instead")
        return metric
    n = len(table)
    for col in RATE_COLUMNS:
        if n and table[col].notna().sum() * 2 >= n:
            return col
    return "engagements"


def best_time_table(table: pd.DataFrame, *, metric: str = "auto", min_posts: int = 3) -> pd.DataFrame:
    """The weekday x hour table of a per-post table (see the module docstring)."""
    check_positive_int(min_posts, "min_posts")
    chosen = _choose(table, metric)
    values = pd.to_numeric(table[chosen]).astype("Float64")
    local = pd.to_datetime(table["published_local"])
    posts = pd.DataFrame({"weekday": local.dt.day_of_week, "hour": local.dt.hour, "v": values}).dropna(subset=["v"])
    posts["v"] = posts["v"].astype("float64")
    grid = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    g = posts.groupby(["weekday", "hour"])["v"]
    out = pd.DataFrame({"posts": g.size(), "mean": g.mean(), "median": g.median()}).reindex(grid).reset_index()
    out["posts"] = out["posts"].fillna(0).astype("int64")
    out.insert(1, "weekday_name", [WEEKDAYS[d] for d in out["weekday"]])
    out["enough"] = out["posts"] >= min_posts
    out["value"] = out["mean"].where(out["enough"])
    out["rank"] = out["value"].rank(ascending=False, method="min").astype("Int64")
    out["metric"] = chosen
    out.attrs["metric"] = chosen
    out.attrs["min_posts"] = min_posts
    return out


def best_time(store, account: str, month, *, months: int = 12, metric: str = "auto", min_posts: int = 3) -> pd.DataFrame:
    """When do this account's posts do best? A weekday x hour table in the account's timezone.

    Parameters
    ----------
    store : Store
    account : str
    month : str or Month
        The last month of the window.
    months : int, default 12
        Window length in months, ending with ``month``.
    metric : str, default "auto"
        A per-post column: ``engagement_rate_by_reach``, ``engagement_rate_by_impressions``,
        ``engagement_rate_by_followers``, ``engagements``, ``member_interactions``, or ``"auto"``.
    min_posts : int, default 3
        Minimum posts in a cell for it to get a value and a rank.

    Returns
    -------
    DataFrame
        168 rows (every weekday and hour): ``weekday`` (Monday = 0),
        ``weekday_name``, ``hour``, ``posts``, ``mean``, ``median``,
        ``enough``, ``value`` (mean where enough), ``rank`` (1 = best),
        ``metric``.
    """
    w = resolve(store, account, month, months=months)
    check_positive_int(min_posts, "min_posts")
    if metric != "auto":
        _choose(pd.DataFrame(), metric)
    with session(store, w) as con:
        table = post_table(con, w)
    return best_time_table(table, metric=metric, min_posts=min_posts)


def top_times(table: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` best cells of a :func:`best_time` table (cells with enough posts only)."""
    ok = table[table["enough"]].sort_values(["rank", "weekday", "hour"])
    return ok.head(n).reset_index(drop=True)

