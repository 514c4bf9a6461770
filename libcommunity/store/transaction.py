"""A set of changes to a store, committed atomically (see :mod:`libcommunity.store.core`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import time
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ..errors import StoreError
from ..months import validate_account
from . import coverage, readers
from .layout import (
    STAGING,
    check_no_link,
    columns_of,
    key_of,
    live_files,
    month_expr,
    private_dir,
    private_file,
    select_columns,
    write_manifest,
)
from .settings import AccountSettings
from .sql import file_list, quote_ident, quote_literal, release_connection, sql_type, write_connection

__all__ = ["Transaction", "PAUSE_ENV", "PAUSE_FILE_ENV", "PAUSE_SECONDS_ENV", "pause_point"]

#: Test hook (tests/test_store_crash.py): the commit step at which to stop, and the file announcing the stop.
PAUSE_ENV = "LIBCOMMUNITY_PAUSE_AT"
PAUSE_FILE_ENV = "LIBCOMMUNITY_PAUSE_FILE"
PAUSE_SECONDS_ENV = "LIBCOMMUNITY_PAUSE_SECONDS"


def pause_point(step: str) -> None:
    """Wait at commit ``step`` when ``LIBCOMMUNITY_PAUSE_AT`` names it (a test hook; no effect otherwise).

    Steps, in commit order: ``staged`` (new files written under ``_staging``),
    ``moved`` (new files moved into place, manifest not yet written),
    ``manifest-written`` (the new manifest written to a temporary file, not yet
    renamed) and ``committed`` (manifest replaced, obsolete files not yet
    removed). The process writes its pid to ``LIBCOMMUNITY_PAUSE_FILE`` (if
    set) and sleeps ``LIBCOMMUNITY_PAUSE_SECONDS`` (default 60) so that a
    test can kill it there, or let it continue; removing the file lets it
    continue at once.
    """
    if os.environ.get(PAUSE_ENV) != step:
        return
    seconds = float(os.environ.get(PAUSE_SECONDS_ENV, "60"))
    marker = os.environ.get(PAUSE_FILE_ENV)
    if not marker:
        time.sleep(seconds)
        return
    tmp = Path(marker + ".tmp")
    tmp.write_text(str(os.getpid()))
    os.replace(tmp, marker)
    deadline = time.monotonic() + seconds
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.02)


class Transaction(AccountSettings):
    """A set of changes to a :class:`~libcommunity.store.Store`, committed atomically.

    Obtained from :meth:`Store.transaction`; not created directly.
    """

    def __init__(self, store, manifest: dict):
        self.store = store
        self.manifest = json.loads(json.dumps(manifest))
        self.base_generation = manifest["generation"]
        self.staging = store.root / STAGING / uuid.uuid4().hex
        self.batch_id = int(manifest["next_batch"])
        self.changed = False
        self.summary: dict = {}
        self._new_files: dict[str, Path] = {}  # final relative path -> staged path
        self._obsolete: set[str] = set()
        self._writes = 0
        self.con = write_connection(temp_directory=self.staging / "duckdb.tmp")
        self._incoming_kind = None
        self.undo = None  # an UndoRecorder while an ingest records what it changes (record_undo)

    # -------------------------------------------------------------- the undo record
    def record_undo(self, account: str) -> None:
        """Record what this transaction's upserts and adoptions give ``account`` (:mod:`libcommunity.store.undo`).

        Kept only if :meth:`keep_undo` is called (an ingest does when it changed something).
        """
        from .undo import UndoRecorder

        self.undo = UndoRecorder(self, account)

    def keep_undo(self, before: dict | None, given: dict | None = None) -> None:
        """Write the recorded undo record, with the account settings ``given`` to the ingest and those changed since
        ``before`` (the account's manifest entry before it). Coverage is counted first, while the undo record's
        thread still writes the keys of adopted tables (``keep`` waits for them); the commit then counts the rest."""
        if self.undo is not None:
            coverage.refresh(self.manifest, self.con, self._path_of)
            self.undo.keep(before, given)

    # -------------------------------------------------------------- tables
    def _live(self, table: str, account: str) -> list[str]:
        return list(self.manifest["files"].get(table, {}).get(account, []))

    def _path_of(self, rel: str) -> str:
        """Where a live file is now: in staging if this transaction wrote it, else in the store."""
        return str(self._new_files.get(rel, self.store.root / rel))

    def _stage(self, table: str, account: str) -> tuple[Path, str]:
        """A fresh staging directory and file-name pattern for one write."""
        self._writes += 1
        stage_dir = self.staging / f"w{self._writes:04d}" / table / f"account={account}"
        private_dir(stage_dir)
        return stage_dir, f"part-b{self.batch_id:06d}-{self._writes:04d}_{{i}}"

    def _adopt(self, table: str, account: str, stage_dir: Path, replaced: set[str]) -> None:
        """Make the files staged in ``stage_dir`` replace ``replaced`` in the pending manifest."""
        files = self.manifest["files"].setdefault(table, {})
        kept = [f for f in files.get(account, []) if f not in replaced]
        added = []
        for staged in sorted(stage_dir.rglob("*.parquet")):
            rel = (Path(table) / f"account={account}" / staged.relative_to(stage_dir)).as_posix()
            self._new_files[rel] = staged
            added.append(rel)
        for rel in replaced:
            if rel in self._new_files:
                self._new_files.pop(rel).unlink(missing_ok=True)
            else:
                self._obsolete.add(rel)
        if kept or added:
            files[account] = sorted(kept + added)
        else:
            files.pop(account, None)
        self.changed = True

    def upsert(self, table: str, account: str, data) -> dict:
        """Insert or replace rows of ``table`` for ``account`` on the table's natural key.

        Parameters
        ----------
        table : str
            A canonical table, or a side table (``identities``, ``links``, ``provenance``, ``summaries``).
        account : str
        data : DataFrame, pyarrow.Table, Parquet path(s) or DuckDB relation
            Rows with exactly the table's columns, already validated, with
            no duplicate keys: a pandas DataFrame, a pyarrow Table, the path
            of a Parquet file or a list of them (read as they are needed,
            never loaded whole), or a relation of this transaction's
            connection :attr:`con` (computed once).

        Returns
        -------
        dict
            ``{"rows": n, "new": n_new, "updated": n_updated, "unchanged": n_same}``.
        """
        validate_account(account)
        columns = columns_of(table)
        key = key_of(table)
        con = self.con
        src = self._source_sql(data, "_incoming_src")
        if self._incoming_kind:
            con.execute(f"DROP {self._incoming_kind} IF EXISTS _incoming")
        # Files are read where they are (several times, never whole in memory); a relation is computed once.
        self._incoming_kind = "TABLE" if isinstance(data, duckdb.DuckDBPyRelation) else "VIEW"
        # Rows written before a column was added (an older store or tool) read it as null.
        con.execute(f"CREATE TEMP {self._incoming_kind} _incoming AS {select_columns(con, table, src, cast=True)}")
        n_rows = con.execute("SELECT count(*) FROM _incoming").fetchall()[0][0]
        live = {self._path_of(rel): rel for rel in self._live(table, account)}
        keycols = ", ".join(quote_ident(k) for k in key)
        cols = ", ".join(quote_ident(c) for c in columns)
        if live:
            source = (
                f"read_parquet({file_list(list(live))}, hive_partitioning = false, filename = true, "
                "union_by_name = true)"
            )
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW _existing AS {select_columns(con, table, source, extra=', filename AS _file')}"
            )
        else:
            empty = pa.schema([(c, t) for c, t in columns.items()] + [("_file", pa.string())]).empty_table()
            con.register("_existing_empty", empty)
            con.execute("CREATE OR REPLACE TEMP VIEW _existing AS SELECT * FROM _existing_empty")
        on = " AND ".join(f"e.{quote_ident(k)} IS NOT DISTINCT FROM i.{quote_ident(k)}" for k in key)
        same = " AND ".join(f"e.{quote_ident(c)} IS NOT DISTINCT FROM i.{quote_ident(c)}" for c in columns)
        if self.undo is not None and self.undo.records(table, account):
            # The same join, written down per key (the undo record), gives the counts.
            counts = self.undo.capture_upsert(table, on, same)
        elif live:
            # Keys are unique on both sides: one join says whether each incoming row is new, changed or the same.
            counts = con.execute(
                f"""
                SELECT
                  count(*) FILTER (WHERE e._file IS NULL) AS new,
                  count(*) FILTER (WHERE e._file IS NOT NULL AND NOT ({same})) AS updated,
                  count(*) FILTER (WHERE e._file IS NOT NULL AND ({same})) AS unchanged
                FROM _incoming i LEFT JOIN _existing e ON {on}
                """
            ).fetchall()[0]
        else:
            counts = (n_rows, 0, 0)
        result = {"rows": int(n_rows), "new": int(counts[0]), "updated": int(counts[1]), "unchanged": int(counts[2])}
        self.summary.setdefault(table, {"new": 0, "updated": 0, "unchanged": 0})
        for k in ("new", "updated", "unchanged"):
            self.summary[table][k] += result[k]
        if result["new"] == 0 and result["updated"] == 0:
            return result
        affected = [
            r[0]
            for r in con.execute(
                f"""
                SELECT DISTINCT e._file FROM _existing e
                WHERE EXISTS (SELECT 1 FROM _incoming i WHERE {on})
                   OR {month_expr(table, "e.")} IN (SELECT DISTINCT {month_expr(table)} FROM _incoming)
                """
            ).fetchall()
        ]
        stage_dir, pattern = self._stage(table, account)
        con.execute(
            f"""
            COPY (
              SELECT {cols}, {month_expr(table)} AS month FROM (
                SELECT {cols} FROM _incoming
                UNION ALL
                SELECT {cols} FROM _existing e
                WHERE list_contains({file_list(affected)}::VARCHAR[], e._file)
                  AND NOT EXISTS (SELECT 1 FROM _incoming i WHERE {on})
              )
              ORDER BY month, {keycols}
            ) TO {quote_literal(str(stage_dir))}
            (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), OVERWRITE_OR_IGNORE,
             FILENAME_PATTERN {quote_literal(pattern)})
            """
        )
        self._adopt(table, account, stage_dir, {live[f] for f in affected})
        return result

    def adopt(self, table: str, account: str, files: dict, rows: int) -> dict:
        """Add ready Parquet files as the rows of ``table`` for ``account``, which has none yet.

        The fast path of a first ingest: the files were written in the
        store's layout (canonical columns and types, one UTC month per file)
        by :mod:`libcommunity.staging`, their keys checked unique, so they are
        moved into place at commit instead of being rewritten.

        Parameters
        ----------
        table : str
        account : str
        files : dict
            ``{month: [paths]}``: Parquet files on the store's file system
            (``month`` is ``YYYY-MM`` or ``all``); they are moved, not copied.
        rows : int
            How many rows the files hold.

        Returns
        -------
        dict
            As :meth:`upsert`: every row is new.

        Raises
        ------
        StoreError
            If ``account`` already has rows in ``table``.
        """
        validate_account(account)
        if self._live(table, account):
            raise StoreError(f"{table} of {account} already has rows; use upsert to merge into them")
        result = {"rows": int(rows), "new": int(rows), "updated": 0, "unchanged": 0}
        self.summary.setdefault(table, {"new": 0, "updated": 0, "unchanged": 0})
        self.summary[table]["new"] += result["new"]
        if not rows:
            return result
        stage_dir, pattern = self._stage(table, account)
        i = 0
        for month in sorted(files):
            target = private_dir(stage_dir / f"month={month}")
            for path in files[month]:
                os.replace(path, target / (pattern.format(i=i) + ".parquet"))
                i += 1
        if self.undo is not None and self.undo.records(table, account):
            self.undo.capture_adopt(table, sorted(stage_dir.rglob("*.parquet")))
        self._adopt(table, account, stage_dir, set())
        return result

    def replace(self, table: str, account: str, query: str, params=None, *, rewrite: bool = False) -> int:
        """Rewrite all of ``account``'s ``table`` with the rows of ``query``.

        ``query`` reads the current rows from the view ``current`` (e.g.
        ``"SELECT * FROM current WHERE member_id <> ?"``). Used by erasure
        and retention, which only ever remove rows or, with ``rewrite=True``,
        change values in place (erasure redacting mentions). Returns the
        number of rows removed (with ``rewrite``, removed or changed).
        """
        columns = columns_of(table)
        cols = ", ".join(quote_ident(c) for c in columns)
        live = self._live(table, account)
        if not live:
            return 0
        flist = file_list([self._path_of(f) for f in live])
        source = f"read_parquet({flist}, hive_partitioning = false, union_by_name = true)"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW current AS {select_columns(self.con, table, source)}")
        before = self.con.execute("SELECT count(*) FROM current").fetchall()[0][0]
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE _kept AS SELECT {cols} FROM ({query})", params or [])
        kept = after = self.con.execute("SELECT count(*) FROM _kept").fetchall()[0][0]
        if rewrite:
            after = before - self.con.execute(
                "SELECT count(*) FROM (SELECT * FROM current EXCEPT ALL SELECT * FROM _kept)"
            ).fetchall()[0][0]
        if after == before:
            return 0
        stage_dir, pattern = self._stage(table, account)
        if kept:
            keycols = ", ".join(quote_ident(k) for k in key_of(table))
            self.con.execute(
                f"""COPY (SELECT {cols}, {month_expr(table)} AS month FROM _kept ORDER BY month, {keycols})
                TO {quote_literal(str(stage_dir))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month),
                OVERWRITE_OR_IGNORE, FILENAME_PATTERN {quote_literal(pattern)})"""
            )
        self._adopt(table, account, stage_dir, set(live))
        return int(before - after)

    def read(self, table: str, account: str) -> pd.DataFrame:
        """The rows of ``account``'s ``table`` as this transaction would commit them (its own writes included)."""
        columns = columns_of(table)
        live = self._live(table, account)
        if not live:
            return pa.schema([(c, t) for c, t in columns.items()]).empty_table().to_pandas()
        flist = file_list([self._path_of(f) for f in live])
        source = f"read_parquet({flist}, hive_partitioning = false, union_by_name = true)"
        return self.con.sql(select_columns(self.con, table, source, cast=True)).to_arrow_table().to_pandas()

    def stored_members(self, table: str, account: str, keys) -> set:
        """Those of ``keys`` (``(platform, member_id)`` pairs) that ``account``'s ``table`` holds in this transaction."""
        keys = list(keys)
        live = self._live(table, account)
        if not keys or not live:
            return set()
        wanted = pa.table({"platform": pa.array([k[0] for k in keys], pa.string()),
                           "member_id": pa.array([k[1] for k in keys], pa.string())})
        self.con.register("_wanted", wanted)
        try:
            flist = file_list([self._path_of(f) for f in live])
            rows = self.con.execute(
                f"SELECT DISTINCT s.platform, s.member_id FROM read_parquet({flist}, hive_partitioning = false, "
                "union_by_name = true) s JOIN _wanted w USING (platform, member_id)"
            ).fetchall()
        finally:
            self.con.unregister("_wanted")
        return {(p, m) for p, m in rows}

    def delete_keys(self, table: str, account: str, keys) -> int:
        """Remove the rows of ``table`` for ``account`` whose natural key is one of ``keys``; return how many went.

        ``keys`` is a relation of :attr:`con` (or SQL of one) with the key columns
        other than ``account``. Only the files holding such rows are rewritten.
        """
        validate_account(account)
        live = {self._path_of(rel): rel for rel in self._live(table, account)}
        if not live:
            return 0
        con = self.con
        columns = columns_of(table)
        if isinstance(keys, duckdb.DuckDBPyRelation):
            keys.create_view("_delete_keys_src", replace=True)
            keys = "_delete_keys_src"
        con.execute(f"CREATE OR REPLACE TEMP TABLE _delete_keys AS SELECT DISTINCT * FROM ({keys})")
        source = f"read_parquet({file_list(list(live))}, hive_partitioning = false, filename = true, union_by_name = true)"
        con.execute(f"CREATE OR REPLACE TEMP VIEW _existing AS {select_columns(con, table, source, extra=', filename AS _file')}")
        on = " AND ".join(f"e.{quote_ident(k)} IS NOT DISTINCT FROM d.{quote_ident(k)}" for k in key_of(table) if k != "account")
        match = f"EXISTS (SELECT 1 FROM _delete_keys d WHERE {on})"
        found = con.execute(f"SELECT e._file, count(*) FROM _existing e WHERE {match} GROUP BY e._file").fetchall()
        if not found:
            return 0
        affected = [f for f, _ in found]
        cols = ", ".join(quote_ident(c) for c in columns)
        keycols = ", ".join(quote_ident(k) for k in key_of(table))
        stage_dir, pattern = self._stage(table, account)
        con.execute(
            f"""COPY (
              SELECT {cols}, {month_expr(table, "e.")} AS month FROM _existing e
              WHERE list_contains({file_list(affected)}::VARCHAR[], e._file) AND NOT {match}
              ORDER BY month, {keycols}
            ) TO {quote_literal(str(stage_dir))}
            (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), OVERWRITE_OR_IGNORE,
             FILENAME_PATTERN {quote_literal(pattern)})"""
        )
        self._adopt(table, account, stage_dir, {live[f] for f in affected})
        return int(sum(n for _, n in found))

    def drop_files(self, table: str, account: str, rels) -> None:
        """Take ``rels`` (live files of ``table`` for ``account``) out of the store, rows and all."""
        rels = set(rels) & set(self._live(table, account))
        if rels:
            stage_dir, _ = self._stage(table, account)
            self._adopt(table, account, stage_dir, rels)

    def drop_account_table(self, table: str, account: str) -> None:
        """Remove every file of ``table`` for ``account``."""
        self.drop_files(table, account, self._live(table, account))

    def record_provenance(self, account: str, rows: list[dict]) -> None:
        """Add one provenance row per ingested file (only called when the batch changed data)."""
        if not rows:
            return
        now = pd.Timestamp.now(tz="UTC").floor("s")
        table = pa.table(
            {
                "account": pa.array([account] * len(rows), pa.string()),
                "batch_id": pa.array([self.batch_id] * len(rows), pa.int64()),
                "file": pa.array([r["file"] for r in rows], pa.string()),
                "sha256": pa.array([r["sha256"] for r in rows], pa.string()),
                "format": pa.array([r.get("format", "") for r in rows], pa.string()),
                "ingested_at": pa.array([now.to_pydatetime()] * len(rows), pa.timestamp("us", tz="UTC")),
                "rows": pa.array([int(r.get("rows", 0)) for r in rows], pa.int64()),
                "tables": pa.array([r.get("tables", "") for r in rows], pa.string()),
            }
        )
        self.upsert("provenance", account, table)

    # -------------------------------------------------------------- internals
    _sql_type = staticmethod(sql_type)

    def _source_sql(self, data, name: str) -> str:
        if isinstance(data, (str, Path)):
            return f"read_parquet({quote_literal(str(data))})"
        if isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data):
            return f"read_parquet({file_list([str(d) for d in data])}, union_by_name = true)"
        if isinstance(data, duckdb.DuckDBPyRelation):
            data.create_view(name, replace=True)
            return name
        if isinstance(data, pd.DataFrame):
            data = pa.Table.from_pandas(data, preserve_index=False)
        if not isinstance(data, pa.Table):
            raise TypeError(f"data must be a DataFrame, a pyarrow Table or a Parquet path; got {type(data).__name__} instead")
        self.con.register(name, data)
        return name

    def _commit(self) -> None:
        if not self.changed:
            return
        root = self.store.root
        # The months each live file holds (read from the new files where they are staged; see store.coverage).
        coverage.refresh(self.manifest, self.con, self._path_of)
        pause_point("staged")
        moved = []
        try:
            for rel, staged in self._new_files.items():
                target = check_no_link(root, rel)
                private_dir(target.parent)
                private_file(staged)
                os.replace(staged, target)
                moved.append(target)
            pause_point("moved")
            generation = self.base_generation + 1
            self.manifest["generation"] = generation
            self.manifest["next_batch"] = self.batch_id + 1
            self.manifest["committed_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            obsolete = sorted(self._obsolete - live_files(self.manifest))
            retired = list(self.manifest.get("retired", []))
            if obsolete:
                retired.append({"generation": generation, "files": obsolete})
            self.manifest["retired"] = retired
            # Superseded files that no open reader needs go now; the others stay listed until the last such reader ends.
            kept, free = readers.removable_retired(self.manifest, root)
            if kept:
                self.manifest["retired"] = kept
            else:
                self.manifest.pop("retired", None)
            write_manifest(root, self.manifest, before_rename=lambda: pause_point("manifest-written"))
        except BaseException:
            # Not committed (a full disk, an error): the files moved into place are listed nowhere; take them out.
            for target in moved:
                target.unlink(missing_ok=True)
            (root / "_manifest.json.tmp").unlink(missing_ok=True)
            raise
        pause_point("committed")
        for rel in free:
            with contextlib.suppress(FileNotFoundError):
                check_no_link(root, rel).unlink()

    def _cleanup(self) -> None:
        if self.undo is not None:  # no undo file may still be written when the staging folder goes
            with contextlib.suppress(Exception):
                self.undo.wait()
        release_connection(self.con)
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
        parent = self.staging.parent
        with contextlib.suppress(OSError):
            parent.rmdir()
