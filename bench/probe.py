"""Count what one computation asks of the store and of DuckDB, in whatever libcommunity is on the path.

Run as a script (``python bench/probe.py MODE ...``), never imported as ``bench.probe``: the report
benchmark runs it in a fresh process with ``PYTHONPATH`` pointing at one version of the code (this
branch, or a ``git archive`` of another), so the same probe measures both versions side by side. It
imports nothing from ``bench`` and only the standard library at module level.

What is counted while the computation runs (:class:`Counts`):

* ``connections``: connections opened: ``duckdb.connect`` calls, and in versions that have it each
  ``libcommunity.store.sql.read_connection`` (a connection to the process's shared database: the database it
  creates on first use is not counted again; the statements that set such a connection up and release it are
  not counted as queries);
* ``frame_fetches``: DuckDB results turned into pandas or Arrow (``df``, ``fetchdf``, ``fetch_df``, ``to_df``,
  ``arrow``, ``fetch_arrow_table``, ``to_arrow_table``);
* ``row_fetches``: ``fetchone`` / ``fetchall``;
* ``queries``: ``execute`` calls, and ``sql`` calls with a query (a relation fetched later);
* ``manifest_reads``: reads of a store's ``_manifest.json``;
* ``conversation_builds``, ``contract_queries``, ``feature_queries``, ``history_queries``: executions of the
  queries that build the conversation table, count the contract figures of one window (one per
  account-month), compute member features and the activity history, recognised by their SQL text (the
  same in every version measured).

Modes: ``counts`` (build the report once under the counters), ``time`` (build it ``--repeat`` times after
importing what it needs; seconds of each), ``segment`` (``segment_members`` ``--repeat`` times and its parts),
``metrics`` / ``segments`` (print ``metrics --json`` documents or segment tables of several account-months as
JSON, for :mod:`bench.compare_versions`).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib
import json
import pathlib
import sys
import threading
import time

#: SQL fragments that identify the queries counted by name (any of the fragments; one per version measured).
MARKERS = {
    "conversation_builds": ("TEMP TABLE lc_conv AS",),
    # the interactions query of the contract figures: one window per execution before, several after
    "contract_queries": ("FILTER (WHERE kind NOT IN ('follow', 'unfollow'))\n        FROM lc_member_acts",
                         "FILTER (WHERE a.kind NOT IN ('follow', 'unfollow'))"),
    "feature_queries": ("libreplies AS",),
    "history_queries": ("count(*) - 1 AS x", "days_ever - 1 AS x"),
}
_FRAME_METHODS = ("df", "fetchdf", "fetch_df", "to_df", "arrow", "fetch_arrow_table", "to_arrow_table")
_ROW_METHODS = ("fetchone", "fetchall")


_KEEP: list = []


class Counts(collections.Counter):
    """Counters of one probe run (see the module docstring)."""


class _WrittenCounts(Counts):
    """:class:`Counts` that rewrite their file at every change: a notebook kernel is killed, never reaches ``atexit``."""

    def __init__(self, path: pathlib.Path):
        super().__init__()
        self._path = path

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self._path.write_text(json.dumps(dict(self)))


@contextlib.contextmanager
def counting(counts: Counts | None = None):
    """Count connections, fetches, queries and manifest reads while the block runs; yields the :class:`Counts`
    (``counts`` if given)."""
    import duckdb

    counts = Counts() if counts is None else counts
    saved = []

    def patch(owner, name, wrapper):
        original = getattr(owner, name, None)
        if original is None:
            return
        saved.append((owner, name, original))
        setattr(owner, name, wrapper(original))

    def count(key):
        def wrapper(original):
            def call(*args, **kwargs):
                counts[key] += 1
                return original(*args, **kwargs)

            return call

        return wrapper

    inside = threading.local()

    def execute(original):
        def call(self, query, *args, **kwargs):
            if getattr(inside, "reading", False):  # a read connection's set-up or release: not a query
                return original(self, query, *args, **kwargs)
            counts["queries"] += 1
            text = str(query)
            for key, markers in MARKERS.items():
                if any(m in text for m in markers):
                    counts[key] += 1
            return original(self, query, *args, **kwargs)

        return call

    def manifest(original):
        def call(self, *args, **kwargs):
            if self.name == "_manifest.json":
                counts["manifest_reads"] += 1
            return original(self, *args, **kwargs)

        return call

    def connect(original):
        def call(*args, **kwargs):
            if not getattr(inside, "reading", False):
                counts["connections"] += 1
            return original(*args, **kwargs)

        return call

    def setting_up(original, counted: bool):
        def call(*args, **kwargs):
            if counted:
                counts["connections"] += 1
            inside.reading = True
            try:
                return original(*args, **kwargs)
            finally:
                inside.reading = False

        return call

    patch(duckdb, "connect", connect)
    for module in ("libcommunity.store.sql", "libcommunity.store.core", "libcommunity.store.snapshot"):
        loaded = sys.modules.get(module)
        if loaded is None and module.endswith(".sql"):
            try:
                loaded = importlib.import_module(module)
            except ImportError:  # a version without it
                loaded = None
        if loaded is not None:
            patch(loaded, "read_connection", lambda original: setting_up(original, True))
            patch(loaded, "release_connection", lambda original: setting_up(original, False))
    for cls in (duckdb.DuckDBPyConnection, getattr(duckdb, "DuckDBPyRelation", None)):
        if cls is None:
            continue
        for name in _FRAME_METHODS:
            patch(cls, name, count("frame_fetches"))
        for name in _ROW_METHODS:
            patch(cls, name, count("row_fetches"))
    patch(duckdb.DuckDBPyConnection, "execute", execute)
    patch(duckdb.DuckDBPyConnection, "sql", execute)  # Scope.arrow: a relation, fetched as Arrow
    patch(pathlib.Path, "open", manifest)  # read_text and read_bytes open the file through it
    try:
        yield counts
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def install_for_process(folder: str) -> None:
    """Count for the whole life of this process, keeping the counts in ``folder/counts-<pid>.json`` (rewritten at
    every change, so that the counts of a kernel that is killed rather than left are kept too).

    Called by the ``sitecustomize`` the report benchmark puts first on ``PYTHONPATH`` to count what a whole batch
    (its command and every notebook kernel) asks of the store.
    """
    import os

    ctx = counting(_WrittenCounts(pathlib.Path(folder, f"counts-{os.getpid()}.json")))
    ctx.__enter__()
    _KEEP.append(ctx)  # a collected context manager would close and restore what it patched


def _store(path):
    from libcommunity.store import Store

    return Store(path)


def _warm_imports() -> None:
    """Import what a report needs, so that timings are of the computation (a notebook's imports come first too)."""
    import libcommunity.metrics  # noqa: F401
    import libcommunity.report.build  # noqa: F401
    import libcommunity.segments  # noqa: F401
    import sklearn.mixture  # noqa: F401
    import scipy.optimize  # noqa: F401


def mode_counts(args) -> dict:
    _warm_imports()
    from libcommunity.report.build import build_report

    store = _store(args.store)
    with counting() as counts:
        t0 = time.perf_counter()
        build_report(store, args.account, args.month)
        seconds = time.perf_counter() - t0
    return {"seconds_under_counters": round(seconds, 3), **dict(sorted(counts.items()))}


def mode_time(args) -> dict:
    t0 = time.perf_counter()
    _warm_imports()
    imports = time.perf_counter() - t0
    from libcommunity.report.build import build_report

    store = _store(args.store)
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        build_report(store, args.account, args.month)
        runs.append(round(time.perf_counter() - t0, 3))
    return {"imports": round(imports, 3), "runs": runs}


def mode_segment(args) -> dict:
    """``segment_members`` of one account-month in this process after its imports, and its parts."""
    t0 = time.perf_counter()
    import sklearn.mixture  # noqa: F401

    from libcommunity.segments import MemberSegmenter, member_features, segment_members
    from libcommunity.segments.activity import probability_active

    out = {"imports": round(time.perf_counter() - t0, 3)}
    store = _store(args.store)
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        members = segment_members(store, args.account, args.month)
        out.setdefault("segment_members", []).append(round(time.perf_counter() - t0, 3))
        out.setdefault("segment_members_cpu", []).append(round(time.process_time() - c0, 3))
    t0 = time.perf_counter()
    features = member_features(store, args.account, args.month)
    t1 = time.perf_counter()
    probability_active(store, args.account, args.month)
    t2 = time.perf_counter()
    MemberSegmenter(random_state=0).fit(features)
    t3 = time.perf_counter()
    out.update({"features": round(t1 - t0, 3), "probability_active": round(t2 - t1, 3), "segmenter_fit": round(t3 - t2, 3),
                "members": len(members), "segments": members["segment"].value_counts().to_dict(),
                "clusters": members.attrs.get("clusters")})
    return out


def _pairs(store, months):
    return [(a, m) for a in store.accounts() for m in months]


def mode_metrics(args) -> dict:
    from libcommunity.errors import LibcommunityError
    from libcommunity.metrics import monthly_summary

    store = _store(args.store)
    out = {}
    for account, month in _pairs(store, args.months):
        try:
            out[f"{account} {month}"] = monthly_summary(store, account, month)
        except LibcommunityError as exc:
            out[f"{account} {month}"] = {"error": str(exc)}
    return out


def mode_segments(args) -> dict:
    import pandas as pd

    from libcommunity.errors import LibcommunityError
    from libcommunity.segments import segment_members, summarise_members

    store = _store(args.store)
    out = {}
    for account, month in _pairs(store, args.months):
        try:
            members = segment_members(store, account, month)
        except LibcommunityError as exc:
            out[f"{account} {month}"] = {"error": str(exc)}
            continue
        frame = members.astype(object).where(members.notna(), None)
        rows = [[None if isinstance(v, float) and v != v else (v.isoformat() if isinstance(v, pd.Timestamp) else v)
                 for v in row] for row in frame.itertuples(index=False)]
        attrs = {k: v for k, v in members.attrs.items()}
        out[f"{account} {month}"] = {"columns": list(members.columns), "rows": rows,
                                     "summary": summarise_members(members), "attrs": attrs}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("counts", "time", "metrics", "segments", "segment"))
    parser.add_argument("--store", required=True)
    parser.add_argument("--account")
    parser.add_argument("--month")
    parser.add_argument("--months", nargs="*", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    args = parser.parse_args(argv)
    import warnings

    warnings.simplefilter("ignore")  # DuckDB's own pandas deprecation warnings would flood the output
    modes = {"counts": mode_counts, "time": mode_time, "metrics": mode_metrics, "segments": mode_segments,
             "segment": mode_segment}
    doc = modes[args.mode](args)
    text = json.dumps(doc, default=str, ensure_ascii=False, sort_keys=False)
    if args.out:
        pathlib.Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
