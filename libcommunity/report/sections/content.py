"""Section 4, content: what works, and when to post.

Top posts and content kinds come from :func:`libcommunity.metrics.post_engagement`
(and its content-by-kind table); posts are ranked by the engagement rate
whose denominator the month's posts have (the rule of
:func:`libcommunity.metrics.best_time`'s ``"auto"`` metric: by reach, else
by viewers, else by impressions, else by followers, each when known for at
least half of the posts, else the engagement count), and the denominator is
named; a month whose posts are measured partly by reach and partly by
viewers says so. Posts another account owns (collaborations) are marked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...metrics.posts import RATE_COLUMNS
from ...metrics.timing import _choose as choose_metric
from ..html import Html, heading, join, note, paragraph, section, table
from ..plots import bar_chart
from ._common import format_metric, metric_label, pct_axis, shorten
from .campaigns import bursts_part, hashtags_part
from .layout import question, title
from .timing import best_time_part

__all__ = [
    "content",
    "top_posts",
    "kinds_part",
    "metric_label",
    "format_metric",
    "collaboration_marks",
    "TOP_POSTS",
    "POST_TEXT",
]

ANCHOR = "content"
#: Posts in the top-posts table.
TOP_POSTS = 5
#: Characters of post text shown.
POST_TEXT = 120


def top_posts(report) -> Html:
    """The month's best posts by the chosen engagement rate."""
    d, t = report.data, report.t
    posts = d.posts
    metric = choose_metric(posts, "auto")
    ranked = posts.assign(_v=pd.to_numeric(posts[metric]).astype(float))
    ranked = ranked.sort_values(["_v", "published_at", "post_id"], ascending=[False, True, True], na_position="last")
    shown = ranked.head(TOP_POSTS)
    marks = collaboration_marks(report, posts).reindex(shown.index)
    frame = pd.DataFrame(
        {
            t("col_post"): [
                shorten(x, POST_TEXT) + (f" · {m}" if isinstance(m, str) else "") for x, m in zip(shown["text"], marks)
            ],
            t("col_published"): [f"{t.date(x)} · {t(f'kind_{k}')}" for x, k in zip(shown["published_at"], shown["kind"])],
            metric_label(report, metric, title=True): [format_metric(report, metric, x) for x in shown["_v"]],
        }
    )
    numeric = (metric_label(report, metric, title=True),)
    parts = [
        table(frame, caption=t.plural("top_posts_caption", len(posts), n=t.num(len(shown)), posts=t.num(len(posts)),
                                      metric=metric_label(report, metric)), numeric=numeric, wide=(t("col_post"),)),
        note(t("engagement_definition", metric=metric_label(report, metric), denominator=t(f"denominator_{metric}"))),
    ]
    if "audience_measure" in posts and set(posts["audience_measure"].dropna()) == {"reach", "viewers"}:
        parts.append(note(t("audience_switch_note")))
    return join(parts)


def collaboration_marks(report, posts: pd.DataFrame) -> pd.Series:
    """``"collaboration (<owner>)"`` for posts another account owns, else NA.

    The account's own id on a platform is the ``owner_id`` most of its posts
    of the month carry; a post with another owner is a collaboration (or a
    sibling Page's row) that the export lists with the account's posts.
    """
    out = pd.Series(pd.NA, index=posts.index, dtype="object")
    if "owner_id" not in posts:
        return out
    for _, group in posts.dropna(subset=["owner_id"]).groupby("platform"):
        counts = group["owner_id"].value_counts()
        own = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]
        for idx, owner in group["owner_id"].items():
            if owner != own:
                out[idx] = report.t("collaboration_mark", owner=owner)
    return out


def kinds_part(report) -> Html | None:
    """Posts and mean engagement per content kind, as a chart."""
    d, t = report.data, report.t
    kinds = d.kinds
    if kinds is None or kinds.empty:
        return None
    metric = choose_metric(d.posts, "auto")
    col = f"mean_{metric}"
    labels = [t(f"kind_{k}") for k in kinds["kind"]]
    values = pd.to_numeric(kinds[col]).astype(float).to_numpy()
    value_labels = [
        f"{'–' if np.isnan(v) else format_metric(report, metric, v)} · {t.plural('posts_n', int(n))}"
        for v, n in zip(values, kinds["posts"])
    ]
    alt = t("alt_kinds", metric=metric_label(report, metric),
            values="; ".join(f"{lab}: {v}" for lab, v in zip(labels, value_labels)))
    fmt = pct_axis(report, values) if metric in RATE_COLUMNS else t.num
    return join([
        heading(t("kinds_title")),
        bar_chart(labels, values, value_labels=value_labels, alt=alt, fmt=fmt,
                  xlabel=t("kinds_axis", metric=metric_label(report, metric))),
    ])


def content(report) -> Html:
    """Section 4: top posts, content kinds, best time to post, campaigns and bursts."""
    d, t = report.data, report.t
    parts = []
    if d.posts is None or d.posts.empty:
        parts.append(note(t("posts_none", month=t.month(d.month)), kind="missing"))
    else:
        parts += [heading(t("top_posts_title")), top_posts(report), kinds_part(report)]
    parts += [best_time_part(report), hashtags_part(report), bursts_part(report)]
    if not d.has_interactions:
        parts.append(paragraph(t("content_counters_only")))
    return section(ANCHOR, title(report, ANCHOR), parts, question=question(report, ANCHOR))
