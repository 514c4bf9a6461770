"""Hashtags and campaigns: what the library tags, and how far members carry it.

Definitions (``docs/metrics.md``, "Campaigns"):

* A hashtag is ``#`` followed by letters, digits or ``_`` with at least one
  letter, not preceded by a letter, digit, ``_``, ``&`` or ``/`` (so URL
  fragments and HTML entities such as ``&#39;`` are not hashtags); compared
  in lower case. A text counts once per hashtag however often it repeats it.
* For each hashtag found in the window's library posts or member
  interactions: ``library_posts`` using it, their ``post_engagements`` and
  ``post_shares`` (sums, per :mod:`libcommunity.metrics.posts`),
  ``amplification_rate`` (mean shares per post, Kaushik),
  ``mean_engagement_rate_by_reach``; ``member_uses`` (member interactions in
  the window whose text has it: comments, mentions, UGC, shares with text),
  ``members_using`` (distinct members) and ``member_uses_per_post``.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from .posts import post_table
from .scope import open_scope

__all__ = ["hashtag_campaigns", "HASHTAG_PATTERN", "hashtags_of"]

#: RE2 pattern; group 2 is the hashtag.
HASHTAG_PATTERN = r"(^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)"


def hashtags_of(texts) -> list[list[str]]:
    """The distinct hashtags of each text, lower case and sorted, by the same SQL rule the metrics use."""
    df = pd.DataFrame({"i": range(len(texts)), "text": pd.Series(list(texts), dtype="object")})
    con = duckdb.connect()
    try:
        con.register("_texts", df)
        out = con.execute(
            "SELECT i, list_sort(list_distinct(regexp_extract_all(lower(text), $pat, 2))) FROM _texts ORDER BY i",
            {"pat": HASHTAG_PATTERN},
        ).fetchall()
    finally:
        con.close()
    return [list(tags or []) for _, tags in out]


def hashtag_campaigns(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """Hashtag use by the library and by members in the month.

    Returns
    -------
    DataFrame
        One row per hashtag: ``hashtag``, ``library_posts``, ``post_engagements``,
        ``post_shares``, ``amplification_rate``, ``mean_engagement_rate_by_reach``,
        ``member_uses``, ``members_using``, ``member_uses_per_post``; most
        member uses first, then most library posts, then by name.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        table = post_table(scope, w)
        post_tags = scope.df(
            """
            SELECT platform, post_id, unnest(list_distinct(regexp_extract_all(lower(text), $pat, 2))) AS hashtag
            FROM lc_posts
            WHERE published_at >= $start::TIMESTAMPTZ AND published_at < $end::TIMESTAMPTZ AND text IS NOT NULL
            """,
            {**w.params(), "pat": HASHTAG_PATTERN},
        )
        member_tags = scope.df(
            """
            SELECT hashtag, count(*) AS member_uses, count(DISTINCT (platform, member_id)) AS members_using
            FROM (
              SELECT platform, member_id,
                     unnest(list_distinct(regexp_extract_all(lower(text), $pat, 2))) AS hashtag
              FROM lc_member_acts
              WHERE created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
                AND text IS NOT NULL AND contains(text, '#')
            )
            GROUP BY hashtag
            """,
            {**w.params(), "pat": HASHTAG_PATTERN},
        )
    cols = [
        "hashtag",
        "library_posts",
        "post_engagements",
        "post_shares",
        "amplification_rate",
        "mean_engagement_rate_by_reach",
        "member_uses",
        "members_using",
        "member_uses_per_post",
    ]
    merged = post_tags.merge(
        table[["platform", "post_id", "engagements", "shares", "engagement_rate_by_reach"]].astype(
            {"engagements": "Float64", "shares": "Float64", "engagement_rate_by_reach": "Float64"}
        ),
        on=["platform", "post_id"],
        how="left",
    )
    lib = merged.groupby("hashtag").agg(
        library_posts=("post_id", "size"),
        post_engagements=("engagements", lambda s: s.dropna().sum() if s.notna().any() else np.nan),
        post_shares=("shares", lambda s: s.dropna().sum() if s.notna().any() else np.nan),
        amplification_rate=("shares", lambda s: s.dropna().mean() if s.notna().any() else np.nan),
        mean_engagement_rate_by_reach=(
            "engagement_rate_by_reach",
            lambda s: s.dropna().mean() if s.notna().any() else np.nan,
        ),
    )
    out = lib.join(member_tags.set_index("hashtag"), how="outer").reset_index()
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in cols}).astype({"hashtag": "string"})
    out["library_posts"] = out["library_posts"].fillna(0).astype("int64")
    out["member_uses"] = out["member_uses"].fillna(0).astype("int64")
    out["members_using"] = out["members_using"].fillna(0).astype("int64")
    out["member_uses_per_post"] = (out["member_uses"] / out["library_posts"].where(out["library_posts"] > 0)).astype("float64")
    for c in ("post_engagements", "post_shares", "amplification_rate", "mean_engagement_rate_by_reach"):
        out[c] = pd.to_numeric(out[c]).astype("float64")
    out["hashtag"] = out["hashtag"].astype("string")
    out = out.sort_values(["member_uses", "library_posts", "hashtag"], ascending=[False, False, True])
    return out[cols].reset_index(drop=True)
