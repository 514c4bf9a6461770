"""``ProfileMixture``: a latent-class model of what members do and how much.

Members differ in two ways: *what* they do (the mix of reactions, comments,
shares, content, events ...) and *how much* (some act ten times more than
others in every kind). Counts of one member are modelled as

    total actions n            ~ log-normal(mu_c, var_c)        (how much)
    counts given the total n   ~ Multinomial(n, theta_c)        (what)

for the member's latent class c, drawn with probability ``pi_c``. Because
the profile ``theta_c`` is a share, a member who does everything three times
as often as another has the same profile: the class is found from the *mix*
of actions, with the amount as a second, weaker clue. This is the mixture of
multinomials of latent class analysis (e.g. Nigam et al. 2000, "mixture of
unigrams") with a log-normal activity term, fitted by expectation
maximisation; the number of classes is chosen by BIC.

Heavy likers (almost only reactions) and quiet amplifiers (few actions,
mostly shares, mentions and own content) land in different classes however
much or little they act, which is what the two traps of the issue need.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.special import gammaln
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from .rowsums import logsumexp, logsumexp_along

__all__ = ["ProfileMixture", "logsumexp"]

_LOG_2PI = float(np.log(2 * np.pi))

#: ``ndarray.sum`` without its Python wrapper (``numpy._core._methods._sum`` calls this very reduction, so the sums
#: are the same, bit for bit): EM sums small arrays five times per iteration, a thousand iterations per report.
_add = np.add.reduce


class ProfileMixture(BaseEstimator):
    """Mixture of multinomial action profiles with a log-normal amount of activity.

    Parameters
    ----------
    n_components : int, default=2
        Number of latent classes.
    smoothing : float, default=0.01
        Pseudo-count added to every kind of every profile in the M-step (a
        symmetric Dirichlet prior), so no kind ever has probability zero.
    min_var : float, default=0.1
        Floor added to the variance of log(total actions) of every class.
    use_activity : bool, default=True
        Whether the amount of activity (the log-normal term) takes part in
        the model; with False only the mix of actions counts.
    n_init : int, default=3
        Initialisations; the one with the highest likelihood is kept.
    max_iter : int, default=500
        EM iterations per initialisation.
    tol : float, default=1e-6
        Stop when the mean log-likelihood per member improves by less.
    random_state : int, RandomState instance or None, default=None

    Attributes
    ----------
    weights_ : numpy.ndarray of shape (n_components,)
        Class probabilities ``pi``.
    profiles_ : numpy.ndarray of shape (n_components, n_features)
        ``theta``: share of each kind of action in each class (rows sum to 1).
    activity_mean_, activity_var_ : numpy.ndarray of shape (n_components,)
        Mean and variance of log(total actions) per class.
    lower_bound_ : float
        Mean log-likelihood per member of the best fit.
    converged_ : bool
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray
        Only when fitted on a DataFrame with string column names.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[20, 1, 0], [30, 0, 1], [25, 2, 0], [1, 0, 6], [0, 1, 9], [2, 0, 7]])
    >>> m = ProfileMixture(n_components=2, random_state=0).fit(X)
    >>> labels = m.predict(X)
    >>> bool(labels[0] == labels[1] == labels[2] != labels[3] == labels[4] == labels[5])
    True
    """

    def __init__(
        self,
        n_components=2,
        *,
        smoothing=0.01,
        min_var=0.1,
        use_activity=True,
        n_init=3,
        max_iter=500,
        tol=1e-6,
        random_state=None,
    ):
        self.n_components = n_components
        self.smoothing = smoothing
        self.min_var = min_var
        self.use_activity = use_activity
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # ------------------------------------------------------------------ checks
    def _check_params(self) -> None:
        for name in ("n_components", "n_init", "max_iter"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
                raise ValueError(f"{name} must be an integer >= 1; got {v!r} instead")
        for name in ("smoothing", "min_var", "tol"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v) or v <= 0:
                raise ValueError(f"{name} must be a positive number; got {v!r} instead")

    def _validate(self, X, *, reset: bool) -> np.ndarray:
        X = validate_data(self, X, dtype=np.float64, reset=reset)
        if X.min(initial=0.0) < 0:
            raise ValueError("Negative values in data passed to ProfileMixture: counts must be non-negative")
        empty = X.sum(axis=1) <= 0
        if empty.any():
            raise ValueError(
                f"every row of X must hold at least one action; row {int(np.flatnonzero(empty)[0])} sums to 0"
            )
        return X

    @staticmethod
    def _weights(sample_weight, n: int) -> np.ndarray:
        if sample_weight is None:
            return np.ones(n)
        w = np.asarray(sample_weight, dtype=np.float64).ravel()
        if w.shape != (n,) or not np.all(np.isfinite(w)) or (w < 0).any():
            raise ValueError(f"sample_weight must be {n} finite non-negative numbers; got shape {w.shape} instead")
        if w.sum() <= 0:
            raise ValueError("sample_weight must not be all zero: at least one member must count")
        return w

    # ------------------------------------------------------------------ likelihood
    @staticmethod
    def _multinomial_constant(X: np.ndarray) -> np.ndarray:
        n = X.sum(axis=1)
        return gammaln(n + 1) - gammaln(X + 1).sum(axis=1)

    def _log_joint(self, X, const, log_total, weights, profiles, mean, var) -> np.ndarray:
        """``log pi_c + log p(x_i | c)`` for every member i and class c."""
        out = X @ np.log(profiles).T + const[:, None] + np.log(weights)[None, :]
        if self.use_activity:
            out += -0.5 * (_LOG_2PI + np.log(var))[None, :] - 0.5 * (log_total[:, None] - mean[None, :]) ** 2 / var[None, :]
        return out

    @staticmethod
    def _seed_points(X: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The distinct compositions of the rows with a weight, in sorted order, and the weight of each."""
        shares = X / X.sum(axis=1, keepdims=True)
        keep = w > 0
        points, inverse = np.unique(shares[keep], axis=0, return_inverse=True)
        mass = np.zeros(len(points))
        np.add.at(mass, inverse.ravel(), w[keep])
        return points, mass

    def _init_profiles(self, X: np.ndarray, w: np.ndarray, rng, seed_points=None) -> np.ndarray:
        """k-means++ seeding on the members' compositions, shrunk towards uniform.

        Seeds are drawn from the *distinct* compositions in sorted order, each
        weighted by the members it stands for, so the seeding (and the fit)
        does not depend on the order of the rows nor on whether identical rows
        are repeated or given once with a weight. ``seed_points`` is
        :meth:`_seed_points` of ``X`` and ``w`` when the caller has it (every
        initialisation draws from the same points).
        """
        k, d = int(self.n_components), X.shape[1]
        points, mass = self._seed_points(X, w) if seed_points is None else seed_points
        centres = [points[rng.choice(len(points), p=mass / mass.sum())]]
        dist = ((points - centres[0]) ** 2).sum(axis=1)
        for _ in range(1, k):
            total = float(mass @ dist)
            pick = rng.choice(len(points), p=mass * dist / total) if total > 0 else rng.randint(len(points))
            centres.append(points[pick])
            dist = np.minimum(dist, ((points - points[pick]) ** 2).sum(axis=1))
        theta = 0.9 * np.array(centres) + 0.1 / d
        return theta / theta.sum(axis=1, keepdims=True)

    def _em(self, X, const, log_total, w, profiles):
        """EM from one start (the initial ``profiles``): ``(score, weights, profiles, mean, var, converged, n_iter)``.

        The reference :meth:`_em_together` reproduces, bit for bit, for several starts at once.
        """
        k, n = int(self.n_components), float(w.sum())
        alpha, floor = float(self.smoothing), float(self.min_var)
        weights = np.full(k, 1.0 / k)
        mean = np.full(k, np.average(log_total, weights=w))
        var = np.full(k, np.average((log_total - mean[0]) ** 2, weights=w) + floor)
        previous = -np.inf
        converged = False
        for it in range(1, int(self.max_iter) + 1):
            joint = self._log_joint(X, const, log_total, weights, profiles, mean, var)
            norm = logsumexp(joint, axis=1)
            resp = np.exp(joint - norm[:, None]) * w[:, None]
            current = float(w @ norm) / n
            mass = resp.sum(axis=0)
            weights = np.maximum(mass / n, 1e-12)
            weights /= weights.sum()
            profiles = resp.T @ X + alpha
            profiles /= profiles.sum(axis=1, keepdims=True)
            safe = np.maximum(mass, 1e-12)
            mean = (resp * log_total[:, None]).sum(axis=0) / safe
            var = (resp * (log_total[:, None] - mean[None, :]) ** 2).sum(axis=0) / safe + floor
            if abs(current - previous) < float(self.tol):
                converged = True
                break
            previous = current
        joint = self._log_joint(X, const, log_total, weights, profiles, mean, var)
        return float(w @ logsumexp(joint, axis=1)) / n, weights, profiles, mean, var, converged, it

    def _em_together(self, X, const, log_total, w, starts) -> list:
        """:meth:`_em` from every start at once: the same numbers, bit for bit, in a few times less time.

        The initialisations' EM iterations run side by side on arrays with one
        more axis, so each numpy operation of an iteration is called once for
        all of them; an initialisation that has converged leaves the batch.
        Every element goes through the same operations in the same order as in
        :meth:`_em`, whatever the layout:

        * matrix products, whose summation order depends on the library, are
          ``numpy.matmul`` of stacked arrays whose every start is laid out as
          the matrix of ``_em`` (numpy makes the same BLAS call per start);
        * the elementwise work runs on ``(start, class, member)`` arrays, whose
          long last axis spares numpy its per-row overhead on rows of a few
          classes (:func:`~libcommunity.segments.rowsums.logsumexp_along` sums the classes in numpy's order);
        * the sums over members run on ``(member, start, class)`` arrays, which
          numpy adds member after member as it does down the columns of
          ``_em``'s ``(member, class)`` arrays; with one class both are the
          same memory, summed pairwise along the members.
        """
        k, n = int(self.n_components), float(w.sum())
        alpha, floor, tol = float(self.smoothing), float(self.min_var), float(self.tol)
        runs, members = len(starts), len(X)
        profiles = np.array(starts, dtype=np.float64)
        weights = np.full((runs, k), 1.0 / k)
        mean = np.full((runs, k), np.average(log_total, weights=w))
        var = np.full((runs, k), np.average((log_total - mean[0, 0]) ** 2, weights=w) + floor)
        previous = np.full(runs, -np.inf)
        converged = np.zeros(runs, dtype=bool)
        n_iter = np.zeros(runs, dtype=int)
        active = np.arange(runs)
        const_row, lt_row, w_row = const[None, None, :], log_total[None, None, :], w[None, None, :]
        for it in range(1, int(self.max_iter) + 1):
            P, W, M, V = profiles[active], weights[active], mean[active], var[active]
            a = len(active)
            # (start, class, member); each start's product is the (member, class) matrix of _em
            joint = np.empty((a, k, members))
            np.add(np.matmul(X, np.log(P).transpose(0, 2, 1)).transpose(0, 2, 1), const_row, out=joint)
            joint += np.log(W)[:, :, None]
            if self.use_activity:
                term = np.subtract(lt_row, M[:, :, None])
                np.square(term, out=term)
                np.multiply(0.5, term, out=term)
                np.divide(term, V[:, :, None], out=term)
                np.subtract((-0.5 * (_LOG_2PI + np.log(V)))[:, :, None], term, out=term)
                joint += term
            norm = logsumexp_along(joint, 1)
            resp = joint  # the responsibilities take the place of the joint log-likelihoods
            np.subtract(joint, norm[:, None, :], out=resp)
            np.exp(resp, out=resp)
            resp *= w_row
            current = np.array([float(w @ row) / n for row in norm])
            if k == 1:  # (start, member, class) is the same memory
                by_start = by_member = resp.reshape(a, members, 1)
                axis, lt_sum = 1, log_total[None, :, None]
            else:
                by_start = np.ascontiguousarray(resp.transpose(0, 2, 1))
                by_member = np.ascontiguousarray(resp.transpose(2, 0, 1))
                axis, lt_sum = 0, log_total[:, None, None]
            mass = _add(by_member, axis=axis)
            W = np.maximum(mass / n, 1e-12)
            W /= _add(W, axis=1, keepdims=True)
            P = np.matmul(by_start.transpose(0, 2, 1), X) + alpha
            P /= _add(P, axis=2, keepdims=True)
            safe = np.maximum(mass, 1e-12)
            work = np.multiply(by_member, lt_sum)
            M = _add(work, axis=axis) / safe
            np.subtract(lt_sum, M[:, None] if axis else M[None], out=work)
            np.square(work, out=work)
            np.multiply(by_member, work, out=work)
            V = _add(work, axis=axis) / safe + floor
            profiles[active], weights[active], mean[active], var[active] = P, W, M, V
            done = np.abs(current - previous[active]) < tol
            converged[active[done]] = True
            n_iter[active] = it
            previous[active] = current
            active = active[~done]
            if not len(active):
                break
        out = []
        for i in range(runs):
            joint = self._log_joint(X, const, log_total, weights[i], profiles[i], mean[i], var[i])
            score = float(w @ logsumexp(joint, axis=1)) / n
            out.append((score, weights[i].copy(), profiles[i].copy(), mean[i].copy(), var[i].copy(),
                        bool(converged[i]), int(n_iter[i])))
        return out

    def fit(self, X, y=None, sample_weight=None):
        """Fit the mixture by EM, keeping the best of ``n_init`` initialisations.

        Parameters
        ----------
        X : array-like of shape (n_members, n_kinds)
            Non-negative action counts; every row must hold at least one action.
        y : ignored
        sample_weight : array-like of shape (n_members,), optional
            How many members each row stands for (identical rows can be
            given once with their count: the fit is the same, and faster).

        Returns
        -------
        self
        """
        self._check_params()
        X = self._validate(X, reset=True)
        w = self._weights(sample_weight, len(X))
        if (w > 0).sum() < self.n_components:
            raise ValueError(
                f"n_samples={int((w > 0).sum())} should be >= n_components={self.n_components}: "
                "a mixture needs at least one member per class"
            )
        rng = check_random_state(self.random_state)
        const = self._multinomial_constant(X)
        log_total = np.log(X.sum(axis=1))
        seed_points = self._seed_points(X, w)
        starts = [self._init_profiles(X, w, rng, seed_points) for _ in range(int(self.n_init))]
        best = None
        for result in self._em_together(X, const, log_total, w, starts):
            if best is None or result[0] > best[0]:
                best = result
        (self.lower_bound_, self.weights_, self.profiles_, self.activity_mean_, self.activity_var_,
         self.converged_, self.n_iter_) = best
        return self

    # ------------------------------------------------------------------ inference
    def _joint(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = self._validate(X, reset=False)
        return self._log_joint(
            X, self._multinomial_constant(X), np.log(X.sum(axis=1)),
            self.weights_, self.profiles_, self.activity_mean_, self.activity_var_,
        )

    def predict_proba(self, X) -> np.ndarray:
        """Posterior probability of every class for every member."""
        joint = self._joint(X)
        return np.exp(joint - logsumexp(joint, axis=1)[:, None])

    def predict(self, X) -> np.ndarray:
        """The most probable class of every member."""
        return np.argmax(self._joint(X), axis=1)

    def fit_predict(self, X, y=None) -> np.ndarray:
        """Fit, then predict the training members' classes."""
        return self.fit(X).predict(X)

    def score_samples(self, X) -> np.ndarray:
        """Log-likelihood of every member's counts (multinomial) and log total (log-normal density)."""
        return logsumexp(self._joint(X), axis=1)

    def score(self, X, y=None, sample_weight=None) -> float:
        """Mean log-likelihood per member (weighted by ``sample_weight``)."""
        ll = self.score_samples(X)
        return float(np.average(ll, weights=self._weights(sample_weight, len(ll))))

    def n_parameters(self) -> int:
        """Free parameters: ``k - 1`` weights, ``k (d - 1)`` profile shares, ``2k`` activity terms."""
        check_is_fitted(self)
        k, d = self.profiles_.shape
        return (k - 1) + k * (d - 1) + (2 * k if self.use_activity else 0)

    def bic(self, X, sample_weight=None) -> float:
        """Bayesian information criterion on ``X`` (lower is better); ``n`` is the total weight."""
        n = float(self._weights(sample_weight, len(np.asarray(X))).sum())
        return -2.0 * self.score(X, sample_weight=sample_weight) * n + self.n_parameters() * np.log(n)

    def aic(self, X, sample_weight=None) -> float:
        """Akaike information criterion on ``X`` (lower is better)."""
        n = float(self._weights(sample_weight, len(np.asarray(X))).sum())
        return -2.0 * self.score(X, sample_weight=sample_weight) * n + 2 * self.n_parameters()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.target_tags.required = False
        return tags
