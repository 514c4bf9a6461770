"""Measure the segmentation against the demo's ground truth, beside two baselines.

Run ``python -m bench.evaluate`` to reproduce the tables of
``docs/segmentation.md`` (``--quick`` for the small set the test suite uses,
``--algorithms`` to compare the estimator's algorithms, ``--activity`` for the
held-out check of the MBG/NBD model instead).

For each scenario (community shape, size, seed) the demo simulates one
account and ingests it through the real path, pseudonyms and all
(:func:`libcommunity.demo.build_store`); ground-truth handles are then mapped
to pseudonyms (:func:`libcommunity.demo.truth_frame`). For each evaluated
report month:

* **truth**: the most engaged segment the demo gave a person in the
  window's months (the features describe the window; ``truth_frame``
  with ``kind="month"`` gives the report month alone). People who neither
  follow at the month's end nor were active in the window are "not a
  member", and so are the library's staff (they are not community members).
  People the data cannot show at all (active in the truth, yet no trace in
  the window: not following and no action) are left out and counted
  (``n_invisible``);
* **methods**: :class:`MemberSegmenter` with its defaults; the rule-based
  baseline (:func:`rule_segments`); plain k-means with k=3 on raw counts
  (:func:`kmeans_raw_segments`);
* **scores**: per-segment F1 (a member predicted but not in the truth, or in
  the truth but not predicted, counts against both), the adjusted Rand index
  over everyone in either set, and bootstrap stability: the mean ARI between
  the segments of the participants predicted by a fit on the full month and
  by fits on ``n_boot`` bootstrap resamples of the members (other seeds);
* **the two traps** (:func:`trap_scores`): the share of the report month's
  heavy likers (truth: active participant) predicted active participants,
  and of its quiet amplifiers (truth: ambassador) predicted ambassadors.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, f1_score

from libcommunity.demo import NOT_MEMBER, build_store, truth_frame
from libcommunity.months import parse_month
from libcommunity.pseudonym import KEY_ENV
from libcommunity.segments.estimator import ACTIVITY_COLUMNS, MemberSegmenter
from libcommunity.segments.features import AMPLIFICATION_KINDS, KIND_COLUMNS, member_features
from libcommunity.segments.naming import ACTIVE, AMBASSADOR, SEGMENTS, SILENT

__all__ = [
    "NOT_MEMBER",
    "Scenario",
    "SCENARIOS",
    "QUICK_SCENARIOS",
    "TARGETS",
    "TRAPS",
    "scenario_spec",
    "truth_frame",
    "rule_segments",
    "kmeans_raw_segments",
    "segment_scores",
    "trap_scores",
    "invisible",
    "align_truth",
    "segmenter_fitter",
    "bootstrap_stability",
    "evaluate_scenario",
    "evaluate",
    "activity_checks",
    "summarise",
    "markdown_table",
    "main",
]

#: Pseudonymisation key of the command line's simulated stores when ``LIBCOMMUNITY_KEY`` is not set.
DOCS_KEY = "libcommunity-docs"
#: The issue's targets.
TARGETS = {"f1_silent_follower": 0.99, "f1_active_participant": 0.93, "f1_ambassador": 0.85, "stability": 0.9}
#: Rule-based baseline: ambassador actions in the window that make an ambassador.
RULE_MIN_AMPLIFICATION = 3
#: Columns plain k-means clusters: the raw count of every participation kind and of answers to members.
KMEANS_COLUMNS = (*KIND_COLUMNS.values(), "replies_given")


@dataclass(frozen=True)
class Scenario:
    """One simulated community and the report months evaluated on it.

    Parameters
    ----------
    shape : {"lively", "typical", "quiet"}
    followers : int
        Follower count at the end of the simulation.
    seed : int
    start, end : str
        Simulated months (the first ``window_months - 1`` only warm the window up).
    months : tuple of str
        Report months evaluated.
    """

    shape: str
    followers: int
    seed: int
    start: str = "2025-09"
    end: str = "2026-06"
    months: tuple = ("2026-02", "2026-04", "2026-06")

    @property
    def name(self) -> str:
        return f"{self.shape}-{self.followers}-s{self.seed}"


#: The scenarios behind docs/segmentation.md: three shapes, three seeds each.
SCENARIOS = tuple(
    Scenario(shape, followers, seed)
    for shape, followers in (("lively", 1500), ("typical", 3000), ("quiet", 6000))
    for seed in (1, 2, 3)
)
#: The small set the test suite checks (one seed per shape, one month each).
QUICK_SCENARIOS = tuple(
    Scenario(shape, followers, 7, start="2025-11", end="2026-04", months=("2026-04",))
    for shape, followers in (("lively", 1200), ("typical", 2500), ("quiet", 5000))
)


def rule_segments(features: pd.DataFrame, min_amplification: int = RULE_MIN_AMPLIFICATION) -> np.ndarray:
    """Rule-based baseline: no participation -> silent; ``min_amplification`` or more shares, mentions
    and own content in the window -> ambassador; otherwise active participant."""
    part = features["participation"].to_numpy() > 0
    amp = features[[KIND_COLUMNS[k] for k in AMPLIFICATION_KINDS]].sum(axis=1).to_numpy()
    return np.where(~part, SILENT, np.where(amp >= min_amplification, AMBASSADOR, ACTIVE)).astype(object)


def kmeans_raw_segments(features: pd.DataFrame, random_state=0) -> np.ndarray:
    """Plain k-means (k=3) on the raw counts of every kind (:data:`KMEANS_COLUMNS`); clusters named
    by mean total activity: lowest silent follower, middle active participant, highest ambassador."""
    return _fit_kmeans_raw(features, random_state)(features)


def segment_scores(truth, predicted) -> dict:
    """Per-segment F1 and the adjusted Rand index of two label arrays over the same people."""
    truth = np.asarray(truth, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    f1 = f1_score(truth, predicted, labels=list(SEGMENTS), average=None, zero_division=0.0)
    out = {f"f1_{s}": float(v) for s, v in zip(SEGMENTS, f1)}
    out["ari"] = float(adjusted_rand_score(truth, predicted))
    for s in SEGMENTS:
        out[f"n_{s}"] = int((truth == s).sum())
    return out


#: The demo's trap personas, their true segment and the segment they must get.
TRAPS = {"heavy_liker": ACTIVE, "quiet_amplifier": AMBASSADOR}


def trap_scores(truth: pd.DataFrame, features: pd.DataFrame, predicted) -> dict:
    """How a method handles the two traps of the demo's ground truth.

    Parameters
    ----------
    truth : DataFrame
        :func:`truth_frame` (``member``, ``truth``, ``persona`` of the report month).
    features : DataFrame
        The features the method segmented (``member`` column).
    predicted : array-like
        The method's segment of every row of ``features``.

    Returns
    -------
    dict
        For each persona of :data:`TRAPS` (``heavy_liker``: many reactions,
        never a share; ``quiet_amplifier``: barely reacts, shares, mentions
        and creates): ``n_<persona>`` members with that persona in the report
        month whose window truth is the persona's segment, and
        ``<persona>_right`` the share of them predicted in that segment (NaN
        when there are none).
    """
    pred = pd.Series(np.asarray(predicted, dtype=object), index=features["member"].to_numpy())
    out = {}
    for persona, segment in TRAPS.items():
        who = truth.loc[(truth["persona"] == persona) & (truth["truth"] == segment), "member"]
        got = pred.reindex(who.to_numpy())
        out[f"n_{persona}"] = int(len(who))
        out[f"{persona}_right"] = float((got == segment).mean()) if len(who) else float("nan")
    return out


def bootstrap_stability(features: pd.DataFrame, fit, *, n_boot: int = 5, random_state: int = 0) -> dict:
    """ARI between the segments of a full fit and of fits on bootstrap resamples of the members.

    Parameters
    ----------
    features : DataFrame
        :func:`member_features` of one month.
    fit : callable
        ``fit(sample, seed)`` fits a method on the member rows ``sample`` and
        returns a function that segments a features frame.
    n_boot : int
        Resamples (members drawn with replacement, as many as there are); 0
        skips the refits and gives NaN.
    random_state : int

    Returns
    -------
    dict
        ``stability``: mean ARI over all members (what a reader of the
        segments sees change); ``stability_participants``: mean ARI over the
        members who took part (silent followers, fixed by definition, left
        out: the stricter figure); ``stability_min``: the worst resample's
        ARI over all members.
    """
    if n_boot == 0:  # stability not asked for
        return {"stability": float("nan"), "stability_participants": float("nan"), "stability_min": float("nan")}
    rng = np.random.default_rng(random_state)
    reference = fit(features, random_state)(features)
    part = features["participation"].to_numpy() > 0
    everyone, participants = [], []
    for b in range(n_boot):
        sample = features.iloc[rng.integers(0, len(features), len(features))]
        refit = fit(sample, random_state + 1 + b)(features)
        everyone.append(adjusted_rand_score(reference, refit))
        participants.append(adjusted_rand_score(reference[part], refit[part]) if part.sum() > 1 else 1.0)
    return {
        "stability": float(np.mean(everyone)),
        "stability_participants": float(np.mean(participants)),
        "stability_min": float(np.min(everyone)),
    }


def segmenter_fitter(params: dict):
    """``fit(sample, seed)`` for :func:`bootstrap_stability`: fits a :class:`MemberSegmenter` with ``params``
    on ``sample`` and returns its ``predict`` (with the fitted model as ``predict.model``)."""

    def fit(sample, seed):
        model = MemberSegmenter(random_state=seed, **params).fit(sample)

        def predict(frame):
            return model.predict(frame)

        predict.model = model
        return predict

    return fit


def _fit_kmeans_raw(sample: pd.DataFrame, seed: int):
    """k-means (k=3) on raw counts of ``sample``; returns the function naming any frame's members."""
    X = sample[list(KMEANS_COLUMNS)].to_numpy(dtype=float)
    if len(np.unique(X, axis=0)) < 3:
        return rule_segments
    km = KMeans(n_clusters=3, n_init=10, random_state=seed).fit(X)
    total = np.array([X[km.labels_ == c].sum(axis=1).mean() for c in range(3)])
    names = np.empty(3, dtype=object)
    names[np.argsort(total)] = [SILENT, ACTIVE, AMBASSADOR]

    def predict(frame):
        return names[km.predict(frame[list(KMEANS_COLUMNS)].to_numpy(dtype=float))]

    return predict


def _fit_rules(sample, seed):
    return rule_segments


def scenario_spec(scenario: Scenario):
    """The demo :class:`~libcommunity.demo.AccountSpec` of a scenario (a Stockholm account on Mastodon)."""
    from libcommunity.demo import AccountSpec

    return AccountSpec(
        account=f"eval-{scenario.shape}",
        platform="mastodon",
        timezone="Europe/Stockholm",
        lang="sv",
        followers=scenario.followers,
        shape=scenario.shape,
        start=scenario.start,
        end=scenario.end,
    )


def invisible(truth: pd.DataFrame, features: pd.DataFrame) -> np.ndarray:
    """Mask of truth rows no method can see: active or ambassador in the truth, yet neither following at
    the window's end nor acting in it (e.g. an event-goer who does not follow and attended no event)."""
    return (truth["truth"].isin([ACTIVE, AMBASSADOR]) & ~truth["member"].isin(features["member"])).to_numpy()


def align_truth(truth: pd.DataFrame, features: pd.DataFrame, predicted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Truth and prediction over everyone who is a member in either (absent = :data:`NOT_MEMBER`).

    People :func:`invisible` in the data are left out.
    """
    truth = truth[~invisible(truth, features)]
    pred = pd.Series(predicted, index=features["member"].to_numpy())
    everyone = pd.Index(truth["member"]).union(pred.index)
    t = truth.set_index("member")["truth"].reindex(everyone).fillna(NOT_MEMBER)
    p = pred.reindex(everyone).fillna(NOT_MEMBER)
    keep = ~((t == NOT_MEMBER) & (p == NOT_MEMBER))
    return t[keep].to_numpy(dtype=object), p[keep].to_numpy(dtype=object)


def evaluate_scenario(
    scenario: Scenario,
    *,
    n_boot: int = 5,
    segmenter_params: dict | None = None,
    variants: dict | None = None,
    workdir=None,
) -> pd.DataFrame:
    """Scores of every method on every report month of ``scenario`` (one row per month and method).

    Parameters
    ----------
    scenario : Scenario
    n_boot : int
        Bootstrap refits per month for the stability (0: no stability, NaN).
    segmenter_params : dict, optional
        Hyperparameters of the ``MemberSegmenter`` row.
    variants : dict, optional
        More segmenters to compare, ``{row name: hyperparameters}``.
    """
    segmenters = {"MemberSegmenter": dict(segmenter_params or {}), **(variants or {})}
    spec = scenario_spec(scenario)
    with tempfile.TemporaryDirectory(dir=workdir, prefix="libcommunity-eval-") as tmp:
        built = build_store(Path(tmp) / "store", accounts=[spec], seed=scenario.seed)
        store, demo = built.store, built.demos[spec.account]
        rows = []
        for month in scenario.months:
            features = member_features(store, spec.account, month)
            truth = truth_frame(store, demo, month)
            truth_month = truth_frame(store, demo, month, kind="month")
            seed = scenario.seed
            fits = {name: segmenter_fitter(params) for name, params in segmenters.items()}
            fits.update({"rules": _fit_rules, "kmeans_raw": _fit_kmeans_raw})
            for name, fit in fits.items():
                predict = fit(features, seed)
                predicted = predict(features)
                t, p = align_truth(truth, features, predicted)
                row = {"scenario": scenario.name, "shape": scenario.shape, "seed": seed, "month": month, "method": name}
                row.update(segment_scores(t, p))
                row.update(trap_scores(truth, features, predicted))
                row["n_invisible"] = int(invisible(truth, features).sum())
                row["k"] = int(predict.model.n_clusters_) if hasattr(predict, "model") else np.nan
                tm, pm = align_truth(truth_month, features, predicted)
                strict = segment_scores(tm, pm)
                row.update({f"{k}_month": v for k, v in strict.items() if not k.startswith("n_")})
                if name == "rules":  # a fixed rule does not depend on the sample
                    row.update({"stability": 1.0, "stability_participants": 1.0, "stability_min": 1.0})
                else:
                    row.update(bootstrap_stability(features, fit, n_boot=n_boot, random_state=seed))
                rows.append(row)
    return pd.DataFrame(rows)


def evaluate(
    scenarios=SCENARIOS, *, n_boot: int = 5, segmenter_params: dict | None = None, variants: dict | None = None, progress=None
) -> pd.DataFrame:
    """:func:`evaluate_scenario` over ``scenarios``, concatenated."""
    frames = []
    for sc in scenarios:
        t0 = time.perf_counter()
        frames.append(evaluate_scenario(sc, n_boot=n_boot, segmenter_params=segmenter_params, variants=variants))
        if progress:
            progress(f"{sc.name}: {time.perf_counter() - t0:.1f} s")
    return pd.concat(frames, ignore_index=True)


#: Calibration month of :func:`activity_checks`: the scenarios' last three months are held out.
ACTIVITY_CALIBRATION = "2026-03"


def activity_checks(scenarios=SCENARIOS, *, month: str = ACTIVITY_CALIBRATION, horizon_months: int = 3, progress=None) -> pd.DataFrame:
    """The held-out check of the MBG/NBD model (:func:`~libcommunity.segments.evidence.activity_check`) on
    every scenario: fitted on the history up to ``month``, checked on the ``horizon_months`` after it.

    Returns
    -------
    pandas.DataFrame
        One row per scenario: ``scenario``, ``shape``, ``seed`` and the check's summary (``members``,
        ``r``, ``alpha``, ``a``, ``b``, ``expected_days``, ``observed_days``, ``acted``,
        ``predicted_acted``, ``auc``, ``auc_recency``, ``brier``, ``brier_constant``).
    """
    from libcommunity.segments.evidence import activity_check

    rows = []
    for sc in scenarios:
        t0 = time.perf_counter()
        spec = scenario_spec(sc)
        with tempfile.TemporaryDirectory(prefix="libcommunity-eval-") as tmp:
            store = build_store(Path(tmp) / "store", accounts=[spec], seed=sc.seed).store
            summary = dict(activity_check(store, spec.account, month, horizon_months=horizon_months).summary)
        params = summary.pop("params")
        for k in ("account", "calibration_month", "horizon_weeks", "converged"):
            summary.pop(k)
        rows.append({"scenario": sc.name, "shape": sc.shape, "seed": sc.seed, **summary, **params})
        if progress:
            progress(f"{sc.name} (MBG/NBD check): {time.perf_counter() - t0:.1f} s")
    return pd.DataFrame(rows)


def summarise(results: pd.DataFrame, by=("method",)) -> pd.DataFrame:
    """Mean and minimum of every score by method (and whatever else ``by`` names)."""
    cols = [f"f1_{s}" for s in SEGMENTS] + ["ari", "stability", "stability_participants"]
    g = results.groupby(list(by), sort=False)[cols]
    out = g.mean().round(3).join(g.min().round(3).add_suffix("_min"))
    return out


def markdown_table(frame: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame (index included) as a GitHub Markdown table."""
    frame = frame.reset_index()
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join(" --- " if not pd.api.types.is_numeric_dtype(frame[c]) else " ---: " for c in frame.columns) + "|"

    def cell(v):
        if isinstance(v, (float, np.floating)):
            return f"{v:.{digits}f}"
        return str(v)

    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def main(argv=None) -> int:
    """Command line: print the evaluation tables (Markdown)."""
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small scenario set of the test suite")
    parser.add_argument(
        "--boot", type=int, default=5, help="bootstrap refits per month, 0 for no stability (default: %(default)s)"
    )
    parser.add_argument("--csv", metavar="FILE", help="also write every row to this CSV file")
    parser.add_argument(
        "--algorithms", action="store_true", help="also compare MemberSegmenter with algorithm='gmm' and 'kmeans'"
    )
    parser.add_argument(
        "--activity", action="store_true",
        help=f"instead, check the MBG/NBD model on held-out months (fitted up to {ACTIVITY_CALIBRATION}, checked on the next 3)",
    )
    args = parser.parse_args(argv)
    # Pseudonyms order the members, and the order decides which rows a bootstrap resample draws: a fixed key
    # (unless one is set) makes the stability figures reproducible; F1 and ARI do not depend on it.
    os.environ.setdefault(KEY_ENV, DOCS_KEY)
    scenarios = QUICK_SCENARIOS if args.quick else SCENARIOS
    if args.activity:
        if args.quick:  # the quick scenarios end in 2026-04: calibrate on 2026-01
            checks = activity_checks(scenarios, month="2026-01", progress=lambda m: print(m, file=sys.stderr))
        else:
            checks = activity_checks(scenarios, progress=lambda m: print(m, file=sys.stderr))
        if args.csv:
            checks.to_csv(args.csv, index=False)
        print("MBG/NBD fitted on the history up to the calibration month, checked on the next 3 months:\n")
        print(markdown_table(checks.set_index("scenario")))
        return 0
    variants = {f"MemberSegmenter[{a}]": {"algorithm": a} for a in ("gmm", "kmeans")} if args.algorithms else None
    results = evaluate(scenarios, n_boot=args.boot, variants=variants, progress=lambda m: print(m, file=sys.stderr))
    if args.csv:
        results.to_csv(args.csv, index=False)
    cols = [f"f1_{s}" for s in SEGMENTS] + ["ari", "stability", "stability_participants"]
    strict = [f"f1_{s}_month" for s in SEGMENTS] + ["ari_month"]
    print(f"{len(scenarios)} scenarios, {results[['scenario', 'month']].drop_duplicates().shape[0]} report months\n")
    print("Mean by method (window truth):\n")
    print(markdown_table(results.groupby("method", sort=False)[cols].mean()))
    print("\nWorst scenario-month by method:\n")
    print(markdown_table(results.groupby("method", sort=False)[cols].min()))
    print("\nMean by shape and method:\n")
    print(markdown_table(results.groupby(["shape", "method"], sort=False)[cols].mean()))
    print("\nMean by method against the report month's segment alone (month truth):\n")
    print(markdown_table(results.groupby("method", sort=False)[strict].mean()))
    traps = [f"{p}_right" for p in TRAPS]
    print("\nThe two traps: share of the report month's heavy likers predicted active participants and of its quiet "
          "amplifiers predicted ambassadors (pooled over report months):\n")
    pooled = results.assign(
        **{f"_{p}": results[f"{p}_right"].fillna(0) * results[f"n_{p}"] for p in TRAPS}
    ).groupby("method", sort=False)
    sums = pooled[[f"_{p}" for p in TRAPS] + [f"n_{p}" for p in TRAPS]].sum()
    trap_table = pd.DataFrame({f"{p}_right": sums[f"_{p}"] / sums[f"n_{p}"] for p in TRAPS})
    for p in TRAPS:
        trap_table[f"n_{p}"] = sums[f"n_{p}"].astype(int)
    print(markdown_table(trap_table[traps + [f"n_{p}" for p in TRAPS]]))
    ks = results.loc[results["method"] == "MemberSegmenter", "k"].astype(int).value_counts().sort_index()
    print("\nNumber of participant clusters chosen by BIC (report months):\n")
    print(markdown_table(ks.rename("months").rename_axis("k").to_frame()))
    invisible_people = results.loc[results["method"] == "MemberSegmenter", "n_invisible"]
    print(f"\nPeople left out as invisible (active in the truth, no trace in the window): {int(invisible_people.sum())} "
          f"over {len(invisible_people)} report months")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
