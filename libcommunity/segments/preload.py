"""scikit-learn and SciPy imported in a thread while DuckDB computes a large account's member features.

Importing the libraries the segmenter and the activity model fit with takes
one to two seconds of Python work; computing the features of a large account
takes DuckDB several seconds, during which it does not hold the GIL. For an
account with many interactions :func:`start_model_imports` starts those
imports in a thread before the features are computed, and the caller waits for
it (:meth:`threading.Thread.join`) before the first fit, so that only one
thread ever imports them. A small account does not get the thread: it may have
too few participants to cluster, and then its report never imports
scikit-learn or SciPy at all.

The thread imports only third-party modules (never one of libcommunity's), so
it cannot wait on an import the main thread holds while the main thread waits
on it. An import that fails in the thread is left for the main thread to
repeat and report.
"""

from __future__ import annotations

import importlib
import threading

__all__ = ["MODEL_MODULES", "PRELOAD_FROM_ROWS", "start_model_imports"]

#: What the segmenter (:mod:`libcommunity.segments.estimator` and the modules it imports) and the activity model
#: (:mod:`libcommunity.segments.activity`) import when they fit.
MODEL_MODULES = (
    "scipy.special",
    "scipy.optimize",
    "threadpoolctl",
    "sklearn.base",
    "sklearn.exceptions",
    "sklearn.utils",
    "sklearn.utils.validation",
)
#: From this many interactions of the scope on, the models' libraries are imported while the features are computed.
PRELOAD_FROM_ROWS = 200_000


def _import_all(modules) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the main thread imports it again and reports what is wrong
            return


def _interactions(scope) -> int | None:
    """The scope's interactions by the manifest's coverage (None when it does not record them)."""
    from ..store.coverage import account_months

    counts = account_months(scope.manifest, scope.account, ("interactions",)).get("interactions")
    if counts is None:
        return None
    return sum(n for platform, months in counts.items() if scope.platform in (None, platform) for n in months.values())


def start_model_imports(scope, modules=MODEL_MODULES, *, from_rows: int = PRELOAD_FROM_ROWS) -> threading.Thread | None:
    """Start importing ``modules`` in a thread when ``scope`` holds at least ``from_rows`` interactions.

    Parameters
    ----------
    scope : Scope
        The scope whose features are about to be computed.
    modules : sequence of str
        Modules to import, in order (:data:`MODEL_MODULES`).
    from_rows : int
        Fewest interactions (by the store's coverage) worth a thread.

    Returns
    -------
    threading.Thread or None
        The started thread, to :meth:`~threading.Thread.join` before the first
        fit; None when nothing was started (a small account, a store without
        coverage, or every module already imported).
    """
    import sys

    missing = [m for m in modules if m not in sys.modules]
    if not missing:
        return None
    rows = _interactions(scope)
    if rows is None or rows < from_rows:
        return None
    thread = threading.Thread(target=_import_all, args=(missing,), name="libcommunity-model-imports")
    thread.start()
    return thread
