"""What the ladder needs of several windows, in one query: the cheap part of the member features.

:func:`~libcommunity.segments.ladder.ladder_steps` reads a dozen columns of
:func:`~libcommunity.segments.member_features` (``follows``, the counts per kind,
``replies_given``, ``repliers``, ``active_months``), and
:mod:`libcommunity.people.events` wants them, with ``participation``, for
three windows of a few months that nothing else in a report looks at. The
full features of a window also work out every member's whole history (first
and last action, days ever active, tenure) and every kind of reply: for those
windows :func:`ladder_counts` computes only :data:`LADDER_COUNT_COLUMNS`, for
all the windows asked at once, from one scan of the account's interactions.

Every column is defined as in :func:`~libcommunity.segments.member_features`
(``docs/segmentation.md``) and the rows are the same members (the window's
participants and those who follow at its end): for every window the frame is
:func:`~libcommunity.segments.features_of`'s frame restricted to these columns
(``tests/test_segments_ladder_counts.py`` compares them).
"""

from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from .features import KIND_COLUMNS
from .memberorder import by_member

__all__ = ["LADDER_COUNT_COLUMNS", "ladder_counts"]

#: Columns of every frame :func:`ladder_counts` returns, in order (as in ``member_features``).
LADDER_COUNT_COLUMNS = (
    "member", "platform", "follows", *KIND_COLUMNS.values(), "participation", "active_months", "replies_given",
    "repliers",
)

_PARTICIPATION = ", ".join(f"'{k}'" for k in KIND_COLUMNS)

#: Over the scope's views and the windows ``wins`` (``i, start, "end"``; ``{windows}``: their ``VALUES`` rows). Each
#: CTE is the one of the features (:mod:`libcommunity.segments.features`) with the window as one more grouping key:
#:
#: * ``win``: the window's participations per kind, and its calendar months (local) with one;
#: * ``fol``: the last follow and the last unfollow before the window's end;
#: * ``mem``: the members table as it stood at the window's end;
#: * ``replies``: replies in the window (by a member, or by the library's side) to a member's interaction from before
#:   the window's end (the features' hash join, checked on the key itself).
_LADDER_COUNTS_SQL = f"""
WITH
wins(i, start, "end") AS (VALUES {{windows}}),
acts AS NOT MATERIALIZED (
  SELECT platform, interaction_id, member_id, kind, created_at, reply_to, library_side
  FROM lc_acts WHERE created_at < $last_end
),
mine AS NOT MATERIALIZED (  -- nothing from the library's side; '': an anonymous survey response, no member
  SELECT * FROM acts WHERE NOT library_side AND member_id <> ''
),
win AS (
  SELECT w.i, a.platform, a.member_id,
    {", ".join(f"count(*) FILTER (WHERE a.kind = '{k}') AS {c}" for k, c in KIND_COLUMNS.items())},
    count(*) AS participation,
    count(DISTINCT date_trunc('month', timezone($tz, a.created_at))) AS active_months
  FROM mine a JOIN wins w ON a.created_at >= w.start AND a.created_at < w."end"
  WHERE a.kind IN ({_PARTICIPATION})
  GROUP BY w.i, a.platform, a.member_id
),
fol AS (
  SELECT w.i, a.platform, a.member_id,
    max(a.created_at) FILTER (WHERE a.kind = 'follow') AS last_follow,
    max(a.created_at) FILTER (WHERE a.kind = 'unfollow') AS last_unfollow
  FROM mine a JOIN wins w ON a.created_at < w."end"
  WHERE a.kind IN ('follow', 'unfollow')
  GROUP BY w.i, a.platform, a.member_id
),
mem AS (
  SELECT w.i, m.platform, m.member_id,
    CASE WHEN m.followed_at < w."end" THEN m.followed_at END AS followed_at,
    CASE WHEN m.unfollowed_at < w."end" THEN m.unfollowed_at END AS unfollowed_at
  FROM lc_members m CROSS JOIN wins w
),
replies AS (
  SELECT r.i, r.platform, r.member_id AS replier, r.library_side, t.member_id AS answered
  FROM (
    SELECT w.i, w."end", a.platform, a.member_id, a.reply_to, a.library_side, hash(a.platform, a.reply_to) AS k
    FROM acts a JOIN wins w ON a.created_at >= w.start AND a.created_at < w."end"
    WHERE a.reply_to IS NOT NULL AND (a.library_side OR a.kind IN ({_PARTICIPATION}))
  ) r
  JOIN (SELECT platform, interaction_id, member_id, created_at, hash(platform, interaction_id) AS k FROM mine) t
    ON t.k = r.k
  WHERE t.platform = r.platform AND t.interaction_id = r.reply_to AND t.created_at < r."end"
    AND (r.library_side OR t.member_id <> r.member_id)
),
given AS (
  SELECT i, platform, replier AS member_id, count(*) AS replies_given
  FROM replies WHERE NOT library_side GROUP BY i, platform, replier
),
received AS (
  SELECT i, platform, answered AS member_id, count(DISTINCT replier) AS repliers
  FROM replies WHERE NOT library_side GROUP BY i, platform, answered
),
history AS (
  SELECT coalesce(h.i, f.i) AS i, coalesce(h.platform, f.platform) AS platform,
    coalesce(h.member_id, f.member_id) AS member_id,
    h.* EXCLUDE (i, platform, member_id), f.last_follow, f.last_unfollow
  FROM win h FULL JOIN fol f ON f.i = h.i AND f.platform = h.platform AND f.member_id = h.member_id
),
status AS (
  SELECT coalesce(h.i, m.i) AS i, coalesce(h.platform, m.platform) AS platform,
    coalesce(h.member_id, m.member_id) AS member_id,
    greatest(m.followed_at, h.last_follow) AS follow_time,
    greatest(m.unfollowed_at, h.last_unfollow) AS unfollow_time,
    h.* EXCLUDE (i, platform, member_id, last_follow, last_unfollow)
  FROM history h FULL JOIN mem m ON m.i = h.i AND m.platform = h.platform AND m.member_id = h.member_id
),
flags AS (
  SELECT *,
    coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time), false) AS follows
  FROM status
)
SELECT s.i, s.member_id AS member, s.platform, s.follows,
  {", ".join(f"coalesce(s.{c}, 0) AS {c}" for c in KIND_COLUMNS.values())},
  coalesce(s.participation, 0) AS participation,
  coalesce(s.active_months, 0) AS active_months,
  coalesce(g.replies_given, 0) AS replies_given,
  coalesce(r.repliers, 0) AS repliers
FROM flags s
LEFT JOIN given g ON g.i = s.i AND g.platform = s.platform AND g.member_id = s.member_id
LEFT JOIN received r ON r.i = s.i AND r.platform = s.platform AND r.member_id = s.member_id
WHERE s.participation > 0 OR s.follows
"""


def ladder_counts(scope, windows) -> list[pd.DataFrame]:
    """:data:`LADDER_COUNT_COLUMNS` of every member of each window, the windows in one query.

    Parameters
    ----------
    scope : Scope
    windows : sequence of Window
        Windows in the scope's timezone, each starting at a local midnight (a month's start).

    Returns
    -------
    list of DataFrame
        One frame per window, in order: the rows and columns of
        :func:`~libcommunity.segments.features_of` of that window restricted to
        :data:`LADDER_COUNT_COLUMNS` (one row per member of the window, sorted by
        platform and member; counts int64, ``follows`` bool).
    """
    windows = list(windows)
    if not windows:
        return []
    zones = {w.timezone for w in windows}
    if zones != {scope.timezone}:
        raise ParameterError(f"windows must be in the account's timezone {scope.timezone}; got {', '.join(sorted(zones))} instead")
    for w in windows:
        local = w.start.tz_convert(w.timezone)
        if local != local.normalize():  # active months are counted by local calendar month, as the features do
            raise ParameterError(f"a window must start at a local midnight; {w.label()} starts at {local}")
    values = ", ".join(f"({i}, $start{i}::TIMESTAMPTZ, $end{i}::TIMESTAMPTZ)" for i in range(len(windows)))
    params = {"tz": scope.timezone, "last_end": max(w.end for w in windows)}
    for i, w in enumerate(windows):
        params[f"start{i}"], params[f"end{i}"] = w.start, w.end
    raw = scope.df(_LADDER_COUNTS_SQL.replace("{windows}", values), params)
    return [_typed(raw[raw["i"] == i]) for i in range(len(windows))]


def _typed(raw: pd.DataFrame) -> pd.DataFrame:
    raw = by_member(raw)
    # one frame from a dict of columns: inserting them one by one costs pandas a millisecond per column
    cols = {"member": raw["member"].astype("string"), "platform": raw["platform"].astype("string"),
            "follows": raw["follows"].fillna(False).astype(bool)}
    for col in LADDER_COUNT_COLUMNS[3:]:
        cols[col] = raw[col].fillna(0).astype("int64")
    return pd.DataFrame(cols, index=raw.index)
