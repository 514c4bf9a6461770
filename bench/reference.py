"""Two independent implementations of the member features, to measure ``member_features`` against.

Both compute exactly :func:`libcommunity.segments.member_features` (the
columns of :data:`~libcommunity.segments.features.FEATURE_COLUMNS`, defined in
``docs/segmentation.md``) for one account and window, from the store's
Parquet files listed in its manifest, without any of libcommunity's query
code:

* :func:`duckdb_features`: one query a person fluent in DuckDB would write by
  hand against ``read_parquet`` of the files, fetched as a DataFrame;
* :func:`pandas_features`: plain, idiomatic pandas (``read_parquet`` of the
  columns needed, boolean masks, ``merge``, ``groupby``).

For ingest, :func:`copy_parquet` is the floor any ingest that has to rewrite
its rows (to replace handles by pseudonyms) cannot beat: the files read and
written back with pyarrow in the store's codec and row-group size, nothing
checked, nothing changed.

:func:`compare_features` checks that two feature tables agree (the scale
benchmark checks all three in every run; ``tests/test_bench_scale.py`` does
on small accounts).
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

from libcommunity.segments.features import AMPLIFICATION_KINDS, COUNT_COLUMNS, FEATURE_COLUMNS, KIND_COLUMNS, window_of
from libcommunity.store import Store

__all__ = ["copy_parquet", "DUCKDB_FEATURES_SQL", "duckdb_features", "pandas_features", "compare_features", "typed_features"]

_PART = ", ".join(f"'{k}'" for k in KIND_COLUMNS)

DUCKDB_FEATURES_SQL = f"""
WITH
library_ids AS (  -- staff, and every identity that ever acted as the library
  SELECT platform, member_id FROM read_parquet($members) WHERE is_staff
  UNION SELECT platform, member_id FROM read_parquet($interactions) WHERE by_library
),
ia AS (
  SELECT platform, interaction_id, member_id, kind, created_at, reply_to, by_library
  FROM read_parquet($interactions) WHERE created_at < $end
),
ia_s AS (  -- each row with whether it is on the library's side
  SELECT ia.*, by_library OR l.member_id IS NOT NULL AS library_side
  FROM ia LEFT JOIN library_ids l USING (platform, member_id)
),
mine AS (SELECT * FROM ia_s WHERE NOT library_side),
per_member AS (
  SELECT platform, member_id,
    {", ".join(f"count(*) FILTER (WHERE w AND kind = '{k}') AS {c}" for k, c in KIND_COLUMNS.items())},
    count(*) FILTER (WHERE w) AS participation,
    count(DISTINCT day) FILTER (WHERE w) AS active_days,
    count(DISTINCT date_trunc('week', day)) FILTER (WHERE w) AS active_weeks,
    count(DISTINCT date_trunc('month', day)) FILTER (WHERE w) AS active_months,
    min(created_at) AS first_action, max(created_at) AS last_action
  FROM (
    SELECT platform, member_id, kind, created_at, created_at >= $start AS w,
           CASE WHEN created_at >= $start THEN CAST(timezone($tz, created_at) AS DATE) END AS day
    FROM mine WHERE kind IN ({_PART})
  )
  GROUP BY platform, member_id
),
follow_events AS (
  SELECT platform, member_id,
    min(created_at) FILTER (WHERE kind = 'follow') AS first_follow,
    max(created_at) FILTER (WHERE kind = 'follow') AS last_follow,
    max(created_at) FILTER (WHERE kind = 'unfollow') AS last_unfollow
  FROM mine WHERE kind IN ('follow', 'unfollow') GROUP BY platform, member_id
),
replies AS (
  SELECT r.platform, r.member_id AS replier, r.kind, r.library_side, t.member_id AS answered
  FROM ia_s r JOIN mine t ON t.platform = r.platform AND t.interaction_id = r.reply_to
  WHERE r.created_at >= $start AND (r.library_side OR r.kind IN ({_PART}))
    AND (r.library_side OR t.member_id <> r.member_id)
),
given AS (
  SELECT platform, replier AS member_id, count(*) AS replies_given,
         count(*) FILTER (WHERE kind IN ('comment', 'message')) AS talk_replies
  FROM replies WHERE NOT library_side GROUP BY ALL
),
received AS (
  SELECT platform, answered AS member_id, count(*) FILTER (WHERE NOT library_side) AS replies_received,
         count(DISTINCT replier) FILTER (WHERE NOT library_side) AS repliers,
         count(*) FILTER (WHERE library_side) AS library_replies
  FROM replies GROUP BY ALL
),
mem AS (
  SELECT platform, member_id,
         CASE WHEN followed_at < $end THEN followed_at END AS followed_at,
         CASE WHEN unfollowed_at < $end THEN unfollowed_at END AS unfollowed_at,
         followers, following
  FROM read_parquet($members) m ANTI JOIN library_ids l USING (platform, member_id)
),
status AS (
  SELECT platform, member_id,
         greatest(m.followed_at, f.last_follow) AS follow_time,
         least(m.followed_at, f.first_follow) AS first_follow_time,
         greatest(m.unfollowed_at, f.last_unfollow) AS unfollow_time,
         m.followers, m.following
  FROM mem m FULL JOIN follow_events f USING (platform, member_id)
)
SELECT member_id AS member, platform,
  coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time), false) AS follows,
  coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time)
           AND follow_time >= $start, false) AS new_follower,
  {", ".join(f"coalesce({c}, 0) AS {c}" for c in KIND_COLUMNS.values())},
  coalesce(participation, 0) AS participation,
  {" + ".join(f"coalesce({KIND_COLUMNS[k]}, 0)" for k in AMPLIFICATION_KINDS)} AS amplification,
  coalesce(comments, 0) + coalesce(messages, 0) - coalesce(talk_replies, 0) AS conversation,
  coalesce(events, 0) + coalesce(surveys, 0) AS offline,
  coalesce(active_days, 0) AS active_days, coalesce(active_weeks, 0) AS active_weeks,
  coalesce(active_months, 0) AS active_months,
  coalesce(replies_given, 0) AS replies_given, coalesce(replies_received, 0) AS replies_received,
  coalesce(repliers, 0) AS repliers, coalesce(library_replies, 0) AS library_replies,
  least(first_follow_time, first_action) AS first_seen, last_action,
  (epoch($end) - epoch(last_action)) / 86400.0 AS days_since_last_action,
  (epoch($end) - epoch(least(first_follow_time, first_action))) / 86400.0 AS tenure_days,
  followers, following
FROM status s
FULL JOIN per_member p USING (platform, member_id)
LEFT JOIN given g USING (platform, member_id)
LEFT JOIN received r USING (platform, member_id)
WHERE p.participation > 0
   OR coalesce(follow_time IS NOT NULL AND (unfollow_time IS NULL OR unfollow_time < follow_time), false)
ORDER BY platform, member_id
"""


def typed_features(raw: pd.DataFrame) -> pd.DataFrame:
    """A feature table with the dtypes of ``member_features`` (columns in order, index 0..n-1)."""
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(index=raw.index)
    out["member"] = raw["member"].astype("string")
    out["platform"] = raw["platform"].astype("string")
    out["follows"] = raw["follows"].fillna(False).astype(bool)
    out["new_follower"] = raw["new_follower"].fillna(False).astype(bool)
    for col in COUNT_COLUMNS:
        out[col] = raw[col].fillna(0).astype("int64")
    for col in ("first_seen", "last_action"):
        out[col] = pd.to_datetime(raw[col], utc=True).astype("datetime64[us, UTC]")
    for col in ("days_since_last_action", "tenure_days"):
        out[col] = raw[col].astype("float64")
    for col in ("followers", "following"):
        out[col] = raw[col].astype("Int64")
    return out[list(FEATURE_COLUMNS)]


def _window(store: Store, account: str, month, window_months: int):
    return window_of(month, store.timezone(account), window_months)


def duckdb_features(store: Store, account: str, month, *, window_months: int = 3) -> pd.DataFrame:
    """The member features by :data:`DUCKDB_FEATURES_SQL` on the store's files (a plain DuckDB connection)."""
    w = _window(store, account, month, window_months)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET enable_progress_bar = false")
        raw = con.execute(
            DUCKDB_FEATURES_SQL,
            {
                "interactions": [str(f) for f in store.files("interactions", account)],
                "members": [str(f) for f in store.files("members", account)],
                "tz": w.timezone,
                "start": w.start,
                "end": w.end,
            },
        ).df()
    finally:
        con.close()
    return typed_features(raw)


def _read(store: Store, table: str, account: str, columns: list) -> pd.DataFrame:
    files = store.files(table, account)
    return pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)


def pandas_features(store: Store, account: str, month, *, window_months: int = 3) -> pd.DataFrame:
    """The member features in plain pandas, from ``pandas.read_parquet`` of the store's files."""
    w = _window(store, account, month, window_months)
    start, end = w.start, w.end
    keys = ["platform", "member_id"]
    inter = _read(store, "interactions", account, ["platform", "interaction_id", "member_id", "kind", "created_at", "reply_to", "by_library"])
    members = _read(store, "members", account, ["platform", "member_id", "followed_at", "unfollowed_at", "followers", "following", "is_staff"])

    # the library's side: staff, and every identity that ever acted as the library (all history)
    library_ids = pd.concat(
        [members.loc[members["is_staff"], keys], inter.loc[inter["by_library"], keys]]
    ).drop_duplicates().assign(_lib=True)
    inter = inter[inter["created_at"] < end]
    inter = inter.merge(library_ids, on=keys, how="left")
    inter["library_side"] = inter["by_library"] | inter["_lib"].notna()
    mine = inter[~inter["library_side"]]
    part_kinds = list(KIND_COLUMNS)
    acts = mine[mine["kind"].isin(part_kinds)]

    # activity in the window
    win = acts[acts["created_at"] >= start]
    day = win["created_at"].dt.tz_convert(w.timezone).dt.tz_localize(None).dt.normalize()
    win = win.assign(day=day, week=day - pd.to_timedelta(day.dt.day_of_week, unit="D"), mon=day.dt.to_period("M"))
    counts = win.groupby(keys + ["kind"]).size().unstack("kind", fill_value=0)
    counts = counts.reindex(columns=part_kinds, fill_value=0).rename(columns=KIND_COLUMNS)
    g = win.groupby(keys)
    counts["participation"] = g.size()
    counts["active_days"] = g["day"].nunique()
    counts["active_weeks"] = g["week"].nunique()
    counts["active_months"] = g["mon"].nunique()

    history = acts.groupby(keys)["created_at"].agg(first_action="min", last_action="max")

    # replies in the window to a member's interaction
    r = inter[(inter["created_at"] >= start) & inter["reply_to"].notna()]
    r = r[r["library_side"] | r["kind"].isin(part_kinds)]
    targets = mine[["platform", "interaction_id", "member_id"]].rename(columns={"interaction_id": "reply_to", "member_id": "answered"})
    rj = r.merge(targets, on=["platform", "reply_to"], how="inner")
    rj = rj[rj["library_side"] | (rj["answered"] != rj["member_id"])]
    by_members = rj[~rj["library_side"]]
    given = by_members.groupby(keys).agg(
        replies_given=("kind", "size"), talk_replies=("kind", lambda k: int(k.isin(["comment", "message"]).sum()))
    )
    received = by_members.groupby(["platform", "answered"]).agg(
        replies_received=("member_id", "size"), repliers=("member_id", "nunique")
    )
    received.index = received.index.set_names(keys)
    library = rj[rj["library_side"]].groupby(["platform", "answered"]).size().rename("library_replies")
    library.index = library.index.set_names(keys)

    # following
    fol = mine[mine["kind"].isin(["follow", "unfollow"])]
    fe = pd.DataFrame(
        {
            "first_follow": fol[fol["kind"] == "follow"].groupby(keys)["created_at"].min(),
            "last_follow": fol[fol["kind"] == "follow"].groupby(keys)["created_at"].max(),
            "last_unfollow": fol[fol["kind"] == "unfollow"].groupby(keys)["created_at"].max(),
        }
    )
    mem = members.merge(library_ids, on=keys, how="left")
    mem = mem[mem["_lib"].isna()].drop(columns="_lib").set_index(keys)
    mem = mem.assign(
        followed_at=mem["followed_at"].where(mem["followed_at"] < end),
        unfollowed_at=mem["unfollowed_at"].where(mem["unfollowed_at"] < end),
    )
    people = mem.index.union(fe.index).union(counts.index)
    st = pd.DataFrame(index=people)
    st = st.join(mem[["followed_at", "unfollowed_at", "followers", "following"]]).join(fe)
    utc = "datetime64[us, UTC]"
    for c in ("followed_at", "unfollowed_at", "first_follow", "last_follow", "last_unfollow"):
        st[c] = st[c].astype(utc)
    follow_time = st[["followed_at", "last_follow"]].max(axis=1)
    first_follow_time = st[["followed_at", "first_follow"]].min(axis=1)
    unfollow_time = st[["unfollowed_at", "last_unfollow"]].max(axis=1)
    follows = follow_time.notna() & (unfollow_time.isna() | (unfollow_time < follow_time))

    out = st[["followers", "following"]].join(counts).join(history).join(given).join(received).join(library)
    out["follows"] = follows
    out["new_follower"] = follows & (follow_time >= start)
    participated = out["participation"].fillna(0) > 0
    out = out[participated | out["follows"]]
    for c in [*KIND_COLUMNS.values(), "participation", "active_days", "active_weeks", "active_months",
              "replies_given", "talk_replies", "replies_received", "repliers", "library_replies"]:
        out[c] = out[c].fillna(0).astype("int64")
    out["amplification"] = sum(out[KIND_COLUMNS[k]] for k in AMPLIFICATION_KINDS)
    out["conversation"] = out["comments"] + out["messages"] - out["talk_replies"]
    out["offline"] = out["events"] + out["surveys"]
    first_seen = pd.concat([first_follow_time.reindex(out.index), out["first_action"]], axis=1).min(axis=1)
    out["first_seen"] = first_seen
    out["days_since_last_action"] = (end - out["last_action"]).dt.total_seconds() / 86400.0
    out["tenure_days"] = (end - out["first_seen"]).dt.total_seconds() / 86400.0
    out = out.reset_index().rename(columns={"member_id": "member"}).sort_values(["platform", "member"])
    return typed_features(out)


def compare_features(a: pd.DataFrame, b: pd.DataFrame, *, rel: float = 1e-9) -> list[str]:
    """Differences between two feature tables (empty when they agree; floats within ``rel``)."""
    if len(a) != len(b):
        return [f"{len(a)} rows != {len(b)} rows"]
    a = a.sort_values(["platform", "member"], ignore_index=True)
    b = b.sort_values(["platform", "member"], ignore_index=True)
    diffs = []
    for col in FEATURE_COLUMNS:
        x, y = a[col], b[col]
        if col in ("days_since_last_action", "tenure_days"):
            xv, yv = x.to_numpy(dtype=float), y.to_numpy(dtype=float)
            bad = ~((np.isnan(xv) & np.isnan(yv)) | np.isclose(xv, yv, rtol=rel, atol=1e-9))
        else:
            bad = ~((x.isna() & y.isna()) | (x == y).fillna(False)).to_numpy(dtype=bool)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            diffs.append(f"{col}: {int(bad.sum())} rows differ, e.g. {a.loc[i, 'member']}: {x.iloc[i]!r} != {y.iloc[i]!r}")
    return diffs


def _isnan(v) -> bool:  # pragma: no cover - helper for interactive use
    return isinstance(v, float) and math.isnan(v)


def copy_parquet(files, out_dir) -> int:
    """Read each Parquet file in batches and write it back to ``out_dir``; the rows copied.

    The reference for ingest speed (no typing, validation, pseudonyms, dedupe
    or partitioning): zstd and :data:`libcommunity.staging.ROW_GROUP_ROWS`
    rows per row group, as the staged files of an ingest.

    Parameters
    ----------
    files : list of path-like
    out_dir : path-like
        Created if missing; one output file per input file.

    Returns
    -------
    int
    """
    from pathlib import Path

    import pyarrow.parquet as pq

    from libcommunity.staging import ROW_GROUP_ROWS

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = 0
    for i, path in enumerate(files):
        source = pq.ParquetFile(path)
        with pq.ParquetWriter(out_dir / f"{i:03d}.parquet", source.schema_arrow, compression="zstd") as writer:
            for batch in source.iter_batches(batch_size=ROW_GROUP_ROWS):
                writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
                rows += batch.num_rows
    return rows
