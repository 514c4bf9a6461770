"""Report batches: validation first, progress, serial / process pool / Dask with the same bytes, failures isolated."""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.report import plan_jobs, run_batch
from libcommunity.report.batch import NETWORK_NAME

from .conftest import TEST_KEY
from .report_helpers import (
    MONTH,
    MONTHLY_PARAMETERS,
    NAMES,
    build_small_store,
    leftovers,
    monthly_template,
    network_template,
    tree_bytes,
    write_notebook,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small"), key=TEST_KEY)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    monthly_template(folder, chart=True)
    network_template(folder)
    return folder


@pytest.fixture(scope="module")
def serial(tmp_path_factory, store, templates):
    """One serial batch with the progress bar on; its result, what it wrote on stderr and its output folder."""
    out = tmp_path_factory.mktemp("serial") / "reports"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        batch = run_batch(store, MONTH, out=out, templates=templates, quiet=False)
    return batch, err.getvalue(), out


# ---------------------------------------------------------------------- validation before anything runs
@pytest.fixture
def tripwire(tmp_path):
    """Templates whose every run leaves a file behind: if it exists, a notebook ran."""
    trip = tmp_path / "a-notebook-ran"
    cell = f"open({str(trip)!r}, 'w').close()"
    folder = tmp_path / "tripwire"
    write_notebook(folder / "monthly_report.ipynb", [cell])
    network_template(folder)
    return folder, trip


@pytest.mark.parametrize(
    "kwargs,error,match",
    [
        ({"accounts": ['x"; import os']}, ParameterError, "account must be"),
        ({"accounts": ["ash-lib", "../etc"]}, ParameterError, "account must be"),
        ({"accounts": ["ash-lib\n"]}, ParameterError, "account must be"),
        ({"accounts": ["index"]}, ParameterError, "must not be named index or network"),
        ({"accounts": ["zed-lib"]}, UnknownAccountError, "ash-lib, bex-lib, cam-lib"),
        ({"month": "2026-13"}, ParameterError, "month must be YYYY-MM"),
        ({"month": "2026-10; import os"}, ParameterError, "month must be YYYY-MM"),
        ({"lang": "de"}, ParameterError, "lang must be one of en, es, sv"),
        ({"min_group": 0}, ParameterError, "min_group must be a positive integer"),
        ({"workers": 0}, ParameterError, "workers must be 1 or more"),
        ({"dask_local": 0}, ParameterError, "dask-local must be 1 or more"),
    ],
)
def test_bad_input_stops_the_batch_before_any_notebook_runs(tmp_path, store, tripwire, kwargs, error, match):
    folder, trip = tripwire
    args = {"month": MONTH, **kwargs}
    month = args.pop("month")
    with pytest.raises(error, match=match):
        run_batch(store, month, out=tmp_path / "out", templates=folder, quiet=True, **args)
    assert not trip.exists()
    assert not (tmp_path / "out").exists()


def test_a_template_that_does_not_declare_a_parameter_is_refused_before_running(tmp_path, store):
    trip = tmp_path / "a-notebook-ran"
    params = 'account: str = "x"  # a\nmonth: str = "2026-10"  # m\nstore: str = "s"  # s\nlang: str = "en"  # l'
    write_notebook(tmp_path / "tpl" / "monthly_report.ipynb", [f"open({str(trip)!r}, 'w').close()"], parameters=params)
    with pytest.raises(ParameterError, match=r"parameter must be one of \['account', 'lang', 'month', 'store'\].*'reveal'"):
        run_batch(store, MONTH, out=tmp_path / "out", templates=tmp_path / "tpl", quiet=True)
    assert not trip.exists() and not (tmp_path / "out").exists()


def test_cli_refuses_a_hostile_account_with_one_line(tmp_path, store, tripwire, capsys, monkeypatch):
    folder, trip = tripwire
    monkeypatch.setenv("LIBCOMMUNITY_NOTEBOOKS", str(folder))
    code = main(["report", "--month", MONTH, "--store", str(store.root), "--out", str(tmp_path / "out"),
                 "--account", 'x"; import os'])
    err = capsys.readouterr().err
    assert code == 2
    assert "account must be" in err and "Traceback" not in err
    assert not trip.exists() and not (tmp_path / "out").exists()


# ---------------------------------------------------------------------- planning
def test_plan_jobs_puts_the_network_last_and_fills_every_parameter(tmp_path, store, templates):
    jobs = plan_jobs(store, MONTH, out=tmp_path / "out", templates=templates, accounts=["cam-lib", "ash-lib", "cam-lib"])
    assert [j.label for j in jobs] == ["cam-lib", "ash-lib", NETWORK_NAME]  # duplicates once, order kept
    net, cam = jobs[-1], jobs[0]
    assert net.parameters == {"month": MONTH, "store": str(store.root.resolve()), "lang": "en", "accounts": "cam-lib,ash-lib"}
    assert net.output == (tmp_path / "out" / MONTH / "network.html").resolve()
    assert cam.parameters == {"account": "cam-lib", "month": MONTH, "store": str(store.root.resolve()), "lang": "es",
                              "reveal": False, "min_group": 5}
    assert cam.lang == "es" and cam.timezone == "America/Mexico_City"
    assert cam.title == "cam-lib · informe de comunidad · octubre de 2026"
    assert [j.label for j in plan_jobs(store, MONTH, templates=templates, network=False)] == list(NAMES)
    assert {j.lang for j in plan_jobs(store, MONTH, templates=templates, lang="sv")} == {"sv"}


def test_templates_that_declare_figures_dir_get_the_batch_folder(tmp_path, store):
    from libcommunity.report.shared import figures_dir

    write_notebook(tmp_path / "tpl" / "monthly_report.ipynb", ["1"],
                   parameters=MONTHLY_PARAMETERS + '\nfigures_dir: str = ""  # shared figures')
    network_template(tmp_path / "tpl")  # declares no figures_dir: gets none
    jobs = plan_jobs(store, MONTH, out=tmp_path / "out", templates=tmp_path / "tpl", accounts=["ash-lib"])
    shared = str(figures_dir((tmp_path / "out").resolve(), MONTH))
    assert jobs[0].parameters["figures_dir"] == shared and shared.endswith(f"{MONTH}/.figures")
    assert "figures_dir" not in jobs[-1].parameters


def test_templates_folder_comes_from_the_environment(tmp_path, store, monkeypatch):
    monthly_template(tmp_path / "env-templates")
    monkeypatch.setenv("LIBCOMMUNITY_NOTEBOOKS", str(tmp_path / "env-templates"))
    jobs = plan_jobs(store, MONTH, out=tmp_path / "out")
    assert {j.template for j in jobs} == {tmp_path / "env-templates" / "monthly_report.ipynb"}  # no network template there


# ---------------------------------------------------------------------- a serial batch
def test_serial_batch_writes_every_report_and_the_indexes(serial):
    batch, err, out = serial
    assert [r.label for r in batch.results] == [*NAMES, NETWORK_NAME]  # the network after the accounts
    assert all(r.ok for r in batch.results), [r.error for r in batch.results]
    assert batch.lines()[0].startswith(f"4 of 4 reports written to {out / MONTH} in ")
    for name in (*NAMES, "network", "index"):
        assert (out / MONTH / f"{name}.html").is_file(), name
    assert (out / "index.html").is_file()
    # the stand-in's note (html.note writes a sentence: first letter capitalised)
    assert "Network of ash-lib,bex-lib,cam-lib in 2026-10 (en)" in (out / MONTH / "network.html").read_text("utf-8")
    assert leftovers(out) == []


def test_progress_bar_counts_reports_on_stderr(serial):
    _, err, _ = serial
    assert "4/4" in err and "report" in err
    assert any(name in err for name in NAMES)  # the bar names the report just finished


@pytest.fixture(scope="module")
def quiet_rerun(tmp_path_factory, serial, store, templates):
    """The serial batch run again, quietly, in two worker processes, over a copy of its output: the result, its
    stderr, the folder and the inodes of the pages before the run.

    One batch checks three things: a quiet batch prints no bar, a rerun replaces every page with the same bytes,
    and two worker processes give the bytes of the serial batch.
    """
    _, _, out = serial
    again = tmp_path_factory.mktemp("again") / "reports"
    shutil.copytree(out, again)
    inodes = {p: p.stat().st_ino for p in again.rglob("*.html")}
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        batch = run_batch(store, MONTH, out=again, templates=templates, workers=2, quiet=True)
    return batch, err.getvalue(), again, inodes


def test_quiet_batch_prints_no_progress_bar(quiet_rerun):
    batch, err, _, _ = quiet_rerun
    assert len(batch.results) == 4 and all(r.ok for r in batch.results), batch.lines()
    assert "report/s" not in err and not any(f"{i}/4" in err for i in range(5))


def test_a_rerun_replaces_every_output_with_the_same_bytes(serial, quiet_rerun):
    _, _, out = serial
    batch, _, again, inodes = quiet_rerun
    assert not batch.failed
    assert tree_bytes(again) == tree_bytes(out)
    assert all(p.stat().st_ino != ino for p, ino in inodes.items())  # replaced by rename, not left alone
    assert leftovers(again) == []


@pytest.fixture(scope="module")
def failing_rerun(tmp_path_factory, serial, store):
    """``libcommunity report --quiet`` over a copy of the serial batch's output with templates that fail for bex-lib:
    its exit status, its stderr, the folder, and the batch result the command got from ``run_batch``."""
    import libcommunity.report

    _, _, out = serial
    root = tmp_path_factory.mktemp("failing")
    reports = root / "reports"
    shutil.copytree(out, reports)
    failing = root / "failing"
    monthly_template(failing, chart=True, fail_for="bex-lib", marker="second run")
    network_template(failing, marker=" second run")
    batches = []

    def recorded(*args, **kwargs):
        batches.append(run_batch(*args, **kwargs))
        return batches[-1]

    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        mp.setenv("LIBCOMMUNITY_NOTEBOOKS", str(failing))
        mp.setattr(libcommunity.report, "run_batch", recorded)
        code = main(["report", "--month", MONTH, "--store", str(store.root), "--out", str(reports), "--quiet"])
    assert len(batches) == 1
    return code, err.getvalue(), reports, batches[0]


def test_one_failing_account_keeps_its_previous_report_and_the_batch_exits_1(serial, failing_rerun):
    _, _, out = serial
    code, err, reports, _ = failing_rerun
    assert code == 1
    assert "FAILED bex-lib: bex-lib: the notebook failed in cell" in err and "RuntimeError: boom for bex-lib" in err
    assert (reports / MONTH / "bex-lib.html").read_bytes() == (out / MONTH / "bex-lib.html").read_bytes()
    for name in ("ash-lib", "cam-lib", "network"):  # the others went on and were replaced
        assert "second run" in (reports / MONTH / f"{name}.html").read_text("utf-8"), name
    assert 'href="bex-lib.html"' in (reports / MONTH / "index.html").read_text("utf-8")  # its old report stays listed
    assert leftovers(reports) == []


def test_summary_lines_name_each_failure(failing_rerun):
    *_, batch = failing_rerun
    lines = batch.lines()
    assert lines[0].startswith("3 of 4 reports written")
    assert len(lines) == 2 and lines[1].startswith("  FAILED bex-lib: ")
    assert [r.label for r in batch.failed] == ["bex-lib"]


# ---------------------------------------------------------------------- parallel: same bytes as serial
def test_two_worker_processes_give_the_same_bytes(serial, quiet_rerun):
    _, _, out = serial
    batch, _, again, inodes = quiet_rerun  # the rerun ran in two worker processes
    assert [r.label for r in batch.results] == [*NAMES, NETWORK_NAME]  # the network after the accounts
    assert not batch.failed, batch.lines()
    assert all(p.stat().st_ino != ino for p, ino in inodes.items())  # every page written again, none left over
    assert tree_bytes(again) == tree_bytes(out)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_bytes(tmp_path, serial, store, templates):
    _, _, out = serial
    batch = run_batch(store, MONTH, out=tmp_path / "reports", templates=templates, dask_local=2, quiet=True)
    assert [r.label for r in batch.results] == [*NAMES, NETWORK_NAME]  # the network after the accounts and not batch.failed, batch.lines()
    assert tree_bytes(tmp_path / "reports") == tree_bytes(out)


@pytest.mark.slow
def test_dask_scheduler_with_two_worker_processes_gives_the_same_bytes(tmp_path, serial, store, templates):
    from dask.distributed import Client, LocalCluster, get_task_stream

    _, _, out = serial
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        with get_task_stream(client) as stream:
            batch = run_batch(store, MONTH, out=tmp_path / "reports", templates=templates,
                              scheduler=cluster.scheduler_address, quiet=True)
    assert not batch.failed, batch.lines()
    assert tree_bytes(tmp_path / "reports") == tree_bytes(out)
    workers = {t["worker"] for t in stream.data if t["key"].startswith("run_report")}
    assert len(workers) == 2  # the four reports really ran in both processes
