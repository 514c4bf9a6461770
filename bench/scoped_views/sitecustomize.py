"""What-if of ``python -m bench reports --scoped-views``: DuckDB views over one account's files only.

Not part of libcommunity. ``Store.connect()`` builds its views over every
Parquet file of every account, so each query of one account reads the
footers of the whole store and its cost grows with the number of accounts
(docs/performance.md, "Reports"). This module, put on ``PYTHONPATH`` by the
benchmark so that worker processes and notebook kernels load it at start-up,
restricts the views of a metrics session (``libcommunity.metrics.members.
session``) and of a member-features query (``libcommunity.segments.features.
query``) to the files of the account they are about, the change proposed for
``Store.connect(account=...)``. Results do not change (the ``lc_*`` views
and the feature query filter on the account anyway); the benchmark checks
that the HTML is byte-identical with and without it.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.abc
import sys

_SCOPE = contextvars.ContextVar("libcommunity_bench_scope", default=None)
_TARGETS = {"libcommunity.store", "libcommunity.metrics.members", "libcommunity.segments.features"}


def _patch(name: str, module) -> None:
    if name == "libcommunity.store":
        original = module.Store._create_views

        def _create_views(self, con, manifest, *, reveal):
            account = _SCOPE.get()
            if account is not None:
                files = {t: {a: f for a, f in per.items() if a == account} for t, per in manifest["files"].items()}
                manifest = {**manifest, "files": files}
            return original(self, con, manifest, reveal=reveal)

        module.Store._create_views = _create_views
    elif name == "libcommunity.metrics.members":
        original_session = module.session

        @contextlib.contextmanager
        def session(store, window):
            token = _SCOPE.set(window.account)
            try:
                with original_session(store, window) as con:
                    yield con
            finally:
                _SCOPE.reset(token)

        module.session = session
    elif name == "libcommunity.segments.features":
        original_query = module.query

        def query(store, sql, params):
            token = _SCOPE.set((params or {}).get("account"))
            try:
                return original_query(store, sql, params)
            finally:
                _SCOPE.reset(token)

        module.query = query


class _Finder(importlib.abc.MetaPathFinder):
    """Patch the target modules right after they execute, before anyone imports names from them."""

    def find_spec(self, name, path, target=None):
        if name not in _TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def patched_exec(module):
            exec_module(module)
            _patch(name, module)

        loader.exec_module = patched_exec
        return spec


if not any(isinstance(f, _Finder) for f in sys.meta_path):
    sys.meta_path.insert(0, _Finder())
