"""Transforms of heavy-tailed activity counts before clustering.

Interaction counts per member are heavy-tailed: a few members act hundreds
of times, most a handful. Clustering raw counts puts the boundary wherever
the variance is, i.e. between the very busiest members and everyone else
(see the "plain KMeans on raw counts" baseline in docs/segmentation.md).
``log1p`` turns counts into orders of magnitude: 0 stays 0, 1 becomes 0.69,
10 becomes 2.4, 100 becomes 4.6. Each column is then multiplied by a weight:
the columns that show ambassador behaviour (sharing, mentioning, creating
content, answering other members) get ``ambassador_weight`` so that what a
member does counts more than how much they do.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["log_counts", "LogCountTransformer"]


def log_counts(counts) -> np.ndarray:
    """``log(1 + counts)`` as float64; counts must be non-negative.

    Examples
    --------
    >>> log_counts([[0, 1, 9]]).round(3).tolist()
    [[0.0, 0.693, 2.303]]
    """
    a = np.asarray(counts, dtype=np.float64)
    if a.size and a.min() < 0:
        raise ValueError(f"counts must be non-negative; got a minimum of {a.min()} instead")
    return np.log1p(a)


class LogCountTransformer(TransformerMixin, BaseEstimator):
    """``log1p`` of counts, then a per-column weight.

    Parameters
    ----------
    weights : array-like of shape (n_features,), optional
        Multiplier of each transformed column; all ones when omitted.

    Attributes
    ----------
    weights_ : numpy.ndarray of shape (n_features,)
        The weights used.
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray
        Only when fitted on a DataFrame with string column names.

    Examples
    --------
    >>> LogCountTransformer(weights=[1, 2]).fit_transform([[0, 1], [3, 0]]).round(3).tolist()
    [[0.0, 1.386], [1.386, 0.0]]
    """

    def __init__(self, *, weights=None):
        self.weights = weights

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        if X.min(initial=0.0) < 0:
            raise ValueError("Negative values in data passed to LogCountTransformer: counts must be non-negative")
        if self.weights is None:
            self.weights_ = np.ones(X.shape[1])
        else:
            w = np.asarray(self.weights, dtype=np.float64).ravel()
            if w.shape != (X.shape[1],) or not np.all(np.isfinite(w)) or w.min() < 0:
                raise ValueError(
                    f"weights must be {X.shape[1]} finite non-negative numbers (one per column); got {self.weights!r} instead"
                )
            self.weights_ = w
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        if X.min(initial=0.0) < 0:
            raise ValueError("Negative values in data passed to LogCountTransformer: counts must be non-negative")
        return np.log1p(X) * self.weights_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags
