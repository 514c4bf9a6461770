"""The undo record of an ingest: what each ingest gave and what it replaced, so that it can be taken back exactly.

An ingest upserts rows on their natural key (account + platform + post_id /
interaction_id / member_id / date / alias_id): a row it gives is *new*, the
*same* as the stored one, or *updated* (it replaces the stored one). To take
an ingest back (``libcommunity uningest``, :mod:`libcommunity.uningest`) one
needs, for every key it gave, which of the three it was and, for an update,
the row it replaced; and, for every key, which later ingests gave it too.
Every ingest therefore records, in its own transaction:

``undo_keys``
    one row per key it gave, of every table it wrote (``posts``,
    ``interactions``, ``members``, ``audience``, ``identities``, ``links``):
    ``batch_id``, ``table_name``, ``platform``, ``key`` and ``change``
    (``new``, ``same`` or ``updated``);
``undo_<table>``
    the stored rows its updates replaced, as they were, with its ``batch_id``;
``undo_batches``
    one row: the account settings it changed (timezone, language, the platforms
    it added, whether it created the account), as JSON.

Invariant (kept by ``uningest``): for every recorded ingest *b* and key *k* it
gave, ``change`` and the replaced row describe the row of the latest earlier
ingest still in the store that gave *k* (none: ``new``). An ingest that
changed nothing is not recorded (it wrote nothing at all, and holds no row).

Erasure and retention reach the record too: ``forget`` removes the person
from it (:func:`forget_in_undo_log`) and ``prune`` the interactions it
removes (:func:`prune_undo_log`), so that taking an ingest back can never
bring back what they removed. The record holds personal data like the
tables it copies; readers never see it (no view of :meth:`Store.connect`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .layout import UNDONE_TABLES, columns_of, key_of, private_dir, undo_table
from .sql import file_list, quote_ident, quote_literal

__all__ = [
    "UndoRecorder",
    "key_sql",
    "key_column",
    "key_columns",
    "source_sql",
    "account_settings",
    "forget_in_undo_log",
    "prune_undo_log",
]

#: The ``change`` of a key: a row the store did not hold, the same row again, a row that replaced another.
NEW, SAME, UPDATED = "new", "same", "updated"


def key_column(table: str) -> str:
    """The column that tells a row of ``table`` apart within its account and platform (post_id, date, ...)."""
    key = key_of(table)
    assert key[:2] == ("account", "platform"), key
    return key[2]


def key_columns(table: str) -> tuple:
    """The columns that tell a row of ``table`` apart within its account and platform (one, or several)."""
    key = key_of(table)
    assert key[:2] == ("account", "platform"), key
    return tuple(key[2:])


def key_sql(table: str, alias: str = "") -> str:
    """SQL of a row's ``key`` as ``undo_keys`` stores it: the key column as text (a date as ``YYYY-MM-DD``).

    A table whose rows need several columns to tell apart (``sightings``: member, seen platform, seen identifier,
    context) stores them as one JSON array of texts (``["m_…","other","m_…","event"]``).
    """
    columns = key_columns(table)
    if len(columns) == 1:
        return f"CAST({alias}{quote_ident(columns[0])} AS VARCHAR)"
    parts = ", ".join(f"CAST({alias}{quote_ident(c)} AS VARCHAR)" for c in columns)
    return f"CAST(to_json(list_value({parts})) AS VARCHAR)"


def source_sql(con, table: str, paths) -> str:
    """A relation (SQL) of ``table``'s rows in ``paths``, or an empty relation of its columns when there is none."""
    from .layout import select_columns

    if paths:
        return f"({select_columns(con, table, f'read_parquet({file_list([str(p) for p in paths])}, union_by_name = true)')})"
    cols = ", ".join(
        f"CAST(NULL AS {_sql_type(t)}) AS {quote_ident(c)}" for c, t in columns_of(table).items()
    )
    return f"(SELECT {cols} LIMIT 0)"


def _sql_type(t) -> str:
    from .sql import sql_type

    return sql_type(t)


def account_settings(before: dict | None, after: dict, given: dict | None = None) -> dict:
    """The account settings an ingest gave: ``{"created", "timezone": [old, new], "lang": [...], "platforms": [...]}``.

    ``timezone`` and ``lang`` are recorded when the ingest was given them (``given``), even unchanged (like a row
    given again, they stay the account's while the ingest is in the store); ``platforms`` are those it added.
    """
    before = before or {}
    out = {"created": not before}
    for name in ("timezone", "lang"):
        if (given or {}).get(name) is not None:
            out[name] = [before.get(name), after.get(name)]
    added = sorted(set(after.get("platforms", [])) - set(before.get("platforms", [])))
    if added:
        out["platforms"] = added
    return out


#: Key files of adopted tables written at once (:meth:`UndoRecorder.capture_adopt`), each in its own thread.
_KEY_WRITERS = 2
#: ``undo_keys`` columns that repeat in a file of new keys (dictionary-encoded; the keys are written plain).
_NEW_KEYS_DICTIONARY = ["account", "batch_id", "table_name", "platform", "change"]


def _arrow_keys(table: str, paths: list) -> bool:
    """Whether :func:`_write_new_keys` can write the keys of ``table``'s rows in ``paths`` (text keys, a platform)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if len(key_columns(table)) != 1:
        return False
    column = key_column(table)
    for path in paths:
        found = pq.read_schema(path)
        if column not in found.names or "platform" not in found.names or not pa.types.is_string(found.field(column).type):
            return False
    return True


def _write_new_keys(keys_path: Path, account: str, batch_id: int, table: str, paths: list) -> None:
    """Write the ``undo_keys`` rows of the rows in ``paths`` (all new) with Arrow, file by file (:func:`_arrow_keys`).

    The rows are those of the SQL ``COPY`` of :meth:`UndoRecorder.capture_adopt`: the platform, the key column
    (text keys only; another type goes through the SQL cast), the constants. Only the two columns are read, and the
    keys, nearly all distinct, are not dictionary-encoded (DuckDB's writer tries, and gives up page by page). The
    columns that repeat are given to the writer as dictionary arrays of one or a few values, so that it writes
    their dictionary pages as they are instead of hashing every row's string; the file stores no Arrow schema
    (as the files DuckDB writes), so every reader sees plain strings.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    column = key_column(table)
    plain = pa.schema(list(columns_of("undo_keys").items()))
    schema = pa.schema(
        [pa.field(f.name, pa.dictionary(pa.int32(), f.type)) if f.name in _NEW_KEYS_DICTIONARY and f.name != "batch_id"
         else f for f in plain]
    )
    with pq.ParquetWriter(keys_path, schema, compression="zstd", use_dictionary=_NEW_KEYS_DICTIONARY,
                          store_schema=False) as writer:
        for path in paths:
            data = pq.read_table(path, columns=["platform", column], partitioning=None, read_dictionary=["platform"])
            n = data.num_rows
            if not n:
                continue
            zeros = pa.array(np.zeros(n, np.int32))

            def constant(value):
                return pa.DictionaryArray.from_arrays(zeros, pa.array([value], pa.string()))

            platforms = data.column("platform").combine_chunks()
            if not pa.types.is_dictionary(platforms.type):
                platforms = platforms.dictionary_encode()
            writer.write_table(
                pa.Table.from_arrays(
                    [constant(account), pa.array(np.full(n, batch_id, np.int64)), constant(table),
                     platforms.cast(schema.field("platform").type), data.column(column), constant(NEW)],
                    schema=schema,
                ),
                row_group_size=122_880,
            )


class UndoRecorder:
    """Collects, during one ingest's transaction, the undo record of the rows it writes for ``account``.

    :meth:`Transaction.upsert` and :meth:`Transaction.adopt` call
    :meth:`capture_upsert` and :meth:`capture_adopt` for the tables of
    :data:`~libcommunity.store.layout.UNDONE_TABLES`; the captured files wait
    in the transaction's staging folder and become part of the store only
    when the ingest calls :meth:`keep` (it does when the batch changed
    something; otherwise they are discarded with the staging folder).
    """

    def __init__(self, txn, account: str):
        self.txn = txn
        self.account = account
        self.directory = private_dir(Path(txn.staging) / "undo")
        self.captures: dict[str, list] = {}  # table -> [(keys file, replaced-rows file or None)]
        self._n = 0
        self._executor = None
        self._writes: list = []  # futures of key files being written (capture_adopt)

    def _pool(self):
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            # Two at a time: a first ingest adopts its interactions (10M keys, the longest write) beside its
            # members, posts and identities, which a single thread wrote one after the other, after them.
            self._executor = ThreadPoolExecutor(max_workers=_KEY_WRITERS, thread_name_prefix="libcommunity-undo")
        return self._executor

    def wait(self) -> None:
        """Wait for the key files being written; raise the first error of one (the transaction then fails)."""
        writes, self._writes = self._writes, []
        try:
            for future in writes:
                future.result()
        finally:
            for future in writes:  # after an error, the others finish before the staging folder may go
                future.exception()
            if self._executor is not None and not self._writes:
                self._executor.shutdown(wait=True)
                self._executor = None

    def records(self, table: str, account: str) -> bool:
        """Whether writes of ``table`` for ``account`` are recorded."""
        return account == self.account and table in UNDONE_TABLES

    def _paths(self) -> tuple[Path, Path]:
        self._n += 1
        return self.directory / f"k{self._n:04d}.parquet", self.directory / f"r{self._n:04d}.parquet"

    def capture_upsert(self, table: str, on: str, same: str) -> tuple[int, int, int]:
        """Record the keys of ``_incoming`` (new, same or updated against ``_existing``) and the rows it replaces.

        Called by :meth:`Transaction.upsert` with its join condition ``on`` and
        its equality condition ``same`` (aliases ``i`` incoming, ``e`` existing).
        Returns ``(new, updated, unchanged)``, the upsert's counts.
        """
        con, batch = self.txn.con, int(self.txn.batch_id)
        keys_path, rows_path = self._paths()
        con.execute(
            f"""COPY (
                SELECT {quote_literal(self.account)} AS account, {batch}::BIGINT AS batch_id,
                       {quote_literal(table)} AS table_name, i.platform AS platform, {key_sql(table, 'i.')} AS key,
                       CASE WHEN e._file IS NULL THEN '{NEW}' WHEN {same} THEN '{SAME}' ELSE '{UPDATED}' END AS change
                FROM _incoming i LEFT JOIN _existing e ON {on}
            ) TO {quote_literal(str(keys_path))} (FORMAT parquet, COMPRESSION zstd)"""
        )
        counts = dict(
            con.execute(f"SELECT change, count(*) FROM read_parquet({quote_literal(str(keys_path))}) GROUP BY change").fetchall()
        )
        updated = int(counts.get(UPDATED, 0))
        replaced = None
        if updated:
            cols = ", ".join(f"e.{quote_ident(c)}" for c in columns_of(table))
            con.execute(
                f"""COPY (
                    SELECT {cols}, {batch}::BIGINT AS batch_id FROM _existing e
                    WHERE EXISTS (SELECT 1 FROM _incoming i WHERE {on} AND NOT ({same}))
                ) TO {quote_literal(str(rows_path))} (FORMAT parquet, COMPRESSION zstd)"""
            )
            replaced = rows_path
        self.captures.setdefault(table, []).append((keys_path, replaced))
        return int(counts.get(NEW, 0)), updated, int(counts.get(SAME, 0))

    def capture_adopt(self, table: str, paths) -> None:
        """Record the keys of rows adopted as ``table``'s first rows (all new)."""
        paths = [str(p) for p in paths]
        if not paths:
            return
        keys_path, _ = self._paths()
        if _arrow_keys(table, paths):
            # Written in a thread (Arrow releases the GIL), while the ingest commits its other tables; keep waits.
            self._writes.append(self._pool().submit(
                _write_new_keys, keys_path, self.account, int(self.txn.batch_id), table, paths))
        else:
            self.txn.con.execute(
                f"""COPY (
                    SELECT {quote_literal(self.account)} AS account, {int(self.txn.batch_id)}::BIGINT AS batch_id,
                           {quote_literal(table)} AS table_name, platform, {key_sql(table)} AS key, '{NEW}' AS change
                    FROM read_parquet({file_list(paths)})
                ) TO {quote_literal(str(keys_path))} (FORMAT parquet, COMPRESSION zstd)"""
            )
        self.captures.setdefault(table, []).append((keys_path, None))

    def keep(self, before: dict | None, given: dict | None = None) -> None:
        """Make the captured record part of the transaction, with the account settings the ingest gave.

        ``before`` is the account's manifest entry before the ingest (None for a new account), ``given`` the
        settings the ingest was given (``{"timezone": ..., "lang": ...}``, None where not given).
        """
        import pyarrow as pa

        self.wait()
        txn, account = self.txn, self.account
        keys, replaced = [], {}
        for table, captured in self.captures.items():
            if len(captured) == 1:
                keys.append(captured[0][0])
                if captured[0][1] is not None:
                    replaced.setdefault(table, []).append(captured[0][1])
            else:
                k, r = self._merge(table, captured)
                keys.append(k)
                if r is not None:
                    replaced.setdefault(table, []).append(r)
        self._adopt("undo_keys", keys)
        for table, paths in replaced.items():
            self._adopt(undo_table(table), paths)
        settings = account_settings(before, txn.manifest["accounts"][account], given)
        row = pa.table(
            {
                "account": pa.array([account], pa.string()),
                "batch_id": pa.array([int(txn.batch_id)], pa.int64()),
                "settings": pa.array([json.dumps(settings, sort_keys=True)], pa.string()),
            }
        )
        path = self.directory / "batch.parquet"
        import pyarrow.parquet as pq

        pq.write_table(row, path, compression="zstd")
        self._adopt("undo_batches", [path])

    def _merge(self, table: str, captured: list) -> tuple[Path, Path | None]:
        """One record of a table written more than once in the batch: per key, the first capture that was not
        ``same`` (its replaced row is the row before the batch), else ``same``."""
        con = self.txn.con
        union = " UNION ALL ".join(
            f"SELECT *, {i} AS _c FROM read_parquet({quote_literal(str(k))})" for i, (k, _) in enumerate(captured)
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _undo_chosen AS SELECT * FROM ({union})
            QUALIFY row_number() OVER (PARTITION BY platform, key ORDER BY change = '{SAME}', _c) = 1"""
        )
        keys_path, rows_path = self._paths()
        con.execute(
            f"COPY (SELECT * EXCLUDE (_c) FROM _undo_chosen) TO {quote_literal(str(keys_path))} (FORMAT parquet, COMPRESSION zstd)"
        )
        parts = [(i, r) for i, (_, r) in enumerate(captured) if r is not None]
        if not parts:
            return keys_path, None
        union = " UNION ALL ".join(f"SELECT *, {i} AS _c FROM read_parquet({quote_literal(str(r))})" for i, r in parts)
        con.execute(
            f"""COPY (
                SELECT r.* EXCLUDE (_c) FROM ({union}) r
                SEMI JOIN (SELECT * FROM _undo_chosen WHERE change = '{UPDATED}') c
                  ON r.platform = c.platform AND {key_sql(table, 'r.')} = c.key AND r._c = c._c
            ) TO {quote_literal(str(rows_path))} (FORMAT parquet, COMPRESSION zstd)"""
        )
        return keys_path, rows_path

    def _adopt(self, table: str, paths) -> None:
        """Add the files ``paths`` (this transaction's) as new files of side table ``table``."""
        paths = [Path(p) for p in paths if Path(p).exists()]
        if not paths:
            return
        stage_dir, pattern = self.txn._stage(table, self.account)
        target = private_dir(stage_dir / "month=all")
        for i, p in enumerate(paths):
            os.replace(p, target / (pattern.format(i=i) + ".parquet"))
        self.txn._adopt(table, self.account, stage_dir, set())


# ---------------------------------------------------------------------------------- erasure and retention
def _live_source(txn, table: str, account: str) -> str:
    return source_sql(txn.con, table, [txn._path_of(r) for r in txn._live(table, account)])


def forget_in_undo_log(txn, account: str, member_ids, *, mention_pattern: str, erased: str) -> None:
    """Remove erased people from the undo record of ``account`` (``libcommunity forget``), in ``txn``.

    Call it in the erasure's transaction **before** the person's rows are
    removed from the tables (their interactions' ids are read there). Removes
    the replaced rows of the person (interactions, member rows, identities,
    links) and the library's replies to their interactions, replaces mentions
    of them in replaced texts as erasure does, and drops the keys of all those
    rows from ``undo_keys``: no ``uningest`` can bring them back.
    """
    ids = sorted(set(member_ids))
    if not ids or not any(txn._live(t, account) for t in ("undo_keys", *map(undo_table, UNDONE_TABLES))):
        return
    con = txn.con
    both = f"(SELECT * FROM {_live_source(txn, 'interactions', account)} UNION ALL BY NAME " \
           f"SELECT * EXCLUDE (batch_id) FROM {_live_source(txn, undo_table('interactions'), account)})"
    theirs = sorted({r[0] for r in con.execute(f"SELECT interaction_id FROM {both} WHERE list_contains(?, member_id)", [ids]).fetchall()})
    replies = sorted(
        {r[0] for r in con.execute(f"SELECT interaction_id FROM {both} WHERE by_library AND list_contains(?, reply_to)", [theirs]).fetchall()}
    )
    gone = sorted(set(theirs) | set(replies))
    txn.replace(undo_table("interactions"), account,
                "SELECT * FROM current WHERE NOT list_contains(?, member_id) AND NOT list_contains(?, interaction_id)", [ids, gone])
    for table in ("members", "identities"):
        txn.replace(undo_table(table), account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [ids])
    txn.replace(undo_table("links"), account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [ids])
    for table in ("interactions", "posts"):
        txn.replace(undo_table(table), account, "SELECT * REPLACE (regexp_replace(text, ?, ?, 'g') AS text) FROM current",
                    [mention_pattern, erased], rewrite=True)
    txn.replace(
        "undo_keys", account,
        "SELECT * FROM current WHERE NOT ((table_name IN ('members', 'identities', 'links') AND list_contains(?, key)) "
        "OR (table_name = 'interactions' AND list_contains(?, key)))",
        [ids, gone],
    )


def prune_undo_log(txn, account: str, start_iso: str, kept_members) -> None:
    """Remove from the undo record what ``libcommunity prune`` removes: interactions before ``start_iso``
    (an ISO instant) and the identities of people left with no row (``kept_members``: those who keep one)."""
    txn.replace(undo_table("interactions"), account, "SELECT * FROM current WHERE created_at >= ?::TIMESTAMPTZ", [start_iso])
    txn.replace(undo_table("identities"), account, "SELECT * FROM current WHERE list_contains(?::VARCHAR[], member_id)",
                [sorted(kept_members)])
