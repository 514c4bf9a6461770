"""A report's data computed by the process that runs its notebook while the kernel starts, and taken by the kernel."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from dataclasses import fields, is_dataclass

import pandas as pd
import pytest

from libcommunity.errors import UnknownAccountError
from libcommunity.metrics.scope import TRACE_ENV
from libcommunity.report import prepared as prepared_module
from libcommunity.report.batch import plan_jobs
from libcommunity.report.build import build_report
from libcommunity.report.execute import NOTEBOOKS, ReportJob, run_report
from libcommunity.report.prepared import ENV, Preparation, builds_report, take
from libcommunity.store import Store

from .conftest import TEST_KEY
from .report_helpers import MONTH, build_small_store, monthly_template

ACCOUNT = "bex-lib"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small"), key=TEST_KEY)


def parameters(store, **extra) -> dict:
    params = {"account": ACCOUNT, "month": MONTH, "store": str(store.root.resolve()), "lang": "sv", "reveal": False,
              "min_group": 5}
    return params | extra


def core_events(path) -> list[dict]:
    """The core-figure computations traced to ``path`` (:data:`~libcommunity.metrics.scope.TRACE_ENV`)."""
    if not path.exists():
        return []
    return [e for e in map(json.loads, path.read_text("utf-8").splitlines()) if e["event"] == "core"]


def assert_same(a, b, where="data"):
    """``a`` and ``b`` hold the same results: frames exactly equal, dataclasses field by field."""
    assert type(a) is type(b), where
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=where)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_exact=True, obj=where)
    elif is_dataclass(a):
        for f in fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and a != a:
        assert b != b, where
    else:
        assert a == b, where


@pytest.fixture(scope="module")
def prepared(store, tmp_path_factory):
    """A finished preparation of the store's 2026-10 report of bex-lib, its folder kept for the module's tests."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        prep = Preparation(parameters(store))
        prep.__enter__()
        prep._thread.join()
        yield prep
        prep.__exit__(None, None, None)


def test_build_report_takes_the_prepared_data_instead_of_computing_it(store, prepared, tmp_path, monkeypatch):
    assert prepared.error is None
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    monkeypatch.setenv(ENV, str(prepared.folder))
    taken = build_report(Store(store.root).snapshot(), ACCOUNT, MONTH, lang="sv")
    assert core_events(trace) == []  # nothing computed: the data came from the preparation
    monkeypatch.delenv(ENV)
    computed = build_report(Store(store.root).snapshot(), ACCOUNT, MONTH, lang="sv")
    assert len(core_events(trace)) > 0
    assert_same(taken.data, computed.data)
    assert taken.title == computed.title and taken.t.lang == "sv"
    # without a language, the account's own (Swedish) comes with the data
    monkeypatch.setenv(ENV, str(prepared.folder))
    assert build_report(Store(store.root).snapshot(), ACCOUNT, MONTH).lang == "sv"


@pytest.mark.parametrize(
    "change",
    [
        {"month": "2026-09"},
        {"reveal": True},
        {"min_group": 3},
        {"figures_dir": "elsewhere"},
        {"platform": "mastodon"},
        {"account": "ash-lib"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_data_prepared_for_another_call_is_not_taken(store, prepared, monkeypatch, change):
    monkeypatch.setenv(ENV, str(prepared.folder))
    call = {"account": ACCOUNT, "month": MONTH, "reveal": False, "min_group": 5, "figures_dir": None,
            "platform": None} | change
    account, month = call.pop("account"), call.pop("month")
    assert take(Store(store.root).snapshot(), account, month, **call) is None
    same = {"reveal": False, "min_group": 5, "figures_dir": None, "platform": None}
    assert take(Store(store.root).snapshot(), ACCOUNT, MONTH, **same) is not None


def test_data_of_another_store_version_is_not_taken(store, prepared, tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv(ENV, str(prepared.folder))
    options = {"reveal": False, "min_group": 5, "figures_dir": None, "platform": None}

    class Later:  # the same folder, one committed version later
        root = store.root
        generation = Store(store.root).generation + 1

    assert take(Later(), ACCOUNT, MONTH, **options) is None
    copy = tmp_path / "copy"
    shutil.copytree(store.root, copy)
    assert take(Store(copy), ACCOUNT, MONTH, **options) is None
    assert take(Store(store.root), ACCOUNT, MONTH, **options) is not None
    monkeypatch.delenv(ENV)  # a notebook opened in JupyterLab: nothing is read
    assert take(Store(store.root), ACCOUNT, MONTH, **options) is None


def test_the_kernel_waits_until_the_data_is_there(store, monkeypatch):
    compute = prepared_module.compute_report_data
    started = threading.Event()

    def slow(*args, **kwargs):
        started.set()
        time.sleep(0.6)
        return compute(*args, **kwargs)

    monkeypatch.setattr(prepared_module, "compute_report_data", slow)
    with Preparation(parameters(store)) as prep:
        assert started.wait(10)
        monkeypatch.setenv(ENV, str(prep.folder))
        t0 = time.perf_counter()
        got = take(Store(store.root), ACCOUNT, MONTH, reveal=False, min_group=5, figures_dir=None, platform=None)
        waited = time.perf_counter() - t0
    assert got is not None and got[1] == "sv"
    assert waited > 0.3  # it waited for the preparation instead of reading a missing file


def test_a_failed_preparation_leaves_the_computing_and_its_error_to_the_kernel(store, monkeypatch):
    with Preparation(parameters(store, account="no-such-lib")) as prep:
        prep._thread.join()
        assert isinstance(prep.error, UnknownAccountError)
        monkeypatch.setenv(ENV, str(prep.folder))
        with pytest.raises(UnknownAccountError) as taken:
            build_report(Store(store.root), "no-such-lib", MONTH)
    monkeypatch.delenv(ENV)
    with pytest.raises(UnknownAccountError) as computed:
        build_report(Store(store.root), "no-such-lib", MONTH)
    assert str(taken.value) == str(computed.value)


def test_the_folder_is_private_removed_after_the_run_and_not_in_this_process_environment(store):
    with Preparation(parameters(store)) as prep:
        prep._thread.join()
        folder = prep.folder
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / "report.pickle").stat().st_mode) == 0o600
        assert prep.env == {ENV: str(folder)} and ENV not in os.environ
    assert not folder.exists()


def test_a_batch_prepares_the_accounts_reports_and_not_the_network_overview(store, tmp_path):
    jobs = plan_jobs(store, MONTH, out=tmp_path)
    assert [(j.label, j.prepare) for j in jobs] == [("ash-lib", True), ("bex-lib", True), ("cam-lib", True),
                                                   ("network", False)]


def test_a_template_that_does_not_call_build_report_gets_nothing_prepared(store, tmp_path):
    template = monthly_template(tmp_path / "tpl")  # shows one figure through core_summary
    assert not builds_report(template) and builds_report(NOTEBOOKS / "monthly_report.ipynb")
    jobs = plan_jobs(store, MONTH, out=tmp_path / "out", templates=tmp_path / "tpl", network=False)
    assert jobs and not any(j.prepare for j in jobs)


def test_a_prepared_report_is_byte_identical_and_computed_outside_the_kernel(store, tmp_path, monkeypatch):
    """The real monthly template, run with and without a preparation: the same page and notebook, and the core
    figures computed in this process (the preparation's thread) or in the kernel."""
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    pages = {}
    for prepare in (True, False):
        out = tmp_path / str(prepare)
        job = ReportJob(template=NOTEBOOKS / "monthly_report.ipynb", output=out / MONTH / f"{ACCOUNT}.html",
                        parameters=parameters(store), title=ACCOUNT, lang="sv", timezone="Europe/Stockholm",
                        label=ACCOUNT, prepare=prepare)
        result = run_report(job)
        assert result.ok, result.error
        pages[prepare] = [job.output.read_bytes(), job.output.with_suffix(".ipynb").read_bytes()]
        pids = {e["pid"] for e in core_events(trace)}
        assert (pids == {os.getpid()}) if prepare else (pids and os.getpid() not in pids)
        trace.unlink()
    assert pages[True] == pages[False]
