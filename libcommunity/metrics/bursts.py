"""Bursts of activity: days with unusually many member interactions, and what was around them.

Definition (``docs/metrics.md``, "Bursts"): daily participation is the number
of member interactions (every kind but follow/unfollow) per local date in the
account's timezone. For each day of the window, the baseline is the
``baseline_days`` days before it (not the day itself), from the account's
first day of data on (for an account pruned with ``libcommunity prune``,
from its cutoff on); days without interactions count 0. With at least
``min_baseline`` baseline days, the robust z-score is

    z = (x - median) / max(1.4826 * MAD, 1)

(MAD: median absolute deviation from the median; 1.4826 * MAD estimates the
standard deviation of normal data; the floor of one interaction keeps a flat
baseline from dividing by zero). A day is a *burst* when ``z > threshold``
(3.5 by default, Iglewicz & Hoaglin's cut-off for the modified z-score).

Each burst is linked to what was around it: the posts published that local
day or the day before, the post that drew most member interactions that day
and the ``event`` interactions of the day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .scope import open_scope
from .window import Window, check_positive_int

__all__ = ["daily_interactions", "burst_days", "robust_z", "daily_table", "burst_table"]

MAD_TO_SD = 1.4826


def robust_z(x: float, baseline) -> tuple[float, float, float]:
    """``(z, median, mad)`` of ``x`` against ``baseline`` (see the module docstring)."""
    b = np.asarray(baseline, dtype="float64")
    med = float(np.median(b))
    mad = float(np.median(np.abs(b - med)))
    return (float(x) - med) / max(MAD_TO_SD * mad, 1.0), med, mad


def _check(baseline_days, min_baseline, threshold):
    check_positive_int(baseline_days, "baseline_days")
    check_positive_int(min_baseline, "min_baseline")
    if min_baseline > baseline_days:
        raise ParameterError(f"min_baseline must be <= baseline_days ({baseline_days}); got {min_baseline} instead")
    try:
        t = float(threshold)
    except (TypeError, ValueError):
        t = float("nan")
    if not t > 0:
        raise ParameterError(f"threshold must be a number > 0; got {threshold!r} instead")
    return t


def daily_table(scope, w: Window, *, baseline_days: int = 28, min_baseline: int = 7, threshold: float = 3.5) -> pd.DataFrame:
    """Daily participation of ``w`` with robust z-scores, computed once per scope (the frame is the scope's)."""
    key = ("daily_table", w, baseline_days, min_baseline, float(threshold))
    return scope.memo(key, lambda: _daily_table(scope, w, baseline_days, min_baseline, threshold))


def _daily_table(scope, w: Window, baseline_days: int, min_baseline: int, threshold: float) -> pd.DataFrame:
    first_day = w.first_day - pd.Timedelta(days=baseline_days)
    params = {**w.params(), "from_day": first_day.date().isoformat()}
    counts = scope.df(
        """
        SELECT CAST(timezone($tz, created_at) AS DATE) AS date, count(*) AS n
        FROM lc_member_acts
        WHERE kind NOT IN ('follow', 'unfollow')
          AND created_at >= ($from_day::TIMESTAMP AT TIME ZONE $tz) AND created_at < $end::TIMESTAMPTZ
        GROUP BY ALL
        """,
        params,
    )
    (data_start,) = scope.one(
        """
        SELECT CAST(timezone($tz, greatest(min(t), (SELECT t FROM lc_observed_from))) AS DATE) FROM (
          SELECT min(created_at) AS t FROM lc_all_acts
          UNION ALL SELECT min(published_at) FROM lc_posts
        )
        """,
        {"tz": w.timezone},
    )
    days = pd.date_range(first_day, w.last_day, freq="D")
    series = pd.Series(0, index=days, dtype="int64")
    if not counts.empty:
        s = counts.set_index(pd.to_datetime(counts["date"]))["n"].astype("int64")
        series.loc[s.index] = s.to_numpy()
    observed_from = pd.Timestamp(data_start) if data_start is not None else None
    rows = []
    for day in pd.date_range(w.first_day, w.last_day, freq="D"):
        lo = day - pd.Timedelta(days=baseline_days)
        if observed_from is not None:
            lo = max(lo, observed_from)
        base = series[(series.index >= lo) & (series.index < day)]
        x = int(series[day])
        if observed_from is not None and len(base) >= min_baseline:
            z, med, mad = robust_z(x, base.to_numpy())
        else:
            z, med, mad = np.nan, np.nan, np.nan
        rows.append(
            {
                "date": day,
                "interactions": x,
                "baseline_days": int(len(base)),
                "baseline_median": med,
                "baseline_mad": mad,
                "z": z,
                "burst": bool(z > threshold) if not np.isnan(z) else False,
            }
        )
    return pd.DataFrame(rows)


def daily_interactions(
    store, account: str, month, *, baseline_days: int = 28, min_baseline: int = 7, threshold: float = 3.5, months: int = 1
) -> pd.DataFrame:
    """Member participation per local day of the month, with robust z-scores.

    Parameters
    ----------
    store : Store
    account : str
    month : str or Month
    baseline_days : int, default 28
        Trailing days the baseline covers.
    min_baseline : int, default 7
        Fewest observed baseline days for a z-score.
    threshold : float, default 3.5
        A day is a burst when its z-score is above this.
    months : int, default 1

    Returns
    -------
    DataFrame
        One row per local date: ``date``, ``interactions``, ``baseline_days``,
        ``baseline_median``, ``baseline_mad``, ``z``, ``burst``.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        t = _check(baseline_days, min_baseline, threshold)
        return daily_table(scope, w, baseline_days=baseline_days, min_baseline=min_baseline, threshold=t).copy()


def burst_table(scope, w: Window, daily: pd.DataFrame) -> pd.DataFrame:
    """The burst days of ``daily`` linked to posts and events, in a scope."""
    cols = [
        "date", "interactions", "baseline_median", "z", "posts_nearby", "top_post_platform", "top_post_id",
        "top_post_interactions", "top_post_share", "top_post_text", "event_interactions",
    ]
    hits = daily[daily["burst"]].copy()
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    day_list = [d.date().isoformat() for d in hits["date"]]
    p = {**w.params(), "days": day_list}
    top = scope.df(
        """
        WITH d AS (
          SELECT CAST(timezone($tz, created_at) AS DATE) AS date, platform, post_id, kind
          FROM lc_member_acts
          WHERE kind NOT IN ('follow', 'unfollow')
            AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
        ), f AS (SELECT * FROM d WHERE list_contains($days::DATE[], date))
        SELECT date, platform AS top_post_platform, post_id AS top_post_id, count(*) AS top_post_interactions
        FROM f WHERE post_id IS NOT NULL
        GROUP BY date, platform, post_id
        QUALIFY row_number() OVER (PARTITION BY date ORDER BY count(*) DESC, platform, post_id) = 1
        """,
        p,
    )
    events = scope.df(
        """
        SELECT CAST(timezone($tz, created_at) AS DATE) AS date, count(*) AS event_interactions
        FROM lc_member_acts
        WHERE kind = 'event' AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
        GROUP BY ALL
        """,
        p,
    )
    posts = scope.df(
        """
        SELECT CAST(timezone($tz, published_at) AS DATE) AS date, platform, post_id, text
        FROM lc_posts
        WHERE published_at >= $start::TIMESTAMPTZ - INTERVAL 2 DAY AND published_at < $end::TIMESTAMPTZ
        ORDER BY published_at, platform, post_id
        """,
        p,
    )
    for df in (top, events, posts):
        df["date"] = pd.to_datetime(df["date"])
    hits = hits.merge(top, on="date", how="left").merge(events, on="date", how="left")
    hits["event_interactions"] = hits["event_interactions"].fillna(0).astype("int64")
    hits["top_post_interactions"] = hits["top_post_interactions"].astype("Int64")
    hits["top_post_share"] = hits["top_post_interactions"].astype("Float64") / hits["interactions"]
    top_ids = [pid for pid in top["top_post_id"].dropna().unique().tolist()]
    texts_df = scope.df(
        "SELECT platform, post_id, text FROM lc_posts WHERE list_contains($ids::VARCHAR[], post_id)", {"ids": top_ids}
    )
    texts = {(r.platform, r.post_id): r.text for r in texts_df.itertuples()}
    hits["top_post_text"] = [
        texts.get((pl, pid)) if isinstance(pid, str) else None
        for pl, pid in zip(hits["top_post_platform"], hits["top_post_id"])
    ]
    hits["posts_nearby"] = [
        posts.loc[(posts["date"] == d) | (posts["date"] == d - pd.Timedelta(days=1)), "post_id"].tolist()
        for d in hits["date"]
    ]
    return hits[cols].reset_index(drop=True)


def burst_days(
    store, account: str, month, *, baseline_days: int = 28, min_baseline: int = 7, threshold: float = 3.5, months: int = 1
) -> pd.DataFrame:
    """The month's bursts of member activity, linked to the posts and events around them.

    Returns
    -------
    DataFrame
        One row per burst day: ``date``, ``interactions``, ``baseline_median``,
        ``z``, ``posts_nearby`` (ids of posts published that day or the day
        before), ``top_post_platform``, ``top_post_id``,
        ``top_post_interactions``, ``top_post_share`` (of the day's
        interactions), ``top_post_text``, ``event_interactions``.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        t = _check(baseline_days, min_baseline, threshold)
        daily = daily_table(scope, w, baseline_days=baseline_days, min_baseline=min_baseline, threshold=t)
        return burst_table(scope, w, daily)
