"""The one-pass member history (``features.history_table``) gives the features and activity histories of the
previous queries: below are the queries used before it (separate scans of the history, a per-day table of the
window, distinct active days for the activity model; the replies joined on the key itself, without the hash),
run on the same store and compared frame for frame."""

import numpy as np
import pandas as pd
import pytest

from libcommunity.metrics.scope import open_scope
from libcommunity.segments import activity, features
from libcommunity.segments.features import KIND_COLUMNS, features_of, window_of
from libcommunity.segments.memberorder import by_member

from .test_segments_fixtures import interactions, members

_P = ", ".join(f"'{k}'" for k in KIND_COLUMNS)
_COUNTS = ",\n    ".join(f"count(*) FILTER (WHERE kind = '{k}') AS {c}" for k, c in KIND_COLUMNS.items())
_SUMS = ",\n    ".join(f"sum({c}) AS {c}" for c in KIND_COLUMNS.values())

#: The features query before the one-pass history (every definition of docs/segmentation.md, section 2).
PREVIOUS_FEATURES_SQL = f"""
WITH
ia AS NOT MATERIALIZED (
  SELECT platform, interaction_id, member_id, kind, created_at, post_id, reply_to, library_side
  FROM lc_acts WHERE created_at < $end
),
mine AS NOT MATERIALIZED (SELECT * FROM ia WHERE NOT library_side AND member_id <> ''),
acts AS (SELECT * FROM mine WHERE kind IN ({_P})),
win AS (SELECT *, CAST(timezone($tz, created_at) AS DATE) AS day FROM acts WHERE created_at >= $start),
daily AS (SELECT platform, member_id, day, {_COUNTS}, count(*) AS n FROM win GROUP BY platform, member_id, day),
counts AS (
  SELECT platform, member_id, {_SUMS}, sum(n) AS participation, count(*) AS active_days,
    bit_count(bit_or(CASE WHEN wk < 64 THEN 1::UBIGINT << wk ELSE 0::UBIGINT END))
      + bit_count(bit_or(CASE WHEN wk >= 64 THEN 1::UBIGINT << (wk - 64) ELSE 0::UBIGINT END)) AS active_weeks,
    bit_count(bit_or(1::UBIGINT << date_diff('month', $month0::DATE, day))) AS active_months
  FROM (SELECT *, date_diff('day', $week0::DATE, day) // 7 AS wk FROM daily)
  GROUP BY platform, member_id
),
history AS (
  SELECT platform, member_id,
    min(created_at) FILTER (WHERE kind IN ({_P})) AS first_action,
    max(created_at) FILTER (WHERE kind IN ({_P})) AS last_action,
    min(created_at) FILTER (WHERE kind = 'follow') AS first_follow,
    max(created_at) FILTER (WHERE kind = 'follow') AS last_follow,
    max(created_at) FILTER (WHERE kind = 'unfollow') AS last_unfollow
  FROM mine GROUP BY platform, member_id
),
replies AS (
  SELECT r.platform, r.member_id AS replier, r.kind, r.library_side, t.member_id AS answered
  FROM (SELECT * FROM ia i WHERE i.created_at >= $start AND i.reply_to IS NOT NULL
        AND (i.library_side OR i.kind IN ({_P}))) r
  JOIN mine t ON t.platform = r.platform AND t.interaction_id = r.reply_to
  WHERE r.library_side OR t.member_id <> r.member_id
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
libreplies AS (
  SELECT platform, answered AS member_id, count(*) AS library_replies FROM replies WHERE library_side GROUP BY platform, answered
),
follow_events AS (
  SELECT platform, member_id, first_follow, last_follow, last_unfollow
  FROM history WHERE first_follow IS NOT NULL OR last_unfollow IS NOT NULL
),
mem AS (
  SELECT platform, member_id,
    CASE WHEN followed_at < $end THEN followed_at END AS followed_at,
    CASE WHEN unfollowed_at < $end THEN unfollowed_at END AS unfollowed_at,
    followers, following
  FROM lc_members
),
people AS (
  SELECT platform, member_id FROM mem
  UNION SELECT platform, member_id FROM follow_events
  UNION SELECT platform, member_id FROM counts
),
status AS (
  SELECT p.platform, p.member_id,
    greatest(m.followed_at, f.last_follow) AS follow_time,
    least(m.followed_at, f.first_follow) AS first_follow_time,
    greatest(m.unfollowed_at, f.last_unfollow) AS unfollow_time,
    m.followers, m.following
  FROM people p LEFT JOIN mem m USING (platform, member_id) LEFT JOIN follow_events f USING (platform, member_id)
),
flags AS (
  SELECT *, coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time), false) AS follows
  FROM status
)
SELECT
  s.member_id AS member, s.platform, s.follows,
  coalesce(s.follows AND s.follow_time >= $start, false) AS new_follower,
  {", ".join(f"coalesce(c.{c}, 0) AS {c}" for c in KIND_COLUMNS.values())},
  coalesce(c.participation, 0) AS participation,
  coalesce(c.shares, 0) + coalesce(c.mentions, 0) + coalesce(c.ugc, 0) AS amplification,
  coalesce(c.comments, 0) + coalesce(c.messages, 0) - coalesce(g.talk_replies, 0) AS conversation,
  coalesce(c.events, 0) + coalesce(c.surveys, 0) AS offline,
  coalesce(c.active_days, 0) AS active_days,
  coalesce(c.active_weeks, 0) AS active_weeks,
  coalesce(c.active_months, 0) AS active_months,
  coalesce(g.replies_given, 0) AS replies_given,
  coalesce(r.replies_received, 0) AS replies_received,
  coalesce(r.repliers, 0) AS repliers,
  coalesce(l.library_replies, 0) AS library_replies,
  least(s.first_follow_time, h.first_action) AS first_seen,
  h.last_action,
  epoch($end) - epoch(h.last_action) AS _since_s,
  epoch($end) - epoch(least(s.first_follow_time, h.first_action)) AS _tenure_s,
  s.followers, s.following
FROM flags s
LEFT JOIN counts c USING (platform, member_id)
LEFT JOIN history h USING (platform, member_id)
LEFT JOIN given g USING (platform, member_id)
LEFT JOIN received r USING (platform, member_id)
LEFT JOIN libreplies l USING (platform, member_id)
WHERE c.member_id IS NOT NULL OR s.follows
"""

#: The activity history query before the one-pass history: distinct local active days per member.
PREVIOUS_HISTORY_SQL = f"""
WITH days AS (
  SELECT DISTINCT platform, member_id, CAST(timezone($tz, created_at) AS DATE) AS day
  FROM lc_member_acts WHERE created_at < $end AND kind IN ({_P})
)
SELECT member_id AS member, platform, count(*) - 1 AS x,
  date_diff('day', min(day), max(day)) / 7.0 AS t_x,
  date_diff('day', min(day), $end_day) / 7.0 AS "T"
FROM days GROUP BY platform, member_id
"""

KINDS = (*KIND_COLUMNS, "follow", "unfollow")


@pytest.fixture(scope="module")
def busy_store(tmp_path_factory):
    """A Madrid account over 14 months (two DST changes each year), with every kind, replies between members and
    from the library, staff, follows and unfollows in both tables, members only in one of the two tables, and
    interactions on the edges of local days and months."""
    from libcommunity.store import Store
    from libcommunity.ingest import ingest_paths

    from .conftest import write_canonical_csv

    rng = np.random.default_rng(7)
    handles = [f"m{i:03d}" for i in range(120)]
    start = pd.Timestamp("2024-12-15T00:00Z")
    rows, ids = [], []
    for i in range(2500):
        who = handles[int(rng.zipf(1.6)) % len(handles)]
        kind = KINDS[int(rng.choice(len(KINDS), p=[0.4, 0.15, 0.08, 0.05, 0.04, 0.03, 0.03, 0.02, 0.12, 0.08]))]
        if i % 97 == 0:  # on the edge of a local day or month: 21:59-22:01 / 22:59-23:01 UTC
            day = start.normalize() + pd.Timedelta(days=int(rng.integers(0, 420)))
            when = day + pd.Timedelta(hours=int(rng.choice([21, 22])), minutes=59, seconds=int(rng.integers(0, 120)))
        else:
            when = start + pd.Timedelta(seconds=int(rng.integers(0, 420 * 86400)))
        reply_to = ids[int(rng.integers(0, len(ids)))] if ids and kind in ("comment", "message", "mention") and rng.random() < 0.4 else None
        iid = f"i{i}"
        ids.append(iid)
        rows.append((who, kind, when.isoformat(), "p1", reply_to, iid))
    for j, target in enumerate(ids[::40]):  # the library answers, and one staff member too
        rows.append(("@library", "comment", (start + pd.Timedelta(days=5 + j * 3)).isoformat(), "p1", target, f"l{j}", True))
        rows.append(("staffer", "comment", (start + pd.Timedelta(days=6 + j * 3)).isoformat(), "p1", target, f"s{j}"))
    mem = []
    for h in handles[::2] + ["only_in_members", "staffer"]:
        followed = (start + pd.Timedelta(days=int(rng.integers(0, 400)))).isoformat() if rng.random() < 0.7 else None
        unfollowed = (start + pd.Timedelta(days=int(rng.integers(0, 420)))).isoformat() if followed and rng.random() < 0.3 else None
        mem.append((h, followed, unfollowed, int(rng.integers(0, 500)), None, h == "staffer"))
    tables = {"members": members(mem), "interactions": interactions(rows)}
    root = tmp_path_factory.mktemp("onepass")
    paths = [write_canonical_csv(df, root / "src" / f"{name}.csv") for name, df in tables.items()]
    store = Store(root / "store")
    ingest_paths(paths, account="lib", store=store, timezone="Europe/Madrid")
    return store


def _previous_features(scope, window):
    return features._typed(by_member(scope.df(PREVIOUS_FEATURES_SQL, features.window_params(window))))


def _previous_history(scope, window):
    raw = by_member(scope.df(PREVIOUS_HISTORY_SQL, features.window_params(window)))
    return pd.DataFrame({"member": raw["member"].astype("string"), "platform": raw["platform"].astype("string"),
                         "x": raw["x"].astype("int64"), "t_x": raw["t_x"].astype("float64"), "T": raw["T"].astype("float64")})


@pytest.mark.parametrize("month", ["2025-01", "2025-03", "2025-04", "2025-10", "2025-11", "2026-01"])
@pytest.mark.parametrize("months", [1, 3, 12])
def test_one_pass_equals_the_previous_definition(busy_store, month, months):
    with open_scope(busy_store, "lib") as scope:
        window = window_of(month, scope.timezone, months)
        got = features_of(scope, window)
        history = activity._history(scope, window)
        expected = _previous_features(scope, window)
        expected_history = _previous_history(scope, window)
    assert len(got) > 10 and len(history) > 10
    pd.testing.assert_frame_equal(got, expected, check_like=False)
    pd.testing.assert_frame_equal(history, expected_history)


def test_the_history_table_is_built_once_and_dropped_when_both_are_computed(busy_store):
    def tables(scope):
        return [r[0] for r in scope.rows("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'lc_member_history%'")]

    with open_scope(busy_store, "lib") as scope:
        window = window_of("2025-10", scope.timezone, 3)
        name = features.history_table(scope, window)
        assert features.history_table(scope, window) == name and tables(scope) == [name]
        features_of(scope, window)
        assert tables(scope) == [name]  # the activity history of the window still needs it
        activity._history(scope, window)
        assert tables(scope) == []
        # a window with the same end and another start: its own table, for the features only
        features_of(scope, window_of("2025-10", scope.timezone, 1))
        assert tables(scope) == []
