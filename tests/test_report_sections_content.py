"""report/sections/content.py, timing.py and campaigns.py on ``tiny``."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from libcommunity.report.build import Report
from libcommunity.report.sections import content
from libcommunity.report.i18n import Translator
from libcommunity.report.sections.timing import best_time_part, best_time_words
from libcommunity.metrics.timing import best_time_table
from libcommunity.metrics.timing_check import simulate_posts


def test_top_posts_by_the_named_rate(tiny_report):
    text = content(tiny_report).text
    assert (
        "The 2 best of the month's 2 posts by engagement rate by reach.\n"
        "Post | Published | Engagement rate by reach\n"
        "Hello #Otoño reading club | 3 Oct 2025 · photo | 13.0%\n"
        "New books this week | 10 Oct 2025 · link | 2.5%"
    ) in text
    assert "the engagement rate by reach divides them by the post's reach (people who saw it)" in text


def test_content_kinds_chart(tiny_report):
    assert "[chart] Bar chart of the mean engagement rate by reach of the month's posts by kind: link: 2.5% · 1 post; photo: 13.0% · 1 post." in content(tiny_report).text


def test_hashtags_and_bursts(tiny_report):
    text = content(tiny_report).text
    assert "Hashtag | Our posts | Engagements | Members (uses)\n#otoño | 1 | 13 | 0 (0)" in text
    assert "interactions per day of October 2025: 0, 0, 3, 2, 1, 0" in text  # a1, a2, c1 on the 3rd (Madrid)
    assert "Burst days: none." in text and "No day stood out this month" in text


def test_best_time_without_enough_posts_is_said_not_drawn(tiny_report):
    out = best_time_part(tiny_report)
    assert "The data does not single out a best time: there are too few posts over the last 12 months" in out.text
    assert "<img" not in out.html


def _with_best(report, best):
    return Report(replace(report.data, best=best), report.t)


def test_best_time_names_the_slots_whose_interval_lies_above_the_median(tiny_report):
    best = best_time_table(simulate_posts(np.random.default_rng(1), posts=400, factor=2.0, planted=(1, 17)))
    (row,) = best[best["above"]].to_dict("records")  # Tuesday 17:00, where posts do twice as well
    out = best_time_part(_with_best(tiny_report, best))
    pct = tiny_report.t.pct
    words = (f"Best slots (their 95% interval lies above the median post, {pct(row['account_median'])}): Tuesday 17:00 "
             f"({pct(row['value'])}, {pct(row['low'])} to {pct(row['high'])}; {row['posts']} posts).")
    assert words in out.text
    assert out.html.count("<img") == 1 and "Grey: no post at that weekday and hour" not in out.text  # the title is drawn
    assert "a slot is named only when its 95% interval lies above the median post" in out.text


def test_best_time_from_noise_is_not_advice(tiny_report):
    best = best_time_table(simulate_posts(np.random.default_rng(2), posts=400))
    assert not best["above"].any()
    out = best_time_part(_with_best(tiny_report, best))
    median = tiny_report.t.pct(best["account_median"].iloc[0])
    assert out.text == (
        "### Best time to post\nThe data does not single out a best time: over the last 12 months no weekday and hour "
        f"has its 95% interval above the median post ({median})."
    )
    assert "<img" not in out.html


@pytest.mark.parametrize(
    "lang, words",
    [
        ("es", "Los datos no señalan un mejor momento: en los últimos 12 meses ningún día y hora tiene su intervalo del 95"),
        ("sv", "Datan pekar inte ut någon bästa tid: de senaste 12 månaderna har ingen veckodag och timme sitt 95"),
    ],
)
def test_best_time_words_in_every_language(tiny_report, lang, words):
    best = best_time_table(simulate_posts(np.random.default_rng(2), posts=400))
    assert words in best_time_words(Report(replace(tiny_report.data, best=best), Translator(lang)))


def test_no_posts_in_the_month(tiny_report):
    d = replace(tiny_report.data, posts=tiny_report.data.posts.iloc[0:0], kinds=pd.DataFrame())
    assert "No post was published in October 2025." in content(Report(d, tiny_report.t)).text
