"""MBG/NBD: closed forms against numerical integration of the model, MLE on simulated data, the store."""

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from libcommunity.errors import LibcommunityError
from libcommunity.segments.activity import MBGNBD, activity_history, probability_active

from .test_segments_fixtures import interactions, members, pseudonyms

PARAMS = (0.8, 3.0, 0.6, 2.5)  # r, alpha, a, b


def by_integration(params, x, t_x, T):
    """Likelihood and P(alive) of one member by integrating the model's definition over lambda and p."""
    r, alpha, a, b = params
    gamma = stats.gamma(r, scale=1 / alpha)
    beta = stats.beta(a, b)
    alive_p = integrate.quad(lambda p: (1 - p) ** (x + 1) * beta.pdf(p), 0, 1)[0]
    dead_p = integrate.quad(lambda p: p * (1 - p) ** x * beta.pdf(p), 0, 1)[0]
    rate_T = integrate.quad(lambda lam: lam**x * np.exp(-lam * T) * gamma.pdf(lam), 0, np.inf)[0]
    rate_tx = integrate.quad(lambda lam: lam**x * np.exp(-lam * t_x) * gamma.pdf(lam), 0, np.inf)[0]
    alive = alive_p * rate_T
    total = alive + dead_p * rate_tx
    return np.log(total), alive / total


@pytest.mark.parametrize("x, t_x, T", [(0, 0.0, 10.0), (1, 2.0, 10.0), (4, 9.5, 10.0), (7, 3.0, 30.0), (2, 0.5, 0.5)])
def test_closed_forms_match_integration(x, t_x, T):
    ll, p_alive = by_integration(PARAMS, x, t_x, T)
    assert MBGNBD.log_likelihood(PARAMS, [x], [t_x], [T])[0] == pytest.approx(ll, rel=1e-7)
    model = MBGNBD(*PARAMS)
    assert model.probability_active(x, t_x, T) == pytest.approx(p_alive, rel=1e-7)


def test_probability_by_hand():
    # 1 / (1 + a/(b+x) * ((alpha+T)/(alpha+t_x))^(r+x)) with r=0.5, alpha=2, a=0.8, b=2.5, x=3, t_x=10, T=12
    expected = 1 / (1 + 0.8 / 5.5 * (14 / 12) ** 3.5)
    assert MBGNBD(0.5, 2.0, 0.8, 2.5).probability_active(3, 10.0, 12.0) == pytest.approx(expected)
    # a member who just acted is more likely active than one silent for weeks
    m = MBGNBD(*PARAMS)
    assert m.probability_active(5, 20.0, 20.0) > m.probability_active(5, 5.0, 20.0)


def simulate(params, n=4000, seed=0):
    """Members following the MBG/NBD story: observed for T weeks from their first active day."""
    r, alpha, a, b = params
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(20, 52, n)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        t, k, last = 0.0, 0, 0.0
        while rng.random() >= p[i]:  # survives the drop-out after this active day
            t += rng.exponential(1 / lam[i])
            if t > T[i]:
                break
            k, last = k + 1, t
        x[i], t_x[i] = k, last
    return x, t_x, T


def test_maximum_likelihood_recovers_simulated_parameters():
    x, t_x, T = simulate(PARAMS)
    model = MBGNBD().fit(x, t_x, T)
    assert model.converged_
    got = np.array([model.r, model.alpha, model.a, model.b])
    np.testing.assert_allclose(got, PARAMS, rtol=0.3)
    # the fitted likelihood beats the true parameters' on the same data (it is the maximum)
    assert model.mean_log_likelihood_ >= MBGNBD.log_likelihood(PARAMS, x, t_x, T).mean() - 1e-9


def test_weights_equal_repetition():
    x, t_x, T = simulate(PARAMS, n=600, seed=1)
    T = np.round(T)  # coarse observation periods so that histories repeat
    x, t_x = x, np.minimum(np.round(t_x), T)
    grouped = pd.DataFrame({"x": x, "t_x": t_x, "T": T}).value_counts().reset_index(name="n")
    assert len(grouped) < len(x)
    a = MBGNBD().fit(grouped["x"], grouped["t_x"], grouped["T"], weights=grouped["n"])
    b = MBGNBD().fit(x, t_x, T)
    assert a.params == pytest.approx(b.params, rel=1e-3)


def test_bad_histories():
    with pytest.raises(ValueError, match="t_x <= T"):
        MBGNBD().fit([1], [5.0], [2.0])
    with pytest.raises(ValueError, match="at least one member"):
        MBGNBD().fit([], [], [])


# ---------------------------------------------------------------- from the store
def lively_store(build_store, n_recent=25, n_lapsed=25):
    rows = []
    for i in range(n_recent):  # active every week until the end of October
        rows += [(f"r{i}", "reaction", f"2025-{m:02d}-{d:02d}T12:00Z", "p") for m in (8, 9, 10) for d in (3, 10, 17, 24)]
    for i in range(n_lapsed):  # active in spring, silent since
        rows += [(f"l{i}", "reaction", f"2025-{m:02d}-{d:02d}T12:00Z", "p") for m in (3, 4) for d in (3, 10, 17, 24)]
    mem = members([(f"r{i}", "2025-01-01T00:00Z") for i in range(n_recent)] + [(f"l{i}", "2025-01-01T00:00Z") for i in range(n_lapsed)])
    return build_store({"members": mem, "interactions": interactions(rows)}, timezone="UTC")


def test_history_by_hand(build_store):
    store = lively_store(build_store)
    ids = pseudonyms(store)
    h = activity_history(store, "lib", "2025-10").set_index("member")
    r0 = h.loc[ids["r0"]]
    # 12 active days, 3 Aug .. 24 Oct = 82 days; observed until 1 Nov = 90 days after the first
    assert (r0.x, r0.t_x, r0["T"]) == (11, pytest.approx(82 / 7), pytest.approx(90 / 7))


def test_recent_members_are_more_likely_active(build_store):
    store = lively_store(build_store)
    ids = pseudonyms(store)
    p = probability_active(store, "lib", "2025-10")
    assert p.attrs["model"] is not None
    p = p.set_index("member")["p_active"]
    recent = p[[ids[f"r{i}"] for i in range(25)]]
    lapsed = p[[ids[f"l{i}"] for i in range(25)]]
    assert recent.min() > 0.8
    assert lapsed.max() < 0.2


def test_too_few_members_gives_nan(build_store):
    store = lively_store(build_store, n_recent=3, n_lapsed=2)
    p = probability_active(store, "lib", "2025-10")
    assert len(p) == 5 and p["p_active"].isna().all() and p.attrs["model"] is None
    assert isinstance(p, pd.DataFrame)


# ---------------------------------------------------------------- predictions for a held-out period
def future_by_integration(params, x, t_x, T, t):
    """P(acts within t) and E[active days in t] after T, by integrating over lambda and p given the history."""
    r, alpha, a, b = params
    _, p_alive = by_integration(params, x, t_x, T)
    lam = stats.gamma(r + x, scale=1 / (alpha + T))  # posterior of the rate of a member still active
    p = stats.beta(a, b + x + 1)  # posterior of the drop-out probability of a member still active
    act = integrate.quad(lambda v: (1 - np.exp(-v * t)) * lam.pdf(v), 0, np.inf)[0]
    # a member active at T with (lambda, p) has (1 - exp(-lambda p t)) / p active days in t on average; the mean
    # over lambda is the gamma distribution's Laplace transform, the mean over p is integrated numerically
    def laplace(s):  # E[exp(-s lambda)]
        return ((alpha + T) / (alpha + T + s)) ** (r + x)

    assert laplace(t) == pytest.approx(integrate.quad(lambda v: np.exp(-v * t) * lam.pdf(v), 0, np.inf)[0])
    days = integrate.quad(lambda q: (1 - laplace(q * t)) / q * p.pdf(q), 0, 1, limit=200)[0]
    return p_alive * act, p_alive * days


@pytest.mark.parametrize("params", [PARAMS, (0.8, 3.0, 1.7, 2.5), (0.8, 3.0, 1.0, 2.5)])
@pytest.mark.parametrize("x, t_x, T", [(0, 0.0, 10.0), (4, 9.5, 10.0), (7, 3.0, 30.0)])
def test_future_predictions_match_integration(params, x, t_x, T):
    act, days = future_by_integration(params, x, t_x, T, 13.0)
    model = MBGNBD(*params)
    assert model.probability_active_within(13.0, x, t_x, T) == pytest.approx(act, rel=1e-6)
    assert model.expected_active_days(13.0, x, t_x, T) == pytest.approx(days, rel=1e-5)
    assert model.expected_active_days(0.0, x, t_x, T) == 0.0


def simulate_with_future(params, horizon, n=20000, seed=3):
    """Like :func:`simulate`, with each member followed ``horizon`` more weeks: ``x, t_x, T, future days``."""
    r, alpha, a, b = params
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(20, 52, n)
    x, t_x, future = np.zeros(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        t, k, last, later = 0.0, 0, 0.0, 0
        while rng.random() >= p[i]:
            t += rng.exponential(1 / lam[i])
            if t > T[i] + horizon:
                break
            if t <= T[i]:
                k, last = k + 1, t
            else:
                later += 1
        x[i], t_x[i], future[i] = k, last, later
    return x, t_x, T, future


def test_future_predictions_match_simulation():
    """Members simulated from the model's story for T weeks and 13 more: the predictions made from the first
    T weeks agree with what the next 13 weeks hold, on average."""
    x, t_x, T, future = simulate_with_future(PARAMS, 13.0)
    model = MBGNBD(*PARAMS)
    assert future.mean() == pytest.approx(model.expected_active_days(13.0, x, t_x, T).mean(), rel=0.05)
    assert (future > 0).mean() == pytest.approx(model.probability_active_within(13.0, x, t_x, T).mean(), abs=0.01)


def test_future_predictions_need_a_fit_and_a_horizon():
    with pytest.raises(LibcommunityError, match="call fit"):
        MBGNBD().expected_active_days(4.0, 1, 1.0, 2.0)
    with pytest.raises(ValueError, match="t must be a non-negative number of weeks"):
        MBGNBD(*PARAMS).probability_active_within(-1.0, 1, 1.0, 2.0)


def test_the_likelihood_by_distinct_values_is_the_same_number():
    from libcommunity.segments.activity import _Histories

    rng = np.random.default_rng(1)
    x = rng.integers(0, 300, 20000).astype(float)
    T = rng.integers(0, 366, 20000) / 7.0
    t_x = np.minimum(T, rng.integers(0, 366, 20000) / 7.0)
    histories = _Histories(x, t_x, T)
    for _ in range(10):
        params = np.exp(rng.normal(size=4))
        assert np.array_equal(MBGNBD.log_likelihood(params, x, t_x, T), histories.log_likelihood(params))


def test_a_large_fit_evaluates_its_gradient_in_threads_with_the_same_result(monkeypatch):
    import threading

    import libcommunity.segments.activity as activity

    x, t_x, T = simulate(PARAMS, n=3000, seed=3)
    threads = set()
    histories_ll = activity._Histories.log_likelihood

    def spy(self, params):
        threads.add(threading.current_thread().name)
        return histories_ll(self, params)

    monkeypatch.setattr(activity._Histories, "log_likelihood", spy)
    monkeypatch.setattr(activity, "PARALLEL_FROM", 10**9)
    serial = MBGNBD().fit(x, t_x, T)
    assert not any(name.startswith("mbgnbd") for name in threads)
    monkeypatch.setattr(activity, "PARALLEL_FROM", 1000)
    monkeypatch.setattr(activity.os, "cpu_count", lambda: 2)
    threads.clear()
    parallel = MBGNBD().fit(x, t_x, T)
    assert any(name.startswith("mbgnbd") for name in threads)  # the finite differences ran in the pool
    assert parallel.params == serial.params  # bit for bit: the same evaluations, only where they run differs
    assert parallel.mean_log_likelihood_ == serial.mean_log_likelihood_


def test_the_optimiser_runs_with_one_blas_thread_and_the_same_result(monkeypatch):
    import scipy.optimize
    from threadpoolctl import threadpool_info, threadpool_limits

    x, t_x, T = simulate(PARAMS, n=400, seed=5)
    seen = []
    minimize = scipy.optimize.minimize

    def spy(*args, **kwargs):
        seen.append(max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"))
        return minimize(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "minimize", spy)
    with threadpool_limits(limits=2, user_api="blas"):  # the BLAS of a machine with two cores or more
        fitted = MBGNBD().fit(x, t_x, T)
        assert max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas") == 2  # restored after
    assert seen == [1]
    with threadpool_limits(limits=2, user_api="blas"):
        monkeypatch.setattr("libcommunity.segments.activity._one_blas_thread", lambda: threadpool_limits(limits=2, user_api="blas"))
        on_two = MBGNBD().fit(x, t_x, T)
    assert on_two.params == fitted.params and on_two.mean_log_likelihood_ == fitted.mean_log_likelihood_  # bit for bit
