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
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, silhouette_score

from .estimator import MemberSegmenter

__all__ = ["k_evidence"]


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
