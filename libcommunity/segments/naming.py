"""Attach segment names to clusters by what the clusters' members do.

A clustering numbers its clusters arbitrarily; the numbers mean nothing and
change between fits. The names come from behaviour instead:

* a member with no participation at all in the window is a
  ``silent_follower`` (a definition, not a clustering result);
* a cluster of participants is ``ambassador`` when its *typical* member (the
  median) did at least ``min_ambassador_actions`` ambassador actions in the
  window (shares, mentions, own content, answers to other members); every
  other cluster of participants is ``active_participant``.

The rule is absolute, not relative: it never makes the "most amplifying"
cluster an ambassador cluster just because it is the most amplifying one, so
a community where nobody amplifies gets no ambassadors, and a community of
one active member gets no invented segment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "SILENT",
    "ACTIVE",
    "AMBASSADOR",
    "SEGMENTS",
    "cluster_profiles",
    "name_clusters",
]

SILENT = "silent_follower"
ACTIVE = "active_participant"
AMBASSADOR = "ambassador"
#: The segment ids, from least to most engaged.
SEGMENTS = (SILENT, ACTIVE, AMBASSADOR)


def cluster_profiles(activity, labels, columns, ambassador_mask) -> pd.DataFrame:
    """What the members of each cluster do: size, median of every column and of ambassador actions.

    Parameters
    ----------
    activity : array-like of shape (n_members, n_columns)
        Raw counts of the participants.
    labels : array-like of shape (n_members,)
        Cluster of each participant (integers).
    columns : sequence of str
        Names of the columns.
    ambassador_mask : array-like of bool, shape (n_columns,)
        Which columns count as ambassador actions.

    Returns
    -------
    pandas.DataFrame
        Indexed by cluster: ``members``, ``ambassador_actions`` (median of the
        per-member sum of the ambassador columns), ``ambassador_share`` (share
        of members with at least one ambassador action), then the median and
        mean of every column (``<col>`` and ``mean_<col>``).
    """
    a = np.asarray(activity, dtype=np.float64)
    labels = np.asarray(labels)
    mask = np.asarray(ambassador_mask, dtype=bool)
    amb = a[:, mask].sum(axis=1) if mask.any() else np.zeros(len(a))
    frame = pd.DataFrame(a, columns=list(columns))
    frame["_amb"] = amb
    frame["_cluster"] = labels
    g = frame.groupby("_cluster", sort=True)
    out = pd.DataFrame(
        {
            "members": g.size(),
            "ambassador_actions": g["_amb"].median(),
            "ambassador_share": g["_amb"].apply(lambda s: float((s > 0).mean())),
        }
    )
    medians = g[list(columns)].median()
    means = g[list(columns)].mean().add_prefix("mean_")
    out = pd.concat([out, medians, means], axis=1)
    out.index.name = "cluster"
    return out


def name_clusters(profiles: pd.DataFrame, min_ambassador_actions: float) -> np.ndarray:
    """Segment of every cluster in ``profiles`` (from :func:`cluster_profiles`).

    Parameters
    ----------
    profiles : pandas.DataFrame
        Cluster profiles of participants (every member took part at least once).
    min_ambassador_actions : float
        Median ambassador actions a cluster's members need for the cluster to
        be called ``ambassador``.

    Returns
    -------
    numpy.ndarray of str
        ``ambassador`` or ``active_participant`` per row of ``profiles``.
    """
    amb = profiles["ambassador_actions"].to_numpy(dtype=np.float64) >= float(min_ambassador_actions)
    return np.where(amb, AMBASSADOR, ACTIVE).astype(object)
