"""How unequal is participation? Top 1 % and top 10 % shares, Gini, set against Nielsen's 90-9-1.

Definitions (``docs/metrics.md``, "Concentration"):

* Participation = member interactions in the window of every kind except
  ``follow`` and ``unfollow``; a *participant* has at least one.
* The *population* is everyone who could have participated. Per platform:
  with ``members`` followers, the followers at the window's end together
  with the participants (a participant who unfollowed is still counted once);
  with ``audience`` only, ``max(followers_end, participants)`` (participants
  assumed to be among the followers); with neither, the participants.
  Non-participants count 0.
* ``top1_share`` / ``top10_share``: share of participation made by the
  ``ceil(1 %)`` / ``ceil(10 %)`` most active members of the population.
* ``gini``: Gini coefficient of the population's counts, zeros included
  (``G = 2 sum_i i x_(i) / (N sum x) - (N + 1) / N``, ascending order).
* ``lurker_share`` = non-participants / population. Nielsen's 90-9-1 rule
  (2006) expects about 0.90 lurkers, 9 % contributing a little and 1 % of
  members making most of the contributions; :func:`participation_tiers`
  sets the observed shares of the top 1 %, next 9 % and other 90 % beside it.
* All are null when there is no participation (or no population).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .followers import platform_sources
from .scope import open_scope
from .window import Window

__all__ = [
    "participation_concentration",
    "participation_tiers",
    "concentration_figures",
    "participation_counts",
    "gini",
    "top_share",
    "NIELSEN",
]

#: Nielsen's 90-9-1: share of members in each tier.
NIELSEN = {"top 1%": 0.01, "next 9%": 0.09, "other 90%": 0.90}


def gini(counts, population: int | None = None) -> float | None:
    """Gini coefficient of ``counts`` padded with zeros up to ``population`` members.

    Parameters
    ----------
    counts : array-like of non-negative numbers
        The participants' counts.
    population : int, optional
        Total members; ``population - len(counts)`` zeros are added. Defaults to ``len(counts)``.

    Returns
    -------
    float or None
        None when the total is 0.
    """
    x = np.sort(np.asarray(counts, dtype="float64"))
    n = len(x) if population is None else int(population)
    total = x.sum()
    if n == 0 or total <= 0:
        return None
    zeros = n - len(x)
    ranks = np.arange(zeros + 1, n + 1, dtype="float64")
    return float(2.0 * np.dot(ranks, x) / (n * total) - (n + 1.0) / n)


def _ceil_share(population: int, percent: int) -> int:
    return -(-population * percent // 100)


def top_share(counts, population: int, percent: int) -> float | None:
    """Share of the total made by the ``ceil(percent % of population)`` largest counts."""
    x = np.sort(np.asarray(counts, dtype="float64"))[::-1]
    total = x.sum()
    if population <= 0 or total <= 0:
        return None
    k = _ceil_share(int(population), percent)
    return float(x[:k].sum() / total)


def participation_counts(scope, w: Window) -> pd.DataFrame:
    """Participation per member in ``w``: ``platform``, ``member_id``, ``interactions`` (computed once per scope)."""
    return scope.memo(("participation_counts", w), lambda: scope.df(
        """
        SELECT platform, member_id, count(*) AS interactions
        FROM lc_member_acts
        WHERE kind NOT IN ('follow', 'unfollow')
          AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
        GROUP BY platform, member_id
        ORDER BY interactions DESC, platform, member_id
        """,
        w.params(),
    ))


def _population(scope, w: Window, counts: pd.DataFrame) -> tuple[int, str | None]:
    sources = platform_sources(scope)
    participants = counts.groupby("platform").size().to_dict()
    p = w.params()
    union = scope.df(
        """
        WITH part AS (
          SELECT DISTINCT platform, member_id FROM lc_member_acts
          WHERE kind NOT IN ('follow', 'unfollow')
            AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
        ), fol AS (
          SELECT platform, member_id FROM lc_members
          WHERE followed_at < $end::TIMESTAMPTZ
            AND NOT coalesce(unfollowed_at >= followed_at AND unfollowed_at < $end::TIMESTAMPTZ, false)
        )
        SELECT platform, count(*) AS n FROM (SELECT * FROM part UNION SELECT * FROM fol) GROUP BY platform
        """,
        p,
    ).set_index("platform")["n"]
    audience = scope.df(
        """
        SELECT platform, arg_max(followers, date) FILTER (WHERE followers IS NOT NULL) AS followers_end
        FROM lc_audience WHERE date >= $first_day::DATE AND date <= $last_day::DATE GROUP BY platform
        """,
        p,
    ).set_index("platform")["followers_end"]
    total, bases = 0, set()
    for platform in sorted(set(participants) | set(sources)):
        source = sources.get(platform)
        n_part = int(participants.get(platform, 0))
        if source == "members":
            total += int(union.get(platform, 0))
            bases.add("members")
        elif source == "audience" and platform in audience.index and not pd.isna(audience[platform]):
            total += max(int(audience[platform]), n_part)
            bases.add("audience")
        else:
            total += n_part
            if n_part:
                bases.add("participants")
    return total, ("+".join(sorted(bases)) or None)


def concentration_figures(scope, w: Window) -> dict:
    """``{"basis", "population", "participants", "interactions", "lurker_share", "top1_share",
    "top10_share", "gini"}`` for ``w`` (JSON-ready)."""
    counts = participation_counts(scope, w)
    population, basis = _population(scope, w, counts)
    x = counts["interactions"].to_numpy(dtype="float64")
    participants = len(x)
    return {
        "basis": basis,
        "population": int(population),
        "participants": int(participants),
        "interactions": int(x.sum()),
        "lurker_share": None if population == 0 else (population - participants) / population,
        "top1_share": top_share(x, population, 1),
        "top10_share": top_share(x, population, 10),
        "gini": gini(x, population),
    }


def participation_concentration(store, account: str, month, *, months: int = 1) -> dict:
    """Participation concentration of the month (see the module docstring).

    Returns
    -------
    dict
        ``basis``, ``population``, ``participants``, ``interactions``,
        ``lurker_share``, ``top1_share``, ``top10_share``, ``gini``.
    """
    with open_scope(store, account) as scope:
        return concentration_figures(scope, scope.resolve(month, months=months))


def participation_tiers(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """The population split as 90-9-1 does: the top 1 %, the next 9 % and the other 90 %.

    Returns
    -------
    DataFrame
        Three rows (``tier`` = ``"top 1%"``, ``"next 9%"``, ``"other 90%"``):
        ``members`` in the tier, ``participants`` among them, ``interactions``
        they made, ``interaction_share``, ``member_share`` and
        ``nielsen_member_share`` (0.01, 0.09, 0.90).
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        counts = participation_counts(scope, w)
        population, _ = _population(scope, w, counts)
    return tiers_table(counts["interactions"].to_numpy(dtype="int64"), population)


def tiers_table(counts, population: int) -> pd.DataFrame:
    """The 90-9-1 tiers of ``counts`` padded with zeros to ``population`` (see :func:`participation_tiers`)."""
    x = np.sort(np.asarray(counts, dtype="int64"))[::-1]
    x = np.concatenate([x, np.zeros(max(int(population) - len(x), 0), dtype="int64")])
    k1, k10 = _ceil_share(len(x), 1), _ceil_share(len(x), 10)
    total = x.sum()
    rows = []
    for tier, lo, hi in (("top 1%", 0, k1), ("next 9%", k1, k10), ("other 90%", k10, len(x))):
        part = x[lo:hi]
        rows.append(
            {
                "tier": tier,
                "members": int(len(part)),
                "participants": int((part > 0).sum()),
                "interactions": int(part.sum()),
                "interaction_share": float(part.sum() / total) if total else np.nan,
                "member_share": len(part) / len(x) if len(x) else np.nan,
                "nielsen_member_share": NIELSEN[tier],
            }
        )
    return pd.DataFrame(rows)
