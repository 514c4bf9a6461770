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
      summaries/account=<a>/month=all/...    monthly metrics documents kept by ``prune`` (libcommunity.retention)

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
#: Monthly aggregates kept when event-level rows are pruned (libcommunity.retention): one metrics document per month.
SUMMARIES_COLUMNS = {
    "account": pa.string(),
    "month": pa.string(),
    "document": pa.string(),
    "computed_at": pa.timestamp("us", tz="UTC"),
}
#: Tables that are not canonical but live in the store the same way.
SIDE_TABLES = {
    "identities": (("account", "platform", "member_id"), IDENTITIES_COLUMNS),
    "provenance": (("account", "batch_id", "file"), PROVENANCE_COLUMNS),
    "summaries": (("account", "month"), SUMMARIES_COLUMNS),
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


#: Environment variable: DuckDB's memory limit for libcommunity's connections (``"2GB"``, ``"512MB"``).
MEMORY_ENV = "LIBCOMMUNITY_MEMORY_LIMIT"
#: Prefix of the directories under ``_staging`` where an ingest stages its rows before its transaction
#: (see :mod:`libcommunity.staging`); each is locked by its ingest while it runs.
INGEST_PREFIX = "ingest-"


def memory_limit() -> str:
    """DuckDB's memory limit for libcommunity's connections.

    ``LIBCOMMUNITY_MEMORY_LIMIT`` if set, otherwise a quarter of the
    machine's memory, at least 1 GB and at most 2.5 GB. DuckDB's own default
    (80 % of the memory) suits a machine that runs nothing else; beyond the
    limit DuckDB spills to disk, so large accounts still fit next to
    notebooks and other processes (with 2.5 GB, segmenting a month of a
    50-million-interaction account peaks under 4 GB per process, pandas and
    the model included; docs/performance.md).
    """
    env = os.environ.get(MEMORY_ENV)
    if env:
        return env.strip()
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        total = 8 << 30
    mb = min(max(total // 4, 1 << 30), 5 << 29) >> 20
    return f"{mb}MB"


def new_connection(*, temp_directory: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in UTC with the progress bar off and a memory limit.

    DuckDB draws a progress bar on stdout for queries longer than two
    seconds, which would corrupt the JSON documents the command line prints.
    Inside Jupyter the bar is already off and DuckDB refuses to change the
    setting without ipywidgets, so that refusal is ignored. The memory limit
    is :func:`memory_limit`; ``temp_directory`` is where DuckDB spills when
    it needs more (DuckDB's default when None).
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass
    con.execute(f"SET memory_limit = {_sql_str(memory_limit())}")
    if temp_directory is not None:
        con.execute(f"SET temp_directory = {_sql_str(str(temp_directory))}")
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


#: Test hook (tests/test_store_crash.py): the commit step at which to stop, and the file announcing the stop.
PAUSE_ENV = "LIBCOMMUNITY_PAUSE_AT"
PAUSE_FILE_ENV = "LIBCOMMUNITY_PAUSE_FILE"
PAUSE_SECONDS_ENV = "LIBCOMMUNITY_PAUSE_SECONDS"


def _pause_point(step: str) -> None:
    """Wait at commit ``step`` when ``LIBCOMMUNITY_PAUSE_AT`` names it (a test hook; no effect otherwise).

    Steps, in commit order: ``staged`` (new files written under ``_staging``),
    ``moved`` (new files moved into place, manifest not yet written),
    ``manifest-written`` (the new manifest written to a temporary file, not yet
    renamed) and ``committed`` (manifest replaced, obsolete files not yet
    removed). The process writes its pid to ``LIBCOMMUNITY_PAUSE_FILE`` (if
    set) and sleeps ``LIBCOMMUNITY_PAUSE_SECONDS`` (default 60) so that a
    test can kill it there, or let it continue.
    """
    if os.environ.get(PAUSE_ENV) != step:
        return
    marker = os.environ.get(PAUSE_FILE_ENV)
    if marker:
        tmp = Path(marker + ".tmp")
        tmp.write_text(str(os.getpid()))
        os.replace(tmp, marker)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "60")))


def _remove_if_unlocked(directory: Path) -> None:
    """Remove an ingest's staging directory unless the ingest that owns it still runs (holds its lock)."""
    lock = directory / LOCK
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:  # not locked yet: being created now, or left by a crash long ago
        with contextlib.suppress(OSError):
            if time.time() - directory.stat().st_mtime > 3600:
                shutil.rmtree(directory, ignore_errors=True)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return
    finally:
        os.close(fd)
    shutil.rmtree(directory, ignore_errors=True)


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
    def connect(self, *, reveal: bool = False, account: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection with one view per table, under a shared lock.

        Views: ``posts``, ``interactions``, ``members``, ``audience``,
        ``provenance``, ``summaries``, ``accounts`` (account, timezone, lang)
        and, only when ``reveal`` is true, ``identities``. Timestamps are UTC.
        Writers wait while the block runs, so keep it short.

        Parameters
        ----------
        reveal : bool, default False
            Also create the ``identities`` view (original handles).
        account : str, optional
            Build the table views over this account's files only (the
            ``accounts`` view still lists every account). Per-account work
            then costs the same in a store of 5 accounts as in one of 500.
        """
        self._require_store()
        with _Lock(self.root / LOCK, exclusive=False):
            manifest = self._load_manifest()
            con = new_connection()
            try:
                self._create_views(con, manifest, reveal=reveal, account=account)
                yield con
            finally:
                con.close()

    def _create_views(self, con, manifest, *, reveal: bool, account: str | None = None):
        tables = list(TABLES) + ["provenance", "summaries"] + (["identities"] if reveal else [])
        for table in tables:
            by_account = manifest["files"].get(table, {})
            chosen = sorted(by_account) if account is None else [account] if account in by_account else []
            files = [str(self.root / f) for a in chosen for f in by_account[a]]
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
            for leftover in staging.iterdir():
                if leftover.name.startswith(INGEST_PREFIX):
                    _remove_if_unlocked(leftover)  # an ingest reading its files right now keeps its directory
                elif leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                staging.rmdir()
        (self.root / (MANIFEST + ".tmp")).unlink(missing_ok=True)
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
        self.con = new_connection(temp_directory=self.staging / "duckdb.tmp")
        self._incoming_kind = None
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

    def set_pruned_before(self, account: str, month: str) -> None:
        """Record that ``account``'s event-level rows before ``month`` (``YYYY-MM``, local) were pruned."""
        info = self.manifest["accounts"][account]
        if info.get("pruned_before") != month:
            info["pruned_before"] = month
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
        columns = _columns_of(table)
        key = _key_of(table)
        con = self.con
        src = self._source_sql(data, "_incoming_src")
        select = ", ".join(f'CAST("{c}" AS {self._sql_type(t)}) AS "{c}"' for c, t in columns.items())
        if self._incoming_kind:
            con.execute(f"DROP {self._incoming_kind} IF EXISTS _incoming")
        # Files are read where they are (several times, never whole in memory); a relation is computed once.
        self._incoming_kind = "TABLE" if isinstance(data, duckdb.DuckDBPyRelation) else "VIEW"
        con.execute(f"CREATE TEMP {self._incoming_kind} _incoming AS SELECT {select} FROM {src}")
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
        if live:
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
            target = stage_dir / f"month={month}"
            target.mkdir(parents=True, exist_ok=True)
            for path in files[month]:
                os.replace(path, target / (pattern.format(i=i) + ".parquet"))
                i += 1
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
        kept = after = self.con.execute("SELECT count(*) FROM _kept").fetchall()[0][0]
        if rewrite:
            after = before - self.con.execute(
                "SELECT count(*) FROM (SELECT * FROM current EXCEPT ALL SELECT * FROM _kept)"
            ).fetchall()[0][0]
        if after == before:
            return 0
        stage_dir, pattern = self._stage(table, account)
        if kept:
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
        if isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data):
            return f"read_parquet({_file_list_sql([str(d) for d in data])}, union_by_name = true)"
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
        _pause_point("staged")
        for rel, staged in self._new_files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        _pause_point("moved")
        self.manifest["generation"] = self.base_generation + 1
        self.manifest["next_batch"] = self.batch_id + 1
        self.manifest["committed_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        tmp = root / (MANIFEST + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.manifest, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        _pause_point("manifest-written")
        os.replace(tmp, root / MANIFEST)
        dir_fd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        _pause_point("committed")
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
