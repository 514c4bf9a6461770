"""Synthetic canonical data for every benchmark: one generator, Parquet (and canonical CSV), any size.

:func:`generate` writes one account's ``posts``, ``interactions`` and
``members`` tables as canonical files, computed by DuckDB from ``range()``
with hash-based pseudo-random numbers: nothing passes through pandas, so 50
million interactions take a minute or two and little memory, and the same
``(size, seed)`` always gives the same bytes. :func:`write_store` puts them in
a store with the store's own write path (no loader, no pseudonyms: what the
metrics and segments benchmarks time is downstream of ingest);
``libcommunity.ingest.ingest_paths`` on the same files is what the scale
benchmark times as ingest.

The account (``bench``, Europe/Madrid, facebook) spans the ``span_months``
months up to ``month`` (default 24 months up to 2025-10):

* members: ``n / members_per`` identities (at least 1,000), 80 % with a
  follow date (from 2019), 10 % of those unfollowed later; the five most
  active identities are staff;
* member activity is heavy-tailed (member index ``floor(M * u**3)``), and each
  member has a persona that sets their mix of kinds, as the profiles of
  :data:`PERSONAS`: likers, talkers, amplifiers, event-goers;
* 4 % of member rows are follows and 2 % unfollows; a quarter of member
  comments reply to an earlier row; the library answers 70 % of member
  comments, mentions and messages after 0 to 72 hours (skewed short);
* posts: one per ``700`` interactions, spread evenly; interactions point to
  recent posts.

About ``n`` interaction rows in all (member rows plus the library's replies).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pandas as pd

from libcommunity.months import parse_month

__all__ = [
    "ACCOUNT",
    "TIMEZONE",
    "PLATFORM",
    "MONTH",
    "SPAN_MONTHS",
    "PERSONAS",
    "generate",
    "write_csv",
    "write_store",
    "cached",
]

ACCOUNT = "bench"
TIMEZONE = "Europe/Madrid"
PLATFORM = "facebook"
MONTH = "2025-10"
SPAN_MONTHS = 24
TABLES = ("posts", "interactions", "members")

#: Personas: share of members, then the cumulative percentage thresholds of their participation kinds,
#: in the order reaction, comment, share, mention, message, ugc, event, survey.
PERSONAS = (
    ("liker", 35, (95, 98, 98, 98, 99, 99, 100, 100)),
    ("talker", 45, (60, 88, 92, 94, 96, 97, 99, 100)),
    ("amplifier", 12, (30, 45, 70, 82, 84, 96, 99, 100)),
    ("event-goer", 8, (5, 7, 7, 7, 7, 7, 87, 100)),
)
_KINDS = ("reaction", "comment", "share", "mention", "message", "ugc", "event", "survey")


def _persona_sql(seed: int) -> tuple[str, str]:
    """SQL of a member's persona (0..3) from the member index ``m``, and of the kind from ``u_kind`` (0..99)."""
    bounds, acc = [], 0
    for _, share, _ in PERSONAS:
        acc += share
        bounds.append(acc)
    persona = "CASE " + " ".join(f"WHEN hash(m, {seed + 40}) % 100 < {b} THEN {i}" for i, b in enumerate(bounds[:-1]))
    persona += f" ELSE {len(PERSONAS) - 1} END"
    cases = []
    for i, (_, _, cum) in enumerate(PERSONAS):
        inner = " ".join(f"WHEN u_part < {c} THEN '{k}'" for c, k in zip(cum, _KINDS) if c > 0)
        cases.append(f"WHEN persona = {i} THEN CASE {inner} ELSE 'survey' END")
    kind = (
        "CASE WHEN u_kind < 4 THEN 'follow' WHEN u_kind < 6 THEN 'unfollow' ELSE CASE "
        + " ".join(cases)
        + " END END"
    )
    return persona, kind


def generate(out_dir, n_interactions: int, *, seed: int = 0, members_per: int = 30, month: str = MONTH,
             span_months: int = SPAN_MONTHS, csv: bool = False, account: str = ACCOUNT) -> dict:
    """Write ``posts.parquet``, ``interactions.parquet`` and ``members.parquet`` of a synthetic account.

    Parameters
    ----------
    out_dir : path-like
        Where the files go (created).
    n_interactions : int
        About how many interaction rows to write.
    seed : int
        Another seed gives other data of the same shape.
    members_per : int
        Interactions per member identity (the account has ``n / members_per`` identities).
    month : str
        Last month of the data (``YYYY-MM``, in the account's timezone).
    span_months : int
        Months of data, ``month`` included.
    csv : bool
        Also write the three tables as canonical CSV (:func:`write_csv`).
    account : str
        The account's slug.

    Returns
    -------
    dict
        ``interactions``, ``members``, ``posts`` (row counts) and ``paths``
        (``{table: path}``, plus ``csv_paths`` with ``csv=True``).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = int(n_interactions)
    # Member rows plus the library's replies (70 % of the ~17 % of member rows that need one) make about n.
    n_base = max(1, n * 1000 // 1123)
    n_members = max(1_000, n // int(members_per))
    n_posts = max(span_months, n // 700)
    last = parse_month(month)
    start = last.shift(1 - span_months).start(TIMEZONE)
    end = last.end(TIMEZONE)
    span_us = int((end - start) / pd.Timedelta(microseconds=1))
    follow_start = pd.Timestamp("2019-01-01", tz="UTC")
    follow_span_us = int((end - follow_start) / pd.Timedelta(microseconds=1))
    s = int(seed) * 100
    persona_sql, kind_sql = _persona_sql(s)
    ACCOUNT = account.replace("'", "''")  # noqa: N806 - the account of every row below
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    params = {
        "start": start.isoformat(),
        "span_us": span_us,
        "n_base": n_base,
        "n_posts": n_posts,
        "n_members": n_members,
        "follow_start": follow_start.isoformat(),
        "follow_span_us": follow_span_us,
    }

    def copy(select: str, name: str, used: tuple) -> Path:
        path = out / f"{name}.parquet"
        con.execute(
            f"COPY ({select}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)",
            {k: params[k] for k in used},
        )
        return path

    posts = copy(
        f"""
        SELECT '{ACCOUNT}' AS account, '{PLATFORM}' AS platform,
               'p' || lpad(i::VARCHAR, 7, '0') AS post_id,
               $start::TIMESTAMPTZ + to_microseconds(CAST(i * ($span_us // $n_posts) + hash(i, {s + 1}) % 3600000000 AS BIGINT))
                 AS published_at,
               ['photo', 'video', 'link', 'text', 'event', 'reel'][1 + (hash(i, {s + 2}) % 6)::INT] AS kind,
               CASE WHEN hash(i, {s + 3}) % 5 = 0 THEN 'News #readmore #library ' || i ELSE 'Post ' || i END AS text,
               CAST(100 + hash(i, {s + 4}) % 5000 AS BIGINT) AS reach,
               CAST((100 + hash(i, {s + 4}) % 5000) * (1 + hash(i, {s + 5}) % 3) AS BIGINT) AS impressions,
               CAST(NULL AS BIGINT) AS views,
               CAST(hash(i, {s + 6}) % 200 AS BIGINT) AS reactions,
               CAST(hash(i, {s + 7}) % 30 AS BIGINT) AS comments,
               CAST(hash(i, {s + 8}) % 20 AS BIGINT) AS shares,
               CAST(hash(i, {s + 9}) % 100 AS BIGINT) AS clicks,
               CAST(NULL AS BIGINT) AS saves,
               hash(i, {s + 10}) % 10 = 0 AS paid,
               CAST(NULL AS VARCHAR) AS url
        FROM range($n_posts) t(i)
        """,
        "posts",
        ("start", "span_us", "n_posts"),
    )
    members = copy(
        f"""
        SELECT '{ACCOUNT}' AS account, '{PLATFORM}' AS platform, member_id, followed_at,
               CASE WHEN followed_at IS NOT NULL AND hash(j, {s + 13}) % 10 = 0
                    THEN followed_at + to_microseconds(CAST(hash(j, {s + 14}) % 31536000000000 AS BIGINT)) END
                 AS unfollowed_at,
               CAST(hash(j, {s + 15}) % 1000 AS BIGINT) AS followers,
               CAST(hash(j, {s + 16}) % 1000 AS BIGINT) AS following,
               j < 5 AS is_staff
        FROM (
          SELECT j, 'm_' || lpad(j::VARCHAR, 8, '0') AS member_id,
                 CASE WHEN hash(j, {s + 11}) % 10 < 8
                      THEN $follow_start::TIMESTAMPTZ
                           + to_microseconds(CAST(hash(j, {s + 12}) % $follow_span_us AS BIGINT)) END AS followed_at
          FROM range($n_members) t(j)
        )
        """,
        "members",
        ("follow_start", "follow_span_us", "n_members"),
    )
    interactions = copy(
        f"""
        WITH base AS (
          SELECT i, m, {persona_sql} AS persona,
                 hash(i, {s + 22}) % 100 AS u_kind,
                 hash(i, {s + 29}) % 100 AS u_part,
                 CAST(i * ($span_us // $n_base) + hash(i, {s + 23}) % ($span_us // $n_base) AS BIGINT) AS off_us,
                 hash(i, {s + 27}) % 100 AS u_reply
          FROM (
            SELECT i, CAST(floor($n_members * pow((hash(i, {s + 21}) % 1000000) / 1e6, 3)) AS BIGINT) AS m
            FROM range($n_base) t(i)
          )
        ), typed AS (
          SELECT *, {kind_sql} AS kind FROM base
        ), rows AS (
          SELECT i, kind,
                 'm_' || lpad(m::VARCHAR, 8, '0') AS member_id,
                 $start::TIMESTAMPTZ + to_microseconds(off_us) AS created_at,
                 CASE WHEN kind IN ('reaction', 'comment', 'share', 'event')
                      THEN 'p' || lpad(greatest(CAST(floor(off_us / ($span_us // $n_posts)) AS BIGINT) - 1
                                                - CAST(hash(i, {s + 25}) % 20 AS BIGINT), 0)::VARCHAR, 7, '0') END
                   AS post_id,
                 CASE WHEN kind = 'comment' AND u_reply < 25 AND i > 2000
                      THEN 'i' || (i - 1 - CAST(hash(i, {s + 26}) % 2000 AS BIGINT)) END AS reply_to,
                 CASE WHEN kind IN ('comment', 'ugc', 'mention') AND hash(i, {s + 28}) % 10 = 0
                      THEN 'Love the #library ' || i
                      WHEN kind IN ('comment', 'mention', 'message') THEN 'text ' || i END AS text
          FROM typed
        )
        SELECT '{ACCOUNT}' AS account, '{PLATFORM}' AS platform, 'i' || i AS interaction_id, member_id, kind,
               created_at, post_id, reply_to, false AS by_library, text
        FROM rows
        UNION ALL
        SELECT '{ACCOUNT}', '{PLATFORM}', 'r' || i, 'm_library', 'comment',
               created_at + to_microseconds(CAST(power(hash(i, {s + 31}) % 1000, 2) * 259200 AS BIGINT)),
               post_id, 'i' || i, true, 'Thank you!'
        FROM rows
        WHERE kind IN ('comment', 'mention', 'message') AND hash(i, {s + 30}) % 100 < 70
        """,
        "interactions",
        ("start", "span_us", "n_base", "n_posts", "n_members"),
    )
    (n_total,) = con.execute(f"SELECT count(*) FROM read_parquet('{interactions}')").fetchall()[0]
    con.close()
    paths = {"posts": str(posts), "interactions": str(interactions), "members": str(members)}
    info = {"interactions": int(n_total), "members": n_members, "posts": n_posts, "paths": paths}
    if csv:
        info["csv_paths"] = write_csv(paths, out)
    return info


def write_csv(paths: dict, out_dir) -> dict:
    """Write canonical CSV copies of the Parquet tables in ``paths`` (as a person or a tool would write them).

    Timestamps are ISO-8601 with an explicit ``+00:00`` offset and
    microseconds, booleans ``true``/``false``, nulls empty; DuckDB writes them
    without pandas.

    Returns
    -------
    dict
        ``{table: csv path}``.
    """
    out = Path(out_dir)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    written = {}
    for table, src in paths.items():
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{src}')").fetchall()]
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{src}')").fetchall()}
        select = ", ".join(
            f"strftime({c}, '%Y-%m-%dT%H:%M:%S.%f+00:00') AS {c}" if types[c].startswith("TIMESTAMP") else c for c in cols
        )
        path = out / f"{table}.csv"
        con.execute(f"COPY (SELECT {select} FROM read_parquet('{src}')) TO '{path}' (HEADER, DELIMITER ',')")
        written[table] = str(path)
    con.close()
    return written


def write_store(paths: dict, store_root, *, account: str = ACCOUNT):
    """Write the generated Parquet files into a store at ``store_root`` (one transaction, no pseudonyms)."""
    from libcommunity.store import Store

    store = Store(store_root)
    with store.transaction() as txn:
        txn.set_account(account, timezone=TIMEZONE, platform=PLATFORM)
        for table in TABLES:
            txn.upsert(table, account, paths[table])
    return store


def cached(root, n_interactions: int, *, seed: int = 0, csv: bool = False, log=print, **options) -> dict:
    """:func:`generate` into ``root/<n>-s<seed>``, reusing files generated earlier with the same arguments."""
    key = {"n": int(n_interactions), "seed": int(seed), **options}
    name = f"{int(n_interactions)}-s{int(seed)}" + "".join(f"-{k}{v}" for k, v in sorted(options.items()))
    d = Path(root) / name
    meta = d / "generated.json"
    if meta.exists():
        info = json.loads(meta.read_text())
        if info.get("key") == key and all(Path(p).exists() for p in info["paths"].values()) and (
            not csv or all(Path(p).exists() for p in info.get("csv_paths", {}).values()) and info.get("csv_paths")
        ):
            return info
    t0 = time.perf_counter()
    info = generate(d, n_interactions, seed=seed, csv=csv, **options)
    info["key"] = key
    info["seconds"] = round(time.perf_counter() - t0, 2)
    meta.write_text(json.dumps(info, indent=1))
    log(f"generated {info['interactions']:,} interactions, {info['members']:,} members, {info['posts']:,} posts "
        f"in {info['seconds']:.1f} s ({d})")
    return info
