"""The canonical store: Parquet files under ``data/store``, read through DuckDB.

Layout (any Parquet engine can read it; ``account`` and ``month`` are Hive
partitions, and ``account`` is also a column inside the files)::

    data/store/
      _manifest.json                      the committed state: accounts and live files
      .key                                the pseudonymisation key (mode 0600), unless LIBCOMMUNITY_KEY is set
      .lock                               the write lock
      posts/account=<a>/month=<YYYY-MM>/part-b<batch>_<i>.parquet
      interactions/account=<a>/month=<YYYY-MM>/...
      audience/account=<a>/month=<YYYY-MM>/...
      members/account=<a>/month=all/...
      identities/account=<a>/month=all/...   original identifiers, read only for --reveal
      provenance/account=<a>/month=all/...   one row per ingested file: name, sha256, time, rows

Writes happen in a :class:`Transaction` under an exclusive file lock. New
Parquet files are written to ``_staging`` first; the commit moves them into
place and then atomically replaces ``_manifest.json``. Readers only ever read
the files the manifest lists, so a write that fails or is killed before the
manifest is replaced leaves the store exactly as it was; leftovers are swept
at the next write. Months partitions use UTC months (a storage detail; report
months are always taken in the account's timezone).

Re-ingesting rows changes nothing: rows are upserted on the natural key of
their table (account + platform + post_id / interaction_id / member_id /
date); the row of the latest batch wins, and a batch that brings no new or
changed row writes nothing at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from .errors import StoreError, StoreLockedError, UnknownAccountError
from .months import validate_account, validate_timezone
from .schemas import TABLES, coerce_frame, table_spec

__all__ = ["Store", "Transaction", "AccountInfo", "DEFAULT_STORE", "default_lang", "new_connection"]

DEFAULT_STORE = Path("data/store")
MANIFEST = "_manifest.json"
LOCK = ".lock"
STAGING = "_staging"
FORMAT_VERSION = 1
LOCK_TIMEOUT_S = float(os.environ.get("LIBCOMMUNITY_LOCK_TIMEOUT", "600"))

IDENTITIES_COLUMNS = {
    "account": pa.string(),
    "platform": pa.string(),
    "member_id": pa.string(),
    "handle": pa.string(),
}
PROVENANCE_COLUMNS = {
    "account": pa.string(),
    "batch_id": pa.int64(),
    "file": pa.string(),
    "sha256": pa.string(),
    "format": pa.string(),
    "ingested_at": pa.timestamp("us", tz="UTC"),
    "rows": pa.int64(),
    "tables": pa.string(),
}
#: Tables that are not canonical but live in the store the same way.
SIDE_TABLES = {
    "identities": (("account", "platform", "member_id"), IDENTITIES_COLUMNS),
    "provenance": (("account", "batch_id", "file"), PROVENANCE_COLUMNS),
}
_LANG_BY_TZ_PREFIX = {
    "Europe/Madrid": "es",
    "Atlantic/Canary": "es",
    "America/Mexico_City": "es",
    "America/Bogota": "es",
    "America/Argentina": "es",
    "America/Lima": "es",
    "America/Santiago": "es",
    "Europe/Stockholm": "sv",
}


def default_lang(timezone: str) -> str:
    """Report language guessed from a timezone (``es``, ``sv``, else ``en``)."""
    for prefix, lang in _LANG_BY_TZ_PREFIX.items():
        if timezone.startswith(prefix):
            return lang
    return "en"


@dataclass
class AccountInfo:
    """What the store knows about an account."""

    account: str
    timezone: str = "UTC"
    lang: str = "en"
    platforms: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"timezone": self.timezone, "lang": self.lang, "platforms": sorted(self.platforms)}


def new_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in UTC with the progress bar off.

    DuckDB draws a progress bar on stdout for queries longer than two
    seconds, which would corrupt the JSON documents the command line prints.
    Inside Jupyter the bar is already off and DuckDB refuses to change the
    setting without ipywidgets, so that refusal is ignored.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass
    return con


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _file_list_sql(files: list[str]) -> str:
    return "[" + ", ".join(_sql_str(f) for f in files) + "]"


def _columns_of(table: str) -> dict:
    if table in TABLES:
        return {c.name: c.arrow_type for c in TABLES[table].columns}
    return SIDE_TABLES[table][1]


def _key_of(table: str) -> tuple:
    if table in TABLES:
        return TABLES[table].key
    return SIDE_TABLES[table][0]


def _month_expr(table: str, alias: str = "") -> str:
    """SQL for the storage partition of a row: its UTC month, or ``'all'``."""
    spec = TABLES.get(table)
    if spec is None or spec.time_column is None:
        return "'all'"
    col = f'{alias}"{spec.time_column}"'
    if spec.column(spec.time_column).type == "date":
        return f"strftime({col}, '%Y-%m')"
    return f"strftime({col} AT TIME ZONE 'UTC', '%Y-%m')"


#: Lock files this process holds exclusively (a read inside a write needs no second lock).
_HELD_EXCLUSIVE: set[str] = set()


class _Lock:
    """An ``flock`` on the store's lock file, shared or exclusive, with a timeout.

    A shared lock requested while this process already holds the exclusive
    lock of the same store is granted at once (``flock`` locks belong to
    open files, so asking again would wait for ourselves).
    """

    def __init__(self, path: Path, exclusive: bool, timeout: float = LOCK_TIMEOUT_S):
        self.path = path
        self.exclusive = exclusive
        self.timeout = timeout
        self.fd = None
        self.nested = False

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        key = str(self.path.resolve())
        if key in _HELD_EXCLUSIVE:
            if self.exclusive:
                raise StoreError(f"{self.path.parent}: a write transaction is already open in this process")
            self.nested = True
            return self
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        mode = (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, mode)
                if self.exclusive:
                    _HELD_EXCLUSIVE.add(key)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.fd)
                    raise StoreLockedError(
                        f"{self.path.parent}: the store is busy (another libcommunity command holds "
                        f"its lock) and did not become free within {self.timeout:.0f} s"
                    ) from None
                time.sleep(0.05)

    def __exit__(self, *exc):
        if self.nested:
            return False
        if self.exclusive:
            _HELD_EXCLUSIVE.discard(str(self.path.resolve()))
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
        return False


class Store:
    """A libcommunity store on disk.

    Parameters
    ----------
    root : path-like
        The store directory (``data/store`` by default). It is created by the
        first write.

    Examples
    --------
    >>> store = Store("data/store")                      # doctest: +SKIP
    >>> store.accounts()                                 # doctest: +SKIP
    ['biblio-madrid', 'stadsbibliotek']
    >>> store.read("posts", account="biblio-madrid")     # doctest: +SKIP
    """

    def __init__(self, root=DEFAULT_STORE):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    # ------------------------------------------------------------------ manifest
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def exists(self) -> bool:
        """Whether a committed store is at :attr:`root`."""
        return self.manifest_path.exists()

    def _load_manifest(self) -> dict:
        if not self.manifest_path.exists():
            return {"format": FORMAT_VERSION, "generation": 0, "next_batch": 1, "accounts": {}, "files": {}}
        try:
            manifest = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.manifest_path}: the store manifest cannot be read ({exc})") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise StoreError(
                f"{self.manifest_path}: store format must be {FORMAT_VERSION}; got {manifest.get('format')!r} instead"
            )
        return manifest

    def manifest(self) -> dict:
        """A copy of the committed manifest."""
        return self._load_manifest()

    # ------------------------------------------------------------------ accounts
    def accounts(self) -> list[str]:
        """Slugs of the accounts in the store, sorted."""
        return sorted(self._load_manifest()["accounts"])

    def account(self, account: str) -> AccountInfo:
        """The :class:`AccountInfo` of ``account``.

        Raises
        ------
        UnknownAccountError
            If the account is not in the store.
        """
        validate_account(account)
        accounts = self._load_manifest()["accounts"]
        if account not in accounts:
            known = ", ".join(sorted(accounts)) or "none yet"
            raise UnknownAccountError(
                f"account must be one of the store's accounts ({known}); got {account!r} instead "
                f"(store: {self.root})"
            )
        info = accounts[account]
        return AccountInfo(account, info.get("timezone", "UTC"), info.get("lang", "en"), list(info.get("platforms", [])))

    def timezone(self, account: str) -> str:
        """The IANA timezone of ``account``."""
        return self.account(account).timezone

    # ------------------------------------------------------------------ reading
    def files(self, table: str, account: str | None = None) -> list[Path]:
        """Absolute paths of the live Parquet files of ``table`` (optionally of one account)."""
        files = self._load_manifest()["files"].get(table, {})
        accounts = [account] if account is not None else sorted(files)
        return [self.root / f for a in accounts for f in files.get(a, [])]

    def _require_store(self):
        if not self.exists():
            raise StoreError(
                f"{self.root}: no libcommunity store here; run 'libcommunity demo' or "
                "'libcommunity ingest' first, or pass --store"
            )

    @contextlib.contextmanager
    def connect(self, *, reveal: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection with one view per table, under a shared lock.

        Views: ``posts``, ``interactions``, ``members``, ``audience``,
        ``provenance``, ``accounts`` (account, timezone, lang) and, only when
        ``reveal`` is true, ``identities``. Timestamps are UTC. Writers wait
        while the block runs, so keep it short.
        """
        self._require_store()
        with _Lock(self.root / LOCK, exclusive=False):
            manifest = self._load_manifest()
            con = new_connection()
            try:
                self._create_views(con, manifest, reveal=reveal)
                yield con
            finally:
                con.close()

    def _create_views(self, con, manifest, *, reveal: bool):
        tables = list(TABLES) + ["provenance"] + (["identities"] if reveal else [])
        for table in tables:
            files = [str(self.root / f) for a in sorted(manifest["files"].get(table, {})) for f in manifest["files"][table][a]]
            columns = _columns_of(table)
            if files:
                select = ", ".join(f'"{c}"' for c in columns)
                con.execute(
                    f"CREATE VIEW {table} AS SELECT {select} FROM read_parquet({_file_list_sql(files)}, "
                    "hive_partitioning = false, union_by_name = true)"
                )
            else:
                empty = pa.schema([(c, t) for c, t in columns.items()]).empty_table()
                con.register(f"_empty_{table}", empty)
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
        rows = [(a, i.get("timezone", "UTC"), i.get("lang", "en")) for a, i in sorted(manifest["accounts"].items())]
        acc = pa.table(
            {
                "account": pa.array([r[0] for r in rows], pa.string()),
                "timezone": pa.array([r[1] for r in rows], pa.string()),
                "lang": pa.array([r[2] for r in rows], pa.string()),
            }
        )
        con.register("_accounts", acc)
        con.execute("CREATE VIEW accounts AS SELECT * FROM _accounts")

    def sql(self, query: str, params=None, *, reveal: bool = False) -> pd.DataFrame:
        """Run one SQL query against the store's views and return a DataFrame."""
        with self.connect(reveal=reveal) as con:
            return con.execute(query, params or []).df()

    def read(self, table: str, account: str | None = None, *, where: str | None = None, params=None) -> pd.DataFrame:
        """Read a canonical table (optionally one account, optionally filtered) as a DataFrame.

        Parameters
        ----------
        table : {"posts", "interactions", "members", "audience"}
        account : str, optional
        where : str, optional
            An extra SQL condition, with ``?`` placeholders for ``params``.
        """
        table_spec(table)
        conditions, values = [], []
        if account is not None:
            self.account(account)
            conditions.append("account = ?")
            values.append(account)
        if where:
            conditions.append(f"({where})")
            values.extend(params or [])
        query = f"SELECT * FROM {table}"
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        query += " ORDER BY " + ", ".join(TABLES[table].key)
        return coerce_frame(self.sql(query, values), table)

    def identities(self, account: str) -> pd.DataFrame:
        """The original identifiers of ``account``'s members (for ``--reveal`` only)."""
        self.account(account)
        return self.sql(
            "SELECT platform, member_id, handle FROM identities WHERE account = ? ORDER BY platform, member_id",
            [account],
            reveal=True,
        )

    def forgotten(self, account: str) -> set[str]:
        """Pseudonyms erased from ``account`` with ``forget``; ingest drops their rows for good."""
        return set(self._load_manifest()["accounts"].get(account, {}).get("forgotten", []))

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """Open a write transaction under the exclusive lock; commit on success.

        If the block raises, nothing is committed and the store is unchanged.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with _Lock(self.root / LOCK, exclusive=True):
            manifest = self._load_manifest()
            self._sweep(manifest)
            txn = Transaction(self, manifest)
            try:
                yield txn
                txn._commit()
            finally:
                txn._cleanup()

    def _sweep(self, manifest: dict) -> None:
        """Remove leftovers of interrupted writes: staging files and unlisted Parquet files."""
        staging = self.root / STAGING
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        live = {f for t in manifest["files"].values() for fs in t.values() for f in fs}
        for table in list(TABLES) + list(SIDE_TABLES):
            tdir = self.root / table
            if not tdir.exists():
                continue
            for path in tdir.rglob("*.parquet"):
                if path.relative_to(self.root).as_posix() not in live:
                    path.unlink(missing_ok=True)
            for d in sorted((p for p in tdir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                with contextlib.suppress(OSError):
                    d.rmdir()


class Transaction:
    """A set of changes to a :class:`Store`, committed atomically.

    Obtained from :meth:`Store.transaction`; not created directly.
    """

    def __init__(self, store: Store, manifest: dict):
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
        self.con = new_connection()
        self.con.execute("SET preserve_insertion_order = true")

    # -------------------------------------------------------------- accounts
    def set_account(self, account: str, *, timezone: str | None = None, lang: str | None = None, platform: str | None = None):
        """Create or update an account's settings."""
        validate_account(account)
        accounts = self.manifest["accounts"]
        info = accounts.get(account)
        if info is None:
            tz = validate_timezone(timezone or "UTC")
            info = {"timezone": tz, "lang": lang or default_lang(tz), "platforms": []}
            accounts[account] = info
            self.changed = True
        else:
            if timezone is not None and validate_timezone(timezone) != info["timezone"]:
                info["timezone"] = timezone
                self.changed = True
            if lang is not None and lang != info.get("lang"):
                info["lang"] = lang
                self.changed = True
        if platform and platform not in info["platforms"]:
            info["platforms"] = sorted(set(info["platforms"]) | {platform})
            self.changed = True
        return AccountInfo(account, info["timezone"], info["lang"], list(info["platforms"]))

    def add_forgotten(self, account: str, member_ids) -> None:
        """Remember erased pseudonyms of ``account`` so later ingests drop them too."""
        info = self.manifest["accounts"][account]
        merged = sorted(set(info.get("forgotten", [])) | set(member_ids))
        if merged != info.get("forgotten", []):
            info["forgotten"] = merged
            self.changed = True

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
        stage_dir.mkdir(parents=True, exist_ok=True)
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
            A canonical table, ``identities`` or ``provenance``.
        account : str
        data : pandas.DataFrame, pyarrow.Table or path to a Parquet file
            Rows with exactly the table's columns, already validated, with
            no duplicate keys.

        Returns
        -------
        dict
            ``{"rows": n, "new": n_new, "updated": n_updated, "unchanged": n_same}``.
        """
        validate_account(account)
        columns = _columns_of(table)
        key = _key_of(table)
        con = self.con
        src = self._source_sql(data, "_incoming_src")
        select = ", ".join(f'CAST("{c}" AS {self._sql_type(t)}) AS "{c}"' for c, t in columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE _incoming AS SELECT {select} FROM {src}")
        n_rows = con.execute("SELECT count(*) FROM _incoming").fetchall()[0][0]
        live = {self._path_of(rel): rel for rel in self._live(table, account)}
        keycols = ", ".join(f'"{k}"' for k in key)
        cols = ", ".join(f'"{c}"' for c in columns)
        if live:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW _existing AS SELECT {cols}, filename AS _file FROM "
                f"read_parquet({_file_list_sql(list(live))}, hive_partitioning = false, filename = true, "
                "union_by_name = true)"
            )
        else:
            empty = pa.schema([(c, t) for c, t in columns.items()] + [("_file", pa.string())]).empty_table()
            con.register("_existing_empty", empty)
            con.execute("CREATE OR REPLACE TEMP VIEW _existing AS SELECT * FROM _existing_empty")
        on = " AND ".join(f'e."{k}" IS NOT DISTINCT FROM i."{k}"' for k in key)
        same = " AND ".join(f'e."{c}" IS NOT DISTINCT FROM i."{c}"' for c in columns)
        counts = con.execute(
            f"""
            SELECT
              count(*) FILTER (WHERE NOT matched) AS new,
              count(*) FILTER (WHERE matched AND NOT identical) AS updated,
              count(*) FILTER (WHERE identical) AS unchanged
            FROM (
              SELECT EXISTS (SELECT 1 FROM _existing e WHERE {on}) AS matched,
                     EXISTS (SELECT 1 FROM _existing e WHERE {same}) AS identical
              FROM _incoming i
            )
            """
        ).fetchall()[0]
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
                   OR {_month_expr(table, "e.")} IN (SELECT DISTINCT {_month_expr(table)} FROM _incoming)
                """
            ).fetchall()
        ]
        stage_dir, pattern = self._stage(table, account)
        con.execute(
            f"""
            COPY (
              SELECT {cols}, {_month_expr(table)} AS month FROM (
                SELECT {cols} FROM _incoming
                UNION ALL
                SELECT {cols} FROM _existing e
                WHERE list_contains({_file_list_sql(affected)}::VARCHAR[], e._file)
                  AND NOT EXISTS (SELECT 1 FROM _incoming i WHERE {on})
              )
              ORDER BY month, {keycols}
            ) TO {_sql_str(str(stage_dir))}
            (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), OVERWRITE_OR_IGNORE,
             FILENAME_PATTERN {_sql_str(pattern)})
            """
        )
        self._adopt(table, account, stage_dir, {live[f] for f in affected})
        return result

    def replace(self, table: str, account: str, query: str, params=None) -> int:
        """Rewrite all of ``account``'s ``table`` with the rows of ``query``.

        ``query`` reads the current rows from the view ``current`` (e.g.
        ``"SELECT * FROM current WHERE member_id <> ?"``). Used by erasure
        and retention, which only ever remove rows. Returns the number of rows
        removed.
        """
        columns = _columns_of(table)
        cols = ", ".join(f'"{c}"' for c in columns)
        live = self._live(table, account)
        if not live:
            return 0
        flist = _file_list_sql([self._path_of(f) for f in live])
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW current AS SELECT {cols} FROM read_parquet({flist}, hive_partitioning = false, union_by_name = true)"
        )
        before = self.con.execute("SELECT count(*) FROM current").fetchall()[0][0]
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE _kept AS SELECT {cols} FROM ({query})", params or [])
        after = self.con.execute("SELECT count(*) FROM _kept").fetchall()[0][0]
        if after == before:
            return 0
        stage_dir, pattern = self._stage(table, account)
        if after:
            keycols = ", ".join(f'"{k}"' for k in _key_of(table))
            self.con.execute(
                f"""COPY (SELECT {cols}, {_month_expr(table)} AS month FROM _kept ORDER BY month, {keycols})
                TO {_sql_str(str(stage_dir))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month),
                OVERWRITE_OR_IGNORE, FILENAME_PATTERN {_sql_str(pattern)})"""
            )
        self._adopt(table, account, stage_dir, set(live))
        return int(before - after)

    def drop_account_table(self, table: str, account: str) -> None:
        """Remove every file of ``table`` for ``account``."""
        live = self._live(table, account)
        if live:
            stage_dir, _ = self._stage(table, account)
            self._adopt(table, account, stage_dir, set(live))

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
    @staticmethod
    def _sql_type(t: pa.DataType) -> str:
        if pa.types.is_timestamp(t):
            return "TIMESTAMPTZ"
        if pa.types.is_date32(t):
            return "DATE"
        if pa.types.is_int64(t):
            return "BIGINT"
        if pa.types.is_boolean(t):
            return "BOOLEAN"
        return "VARCHAR"

    def _source_sql(self, data, name: str) -> str:
        if isinstance(data, (str, Path)):
            return f"read_parquet({_sql_str(str(data))})"
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
        for rel, staged in self._new_files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        self.manifest["generation"] = self.base_generation + 1
        self.manifest["next_batch"] = self.batch_id + 1
        self.manifest["committed_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        tmp = root / (MANIFEST + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.manifest, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, root / MANIFEST)
        dir_fd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        live = {f for t in self.manifest["files"].values() for fs in t.values() for f in fs}
        for rel in self._obsolete - live:
            (root / rel).unlink(missing_ok=True)

    def _cleanup(self) -> None:
        self.con.close()
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
        parent = self.staging.parent
        with contextlib.suppress(OSError):
            parent.rmdir()
