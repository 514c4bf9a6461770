"""The probability that a member is still active: the MBG/NBD model.

Model choice
------------
The BG/NBD family ("buy till you die", Fader, Hardie & Lee 2005) describes
people who act at their own Poisson rate while "alive" and may drop out for
good; from a member's history it gives the probability that they are still
active. We use its modified form, **MBG/NBD** (Batislam, Denizel & Filiztekin
2007), in which a member may also drop out right after their *first* action:
plain BG/NBD calls everyone who acted once "certainly still active", which is
wrong for the many members of a library account who react once and vanish.

No maintained Python implementation fits the project: ``lifetimes`` is
archived (last release 2020, incompatible with current pandas/scipy),
``btyd`` is an abandoned alpha that pins pymc < 5, autograd 1.4 and dill
0.3.5, and ``pymc-marketing`` is maintained but pulls PyMC, PyTensor, ArviZ,
xarray and a C compiler toolchain into a reporting tool for one
four-parameter likelihood. The closed-form MBG/NBD likelihood is short; it is
implemented here and tested against numerical integration of the model's
definition (``tests/test_segments_activity.py``).

The model
---------
While alive, a member has "active days" at rate ``lambda ~ Gamma(r, alpha)``
per week; after each active day (the first included) they drop out with
probability ``p ~ Beta(a, b)``. For a member whose first active day is the
origin, with ``x`` further active days, the last at ``t_x`` weeks, observed
until ``T`` weeks::

    L = Gamma(r+x) alpha^r / Gamma(r) * [ B(a, b+x+1)/B(a,b) * (alpha+T)^-(r+x)
                                         + B(a+1, b+x)/B(a,b) * (alpha+t_x)^-(r+x) ]

    P(active | x, t_x, T) = 1 / (1 + a/(b+x) * ((alpha+T)/(alpha+t_x))^(r+x))

Units: an *active day* is a local calendar day with at least one
participation (bursts of likes on one day are one event); time is in weeks.
The four parameters are fitted by maximum likelihood on all members of the
account who ever took part, with the history up to the window's end.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os

import numpy as np
import pandas as pd

from ..errors import LibcommunityError
from ..metrics.scope import open_scope
from .features import (ACTIVITY_FIT_KEY, ACTIVITY_HISTORY_KEY, history_table, release_history_table, window_of,
                       window_params)
from .memberorder import arrow_by_member

__all__ = [
    "MBGNBD",
    "activity_history",
    "probability_active",
    "MIN_MEMBERS",
]

#: Fewer members with a history than this: the model is not fitted and the probability is NaN.
MIN_MEMBERS = 20
#: From this many distinct histories on, the likelihood's finite-difference evaluations run in threads.
PARALLEL_FROM = 20_000
#: From this many members with a history on, :func:`start_activity_fit` fits the model in a thread.
THREAD_FROM = 20_000
_WEEK_S = 7 * 86400.0


class MBGNBD:
    """Modified beta-geometric / negative binomial model (MBG/NBD).

    Parameters
    ----------
    r, alpha, a, b : float, optional
        Parameters, when known; :meth:`fit` estimates them.

    Examples
    --------
    >>> m = MBGNBD(r=0.5, alpha=2.0, a=0.8, b=2.5)
    >>> round(float(m.probability_active(x=3, t_x=10.0, T=12.0)), 4)
    0.8003
    """

    def __init__(self, r=None, alpha=None, a=None, b=None):
        self.r, self.alpha, self.a, self.b = r, alpha, a, b
        self.converged_ = None

    @property
    def params(self) -> dict:
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}

    @staticmethod
    def log_likelihood(params, x, t_x, T) -> np.ndarray:
        """Log-likelihood of every member's ``(x, t_x, T)`` under ``params = (r, alpha, a, b)``."""
        from scipy.special import betaln, gammaln  # imported by the first use, not with the package

        r, alpha, a, b = params
        x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
        first = (
            gammaln(r + x) - gammaln(r) + r * np.log(alpha)
            + betaln(a, b + x + 1) - betaln(a, b)
            - (r + x) * np.log(alpha + T)
        )
        log_ratio = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        return first + np.logaddexp(0.0, log_ratio)

    def fit(self, x, t_x, T, weights=None) -> "MBGNBD":
        """Maximum-likelihood estimates of ``r, alpha, a, b``.

        Parameters
        ----------
        x : array-like
            Active days after the first.
        t_x : array-like
            Weeks from the first to the last active day.
        T : array-like
            Weeks from the first active day to the end of observation.
        weights : array-like, optional
            Number of members sharing each ``(x, t_x, T)``.
        """
        x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
        w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=np.float64)
        if len(x) == 0 or w.sum() <= 0:
            raise ValueError("x must hold at least one member; got none")
        if (x < 0).any() or (t_x < 0).any() or (T < t_x).any():
            raise ValueError("x, t_x must be non-negative and t_x <= T for every member")
        total = w.sum()
        histories = _Histories(x, t_x, T)

        def nll(theta):
            params = np.exp(theta)
            return -(w * histories.log_likelihood(params)).sum() / total

        from scipy.optimize import minimize  # imported by the first fit, not with the package

        start = np.log([1.0, max(float(np.average(T, weights=w)), 1e-3), 1.0, 1.0])
        with _gradient_workers(len(x)) as workers, _one_blas_thread():
            res = minimize(nll, start, method="L-BFGS-B", bounds=[(-12.0, 12.0)] * 4, options={"workers": workers})
        self.r, self.alpha, self.a, self.b = (float(v) for v in np.exp(res.x))
        self.converged_ = bool(res.success)
        self.mean_log_likelihood_ = float(-res.fun)
        return self

    def _fitted(self) -> None:
        if self.r is None:
            raise LibcommunityError("the MBG/NBD model has no parameters: call fit() first")

    def probability_active(self, x, t_x, T) -> np.ndarray:
        """``P(still active | x, t_x, T)`` for every member."""
        self._fitted()
        x, t_x, T = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
        log_ratio = np.log(self.a) - np.log(self.b + x) + (self.r + x) * (np.log(self.alpha + T) - np.log(self.alpha + t_x))
        return 1.0 / (1.0 + np.exp(log_ratio))

    @staticmethod
    def _check_horizon(t) -> np.ndarray:
        t = np.asarray(t, dtype=np.float64)
        if not np.all(np.isfinite(t)) or (t < 0).any():
            raise ValueError(f"t must be a non-negative number of weeks; got {t!r} instead")
        return t

    def probability_active_within(self, t, x, t_x, T) -> np.ndarray:
        """``P(at least one active day in the next t weeks | x, t_x, T)``.

        A member acts again within ``t`` weeks when they are still active
        (:meth:`probability_active`) and their Poisson rate, whose posterior
        given the history is ``Gamma(r + x, alpha + T)``, produces an event:

            P = P(active) * (1 - ((alpha + T) / (alpha + T + t))^(r + x))

        (a member who is still active cannot drop out before their next
        active day). This is what a held-out period can check directly.

        Examples
        --------
        >>> m = MBGNBD(r=0.5, alpha=2.0, a=0.8, b=2.5)
        >>> round(float(m.probability_active_within(13.0, x=3, t_x=10.0, T=12.0)), 4)
        0.72
        """
        self._fitted()
        t = self._check_horizon(t)
        x, T = np.asarray(x, dtype=np.float64), np.asarray(T, dtype=np.float64)
        quiet = ((self.alpha + T) / (self.alpha + T + t)) ** (self.r + x)
        return self.probability_active(x, t_x, T) * (1.0 - quiet)

    def expected_active_days(self, t, x, t_x, T) -> np.ndarray:
        """Expected active days in the next ``t`` weeks given the history ``(x, t_x, T)``.

        The MBG/NBD conditional expectation (Batislam et al. 2007)::

            E = P(active) * (a+b+x)/(a-1)
                * [1 - ((alpha+T)/(alpha+T+t))^(r+x) * 2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))]

        which holds for ``a < 1`` as well (analytic continuation; tested
        against numerical integration over the drop-out probability). The
        expression is continuous in ``a``; within 1e-4 of ``a == 1``, where it
        cancels catastrophically, it is the mean of its values at
        ``a = 1 +/- 1e-4`` (error of order 1e-8).

        Examples
        --------
        >>> m = MBGNBD(r=0.5, alpha=2.0, a=0.8, b=2.5)
        >>> round(float(m.expected_active_days(13.0, x=3, t_x=10.0, T=12.0)), 4)
        2.1587
        """
        from scipy.special import hyp2f1

        self._fitted()
        t = self._check_horizon(t)
        x, T = np.asarray(x, dtype=np.float64), np.asarray(T, dtype=np.float64)
        r, alpha, b = self.r, self.alpha, self.b
        z = t / (alpha + T + t)
        quiet = ((alpha + T) / (alpha + T + t)) ** (r + x)

        def alive_days(a):
            return (a + b + x) / (a - 1.0) * (1.0 - quiet * hyp2f1(r + x, b + x + 1.0, a + b + x, z))

        if abs(self.a - 1.0) < 1e-4:
            days = 0.5 * (alive_days(1.0 - 1e-4) + alive_days(1.0 + 1e-4))
        else:
            days = alive_days(self.a)
        return np.maximum(self.probability_active(x, t_x, T) * days, 0.0)


def _one_blas_thread():
    """BLAS on one thread while the optimiser runs.

    L-BFGS-B's own linear algebra is on matrices of four parameters, where a
    multi-threaded BLAS spends far more time waking and waiting for its threads
    than computing (tens of milliseconds per fit, more on a busy machine). The
    products of vectors and matrices this small are not split between threads,
    so the numbers, and the fit, are the same.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


@contextlib.contextmanager
def _gradient_workers(n_histories: int):
    """The ``map`` that evaluates the likelihood at the optimiser's finite-difference points.

    L-BFGS-B estimates the gradient from the four parameters moved one at a
    time: four evaluations of the likelihood that do not depend on each
    other. From :data:`PARALLEL_FROM` distinct histories on, they run in
    threads (NumPy and SciPy's special functions release the GIL on arrays
    that long); the optimiser computes the same differences from the same
    values either way, so the fit is the same, bit for bit. Below it, the
    built-in ``map`` (threads would cost more than they save).
    """
    threads = min(4, os.cpu_count() or 1)
    if n_histories < PARALLEL_FROM or threads < 2:
        yield map
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mbgnbd") as pool:
        yield pool.map


class _Histories:
    """Histories ``(x, t_x, T)`` with each column also held as its distinct values and their positions.

    :meth:`log_likelihood` is :meth:`MBGNBD.log_likelihood`, bit for bit (the
    same operations on the same numbers, in the same order), with every term
    evaluated once per distinct value of what it depends on: the special
    functions and logarithms of one column per distinct value of that column (a
    few hundred each), and the first term, a function of ``(x, T)`` alone, per
    distinct pair (a few thousand), where an account has hundreds of thousands
    of distinct histories. Per history only the last few operations remain. The
    optimiser evaluates it a few hundred times.
    """

    def __init__(self, x, t_x, T):
        self.x = x
        self.x_values, self.x_at = np.unique(x, return_inverse=True)
        self.t_values, self.t_at = np.unique(t_x, return_inverse=True)
        self.T_values, self.T_at = np.unique(T, return_inverse=True)
        pairs, self.pair_at = np.unique(self.x_at * len(self.T_values) + self.T_at, return_inverse=True)
        self.pair_x, self.pair_T = np.divmod(pairs, len(self.T_values))  # positions in x_values, T_values

    def log_likelihood(self, params) -> np.ndarray:
        from scipy.special import betaln, gammaln

        r, alpha, a, b = params
        xv, px, pair = self.x_values, self.pair_x, self.pair_at
        log_T = np.log(alpha + self.T_values)[self.pair_T]  # per (x, T) pair
        r_x = (r + xv)[px]
        # MBGNBD.log_likelihood's terms, each an elementwise function of the values it is computed from
        first = (
            gammaln(r + xv)[px] - gammaln(r) + r * np.log(alpha)
            + betaln(a, b + xv + 1)[px] - betaln(a, b)
            - r_x * log_T
        )
        base = (np.log(a) - np.log(b + xv))[px]
        log_ratio = base[pair] + r_x[pair] * (log_T[pair] - np.log(alpha + self.t_values)[self.t_at])
        return first[pair] + np.logaddexp(0.0, log_ratio)


#: Over the members' history table of the window (:func:`libcommunity.segments.features.history_table`): the
#: local days with a participation up to the window's end, the first and the last of them.
_HISTORY_SQL = """
SELECT member_id AS member, platform,
  days_ever - 1 AS x,
  date_diff('day', first_day, last_day) / 7.0 AS t_x,
  date_diff('day', first_day, $end_day) / 7.0 AS "T"
FROM {table} WHERE days_ever > 0
"""


def activity_history(store, account: str, month, *, window_months: int = 3) -> pd.DataFrame:
    """Every member's active-day history up to the end of ``month``'s window, for the model.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``x`` (active days after the first),
        ``t_x`` (weeks from the first to the last active day), ``T`` (weeks
        from the first active day to the window's end), one row per member
        who ever took part.
    """
    with open_scope(store, account) as scope:
        return _history(scope, window_of(month, scope.timezone, window_months)).copy()


def _history(scope, window) -> pd.DataFrame:
    def compute():
        raw = scope.arrow(_HISTORY_SQL.replace("{table}", history_table(scope, window)), window_params(window))
        raw = arrow_by_member(raw).to_pandas()  # sorted by Arrow: faster than in DuckDB
        return pd.DataFrame(
            {
                "member": raw["member"].astype("string"),
                "platform": raw["platform"].astype("string"),
                "x": raw["x"].astype("int64"),
                "t_x": raw["t_x"].astype("float64"),
                "T": raw["T"].astype("float64"),
            }
        )

    out = scope.memo((ACTIVITY_HISTORY_KEY, window.end, window.timezone), compute)
    release_history_table(scope, window)
    return out


def probability_active(store, account: str, month, *, window_months: int = 3, min_members: int = MIN_MEMBERS) -> pd.DataFrame:
    """Probability that each member who ever took part is still active at the window's end.

    Fits :class:`MBGNBD` once per distinct ``(x, t_x, T)`` (members sharing it
    are weighted, not repeated) and applies it to each distinct history.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``x``, ``t_x``, ``T``, ``p_active``;
        ``attrs["model"]`` is the fitted model (None, and ``p_active`` NaN,
        with fewer than ``min_members`` members with a history or when the
        fit does not converge).
    """
    with open_scope(store, account) as scope:
        window = window_of(month, scope.timezone, window_months)
        key = ("probability_active", window.end, window.timezone, min_members)
        hist = scope.memo(key, lambda: _probability_active(_history(scope, window), min_members))
    out = hist.copy()
    out.attrs = dict(hist.attrs)
    return out


def _probability_active(history: pd.DataFrame, min_members: int) -> pd.DataFrame:
    hist = history.copy()
    hist["p_active"] = np.nan
    hist.attrs["model"] = None
    if len(hist) < min_members:
        return hist
    x, t_x, T = (hist[c].to_numpy(dtype=np.float64) for c in ("x", "t_x", "T"))
    codes, first, weights = _distinct_histories(hist["x"].to_numpy(dtype=np.int64), t_x, T)
    x, t_x, T = x[first], t_x[first], T[first]
    model = MBGNBD().fit(x, t_x, T, weights=weights)
    if not model.converged_:
        return hist
    hist["p_active"] = model.probability_active(x, t_x, T)[codes]
    hist.attrs["model"] = model
    return hist


def _distinct_histories(x, t_x, T) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members sharing ``(x, t_x, T)`` as one history with a weight, in the order they first appear.

    Returns
    -------
    codes, first, weights : numpy.ndarray
        Each member's history (0, 1, ... in order of first appearance), the first member of each history, and
        the members of each.
    """
    days = np.rint(np.stack([t_x, T]) * 7).astype(np.int64)  # t_x and T are whole days / 7
    codes, _ = pd.factorize((x.astype(np.int64) << 42) | (days[0] << 21) | days[1])
    _, first = np.unique(codes, return_index=True)
    return codes, first, np.bincount(codes)


#: :data:`_HISTORY_SQL`'s histories in the order of its members (:func:`~.memberorder.member_order`: the order
#: of the members' keys, missing last), without the members: what the model is fitted on.
_ORDERED_HISTORY_SQL = """
SELECT days_ever - 1 AS x,
  date_diff('day', first_day, last_day) / 7.0 AS t_x,
  date_diff('day', first_day, $end_day) / 7.0 AS "T"
FROM {table} WHERE days_ever > 0
ORDER BY platform NULLS LAST, member_id NULLS LAST
"""


def start_activity_fit(scope, window, min_members: int = MIN_MEMBERS) -> concurrent.futures.Future:
    """Start fitting :func:`probability_active`'s model of ``window``'s end in a thread; its future (the scope's).

    The histories are read here (the window's history table built first, if need be), in the (platform,
    member) order :func:`probability_active` fits them in, without the members; from :data:`THREAD_FROM`
    members with a history on, the fit runs in a thread while the caller goes on (the features' query and
    conversion), and before the function returns below it. The model is the one :func:`probability_active`
    fits, bit for bit: the same distinct histories, weights and order. The fit limits BLAS to one thread for
    the whole process (:func:`_one_blas_thread`): wait for it before any other work that uses BLAS.

    Returns
    -------
    concurrent.futures.Future
        Of the fitted :class:`MBGNBD`, or None when :func:`probability_active` fits none (fewer than
        ``min_members`` histories, or no convergence).
    """

    def start():
        done = scope.stored(("probability_active", window.end, window.timezone, min_members))
        future = concurrent.futures.Future()
        if done is not None:  # already fitted in this scope
            future.set_result(done.attrs["model"])
            return future
        raw = scope.arrow(_ORDERED_HISTORY_SQL.replace("{table}", history_table(scope, window)), window_params(window))
        scope.memo((ACTIVITY_FIT_KEY, window.end, window.timezone), lambda: True)  # read: the table may go
        x, t_x, T = (raw[c].to_numpy() for c in ("x", "t_x", "T"))
        if len(x) < THREAD_FROM:  # fitted here: a short fit in a thread would only contend for the GIL
            try:
                future.set_result(_fitted_model(x, t_x, T, min_members))
            except Exception as exc:  # raised where the model is asked for, as without a thread
                future.set_exception(exc)
            return future
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="activity-fit")
        try:
            return pool.submit(_fitted_model, x, t_x, T, min_members)
        finally:
            pool.shutdown(wait=False)

    future = scope.memo(("activity_fit", window.end, window.timezone, min_members), start)
    release_history_table(scope, window)
    return future


def _fitted_model(x, t_x, T, min_members: int) -> MBGNBD | None:
    """:func:`_probability_active`'s model of the histories ``x, t_x, T`` (None where it has none)."""
    if len(x) < min_members:
        return None
    codes, first, weights = _distinct_histories(x, t_x, T)
    x = x.astype(np.float64)
    model = MBGNBD().fit(x[first], t_x[first], T[first], weights=weights)
    return model if model.converged_ else None


def probability_of(model: MBGNBD | None, x, t_x, T) -> np.ndarray:
    """``model.probability_active`` of each history ``(x, t_x, T)``: NaN without a model or a history (NaN)."""
    out = np.full(len(x), np.nan)
    if model is not None:
        known = ~np.isnan(x)
        out[known] = model.probability_active(x[known], t_x[known], T[known])
    return out
