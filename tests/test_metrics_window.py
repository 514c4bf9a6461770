"""Every public metric function validates month, store and account first (window.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity import metrics
from libcommunity.errors import ParameterError, StoreError, UnknownAccountError
from libcommunity.metrics.scope import resolve
from libcommunity.metrics.window import Window
from libcommunity.months import Month
from libcommunity.store import Store
from tests.test_metrics_data import ACCOUNT, shared_store  # noqa: F401

PUBLIC = [
    metrics.monthly_summary,
    metrics.core_summary,
    metrics.unanswered_items,
    metrics.response_items,
    metrics.post_engagement,
    metrics.content_by_kind,
    metrics.best_time,
    metrics.hashtag_campaigns,
    metrics.daily_interactions,
    metrics.burst_days,
    metrics.participation_concentration,
    metrics.participation_tiers,
    metrics.growth_table,
    metrics.offline_summary,
]


@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
def test_malformed_month_is_a_parameter_error(shared_store, fn):  # noqa: F811
    with pytest.raises(ParameterError, match="month must be YYYY-MM with MM from 01 to 12; got '2025-13'"):
        fn(shared_store, ACCOUNT, "2025-13")


@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
def test_unknown_account_lists_the_known_ones(shared_store, fn):  # noqa: F811
    with pytest.raises(UnknownAccountError, match=r"\(lib\); got 'other-lib'"):
        fn(shared_store, "other-lib", "2025-10")


@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
def test_missing_store(tmp_path, fn):
    with pytest.raises(StoreError, match="no libcommunity store here"):
        fn(Store(tmp_path / "none"), "lib", "2025-10")


def test_malformed_account_slug(shared_store):  # noqa: F811
    with pytest.raises(ParameterError, match="account must be 1-64 characters"):
        metrics.monthly_summary(shared_store, "Bad/Name", "2025-10")


@pytest.mark.parametrize("months", [0, -1, 1.5, "3", True])
def test_months_must_be_a_positive_integer(shared_store, months):  # noqa: F811
    with pytest.raises(ParameterError, match="months must be an integer >= 1"):
        metrics.post_engagement(shared_store, ACCOUNT, "2025-10", months=months)


def test_window_bounds_follow_the_account_timezone(shared_store):  # noqa: F811
    w = resolve(shared_store, ACCOUNT, "2025-10")
    assert w == Window("lib", "Europe/Madrid", Month(2025, 10), 1)
    assert w.start == pd.Timestamp("2025-09-30T22:00Z") and w.end == pd.Timestamp("2025-10-31T23:00Z")
    assert w.first_day == pd.Timestamp("2025-10-01") and w.last_day == pd.Timestamp("2025-10-31")
    w3 = Window("lib", "Europe/Madrid", Month(2025, 1), 3)
    assert w3.first == Month(2024, 11) and w3.start == pd.Timestamp("2024-10-31T23:00Z")
    assert w3.label() == "2024-11..2025-01" and w3.shift(-12).month == Month(2024, 1)
    assert w.params()["first_day"] == "2025-10-01" and w.params()["last_day"] == "2025-10-31"
