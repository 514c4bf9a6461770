"""Best time to post (timing.py): weekday x hour in the account's timezone, minimum sample per cell."""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.metrics import best_time, top_times


def _posts(rows):
    df = pd.DataFrame(rows, columns=["post_id", "published_at", "reach", "reactions"])
    df["published_at"] = pd.to_datetime(df["published_at"], utc=True)
    df["reach"] = df["reach"].astype("Int64")
    df["reactions"] = df["reactions"].astype("Int64")
    return df.assign(account="lib", platform="facebook")


@pytest.fixture
def store(build_store):
    # Madrid. Mondays 2025-10-06/13/20 at 09:xx local (07:xx UTC, CEST): rates 0.10, 0.20, 0.30 -> mean 0.20.
    # Monday 2025-10-27 at 09:30 local is 08:30 UTC (CET after Oct 26): same cell, rate 0.40 -> 4 posts,
    # mean 0.25. Wednesdays at 18:xx local: 0.5, 0.7, 0.6 -> mean 0.6 (3 posts).
    # Friday 2025-10-10 at 12:00 local: one post, rate 0.9 -> below the minimum of 3.
    rows = [
        ("m1", "2025-10-06T07:00Z", 100, 10),
        ("m2", "2025-10-13T07:15Z", 100, 20),
        ("m3", "2025-10-20T07:45Z", 100, 30),
        ("m4", "2025-10-27T08:30Z", 100, 40),
        ("w1", "2025-10-01T16:00Z", 100, 50),
        ("w2", "2025-10-08T16:10Z", 100, 70),
        ("w3", "2025-10-15T16:59Z", 100, 60),
        ("f1", "2025-10-10T10:00Z", 100, 90),
    ]
    return build_store({"posts": _posts(rows)}, timezone="Europe/Madrid")


def test_cells_in_local_time_with_minimum_sample(store):
    t = best_time(store, "lib", "2025-10", months=1)
    assert len(t) == 168 and t["metric"].iloc[0] == "engagement_rate_by_reach"
    cell = t.set_index(["weekday", "hour"])
    assert cell.loc[(0, 9), "posts"] == 4  # the DST change does not move the Monday 9:00 posts
    assert cell.loc[(0, 9), "mean"] == pytest.approx(0.25)
    assert cell.loc[(0, 9), "median"] == pytest.approx(0.25)
    assert cell.loc[(2, 18), "mean"] == pytest.approx(0.6)
    assert cell.loc[(4, 12), "posts"] == 1 and not cell.loc[(4, 12), "enough"]
    assert pd.isna(cell.loc[(4, 12), "value"]) and pd.isna(cell.loc[(4, 12), "rank"])
    assert cell.loc[(2, 18), "rank"] == 1 and cell.loc[(0, 9), "rank"] == 2
    assert cell.loc[(0, 9), "weekday_name"] == "Monday"
    assert t["posts"].sum() == 8


def test_top_times(store):
    top = top_times(best_time(store, "lib", "2025-10", months=1), n=5)
    assert list(zip(top["weekday_name"], top["hour"])) == [("Wednesday", 18), ("Monday", 9)]


def test_min_posts_one_lets_single_posts_rank(store):
    t = best_time(store, "lib", "2025-10", months=1, min_posts=1).set_index(["weekday", "hour"])
    assert t.loc[(4, 12), "rank"] == 1


def test_explicit_metric(store):
    t = best_time(store, "lib", "2025-10", months=1, metric="engagements").set_index(["weekday", "hour"])
    assert t.loc[(2, 18), "mean"] == pytest.approx(60.0)


def test_default_window_is_twelve_months(store):
    assert best_time(store, "lib", "2026-09")["posts"].sum() == 8
    assert best_time(store, "lib", "2026-10")["posts"].sum() == 0


@pytest.mark.parametrize("kw,msg", [({"metric": "likes"}, "metric must be"), ({"min_posts": 0}, "min_posts must be")])
def test_bad_parameters(store, kw, msg):
    with pytest.raises(ParameterError, match=msg):
        best_time(store, "lib", "2025-10", **kw)
