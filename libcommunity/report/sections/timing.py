"""Best time to post: :func:`libcommunity.metrics.best_time`'s weekday x hour table, in the account's timezone,
over the last 12 months: the slots whose credible interval lies above the median post, or that the data does
not single out a best time."""

from __future__ import annotations

import numpy as np

from ...metrics import top_times
from ...metrics.posts import RATE_COLUMNS
from ...metrics.timing import LEVEL
from ..html import Html, heading, join, note, paragraph
from ..plots import heatmap_chart
from ._common import format_metric, metric_label, pct_axis

__all__ = ["best_time_part", "best_time_words", "TOP_TIMES"]

#: Best weekday-hour cells named in words.
TOP_TIMES = 3


def _slot(report, row) -> str:
    t = report.t
    return t("time_slot", weekday=t.weekday(int(row["weekday"]), "wide"), time=t.time_of_day(int(row["hour"])))


def best_time_words(report) -> str:
    """The best slots with their interval, or that the data does not single out a best time."""
    best, t = report.data.best, report.t
    metric = str(best["metric"].iloc[0])
    level = t.pct(float(best.attrs.get("level", LEVEL)), 0)
    fmt = lambda x: format_metric(report, metric, x)  # noqa: E731
    if best["value"].isna().all():
        return t("best_time_unknown")
    median = fmt(float(best["account_median"].iloc[0]))
    top = top_times(best, TOP_TIMES)
    if top.empty:
        return t("best_time_none", median=median, level=level)
    slots = [
        t("best_time_slot", slot=_slot(report, r), value=fmt(r["value"]), low=fmt(r["low"]), high=fmt(r["high"]),
          posts=t.plural("posts_n", int(r["posts"])))
        for r in top.to_dict("records")
    ]
    return t("best_time_text", median=median, level=level, slots="; ".join(slots))


def best_time_part(report) -> Html | None:
    """The best slots in words and, when the data singles some out, the heatmap of the estimates."""
    d, t = report.data, report.t
    best = d.best
    if best is None or best.empty or not int(best["posts"].sum()):
        return None
    metric = str(best["metric"].iloc[0])
    words = best_time_words(report)
    if top_times(best, 1).empty:  # colours of estimates that differ by noise would suggest a best time that is not there
        return join([heading(t("best_time_title")), paragraph(words)])
    matrix = np.full((7, 24), np.nan)
    for row in best.itertuples(index=False):
        if row.enough and not np.isnan(row.value):
            matrix[int(row.weekday), int(row.hour)] = float(row.value)
    fmt = pct_axis(report, matrix) if metric in RATE_COLUMNS else t.num
    min_posts = int(best.attrs.get("min_posts", 1))
    grey = t("heatmap_grey_none") if min_posts <= 1 else t("heatmap_grey", n=t.num(min_posts))
    alt = t("alt_heatmap", metric=metric_label(report, metric), timezone=d.timezone, best=words)
    level = t.pct(float(best.attrs.get("level", LEVEL)), 0)
    return join([
        heading(t("best_time_title")),
        heatmap_chart(matrix, rows=[t.weekday(i) for i in range(7)], colorbar_label=metric_label(report, metric),
                      fmt=fmt, alt=alt, missing_label=grey, hours=[t.hour_label(h) for h in range(0, 24, 6)]),
        paragraph(words),
        note(t("best_time_note", timezone=d.timezone, metric=metric_label(report, metric), level=level)),
    ])
