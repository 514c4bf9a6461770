"""Shared fixtures: a fixed pseudonymisation key, temporary stores, the real data folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Environment variables that give BLAS (OpenBLAS), OpenMP (scikit-learn's k-means) and Arrow's CPU pool one thread,
#: set here before NumPy is first imported, for this process and every process it starts (notebook kernels, command
#: lines, pool and Dask workers). The suite runs one worker process per core: a second thread per library only competes
#: with the other worker, and on the small matrices of the tests a thread that waits for work spins (the segmentation
#: notebook and the evaluation harness took about 60 % more CPU time with two). The numbers are the same: products this
#: small are not split between threads (tests/test_segments_activity.py compares a fit on one and on two BLAS threads,
#: and the nbval references were made with the default threads).
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
os.environ.update(ONE_THREAD)

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from libcommunity.ingest import ingest_paths  # noqa: E402
from libcommunity.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: ../shared/data/real beside the project (override with LIBCOMMUNITY_REAL_DATA).
REAL_DATA = Path(os.environ.get("LIBCOMMUNITY_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))
TEST_KEY = "libcommunity-test-key"

# The small report stores of tests/report_fixtures.py, built once per session (per xdist worker) and shared by
# every module that asks for them; tests read them and never ingest into them.
from tests.report_fixtures import tiny_report, tiny_sept_report, tiny_sept_store, tiny_store  # noqa: E402,F401


#: The modules that take longest (test time on two workers, longest first). pytest-xdist (`--dist loadfile
#: --no-loadscope-reorder` in pyproject.toml) hands out whole modules in collection order as workers free up, so
#: these go first and the many short modules fill the gaps at the end; left to collection or test-count order, a
#: long module started last keeps one worker busy while the other idles. A module missing here only runs later.
#: Ordered by the worker time of each module in a full two-worker run (`--junitxml`), the segmentation notebook, the
#: evaluation harness, the estimator and trend modules scaled by what one BLAS thread saves them (measured alone), and
#: test_report_prepared.py (newer than that run) placed by its time alone beside test_report_execute.py's.
LONGEST_FIRST = (
    "test_docs_examples.py", "test_report_batch.py", "test_fuzz.py", "test_metrics_properties.py", "test_uningest.py",
    "test_prune.py", "test_loaders_registry.py", "test_report_browser.py", "test_report_small_numbers.py",
    "test_metrics_scope.py", "test_report_shared.py", "test_segments_notebook.py", "test_store_crash.py",
    "test_commands_platform.py", "test_report_network.py", "test_store.py", "test_report_prepared.py",
    "test_trend.py", "test_report_data.py", "test_commands_roster.py", "test_people_suggest.py", "test_scale.py",
    "test_people_events.py", "test_privacy.py", "test_loaders_x_analytics.py", "test_bench_evaluate.py",
    "test_report_execute.py", "test_handles.py", "test_commands_trend.py", "test_ingest.py", "test_report_nbval.py",
    "test_store_coverage.py", "test_bad_input.py",
)


def pytest_collection_modifyitems(config, items):
    """Run the modules of :data:`LONGEST_FIRST` first, in that order, then the others, most tests first.

    Only the order of modules changes (a stable sort: the tests of a module keep their order), not what runs.
    """
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    tests = {}
    for item in items:
        tests[item.path] = tests.get(item.path, 0) + 1
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), -tests[item.path]))


@pytest.fixture(autouse=True)
def _fixed_key(monkeypatch):
    """Every test pseudonymises with the same key, so pseudonyms are stable across runs."""
    monkeypatch.setenv("LIBCOMMUNITY_KEY", TEST_KEY)


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real public data; the test skips, with the reason, where it is absent."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data folder {REAL_DATA} is absent (it lives in ../shared/data/real beside the project)")
    return REAL_DATA


def write_canonical_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a canonical table as CSV the way a person would: ISO timestamps with offset, true/false, empty nulls."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.map(lambda t: "" if pd.isna(t) else t.isoformat())
        elif pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            out[col] = s.map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False)
    return path


def store_builder(root: Path):
    """The function of the :func:`build_store` fixture, with its stores and source folders under ``root``."""
    counter = {"n": 0}

    def _build(tables: dict, *, account: str = "lib", timezone: str = "UTC", platform: str | None = None, store=None):
        counter["n"] += 1
        store = store or Store(root / "store")
        src = root / f"src{counter['n']}"
        paths = [write_canonical_csv(df, src / f"{name}.csv") for name, df in tables.items()]
        ingest_paths(paths, account=account, store=store, timezone=timezone, platform=platform)
        return store

    return _build


@pytest.fixture
def build_store(tmp_path):
    """Build a store from canonical tables given as DataFrames (member ids as handles).

    Usage: ``store = build_store({"posts": df, "interactions": df2}, account="lib", timezone="Europe/Madrid")``.
    Goes through the real ingest path (CSV → loaders → validation → pseudonyms → store).
    """
    return store_builder(tmp_path)


def copy_store(store: Store, folder: Path) -> Store:
    """A copy of ``store``'s files at ``folder``: a test's own store, for a test that writes to what a module built."""
    shutil.copytree(store.root, folder, symlinks=True)
    return Store(folder)


@pytest.fixture(scope="session")
def two_month_store(tmp_path_factory):
    """The store of :func:`tests.test_segments_fixtures.two_month_tables` (UTC), ingested once per session (per xdist
    worker) for the segment tests, which only read it."""
    from tests.test_segments_fixtures import two_month_tables

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        return store_builder(tmp_path_factory.mktemp("two-month"))(two_month_tables(), timezone="UTC")


@pytest.fixture(scope="module")
def build_module_store(tmp_path_factory):
    """:func:`build_store` for module-scoped fixtures: each call builds a new store (in its own folder, with the test
    key, which the autouse key fixture does not set for them), built once for the module's tests to read."""

    build = store_builder(tmp_path_factory.mktemp("sources"))

    def _build(tables: dict, *, store=None, **kwargs):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
            return build(tables, store=store or Store(tmp_path_factory.mktemp("store") / "store"), **kwargs)

    return _build
