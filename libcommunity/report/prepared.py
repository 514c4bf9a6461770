"""A report's data computed by the process that runs its notebook, while the notebook's kernel starts.

Every report runs in a new kernel (:mod:`~libcommunity.report.execute`). Starting it and importing pandas and
matplotlib takes a second or more, and the process that waits for the kernel has nothing to do meanwhile. For a
monthly report that process computes the report's data (the work of
:func:`~libcommunity.report.build.build_report`) in a thread during that time, and the notebook's
``build_report`` call takes the result instead of computing it again. One report on its own then uses both
cores of a two-core machine; the pages are the same bytes either way.

The hand-over:

* :class:`Preparation` (the process that runs the notebook) makes a private folder, takes an exclusive lock on
  ``lock`` in it *before* the kernel starts, computes the data in a thread, writes ``report.pickle`` (owner-only,
  renamed into place) and releases the lock. The kernel is told the folder in the environment variable
  :data:`ENV`.
* :func:`take` (inside ``build_report``, in the kernel) waits for a shared lock on ``lock``, so it never reads
  before the data is there, and returns the data only if it was computed for the same call: the same store
  folder and version, account, month, platform, ``reveal``, ``min_group`` and shared-figures folder
  (:func:`report_key`). Otherwise, without the variable (a notebook opened in JupyterLab), or when the
  preparation failed, ``build_report`` computes the data itself, as it always did; an error then comes from the
  notebook's own cell, with the message it always had.

The folder and the file hold member data (pseudonymised figures; handles with ``reveal``): the folder is
created with ``mkdtemp`` (owner only), the file with mode 0600, and both are removed when the run ends.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from ..months import parse_month

if TYPE_CHECKING:
    from .data import ReportData

__all__ = ["ENV", "Preparation", "builds_report", "compute_report_data", "report_key", "take"]

log = logging.getLogger("libcommunity")

#: Environment variable naming the folder of a prepared report (set for the report's kernel only).
ENV = "LIBCOMMUNITY_PREPARED_REPORT"
_LOCK = "lock"
_DATA = "report.pickle"

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: every report computes its data in its kernel
    fcntl = None


_CALL = re.compile(r"\bbuild_report\s*\(")


@lru_cache(maxsize=16)
def _builds_report(path: str, mtime: float) -> bool:
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    sources = ("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
    return any(_CALL.search(source) for source in sources)


def builds_report(template) -> bool:
    """Whether a report template's code calls ``build_report``: only then is its data worth preparing.

    A template that computes something else (a custom one, the tests' small ones) would leave the prepared data
    unread, its computing wasted.
    """
    p = Path(template)
    return _builds_report(str(p), p.stat().st_mtime)


def report_key(store, account: str, month, *, reveal: bool, min_group: int, figures_dir, platform) -> tuple | None:
    """What identifies the data of one ``build_report`` call, or None when it cannot be told (then nothing is shared).

    The store is named by its resolved folder and its committed version (``generation``): a snapshot opened by
    token in the kernel and the one the preparing process opened from the same token give the same key.
    """
    root, generation = getattr(store, "root", None), getattr(store, "generation", None)
    if root is None or generation is None:
        return None
    return (
        str(Path(root).resolve()),
        int(generation),
        str(account),
        str(parse_month(month)),
        bool(reveal),
        int(min_group),
        str(figures_dir or ""),
        str(platform or ""),
    )


class Preparation:
    """Compute one report's data in a thread of this process, for the kernel that runs its notebook.

    Parameters
    ----------
    parameters : dict
        The notebook's parameters (``store``, ``account``, ``month`` and optionally ``snapshot``, ``reveal``,
        ``min_group``, ``figures_dir``, ``platform``), as :func:`~libcommunity.report.batch.plan_jobs` makes them.

    Notes
    -----
    Use it as a context manager around the notebook's run; :attr:`env` is what the kernel's environment needs.
    Leaving the block waits for the thread (the kernel may have failed before it asked for the data) and removes
    the folder. Where file locks are not available (not POSIX), nothing is prepared and :attr:`env` is empty.
    """

    def __init__(self, parameters: dict):
        self.parameters = dict(parameters)
        self.folder: Path | None = None
        self.error: BaseException | None = None
        self._lock_fd: int | None = None
        self._thread: threading.Thread | None = None

    @property
    def env(self) -> dict:
        """``{ENV: folder}`` while a preparation runs or has run; empty otherwise."""
        return {ENV: str(self.folder)} if self.folder is not None else {}

    def __enter__(self) -> "Preparation":
        if fcntl is None:
            return self
        try:
            self.folder = Path(tempfile.mkdtemp(prefix="lc-report-data-"))
            self._lock_fd = os.open(self.folder / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)  # before the kernel starts: it cannot read too early
        except OSError as exc:  # no temporary folder: the kernel computes the data, as without a preparation
            log.debug(f"report data not prepared: {exc}")
            self.__exit__(None, None, None)
            self.folder = self._lock_fd = None
            return self
        self._thread = threading.Thread(target=self._run, name="libcommunity-report-data", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            from ..store import Store

            p = self.parameters
            store = Store(p["store"]).snapshot(p.get("snapshot") or None)
            with store:
                options = dict(
                    reveal=bool(p.get("reveal", False)), min_group=int(p.get("min_group", 5)),
                    figures_dir=p.get("figures_dir") or None, platform=p.get("platform") or None,
                )
                key = report_key(store, p["account"], p["month"], **options)
                data, default_lang = compute_report_data(store, p["account"], p["month"], **options)
            if key is not None:
                tmp = self.folder / f".{_DATA}"
                fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((key, data, default_lang), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.folder / _DATA)
        except BaseException as exc:  # noqa: BLE001 - the kernel computes the data itself and reports the error
            self.error = exc
            log.debug(f"report data not prepared: {type(exc).__name__}: {exc}")
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def __exit__(self, *exc) -> bool:
        if self._thread is not None:
            self._thread.join()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        return False


def take(store, account: str, month, **options):
    """The prepared ``(data, default_lang)`` of this ``build_report`` call, or None: compute it here.

    ``options`` are :func:`report_key`'s. Waits while the preparing process is still computing. Returns None
    without :data:`ENV` (nothing else is done then), without file locks, for arguments that do not make a key
    (a scope, a malformed month: computing gives the usual error), when the preparation failed, and when it was
    made for another call.
    """
    folder = os.environ.get(ENV)
    if not folder or fcntl is None:
        return None
    try:
        key = report_key(store, account, month, **options)
    except Exception:  # noqa: BLE001 - not a key: the data is computed, and any error raised, as without ENV
        return None
    if key is None:
        return None
    try:
        fd = os.open(Path(folder) / _LOCK, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            with open(Path(folder) / _DATA, "rb") as fh:
                prepared_key, data, default_lang = pickle.load(fh)
        except FileNotFoundError:
            return None
    finally:
        os.close(fd)
    return (data, default_lang) if prepared_key == key else None


def compute_report_data(
    store,
    account: str,
    month,
    *,
    reveal: bool = False,
    min_group: int = 5,
    figures_dir: str | os.PathLike | None = None,
    platform: str | None = None,
) -> tuple[ReportData, str]:
    """The data of :func:`build_report` and the account's own language: ``(data, default_lang)``.

    The figures are also written to ``figures_dir`` when one is given. :class:`Preparation` calls this in the
    process that runs a report's notebook, while the kernel starts; :func:`~libcommunity.report.build.build_report`
    when nothing was prepared.
    """
    from ..metrics.scope import open_scope
    from .data import collect
    from .i18n import account_lang
    from .shared import write_figures

    with open_scope(store, account, platform=platform or None) as scope:
        data = collect(scope, account, month, reveal=reveal, min_group=min_group)
        if figures_dir:
            write_figures(figures_dir, scope, data.month, segments=data.member_summary)
        info = scope.info
    return data, account_lang(info)
