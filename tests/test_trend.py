"""libcommunity.trend: every figure of a trend or comparison is what metrics and segment give for that month alone."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import libcommunity.trend as trend_module
from libcommunity.constants import GROWTH_FIGURES, SEGMENT_IDS, TREND_FIGURES
from libcommunity.errors import ParameterError
from libcommunity.metrics import Scope, monthly_summary
from libcommunity.metrics.growth import GROWTH_FIGURES as METRICS_GROWTH_FIGURES
from libcommunity.metrics.growth import flat_figures
from libcommunity.segments import segment_members, summarise_members
from libcommunity.segments.naming import SEGMENTS
from libcommunity.trend import compare_months, month_range, trend_table

from .cli_helpers import ACCOUNT, duo  # noqa: F401  (fixture)

MONTHS = ["2026-08", "2026-09", "2026-10"]


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA:
        return b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0)


def test_the_figure_lists_are_the_libraries():
    assert GROWTH_FIGURES == METRICS_GROWTH_FIGURES
    assert SEGMENT_IDS == SEGMENTS
    assert TREND_FIGURES == (*GROWTH_FIGURES, "members", *SEGMENTS)


def test_each_month_is_what_metrics_and_segment_give_for_it_alone(duo):
    store = duo["both"]
    table = trend_table(store, ACCOUNT, MONTHS[0], MONTHS[-1])
    assert list(table.columns) == ["month", *TREND_FIGURES]
    assert table["month"].tolist() == MONTHS
    for row in table.to_dict("records"):
        alone = flat_figures(monthly_summary(store, ACCOUNT, row["month"]))  # a fresh scope per month
        for f in GROWTH_FIGURES:
            assert _same(row[f], alone[f]), (row["month"], f)
        summary = summarise_members(segment_members(store, ACCOUNT, row["month"]))
        assert row["members"] == summary["members"]
        for s in SEGMENTS:
            assert row[s] == summary["segments"][s]["members"], (row["month"], s)
        assert row["members"] == sum(row[s] for s in SEGMENTS)


def test_one_platform_is_what_a_store_of_that_platform_alone_gives(duo):
    one = trend_table(duo["both"], ACCOUNT, "2026-09", "2026-10", platform="bluesky")
    alone = trend_table(duo["bluesky"], ACCOUNT, "2026-09", "2026-10")
    pd.testing.assert_frame_equal(one, alone)
    everything = trend_table(duo["both"], ACCOUNT, "2026-09", "2026-10", figures=["posts", "members"])
    assert (everything["posts"] > one["posts"]).all() and (everything["members"] > one["members"]).all()


def test_figures_asked_for_and_no_segmentation_when_none_is_asked(duo, monkeypatch):
    monkeypatch.setattr(trend_module, "segment_members", lambda *a, **k: pytest.fail("segmented without being asked"))
    table = trend_table(duo["both"], ACCOUNT, "2026-09", "2026-10", figures=["response_rate", "posts", "posts"])
    assert list(table.columns) == ["month", "posts", "response_rate"]


def test_compare_puts_two_months_side_by_side_with_the_change(duo):
    store = duo["both"]
    frame = compare_months(store, ACCOUNT, "2026-10", "2026-08")
    rows = trend_table(store, ACCOUNT, "2026-08", "2026-10").set_index("month")
    assert frame["figure"].tolist() == list(TREND_FIGURES)
    for r in frame.to_dict("records"):
        now, then = rows.loc["2026-10", r["figure"]], rows.loc["2026-08", r["figure"]]
        assert _same(r["value"], now) and _same(r["other"], then)
        if pd.isna(now) or pd.isna(then):
            assert pd.isna(r["change"]) and pd.isna(r["pct_change"])
        else:
            assert _same(r["change"], float(now) - float(then))
            assert pd.isna(r["pct_change"]) if float(then) == 0 else _same(r["pct_change"], (float(now) - float(then)) / float(then))
    same = compare_months(store, ACCOUNT, "2026-10", "2026-10", figures=["posts"])
    assert same["change"].tolist() == [0.0]


def test_bad_months_and_figures_are_one_clear_error(duo):
    store = duo["both"]
    with pytest.raises(ParameterError, match="--to must be the same month as --from or later"):
        trend_table(store, ACCOUNT, "2026-10", "2026-08")
    with pytest.raises(ParameterError, match="month must be YYYY-MM"):
        trend_table(store, ACCOUNT, "2026-13", "2026-10")
    with pytest.raises(ParameterError, match="month must be YYYY-MM"):
        compare_months(store, ACCOUNT, "2026-10", "last month")
    with pytest.raises(ParameterError, match="metric must be one of posts, impressions"):
        trend_table(store, ACCOUNT, "2026-09", "2026-10", figures=["followers"])
    with pytest.raises(ParameterError, match="a trend spans at most 120 months"):
        month_range("2000-01", "2026-10")
    with Scope(store, ACCOUNT, platform="x") as scope, pytest.raises(ParameterError, match="platforms of 'duo'"):
        trend_table(scope, ACCOUNT, "2026-09", "2026-10")
