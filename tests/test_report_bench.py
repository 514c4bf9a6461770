"""bench/bench_reports.py: the simulated consortium, the stack categories and the 500-library arithmetic (fast parts)."""

from __future__ import annotations

import pytest

from bench.__main__ import available
from bench.bench_reports import _category, account_specs, consortium


def test_the_benchmark_is_listed():
    assert "reports" in available()


def test_account_specs_are_small_varied_and_deterministic():
    specs = account_specs(50)
    assert [s.account for s in specs] == [f"lib-{i:03d}" for i in range(50)]
    assert specs == account_specs(50)
    followers = sorted(s.followers for s in specs)
    assert 80 <= followers[0] and followers[-1] <= 1500 and 150 <= followers[25] <= 600
    assert {s.platform for s in specs} == {"instagram", "mastodon", "facebook", "bluesky", "x"}
    assert {s.lang for s in specs} == {"en", "es", "sv"}


@pytest.mark.parametrize(
    "files,expected",
    [
        (["/x/importlib/_bootstrap.py", "/x/matplotlib/figure.py"], "imports"),
        (["/x/matplotlib/backend_agg.py", "/w/libcommunity/report/charts.py", "<cell 2>"], "plotting (matplotlib)"),
        (["/x/pandas/core/frame.py", "/w/libcommunity/metrics/posts.py"], "pandas, NumPy"),
        (["/w/libcommunity/metrics/members.py", "/w/libcommunity/report/data.py"], "metrics queries (DuckDB)"),
        (["/x/sklearn/mixture/_base.py", "/w/libcommunity/segments/mixture.py"], "segmentation model (scikit-learn, SciPy)"),
        (["<cell 1>"], "other Python"),
    ],
)
def test_a_sampled_stack_goes_to_its_innermost_library(files, expected):
    assert _category(files) == expected


def test_consortium_arithmetic():
    doc = {"batches": [{"workers": 1, "dask_local": None, "reports": 50, "report_seconds": {"mean": 12.0},
                        "network_seconds": 80.0, "network_collect_seconds": 60.0, "index_seconds": 10.0}]}
    rows = {r["workers"]: r for r in consortium(doc, n_target=500, workers=(1, 4, 100))}
    # network: 20 s fixed + 500 x 1.2 s = 620 s; reports: 500 x 12 s = 6000 s; index: 500 x 0.2 s = 100 s
    assert rows[1]["wall_minutes"] == pytest.approx((6000 + 620 + 100) / 60, abs=0.1)
    assert rows[4]["wall_minutes"] == pytest.approx(((6000 + 620) / 4 + 100) / 60, abs=0.1)
    assert rows[100]["wall_minutes"] == pytest.approx((620 + 100) / 60, abs=0.1)  # the network job is the floor
    assert rows[4]["reports_minutes"] == pytest.approx(6000 / 4 / 60, abs=0.1)
