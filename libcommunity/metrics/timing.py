"""Best time to post: a weekday x hour table in the account's timezone, with empirical-Bayes intervals.

Definition (``docs/metrics.md``, "Best time to post"): the posts published in
the window (default: the 12 months ending with the report month) are placed
in the cell of their local weekday (Monday = 0) and hour in the account's
timezone. For each of the 168 cells: ``posts`` (posts with a value of the
metric), raw ``mean`` and ``median`` of the metric, and an empirical-Bayes
estimate of the cell's typical value with a credible interval:

* every post's value ``y`` is taken on the log scale, ``z = log(y + c)``
  (``c``: half an engagement; for a rate, half an engagement over the
  median denominator of the window's posts), where posts' values are
  roughly normal;
* posts of cell ``c`` are ``N(theta_c, sigma2)`` and the cells' ``theta_c``
  are ``N(mu, tau2)`` around the account's overall level. ``sigma2`` is the
  pooled spread of posts within cells; ``mu`` and ``tau2`` maximise the
  marginal likelihood of the cells' mean values (:func:`fit_prior`), all
  fitted on the account's own posts;
* each cell's posterior (:func:`cell_posterior`) shrinks its mean towards
  ``mu`` by ``B = sigma2 / (sigma2 + n tau2)``, with variance
  ``tau2 sigma2 / (sigma2 + n tau2) + B^2 Var(mu)`` (Morris 1983);
  ``value``, ``low`` and ``high`` are its mean and ``level`` interval back
  on the metric's scale;
* a cell is ``above`` when its interval lies above the account's median
  post (``low > account_median``); only such cells are best times
  (:func:`top_times`). When none is, the data does not single out a best
  time.

The metric is a column of the per-post table; ``"auto"`` takes the first of
``engagement_rate_by_reach``, ``engagement_rate_by_impressions``,
``engagement_rate_by_followers`` known for at least half of the window's
posts, else ``engagements``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .posts import RATE_COLUMNS, post_table
from .scope import open_scope
from .window import check_positive_int

__all__ = [
    "best_time",
    "best_time_table",
    "top_times",
    "fit_prior",
    "cell_posterior",
    "log_offset",
    "NormalPrior",
    "METRICS",
    "WEEKDAYS",
    "DENOMINATORS",
    "LEVEL",
]

#: Metrics the table can rank posts by.
METRICS = (*RATE_COLUMNS, "engagements", "member_interactions")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The per-post column each rate divides by.
DENOMINATORS = {
    "engagement_rate_by_reach": "reach",
    "engagement_rate_by_impressions": "impressions",
    "engagement_rate_by_followers": "followers_on_day",
}
#: Probability of the credible intervals.
LEVEL = 0.95
#: Counts added to every post's numerator before the log (half an engagement).
HALF = 0.5


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


def _check_level(level) -> None:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) or not 0 < level < 1:
        raise ParameterError(f"level must be a number between 0 and 1; got {level!r} instead")


@dataclass(frozen=True)
class NormalPrior:
    """The fitted model of one account's posts on the log scale.

    Attributes
    ----------
    mu : float
        The account's overall level (the cells' mean, estimated).
    tau2 : float
        Variance of the cells' true levels around ``mu`` (0: no cell differs).
    sigma2 : float
        Variance of posts within a cell.
    var_mu : float
        Sampling variance of the estimate of ``mu``.
    posts, cells : int
        Posts and non-empty cells it was fitted on.
    """

    mu: float
    tau2: float
    sigma2: float
    var_mu: float
    posts: int
    cells: int


def _loglik(tau2: float, means: np.ndarray, within: np.ndarray) -> tuple[float, float, float]:
    """Marginal log-likelihood of the cell means, its derivative in ``tau2`` and the profiled ``mu``."""
    v = tau2 + within
    w = 1.0 / v
    mu = float((w * means).sum() / w.sum())
    d2 = (means - mu) ** 2
    return float(-0.5 * (np.log(v) + d2 * w).sum()), float(0.5 * (d2 * w * w - w).sum()), mu


def fit_prior(z, cells) -> NormalPrior | None:
    """Fit the normal model of posts (``z``, log scale) grouped by ``cells`` (see the module docstring).

    ``sigma2`` is the pooled within-cell variance (``N - C`` degrees of
    freedom); given it, ``mu`` and ``tau2`` maximise the marginal likelihood
    of the cell means, ``mean_c ~ N(mu, tau2 + sigma2 / n_c)`` (``mu``
    profiled out as the precision-weighted mean; ``tau2`` the best of 0 and
    the roots of the score equation). With equal ``n`` in every cell this is
    ``tau2 = max(0, sum((mean_c - mean)^2) / C - sigma2 / n)``.

    Returns
    -------
    NormalPrior or None
        None when there is nothing to fit: fewer than two non-empty cells,
        fewer than two posts beyond one per cell, or no spread within cells.
    """
    frame = pd.DataFrame({"z": np.asarray(z, dtype="float64"), "cell": np.asarray(cells)}).dropna()
    g = frame.groupby("cell", sort=True)["z"]
    n = g.size().to_numpy(dtype="float64")
    means = g.mean().to_numpy()
    N, C = int(n.sum()), len(n)
    if C < 2 or N - C < 2:
        return None
    ss = float(((frame["z"] - g.transform("mean")) ** 2).sum())
    sigma2 = ss / (N - C)
    if not np.isfinite(sigma2) or sigma2 <= 0:
        return None
    within = sigma2 / n
    span = float(means.max() - means.min()) ** 2  # beyond it the score is negative
    candidates = [0.0]
    if span > 0:
        from scipy import optimize  # here: importing SciPy costs the metrics package's import most of its time

        grid = np.linspace(0.0, span, 257)
        v = grid[:, None] + within[None, :]  # the score on the whole grid at once
        w = 1.0 / v
        mu = (w * means).sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)
        score = 0.5 * ((means - mu) ** 2 * w * w - w).sum(axis=1)
        for lo, hi, s_lo, s_hi in zip(grid[:-1], grid[1:], score[:-1], score[1:]):
            if s_lo > 0 >= s_hi:
                candidates.append(optimize.brentq(lambda t: _loglik(t, means, within)[1], lo, hi, xtol=1e-14, rtol=1e-12))
    tau2 = max(candidates, key=lambda t: _loglik(t, means, within)[0])
    _, _, mu = _loglik(tau2, means, within)
    var_mu = 1.0 / float((1.0 / (tau2 + within)).sum())
    return NormalPrior(mu=mu, tau2=float(tau2), sigma2=float(sigma2), var_mu=var_mu, posts=N, cells=C)


def cell_posterior(prior: NormalPrior, n, mean, *, level: float = LEVEL) -> pd.DataFrame:
    """Posterior of cells with ``n`` posts of mean ``mean`` (log scale) under ``prior``.

    Returns
    -------
    pandas.DataFrame
        ``shrinkage`` (B, the weight of the prior), ``post_mean``,
        ``post_var``, ``post_low``, ``post_high`` (the central ``level``
        interval). A cell without posts gets the prior itself.
    """
    from scipy import special  # here: importing SciPy costs the metrics package's import most of its time

    _check_level(level)
    n = np.asarray(n, dtype="float64")
    mean = np.where(n > 0, np.asarray(mean, dtype="float64"), prior.mu)
    s2, t2 = prior.sigma2, prior.tau2
    b = s2 / (s2 + n * t2)
    m = prior.mu + (1.0 - b) * (mean - prior.mu)
    v = t2 * s2 / (s2 + n * t2) + b**2 * prior.var_mu
    q = special.ndtri(0.5 + level / 2.0)  # normal quantile: what scipy.stats.norm.ppf returns, without importing stats
    return pd.DataFrame({"shrinkage": b, "post_mean": m, "post_var": v, "post_low": m - q * np.sqrt(v), "post_high": m + q * np.sqrt(v)})


def log_offset(table: pd.DataFrame, metric: str, values: pd.Series) -> float:
    """``c`` of ``z = log(y + c)``: half an engagement, per the median denominator for a rate.

    For a rate without its denominator column, half the smallest positive value.
    """
    if metric not in DENOMINATORS:
        return HALF
    col = DENOMINATORS[metric]
    if col in table:
        den = pd.to_numeric(table.loc[values.index, col]).astype("Float64")
        den = den[den > 0].astype("float64")
        if len(den):
            return HALF / float(den.median())
    positive = values[values > 0]
    return float(positive.min()) / 2.0 if len(positive) else HALF


def best_time_table(table: pd.DataFrame, *, metric: str = "auto", min_posts: int = 1, level: float = LEVEL) -> pd.DataFrame:
    """The weekday x hour table of a per-post table (see the module docstring and :func:`best_time`)."""
    check_positive_int(min_posts, "min_posts")
    _check_level(level)
    chosen = _choose(table, metric)
    values = pd.to_numeric(table[chosen]).astype("Float64")
    local = pd.to_datetime(table["published_local"])
    posts = pd.DataFrame({"weekday": local.dt.day_of_week, "hour": local.dt.hour, "v": values}).dropna(subset=["v"])
    posts["v"] = posts["v"].astype("float64")
    offset = log_offset(table, chosen, posts["v"])
    posts["z"] = np.log(np.maximum(posts["v"], 0.0) + offset)
    posts["cell"] = posts["weekday"] * 24 + posts["hour"]
    grid = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    g = posts.groupby(["weekday", "hour"])
    out = pd.DataFrame({"posts": g.size(), "mean": g["v"].mean(), "median": g["v"].median(), "_z": g["z"].mean()})
    out = out.reindex(grid).reset_index()
    out["posts"] = out["posts"].fillna(0).astype("int64")
    out.insert(1, "weekday_name", [WEEKDAYS[d] for d in out["weekday"]])
    out["enough"] = out["posts"] >= min_posts
    median = float(posts["v"].median()) if len(posts) else float("nan")
    prior = fit_prior(posts["z"], posts["cell"])
    nan = np.full(len(out), np.nan)
    if prior is None:
        value, low, high, shrink = nan, nan, nan, nan
    else:
        post = cell_posterior(prior, out["posts"], out["_z"].fillna(prior.mu), level=level)
        value = np.exp(post["post_mean"].to_numpy()) - offset
        low = np.maximum(np.exp(post["post_low"].to_numpy()) - offset, 0.0)
        high = np.exp(post["post_high"].to_numpy()) - offset
        shrink = post["shrinkage"].to_numpy()
    shown = out["enough"].to_numpy() & (out["posts"].to_numpy() > 0)
    out["value"] = np.where(shown, value, np.nan)
    out["low"] = np.where(shown, low, np.nan)
    out["high"] = np.where(shown, high, np.nan)
    out["shrinkage"] = np.where(shown, shrink, np.nan)
    out["account_median"] = median
    out["above"] = (out["low"] > median).fillna(False).astype(bool) if prior is not None else False
    out["rank"] = out["value"].rank(ascending=False, method="min").astype("Int64")
    out["metric"] = chosen
    out = out.drop(columns="_z")
    out.attrs["metric"] = chosen
    out.attrs["min_posts"] = min_posts
    out.attrs["level"] = float(level)
    out.attrs["offset"] = offset
    out.attrs["prior"] = None if prior is None else {**asdict(prior), "typical": float(np.exp(prior.mu) - offset)}
    return out


def best_time(
    store, account: str, month, *, months: int = 12, metric: str = "auto", min_posts: int = 1, level: float = LEVEL
) -> pd.DataFrame:
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
    min_posts : int, default 1
        Cells with fewer posts get no value, interval or rank (the
        empirical-Bayes estimate needs no cut-off: a cell with few posts is
        pulled towards the account's overall level).
    level : float, default 0.95
        Probability of the credible intervals.

    Returns
    -------
    DataFrame
        168 rows (every weekday and hour): ``weekday`` (Monday = 0),
        ``weekday_name``, ``hour``, ``posts``, ``mean``, ``median`` (raw),
        ``enough``, ``value`` (the cell's estimated typical value), ``low``
        and ``high`` (its credible interval), ``shrinkage``,
        ``account_median`` (median of the window's posts), ``above`` (the
        interval lies above it), ``rank`` (of ``value``, 1 = best),
        ``metric``. ``attrs``: ``metric``, ``min_posts``, ``level``,
        ``offset``, ``prior`` (the fitted :class:`NormalPrior` as a dict,
        with its ``typical`` value, or None).
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        check_positive_int(min_posts, "min_posts")
        _check_level(level)
        if metric != "auto":
            _choose(pd.DataFrame(), metric)
        return best_time_table(post_table(scope, w), metric=metric, min_posts=min_posts, level=level)


def top_times(table: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` best cells of a :func:`best_time` table whose interval lies above the account's median.

    Empty when the data does not single out a best time.
    """
    ok = table[table["above"].astype(bool)].sort_values(["rank", "weekday", "hour"])
    return ok.head(n).reset_index(drop=True)
