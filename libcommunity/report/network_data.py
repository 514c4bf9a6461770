"""The network overview's figures: every account of a store for one month, and each account's history.

:func:`collect` computes them once (one row per account, plus each account's
monthly trend) for :mod:`libcommunity.report.network`, which lays them out.
Figures come from :mod:`libcommunity.metrics` (``core_summary`` for the
month, ``monthly_trend`` for the history) and from
:func:`libcommunity.segments.segment_summary` (ambassadors), each account in
one :class:`~libcommunity.metrics.Scope`; in a batch, from the figures the
accounts' reports shared (:mod:`~libcommunity.report.shared`). Nothing here
recomputes a definition. Network totals add the accounts up (a person who
follows two libraries counts twice: pseudonyms are per account).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..months import Month, parse_month
from ..schemas import PARTICIPATION_KINDS
from ..store import Store
from .params import check_account
from .shared import load_figures

__all__ = ["TREND_MONTHS", "MIN_HISTORY", "ACCOUNT_COLUMNS", "NetworkFigures", "parse_accounts", "collect"]

#: Months of history per account: the report month and the twelve before it (so "a year before" exists).
TREND_MONTHS = 13
#: Fewer previous months with a value than this: "too little history".
MIN_HISTORY = 3

#: Columns of :attr:`NetworkFigures.accounts`.
ACCOUNT_COLUMNS = (
    "account",
    "platforms",
    "timezone",
    "has_data",
    "posts",
    "participation",
    "comments",
    "followers",
    "engaged_members",
    "community_ratio",
    "response_items",
    "response_answered",
    "response_rate",
    "median_hours",
    "within_24h",
    "member_to_member_share",
    "ambassadors",
    "active_participants",
    "people",
    "linked_identities",
    "ambassador_people",
    "cross_platform_ambassadors",
    "rank",
)


@dataclass
class NetworkFigures:
    """The figures behind the page.

    Attributes
    ----------
    month : Month
    accounts : DataFrame
        One row per account (:data:`ACCOUNT_COLUMNS`), in league order:
        community ratio, highest first, accounts without one last. ``people``,
        ``linked_identities``, ``ambassador_people`` and ``cross_platform_ambassadors``
        are the segment summary's ``people`` block (the window's members counted
        as people through the account's identity links).
    trend : DataFrame
        ``account``, ``month`` and the growth figures of
        :func:`libcommunity.metrics.monthly_trend`, :data:`TREND_MONTHS`
        rows per account, oldest first.
    """

    month: Month
    accounts: pd.DataFrame
    trend: pd.DataFrame


def parse_accounts(accounts) -> list[str]:
    """Account slugs from a comma-separated string (the notebook parameter) or a list.

    Raises
    ------
    ParameterError
        If a name is not a valid account slug.
    """
    if accounts is None:
        return []
    items = accounts.split(",") if isinstance(accounts, str) else list(accounts)
    names = [str(a).strip() for a in items if str(a).strip()]
    for name in names:
        check_account(name)
    return names


def _value(x):
    """``None`` for NaN/NA, else a float."""
    if x is None or x is pd.NA:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def collect(store, month, accounts=None, *, months: int = TREND_MONTHS, segments: bool = True,
            figures_dir=None) -> NetworkFigures:
    """Compute every figure of the page.

    Parameters
    ----------
    store : Store or path-like
    month : str or Month
        ``YYYY-MM``; each account's month is taken in its own timezone.
    accounts : str or list of str, optional
        Comma-separated slugs or a list; default (``None`` or ``""``): every
        account of the store.
    months : int, default TREND_MONTHS
        Months of history per account, the report month included.
    segments : bool, default True
        Count ambassadors and active participants (fits each account's
        segmentation, about half of the time); ``False`` leaves them null.
    figures_dir : path-like, optional
        A batch's shared-figures folder (:mod:`~libcommunity.report.shared`):
        figures found there are not computed again.

    Returns
    -------
    NetworkFigures

    Raises
    ------
    ParameterError
        For a malformed month or account slug, or ``months`` below 2.
    UnknownAccountError
        For an account that is not in the store.
    """
    from ..metrics import Scope, core_summary
    from ..metrics.growth import trend_table

    st = Store(store) if isinstance(store, (str, os.PathLike)) else store
    m = parse_month(month)
    if not isinstance(months, int) or months < 2:
        raise ParameterError(f"months must be an integer of 2 or more; got {months!r} instead")
    names = parse_accounts(accounts) or st.accounts()
    infos = [st.account(name) for name in names]  # every name checked before any computation
    rows, trends = [], []
    for info in infos:
        with Scope(st, info.account) as scope:
            shared = load_figures(figures_dir, scope, m) or {}
            core = core_summary(scope, info.account, m)
            trend = trend_table(scope, m, months=months)  # an account without data in the month: NaN rows
            ambassadors = active = None
            people = {}
            if segments:
                from ..segments import segment_summary

                seg = shared.get("segments") or segment_summary(scope, info.account, m)
                ambassadors = seg["segments"]["ambassador"]["members"]
                active = seg["segments"]["active_participant"]["members"]
                people = seg.get("people") or {}
        trend.insert(0, "account", info.account)
        trends.append(trend)
        response = core["response"]
        kinds = [core["interactions"][k] for k in PARTICIPATION_KINDS]
        participation = None if any(n is None for n in kinds) else sum(kinds)
        rows.append(
            {
                "account": info.account,
                "platforms": ", ".join(sorted(info.platforms)),
                "timezone": info.timezone,
                "has_data": bool(core["posts"] or participation or core["followers_end"]),
                "posts": core["posts"],
                "participation": participation,
                "comments": core["interactions"]["comment"],
                "followers": core["followers_end"],
                "engaged_members": core["engaged_members"],
                "community_ratio": core["community_ratio"],
                "response_items": response["items"],
                "response_answered": response["answered"],
                "response_rate": response["rate"],
                "median_hours": response["median_hours"],
                "within_24h": response["within_24h"],
                "member_to_member_share": core["member_to_member_share"],
                "ambassadors": ambassadors,
                "active_participants": active,
                "people": people.get("people"),
                "linked_identities": people.get("linked_identities"),
                "ambassador_people": people.get("ambassadors"),
                "cross_platform_ambassadors": people.get("cross_platform_ambassadors"),
            }
        )
    frame = pd.DataFrame(rows, columns=[c for c in ACCOUNT_COLUMNS if c != "rank"])
    for col in ("followers", "engaged_members", "ambassadors", "active_participants", "posts", "participation", "comments",
                "response_items", "response_answered", "people", "linked_identities", "ambassador_people",
                "cross_platform_ambassadors"):
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    for col in ("community_ratio", "response_rate", "median_hours", "within_24h", "member_to_member_share"):
        frame[col] = pd.to_numeric(frame[col]).astype("float64")
    frame = frame.sort_values(["community_ratio", "account"], ascending=[False, True], na_position="last", kind="stable",
                              ignore_index=True)
    ranked = frame["community_ratio"].notna()
    frame["rank"] = pd.array([i + 1 if r else None for i, r in enumerate(ranked)], dtype="Int64")
    trend = pd.concat(trends, ignore_index=True) if trends else pd.DataFrame(columns=["account", "month"])
    return NetworkFigures(m, frame, trend)


def _trend_of(fig: NetworkFigures, account: str) -> pd.DataFrame:
    return fig.trend[fig.trend["account"] == account].reset_index(drop=True)


def _history(fig: NetworkFigures, account: str, column: str) -> dict:
    """This month's value of ``column`` against the account's previous months."""
    tr = _trend_of(fig, account)
    current_label, previous_label, year_label = str(fig.month), str(fig.month.shift(-1)), str(fig.month.shift(-12))
    by_month = dict(zip(tr["month"], tr[column])) if len(tr) else {}
    current = _value(by_month.get(current_label))
    # Only months with a value: a month without data (or whose data cannot support the figure) is no 0.
    before = [_value(v) for k, v in by_month.items() if k < current_label][-12:]
    before = [v for v in before if v is not None]
    prev, year = _value(by_month.get(previous_label)), _value(by_month.get(year_label))
    enough = len(before) >= MIN_HISTORY
    out = {
        "current": current,
        "median": float(np.median(before)) if enough else None,
        "low": min(before) if enough else None,
        "high": max(before) if enough else None,
        "vs_previous": None if current is None or prev is None else current - prev,
        "vs_year": None if current is None or year is None else current - year,
        "n_before": len(before),
    }
    if current is None:
        out["standing"] = None
    elif len(before) < MIN_HISTORY:
        out["standing"] = "short"
    elif current > out["high"]:
        out["standing"] = "high"
    elif current < out["low"]:
        out["standing"] = "low"
    else:
        out["standing"] = "above" if current >= out["median"] else "below"
    return out


def _sum(series) -> int | None:
    s = series.dropna()
    return None if s.empty else int(s.sum())


def _network_totals(fig: NetworkFigures) -> dict:
    """Totals of the month and of the previous month (accounts with both figures)."""
    a = fig.accounts
    both = a.dropna(subset=["followers", "engaged_members"])
    followers, engaged = _sum(both["followers"]), _sum(both["engaged_members"])
    ratio = engaged / followers if followers else None
    items, answered = _sum(a["response_items"]), _sum(a["response_answered"])
    m2m = a.dropna(subset=["member_to_member_share"])
    comments = float(m2m["comments"].astype("float64").sum()) if len(m2m) else 0.0
    m2m_share = float((m2m["member_to_member_share"] * m2m["comments"].astype("float64")).sum() / comments) if comments else None
    out = {
        "accounts": int(len(a)),
        "followers": _sum(a["followers"]),
        "engaged_members": _sum(a["engaged_members"]),
        "community_ratio": ratio,
        "response_rate": (answered / items) if items else None,
        "member_to_member_share": m2m_share,
        "ambassadors": _sum(a["ambassadors"]),
        "linked_identities": _sum(a["linked_identities"]),
    }
    # previous month, from the trends
    prev_label = str(fig.month.shift(-1))
    tr = fig.trend
    if len(tr):
        prev = tr[tr["month"] == prev_label].set_index("account")
        cur = tr[tr["month"] == str(fig.month)].set_index("account")
        pair = cur[["followers_end", "engaged_members"]].merge(
            prev[["followers_end", "engaged_members"]], left_index=True, right_index=True, suffixes=("", "_prev")
        ).dropna()
        if len(pair):
            out["followers_change"] = float(pair["followers_end"].sum() - pair["followers_end_prev"].sum())
            out["engaged_change"] = float(pair["engaged_members"].sum() - pair["engaged_members_prev"].sum())
            fp = pair["followers_end_prev"].sum()
            fc = pair["followers_end"].sum()
            if fp and fc:
                out["ratio_change"] = pair["engaged_members"].sum() / fc - pair["engaged_members_prev"].sum() / fp
    return out
