"""Which months each file of the store holds data for: the coverage the manifest records.

Every live file of a canonical table gets one entry in the manifest's
``coverage`` section, written by the transaction that commits the file::

    "coverage": {
      "timezones": {"<account>": "Europe/Madrid"},
      "files": {"posts/account=<a>/month=2025-10/part-....parquet": {"instagram": {"2025-10": 31}}}
    }

An entry maps each platform of the file to the **local** months (in the
account's timezone) it has rows in, with the number of rows:

* ``posts``: months of ``published_at``; ``interactions``: of ``created_at``;
* ``audience``: months of ``date`` (already a local date), counting rows with at
  least one figure (``followers``, ``follows`` or ``unfollows``);
* ``members``: months of ``followed_at`` (rows without one are not counted).

Files never change once written, so an entry stays exact for the file's whole
life, and the coverage of an account is the sum of its live files' entries:
whatever removes rows (an upsert rewriting a partition, ``forget``, ``prune``,
``uningest``, ``check --repair``) retires files, and their entries go with them
at the same commit (:func:`refresh`). Only an account's timezone changes
the local months; a commit that sees a new timezone recomputes that account's
entries.

Stores written before coverage existed have no entries: readers compute what is
missing from the rows (:func:`account_months` with a connection), and the next
commit of the store records every missing entry.
"""

from __future__ import annotations

import os
from collections import defaultdict

from .sql import file_list, quote_literal

__all__ = ["COVERAGE_TABLES", "refresh", "file_months", "account_months", "rows_months"]

#: The tables whose months are recorded.
COVERAGE_TABLES = ("posts", "interactions", "audience", "members")

#: SQL of a row's local month (``$tz`` is replaced by the quoted timezone) and the rows that count, per table.
_MONTH_SQL = {
    "posts": ("strftime(timezone($tz, published_at), '%Y-%m')", "published_at IS NOT NULL"),
    "interactions": ("strftime(timezone($tz, created_at), '%Y-%m')", "created_at IS NOT NULL"),
    "audience": (
        "strftime(date, '%Y-%m')",
        "date IS NOT NULL AND (followers IS NOT NULL OR follows IS NOT NULL OR unfollows IS NOT NULL)",
    ),
    "members": ("strftime(timezone($tz, followed_at), '%Y-%m')", "followed_at IS NOT NULL"),
}


def _month_sql(table: str, timezone: str) -> tuple[str, str]:
    expr, where = _MONTH_SQL[table]
    return expr.replace("$tz", quote_literal(timezone)), where


def _nest(rows, *, key_index: int | None) -> dict:
    """``[(key?, platform, month, n)]`` -> ``{key: {platform: {month: n}}}`` (or without the key level)."""
    out: dict = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        if key_index is None:
            platform, month, n = row
            out[None][str(platform)][str(month)] = int(n)
        else:
            key, platform, month, n = row
            out[key][str(platform)][str(month)] = int(n)
    return {k: {p: dict(sorted(ms.items())) for p, ms in sorted(v.items())} for k, v in out.items()}


def file_months(con, table: str, paths: dict, timezone: str) -> dict:
    """``{rel: {platform: {month: rows}}}`` of the files ``paths`` (``{rel: path on disk}``) of one account.

    A file without any counted row gets an empty entry (``{}``). Large files
    of the tables whose months come from a timestamp are counted by
    :func:`_timestamp_months` (the same months, without converting every row);
    the others with one SQL ``GROUP BY``.
    """
    if not paths:
        return {}
    counted: dict = {}
    if table in _TIMESTAMP_COLUMNS:
        large = {rel: p for rel, p in paths.items() if _size(p) >= _LARGE_FILE}
        found = _timestamp_months(con, _TIMESTAMP_COLUMNS[table], large, timezone) if large else None
        if found is not None:
            counted = found
            paths = {rel: p for rel, p in paths.items() if rel not in found}
            if not paths:
                return counted
    expr, where = _month_sql(table, timezone)
    by_path = {str(p): rel for rel, p in paths.items()}
    rows = con.execute(
        f"""
        SELECT filename, platform, {expr} AS month, count(*) AS n
        FROM read_parquet({file_list(list(by_path))}, hive_partitioning = false, filename = true, union_by_name = true)
        WHERE {where}
        GROUP BY ALL
        """
    ).fetchall()
    nested = _nest(rows, key_index=0)
    return {**counted, **{rel: nested.get(path, {}) for path, rel in by_path.items()}}


def _size(path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


#: Files from this size on are counted by :func:`_timestamp_months` (for small ones one SQL query is quicker).
_LARGE_FILE = 1 << 20
#: The tables whose rows count in the local month of a timestamp (rows without one are not counted).
_TIMESTAMP_COLUMNS = {"posts": "published_at", "interactions": "created_at", "members": "followed_at"}
#: Farther than this from the start of a UTC month, an instant is in that UTC month in every timezone:
#: UTC offsets stay within a day (today's within -12 and +14 hours, the local mean times of the timezone
#: database's oldest entries within 16 hours), so its local month is its UTC month.
_NEAR_US = 86_400 * 1_000_000


def _timestamp_months(con, column: str, paths: dict, timezone: str) -> dict | None:
    """:func:`file_months` of files whose months come from the timestamp ``column``, or None (use the SQL).

    Each row's UTC month comes from the stored integer; only the rows within
    a day of the start of a UTC month (where the local month may differ)
    are converted, by the same DuckDB expression as the SQL path
    (``strftime(timezone(tz, ts), '%Y-%m')``), so the counts are the same.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = {c: t for t, c in _TIMESTAMP_COLUMNS.items()}[column]
    expr, _ = _month_sql(table, timezone)
    # The month's label as the SQL path writes it, made a number of months since 1970-01 (as utc_months).
    number = f"(CAST(substr(m, 1, 4) AS BIGINT) - 1970) * 12 + CAST(substr(m, 6, 2) AS BIGINT) - 1"
    out = {}
    for rel, path in paths.items():
        try:
            data = pq.read_table(path, columns=["platform", column], partitioning=None, read_dictionary=["platform"])
        except (KeyError, pa.ArrowInvalid):
            return None  # a file without the columns: the SQL reads it (union_by_name)
        times = data.column(column).combine_chunks()
        if not pa.types.is_timestamp(times.type) or times.type.unit != "us":
            return None
        platforms = data.column("platform")
        if platforms.null_count or not pa.types.is_dictionary(platforms.type):
            return None
        platforms = platforms.unify_dictionaries()
        names = platforms.chunk(0).dictionary.to_pylist() if platforms.num_chunks else []
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False).astype(np.int64) for c in platforms.chunks]) \
            if platforms.num_chunks else np.empty(0, np.int64)
        if times.null_count:
            keep = times.is_valid()
            times, codes = times.filter(keep), codes[keep.to_numpy(zero_copy_only=False)]
        if not len(times):
            out[rel] = {}
            continue
        micros = times.cast(pa.int64()).to_numpy(zero_copy_only=False)
        lo, hi = micros.min(), micros.max()
        first, last = (np.array([lo, hi]).astype("datetime64[us]").astype("datetime64[M]")).astype(np.int64)
        if first < (1000 - 1970) * 12 or last >= (9999 - 1970) * 12:
            return None  # years the labels of the two paths might write differently
        low = int(first) - 1  # local months lie within one month of the UTC ones
        if first == last:  # the usual file: one UTC month (the store's files are partitioned by month)
            months = np.full(len(micros), first - low, np.int64)
            bounds = np.array([first, first + 1]).astype("datetime64[M]").astype("datetime64[us]").astype(np.int64)
            near = np.flatnonzero((micros - bounds[0] < _NEAR_US) | (bounds[1] - micros <= _NEAR_US))
        else:
            utc = micros.astype("datetime64[us]").astype("datetime64[M]")
            months = utc.astype(np.int64) - low
            start = utc.astype("datetime64[us]").astype(np.int64)
            end = (utc + 1).astype("datetime64[us]").astype(np.int64)
            near = np.flatnonzero((micros - start < _NEAR_US) | (end - micros <= _NEAR_US))
        labels = [f"{1970 + m // 12:04d}-{m % 12 + 1:02d}" for m in range(low, int(last) + 2)]
        if len(near):
            con.register("_lc_near", pa.table({column: times.take(pa.array(near))}))
            try:
                got = con.execute(f"SELECT {number} AS n FROM (SELECT {expr} AS m FROM _lc_near)").fetchnumpy()["n"]
            finally:
                con.unregister("_lc_near")
            months[near] = np.asarray(got, np.int64) - low
        counts = np.bincount(codes * len(labels) + months, minlength=len(names) * len(labels))
        entry: dict = {}
        for c in np.flatnonzero(counts).tolist():
            p, m = divmod(c, len(labels))
            entry.setdefault(str(names[p]), {})[labels[m]] = int(counts[c])
        out[rel] = {p: dict(sorted(ms.items())) for p, ms in sorted(entry.items())}
    return out


def rows_months(con, table: str, relation: str, timezone: str, where: str = "true") -> dict:
    """``{platform: {month: rows}}`` of ``relation`` (a view of one account's rows), computed from the rows."""
    expr, counted = _month_sql(table, timezone)
    rows = con.execute(
        f"SELECT platform, {expr} AS month, count(*) AS n FROM {relation} WHERE {counted} AND ({where}) GROUP BY ALL"
    ).fetchall()
    return _nest(rows, key_index=None).get(None, {})


def _section(manifest: dict) -> dict:
    """The manifest's ``coverage`` section, made well-formed (a damaged one is dropped and recomputed)."""
    section = manifest.get("coverage")
    if not isinstance(section, dict) or not isinstance(section.get("files"), dict) \
            or not isinstance(section.get("timezones"), dict):
        section = {"timezones": {}, "files": {}}
        manifest["coverage"] = section
    return section


def _valid(entry) -> bool:
    """Whether ``entry`` is ``{platform: {"YYYY-MM": rows}}`` (anything else is recomputed)."""
    return isinstance(entry, dict) and all(
        isinstance(p, str) and isinstance(ms, dict)
        and all(isinstance(m, str) and isinstance(n, int) and not isinstance(n, bool) for m, n in ms.items())
        for p, ms in entry.items()
    )


def refresh(manifest: dict, con, path_of) -> None:
    """Bring the pending ``manifest``'s coverage in line with its live files (called by every commit).

    Entries of files no longer live are dropped; live files without an entry
    (new files, files of an older store, files of an account whose timezone
    changed) are read, with ``path_of(rel)`` giving where each is now.
    """
    section = _section(manifest)
    entries, zones = section["files"], section["timezones"]
    live = {}
    for table in COVERAGE_TABLES:
        for account, rels in manifest["files"].get(table, {}).items():
            for rel in rels:
                live[rel] = (table, account)
    for rel in [r for r in entries if r not in live]:
        del entries[rel]
    for account, info in manifest["accounts"].items():
        tz = info.get("timezone", "UTC")
        if zones.get(account) != tz:
            for rel in [r for r, (_, a) in live.items() if a == account and r in entries]:
                del entries[rel]
            zones[account] = tz
    for account in [a for a in zones if a not in manifest["accounts"]]:
        del zones[account]
    missing: dict = defaultdict(dict)
    for rel, (table, account) in live.items():
        if not _valid(entries.get(rel)):
            missing[(table, account)][rel] = path_of(rel)
    for (table, account), paths in sorted(missing.items()):
        entries.update(file_months(con, table, paths, zones[account]))


def account_months(manifest: dict, account: str, tables=COVERAGE_TABLES) -> dict:
    """``{table: {platform: {month: rows}}}`` of ``account`` from the manifest's entries.

    A table with a live file the manifest has no entry for (a store written
    before coverage was recorded) is ``None``: the caller computes it from the
    rows (:func:`rows_months`). So is every table when the entries were made in
    another timezone than the account's.
    """
    section = manifest.get("coverage") if isinstance(manifest.get("coverage"), dict) else {}
    entries = section.get("files") if isinstance(section.get("files"), dict) else {}
    zones = section.get("timezones") if isinstance(section.get("timezones"), dict) else {}
    tz = manifest["accounts"].get(account, {}).get("timezone", "UTC")
    out: dict = {}
    for table in tables:
        rels = manifest["files"].get(table, {}).get(account, [])
        if rels and (zones.get(account) != tz or not all(_valid(entries.get(r)) for r in rels)):
            out[table] = None  # an older store, or a damaged entry: the caller reads the rows
            continue
        merged: dict = defaultdict(lambda: defaultdict(int))
        for rel in rels:
            for platform, months in entries[rel].items():
                for month, n in months.items():
                    merged[platform][month] += n
        out[table] = {p: dict(sorted(ms.items())) for p, ms in sorted(merged.items())}
    return out
