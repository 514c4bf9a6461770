"""A process killed (SIGKILL) in the middle of a write leaves the store as it was (or fully committed).

The commit of a transaction has four steps (``libcommunity.store._pause_point``):
``staged`` (new Parquet files under ``_staging``), ``moved`` (new files in
place, manifest not written), ``manifest-written`` (new manifest in a
temporary file, not renamed) and ``committed`` (manifest renamed, obsolete
files not yet deleted). ``LIBCOMMUNITY_PAUSE_AT`` makes a real ``libcommunity``
process stop at one step and announce it; the test then kills it with SIGKILL
and checks every file of the store: what existed is byte-for-byte unchanged,
anything new is a leftover readers never see, reads answer as before, and the
next write sweeps the leftovers and works.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.store import Store
from tests.conftest import TEST_KEY, write_canonical_csv


def _interactions(n, offset=0, start="2025-01-01T00:00Z"):
    ts = pd.Timestamp(start) + pd.to_timedelta(np.arange(n) * 977, unit="s")
    return pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "interaction_id": [f"i{offset + i}" for i in range(n)],
            "member_id": [f"@user{i % 97}" for i in range(n)],
            "kind": "comment",
            "created_at": ts,
            "post_id": "p1",
            "by_library": False,
            "text": [f"hola @user{(i + 1) % 97}" for i in range(n)],
        }
    )


def files_of(root: Path) -> dict:
    """``{relative path: sha256}`` of every file of the store."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(root: Path, before: dict, after: dict) -> list[str]:
    """Files in ``after`` but not ``before``; each must be something readers never see."""
    manifest = json.loads((root / "_manifest.json").read_text())
    live = {f for t in manifest["files"].values() for fs in t.values() for f in fs}
    new = sorted(set(after) - set(before))
    for rel in new:
        assert rel.startswith("_staging/") or rel == "_manifest.json.tmp" or (rel.endswith(".parquet") and rel not in live), rel
    return new


def _state(root):
    return Store(root).sql("SELECT count(*) AS n, count(DISTINCT member_id) AS m, max(text) AS t FROM interactions").iloc[0].tolist()


def _env(**extra):
    return {**os.environ, "LIBCOMMUNITY_KEY": TEST_KEY, **extra}


def _cli(*args):
    return [sys.executable, "-m", "libcommunity", *map(str, args)]


def _run_paused(cmd, step, marker: Path, *, timeout=120):
    """Start ``cmd`` so that it stops at commit ``step``; return the process once it is there."""
    env = _env(LIBCOMMUNITY_PAUSE_AT=step, LIBCOMMUNITY_PAUSE_FILE=str(marker), LIBCOMMUNITY_PAUSE_SECONDS="120")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the process ended before reaching {step!r}: {proc.stderr.read().decode()}")
        assert time.monotonic() < deadline, f"{step!r} not reached in {timeout} s"
        time.sleep(0.02)
    assert int(marker.read_text()) == proc.pid
    return proc


def _main(*args) -> int:
    """The command line in this process (what a fresh ``libcommunity`` process would run); its exit status."""
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    """The base store (500 interactions, ingested by a real ``libcommunity`` process) and the CSV of 3000 more."""
    folder = tmp_path_factory.mktemp("crash-base")
    first = write_canonical_csv(_interactions(500), folder / "base.csv")
    subprocess.run(_cli("ingest", first, "--account", "lib", "--store", folder / "st"), check=True, env=_env(),
                   capture_output=True)
    more = _interactions(3000, offset=400, start="2025-01-05T10:00Z")
    return folder / "st", write_canonical_csv(more, folder / "big.csv")


@pytest.fixture
def base(base_store, tmp_path):
    """This test's own copy of a store holding 500 interactions, and a CSV of 3000 more that also changes 100 of them."""
    built, big = base_store
    root = tmp_path / "st"
    shutil.copytree(built, root)
    return root, big


@pytest.mark.parametrize("step", ["staged", "moved", "manifest-written"])
def test_killed_before_the_manifest_leaves_the_store_as_it_was(base, tmp_path, step):
    root, big = base
    before_files = files_of(root)
    before = _state(root)
    proc = _run_paused(_cli("ingest", big, "--account", "lib", "--store", root), step, tmp_path / "paused")
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    after_files = files_of(root)
    assert {k: after_files.get(k) for k in before_files} == before_files  # nothing that existed changed
    new = leftovers(root, before_files, after_files)
    assert new, "the kill came after new files were written, so there are leftovers to sweep"
    assert _state(root) == before
    # a read-only command works and sees the old state; the next write sweeps and lands
    assert _main("metrics", "--account", "lib", "--month", "2025-01", "--store", root, "--json") == 0
    assert _main("ingest", big, "--account", "lib", "--store", root) == 0
    assert _state(root)[0] == 3400
    manifest = json.loads((root / "_manifest.json").read_text())
    live = {f for t in manifest["files"].values() for fs in t.values() for f in fs}
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*.parquet")}
    assert on_disk == live and not (root / "_staging").exists() and not (root / "_manifest.json.tmp").exists()


def test_killed_after_the_manifest_is_committed(base, tmp_path):
    root, big = base
    proc = _run_paused(_cli("ingest", big, "--account", "lib", "--store", root), "committed", tmp_path / "paused")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _state(root)[0] == 3400  # the new state is complete
    again = files_of(root)
    assert _main("ingest", big, "--account", "lib", "--store", root) == 0
    manifest = json.loads((root / "_manifest.json").read_text())
    live = {f for t in manifest["files"].values() for fs in t.values() for f in fs}
    assert {p.relative_to(root).as_posix() for p in root.rglob("*.parquet")} == live  # obsolete files swept
    assert {k: v for k, v in files_of(root).items() if k in live} == {k: v for k, v in again.items() if k in live}


@pytest.mark.parametrize(
    "args",
    [["forget", "--account", "lib", "--member", "@user3"], ["prune", "--account", "lib", "--before", "2025-02"]],
    ids=["forget", "prune"],
)
def test_killed_forget_or_prune_changes_nothing(base, tmp_path, args):
    root, big = base
    assert _main("ingest", big, "--account", "lib", "--store", root) == 0
    before_files = files_of(root)
    before = _state(root)
    proc = _run_paused(_cli(*args, "--store", root), "moved", tmp_path / "paused")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after_files = files_of(root)
    assert {k: after_files.get(k) for k in before_files} == before_files
    leftovers(root, before_files, after_files)
    assert _state(root) == before
    assert _main(*args, "--store", root) == 0
    assert _state(root) != before


@pytest.mark.slow
def test_kill_at_random_moments_never_corrupts(tmp_path):
    base = write_canonical_csv(_interactions(2_000), tmp_path / "base.csv")
    big = write_canonical_csv(_interactions(20_000, offset=2_000), tmp_path / "big.csv")
    env = _env()
    cmd = [sys.executable, "-m", "libcommunity", "ingest", "--account", "lib", "--store", str(tmp_path / "st")]
    subprocess.run(cmd + [str(base)], check=True, env=env, capture_output=True)
    shutil.copytree(tmp_path / "st", tmp_path / "base-store")  # each trial starts from a copy of this store
    before = _state(tmp_path / "st")
    start = time.perf_counter()
    subprocess.run(cmd + [str(big)], check=True, env=env, capture_output=True)
    full = time.perf_counter() - start
    after = _state(tmp_path / "st")
    rng = np.random.default_rng(7)
    for trial in range(3):
        root = tmp_path / f"trial{trial}"
        shutil.copytree(tmp_path / "base-store", root)
        proc = subprocess.Popen(cmd[:-2] + ["--store", str(root), str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, max(full, 0.5)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _state(root)
        assert state in (before, after), f"trial {trial}: store in a third state {state}"
        assert _main(*cmd[3:-2], "--store", root, big) == 0
        assert _state(root) == after
        assert not (root / "_staging").exists()
