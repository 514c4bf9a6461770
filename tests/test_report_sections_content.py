"""report/sections/content.py, timing.py and campaigns.py on ``tiny``."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from libcommunity.report.build import Report
from libcommunity.report.sections import content
from libcommunity.report.sections.timing import best_time_part
from tests.report_fixtures import tiny_report, tiny_store  # noqa: F401


def test_top_posts_by_the_named_rate(tiny_report):  # noqa: F811
    text = content(tiny_report).text
    assert (
        "The 2 best of the month's 2 posts by engagement rate by reach.\n"
        "Post | Published | Engagement rate by reach\n"
        "Hello #Otoño reading club | 3 Oct 2025 · photo | 13,0%\n"
        "New books this week | 10 Oct 2025 · link | 2,5%"
    ) in text
    assert "the engagement rate by reach divides them by the post's reach (people who saw it)" in text


def test_content_kinds_chart(tiny_report):  # noqa: F811
    assert "[chart] Bar chart of the mean engagement rate by reach of the month's posts by kind: link: 2,5% · 1 post; photo: 13,0% · 1 post." in content(tiny_report).text


def test_hashtags_and_bursts(tiny_report):  # noqa: F811
    text = content(tiny_report).text
    assert "Hashtag | Our posts | Engagements | Members (uses)\n#otoño | 1 | 13 | 0 (0)" in text
    assert "interactions per day of October 2025: 0, 0, 3, 2, 1, 0" in text  # a1, a2, c1 on the 3rd (Madrid)
    assert "Burst days: none." in text and "No day stood out this month" in text


def test_best_time_without_enough_posts_is_said_not_drawn(tiny_report):  # noqa: F811
    out = best_time_part(tiny_report)
    assert "No weekday and hour had the 3 posts needed to judge it yet." in out.text
    assert "<img" not in out.html


def test_best_time_names_the_best_slots(tiny_report):  # noqa: F811
    best = tiny_report.data.best.copy()
    cells = {(1, 18): (0.09, 4), (3, 10): (0.05, 3), (4, 9): (0.07, 5)}  # Tuesday 18:00, Thursday 10:00, Friday 09:00
    best["posts"], best["enough"], best["value"] = 0, False, np.nan
    for (wd, h), (v, n) in cells.items():
        i = best.index[(best["weekday"] == wd) & (best["hour"] == h)][0]
        best.loc[i, ["posts", "enough", "value"]] = [n, True, v]
    best["rank"] = best["value"].rank(ascending=False, method="min").astype("Int64")
    out = best_time_part(Report(replace(tiny_report.data, best=best), tiny_report.t))
    assert "Best slots: Tuesday 18:00 (9,0%, 4 posts); Friday 09:00 (7,0%, 5 posts); Thursday 10:00 (5,0%, 3 posts)." in out.text
    assert out.html.count("<img") == 1


def test_no_posts_in_the_month(tiny_report):  # noqa: F811
    d = replace(tiny_report.data, posts=tiny_report.data.posts.iloc[0:0], kinds=pd.DataFrame())
    assert "No post was published in October 2025." in content(Report(d, tiny_report.t)).text
