"""``MemberSegmenter``: silent followers, active participants and ambassadors from activity counts.

The estimator follows scikit-learn's conventions (keyword hyperparameters
stored untouched by ``__init__``, ``fit`` returns ``self``, fitted attributes
end in ``_``, ``random_state``). It works in three steps:

1. **Silent followers by definition.** A member whose activity columns are
   all zero in the window took no part in it: a silent follower. No model is
   needed to find them and none is allowed to overrule it.
2. **Clusters of participants.** By default a
   :class:`~libcommunity.segments.mixture.ProfileMixture` groups the other
   members by the *mix* of what they do (and, as a weaker clue, by how much),
   so heavy likers and quiet amplifiers fall in different classes however
   much they act. The number of classes is chosen by BIC unless given. A
   Gaussian mixture or k-means on ``log1p`` counts (ambassador columns
   weighted up, :class:`~libcommunity.segments.transform.LogCountTransformer`)
   can be chosen instead; ``docs/segmentation.md`` shows the evidence
   (BIC, silhouette, stability, accuracy) behind the defaults.
3. **Names by behaviour.** Each cluster is named by what its members do
   (:func:`~libcommunity.segments.naming.name_clusters`): an ambassador
   cluster when ambassador actions make up at least ``min_ambassador_share``
   of its members' actions, otherwise an active-participant cluster. A
   member of an ambassador cluster is an ambassador when they did at least
   ``min_ambassador_actions`` ambassador actions themselves
   (:func:`~libcommunity.segments.naming.member_segments`): a passer-by with
   one mention is never an ambassador because of the company they keep.

With fewer participants than ``min_cluster_size * 2`` there is nothing to
cluster: each participant is named on their own behaviour with the same rule
(a cluster of one), so tiny communities never crash and never get invented
segments.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ..errors import ParameterError
from .distinct import distinct_rows
from .mixture import ProfileMixture
from .naming import (
    ACTIVITY_COLUMNS,
    AMBASSADOR_COLUMNS,
    MIN_AMBASSADOR_ACTIONS,
    MIN_AMBASSADOR_SHARE,
    MIN_CLUSTER_SIZE,
    SEGMENTS,
    SILENT,
    cluster_profiles,
    member_segments,
    name_clusters,
    segments_alone,
    too_few_to_cluster,
)
from .transform import LogCountTransformer

__all__ = [
    "ACTIVITY_COLUMNS",
    "AMBASSADOR_COLUMNS",
    "FeatureError",
    "MemberSegmenter",
]


_ALGORITHMS = ("profile", "gmm", "kmeans")
#: Regularisation added to the mixture's covariances: counts are discrete, and a cluster where a
#: column is constant (often 0) must not become a zero-variance spike.
REG_COVAR = 0.05
#: Largest sample the silhouette is computed on (it is quadratic in the sample size).
SILHOUETTE_SAMPLE = 3000


class FeatureError(ParameterError, ValueError):
    """Raised when the feature matrix given to :class:`MemberSegmenter` is not what it needs.

    It is both a :class:`~libcommunity.errors.LibcommunityError` (the command
    line prints it as one clear message) and a ``ValueError`` (what
    scikit-learn's conventions expect from estimators).
    """


def _is_names(spec) -> bool:
    return all(isinstance(c, str) for c in spec)


class MemberSegmenter(BaseEstimator):
    """Segment members into silent followers, active participants and ambassadors.

    Parameters
    ----------
    activity_columns : "default", "all" or sequence of str or int, default="default"
        The columns of ``X`` that count what a member did. ``"default"`` is
        :data:`ACTIVITY_COLUMNS` (names, so ``X`` must be a DataFrame such
        as :func:`~libcommunity.segments.member_features` returns; other
        columns are ignored); ``"all"`` uses every column; a sequence names
        columns (strings) or gives their positions (integers).
    ambassador_columns : "default" or sequence of str or int, default="default"
        The activity columns that show ambassador behaviour, by name or by
        position in ``X``. ``"default"`` is :data:`AMBASSADOR_COLUMNS`, or
        no column when ``activity_columns`` is not ``"default"`` and ``X`` has
        no such names. They must be among the activity columns.
    n_clusters : "auto" or int, default="auto"
        Clusters of participants. ``"auto"`` picks the k in
        ``1..max_clusters`` with the lowest BIC (``"profile"``, ``"gmm"``) or
        the highest silhouette (``"kmeans"``, k >= 2).
    max_clusters : int, default=8
        Largest k tried by ``n_clusters="auto"``.
    algorithm : {"profile", "gmm", "kmeans"}, default="profile"
        ``"profile"``: :class:`~libcommunity.segments.mixture.ProfileMixture`
        on the raw counts (classes of members by the mix of what they do and
        by how much); ``"gmm"``: Gaussian mixture with full covariances on
        weighted ``log1p`` counts; ``"kmeans"``: k-means on the same.
    ambassador_weight : float, default=2.0
        ``"gmm"`` and ``"kmeans"`` only: weight of the ambassador columns
        after ``log1p``.
    min_ambassador_share : float, default=0.2
        Share of ambassador actions among all actions of a cluster's members
        that makes it an ambassador cluster (one action in five).
    min_ambassador_actions : float, default=3.0
        Ambassador actions a member of an ambassador cluster must have done
        in the window to be an ambassador: one a month over the default
        three-month window.
    min_cluster_size : int, default=5
        With fewer than ``2 * min_cluster_size`` participants no clustering
        is fitted and each participant is named on their own behaviour.
    max_fit_members : int, default=20000
        Participants used to choose k and fit the model; a random sample is
        drawn beyond that (every member is still predicted).
    n_init : int, default=5
        Initialisations of each mixture / k-means fit.
    random_state : int, RandomState instance or None, default=None
        Seed of the initialisations and of the sample.

    Attributes
    ----------
    n_features_in_ : int
        Columns of ``X`` seen in ``fit`` (after selecting the activity columns when names are used).
    feature_names_in_ : numpy.ndarray of str
        Names of those columns, when ``X`` had string column names.
    activity_columns_ : list
        Names (or positions) of the activity columns used.
    ambassador_mask_ : numpy.ndarray of bool
        Which activity columns are ambassador columns.
    transformer_ : LogCountTransformer or None
        The fitted transform of participants' counts (None for ``"profile"``, which uses raw counts).
    model_ : ProfileMixture, GaussianMixture, KMeans or None
        The clustering of participants (None when there were too few).
    n_clusters_ : int
        Clusters of participants (0 when nobody took part, or without a model).
    cluster_segments_ : numpy.ndarray of str
        Segment of each cluster.
    profiles_ : pandas.DataFrame
        :func:`~libcommunity.segments.naming.cluster_profiles` of the fitted
        clusters, with a ``segment`` column.
    selection_ : pandas.DataFrame
        The criterion of every k tried (``k``, ``bic`` or ``silhouette``), empty when k was given.
    segments_ : numpy.ndarray of str
        Segment of every training member.
    clusters_ : numpy.ndarray of int
        Cluster of every training member (-1 for silent followers and members named alone).

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"reactions": [0, 3, 40, 1], "shares": [0, 0, 0, 6]})
    >>> seg = MemberSegmenter(activity_columns="all", ambassador_columns=["shares"]).fit(X)
    >>> seg.predict(X).tolist()
    ['silent_follower', 'active_participant', 'active_participant', 'ambassador']
    """

    def __init__(
        self,
        *,
        activity_columns="default",
        ambassador_columns="default",
        n_clusters="auto",
        max_clusters=8,
        algorithm="profile",
        ambassador_weight=2.0,
        min_ambassador_share=MIN_AMBASSADOR_SHARE,
        min_ambassador_actions=MIN_AMBASSADOR_ACTIONS,
        min_cluster_size=MIN_CLUSTER_SIZE,
        max_fit_members=20000,
        n_init=5,
        random_state=None,
    ):
        self.activity_columns = activity_columns
        self.ambassador_columns = ambassador_columns
        self.n_clusters = n_clusters
        self.max_clusters = max_clusters
        self.algorithm = algorithm
        self.ambassador_weight = ambassador_weight
        self.min_ambassador_share = min_ambassador_share
        self.min_ambassador_actions = min_ambassador_actions
        self.min_cluster_size = min_cluster_size
        self.max_fit_members = max_fit_members
        self.n_init = n_init
        self.random_state = random_state

    # ------------------------------------------------------------------ parameters
    def _check_params(self) -> None:
        def positive_int(name, value, minimum=1):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
                raise FeatureError(f"{name} must be an integer >= {minimum}; got {value!r} instead")

        if not (isinstance(self.n_clusters, str) and self.n_clusters == "auto"):
            positive_int("n_clusters", self.n_clusters)
        positive_int("max_clusters", self.max_clusters)
        positive_int("min_cluster_size", self.min_cluster_size)
        positive_int("max_fit_members", self.max_fit_members, 2)
        positive_int("n_init", self.n_init)
        if self.algorithm not in _ALGORITHMS:
            raise FeatureError(f"algorithm must be one of {', '.join(_ALGORITHMS)}; got {self.algorithm!r} instead")
        for name in ("ambassador_weight", "min_ambassador_share", "min_ambassador_actions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
                raise FeatureError(f"{name} must be a non-negative number; got {value!r} instead")
        if self.min_ambassador_share > 1:
            raise FeatureError(f"min_ambassador_share must be a share from 0 to 1; got {self.min_ambassador_share!r} instead")

    # ------------------------------------------------------------------ columns
    def _select(self, X, *, reset: bool):
        """The activity block of ``X`` as a validated float array (and set the column attributes on fit)."""
        spec = self.activity_columns
        if isinstance(spec, str) and spec not in ("default", "all"):
            raise FeatureError(f"activity_columns must be 'default', 'all' or a list of columns; got {spec!r} instead")
        if isinstance(spec, str) and spec == "default":
            spec = list(ACTIVITY_COLUMNS)
        is_frame = isinstance(X, pd.DataFrame)
        if not (isinstance(spec, str) and spec == "all"):
            spec = list(spec)
            if not spec:
                raise FeatureError("activity_columns must name at least one column; got an empty list instead")
            if _is_names(spec):
                if not is_frame:
                    raise FeatureError(
                        f"activity_columns are column names ({', '.join(spec[:4])}, ...), so X must be a DataFrame "
                        f"with these columns; got {type(X).__name__} instead (or pass activity_columns as positions)"
                    )
                missing = [c for c in spec if c not in X.columns]
                if missing:
                    raise FeatureError(
                        f"X must have the columns {', '.join(missing)}; it has {', '.join(map(str, X.columns))}"
                    )
                X = X[spec]
            elif all(isinstance(c, numbers.Integral) and not isinstance(c, bool) for c in spec):
                n = X.shape[1] if hasattr(X, "shape") and len(getattr(X, "shape", ())) == 2 else None
                if n is not None and any(c < 0 or c >= n for c in spec):
                    raise FeatureError(f"activity_columns must be positions from 0 to {n - 1}; got {spec!r} instead")
                X = X.iloc[:, spec] if is_frame else np.asarray(X)[:, spec] if n is not None else X
            else:
                raise FeatureError(f"activity_columns must be all names or all positions; got {spec!r} instead")
        try:
            A = validate_data(self, X, dtype=np.float64, reset=reset)
        except ValueError as exc:
            if isinstance(exc, FeatureError):
                raise
            raise FeatureError(str(exc)) from exc
        if A.min(initial=0.0) < 0:
            raise FeatureError("Negative values in data passed to MemberSegmenter: activity counts must be non-negative")
        if reset:
            names = getattr(self, "feature_names_in_", None)
            if isinstance(self.activity_columns, str) and self.activity_columns == "all":
                self.activity_columns_ = list(names) if names is not None else list(range(A.shape[1]))
            else:
                self.activity_columns_ = list(spec)
            self.ambassador_mask_ = self._ambassador_mask(names)
        return A

    def _ambassador_mask(self, names) -> np.ndarray:
        cols = self.activity_columns_
        spec = self.ambassador_columns
        if isinstance(spec, str):
            if spec != "default":
                raise FeatureError(f"ambassador_columns must be 'default' or a list of columns; got {spec!r} instead")
            return np.array([c in AMBASSADOR_COLUMNS for c in cols], dtype=bool)
        spec = list(spec)
        if _is_names(spec):
            missing = [c for c in spec if c not in cols]
            if missing:
                raise FeatureError(
                    f"ambassador_columns must be among the activity columns ({', '.join(map(str, cols))}); "
                    f"got {', '.join(missing)} instead"
                )
            return np.array([c in spec for c in cols], dtype=bool)
        if all(isinstance(c, numbers.Integral) and not isinstance(c, bool) for c in spec):
            # positions are columns of X; the activity block keeps X's order
            if isinstance(self.activity_columns, str):
                x_positions = list(range(len(cols)))
            elif all(isinstance(c, numbers.Integral) for c in self.activity_columns):
                x_positions = [int(c) for c in self.activity_columns]
            else:
                raise FeatureError("ambassador_columns must be names when activity_columns are names; got positions instead")
            bad = [c for c in spec if c not in x_positions]
            if bad:
                raise FeatureError(
                    f"ambassador_columns must be among the activity columns' positions {x_positions}; got {bad!r} instead"
                )
            return np.isin(x_positions, spec)
        raise FeatureError(f"ambassador_columns must be all names or all positions; got {spec!r} instead")

    # ------------------------------------------------------------------ fitting
    def _new_model(self, k: int, seed: int):
        if self.algorithm == "profile":
            return ProfileMixture(n_components=k, n_init=self.n_init, random_state=seed)
        # the other algorithms' scikit-learn modules are imported by their first fit, not with the package
        if self.algorithm == "kmeans":
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=k, n_init=self.n_init, random_state=seed)
        from sklearn.mixture import GaussianMixture

        return GaussianMixture(
            n_components=k, covariance_type="full", reg_covar=REG_COVAR, n_init=self.n_init, random_state=seed
        )

    def _embed(self, P: np.ndarray) -> np.ndarray:
        """The space the clustering works in: raw counts (profile) or weighted log counts."""
        return P if self.transformer_ is None else self.transformer_.transform(P)

    def _fit_model(self, Z: np.ndarray, k: int, seed: int, weights=None):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if weights is not None:
                return self._new_model(k, seed).fit(Z, sample_weight=weights)
            return self._new_model(k, seed).fit(Z)

    def _choose_k(self, Z: np.ndarray, weights, seed: int, rng) -> tuple[int, pd.DataFrame, dict]:
        """The k to use, the criterion of every k tried, and the models fitted on the way (by k)."""
        distinct = len(Z) if weights is not None else len(np.unique(Z, axis=0))
        members = float(weights.sum()) if weights is not None else len(Z)
        top = max(1, min(int(self.max_clusters), distinct, int(members // int(self.min_cluster_size))))
        rows, models = [], {}
        if self.algorithm in ("profile", "gmm"):
            for k in range(1, top + 1):
                model = models[k] = self._fit_model(Z, k, seed, weights)
                bic = model.bic(Z, sample_weight=weights) if weights is not None else model.bic(Z)
                rows.append({"k": k, "bic": float(bic)})
            table = pd.DataFrame(rows, columns=["k", "bic"])
            return int(table.loc[table["bic"].idxmin(), "k"]), table, models
        from sklearn.metrics import silhouette_score

        sample = Z if len(Z) <= SILHOUETTE_SAMPLE else Z[rng.choice(len(Z), SILHOUETTE_SAMPLE, replace=False)]
        for k in range(2, top + 1):
            model = models[k] = self._fit_model(Z, k, seed)
            labels = model.predict(sample)
            score = silhouette_score(sample, labels) if len(np.unique(labels)) > 1 else -1.0
            rows.append({"k": k, "silhouette": float(score)})
        table = pd.DataFrame(rows, columns=["k", "silhouette"])
        if table.empty:
            return 1, table, models
        return int(table.loc[table["silhouette"].idxmax(), "k"]), table, models

    def fit(self, X, y=None):
        """Fit the clustering of participants and name its clusters.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_members, n_features)
            Non-negative activity counts (see ``activity_columns``).
        y : ignored

        Returns
        -------
        self
        """
        self._check_params()
        A = self._select(X, reset=True)
        rng = check_random_state(self.random_state)
        seed = int(rng.randint(np.iinfo(np.int32).max))
        weights = np.where(self.ambassador_mask_, float(self.ambassador_weight), 1.0)
        taking_part = A.sum(axis=1) > 0
        P = A[taking_part]
        self.transformer_ = None if self.algorithm == "profile" else LogCountTransformer(weights=weights).fit(P if len(P) else A)
        self.model_ = None
        self.n_clusters_ = 0
        self.cluster_segments_ = np.array([], dtype=object)
        self.selection_ = pd.DataFrame()
        clusters = np.full(len(A), -1)
        names = [str(c) for c in self.activity_columns_]
        if not too_few_to_cluster(A, self.min_cluster_size):
            fit_rows = P
            if len(P) > int(self.max_fit_members):
                fit_rows = P[rng.choice(len(P), int(self.max_fit_members), replace=False)]
            Z, weights = self._embed(fit_rows), None
            if self.algorithm == "profile":
                # identical count vectors are common: fit each once, weighted by how many members share it
                Z, counts = np.unique(Z, axis=0, return_counts=True)
                weights = counts.astype(np.float64)
            fitted = {}
            if self.n_clusters == "auto":
                k, self.selection_, fitted = self._choose_k(Z, weights, seed, rng)
            else:
                k = max(1, min(int(self.n_clusters), len(np.unique(Z, axis=0))))
            # The selection fitted this k on the same rows with the same seed: that model is the one a new fit gives.
            model = fitted.get(k)
            if model is None:
                model = self._fit_model(Z, k, seed, weights)
            distinct, rows = distinct_rows(P)  # members sharing a profile share its cluster: predict it once
            labels = model.predict(self._embed(distinct))[rows]
            # number clusters by their share of ambassador actions, then by size: stable and readable
            profiles = cluster_profiles(P, labels, names, self.ambassador_mask_)
            order = profiles.sort_values(["ambassador_share", "members"], ascending=[True, False]).index.to_numpy()
            remap = np.full(k, -1)
            remap[order] = np.arange(len(order))
            self.model_ = model
            self._remap = remap
            labels = remap[labels]
            self.n_clusters_ = len(order)
            # The renumbered clusters' profiles: each cluster's members are the same rows in the same order, so its
            # sums, medians and means are the same numbers; only the clusters' numbers change.
            profiles = profiles.loc[order].set_axis(pd.RangeIndex(len(order), name="cluster"))
            self.cluster_segments_ = name_clusters(profiles, self.min_ambassador_share)
            profiles.insert(0, "segment", self.cluster_segments_)
            self.profiles_ = profiles
            clusters[taking_part] = labels
        else:
            alone = cluster_profiles(P, np.arange(len(P)), names, self.ambassador_mask_) if len(P) else None
            self.profiles_ = pd.DataFrame() if alone is None else alone.assign(segment=name_clusters(alone, self.min_ambassador_share))
        self.clusters_ = clusters
        self.segments_ = self._segments(A, clusters_known=clusters)
        return self

    # ------------------------------------------------------------------ prediction
    def _segments(self, A: np.ndarray, clusters_known=None) -> np.ndarray:
        if self.model_ is None:  # each participant is a cluster of one
            return segments_alone(A, self.ambassador_mask_, self.min_ambassador_share, self.min_ambassador_actions)
        out = np.full(len(A), SILENT, dtype=object)
        taking_part = A.sum(axis=1) > 0
        if not taking_part.any():
            return out
        P = A[taking_part]
        amb = P[:, self.ambassador_mask_].sum(axis=1) if self.ambassador_mask_.any() else np.zeros(len(P))
        if clusters_known is not None:
            named = self.cluster_segments_[clusters_known[taking_part]]
        else:
            named = self.cluster_segments_[self._remap[self.model_.predict(self._embed(P))]]
        out[taking_part] = member_segments(named, amb, self.min_ambassador_actions)
        return out

    def predict(self, X) -> np.ndarray:
        """Segment id of every member: ``silent_follower``, ``active_participant`` or ``ambassador``.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_members, n_features)

        Returns
        -------
        numpy.ndarray of str, shape (n_members,)
        """
        check_is_fitted(self)
        A = self._select(X, reset=False)
        return self._segments(A)

    def fit_predict(self, X, y=None) -> np.ndarray:
        """Fit, then return the segment of every training member."""
        return self.fit(X).segments_.copy()

    def predict_cluster(self, X) -> np.ndarray:
        """Cluster of every member (-1 for silent followers, and for everyone when no model was fitted)."""
        check_is_fitted(self)
        A = self._select(X, reset=False)
        out = np.full(len(A), -1)
        taking_part = A.sum(axis=1) > 0
        if self.model_ is not None and taking_part.any():
            out[taking_part] = self._remap[self.model_.predict(self._embed(A[taking_part]))]
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.target_tags.required = False
        return tags

    @staticmethod
    def segment_ids() -> tuple:
        """The three segment ids, from least to most engaged."""
        return SEGMENTS
