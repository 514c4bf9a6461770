"""Evidence behind the algorithm and the number of clusters: BIC, silhouette, stability per k.

Used by ``docs/segmentation.md`` and the exploratory notebook. For one
month's :func:`member_features`, every algorithm of :class:`MemberSegmenter`
is fitted on the participants for every k:

* ``bic``: Bayesian information criterion of the model (mixtures only; lower is better);
* ``silhouette``: mean silhouette of the clusters in the same space for every
  algorithm (``log1p`` counts, ambassador columns weighted as for the
  Gaussian mixture), so the numbers are comparable (higher is better);
* ``stability``: mean adjusted Rand index between the participants'
  *cluster* labels of fits on bootstrap resamples and of the fit on all
  participants (higher is better), for that fixed k;
* ``segment_stability``: the same for the *segments* the clusters are named
  into, the figure a reader of the report sees change.

:func:`activity_check` is the check of the MBG/NBD model behind
``p_active`` (:mod:`~libcommunity.segments.activity`) on held-out months:
fitted on the history up to a month's end, it predicts who acts again and
how many active days each member has in the following months; the store's
later data says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, roc_auc_score, silhouette_score

from ..errors import ParameterError
from ..months import parse_month
from ..metrics.scope import open_scope
from .activity import MBGNBD, MIN_MEMBERS, activity_history
from .estimator import MemberSegmenter

__all__ = ["k_evidence", "ActivityCheck", "activity_check", "FREQUENCY_BUCKETS"]

#: Buckets of ``x`` (active days after the first) in :attr:`ActivityCheck.by_frequency`: 0..6, then 7+.
FREQUENCY_BUCKETS = 7


def _participants(features: pd.DataFrame, seg: MemberSegmenter) -> pd.DataFrame:
    block = seg._select(features, reset=False)
    return features.loc[block.sum(axis=1) > 0]


def k_evidence(
    features: pd.DataFrame,
    *,
    ks=range(1, 9),
    algorithms=("profile", "gmm", "kmeans"),
    n_boot: int = 3,
    random_state: int = 0,
    silhouette_sample: int = 3000,
) -> pd.DataFrame:
    """BIC, silhouette and bootstrap stability of every algorithm for every k.

    Parameters
    ----------
    features : DataFrame
        :func:`~libcommunity.segments.member_features` of one month.
    ks : iterable of int
        Numbers of clusters to try.
    algorithms : iterable of str
        :class:`MemberSegmenter` algorithms.
    n_boot : int
        Bootstrap resamples per (algorithm, k).
    random_state : int
    silhouette_sample : int
        Largest number of participants the silhouette is computed on.

    Returns
    -------
    pandas.DataFrame
        ``algorithm``, ``k``, ``bic``, ``silhouette``, ``stability``,
        ``segment_stability``, ``ambassadors`` (members named ambassador by
        the full fit).
    """
    rng = np.random.default_rng(random_state)
    base = MemberSegmenter(random_state=random_state).fit(features)
    part = _participants(features, base)
    space = MemberSegmenter(algorithm="gmm", random_state=random_state, n_clusters=1).fit(part).transformer_
    Z = space.transform(base._select(part, reset=False))
    sample = rng.choice(len(part), min(len(part), silhouette_sample), replace=False)
    rows = []
    for algorithm in algorithms:
        for k in ks:
            if k > len(np.unique(Z, axis=0)):
                continue
            seg = MemberSegmenter(algorithm=algorithm, n_clusters=k, random_state=random_state, min_cluster_size=1).fit(part)
            labels = seg.clusters_
            segments = seg.segments_
            bic = np.nan
            if algorithm != "kmeans":
                bic = float(seg.model_.bic(seg._embed(seg._select(part, reset=False))))
            sil = np.nan
            if len(np.unique(labels[sample])) > 1:
                sil = float(silhouette_score(Z[sample], labels[sample]))
            cluster_ari, segment_ari = [], []
            for b in range(n_boot):
                idx = rng.integers(0, len(part), len(part))
                refit = MemberSegmenter(algorithm=algorithm, n_clusters=k, random_state=random_state + 1 + b, min_cluster_size=1)
                refit.fit(part.iloc[idx])
                cluster_ari.append(adjusted_rand_score(labels, refit.predict_cluster(part)))
                segment_ari.append(adjusted_rand_score(segments, refit.predict(part)))
            rows.append(
                {
                    "algorithm": algorithm,
                    "k": int(seg.n_clusters_),
                    "bic": bic,
                    "silhouette": sil,
                    "stability": float(np.mean(cluster_ari)),
                    "segment_stability": float(np.mean(segment_ari)),
                    "ambassadors": int((segments == "ambassador").sum()),
                }
            )
    return pd.DataFrame(rows, columns=["algorithm", "k", "bic", "silhouette", "stability", "segment_stability", "ambassadors"])


@dataclass(frozen=True)
class ActivityCheck:
    """The MBG/NBD model of one account checked on the months after its calibration period.

    Attributes
    ----------
    members : pandas.DataFrame
        One row per member with a history at the calibration end: ``member``,
        ``platform``, ``x``, ``t_x``, ``T`` (as :func:`activity_history`),
        ``p_active``, ``p_act_within`` (predicted probability of at least one
        active day in the held-out period), ``expected_days`` (predicted
        active days in it), ``observed_days``, ``acted`` (observed: at least
        one active day).
    by_frequency : pandas.DataFrame
        By ``x`` at the calibration end (0 .. 6, ``7+``): ``members``, mean
        ``expected_days`` and mean ``observed_days`` in the held-out period
        (the conditional-expectation check of Fader, Hardie & Lee 2005).
    calibration : pandas.DataFrame
        By bins of ``p_act_within`` (tenths): ``members``, mean ``predicted``
        probability and ``observed`` share who acted.
    summary : dict
        ``account``, ``calibration_month``, ``holdout`` (``"YYYY-MM..YYYY-MM"``),
        ``horizon_weeks``, ``members``, ``params`` (r, alpha, a, b),
        ``converged``, ``expected_days`` and ``observed_days`` (totals),
        ``acted`` (observed share), ``predicted_acted`` (mean
        ``p_act_within``), ``auc`` (of ``p_act_within`` for ``acted``),
        ``auc_recency`` (baseline: fewer weeks since the last active day
        ranks higher), ``brier`` and ``brier_constant`` (baseline: everyone
        gets the observed share).
    """

    members: pd.DataFrame
    by_frequency: pd.DataFrame
    calibration: pd.DataFrame
    summary: dict


_LAST_ACTION_SQL = """
SELECT max(created_at) AS last FROM lc_all_acts WHERE NOT by_library
"""


def activity_check(store, account: str, month, *, horizon_months: int = 3) -> ActivityCheck:
    """Fit MBG/NBD on the history up to the end of ``month`` and check it on the next ``horizon_months``.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
        Calibration month: the model sees every member's active days up to
        its end (in the account's timezone), as :func:`probability_active`
        does for a report month.
    horizon_months : int, default 3
        Held-out calendar months after ``month``; the store must hold data
        into the last of them.

    Returns
    -------
    ActivityCheck

    Raises
    ------
    ParameterError
        If ``horizon_months`` is not a positive integer, the held-out months
        go beyond the store's data, or fewer than
        :data:`~libcommunity.segments.activity.MIN_MEMBERS` members have a
        history.
    """
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, (int, np.integer)) or not 1 <= horizon_months <= 24:
        raise ParameterError(f"horizon_months must be an integer from 1 to 24; got {horizon_months!r} instead")
    m = parse_month(month)
    last_month = m.shift(int(horizon_months))
    with open_scope(store, account) as scope:
        tz = scope.timezone
        last = scope.df(_LAST_ACTION_SQL)["last"].iloc[0]
        before = activity_history(scope, account, m, window_months=1)
        after = activity_history(scope, account, last_month, window_months=1)
    if pd.isna(last) or pd.Timestamp(last) < last_month.start(tz):
        seen = "no interaction" if pd.isna(last) else f"the last interaction on {pd.Timestamp(last).tz_convert(tz).date()}"
        raise ParameterError(
            f"month plus horizon_months must end within the data of {account!r} ({seen}); "
            f"got {m} with {horizon_months} held-out months (to {last_month}) instead"
        )
    if len(before) < MIN_MEMBERS:
        raise ParameterError(
            f"the MBG/NBD check needs at least {MIN_MEMBERS} members with a history up to {m}; got {len(before)} instead"
        )
    keys = ["platform", "member"]
    out = before.merge(after[keys + ["x"]].rename(columns={"x": "x_after"}), on=keys, how="left")
    out["observed_days"] = (out["x_after"].fillna(out["x"]) - out["x"]).astype("int64")
    out = out.drop(columns="x_after")
    start_day = m.end(tz).tz_convert(tz).date()
    end_day = last_month.end(tz).tz_convert(tz).date()
    t = (end_day - start_day).days / 7.0
    grouped = out.groupby(["x", "t_x", "T"], sort=False).size().reset_index(name="n")
    model = MBGNBD().fit(grouped["x"], grouped["t_x"], grouped["T"], weights=grouped["n"])
    x, t_x, T = out["x"].to_numpy(float), out["t_x"].to_numpy(float), out["T"].to_numpy(float)
    out["p_active"] = model.probability_active(x, t_x, T)
    out["p_act_within"] = model.probability_active_within(t, x, t_x, T)
    out["expected_days"] = model.expected_active_days(t, x, t_x, T)
    out["acted"] = out["observed_days"] > 0
    acted = out["acted"].to_numpy()

    bucket = np.minimum(out["x"].to_numpy(), FREQUENCY_BUCKETS)
    labels = [str(i) for i in range(FREQUENCY_BUCKETS)] + [f"{FREQUENCY_BUCKETS}+"]
    freq = out.groupby(bucket, sort=True).agg(
        members=("x", "size"), expected_days=("expected_days", "mean"), observed_days=("observed_days", "mean")
    )
    freq.index = pd.Index([labels[i] for i in freq.index], name="x")

    edges = np.linspace(0.0, 1.0, 11)
    which = np.clip(np.digitize(out["p_act_within"].to_numpy(), edges[1:-1]), 0, 9)
    cal = out.assign(_bin=which).groupby("_bin", sort=True).agg(
        members=("acted", "size"), predicted=("p_act_within", "mean"), observed=("acted", "mean")
    )
    cal.index = pd.Index([f"{edges[i]:.1f}-{edges[i + 1]:.1f}" for i in cal.index], name="p_act_within")

    both = 0 < acted.sum() < len(acted)
    share = float(acted.mean())
    summary = {
        "account": account,
        "calibration_month": str(m),
        "holdout": f"{m.shift(1)}..{last_month}",
        "horizon_weeks": t,
        "members": int(len(out)),
        "params": model.params,
        "converged": bool(model.converged_),
        "expected_days": float(out["expected_days"].sum()),
        "observed_days": int(out["observed_days"].sum()),
        "acted": share,
        "predicted_acted": float(out["p_act_within"].mean()),
        "auc": float(roc_auc_score(acted, out["p_act_within"])) if both else float("nan"),
        "auc_recency": float(roc_auc_score(acted, -(T - t_x))) if both else float("nan"),
        "brier": float(np.mean((out["p_act_within"].to_numpy() - acted) ** 2)),
        "brier_constant": float(np.mean((share - acted) ** 2)),
    }
    return ActivityCheck(members=out, by_frequency=freq, calibration=cal, summary=summary)
