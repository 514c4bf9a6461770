"""Attach segment names to clusters by what the clusters' members do.

A clustering numbers its clusters arbitrarily; the numbers mean nothing and
change between fits. The names come from behaviour instead:

* a member with no participation at all in the window is a
  ``silent_follower`` (a definition, not a clustering result);
* a cluster of participants is an *ambassador cluster* when ambassador
  actions (shares, mentions, own content, answers to other members) make up
  at least ``min_ambassador_share`` of all its members' actions in the
  window: what its members do, not how much; every other cluster of
  participants is an active-participant cluster;
* a member of an ambassador cluster is an ``ambassador`` when they did at
  least ``min_ambassador_actions`` ambassador actions themselves, otherwise an
  ``active_participant`` (a cluster is a group of look-alikes, not a licence).

Heavy likers (hundreds of reactions, no shares) have a share near 0 however
much they do: active participants. Quiet amplifiers (few actions, mostly
shares and mentions) have a share near 1: ambassadors once they did enough.
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
    "ACTIVITY_COLUMNS",
    "AMBASSADOR_COLUMNS",
    "MIN_AMBASSADOR_SHARE",
    "MIN_AMBASSADOR_ACTIONS",
    "MIN_CLUSTER_SIZE",
    "too_few_to_cluster",
    "segments_alone",
    "cluster_profiles",
    "name_clusters",
    "member_segments",
]

SILENT = "silent_follower"
ACTIVE = "active_participant"
AMBASSADOR = "ambassador"
#: The segment ids, from least to most engaged.
SEGMENTS = (SILENT, ACTIVE, AMBASSADOR)

#: Columns of :func:`~libcommunity.segments.member_features` the segmenter uses by default: what a
#: member did in the window, in five groups that (nearly) partition their actions.
ACTIVITY_COLUMNS = ("reactions", "conversation", "amplification", "replies_given", "offline")
#: The activity columns that show ambassador behaviour: spreading the library to one's own audience
#: (shares, mentions, own content) and answering other members.
AMBASSADOR_COLUMNS = ("amplification", "replies_given")
#: Defaults of :class:`~libcommunity.segments.MemberSegmenter`'s naming rules (see its parameters): here, so
#: that :func:`segments_alone` can apply them without importing the estimator (and scikit-learn).
MIN_AMBASSADOR_SHARE = 0.2
MIN_AMBASSADOR_ACTIONS = 3.0
MIN_CLUSTER_SIZE = 5


def too_few_to_cluster(activity, min_cluster_size=MIN_CLUSTER_SIZE) -> bool:
    """Whether ``activity`` (counts, one row per member) has fewer than ``2 * min_cluster_size`` participants.

    With so few participants :class:`~libcommunity.segments.MemberSegmenter` fits no clustering and names every
    member with :func:`segments_alone`.
    """
    a = np.asarray(activity, dtype=np.float64)
    return int((a.sum(axis=1) > 0).sum()) < 2 * int(min_cluster_size)


def segments_alone(activity, ambassador_mask, min_ambassador_share=MIN_AMBASSADOR_SHARE,
                   min_ambassador_actions=MIN_AMBASSADOR_ACTIONS) -> np.ndarray:
    """Segment of every member without a clustering: each participant is a cluster of one.

    A member with no activity is a silent follower; a participant's own share of ambassador actions names
    their cluster of one (:func:`name_clusters`' rule) and their own ambassador actions decide, as for any
    cluster (:func:`member_segments`).

    Parameters
    ----------
    activity : array-like of shape (n_members, n_columns)
        Non-negative activity counts.
    ambassador_mask : array-like of bool, shape (n_columns,)
    min_ambassador_share, min_ambassador_actions : float

    Returns
    -------
    numpy.ndarray of str, shape (n_members,)

    Examples
    --------
    >>> segments_alone([[0, 0], [5, 0], [1, 4], [1, 1]], [False, True]).tolist()
    ['silent_follower', 'active_participant', 'ambassador', 'active_participant']
    """
    a = np.asarray(activity, dtype=np.float64)
    mask = np.asarray(ambassador_mask, dtype=bool)
    out = np.full(len(a), SILENT, dtype=object)
    taking_part = a.sum(axis=1) > 0
    if not taking_part.any():
        return out
    P = a[taking_part]
    amb = P[:, mask].sum(axis=1) if mask.any() else np.zeros(len(P))
    share = amb / P.sum(axis=1)
    named = np.where(share >= float(min_ambassador_share), AMBASSADOR, ACTIVE).astype(object)
    out[taking_part] = member_segments(named, amb, min_ambassador_actions)
    return out


def cluster_profiles(activity, labels, columns, ambassador_mask) -> pd.DataFrame:
    """What the members of each cluster do.

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
        Indexed by cluster: ``members``; ``ambassador_share`` (ambassador
        actions / all actions of the cluster's members, pooled);
        ``ambassador_actions`` (median per member); ``amplifiers`` (share of
        members with at least one ambassador action); then the median and
        the mean of every column (``<col>``, ``mean_<col>``).
    """
    a = np.asarray(activity, dtype=np.float64)
    labels = np.asarray(labels)
    mask = np.asarray(ambassador_mask, dtype=bool)
    amb = a[:, mask].sum(axis=1) if mask.any() else np.zeros(len(a))
    frame = pd.DataFrame(a, columns=list(columns))
    frame["_amb"] = amb
    frame["_total"] = a.sum(axis=1)
    frame["_cluster"] = labels
    g = frame.groupby("_cluster", sort=True)
    sums = g[["_amb", "_total"]].sum()
    out = pd.DataFrame(
        {
            "members": g.size(),
            "ambassador_share": (sums["_amb"] / sums["_total"].where(sums["_total"] > 0)).fillna(0.0),
            "ambassador_actions": g["_amb"].median(),
            "amplifiers": g["_amb"].apply(lambda s: float((s > 0).mean())),
        }
    )
    medians = g[list(columns)].median()
    means = g[list(columns)].mean().add_prefix("mean_")
    out = pd.concat([out, medians, means], axis=1)
    out.index.name = "cluster"
    return out


def name_clusters(profiles: pd.DataFrame, min_ambassador_share: float) -> np.ndarray:
    """Name of every cluster in ``profiles`` (from :func:`cluster_profiles`).

    Parameters
    ----------
    profiles : pandas.DataFrame
        Cluster profiles of participants.
    min_ambassador_share : float
        Share of ambassador actions among a cluster's actions that makes it
        an ambassador cluster.

    Returns
    -------
    numpy.ndarray of str
        ``ambassador`` or ``active_participant`` per row of ``profiles``.

    Examples
    --------
    >>> import pandas as pd
    >>> name_clusters(pd.DataFrame({"ambassador_share": [0.02, 0.35, 0.9]}), 0.2).tolist()
    ['active_participant', 'ambassador', 'ambassador']
    """
    share = profiles["ambassador_share"].to_numpy(dtype=np.float64)
    return np.where(share >= float(min_ambassador_share), AMBASSADOR, ACTIVE).astype(object)


def member_segments(cluster_segment, ambassador_actions, min_ambassador_actions: float) -> np.ndarray:
    """Segment of every participant from their cluster's name and their own ambassador actions.

    Parameters
    ----------
    cluster_segment : array-like of str
        Name of each participant's cluster (:func:`name_clusters`).
    ambassador_actions : array-like of float
        Each participant's own ambassador actions in the window.
    min_ambassador_actions : float

    Returns
    -------
    numpy.ndarray of str
        ``ambassador`` where the cluster is an ambassador cluster and the
        member did at least ``min_ambassador_actions`` ambassador actions,
        ``active_participant`` otherwise.

    Examples
    --------
    >>> member_segments(["ambassador", "ambassador", "active_participant"], [5, 1, 9], 3).tolist()
    ['ambassador', 'active_participant', 'active_participant']
    """
    named = np.asarray(cluster_segment, dtype=object)
    amb = np.asarray(ambassador_actions, dtype=np.float64)
    ok = (named == AMBASSADOR) & (amb >= float(min_ambassador_actions))
    return np.where(ok, AMBASSADOR, ACTIVE).astype(object)
