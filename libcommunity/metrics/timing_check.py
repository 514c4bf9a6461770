"""How often "best time to post" names a slot: simulated accounts with and without a real best time.

Run ``python -m libcommunity.metrics.timing_check`` to reproduce the table of
``docs/metrics.md`` ("Best time to post").

Each simulated account publishes a year of posts at a library's usual hours
(:data:`SLOTS`: weekday mornings and late afternoons most, some lunchtimes and
evenings, a few weekend slots). A post's engagement rate is log-normal around
:data:`BASE_RATE` with spread ``sigma`` (0.53-0.79 on the log scale in the
demo accounts), times ``factor`` in one planted slot; its engagements are
Poisson of rate x reach. :func:`check` reports how often
:func:`~libcommunity.metrics.timing.top_times` names any slot, the planted
one, or another one, beside the former rule (the best raw mean among slots
with 3+ posts).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from .timing import best_time_table, top_times

__all__ = ["SLOTS", "BASE_RATE", "simulate_posts", "check", "main"]

#: ``(weekday, hour, weight)`` of the slots the simulated library posts in.
SLOTS = (
    [(d, h, 6.0) for d in range(5) for h in (10, 17)]
    + [(d, h, 1.5) for d in range(5) for h in (9, 12, 13, 18, 19)]
    + [(d, h, 1.0) for d in (5, 6) for h in (11, 12, 18)]
)
#: Median engagement rate by reach of a simulated post.
BASE_RATE = 0.06


def simulate_posts(rng: np.random.Generator, *, posts: int = 400, sigma: float = 0.6, factor: float = 1.0,
                   planted: tuple = (1, 17)) -> pd.DataFrame:
    """One simulated year of posts: ``published_local``, ``reach``, ``engagements``, ``engagement_rate_by_reach``."""
    weights = np.array([w for _, _, w in SLOTS])
    pick = rng.choice(len(SLOTS), size=posts, p=weights / weights.sum())
    weekday = np.array([SLOTS[i][0] for i in pick])
    hour = np.array([SLOTS[i][1] for i in pick])
    week = rng.integers(0, 52, size=posts)
    local = pd.Timestamp("2025-01-06") + pd.to_timedelta(week * 7 + weekday, unit="D") + pd.to_timedelta(hour, unit="h")
    lift = np.where((weekday == planted[0]) & (hour == planted[1]), factor, 1.0)
    rate = BASE_RATE * lift * np.exp(rng.normal(0.0, sigma, size=posts))
    reach = np.round(rng.lognormal(np.log(1000), 0.3, size=posts)).astype("int64")
    engagements = rng.poisson(rate * reach)
    return pd.DataFrame({
        "published_local": local,
        "reach": pd.array(reach, dtype="Int64"),
        "engagements": pd.array(engagements, dtype="Int64"),
        "engagement_rate_by_reach": pd.array(engagements / reach, dtype="Float64"),
    })


def _old_rule(table: pd.DataFrame) -> tuple | None:
    """The former best time: the highest raw mean among cells with 3+ posts."""
    ok = table[table["posts"] >= 3]
    if ok.empty:
        return None
    top = ok.sort_values(["mean", "weekday", "hour"], ascending=[False, True, True]).iloc[0]
    return int(top["weekday"]), int(top["hour"])


def check(*, reps: int = 200, posts: int = 400, sigma: float = 0.6, factor: float = 1.0, planted: tuple = (1, 17),
          seed: int = 0) -> dict:
    """Shares of ``reps`` simulated accounts where a slot is named (see the module docstring).

    Returns
    -------
    dict
        ``named`` (any slot named), ``planted_named``, ``other_named`` (a slot
        other than the planted one; with ``factor=1`` every named slot is
        noise), ``planted_posts`` (mean posts in the planted slot),
        ``old_named`` and ``old_planted`` (the former rule).
    """
    rng = np.random.default_rng(seed)
    named = planted_named = other = old_named = old_planted = 0
    planted_posts = 0.0
    for _ in range(reps):
        table = best_time_table(simulate_posts(rng, posts=posts, sigma=sigma, factor=factor, planted=planted))
        slots = {(int(r.weekday), int(r.hour)) for r in top_times(table, 168).itertuples()}
        named += bool(slots)
        planted_named += tuple(planted) in slots
        other += bool(slots - {tuple(planted)})
        old = _old_rule(table)
        old_named += old is not None
        old_planted += old == tuple(planted)
        planted_posts += int(table.loc[(table["weekday"] == planted[0]) & (table["hour"] == planted[1]), "posts"].iloc[0])
    return {
        "named": named / reps,
        "planted_named": planted_named / reps,
        "other_named": other / reps,
        "planted_posts": planted_posts / reps,
        "old_named": old_named / reps,
        "old_planted": old_planted / reps,
    }


def main(argv=None) -> int:
    """Command line: print the table of ``docs/metrics.md``."""
    parser = argparse.ArgumentParser(prog="python -m libcommunity.metrics.timing_check", description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200, help="simulated accounts per row (default: %(default)s)")
    args = parser.parse_args(argv)
    rows = []
    for posts in (200, 400):
        for sigma in (0.6,):
            for factor in (1.0, 1.3, 1.5, 2.0):
                for planted in ((1, 17), (3, 13)):
                    if factor == 1.0 and planted != (1, 17):
                        continue
                    r = check(reps=args.reps, posts=posts, sigma=sigma, factor=factor, planted=planted)
                    rows.append({"posts": posts, "sigma": sigma, "factor": factor, "planted": f"{planted[0]} {planted[1]:02d}:00", **r})
    frame = pd.DataFrame(rows)
    cols = list(frame.columns)
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join(" ---: " for _ in cols) + "|")
    for row in frame.itertuples(index=False):
        print("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row) + " |")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
