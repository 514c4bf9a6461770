"""ProfileMixture: likelihood against scipy.stats, parameter recovery, BIC, conventions."""

import numpy as np
import pytest
from scipy import stats
from scipy.special import logsumexp
from sklearn.utils.estimator_checks import parametrize_with_checks

from libcommunity.segments.mixture import ProfileMixture

#: The model is defined for members with at least one action; these checks feed rows of zeros.
ZERO_ROWS = {
    "check_estimators_dtypes": "feeds rows that sum to 0; a profile mixture needs at least one action per row",
    "check_fit2d_1feature": "feeds rows that sum to 0 (and expects a message about one feature)",
    "check_sample_weights_pandas_series": "feeds rows that sum to 0; test_weights_as_series_and_repetition covers it",
    "check_sample_weights_not_an_array": "feeds rows that sum to 0; test_weights_as_series_and_repetition covers it",
}


@parametrize_with_checks([ProfileMixture(random_state=0, n_init=1)], expected_failed_checks=lambda est: ZERO_ROWS)
def test_sklearn_conventions(estimator, check):
    check(estimator)


def simulate(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    profiles = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]])
    weights = np.array([0.5, 0.3, 0.2])
    mean, sd = np.array([np.log(20), np.log(5), np.log(8)]), np.array([0.5, 0.4, 0.6])
    z = rng.choice(3, size=n, p=weights)
    totals = np.maximum(1, np.round(np.exp(rng.normal(mean[z], sd[z])))).astype(int)
    X = np.array([rng.multinomial(t, profiles[c]) for t, c in zip(totals, z)])
    return X, z, profiles, weights


def test_log_likelihood_matches_scipy_multinomial_and_normal():
    m = ProfileMixture(n_components=2)
    m.weights_ = np.array([0.3, 0.7])
    m.profiles_ = np.array([[0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])
    m.activity_mean_ = np.array([1.0, 2.0])
    m.activity_var_ = np.array([0.5, 0.8])
    m.n_features_in_ = 3
    X = np.array([[3, 1, 0], [0, 2, 5], [1, 1, 1]])
    expected = []
    for x in X:
        n = x.sum()
        terms = [
            np.log(m.weights_[c])
            + stats.multinomial.logpmf(x, n, m.profiles_[c])
            + stats.norm.logpdf(np.log(n), m.activity_mean_[c], np.sqrt(m.activity_var_[c]))
            for c in range(2)
        ]
        expected.append(logsumexp(terms))
    np.testing.assert_allclose(m.score_samples(X), expected, rtol=1e-10)
    proba = m.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_without_activity_only_the_mix_counts():
    m = ProfileMixture(n_components=2, use_activity=False)
    m.weights_ = np.array([0.5, 0.5])
    m.profiles_ = np.array([[0.8, 0.2], [0.2, 0.8]])
    m.activity_mean_ = np.array([0.0, 5.0])
    m.activity_var_ = np.array([0.1, 0.1])
    m.n_features_in_ = 2
    # same mix, very different amounts: same class, more certain with more evidence
    small, large = m.predict_proba([[4, 1]])[0, 0], m.predict_proba([[40, 10]])[0, 0]
    assert 0.5 < small < large
    assert m.predict([[4, 1]])[0] == m.predict([[400, 100]])[0] == 0
    # with the activity term, an amount typical of class 1 outweighs a weak mix
    m.use_activity = True
    m.activity_mean_ = np.array([np.log(3.0), np.log(200.0)])
    assert m.predict([[120, 80]])[0] == 1 and m.predict([[2, 1]])[0] == 0


def test_recovers_simulated_profiles_and_weights():
    X, z, profiles, weights = simulate()
    m = ProfileMixture(n_components=3, random_state=0).fit(X)
    # match fitted classes to true ones by their dominant kind
    order = [int(np.argmax(p)) for p in m.profiles_]
    assert sorted(order) == [0, 1, 2]
    fitted = m.profiles_[np.argsort(order)]
    np.testing.assert_allclose(fitted, profiles, atol=0.03)
    np.testing.assert_allclose(m.weights_[np.argsort(order)], weights, atol=0.03)
    agreement = (np.array(order)[m.predict(X)] == np.array([int(np.argmax(profiles[c])) for c in z])).mean()
    assert agreement > 0.95
    assert m.converged_


def test_bic_prefers_the_true_number_of_classes():
    X, *_ = simulate(n=2000, seed=1)
    bic = {k: ProfileMixture(n_components=k, random_state=0).fit(X).bic(X) for k in range(1, 6)}
    assert min(bic, key=bic.get) == 3


def test_bic_and_aic_formulas():
    X, *_ = simulate(n=500, seed=2)
    m = ProfileMixture(n_components=3, random_state=0).fit(X)
    n, ll = len(X), m.score(X) * len(X)
    assert m.n_parameters() == 2 + 3 * 2 + 2 * 3
    assert m.bic(X) == pytest.approx(-2 * ll + 14 * np.log(n))
    assert m.aic(X) == pytest.approx(-2 * ll + 2 * 14)
    assert ProfileMixture(n_components=3, use_activity=False, random_state=0).fit(X).n_parameters() == 8


def test_same_seed_same_fit():
    X, *_ = simulate(n=400, seed=3)
    a = ProfileMixture(n_components=3, random_state=5).fit(X)
    b = ProfileMixture(n_components=3, random_state=5).fit(X)
    np.testing.assert_array_equal(a.profiles_, b.profiles_)


@pytest.mark.parametrize(
    "X, message",
    [
        ([[1, 2], [0, 0]], "row 1 sums to 0"),
        ([[1, -2], [3, 0]], "non-negative"),
        ([[1, 2]], "n_samples=1 should be >= n_components=2"),
    ],
)
def test_bad_input(X, message):
    with pytest.raises(ValueError, match=message):
        ProfileMixture(n_components=2).fit(X)


@pytest.mark.parametrize("param, value", [("n_components", 0), ("smoothing", 0.0), ("n_init", 1.5), ("tol", -1)])
def test_bad_parameters(param, value):
    with pytest.raises(ValueError, match=f"{param} must be"):
        ProfileMixture(**{param: value}).fit([[1, 2], [3, 4]])


def test_weights_as_series_and_repetition():
    import pandas as pd

    X, *_ = simulate(n=300, seed=4)
    unique, counts = np.unique(X, axis=0, return_counts=True)
    assert len(unique) < len(X)
    a = ProfileMixture(n_components=3, random_state=1).fit(unique, sample_weight=pd.Series(counts))
    b = ProfileMixture(n_components=3, random_state=1).fit(X[np.random.default_rng(0).permutation(len(X))])
    np.testing.assert_allclose(a.predict_proba(unique), b.predict_proba(unique), atol=1e-6)
    assert a.bic(unique, sample_weight=counts) == pytest.approx(b.bic(X), rel=1e-6)
    with pytest.raises(ValueError, match="sample_weight must not be all zero"):
        ProfileMixture(n_components=2).fit(unique, sample_weight=np.zeros(len(unique)))


def test_logsumexp_is_scipys_bit_for_bit():
    from scipy.special import logsumexp as scipy_logsumexp

    from libcommunity.segments.mixture import logsumexp

    rng = np.random.default_rng(0)
    for shape, scale in [((1, 1), 1.0), ((7, 3), 50.0), ((2000, 8), 800.0)]:
        a = rng.normal(size=shape) * scale
        a[::3, 0] = a[::3, -1]  # ties at the maximum
        assert np.array_equal(scipy_logsumexp(a, axis=1), logsumexp(a))
    edge = np.array([[-np.inf, -np.inf], [1.0, np.inf], [np.nan, 1.0], [-1000.0, -1000.0]])
    assert np.array_equal(scipy_logsumexp(edge, axis=1), logsumexp(edge), equal_nan=True)


@pytest.mark.parametrize("trial", range(24))
def test_initialisations_run_together_give_what_they_give_one_after_the_other(trial):
    from sklearn.utils import check_random_state

    rng = np.random.default_rng(trial)
    rows = int(rng.integers(20, 800)) if trial % 4 else int(rng.integers(1, 30)) * 40
    X = rng.poisson(rng.gamma(0.5, 3, size=(rows, int(rng.integers(1, 7))))).astype(float)
    if trial % 5 == 0:
        X = np.repeat(X[: max(1, len(X) // 10)], 10, axis=0)  # repeated rows: ties between classes
    X = X[X.sum(axis=1) > 0]
    w = rng.integers(1, 5, len(X)).astype(float) if trial % 2 else np.ones(len(X))
    # one class (sums pairwise along the members), fewer than eight (sums one after the other), eight or more
    k = [1, int(rng.integers(2, 8)), int(rng.integers(8, 11))][trial % 3]
    k = max(1, min(k, len(np.unique(X, axis=0))))
    m = ProfileMixture(n_components=k, n_init=4, random_state=trial, use_activity=bool(trial % 7),
                       max_iter=int(rng.integers(5, 120)))
    m._check_params()
    X = m._validate(X, reset=True)
    const, log_total = m._multinomial_constant(X), np.log(X.sum(axis=1))
    starts = [m._init_profiles(X, w, check_random_state(trial)) for _ in range(4)]
    one_by_one = [m._em(X, const, log_total, w, start) for start in starts]
    together = m._em_together(X, const, log_total, w, starts)
    for a, b in zip(one_by_one, together):
        assert a[0] == b[0] and a[5:] == b[5:]
        assert all(np.array_equal(x, y) for x, y in zip(a[1:5], b[1:5]))
