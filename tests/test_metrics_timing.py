"""Best time to post (timing.py): weekday x hour in the account's timezone, empirical-Bayes estimates and intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from libcommunity.errors import ParameterError
from libcommunity.metrics import best_time, top_times
from libcommunity.metrics.timing import best_time_table, cell_posterior, fit_prior, log_offset
from libcommunity.metrics.timing_check import simulate_posts


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
    # Friday 2025-10-10 at 12:00 local: one post, rate 0.9.
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


def test_cells_in_local_time(store):
    t = best_time(store, "lib", "2025-10", months=1)
    assert len(t) == 168 and t["metric"].iloc[0] == "engagement_rate_by_reach"
    cell = t.set_index(["weekday", "hour"])
    assert cell.loc[(0, 9), "posts"] == 4  # the DST change does not move the Monday 9:00 posts
    assert cell.loc[(0, 9), "mean"] == pytest.approx(0.25)
    assert cell.loc[(0, 9), "median"] == pytest.approx(0.25)
    assert cell.loc[(2, 18), "mean"] == pytest.approx(0.6)
    assert cell.loc[(0, 9), "weekday_name"] == "Monday"
    assert t["posts"].sum() == 8
    assert np.allclose(t["account_median"], 0.45)  # median of 0.1 .. 0.9 over the 8 posts
    with_posts = t[t["posts"] > 0]
    assert with_posts[["value", "low", "high"]].notna().all().all() and t.loc[t["posts"] == 0, "value"].isna().all()
    assert ((with_posts["low"] <= with_posts["value"]) & (with_posts["value"] <= with_posts["high"])).all()


def test_min_posts_keeps_small_cells_out(store):
    t = best_time(store, "lib", "2025-10", months=1, min_posts=3).set_index(["weekday", "hour"])
    assert not t.loc[(4, 12), "enough"] and pd.isna(t.loc[(4, 12), "value"]) and pd.isna(t.loc[(4, 12), "rank"])
    assert t.loc[(0, 9), "enough"] and pd.notna(t.loc[(0, 9), "value"])


def test_explicit_metric(store):
    t = best_time(store, "lib", "2025-10", months=1, metric="engagements").set_index(["weekday", "hour"])
    assert t.loc[(2, 18), "mean"] == pytest.approx(60.0)
    assert t.attrs["offset"] == 0.5  # half an engagement for a count


def test_default_window_is_twelve_months(store, build_store):
    # Audience figures in September and October 2026 make those months part of the account's data.
    audience = pd.DataFrame({"account": "lib", "platform": "facebook", "date": pd.to_datetime(["2026-09-15", "2026-10-15"]),
                             "followers": pd.array([10, 11], dtype="Int64")})
    build_store({"audience": audience}, timezone="Europe/Madrid", store=store)
    assert best_time(store, "lib", "2026-09")["posts"].sum() == 8
    assert best_time(store, "lib", "2026-10")["posts"].sum() == 0


@pytest.mark.parametrize(
    "kw,msg",
    [({"metric": "likes"}, "metric must be"), ({"min_posts": 0}, "min_posts must be"), ({"level": 1.0}, "level must be")],
)
def test_bad_parameters(store, kw, msg):
    with pytest.raises(ParameterError, match=msg):
        best_time(store, "lib", "2025-10", **kw)


# ------------------------------------------------------------------ the empirical-Bayes model, by hand

#: Three cells of two posts on the log scale: means 2, 3, 7; within-cell variance (2+2+2)/(6-3) = 2.
Z = [1.0, 3.0, 2.0, 4.0, 6.0, 8.0]
CELLS = ["a", "a", "b", "b", "c", "c"]


def test_prior_fit_by_hand():
    p = fit_prior(Z, CELLS)
    assert (p.posts, p.cells) == (6, 3)
    assert p.sigma2 == pytest.approx(2.0)
    # equal n: tau2 = sum((mean_c - 4)^2) / C - sigma2 / n = (4 + 1 + 9) / 3 - 2 / 2 = 11/3; mu = 4
    assert p.tau2 == pytest.approx(11 / 3) and p.mu == pytest.approx(4.0)
    assert p.var_mu == pytest.approx((11 / 3 + 1) / 3)  # 1 / sum(1 / (tau2 + sigma2 / n))


def test_prior_fit_matches_a_brute_force_likelihood():
    """Unequal cells: the fitted tau2 maximises the marginal likelihood of the cell means (grid search)."""
    rng = np.random.default_rng(0)
    n = rng.integers(1, 8, size=30)
    cells = np.repeat(np.arange(30), n)
    z = rng.normal(0, 1, size=n.sum()) + np.repeat(rng.normal(0, 0.5, size=30), n)
    p = fit_prior(z, cells)
    g = pd.Series(z).groupby(cells)
    means, within = g.mean().to_numpy(), p.sigma2 / g.size().to_numpy()

    def loglik(t2):
        v = t2 + within
        mu = (means / v).sum() / (1 / v).sum()
        return -0.5 * (np.log(v) + (means - mu) ** 2 / v).sum()

    taus = np.linspace(0, 3, 30001)
    assert p.tau2 == pytest.approx(taus[np.argmax([loglik(t) for t in taus])], abs=1e-4)
    assert p.sigma2 == pytest.approx(((z - g.transform("mean").to_numpy()) ** 2).sum() / (n.sum() - 30))


def test_no_spread_between_cells_means_no_cell_differs():
    p = fit_prior([1.0, 3.0, 1.0, 3.0, 1.0, 3.0], ["a", "a", "b", "b", "c", "c"])
    assert p.tau2 == 0.0
    post = cell_posterior(p, [2, 2, 2], [2.0, 2.0, 2.0])
    assert (post["shrinkage"] == 1.0).all() and post["post_mean"].eq(2.0).all()


def test_nothing_to_fit():
    assert fit_prior([1.0, 2.0, 3.0], ["a", "b", "c"]) is None  # one post per cell: no spread within cells
    assert fit_prior([1.0, 2.0, 3.0], ["a", "a", "a"]) is None  # one cell
    assert fit_prior([1.0, 1.0, 2.0, 2.0, 3.0], ["a", "a", "b", "b", "c"]) is None  # no spread within cells


def test_posterior_of_a_cell_by_hand():
    p = fit_prior(Z, CELLS)
    post = cell_posterior(p, [2, 0], [7.0, np.nan])
    b = 2 / (2 + 2 * 11 / 3)  # sigma2 / (sigma2 + n tau2) = 3/14
    assert post["shrinkage"][0] == pytest.approx(3 / 14)
    assert post["post_mean"][0] == pytest.approx(4 + (1 - b) * 3)  # 6.357143
    var = (11 / 3) * 2 / (2 + 2 * 11 / 3) + b**2 * (14 / 9)  # 11/14 + 1/14 = 6/7
    assert post["post_var"][0] == pytest.approx(6 / 7)
    q = stats.norm.ppf(0.975)
    assert post["post_low"][0] == pytest.approx(6.357143 - q * np.sqrt(6 / 7), abs=1e-6)  # 4.542569
    assert post["post_high"][0] == pytest.approx(8.171717, abs=1e-6)
    # a cell without posts gets the prior: mean mu, variance tau2 + Var(mu)
    assert post["post_mean"][1] == pytest.approx(4.0) and post["post_var"][1] == pytest.approx(11 / 3 + 14 / 9)
    narrow = cell_posterior(p, [2], [7.0], level=0.5)
    assert narrow["post_high"][0] - narrow["post_low"][0] == pytest.approx(2 * stats.norm.ppf(0.75) * np.sqrt(6 / 7))


def test_the_table_puts_the_model_back_on_the_metric_scale():
    """Counts (engagements) whose log(y + 0.5) are the hand example: Monday 9, 10 and 11 hold cells a, b, c."""
    hours = [9, 9, 10, 10, 11, 11]
    table = pd.DataFrame({
        "published_local": [pd.Timestamp("2025-10-06") + pd.Timedelta(hours=h) for h in hours],
        "engagements": np.exp(Z) - 0.5,
    })
    t = best_time_table(table, metric="engagements").set_index(["weekday", "hour"])
    assert t.attrs["prior"]["tau2"] == pytest.approx(11 / 3) and t.attrs["prior"]["typical"] == pytest.approx(np.exp(4) - 0.5)
    c = t.loc[(0, 11)]
    assert c["value"] == pytest.approx(np.exp(6.357143) - 0.5, rel=1e-6)
    assert c["low"] == pytest.approx(np.exp(4.542569) - 0.5, rel=1e-6) and c["high"] == pytest.approx(np.exp(8.171717) - 0.5, rel=1e-6)
    median = float(np.median(np.exp(Z) - 0.5))  # (e^3 + e^4) / 2 - 0.5 = 36.84
    assert c["account_median"] == pytest.approx(median)
    assert c["above"] == (c["low"] > median)  # 93.4 > 36.8: above
    assert bool(c["above"]) and top_times(t.reset_index())[["weekday", "hour"]].values.tolist() == [[0, 11]]
    assert not t.loc[(0, 9), "above"] and t.loc[(0, 11), "rank"] == 1


def test_rate_offset_is_half_an_engagement_at_the_median_denominator():
    table = pd.DataFrame({"engagement_rate_by_reach": [0.1, 0.0, 0.2], "reach": [100, 200, 400]})
    assert log_offset(table, "engagement_rate_by_reach", table["engagement_rate_by_reach"]) == pytest.approx(0.5 / 200)
    no_den = table.drop(columns="reach")
    assert log_offset(no_den, "engagement_rate_by_reach", no_den["engagement_rate_by_reach"]) == pytest.approx(0.05)


# ------------------------------------------------------------------ noise is not advice; a real best time is

def _with_lucky_slot(seed=3):
    """A year of a library's posts, plus three posts on Sunday at 16:00 with rates 10 %, 14.4 %, 18.8 % (mean 14.4 %)."""
    posts = simulate_posts(np.random.default_rng(seed), posts=400, sigma=0.55)
    lucky = pd.DataFrame({
        "published_local": [pd.Timestamp("2025-03-02 16:05"), pd.Timestamp("2025-06-08 16:20"), pd.Timestamp("2025-09-14 16:40")],
        "reach": pd.array([1000, 1000, 1000], dtype="Int64"),
        "engagements": pd.array([100, 144, 188], dtype="Int64"),
    })
    lucky["engagement_rate_by_reach"] = pd.array(lucky["engagements"] / lucky["reach"], dtype="Float64")
    return pd.concat([posts, lucky], ignore_index=True)


def test_three_lucky_posts_are_not_a_best_time():
    t = best_time_table(_with_lucky_slot())
    cell = t.set_index(["weekday", "hour"]).loc[(6, 16)]
    assert cell["posts"] == 3 and cell["mean"] == pytest.approx(0.144)
    # the former rule (best raw mean among cells with 3+ posts) named exactly this slot
    assert t[t["posts"] >= 3].sort_values("mean", ascending=False).iloc[0][["weekday", "hour"]].tolist() == [6, 16]
    assert cell["low"] <= cell["account_median"] < cell["high"] and not cell["above"]
    assert cell["value"] < 0.1  # pulled most of the way back to the account's level
    assert top_times(t).empty  # the data does not single out a best time


def test_a_real_best_time_is_named():
    """Tuesday 17:00 posts do twice as well (about 23 posts a year there): the slot is named, and only it."""
    t = best_time_table(simulate_posts(np.random.default_rng(1), posts=400, factor=2.0, planted=(1, 17)))
    top = top_times(t)
    assert top[["weekday", "hour"]].values.tolist() == [[1, 17]]
    assert top["low"].iloc[0] > top["account_median"].iloc[0]
