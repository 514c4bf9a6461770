"""Report batches: every account of a store for one month, in parallel or on Dask.

The same :class:`~libcommunity.report.execute.ReportJob` objects run
serially, in a local process pool (``workers``), or on Dask distributed (a
``scheduler`` address of a real cluster, or a LocalCluster of ``dask_local``
worker processes). One failing account does not stop the others; its
previous report stays in place and the batch reports the failure.

The accounts' reports run first and share the figures they computed
(:mod:`~libcommunity.report.shared`); the network overview and the index
pages, which show the same figures, run after them and read them, so each
account-month's figures are computed once per batch.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from ..constants import PLATFORMS
from ..errors import ParameterError
from ..months import RESERVED_ACCOUNTS, parse_month
from ..store import Store
from .build import report_label
from .execute import NOTEBOOKS, ReportJob, ReportResult, run_report, sweep_report_leftovers
from .i18n import LANGUAGES, Translator, account_lang
from .index import write_indexes
from .params import check_account, declared_parameters, validate_parameters
from .prepared import builds_report
from .shared import figures_dir, remove_figures

__all__ = ["BatchResult", "plan_jobs", "run_batch", "report_name", "MONTHLY", "NETWORK"]

log = logging.getLogger("libcommunity")

MONTHLY = "monthly_report.ipynb"
NETWORK = "network_overview.ipynb"
NETWORK_NAME = "network"
#: File names of a month's directory that are not account reports.
RESERVED_NAMES = RESERVED_ACCOUNTS


@dataclass
class BatchResult:
    """Outcome of a batch."""

    month: str
    out: Path
    results: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list:
        return [r for r in self.results if not r.ok]

    def lines(self) -> list[str]:
        ok = [r for r in self.results if r.ok]
        out = [f"{len(ok)} of {len(self.results)} reports written to {self.out / self.month} in {self.seconds:.1f} s"]
        out += [f"  FAILED {r.label}: {r.error}" for r in self.failed]
        return out


def report_name(account: str, platform: str | None = None) -> str:
    """The file name (without ``.html``) of a report: ``<account>``, or ``<account>.<platform>`` for one platform.

    A dot cannot occur in an account slug, so a platform's report never takes the name of another account's.
    """
    return account if not platform else f"{account}.{platform}"


def _templates_dir(templates) -> Path:
    return Path(templates or os.environ.get("LIBCOMMUNITY_NOTEBOOKS") or NOTEBOOKS)


def plan_jobs(
    store: Store,
    month: str,
    *,
    accounts=None,
    out="reports",
    lang: str | None = None,
    reveal: bool = False,
    min_group: int = 5,
    network: bool = True,
    templates=None,
    platform: str | None = None,
) -> list[ReportJob]:
    """Validate everything and build the jobs of a batch; runs no notebook.

    Every parameter of every job is checked against its template's
    ``parameters`` cell and against its format (month, account slugs,
    language) here, so a malformed or hostile value stops the batch before
    any kernel starts.

    Returns
    -------
    list of ReportJob
        One job per account, in the order given (default: the store's
        accounts, sorted), then the network overview (when ``network`` and
        its template exists). Templates that declare a ``figures_dir``
        parameter get the batch's shared-figures folder in it. With
        ``platform``, one job per account that has that platform (an account
        named in ``accounts`` must have it), writing
        ``<out>/<month>/<account>.<platform>.html``, and no network overview.

    Raises
    ------
    ParameterError, UnknownAccountError, StoreError
        Before any notebook runs.
    NoDataError
        When a named account, or every account of the store, has no data in the month.
    """
    m = parse_month(month)
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r} instead")
    if not isinstance(min_group, int) or min_group < 1:
        raise ParameterError(f"min_group must be a positive integer; got {min_group!r} instead")
    names = list(dict.fromkeys(accounts)) if accounts else store.accounts()  # once each, in the order given
    if not names:
        raise ParameterError(f"the store {store.root} has no accounts; ingest data first")
    if platform is not None:
        if platform not in PLATFORMS:
            raise ParameterError(f"platform must be one of {', '.join(PLATFORMS)}; got {platform!r} instead")
        if not accounts:  # every account that has the platform
            names = [a for a in names if platform in store.account(a).platforms]
            if not names:
                raise ParameterError(f"platform must be a platform of one of the store's accounts; got {platform!r}, which none has")
        network = False  # the network overview compares whole accounts
    for a in names:
        check_account(a)
        if a in RESERVED_NAMES:
            raise ParameterError(
                f"account must not be named {' or '.join(sorted(RESERVED_NAMES))} (the month's pages use those "
                f"file names); got {a!r} instead"
            )
    infos = [store.account(a) for a in names]  # raises UnknownAccountError listing the known ones
    for info in infos if platform is not None else []:
        if platform not in info.platforms:
            raise ParameterError(
                f"platform must be one of the platforms of {info.account!r} ({', '.join(sorted(info.platforms)) or 'none'}); "
                f"got {platform!r} instead"
            )
    infos = _with_data(store, infos, m, named=bool(accounts))
    tdir = _templates_dir(templates)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"out must be a directory for the reports; got {str(out)!r}, which is a file, instead")
    out = out.resolve()
    token = getattr(store, "token", None)  # a snapshot: every notebook reads the same committed version
    store_path = str(store.root.resolve())
    shared = str(figures_dir(out, m))

    def sharing(template: Path, params: dict) -> dict:
        return {**params, "figures_dir": shared} if "figures_dir" in declared_parameters(template) else params

    jobs = []
    for info in infos:
        report_lang = lang or account_lang(info)
        params = {
            "account": info.account,
            "month": str(m),
            "store": store_path,
            "lang": report_lang,
            "reveal": bool(reveal),
            "min_group": int(min_group),
        }
        if token and "snapshot" in declared_parameters(tdir / MONTHLY):
            params["snapshot"] = token
        if platform is not None:
            if "platform" not in declared_parameters(tdir / MONTHLY):
                raise ParameterError(f"report template {MONTHLY} must declare a 'platform' parameter for --platform; it does not")
            params["platform"] = platform
        params = sharing(tdir / MONTHLY, params)
        validate_parameters(tdir / MONTHLY, params)
        t = Translator(report_lang, info.timezone)
        name = report_name(info.account, platform)
        jobs.append(
            ReportJob(
                template=tdir / MONTHLY,
                output=out / str(m) / f"{name}.html",
                parameters=params,
                title=t("report_title", account=report_label(info.account, platform), month=t.month(m)),
                lang=report_lang,
                timezone=info.timezone,
                label=name,
                prepare=builds_report(tdir / MONTHLY),
            )
        )
    if network and (tdir / NETWORK).exists():
        net_lang = lang or "en"
        params = {"month": str(m), "store": store_path, "lang": net_lang, "accounts": ",".join(names)}
        declared = declared_parameters(tdir / NETWORK)
        params |= {k: v for k, v in (("reveal", bool(reveal)), ("min_group", int(min_group))) if k in declared}
        params = sharing(tdir / NETWORK, params)
        if token and "snapshot" in declared_parameters(tdir / NETWORK):
            params["snapshot"] = token
        validate_parameters(tdir / NETWORK, params)
        t = Translator(net_lang)
        # Last: it shows every account's figures, which the accounts' reports share with it.
        jobs.append(
            ReportJob(
                template=tdir / NETWORK,
                output=out / str(m) / f"{NETWORK_NAME}.html",
                parameters=params,
                title=t("network_title", month=t.month(m)),
                lang=net_lang,
                label=NETWORK_NAME,
            )
        )
    return jobs


def _with_data(store, infos, month, *, named: bool) -> list:
    """The accounts that have data in ``month``.

    An account named on the command line without data in the month stops the batch
    (``NoDataError``: "no data for <account> in <month>: data covers ..."); of the
    store's accounts (none named), those without data are left out with a warning,
    and the batch stops only when no account has data.
    """
    from ..errors import NoDataError
    from ..metrics.coverage import no_data_message
    from ..metrics.scope import Scope

    kept, missing = [], []
    for info in infos:
        with Scope(store, info.account) as scope:
            cov = scope.coverage
            (kept if cov.has_data(month) else missing).append(info if cov.has_data(month) else no_data_message(cov, month))
    if missing and (named or not kept):
        raise NoDataError("; ".join(missing))
    for message in missing:
        log.warning(f"{message}; its report is not written")
    return kept


def _progress(total: int, quiet: bool):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, unit="report", file=sys.stderr, disable=quiet or total == 0, leave=False, dynamic_ncols=True)


def _lost(job: ReportJob, exc: BaseException) -> ReportResult:
    """The result of a job whose worker failed (a process killed, a Dask worker lost)."""
    return ReportResult(job.label, str(job.output), ok=False, error=f"{job.label}: the worker failed: {type(exc).__name__}: {exc}")


def _execute(phases, *, workers: int, scheduler: str | None, dask_local: int | None, quiet: bool) -> list[ReportResult]:
    """Run the jobs of each phase (a list of jobs) serially, in a process pool or on Dask, one phase after the other.

    One result per job, in the order of the phases and of their jobs. A phase
    starts when the one before it has finished (the network overview reads
    what the accounts' reports shared).
    """
    phases = [list(p) for p in phases if p]
    jobs = [job for p in phases for job in p]
    bar = _progress(len(jobs), quiet)
    results = {}

    def done(i: int, res: ReportResult):
        results[i] = res
        if bar is not None:
            bar.set_postfix_str(res.label, refresh=False)
            bar.update(1)
        log.debug(f"{'ok' if res.ok else 'FAILED'} {res.label} in {res.seconds:.1f} s")

    def numbered():  # (index of the first job, jobs) of each phase
        first = 0
        for p in phases:
            yield first, p
            first += len(p)

    try:
        if scheduler or dask_local:
            from dask.distributed import Client, LocalCluster
            from dask.distributed import as_completed as dask_completed

            cluster = None
            if scheduler:
                client = Client(scheduler)
            else:
                cluster = LocalCluster(
                    n_workers=int(dask_local), threads_per_worker=1, processes=True, dashboard_address=None
                )
                client = Client(cluster)
            try:
                for first, phase in numbered():
                    futures = client.map(run_report, phase, pure=False)
                    index = {f.key: first + i for i, f in enumerate(futures)}
                    for fut in dask_completed(futures):
                        i = index[fut.key]
                        try:
                            done(i, fut.result())
                        except Exception as exc:  # noqa: BLE001 - a lost worker fails its job, not the batch
                            done(i, _lost(jobs[i], exc))
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        elif workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=get_context("spawn")) as pool:
                for first, phase in numbered():
                    futures = {pool.submit(run_report, job): first + i for i, job in enumerate(phase)}
                    for fut in as_completed(futures):
                        i = futures[fut]
                        try:
                            done(i, fut.result())
                        except Exception as exc:  # noqa: BLE001 - e.g. BrokenProcessPool when a process is killed
                            done(i, _lost(jobs[i], exc))
        else:
            for i, job in enumerate(jobs):
                done(i, run_report(job))
    finally:
        if bar is not None:
            bar.close()
    return [results[i] for i in sorted(results)]


def run_batch(
    store: Store,
    month: str,
    *,
    accounts=None,
    out="reports",
    lang: str | None = None,
    reveal: bool = False,
    min_group: int = 5,
    workers: int = 1,
    scheduler: str | None = None,
    dask_local: int | None = None,
    network: bool = True,
    templates=None,
    quiet: bool = False,
    platform: str | None = None,
) -> BatchResult:
    """Produce the month's reports and index pages.

    Parameters
    ----------
    store : Store
    month : str
        ``YYYY-MM``.
    accounts : list of str, optional
        Default: every account of the store.
    out : path-like
        Reports go to ``<out>/<month>/<account>.html``; indexes to
        ``<out>/<month>/index.html`` and ``<out>/index.html``.
    lang : {"en", "es", "sv"}, optional
        Overrides each account's language.
    reveal : bool
        Show original handles instead of pseudonyms (ambassador roster etc.).
    min_group : int
        Lists or tables that would single out fewer people are withheld
        unless ``reveal``.
    workers : int
        Local parallel processes.
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``).
    dask_local : int, optional
        Run on a Dask LocalCluster with this many worker processes.
    platform : str, optional
        One platform's reports (``<account>.<platform>.html``) of the accounts
        that have it; no network overview (see :func:`plan_jobs`).
    """
    if workers < 1:
        raise ParameterError(f"workers must be 1 or more; got {workers} instead")
    if dask_local is not None and dask_local < 1:
        raise ParameterError(f"dask-local must be 1 or more; got {dask_local} instead")
    started = time.perf_counter()
    store = store if isinstance(store, Store) else Store(store)
    # One committed version for the whole run: an ingest meanwhile changes nothing the run reads.
    with store.snapshot() as snap:
        jobs = plan_jobs(
            snap, month, accounts=accounts, out=out, lang=lang, reveal=reveal, min_group=min_group, network=network,
            templates=templates, platform=platform,
        )
        sweep_report_leftovers(Path(out).resolve() / str(parse_month(month)))
        shared = figures_dir(Path(out).resolve(), month)
        try:
            # The network overview after the accounts' reports, whose figures it reads.
            phases = [[j for j in jobs if j.label != NETWORK_NAME], [j for j in jobs if j.label == NETWORK_NAME]]
            results = _execute(phases, workers=workers, scheduler=scheduler, dask_local=dask_local, quiet=quiet)
            batch = BatchResult(str(parse_month(month)), Path(out).resolve(), results)
            write_indexes(snap, batch.out, parse_month(month), lang=lang, figures_dir=shared, min_group=min_group,
                          reveal=reveal)
        finally:
            remove_figures(shared)
    batch.seconds = round(time.perf_counter() - started, 3)
    return batch
