"""Who moved: month-to-month transitions, new and promising members, silent followers ready to
jump, ambassadors drifting away.

Each report month is segmented on its own window (by default the month and
the two before it); a transition compares the report month with the month
before it, each segmented the same way. Because the windows overlap, a change
shows what the newest month added or removed.

When the month before has no data (the account's data begins with the report
month), nothing can be compared with it: :func:`transitions`,
:func:`ready_to_jump` and :func:`drifting_away` return no rows, with
``attrs["no_data_before"]`` true, instead of calling everyone new.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..metrics.coverage import coverage_of
from ..metrics.scope import open_scope
from ..months import parse_month
from .ladder import LADDER, ladder_level
from .members import add_handles, segment_members
from .naming import ACTIVE, AMBASSADOR, SEGMENTS, SILENT

__all__ = [
    "CHANGES",
    "transitions",
    "ready_to_jump",
    "drifting_away",
    "new_and_promising",
    "DRIFT_P_ACTIVE",
]

#: Change labels of :func:`transitions`.
CHANGES = (
    "joined",
    "took_first_step",
    "became_ambassador",
    "steady",
    "went_quiet",
    "ambassador_stepped_back",
    "left",
)
#: Below this probability of still being active a former ambassador is drifting away.
DRIFT_P_ACTIVE = 0.5

_RANK = {s: i for i, s in enumerate(SEGMENTS)}
_LEVEL = {s: i + 1 for i, s in enumerate(LADDER)}


def _pair(scope, account, month, *, window_months, random_state, current, previous):
    """The segments of ``month`` and of the month before; ``previous`` is None when that month has no data."""
    m = parse_month(month)
    if current is None:
        current = segment_members(scope, account, m, window_months=window_months, random_state=random_state)
    if previous is None and coverage_of(scope).has_data(m.previous):
        # only its segments and ladder steps are compared: no probability of being active for the month before
        previous = segment_members(scope, account, m.previous, window_months=window_months, random_state=random_state,
                                   activity=False)
    for name, frame in (("current", current), ("previous", previous)):
        if frame is not None and "handle" in frame.columns:
            raise ParameterError(f"{name} must be segment_members(..., reveal=False); pass reveal to this function instead")
    return current, previous


def _nothing_before(scope, account, frame: pd.DataFrame, columns, month, reveal) -> pd.DataFrame:
    """No rows, ``columns`` kept: the month before ``month`` has no data, so nothing can be compared with it."""
    out = frame.iloc[0:0].reindex(columns=columns)
    out = add_handles(scope, account, out) if reveal else out
    out.attrs = {"account": account, "month": str(parse_month(month)), "previous_month": str(parse_month(month).previous),
                 "no_data_before": True}
    return out


def _changes(before: pd.Series, after: pd.Series) -> np.ndarray:
    """The change label (:data:`CHANGES`) of every member, from its segment before and now (NA: not a member)."""
    b, a = before.astype(object), after.astype(object)
    gone_before, gone_now = b.isna().to_numpy(), a.isna().to_numpy()
    same = (b.map(_RANK) == a.map(_RANK)).fillna(False).to_numpy(dtype=bool)
    b, a = b.fillna("").to_numpy(), a.fillna("").to_numpy()  # the missing ones are decided by the first two conditions
    return np.select(
        [gone_before, gone_now, same, b == SILENT, (b == ACTIVE) & (a == AMBASSADOR), b == AMBASSADOR],
        ["joined", "left", "steady", "took_first_step", "became_ambassador", "ambassador_stepped_back"],
        default="went_quiet",
    ).astype(object)


def transitions(
    store,
    account: str,
    month,
    *,
    window_months: int = 3,
    random_state: int = 0,
    reveal: bool = False,
    current: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Segment and ladder changes of every member between the previous month and ``month``.

    Parameters
    ----------
    store, account, month, window_months, random_state
        As for :func:`segment_members`.
    reveal : bool
        Add the ``handle`` column.
    current, previous : DataFrame, optional
        :func:`segment_members` (without ``reveal``) of ``month`` and of the
        month before, if already computed.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``segment_before``, ``segment``,
        ``ladder_before``, ``ladder_step``, ``ladder_change`` (levels gained,
        negative when lost; members new or gone count from/to level 0),
        ``change`` (one of :data:`CHANGES`: ``joined`` new member,
        ``took_first_step`` silent follower who took part, ``became_ambassador``
        active participant who became an ambassador, ``steady``, ``went_quiet``
        active participant who fell silent, ``ambassador_stepped_back``
        ambassador who became active or silent, ``left`` no longer a member),
        ``p_active`` (now), sorted by change and member.
    """
    with open_scope(store, account) as scope:
        current, previous = _pair(scope, account, month, window_months=window_months, random_state=random_state,
                                  current=current, previous=previous)
        columns = ["member", "platform", "segment_before", "segment", "ladder_before", "ladder_step", "ladder_change",
                   "change", "p_active"]
        if previous is None:
            return _nothing_before(scope, account, current, columns, month, reveal)
        keys = ["platform", "member"]
        before = previous[keys + ["segment", "ladder_step"]].rename(columns={"segment": "segment_before", "ladder_step": "ladder_before"})
        after = current[keys + ["segment", "ladder_step", "p_active"]]
        out = before.merge(after, on=keys, how="outer")
        out["change"] = _changes(out["segment_before"], out["segment"])
        out["ladder_change"] = ladder_level(out["ladder_step"]) - ladder_level(out["ladder_before"])
        order = {c: i for i, c in enumerate(CHANGES)}
        out["_o"] = out["change"].map(order)
        out = out.sort_values(["_o", "platform", "member"], ignore_index=True).drop(columns="_o")
        out = out[["member", "platform", "segment_before", "segment", "ladder_before", "ladder_step", "ladder_change", "change", "p_active"]]
        for col in ("segment_before", "segment", "ladder_before", "ladder_step", "change"):
            out[col] = out[col].astype("string")
        out.attrs = {"account": account, "month": str(parse_month(month)), "previous_month": str(parse_month(month).previous)}
        return add_handles(scope, account, out) if reveal else out


def ready_to_jump(
    store,
    account: str,
    month,
    *,
    window_months: int = 3,
    random_state: int = 0,
    reveal: bool = False,
    current: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Silent followers who started reacting: worth a personal invitation to take the next step.

    A member is *ready to jump* when they follow, were a silent follower (or
    not yet a member) in the previous month, and now take part only by
    reacting, sharing or mentioning (ladder step ``like_recommend``): they
    stirred, but have not yet commented, come to an event or created
    anything.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``segment_before``, ``reactions``,
        ``amplification``, ``participation``, ``active_days``,
        ``days_since_last_action``, ``p_active``, sorted by participation.
    """
    with open_scope(store, account) as scope:
        current, previous = _pair(scope, account, month, window_months=window_months, random_state=random_state,
                                  current=current, previous=previous)
        if previous is None:
            return _nothing_before(scope, account, current, ["member", "platform", "segment_before", "reactions", "amplification",
                                             "participation", "active_days", "days_since_last_action", "p_active"], month, reveal)
        before = previous.set_index(["platform", "member"])["segment"]
        prev = before.reindex(pd.MultiIndex.from_frame(current[["platform", "member"]])).to_numpy(dtype=object)
        was_silent = np.array([(not isinstance(s, str)) or s == SILENT for s in prev], dtype=bool)
        pick = current["follows"].to_numpy() & was_silent & (current["ladder_step"] == "like_recommend").to_numpy()
        out = current.loc[pick].assign(segment_before=pd.array(prev[pick], dtype="string"))
        out = out.sort_values(["participation", "active_days", "member"], ascending=[False, False, True], ignore_index=True)
        out = out[["member", "platform", "segment_before", "reactions", "amplification", "participation", "active_days",
                   "days_since_last_action", "p_active"]]
        return add_handles(scope, account, out) if reveal else out


def drifting_away(
    store,
    account: str,
    month,
    *,
    window_months: int = 3,
    random_state: int = 0,
    reveal: bool = False,
    p_threshold: float = DRIFT_P_ACTIVE,
    current: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Ambassadors and community leaders who are drifting away.

    A member is drifting away when they were an ambassador, or on the
    ladder's ``co_own``/``lead`` steps, in the previous month and now either
    dropped to a lower segment, left, or have a probability of still being
    active below ``p_threshold`` (MBG/NBD, :mod:`~libcommunity.segments.activity`).

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``segment_before``, ``segment``,
        ``ladder_before``, ``ladder_step``, ``p_active``,
        ``days_since_last_action``, ``reason`` (``stepped_back``, ``left`` or
        ``unlikely_active``), sorted by ``p_active``.
    """
    with open_scope(store, account) as scope:
        if not 0 <= float(p_threshold) <= 1:
            raise ParameterError(f"p_threshold must be a probability from 0 to 1; got {p_threshold!r} instead")
        current, previous = _pair(scope, account, month, window_months=window_months, random_state=random_state,
                                  current=current, previous=previous)
        if previous is None:
            return _nothing_before(scope, account, current, ["member", "platform", "segment_before", "segment", "ladder_before",
                                             "ladder_step", "p_active", "days_since_last_action", "reason"], month, reveal)
        leaders = previous[(previous["segment"] == AMBASSADOR) | previous["ladder_step"].isin(["co_own", "lead"])]
        keys = ["platform", "member"]
        now = current[keys + ["segment", "ladder_step", "p_active", "days_since_last_action"]]
        out = leaders[keys + ["segment", "ladder_step"]].rename(columns={"segment": "segment_before", "ladder_step": "ladder_before"})
        out = out.merge(now, on=keys, how="left")
        before_rank = out["segment_before"].map(_RANK).to_numpy()
        after_rank = out["segment"].map(_RANK).to_numpy(dtype=float)
        gone = out["segment"].isna().to_numpy()
        lower = ~gone & (after_rank < before_rank)
        unlikely = ~gone & (out["p_active"].to_numpy(dtype=float) < float(p_threshold))
        out["reason"] = np.select([gone, lower, unlikely], ["left", "stepped_back", "unlikely_active"], default="")
        out = out[out["reason"] != ""]
        out = out.sort_values(["p_active", "member"], na_position="first", ignore_index=True)
        out = out[["member", "platform", "segment_before", "segment", "ladder_before", "ladder_step", "p_active",
                   "days_since_last_action", "reason"]]
        out["reason"] = out["reason"].astype("string")
        return add_handles(scope, account, out) if reveal else out


def new_and_promising(
    store,
    account: str,
    month,
    *,
    window_months: int = 3,
    random_state: int = 0,
    reveal: bool = False,
    current: pd.DataFrame | None = None,
    min_level: str = "contribute",
) -> pd.DataFrame:
    """Members who arrived during the window and already climbed the ladder.

    *New*: first seen (followed or first acted) within the window.
    *Promising*: already an ambassador, or on ladder step ``min_level``
    (default ``contribute``: commented, came to an event, answered a survey)
    or higher.

    Returns
    -------
    pandas.DataFrame
        ``member``, ``platform``, ``segment``, ``ladder_step``, ``tenure_days``,
        ``participation``, ``conversation``, ``amplification``, ``offline``,
        ``p_active``, sorted by ladder level and participation.
    """
    with open_scope(store, account) as scope:
        if min_level not in LADDER:
            raise ParameterError(f"min_level must be one of {', '.join(LADDER)}; got {min_level!r} instead")
        if current is None:
            current = segment_members(scope, account, month, window_months=window_months, random_state=random_state)
        months = current.attrs.get("window_months", window_months)
        m = parse_month(month)
        tz = current.attrs.get("timezone") or scope.timezone
        start = m.shift(-(int(months) - 1)).start(tz)
        end = m.end(tz)
        window_days = (end - start).total_seconds() / 86400.0
        new = current["tenure_days"].to_numpy(dtype=float) <= window_days
        promising = (current["segment"] == AMBASSADOR).to_numpy() | (current["ladder_level"].to_numpy() >= _LEVEL[min_level])
        out = current.loc[new & promising]
        out = out.sort_values(["ladder_level", "participation", "member"], ascending=[False, False, True], ignore_index=True)
        out = out[["member", "platform", "segment", "ladder_step", "tenure_days", "participation", "conversation",
                   "amplification", "offline", "p_active"]]
        return add_handles(scope, account, out) if reveal else out
