"""A small store of one's own data (tests/own_data.py) gives none of the figures its data cannot support.

Each test names the wrong figure the same store gave before coverage was checked (``python -m tests.own_data``
prints them for the code on ``PYTHONPATH``).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from libcommunity.cli import main
from libcommunity.metrics import format_summary, monthly_summary, monthly_trend
from tests import own_data
from tests.own_data import ACCOUNT, MONTH

NO_DATA = "no data for villa-library in 2030-01: data covers 2025-09..2025-10"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The store after each step: base, + two Mastodon interactions, + a partial Mastodon follower list."""
    from tests.conftest import TEST_KEY

    root = tmp_path_factory.mktemp("own")
    with pytest.MonkeyPatch.context() as mp:  # the key of the tests, without leaking into the rest of the worker
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        return {step: own_data.build(root / step, own_data.STEPS[: i + 1]) for i, step in enumerate(own_data.STEPS)}


@pytest.mark.parametrize("command", ["metrics", "segment"])
def test_a_month_outside_the_data_exits_2_with_the_message(stores, command, capsys):
    # Before: metrics printed "posts 0 ... community ratio 0.0 %" and exited 0; segment called all 10 followers
    # silent followers.
    code = main([command, "--account", ACCOUNT, "--month", "2030-01", "--store", str(stores["base"].root), "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == f"libcommunity {command}: error: {NO_DATA}"


def test_report_of_a_month_outside_the_data_exits_2_before_any_notebook(stores, capsys, tmp_path):
    code = main(["report", "--account", ACCOUNT, "--month", "2030-01", "--store", str(stores["base"].root),
                 "--out", str(tmp_path / "reports")])
    assert code == 2 and NO_DATA in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_no_change_against_a_month_before_the_data(stores):
    # Before: "+8 vs Oct 2024" (engaged members) and "+80 pp vs Oct 2024" (community ratio): October 2024 is
    # before the data, whose figures were taken as 0.
    s = monthly_summary(stores["base"], ACCOUNT, MONTH)
    yoy = s["growth"]["yoy"]
    assert yoy["month"] == "2024-10" and yoy["has_data"] is False
    assert yoy["engaged_members"]["change"] is None and yoy["community_ratio"]["change"] is None
    assert "vs 2024-10      no data for 2024-10" in format_summary(s)
    text = _report_text(stores["base"])
    assert "no data for Oct 2024" in text
    assert not re.search(r"[+−-]\s?[\d,.]+\s?(pp\s)?vs Oct 2024", text), [l for l in text.splitlines() if "Oct 2024" in l]


def _report_text(store) -> str:
    from libcommunity.report import sections
    from libcommunity.report.build import build_report

    report = build_report(store, ACCOUNT, MONTH, lang="en")
    return "\n".join(section(report).text for section in sections.ALL)


def test_twelve_month_charts_draw_no_zero_for_months_without_data(stores, monkeypatch):
    # Before: followers 4..9 and engaged members 0 from November 2024 to August 2025, drawn as bars of zero.
    trend = monthly_trend(stores["base"], ACCOUNT, MONTH)
    before = trend[trend["month"] < "2025-09"]
    assert len(before) == 10 and not before["has_data"].any()
    assert before[["engaged_members", "followers_end", "community_ratio"]].isna().all().all()
    drawn = []
    from libcommunity.report import plots

    def capture(fig, **kwargs):
        drawn.append(fig)
        return plots.Html("", kwargs.get("alt", ""))

    monkeypatch.setattr(plots, "figure_html", capture)
    from libcommunity.report.build import build_report
    from libcommunity.report.sections.headline import trend as trend_section

    # min_group 3 shows September's 3 engaged members: bars for September and October only
    html = trend_section(build_report(stores["base"], ACCOUNT, MONTH, lang="en", min_group=3))
    (fig,) = drawn
    line, bars = fig.axes[0], fig.axes[1]
    centres = {round(p.get_x() + p.get_width() / 2) for p in bars.patches}  # (October is drawn twice: highlighted)
    assert centres == {10, 11} and sorted({p.get_height() for p in bars.patches}) == [3, 8]  # September, October
    ys = line.lines[0].get_ydata()
    assert np.isnan(ys[:10]).all() and list(ys[10:]) == [9, 10]
    assert "No data for Nov 2024, Dec 2024" in html.text
    # the default min_group 5 withholds September's 3 (fewer than 5): no bar for it either (its height is the count)
    drawn.clear()
    trend_section(build_report(stores["base"], ACCOUNT, MONTH, lang="en"))
    (fig,) = drawn
    line, bars = fig.axes[0], fig.axes[1]
    assert {round(p.get_x() + p.get_width() / 2) for p in bars.patches} == {11}
    assert {p.get_height() for p in bars.patches} == {8}
    assert list(line.lines[0].get_ydata()[10:]) == [9, 10]


def test_network_medians_use_only_months_with_data(stores):
    # Before: "12-month median 0.0 %", range "0.0 % to 33.3 %" and "highest in 12 months" from ten months of zeros.
    text = own_data._network_text(stores["base"])
    row = next(line for line in text.splitlines() if line.startswith("villa-library | "))
    cells = [c.strip() for c in row.split("|")]
    assert cells[1] == "80.0%" and cells[2] == "–" and cells[3] == "–" and cells[6] == "too little history"
    assert " 0.0%" not in row and "highest in 12 months" not in text


def test_community_ratio_over_the_platforms_with_follower_data(stores):
    # Before: "followers 10, community ratio 100 %": 8 Instagram people and 2 Mastodon people over 10 Instagram
    # followers.
    s = monthly_summary(stores["mastodon"], ACCOUNT, MONTH)
    assert s["engaged_members"] == 10 and s["followers_end"] == 10
    assert s["community_ratio"] == pytest.approx(8 / 10)
    assert s["coverage"]["community_ratio"] == ["instagram"] and s["coverage"]["followers"] == ["instagram"]
    assert "community ratio  80.0% of followers engaged (instagram only)" in format_summary(s)
    text = _report_text(stores["mastodon"])
    assert "Followers are known for instagram only (mastodon: no follower figures)" in text
    assert "100" not in " ".join(line for line in text.splitlines() if "ommunity ratio" in line)


def test_per_follower_rates_ignore_a_partial_follower_list(stores):
    # Before: "mean rate by followers 1050.7 %": the Mastodon post's 290 reactions over the 7 follows recorded
    # since October 2025, taken as Mastodon's followers.
    s = monthly_summary(stores["partial"], ACCOUNT, MONTH)
    e = s["engagement"]
    assert e["engagement_rate_by_followers"] == pytest.approx((1 + 2 + 3) / 10 / 3)  # the three Instagram posts
    assert e["followers_platforms"] == ["instagram"]
    assert s["followers_end"] == 10 and s["followers_source"] == "follows+members" and s["new_followers"] == 1 + 7
    text = format_summary(s)
    assert "by followers 20.0% (instagram posts only)" in text and "1050.7" not in json.dumps(s) + text
