"""Report runs: one committed snapshot per run, stray folders, --out at a file, killed runs' leftovers."""

from __future__ import annotations

import os
import threading
import time

import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError
from libcommunity.report import plan_jobs, run_batch
from libcommunity.report.execute import sweep_report_leftovers
from libcommunity.store import Store

from .conftest import TEST_KEY
from .report_helpers import MONTH, MONTHLY_PARAMETERS, build_small_store, write_notebook


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small13"), key=TEST_KEY)


def test_a_report_run_reads_one_committed_snapshot(store, tmp_path):
    """An ingest committed while the notebooks run does not reach them: they read the version pinned at start."""
    account = store.accounts()[0]
    started, go = tmp_path / "started", tmp_path / "go"
    cell = (
        "import pathlib, time\n"
        "from libcommunity.store import Store\n"
        f"pathlib.Path({str(started)!r}).touch()\n"
        f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.1)\n"
        "snap = Store(store).snapshot(snapshot or None)\n"
        f"pathlib.Path({str(tmp_path / 'seen')!r}).write_text(str(len(snap.read('posts', account))))"
    )
    params = MONTHLY_PARAMETERS + '\nsnapshot: str = ""  # pinned version'
    templates = tmp_path / "tpl"
    write_notebook(templates / "monthly_report.ipynb", [cell], parameters=params)
    before = len(store.read("posts", account))
    result = {}
    thread = threading.Thread(
        target=lambda: result.setdefault(
            "batch", run_batch(store, MONTH, accounts=[account], out=tmp_path / "out", templates=templates, network=False, quiet=True)
        )
    )
    thread.start()
    for _ in range(1200):
        if started.exists():
            break
        time.sleep(0.1)
    post = store.read("posts", account).iloc[:1].assign(post_id="written-during-the-run")
    with store.transaction() as txn:
        txn.upsert("posts", account, post)
    go.touch()
    thread.join(600)
    assert not result["batch"].failed, result["batch"].lines()
    assert len(store.read("posts", account)) == before + 1
    assert (tmp_path / "seen").read_text() == str(before)


def test_a_stray_month_folder_does_not_break_the_index(store, tmp_path):
    out = tmp_path / "out"
    (out / "2026-13").mkdir(parents=True)
    (out / "2026-13" / "index.html").write_text("stray")
    templates = tmp_path / "tpl"
    write_notebook(templates / "monthly_report.ipynb", ["print(account)"])
    batch = run_batch(store, MONTH, accounts=store.accounts()[:1], out=out, templates=templates, network=False, quiet=True)
    assert not batch.failed
    index = (out / "index.html").read_text()
    assert "2026-13" not in index and MONTH in index


def test_out_at_a_file_is_a_clear_error(store, tmp_path, capsys):
    target = tmp_path / "reports.txt"
    target.write_text("not a folder")
    with pytest.raises(ParameterError, match="which is a file"):
        plan_jobs(store, MONTH, out=target)
    capsys.readouterr()
    assert main(["report", "--month", MONTH, "--store", str(store.root), "--out", str(target)]) == 2
    assert "internal error" not in capsys.readouterr().err


def test_killed_reports_temporary_folders_are_swept(tmp_path):
    month_dir = tmp_path / "out" / MONTH
    dead = month_dir / ".lib-abc123"
    dead.mkdir(parents=True)
    (dead / ".lock").touch()  # its run ended (nobody holds the lock)
    (dead / "lib.ipynb").write_text("half")
    from libcommunity.store.lock import hold_folder_lock

    alive = month_dir / ".other-def456"
    alive.mkdir()
    fd = hold_folder_lock(alive)
    try:
        assert sweep_report_leftovers(month_dir) == [".lib-abc123"]
        assert not dead.exists() and alive.exists()
    finally:
        os.close(fd)
