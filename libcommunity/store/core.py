"""The :class:`Store`: reading a committed store, and opening write transactions on it.

Writes happen in a :class:`~libcommunity.store.transaction.Transaction`
under the exclusive write lock. New Parquet files are written to
``_staging`` first; the commit moves them into place and then atomically
replaces ``_manifest.json``. Readers only ever read the files the manifest
lists, so a write that fails or is killed before the manifest is replaced
leaves the store exactly as it was; leftovers are swept at the next write.
Readers take no lock: each registers the manifest version it reads
(:mod:`libcommunity.store.readers`), and files a write no longer lists stay
until no reader of an older version is left. Month partitions use UTC
months (a storage detail; report months are always taken in the account's
timezone).

Re-ingesting rows changes nothing: rows are upserted on the natural key of
their table (account + platform + post_id / interaction_id / member_id /
date); the row of the latest batch wins, and a batch that brings no new or
changed row writes nothing at all.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

from ..errors import StoreError, UnknownAccountError
from ..months import validate_account
from ..schemas import TABLES, coerce_frame, table_spec
from . import readers
from .accounts import AccountInfo
from .layout import (
    ALL_TABLES,
    DEFAULT_STORE,
    INGEST_PREFIX,
    LOCK,
    MANIFEST,
    READERS,
    STAGING,
    check_no_link,
    columns_of,
    disk_full,
    live_files,
    private_dir,
    read_manifest,
    select_columns,
)
from .lock import WriteLock, remove_if_unlocked, try_write_lock
from .sql import file_list, quote_ident, read_connection, release_connection

__all__ = ["Store", "AccountInfo"]

#: Tables every reader sees (``identities`` only with ``reveal``).
_VIEW_TABLES = tuple(TABLES) + ("provenance", "summaries", "links", "sightings")
_QUOTED_FILE = re.compile(r"""['"]([^'"]+\.parquet)['"]""")


def damaged_file_error(exc: BaseException, root: Path) -> StoreError | None:
    """A clear StoreError when a DuckDB error is about a damaged or missing file of the store at ``root``."""
    if not isinstance(exc, (duckdb.Error, OSError, pa.ArrowException)):
        return None
    text = str(exc)
    m = _QUOTED_FILE.search(text)
    if m is None:
        return None
    path = m.group(1)
    with contextlib.suppress(OSError, ValueError):
        Path(path).resolve().relative_to(Path(root).resolve())
        first = text.strip().splitlines()[0][:300]
        return StoreError(
            f"{path}: a file of the store is damaged or missing ({first}); run 'libcommunity check' to see "
            "what it holds and 'libcommunity check --repair' to drop it from the store"
        )
    return None


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
    >>> with store.snapshot() as snap:                   # doctest: +SKIP
    ...     snap.read("posts")                           # one committed version, whatever is written meanwhile
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
        return read_manifest(self.manifest_path)

    def manifest(self) -> dict:
        """A copy of the committed manifest."""
        return copy.deepcopy(self._load_manifest())

    @property
    def generation(self) -> int:
        """The version of the manifest read (0 before the first write)."""
        return int(self._load_manifest().get("generation", 0))

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
        return AccountInfo(account, info.get("timezone", "UTC"), info.get("lang"), list(info.get("platforms", [])),
                           list(info.get("handles", [])))

    def timezone(self, account: str) -> str:
        """The IANA timezone of ``account``."""
        return self.account(account).timezone

    def forgotten(self, account: str) -> set[str]:
        """Pseudonyms erased from ``account`` with ``forget``; ingest drops their rows for good."""
        return set(self._load_manifest()["accounts"].get(account, {}).get("forgotten", []))

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

    def snapshot(self, token: str | None = None) -> "StoreSnapshot":
        """A read-only view pinned to one committed version of the store.

        Parameters
        ----------
        token : str, optional
            The :attr:`StoreSnapshot.token` of a snapshot another process
            holds: open the same version (its files stay while either holds it).

        Returns
        -------
        StoreSnapshot
            Same read API as the store; close it (or use it as a context
            manager) when done.
        """
        from .snapshot import StoreSnapshot

        return StoreSnapshot.open(self.root, token)

    @contextlib.contextmanager
    def connect(self, *, reveal: bool = False, account: str | None = None,
                threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection with one view per table, over one committed version.

        Views: ``posts``, ``interactions``, ``members``, ``audience``,
        ``provenance``, ``summaries``, ``links``, ``sightings``, ``accounts`` (account,
        timezone, lang) and, only when ``reveal`` is true, ``identities``.
        Timestamps are UTC. The files of the version read stay in place while
        the block runs, whatever is written meanwhile; writers do not wait.

        Parameters
        ----------
        reveal : bool, default False
            Also create the ``identities`` view (original handles).
        account : str, optional
            Build the table views over this account's files only (the
            ``accounts`` view still lists every account). Per-account work
            then costs the same in a store of 5 accounts as in one of 500.
        threads : int, optional
            DuckDB's worker threads for the block's queries (None: DuckDB's default, the machine's cores).
        """
        with self.snapshot() as snap:
            with snap.connect(reveal=reveal, account=account, threads=threads) as con:
                yield con

    def _connect_manifest(self, manifest: dict, *, reveal: bool, account: str | None, threads: int | None = None):
        """A :func:`~libcommunity.store.sql.read_connection` with the views of ``manifest`` (close it with
        :func:`~libcommunity.store.sql.release_connection`)."""
        con = read_connection(threads=threads)
        try:
            self._create_views(con, manifest, reveal=reveal, account=account)
        except BaseException as exc:
            release_connection(con)
            raise damaged_file_error(exc, self.root) or exc
        return con

    def _create_views(self, con, manifest, *, reveal: bool, account: str | None = None):
        tables = list(_VIEW_TABLES) + (["identities"] if reveal else [])
        for table in tables:
            by_account = manifest["files"].get(table, {})
            chosen = sorted(by_account) if account is None else [account] if account in by_account else []
            files = [str(self.root / f) for a in chosen for f in by_account[a]]
            columns = columns_of(table)
            if files:
                source = f"read_parquet({file_list(files)}, hive_partitioning = false, union_by_name = true)"
                con.execute(f"CREATE VIEW {table} AS {select_columns(con, table, source)}")
            else:
                empty = pa.schema([(c, t) for c, t in columns.items()]).empty_table()
                con.register(f"_empty_{table}", empty)
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
        rows = [(a, i.get("timezone", "UTC"), i.get("lang")) for a, i in sorted(manifest["accounts"].items())]
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
        query += " ORDER BY " + ", ".join(quote_ident(k) for k in TABLES[table].key)
        return coerce_frame(self.sql(query, values), table)

    def identities(self, account: str) -> pd.DataFrame:
        """The original identifiers of ``account``'s members (for ``--reveal`` only)."""
        self.account(account)
        return self.sql(
            "SELECT platform, member_id, handle FROM identities WHERE account = ? ORDER BY platform, member_id",
            [account],
            reveal=True,
        )

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """Open a write transaction under the exclusive lock; commit on success.

        If the block raises, nothing is committed and the store is unchanged.
        A full disk is reported as such (StoreError, exit 2).
        """
        from .transaction import Transaction

        try:
            private_dir(self.root)
            check_no_link(self.root, STAGING)
            with WriteLock(self.root / LOCK):
                manifest = self._load_manifest()
                self._sweep(manifest)
                txn = Transaction(self, manifest)
                try:
                    yield txn
                    txn._commit()
                finally:
                    txn._cleanup()
        except StoreError:
            raise
        except BaseException as exc:
            if disk_full(exc):
                raise StoreError(
                    f"{self.root}: the disk is full ({str(exc).strip().splitlines()[0][:200]}); nothing was "
                    "committed and the store is as it was: free some space and run the command again"
                ) from None
            raise

    def sweep_retired(self) -> list[str]:
        """Delete superseded files that no reader needs any more, if no write runs now; returns what went.

        Called when a reader lets go. The manifest's ``retired`` list is
        tidied by the next commit (a listed file already gone is harmless).
        """
        if not (self.root / LOCK).exists():
            return []
        with try_write_lock(self.root / LOCK) as fd:
            if fd is None:
                return []
            try:
                manifest = self._load_manifest()
                _, free = readers.removable_retired(manifest, self.root)
                for rel in free:
                    check_no_link(self.root, rel).unlink(missing_ok=True)
                return free
            except (OSError, StoreError):
                return []

    def _walk(self, directory: Path):
        """Files and folders under ``directory``, never following a link (a link there stops the write)."""
        for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    check_no_link(self.root, path.relative_to(self.root))
            yield Path(dirpath), dirnames, filenames

    def _sweep(self, manifest: dict) -> None:
        """Remove leftovers of interrupted writes: staging files and Parquet files no manifest entry keeps."""
        staging = self.root / STAGING
        if staging.exists():
            for leftover in staging.iterdir():
                if leftover.is_symlink():
                    leftover.unlink(missing_ok=True)
                elif leftover.name.startswith(INGEST_PREFIX):
                    remove_if_unlocked(leftover)  # an ingest reading its files right now keeps its directory
                elif leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                staging.rmdir()
        (self.root / (MANIFEST + ".tmp")).unlink(missing_ok=True)
        kept = live_files(manifest) | {f for e in manifest.get("retired", []) for f in e["files"]}
        for table in ALL_TABLES:
            tdir = check_no_link(self.root, table)
            if not tdir.exists():
                continue
            dirs = []
            for dirpath, dirnames, filenames in self._walk(tdir):
                dirs.append(dirpath)
                for name in filenames:
                    path = dirpath / name
                    if name.endswith(".parquet") and path.relative_to(self.root).as_posix() not in kept:
                        path.unlink(missing_ok=True)
            for d in sorted(dirs, key=lambda p: -len(p.parts)):
                if d != tdir:
                    with contextlib.suppress(OSError):
                        d.rmdir()

    def readers_dir(self) -> Path:
        return self.root / READERS


from .snapshot import StoreSnapshot  # noqa: E402  (the snapshot is a Store)
from .transaction import Transaction  # noqa: E402,F401
