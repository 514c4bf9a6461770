"""log1p transform of counts, with per-column weights."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from libcommunity.segments.transform import LogCountTransformer, log_counts


@parametrize_with_checks([LogCountTransformer()])
def test_sklearn_conventions(estimator, check):
    check(estimator)


def test_values_by_hand():
    np.testing.assert_allclose(log_counts([[0, 1, 9, 99]]), [[0.0, np.log(2), np.log(10), np.log(100)]])
    got = LogCountTransformer(weights=[1.0, 2.0]).fit_transform(np.array([[0, 3], [1, 0]]))
    np.testing.assert_allclose(got, [[0.0, 2 * np.log(4)], [np.log(2), 0.0]])


def test_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        log_counts([[1, -1]])
    with pytest.raises(ValueError, match="weights must be 2 finite non-negative numbers"):
        LogCountTransformer(weights=[1.0]).fit([[1, 2]])
    with pytest.raises(ValueError, match="Negative values"):
        LogCountTransformer().fit([[1, 2]]).transform([[-1, 0]])
