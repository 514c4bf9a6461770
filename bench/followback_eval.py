"""Evidence behind the follow-back rule: precision and recall on simulated communities, tuning kept apart.

Run ``python -m bench.followback_eval`` to reproduce the
tables of ``docs/segmentation.md`` ("Follow-back accounts"); ``--quick`` for
the small set the test suite uses.

Each community is simulated by the demo generator
(:func:`libcommunity.demo.simulate_account`) and ingested through the real
path (:func:`libcommunity.demo.build_store`). For a report
month, the **followers** at the month's end are scored: the truth is the
generator's ``follow_back`` persona, the prediction
:func:`~libcommunity.segments.followback.flag_follow_back` on the month's
:func:`member_features`. Precision is the share of flagged followers that are
follow-back accounts, recall the share of follow-back followers flagged.

The sets are kept apart:

* **tuning** (:data:`TUNING`): lively and typical communities, seeds
  101-103; the thresholds are chosen on these alone (:func:`tune`: the
  highest precision at a recall of at least :data:`MIN_RECALL`, over the
  round numbers of :data:`GRID`);
* **hidden shape** (:data:`HIDDEN_SHAPE`): the quiet shape, never seen in
  tuning, seeds 101-103;
* **held-out seeds** (:data:`bench.evaluate.SCENARIOS`):
  all three shapes, seeds 1-3 (those of the segmentation's evaluation);
* **demo**: the five accounts of ``libcommunity demo`` (seed 42), three
  report months each.

:func:`classifier_reference` gives, for comparison, the best precision that
a flexible classifier (a logistic regression on a polynomial of ``log1p`` of
the member's followers and following, among followers who never took part),
trained on the tuning set, reaches at a recall of 0.6: about what the
member's own counts can tell, beyond any rule simple enough to explain.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.evaluate import DOCS_KEY, QUICK_SCENARIOS, SCENARIOS, Scenario, markdown_table, scenario_spec
from libcommunity.demo import build_store, truth_frame
from libcommunity.months import parse_month
from libcommunity.pseudonym import KEY_ENV
from libcommunity.segments.features import member_features
from libcommunity.segments.followback import MIN_FOLLOWERS, MIN_FOLLOWING, MIN_RATIO, flag_follow_back

__all__ = [
    "FOLLOW_BACK",
    "TUNING",
    "HIDDEN_SHAPE",
    "DEMO_SEED",
    "DEMO_MONTHS",
    "GRID",
    "MIN_RECALL",
    "TARGETS",
    "DOCUMENTED",
    "PREVIOUS_RULE",
    "follower_frame",
    "scenario_jobs",
    "demo_jobs",
    "collect",
    "scores",
    "tune",
    "classifier_reference",
    "main",
]

#: The generator's persona of follow-back accounts (the truth).
FOLLOW_BACK = "follow_back"
#: Communities the thresholds are chosen on.
TUNING = tuple(
    Scenario(shape, followers, seed) for shape, followers in (("lively", 1500), ("typical", 3000)) for seed in (101, 102, 103)
)
#: A community shape never used in tuning.
HIDDEN_SHAPE = tuple(Scenario("quiet", 6000, seed) for seed in (101, 102, 103))
#: Seed and report months of the demo accounts scored.
DEMO_SEED = 42
DEMO_MONTHS = ("2025-10", "2026-04", "2026-10")
#: Round-number thresholds :func:`tune` chooses from.
GRID = {
    "min_following": tuple(range(1000, 6001, 500)),
    "min_ratio": (1, 2, 3, 5, 10, 15, 20),
    "min_followers": (0, 10, 25, 50, 100, 150, 200),
}
#: Recall the tuning must keep (above the target's 0.6, so that held-out sets keep 0.6).
MIN_RECALL = 0.65
#: What was asked of the rule: precision at least 0.8 at a recall of at least 0.6.
TARGETS = {"precision": 0.8, "recall": 0.6}
#: What the rule is documented to reach on every held-out set (pooled over its communities and months).
DOCUMENTED = {"precision": 0.55, "recall": 0.65}
#: The rule before it was re-derived: 1,000+ following, 10x the followers, never took part.
PREVIOUS_RULE = {"min_following": 1000, "min_ratio": 10, "min_followers": 0}


def follower_frame(store, demo, month, *, window_months: int = 3) -> pd.DataFrame:
    """The followers at ``month``'s end with what the rule reads, the generator's persona and the truth.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``follows``, ``last_action``, ``followers``,
        ``following``, ``tenure_days``, ``persona``, ``follow_back`` (bool).
    """
    features = member_features(store, demo.spec.account, month, window_months=window_months)
    truth = truth_frame(store, demo, month, window_months=window_months, kind="month")
    cols = ["member", "platform", "follows", "last_action", "followers", "following", "tenure_days"]
    out = features.loc[features["follows"].to_numpy(dtype=bool), cols].merge(truth[["member", "persona"]], on="member", how="left")
    out["follow_back"] = (out["persona"] == FOLLOW_BACK).to_numpy(dtype=bool)
    return out


def scenario_jobs(scenarios) -> list[tuple]:
    """``(community, spec, seed, months)`` of evaluation scenarios."""
    return [(sc.name, scenario_spec(sc), sc.seed, tuple(sc.months)) for sc in scenarios]


def demo_jobs(seed: int = DEMO_SEED, months=DEMO_MONTHS) -> list[tuple]:
    """``(community, spec, seed, months)`` of the five demo accounts."""
    from libcommunity.demo import DEMO_ACCOUNTS

    return [(spec.account, spec, seed, tuple(months)) for spec in DEMO_ACCOUNTS]


def collect(jobs, *, window_months: int = 3, progress=None) -> pd.DataFrame:
    """:func:`follower_frame` of every job's months, with ``community`` and ``month`` columns."""
    frames = []
    for name, spec, seed, months in jobs:
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="libcommunity-followback-") as tmp:
            built = build_store(Path(tmp) / "store", accounts=[spec], seed=seed)
            store, demo = built.store, built.demos[spec.account]
            for month in months:
                f = follower_frame(store, demo, parse_month(month), window_months=window_months)
                frames.append(f.assign(community=name, month=str(month)))
        if progress:
            progress(f"{name}: {time.perf_counter() - t0:.1f} s")
    return pd.concat(frames, ignore_index=True)


def scores(frame: pd.DataFrame, **thresholds) -> dict:
    """Precision and recall of :func:`flag_follow_back` with ``thresholds`` on a :func:`collect` frame.

    Returns
    -------
    dict
        ``followers``, ``follow_back`` (true follow-back followers), ``flagged``,
        ``true_positives``, ``precision`` (NaN when nothing is flagged),
        ``recall`` (NaN without follow-back followers), ``false_positive_rate``
        (share of the other followers flagged).
    """
    flag = flag_follow_back(frame, **thresholds).to_numpy()
    truth = frame["follow_back"].to_numpy(dtype=bool)
    tp, flagged, positives = int((flag & truth).sum()), int(flag.sum()), int(truth.sum())
    others = len(frame) - positives
    return {
        "followers": int(len(frame)),
        "follow_back": positives,
        "flagged": flagged,
        "true_positives": tp,
        "precision": tp / flagged if flagged else float("nan"),
        "recall": tp / positives if positives else float("nan"),
        "false_positive_rate": (flagged - tp) / others if others else float("nan"),
    }


def tune(frame: pd.DataFrame, grid: dict | None = None, *, min_recall: float = MIN_RECALL) -> tuple[dict, pd.DataFrame]:
    """The thresholds of ``grid`` with the highest precision at a recall of at least ``min_recall``.

    Ties go to the higher recall, then to the smaller thresholds (in the order of ``grid``).

    Returns
    -------
    (dict, pandas.DataFrame)
        The chosen thresholds, and every combination with its :func:`scores`.
    """
    grid = GRID if grid is None else grid
    names = list(grid)
    rows = [{**dict(zip(names, combo)), **scores(frame, **dict(zip(names, combo)))} for combo in itertools.product(*grid.values())]
    table = pd.DataFrame(rows)
    ok = table[table["recall"] >= min_recall].fillna({"precision": 0.0})
    if ok.empty:
        raise ValueError(f"no thresholds of the grid reach a recall of {min_recall}")
    best = ok.sort_values(["precision", "recall", *names], ascending=[False, False, *[True] * len(names)], kind="stable").iloc[0]
    return {n: type(grid[n][0])(best[n]) for n in names}, table


def classifier_reference(train: pd.DataFrame, test: pd.DataFrame, recall: float) -> float:
    """Best precision on ``test`` at a recall of at least ``recall`` of a flexible classifier trained on ``train``.

    A logistic regression on the degree-4 polynomial of the standardised
    ``log1p(followers)`` and ``log1p(following)`` of the followers who never
    took part (the others are never follow-back accounts in the generator and
    count as not flagged; follow-back followers who took part count as
    missed). Its curved boundary can follow the generator's own band of
    follow-back accounts, which no rule a community manager could check does:
    it shows how much the two counts can tell, not a rule to use.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_curve
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    def xy(f):
        f = f[f["last_action"].isna() & f["followers"].notna() & f["following"].notna()]
        x = np.column_stack([np.log1p(f["followers"].astype(float)), np.log1p(f["following"].astype(float))])
        return x, f["follow_back"].to_numpy(dtype=bool)

    x, y = xy(train)
    model = make_pipeline(StandardScaler(), PolynomialFeatures(4), LogisticRegression(C=10.0, max_iter=5000)).fit(x, y)
    xt, yt = xy(test)
    precision, rec, _ = precision_recall_curve(yt, model.predict_proba(xt)[:, 1])
    rec = rec * yt.sum() / max(int(test["follow_back"].sum()), 1)  # recall over every follow-back follower
    ok = rec >= recall
    return float(precision[ok].max()) if ok.any() else float("nan")


def _rows(sets: dict, rules: dict) -> pd.DataFrame:
    rows = []
    for set_name, frame in sets.items():
        for rule_name, thresholds in rules.items():
            s = scores(frame, **thresholds)
            rows.append({"set": set_name, "rule": rule_name, "communities": frame["community"].nunique(),
                         "months": frame[["community", "month"]].drop_duplicates().shape[0], **s})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    """Command line: tune on :data:`TUNING`, score every set, print Markdown tables."""
    parser = argparse.ArgumentParser(prog="python -m bench.followback_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only score the test suite's small held-out set with the rule's defaults")
    args = parser.parse_args(argv)
    os.environ.setdefault(KEY_ENV, DOCS_KEY)
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    current = {"min_following": MIN_FOLLOWING, "min_ratio": MIN_RATIO, "min_followers": MIN_FOLLOWERS}
    if args.quick:
        quick = collect(scenario_jobs(QUICK_SCENARIOS), progress=log)
        table = _rows({"quick": quick}, {"previous": PREVIOUS_RULE, "current": current})
        print(markdown_table(table.set_index(["set", "rule"])))
        return 0
    tuning = collect(scenario_jobs(TUNING), progress=log)
    chosen, _ = tune(tuning)
    print(f"Chosen on the tuning set (precision first, recall >= {MIN_RECALL}): {chosen}")
    print(f"The rule's defaults: {current}" + ("" if chosen == current else "  (differ from the tuning's choice!)"))
    sets = {
        "tuning": tuning,
        "hidden shape (quiet)": collect(scenario_jobs(HIDDEN_SHAPE), progress=log),
        "held-out seeds": collect(scenario_jobs(SCENARIOS), progress=log),
        "demo (seed 42)": collect(demo_jobs(), progress=log),
    }
    table = _rows(sets, {"previous": PREVIOUS_RULE, "current": current})
    ref = {name: classifier_reference(tuning, frame, TARGETS["recall"]) for name, frame in sets.items() if name != "tuning"}
    table["classifier_at_recall_0.6"] = [ref.get(s, np.nan) if r == "current" else np.nan for s, r in zip(table["set"], table["rule"])]
    cols = ["communities", "months", "followers", "follow_back", "flagged", "precision", "recall", "false_positive_rate",
            "classifier_at_recall_0.6"]
    print("\nPooled over each set's communities and report months:\n")
    print(markdown_table(table.set_index(["set", "rule"])[cols]))
    per = []
    for set_name, frame in sets.items():
        if set_name == "tuning":
            continue
        for (community, month), f in frame.groupby(["community", "month"], sort=True):
            per.append({"set": set_name, "community": community, "month": month, **scores(f, **current)})
    per = pd.DataFrame(per)
    print("\nThe current rule per held-out community and month:\n")
    print(markdown_table(per.set_index(["set", "community", "month"])[["follow_back", "flagged", "precision", "recall"]]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
