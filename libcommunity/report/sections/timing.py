"""Best time to post: :func:`libcommunity.metrics.best_time`'s weekday x hour table as a heatmap,
in the account's timezone, over the last 12 months."""

from __future__ import annotations

import numpy as np

from ...metrics import top_times
from ...metrics.posts import RATE_COLUMNS
from ..html import Html, heading, join, note, paragraph
from ..plots import heatmap_chart
from ._common import pct_axis

__all__ = ["best_time_part", "TOP_TIMES"]

#: Best weekday-hour cells named in words.
TOP_TIMES = 3


def _slot(report, row) -> str:
    t = report.t
    return t("time_slot", weekday=t.weekday(int(row["weekday"]), "wide"), hour=f"{int(row['hour']):02d}")


def best_time_part(report) -> Html | None:
    """Heatmap of the mean metric per weekday and local hour, and the best slots in words."""
    from .content import format_metric, metric_label

    d, t = report.data, report.t
    best = d.best
    if best is None or best.empty or not int(best["posts"].sum()):
        return None
    metric = str(best["metric"].iloc[0])
    min_posts = int(best.attrs.get("min_posts", 3))
    matrix = np.full((7, 24), np.nan)
    for row in best.itertuples(index=False):
        if row.enough:
            matrix[int(row.weekday), int(row.hour)] = float(row.value)
    top = top_times(best, TOP_TIMES)
    if top.empty:
        words = t("best_time_none", n=t.num(min_posts))
    else:
        words = t(
            "best_time_text",
            slots="; ".join(
                f"{_slot(report, r)} ({format_metric(report, metric, r['value'])}, {t.plural('posts_n', int(r['posts']))})"
                for r in top.to_dict("records")
            ),
        )
    if top.empty:  # an all-grey heatmap says nothing
        return join([heading(t("best_time_title")), paragraph(words)])
    fmt = pct_axis(report, matrix) if metric in RATE_COLUMNS else t.num
    alt = t("alt_heatmap", metric=metric_label(report, metric), timezone=d.timezone, best=words)
    return join([
        heading(t("best_time_title")),
        heatmap_chart(matrix, rows=[t.weekday(i) for i in range(7)], colorbar_label=metric_label(report, metric),
                      fmt=fmt, alt=alt, missing_label=t("heatmap_grey", n=t.num(min_posts))),
        paragraph(words),
        note(t("best_time_note", timezone=d.timezone, metric=metric_label(report, metric))),
    ])
