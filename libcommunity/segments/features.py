"""Per-member features of an account over a window of months, computed in DuckDB.

The window of a report month is that month and the ``window_months - 1``
months before it, each a calendar month in the account's IANA timezone. All
event-level work happens in DuckDB against the store's views; pandas only
receives one row per member. Every column is defined in
``docs/segmentation.md``; :data:`FEATURE_COLUMNS` lists them in order.

Who is a member of the window
-----------------------------
Nothing from the library's side counts: not its own interactions
(``by_library``), and no interaction or member row of an identity that is
staff (``members.is_staff``) or ever acted as the library (the same rule as
the metrics, :mod:`libcommunity.metrics.members`). A person is a member of the window when
they took part in it (any interaction of a participation kind, i.e. anything
but follow/unfollow) or when the data shows they follow the account at the
window's end: a ``followed_at`` (members table) or a ``follow`` interaction
before the end, not undone by a later ``unfollowed_at`` or ``unfollow``. A
``members`` row without ``followed_at`` does not show that the person
follows (exports list people who interact without following too). Members who unfollowed before the
window's end and never took part in it are not members any more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..metrics.scope import open_scope
from ..months import Month, parse_month
from .memberorder import by_member

__all__ = [
    "KIND_COLUMNS",
    "AMPLIFICATION_KINDS",
    "FEATURE_COLUMNS",
    "COUNT_COLUMNS",
    "Window",
    "window_of",
    "member_features",
    "features_of",
]

#: Count column of each participation kind (interactions.kind -> column).
KIND_COLUMNS = {
    "reaction": "reactions",
    "comment": "comments",
    "share": "shares",
    "mention": "mentions",
    "message": "messages",
    "ugc": "ugc",
    "event": "events",
    "survey": "surveys",
}
#: Kinds that spread the library to the member's own audience.
AMPLIFICATION_KINDS = ("share", "mention", "ugc")

#: Integer columns (never null).
COUNT_COLUMNS = (
    *KIND_COLUMNS.values(),
    "participation",
    "amplification",
    "conversation",
    "offline",
    "active_days",
    "active_weeks",
    "active_months",
    "replies_given",
    "replies_received",
    "repliers",
    "library_replies",
)

#: Columns of :func:`member_features`, in order.
FEATURE_COLUMNS = (
    "member",
    "platform",
    "follows",
    "new_follower",
    *COUNT_COLUMNS,
    "first_seen",
    "last_action",
    "days_since_last_action",
    "tenure_days",
    "followers",
    "following",
)


@dataclass(frozen=True)
class Window:
    """The months a report month's features look at.

    Attributes
    ----------
    month : Month
        The report month (the window's last month).
    months : int
        Number of calendar months in the window.
    timezone : str
        The account's IANA timezone.
    start, end : pandas.Timestamp
        UTC bounds, ``start <= t < end``.
    """

    month: Month
    months: int
    timezone: str
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def first_month(self) -> Month:
        return self.month.shift(-(self.months - 1))

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400.0

    def label(self) -> str:
        """``"2025-08..2025-10"`` (or the month alone for a one-month window)."""
        return str(self.month) if self.months == 1 else f"{self.first_month}..{self.month}"

    def __deepcopy__(self, memo) -> "Window":
        """The window itself: it cannot change (pandas deep-copies a frame's ``attrs``, which hold it, into every
        frame derived from the features, a column selection included)."""
        return self


def _check_window_months(window_months) -> int:
    if isinstance(window_months, bool) or not isinstance(window_months, (int, np.integer)) or not 1 <= window_months <= 24:
        raise ParameterError(f"window_months must be an integer from 1 to 24; got {window_months!r} instead")
    return int(window_months)


def window_of(month, timezone: str, window_months: int = 3) -> Window:
    """The :class:`Window` ending with ``month`` in ``timezone``.

    Parameters
    ----------
    month : str or Month
        Report month, ``YYYY-MM``.
    timezone : str
        IANA timezone of the account.
    window_months : int
        Months in the window, the report month included (1 to 24).
    """
    m = parse_month(month)
    n = _check_window_months(window_months)
    first = m.shift(-(n - 1))
    return Window(m, n, timezone, first.start(timezone), m.end(timezone))


_PARTICIPATION = ", ".join(f"'{k}'" for k in KIND_COLUMNS)
_KIND_COUNTS = ",\n    ".join(f"count(*) FILTER (WHERE kind = '{k}') AS {c}" for k, c in KIND_COLUMNS.items())

#: Over the scope's views (:mod:`libcommunity.metrics.members`): ``lc_acts`` marks the library's side (staff, and
#: whoever ever acted as the library: ``lc_lib_ids``), ``lc_members`` leaves those identities out.
#:
#: The members' history up to the window's end, shared by the features and by the activity history
#: (:mod:`libcommunity.segments.activity`), one row per member, from three groupings of what members did:
#:
#: * ``per_day``: the history's participations grouped by member: the distinct local days (``days_ever``), the
#:   first and last of them, the first and last participation, and in the window the active days, weeks and
#:   months; by day words (:mod:`libcommunity.segments.daywords`), or, for a history longer than their span,
#:   through a grouping by member and local day (:data:`~libcommunity.segments.daywords.MEMBER_DAYS_SQL`);
#: * ``win``: the window's participations per kind, grouped over the window's rows only (the window is the last
#:   few of the history's months: its partitions alone are read);
#: * ``fol``: the follows and unfollows (a few per cent of the rows).
#:
#: The window is a span of whole local days (``$start`` is the first instant of the local day ``$day0``), so a
#: day is in the window when ``day >= $day0``. The local day of an interaction is
#: :func:`~libcommunity.segments.localday.local_day_sql`'s (``{local_day}``), the day ``timezone()`` gives, computed
#: from the zone's offsets over the account's months instead of a time-zone lookup per row.
_HISTORY_TABLE_SQL = f"""
CREATE TEMP TABLE {{table}} AS
WITH
mine AS NOT MATERIALIZED (  -- what members did up to the window's end: nothing from the library's side
  SELECT platform, member_id, kind, created_at FROM lc_acts
  WHERE created_at < $end AND NOT library_side AND member_id <> ''  -- '': an anonymous survey response, no member
),
participations AS NOT MATERIALIZED (
  SELECT platform, member_id, created_at, {{local_day}} AS day  -- CAST(timezone($tz, created_at) AS DATE), faster
  FROM mine WHERE kind IN ({_PARTICIPATION})
),
per_day AS ({{per_day}}
),
win AS (  -- the window's participations per kind
  SELECT platform, member_id,
    {_KIND_COUNTS},
    count(*) AS participation
  FROM mine WHERE created_at >= $start AND kind IN ({_PARTICIPATION})
  GROUP BY platform, member_id
),
fol AS (
  SELECT platform, member_id,
    min(created_at) FILTER (WHERE kind = 'follow') AS first_follow,
    max(created_at) FILTER (WHERE kind = 'follow') AS last_follow,
    max(created_at) FILTER (WHERE kind = 'unfollow') AS last_unfollow
  FROM mine WHERE kind IN ('follow', 'unfollow')
  GROUP BY platform, member_id
)
SELECT platform, member_id,
  {", ".join(f"coalesce(w.{c}, 0) AS {c}" for c in KIND_COLUMNS.values())},
  coalesce(w.participation, 0) AS participation,
  d.first_action, d.last_action, f.first_follow, f.last_follow, f.last_unfollow,
  d.days_ever, d.first_day, d.last_day, d.active_days, d.active_weeks, d.active_months
FROM per_day d
LEFT JOIN win w USING (platform, member_id)  -- every member with a participation in the window has days
FULL JOIN fol f USING (platform, member_id)
"""

#: The features of the window, from the history table (``{{table}}``, :data:`_HISTORY_TABLE_SQL`), the members
#: table and the replies of the window.
_FEATURES_SQL = f"""
WITH
ia AS NOT MATERIALIZED (
  SELECT platform, interaction_id, member_id, kind, created_at, post_id, reply_to, library_side
  FROM lc_acts WHERE created_at < $end
),
mine AS NOT MATERIALIZED (  -- what members did up to the window's end: nothing from the library's side
  SELECT * FROM ia WHERE NOT library_side AND member_id <> ''  -- '': an anonymous survey response, no member
),
replies AS (  -- replies in the window (by members or by the library's side) to a member's interaction
  -- Joined on a 64-bit hash of the key, then checked on the key itself: probing every interaction of the
  -- history with an integer is several times cheaper than with strings (exact: a collision is filtered out).
  SELECT r.platform, r.member_id AS replier, r.kind, r.library_side, t.member_id AS answered
  FROM (
    SELECT i.platform, i.member_id, i.kind, i.reply_to, i.library_side, hash(i.platform, i.reply_to) AS k FROM ia i
    WHERE i.created_at >= $start AND i.reply_to IS NOT NULL
      AND (i.library_side OR i.kind IN ({_PARTICIPATION}))
  ) r
  JOIN (SELECT platform, interaction_id, member_id, hash(platform, interaction_id) AS k FROM mine) t ON t.k = r.k
  WHERE t.platform = r.platform AND t.interaction_id = r.reply_to AND (r.library_side OR t.member_id <> r.member_id)
),
given AS (
  SELECT platform, replier AS member_id, count(*) AS replies_given,
    count(*) FILTER (WHERE kind IN ('comment', 'message')) AS talk_replies
  FROM replies WHERE NOT library_side GROUP BY platform, replier
),
received AS (
  SELECT platform, answered AS member_id, count(*) AS replies_received, count(DISTINCT replier) AS repliers
  FROM replies WHERE NOT library_side GROUP BY platform, answered
),
libreplies AS (  -- the library's replies in the window to this member's interactions
  SELECT platform, answered AS member_id, count(*) AS library_replies
  FROM replies WHERE library_side GROUP BY platform, answered
),
mem AS (
  SELECT platform, member_id,
    CASE WHEN followed_at < $end THEN followed_at END AS followed_at,
    CASE WHEN unfollowed_at < $end THEN unfollowed_at END AS unfollowed_at,
    followers, following
  FROM lc_members
),
status AS (  -- everyone with a members row or a history (who is a member is decided below)
  SELECT coalesce(h.platform, m.platform) AS platform, coalesce(h.member_id, m.member_id) AS member_id,
    greatest(m.followed_at, h.last_follow) AS follow_time,
    least(m.followed_at, h.first_follow) AS first_follow_time,
    greatest(m.unfollowed_at, h.last_unfollow) AS unfollow_time,
    m.followers, m.following,
    h.* EXCLUDE (platform, member_id)
  FROM {{table}} h
  FULL JOIN mem m ON m.platform = h.platform AND m.member_id = h.member_id
),
flags AS (
  SELECT *,
    coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time), false) AS follows
  FROM status
)
SELECT
  s.member_id AS member, s.platform,
  s.follows,
  coalesce(s.follows AND s.follow_time >= $start, false) AS new_follower,
  {", ".join(f"coalesce(s.{c}, 0) AS {c}" for c in KIND_COLUMNS.values())},
  coalesce(s.participation, 0) AS participation,
  {" + ".join(f"coalesce(s.{KIND_COLUMNS[k]}, 0)" for k in AMPLIFICATION_KINDS)} AS amplification,
  coalesce(s.comments, 0) + coalesce(s.messages, 0) - coalesce(g.talk_replies, 0) AS conversation,
  coalesce(s.events, 0) + coalesce(s.surveys, 0) AS offline,
  coalesce(s.active_days, 0) AS active_days,
  coalesce(s.active_weeks, 0) AS active_weeks,
  coalesce(s.active_months, 0) AS active_months,
  coalesce(g.replies_given, 0) AS replies_given,
  coalesce(r.replies_received, 0) AS replies_received,
  coalesce(r.repliers, 0) AS repliers,
  coalesce(l.library_replies, 0) AS library_replies,
  least(s.first_follow_time, s.first_action) AS first_seen,
  s.last_action,
  epoch($end) - epoch(s.last_action) AS _since_s,
  epoch($end) - epoch(least(s.first_follow_time, s.first_action)) AS _tenure_s,
  s.followers, s.following,
  -- the active-day history of activity._HISTORY_SQL (x, t_x, T), for the probability of being active
  CASE WHEN s.days_ever > 0 THEN s.days_ever - 1 END AS _x,
  CASE WHEN s.days_ever > 0 THEN date_diff('day', s.first_day, s.last_day) / 7.0 END AS _t_x,
  CASE WHEN s.days_ever > 0 THEN date_diff('day', s.first_day, $end_day) / 7.0 END AS _T
FROM flags s
LEFT JOIN given g USING (platform, member_id)
LEFT JOIN received r USING (platform, member_id)
LEFT JOIN libreplies l USING (platform, member_id)
WHERE s.participation > 0 OR s.follows
"""


def _typed(raw: pd.DataFrame) -> pd.DataFrame:
    raw = raw.reset_index(drop=True)
    # one frame from a dict of columns: inserting them one by one costs pandas a millisecond per column
    out = {"member": raw["member"].astype("string"), "platform": raw["platform"].astype("string"),
           "follows": raw["follows"].fillna(False).astype(bool),
           "new_follower": raw["new_follower"].fillna(False).astype(bool)}
    for col in COUNT_COLUMNS:
        out[col] = raw[col].fillna(0).astype("int64")
    for col in ("first_seen", "last_action"):
        out[col] = pd.to_datetime(raw[col], utc=True).astype("datetime64[us, UTC]")
    out["days_since_last_action"] = raw["_since_s"].astype("float64") / 86400.0
    out["tenure_days"] = raw["_tenure_s"].astype("float64") / 86400.0
    for col in ("followers", "following"):
        out[col] = raw[col].astype("Int64")
    return pd.DataFrame({c: out[c] for c in FEATURE_COLUMNS}, index=raw.index)


def member_features(store, account: str, month, *, window_months: int = 3) -> pd.DataFrame:
    """One row of features per member of ``account`` over the window ending with ``month``.

    Parameters
    ----------
    store : Store, store-like or Scope
        The store to read (a scope computes the features of a window once).
    account : str
        Account slug.
    month : str or Month
        Report month ``YYYY-MM`` (a calendar month in the account's timezone).
    window_months : int, default 3
        Months in the window: the report month and the ``window_months - 1``
        months before it.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FEATURE_COLUMNS`, one row per member pseudonym
        (``member``), sorted by platform and member. ``attrs["window"]`` holds
        the :class:`Window`. Counts are int64; ``followers``/``following`` are
        nullable (unknown audience); ``days_since_last_action`` is NaN for a
        member who never took part.

    Raises
    ------
    UnknownAccountError
        If ``account`` is not in the store.
    ParameterError
        If ``month`` or ``window_months`` is malformed.
    """
    with open_scope(store, account) as scope:
        return features_of(scope, window_of(month, scope.timezone, window_months)).copy()


def window_params(window: Window) -> dict:
    """The parameters of :data:`_HISTORY_TABLE_SQL` and :data:`_FEATURES_SQL` for ``window``."""
    local_start = window.start.tz_convert(window.timezone)
    first_day = local_start.date()
    if local_start != local_start.normalize():  # never for a month's start; the day filter relies on it
        raise ParameterError(f"a window must start at a local midnight; {window.label()} starts at {local_start}")
    end_day = window.end.tz_convert(window.timezone).tz_localize(None).normalize().date()
    return {"tz": window.timezone, "start": window.start, "end": window.end, "day0": first_day, "end_day": end_day,
            "week0": first_day - pd.Timedelta(days=first_day.weekday()), "month0": first_day.replace(day=1)}


#: Scope memo keys of the features of a window and of the activity history up to a window's end.
FEATURES_KEY = "member_features"
ACTIVITY_HISTORY_KEY = "activity_history"
#: Scope memo keys of the features' rows' active-day histories (``x``, ``t_x``, ``T`` of each row of the features
#: of a window, NaN without one) and of the histories the activity model is fitted on, read without the members
#: (:func:`libcommunity.segments.activity.start_activity_fit`).
FEATURE_HISTORIES_KEY = "feature_histories"
ACTIVITY_FIT_KEY = "activity_fit_histories"


def history_table(scope, window: Window) -> str:
    """Name of the scope's temporary table of every member's history up to ``window``'s end, built once.

    One row per member who did anything but from the library's side up to the
    window's end (:data:`_HISTORY_TABLE_SQL`): the window's counts per kind,
    participation, active days, weeks and months; first and last
    participation, first and last follow and last unfollow; and over the whole
    history the local days with a participation (``days_ever``) and the first
    and last of them. :func:`features_of` and the activity history
    (:func:`libcommunity.segments.activity.activity_history`) read it; the table
    is dropped once both have been computed for the window.
    """
    tables = scope.memo(("member_history_tables",), dict)  # window -> table, while the table exists
    built = scope.memo(("member_history_built",), list)  # every table built in the scope: unique names
    key = (window.start, window.end, window.timezone)
    if key not in tables:
        name = f"lc_member_history_{len(built)}"
        build_history_table(scope, window, name)
        built.append(name)
        tables[key] = name
    return tables[key]


def build_history_table(scope, window: Window, name: str, *, history_from: pd.Timestamp | None = None,
                        day_words: bool = True) -> None:
    """Create the temporary table ``name`` of :func:`history_table` (same rows, columns and types either way).

    Parameters
    ----------
    scope : Scope
    window : Window
    name : str
        The table to create.
    history_from : pandas.Timestamp, optional
        The earliest instant the history is expected to hold (default: the start of the first month of the
        account's interactions that the store's coverage records).
    day_words : bool, default True
        Count distinct days by day words (:mod:`libcommunity.segments.daywords`) when the history fits their
        span; a table with a participation outside the span is built again through the member-day grouping.
        False: through the member-day grouping alone.
    """
    from .daywords import MEMBER_DAYS_SQL, day_span, outside_span_sql, per_member_sql

    first = _history_from(scope, window) if history_from is None else history_from
    params = window_params(window)
    local_day = _local_day(scope, window, first)

    def build(per_day: str) -> None:
        query = _HISTORY_TABLE_SQL.replace("{per_day}", per_day).replace("{table}", name)
        scope.execute(query.replace("{local_day}", local_day), params)

    # a day's margin: the first row's UTC month may start the local day before
    span = day_span(first.tz_convert(window.timezone).date() - datetime.timedelta(days=1), params["day0"],
                    params["end_day"]) if day_words else None
    if span is not None:
        build(per_member_sql(span, "participations"))
        if not scope.one(outside_span_sql(span, name))[0]:
            return
        scope.execute(f"DROP TABLE {name}")  # a day outside the span (the coverage did not record its month)
    build(MEMBER_DAYS_SQL)


def _history_from(scope, window: Window) -> pd.Timestamp:
    """The start of the first month of the account's interactions by the store's coverage (the window's first
    month without one)."""
    cov = scope.coverage
    months = [m for p in cov.platforms for m in cov.table_months("interactions", p)]
    return min(months, default=window.first_month).start(window.timezone)


def _local_day(scope, window: Window, first: pd.Timestamp) -> str:
    """SQL of the local day of ``created_at`` (:func:`~libcommunity.segments.localday.local_day_sql`) for a history
    up to ``window``'s end: without a time-zone lookup from ``first`` on."""
    from .localday import local_day_sql

    epoch_us = lambda t: int(t.value // 1000)  # noqa: E731 - pandas Timestamp (ns) to microseconds
    return local_day_sql(scope.con, "created_at", window.timezone, epoch_us(first), epoch_us(window.end))


def release_history_table(scope, window: Window) -> None:
    """Drop ``window``'s history table when the features and the activity history of its end (or the histories
    its model is fitted on) are both computed."""
    tables = scope.stored(("member_history_tables",), {})
    key = (window.start, window.end, window.timezone)
    activity = (scope.cached((ACTIVITY_HISTORY_KEY, window.end, window.timezone))
                or scope.cached((ACTIVITY_FIT_KEY, window.end, window.timezone)))
    if key in tables and scope.cached((FEATURES_KEY, window)) and activity:
        scope.execute(f"DROP TABLE IF EXISTS {tables.pop(key)}")


def features_of(scope, window: Window) -> pd.DataFrame:
    """:func:`member_features` of ``window`` in a scope, computed once per scope (the frame is the scope's)."""

    def compute():
        query = _FEATURES_SQL.replace("{table}", history_table(scope, window))
        # Sorted here, not in SQL: Arrow sorts the two key columns faster than DuckDB sorts every column.
        raw = by_member(scope.arrow(query, window_params(window)).to_pandas())
        histories = tuple(raw[c].to_numpy(dtype=np.float64, na_value=np.nan) for c in ("_x", "_t_x", "_T"))
        scope.memo((FEATURE_HISTORIES_KEY, window), lambda: histories)
        out = _typed(raw)
        out.attrs["window"] = window
        out.attrs["account"] = scope.account
        return out

    out = scope.memo((FEATURES_KEY, window), compute)
    release_history_table(scope, window)
    return out
