"""Per-account computations for many accounts and months: locally or fanned out over Dask distributed.

A network of libraries asks the same questions of every account and month:
the month's figures (:func:`~libcommunity.metrics.monthly_summary`) and its
member segments (:func:`~libcommunity.segments.segment_members`). Each
``(account, month)`` pair is independent and reads only the store's Parquet
files, so :func:`compute` runs them

* in this process, one after the other (the default);
* on a Dask LocalCluster of ``dask_local`` worker processes on this machine;
* on a Dask cluster, given its scheduler's address (``tcp://host:8786``) or a
  connected :class:`distributed.Client`; the workers need the package and the
  store's directory (a shared file system), nothing else.

No home-made scheduler: Dask places the tasks, retries lost workers and
streams results back. Every result is the same as the local run's (the
computations are deterministic: fixed ``random_state``, data horizon as
"now"). One failing pair does not stop the others: its result says why.

The store's files can also be read by any Parquet engine without
libcommunity (:func:`dataset`, :func:`dask_table`): ``<table>/account=<a>/month=<m>/*.parquet``,
canonical columns (``account`` included) in every file, the committed ones
listed in ``_manifest.json``.

Examples
--------
>>> from libcommunity.scale import compute, plan
>>> pairs = plan(store, ["2025-09", "2025-10"])                      # doctest: +SKIP
>>> results = compute(store, pairs, dask_local=2)                    # doctest: +SKIP
>>> results[0].summary["engaged_members"], results[0].segments["segments"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LibcommunityError, ParameterError
from .months import parse_month, validate_account
from .schemas import TABLES
from .store import Store

__all__ = ["AccountMonth", "WHAT", "account_month", "plan", "compute", "dataset", "dask_table"]

#: What :func:`account_month` can compute: the month's figures, the segment summary, the per-member table.
WHAT = ("summary", "segments", "members")


@dataclass
class AccountMonth:
    """The result of one ``(account, month)``.

    Attributes
    ----------
    account, month : str
    ok : bool
        False when the computation failed (``error`` says why).
    summary : dict or None
        :func:`~libcommunity.metrics.monthly_summary` (JSON-ready).
    segments : dict or None
        :func:`~libcommunity.segments.segment_summary` of the month (JSON-ready).
    members : pandas.DataFrame or None
        :func:`~libcommunity.segments.segment_members`, one row per member
        pseudonym (only when asked for: it grows with the account).
    error : str or None
    seconds : float
        Time the computation took where it ran.
    worker : str
        Where it ran (``local`` or the Dask worker's address).
    """

    account: str
    month: str
    ok: bool = True
    summary: dict | None = None
    segments: dict | None = None
    members: object = None
    error: str | None = None
    seconds: float = 0.0
    worker: str = "local"
    attrs: dict = field(default_factory=dict, repr=False)


def account_month(store, account: str, month: str, *, what=("summary", "segments"), window_months: int = 3,
                  random_state: int = 0) -> AccountMonth:
    """Compute ``what`` for one account and month (the task :func:`compute` fans out).

    Parameters
    ----------
    store : Store, store-like or path-like
        A path pickles smaller, so tasks send paths.
    account : str
    month : str
        ``YYYY-MM`` in the account's timezone.
    what : iterable of {"summary", "segments", "members"}
    window_months : int, default 3
        Segmentation window (as :func:`~libcommunity.segments.segment_members`).
    random_state : int, default 0

    Returns
    -------
    AccountMonth
        With ``ok=False`` and ``error`` set instead of raising, so that one
        failing pair does not stop a batch.
    """
    from .metrics import Scope, monthly_summary
    from .metrics.people import persons_frame
    from .segments import segment_members, summarise_members

    store = Store(store) if isinstance(store, (str, os.PathLike)) else store
    result = AccountMonth(str(account), str(month))
    t0 = time.perf_counter()
    try:
        what = set(what)
        with Scope(store, account) as scope:  # one connection for the month's figures and its segments
            if "summary" in what:
                result.summary = monthly_summary(scope, account, month)
            if what & {"segments", "members"}:
                members = segment_members(scope, account, month, window_months=window_months, random_state=random_state)
                if "segments" in what:
                    result.segments = summarise_members(members, persons_frame(scope))
                if "members" in what:
                    result.members = members
    except LibcommunityError as exc:
        result.ok, result.error = False, str(exc)
    except Exception as exc:  # a bug: reported with its traceback, the other pairs still run
        result.ok = False
        result.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
    result.seconds = round(time.perf_counter() - t0, 3)
    try:
        from distributed import get_worker

        result.worker = get_worker().address
    except (ImportError, ValueError):
        result.worker = "local"
    return result


def plan(store: Store, months, accounts=None) -> list[tuple[str, str]]:
    """Every ``(account, month)`` pair of ``accounts`` (default: all the store's) and ``months``, validated.

    Raises
    ------
    ParameterError, UnknownAccountError
        Before anything runs.
    """
    if isinstance(months, str):
        months = [months]
    months = [str(parse_month(m)) for m in months]
    if not months:
        raise ParameterError("months must name at least one month (YYYY-MM); got none")
    names = list(accounts) if accounts else store.accounts()
    if not names:
        raise ParameterError(f"the store {store.root} has no accounts; ingest data first")
    for a in names:
        validate_account(a)
        store.account(a)  # raises UnknownAccountError listing the known ones
    return [(a, m) for a in names for m in months]


def compute(store, pairs=None, *, months=None, accounts=None, what=("summary", "segments"), client=None,
            scheduler: str | None = None, dask_local: int | None = None, window_months: int = 3,
            random_state: int = 0) -> list[AccountMonth]:
    """Run :func:`account_month` for every pair: here, on a Dask LocalCluster or on a Dask cluster.

    Parameters
    ----------
    store : Store or path-like
    pairs : list of (account, month), optional
        Default: :func:`plan` of ``months`` and ``accounts``.
    months, accounts : optional
        Used when ``pairs`` is not given.
    what : iterable of {"summary", "segments", "members"}
    client : distributed.Client, optional
        A connected client (its cluster is used and left running).
    scheduler : str, optional
        Address of a Dask scheduler to connect to.
    dask_local : int, optional
        Start a LocalCluster of this many worker processes (one thread each) for the call.
    window_months, random_state : int
        As :func:`account_month`.

    Returns
    -------
    list of AccountMonth
        In the order of ``pairs``.

    Raises
    ------
    ParameterError
        For malformed arguments (nothing runs).
    """
    store = store if isinstance(store, Store) else Store(store)
    unknown = set(what) - set(WHAT)
    if unknown or not what:
        raise ParameterError(f"what must hold some of {', '.join(WHAT)}; got {sorted(what)!r} instead")
    if sum(x is not None for x in (client, scheduler, dask_local)) > 1:
        raise ParameterError("give at most one of client, scheduler and dask_local")
    if dask_local is not None and (isinstance(dask_local, bool) or not isinstance(dask_local, int) or dask_local < 1):
        raise ParameterError(f"dask_local must be a number of worker processes >= 1; got {dask_local!r} instead")
    if pairs is None:
        pairs = plan(store, months if months is not None else [], accounts)
    pairs = [(str(a), str(parse_month(m))) for a, m in pairs]
    options = {"what": tuple(what), "window_months": window_months, "random_state": random_state}
    root = str(Path(store.root).resolve())
    if client is None and scheduler is None and dask_local is None:
        return [account_month(root, a, m, **options) for a, m in pairs]

    from distributed import Client, LocalCluster

    cluster = own = None
    if client is None:
        if scheduler is not None:
            own = client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True, dashboard_address=None)
            own = client = Client(cluster)
    try:
        futures = client.map(
            account_month, [root] * len(pairs), [a for a, _ in pairs], [m for _, m in pairs], pure=False, **options
        )
        return client.gather(futures)
    finally:
        if own is not None:
            own.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------------------------------- plain engines
def _files(store: Store, table: str, account: str | None) -> list[str]:
    if table not in TABLES:
        raise ParameterError(f"table must be one of {', '.join(TABLES)}; got {table!r} instead")
    return [str(p) for p in store.files(table, account)]


def dataset(store, table: str, account: str | None = None):
    """A :class:`pyarrow.dataset.Dataset` of the committed files of ``table`` (optionally one account).

    The files listed in the manifest are the committed state (a write
    interrupted by a crash may leave unlisted files until the next write
    sweeps them). Reading the directory itself also works:
    ``pyarrow.dataset.dataset(store.root / table, partitioning="hive")`` adds
    the ``month`` storage partition as a column.
    """
    import pyarrow.dataset as ds

    store = store if isinstance(store, Store) else Store(store)
    files = _files(store, table, account)
    schema = TABLES[table].arrow_schema
    return ds.dataset(files, format="parquet", schema=schema) if files else ds.dataset([], format="parquet", schema=schema)


def dask_table(store, table: str, account: str | None = None):
    """A :mod:`dask.dataframe` of the committed files of ``table`` (optionally one account).

    Every file holds all canonical columns, ``account`` included, so the
    ``account=``/``month=`` directories must not be read as Hive partitions
    by Dask (``dataset={"partitioning": None}``; Dask refuses a column that
    is both in the files and in the path).
    """
    import dask.dataframe as dd

    store = store if isinstance(store, Store) else Store(store)
    files = _files(store, table, account)
    if not files:
        raise ParameterError(f"{store.root}: no {table} files" + (f" for account {account!r}" if account else ""))
    return dd.read_parquet(files, dataset={"partitioning": None})
