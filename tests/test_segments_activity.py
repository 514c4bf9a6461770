"""MBG/NBD: closed forms against numerical integration of the model, MLE on simulated data, the store."""

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

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
