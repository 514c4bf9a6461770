"""The scope of a computation: one account (optionally one platform) of one store snapshot.

A :class:`Scope` is what every metric, segment and report function works in.
It owns **one** DuckDB connection with the account's ``lc_*`` views
(:func:`~libcommunity.metrics.members.prepare`), reads one committed version
of the store (its manifest once), and remembers, for as long as it is open, what several figures share:
the conversation table (:func:`~libcommunity.metrics.response.ensure_conversation`),
the contract figures of each month, the per-post table of each window, member
features and activity histories of each segmentation window, segmentations,
the library-side identities (the ``lc_lib_ids`` table of the views) and, with
``reveal``, the original handles. A report asks the store once, however many
sections read the same figures. A small account (at most :data:`IN_MEMORY_ROWS` interactions and posts by the
manifest's coverage) has its interactions and posts read from the files once, at the scope's second query (before
the first with :meth:`Scope.read_into_memory`, as a report does), into temporary tables the views read
(:func:`~libcommunity.metrics.members.keep_in_memory`): a report's some fifty queries then scan memory instead of
decoding the account's Parquet files again. An account whose tables are a single row group
(:data:`ONE_THREAD_ROWS`) has its connection on one DuckDB thread from the first query on.

Using it
--------
Every public function keeps its ``(store, account, month, ...)`` signature and
also accepts a scope in place of the store: given a :class:`Store` (or any
object with the store's read API: ``connect``, ``account``, ``accounts``,
``manifest``, ``files``, ``read``, ``sql``, such as a read-only snapshot pinned
to one manifest version) it opens a scope for the call and closes it at the
end; given a scope it works in it and leaves it open::

    with Scope(store, "biblio-madrid") as scope:
        summary = monthly_summary(scope, "biblio-madrid", "2025-10")
        members = segment_members(scope, "biblio-madrid", "2025-10")   # same connection, shared caches

``Scope(store, account, platform="instagram")`` restricts every view, and so
every figure, to one platform. Figures kept by ``libcommunity prune`` for a
pruned month cover the whole account, so a platform scope has none
(:mod:`~libcommunity.metrics.kept`).

Extending it
------------
A result that several figures need is a function of the scope that stores
itself with :meth:`Scope.memo` under a key naming what it is and every
argument it depends on (``("post_table", window)``); whatever writes temporary
tables on :attr:`Scope.con` names them ``lc_<what>``. Nothing else is needed:
the connection, the views and the lifetime are the scope's.

Given a :class:`~libcommunity.store.Store`, a scope reads a snapshot of it
(:meth:`Store.snapshot`) taken on first use: every figure of the scope is of
one committed version, whatever is written meanwhile, and the files of that
version stay in place until the scope is closed. A scope is not thread-safe;
open it in a ``with`` block, or :meth:`~Scope.close` it.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import re

import pandas as pd

from ..errors import ParameterError, StoreError
from ..months import Month, parse_month
from ..schemas import PLATFORMS
from ..store.coverage import account_months
from .coverage import check_month, coverage_of
from .members import IN_MEMORY_VIEWS, keep_in_memory, prepare
from .window import Window, check_positive_int

__all__ = ["Scope", "open_scope", "resolve", "TRACE_ENV", "trace", "IN_MEMORY_ROWS", "ONE_THREAD_ROWS"]

#: A scope whose interactions and posts hold at most this many rows in all (the manifest's coverage) reads them
#: from the files once, at its second query, and scans memory afterwards (:func:`~.members.keep_in_memory`):
#: a report runs some fifty queries over them. A larger account, or one whose row counts the manifest does not
#: record, keeps reading the files (memory).
IN_MEMORY_ROWS = 500_000

#: A scope held in memory whose interactions and posts hold at most this many rows (DuckDB's row group, the unit
#: a scan is split into between threads) runs on one DuckDB thread from its second query on, the in-memory copy
#: included: its tables are then one row group each, scanned by one thread anyway, and a second thread costs the
#: waking and waiting around every operator (0.05-0.18 s of CPU per report on the demo accounts, for the same wall
#: time). The same rows and results: every figure that depends on an order asks for it.
ONE_THREAD_ROWS = 122_880

#: Environment variable: a file to which every scope appends one JSON line per figure set it computes
#: (``{"event": "core", "account": ..., "month": ..., "pid": ...}``). A diagnostic for benchmarks and tests,
#: which count the lines of a batch's processes; unset, nothing is written.
TRACE_ENV = "LIBCOMMUNITY_TRACE"

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def trace(event: str, **fields) -> None:
    """Append ``{"event": event, **fields, "pid": ...}`` to the file named by :data:`TRACE_ENV`, if set."""
    path = os.environ.get(TRACE_ENV)
    if not path:
        return
    line = json.dumps({"event": event, **fields, "pid": os.getpid()}, default=str, sort_keys=True) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)


class Scope:
    """One account of one store snapshot, optionally one platform, read through one DuckDB connection.

    Parameters
    ----------
    store : Store or store-like
        A :class:`~libcommunity.store.Store` or any object with its read API
        (``connect(account=..., reveal=...)``, ``account``, ``manifest``, and
        optionally ``exists``), such as a snapshot pinned to one manifest version.
    account : str
        The account.
    platform : str, optional
        Restrict every view to this platform (one of the account's platforms).

    Attributes
    ----------
    store, account, platform
        As given.
    stats : collections.Counter
        What the scope did: ``connections``, ``queries``, ``frames`` (results
        fetched as pandas), ``rows`` (results fetched as tuples), ``computed``
        and ``reused`` (memoised results built and served again).

    Notes
    -----
    Nothing is read when the scope is created. The account is checked when
    first needed (:attr:`info`, :meth:`window`), in the order the metric
    functions always checked their arguments (month, store, account); the
    connection opens on the first query. See the module docstring.
    """

    def __init__(self, store, account: str, *, platform: str | None = None):
        if platform is not None and platform not in PLATFORMS:
            raise ParameterError(f"platform must be one of {', '.join(PLATFORMS)}; got {platform!r} instead")
        self.store = store
        self.account = account
        self.platform = platform
        self.stats: collections.Counter = collections.Counter()
        self._info = None
        self._manifest = None
        self._con = None
        self._stack: contextlib.ExitStack | None = None
        self._memo: dict = {}
        self._source = None
        self._own_source = False
        self._executed = 0  # queries run on the current connection (the second one may load the rows in memory)
        self._in_memory: bool | None = None  # whether the connection's rows are in memory (None: not decided yet)

    def __repr__(self) -> str:
        platform = "" if self.platform is None else f", platform={self.platform!r}"
        return f"Scope({self.store!r}, {self.account!r}{platform})"

    # ------------------------------------------------------------------ lifetime
    def __enter__(self) -> "Scope":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def close(self) -> None:
        """Close the connection, let go of the snapshot the scope took, forget every memoised result."""
        stack, self._stack, self._con = self._stack, None, None
        source, own, self._source, self._own_source = self._source, self._own_source, None, False
        self._memo.clear()
        self._info = self._manifest = None
        self._executed = 0
        self._in_memory = None
        if stack is not None:
            stack.close()
        if own and source is not None:
            source.close()

    def __del__(self):  # a scope left open by an interactive session must not keep the lock
        with contextlib.suppress(Exception):
            self.close()

    # ------------------------------------------------------------------ the account
    @property
    def source(self):
        """What the scope reads: ``store`` itself, or, when ``store`` is a :class:`~libcommunity.store.Store`, a
        snapshot of it taken on first use (one committed version for the scope's whole life, its manifest read
        once), let go of by :meth:`close`."""
        if self._source is None:
            from ..store import Store, StoreSnapshot

            own = isinstance(self.store, Store) and not isinstance(self.store, StoreSnapshot)
            self._source, self._own_source = (self.store.snapshot() if own else self.store), own
        return self._source

    def _require_store(self) -> None:
        exists = getattr(self.source, "exists", None)
        if exists is not None and not exists():
            root = getattr(self.store, "root", self.store)
            raise StoreError(
                f"{root}: no libcommunity store here; run 'libcommunity demo' or "
                "'libcommunity ingest' first, or pass --store"
            )

    @property
    def info(self):
        """The account's :class:`~libcommunity.store.AccountInfo` (checked: ``UnknownAccountError`` lists the
        store's accounts; a platform the account does not have is a ``ParameterError``)."""
        if self._info is None:
            info = self.source.account(self.account)
            if self.platform is not None and self.platform not in info.platforms:
                raise ParameterError(
                    f"platform must be one of the platforms of {self.account!r} ({', '.join(sorted(info.platforms)) or 'none'}); "
                    f"got {self.platform!r} instead"
                )
            self._info = info
        return self._info

    @property
    def timezone(self) -> str:
        """The account's IANA timezone."""
        return self.info.timezone

    def window(self, month, *, months: int = 1) -> Window:
        """The :class:`Window` of ``months`` months ending with ``month``, after checking the month, the store and
        the account, in that order (``ParameterError``, ``StoreError``, ``UnknownAccountError``).

        The month may be outside the account's data (a comparison month, a month of a trend): a month a user asks
        for goes through :meth:`resolve`, which also checks that.
        """
        m = parse_month(month)
        check_positive_int(months, "months")
        self._require_store()
        return Window(account=self.account, timezone=self.timezone, month=m, months=months)

    def resolve(self, month, *, months: int = 1) -> Window:
        """:meth:`window`, after also checking that ``month`` (the window's last month) has data.

        Raises
        ------
        NoDataError
            ``no data for <account> in <month>: data covers <first>..<last>``
            (:func:`~libcommunity.metrics.coverage.check_month`).
        """
        w = self.window(month, months=months)
        check_month(self, w.month)
        return w

    @property
    def coverage(self):
        """The :class:`~libcommunity.metrics.coverage.Coverage` of the scope (computed once)."""
        return coverage_of(self)

    @property
    def manifest(self) -> dict:
        """The manifest of the version the scope reads."""
        if self._manifest is None:
            self._manifest = self.source.manifest()
        return self._manifest

    @property
    def generation(self):
        """The manifest's generation: figures computed in scopes of the same generation are of the same data."""
        return self.manifest.get("generation")

    @property
    def pruned_before(self) -> Month | None:
        """The first month whose event-level rows are all kept, or None if the account was never pruned."""
        value = self.manifest.get("accounts", {}).get(self.account, {}).get("pruned_before")
        return None if value is None else parse_month(value)

    def has_rows(self, table: str) -> bool:
        """Whether the scope holds any row of ``table`` (``posts``, ``interactions``, ``members``, ``audience``)."""
        files = self.manifest.get("files", {}).get(table, {}).get(self.account, [])
        if not files or self.platform is None:
            return bool(files)
        query = f"SELECT count(*) > 0 FROM (SELECT 1 FROM {table} WHERE account = $account AND platform = $platform LIMIT 1)"
        return self.memo(("has_rows", table), lambda: bool(self.one(query, {"account": self.account, "platform": self.platform})[0]))

    # ------------------------------------------------------------------ the connection
    @property
    def con(self):
        """The DuckDB connection with the ``lc_*`` views of the account (opened on first use)."""
        if self._con is None:
            self.info  # noqa: B018 - checks the account (and platform) before anything is opened
            stack = contextlib.ExitStack()
            try:
                con = stack.enter_context(self.source.connect(account=self.account, **self._connect_threads()))
                self.manifest  # noqa: B018 - read once, while the connection holds the store's shared lock
                prepare(con, self.account, platform=self.platform)
                cutoff = self.pruned_before
                if cutoff is not None:  # interactions before the prune month are gone, not zero
                    con.execute("UPDATE lc_observed_from SET t = ?::TIMESTAMPTZ", [cutoff.start(self.timezone).isoformat()])
            except BaseException:
                stack.close()
                raise
            self._stack, self._con = stack, con
            self.stats["connections"] += 1
        return self._con

    @staticmethod
    def _used(query: str, params: dict | None) -> dict:
        """The named parameters ``query`` uses (DuckDB rejects unused ones)."""
        names = set(_PARAM.findall(query))
        return {k: v for k, v in (params or {}).items() if k in names}

    def _querying(self):
        """The connection, for one more query (counted; the second keeps a small account's rows in memory)."""
        self.stats["queries"] += 1
        con = self.con
        self._executed += 1
        if self._executed == 2:
            self.read_into_memory()
        return con

    def read_into_memory(self) -> bool:
        """Read a small account's interactions and posts into memory now, before the next query.

        A scope does it by itself at its second query (:data:`IN_MEMORY_ROWS`): a scope that runs one query reads
        only the columns that query needs from the files. A caller that knows many queries follow (a report runs
        some fifty) calls this first, so that its first query, too, scans memory instead of decoding the files
        (the conversation table, read from three scans of the history). Done once per connection.

        Returns
        -------
        bool
            Whether the rows are in memory: False for an account too large, or whose row counts the manifest
            does not record (it keeps reading the files).
        """
        con = self.con
        if self._in_memory is None:
            self._in_memory = self._fits_in_memory()
            if self._in_memory:
                keep_in_memory(con)
        return self._in_memory

    def _connect_threads(self) -> dict:
        """``{"threads": 1}`` for an account small enough to be read into memory in one row group
        (:data:`ONE_THREAD_ROWS`): its queries run on one DuckDB thread from the first on (DuckDB's threads
        only add synchronisation there); ``{}`` otherwise (DuckDB's default)."""
        return {"threads": 1} if self._fits_in_memory() and self._rows() <= ONE_THREAD_ROWS else {}

    def execute(self, query: str, params: dict | None = None):
        """Run ``query`` with the named parameters it uses; the connection, for fetching."""
        return self._querying().execute(query, self._used(query, params))

    def _fits_in_memory(self) -> bool:
        """Whether the scope's interactions and posts hold at most :data:`IN_MEMORY_ROWS` rows (the manifest's
        coverage; False when it does not record them)."""
        rows = self._rows()
        return rows is not None and rows <= IN_MEMORY_ROWS

    def _rows(self) -> int | None:
        """The scope's interactions and posts by the manifest's coverage (None when it does not record them)."""
        months = account_months(self.manifest, self.account, tuple(IN_MEMORY_VIEWS.values()))
        if any(table is None for table in months.values()):
            return None
        return sum(n for table in months.values() for platform, counts in table.items()
                   if self.platform in (None, platform) for n in counts.values())

    def df(self, query: str, params: dict | None = None) -> pd.DataFrame:
        """Run ``query`` and return its result as a pandas DataFrame."""
        out = self.execute(query, params).df()
        self.stats["frames"] += 1
        return out

    def arrow(self, query: str, params: dict | None = None):
        """Run ``query`` and return its result as a pyarrow Table: for a large result, several times cheaper than
        :meth:`df`, and ``Table.to_pandas()`` gives the same frame."""
        con = self._querying()
        finish = getattr(con, "complete", None)  # DuckDB 2 refuses sql() while a result of execute() is unread
        if finish is not None:
            finish()
        out = con.sql(query, params=self._used(query, params)).to_arrow_table()
        self.stats["frames"] += 1
        return out

    def rows(self, query: str, params: dict | None = None) -> list[tuple]:
        """Run ``query`` and return its rows as tuples of Python values (keep timestamps with time zone out of it)."""
        out = self.execute(query, params).fetchall()
        self.stats["rows"] += 1
        return out

    def one(self, query: str, params: dict | None = None) -> tuple:
        """Run ``query`` and return its single row (keep timestamps with time zone out of it)."""
        rows = self.execute(query, params).fetchall()  # read to its end: no unread result left on the connection
        self.stats["rows"] += 1
        return rows[0] if rows else None

    # ------------------------------------------------------------------ shared results
    def memo(self, key, build):
        """The result stored under ``key``, built by ``build()`` the first time it is asked for.

        ``key`` is a hashable tuple naming the result and every argument it
        depends on. The stored object is returned as it is: callers that hand
        a DataFrame to users give a copy.
        """
        if key in self._memo:
            self.stats["reused"] += 1
            return self._memo[key]
        value = build()
        self._memo[key] = value
        self.stats["computed"] += 1
        return value

    def cached(self, key) -> bool:
        """Whether a result is stored under ``key``."""
        return key in self._memo

    def stored(self, key, default=None):
        """The result stored under ``key``, or ``default`` (nothing is built)."""
        return self._memo.get(key, default)

    def identities(self) -> pd.DataFrame:
        """``platform``, ``member_id``, ``handle`` of the scope's members (original identifiers; read only when asked)."""

        def read():
            self.info  # noqa: B018
            where = "account = $account" + ("" if self.platform is None else " AND platform = $platform")
            query = f"SELECT platform, member_id, handle FROM identities WHERE {where} ORDER BY platform, member_id"
            with self.source.connect(reveal=True, account=self.account) as con:
                self.stats["connections"] += 1
                return con.execute(query, self._used(query, {"account": self.account, "platform": self.platform})).df()

        return self.memo(("identities",), read)


@contextlib.contextmanager
def open_scope(store, account: str, *, platform: str | None = None):
    """The scope a function works in: ``store`` itself if it is a :class:`Scope`, else a new one for the block.

    A scope passed in is used as it is and left open (its ``account`` must be
    ``account``); anything else is taken as a store and a :class:`Scope` of
    ``account`` (and ``platform``) is opened for the block and closed after it.

    Raises
    ------
    ParameterError
        If ``store`` is a scope of another account.
    """
    if isinstance(store, Scope):
        if account != store.account:
            raise ParameterError(f"account must be the scope's account {store.account!r}; got {account!r} instead")
        yield store
        return
    with Scope(store, account, platform=platform) as scope:
        yield scope


def resolve(store, account: str, month, *, months: int = 1) -> Window:
    """Validate ``month``, the store, ``account`` and that the account has data in ``month``; return the :class:`Window`.

    Every command that takes a month checks it here (or with :meth:`Scope.resolve`).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
        An account of the store.
    month : str or Month
        ``"YYYY-MM"``: the (last) month, a calendar month in the account's timezone.
    months : int, default 1
        How many months the window spans, ending with ``month``.

    Raises
    ------
    ParameterError
        If ``month`` is not ``YYYY-MM`` or ``months`` is not a positive integer.
    StoreError
        If there is no store at ``store.root``.
    UnknownAccountError
        If the account is not in the store (the message lists the known accounts).
    NoDataError
        If the account has no data in ``month``: "no data for <account> in <month>: data covers <first>..<last>".
    """
    with open_scope(store, account) as scope:
        return scope.resolve(month, months=months)
