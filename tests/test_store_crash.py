"""A process killed in the middle of an ingest leaves the store as it was (or fully committed)."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

from libcommunity.store import Store
from tests.conftest import TEST_KEY, write_canonical_csv


def _interactions(n, offset=0):
    ts = pd.Timestamp("2025-01-01T00:00Z") + pd.to_timedelta(np.arange(n) * 977, unit="s")
    return pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "interaction_id": [f"i{offset + i}" for i in range(n)],
            "member_id": [f"@user{i % 997}" for i in range(n)],
            "kind": "reaction",
            "created_at": ts,
            "post_id": "p1",
            "by_library": False,
        }
    )


def _state(store: Store):
    if not store.exists():
        return None
    return store.sql("SELECT count(*) AS n, count(DISTINCT member_id) AS m FROM interactions").iloc[0].tolist()


@pytest.mark.slow
def test_kill_at_random_moments_never_corrupts(tmp_path):
    base = write_canonical_csv(_interactions(2_000), tmp_path / "base.csv")
    big = write_canonical_csv(_interactions(60_000, offset=2_000), tmp_path / "big.csv")
    env = {**os.environ, "LIBCOMMUNITY_KEY": TEST_KEY}
    cmd = [sys.executable, "-m", "libcommunity", "ingest", "--account", "lib", "--store", str(tmp_path / "st")]
    subprocess.run(cmd + [str(base)], check=True, env=env, capture_output=True)
    store = Store(tmp_path / "st")
    before = _state(store)
    start = time.perf_counter()
    subprocess.run(cmd + [str(big)], check=True, env=env, capture_output=True)
    full = time.perf_counter() - start
    after = _state(store)
    # Roll back to the base state in a fresh store for each kill trial.
    rng = np.random.default_rng(7)
    outcomes = set()
    for trial in range(6):
        root = tmp_path / f"trial{trial}"
        subprocess.run(cmd[:-2] + ["--store", str(root), str(base)], check=True, env=env, capture_output=True)
        proc = subprocess.Popen(cmd[:-2] + ["--store", str(root), str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, max(full, 0.5)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _state(Store(root))
        assert state in (before, after), f"trial {trial}: store in a third state {state}"
        outcomes.add(tuple(state))
        # the next write sweeps leftovers and succeeds
        subprocess.run(cmd[:-2] + ["--store", str(root), str(big)], check=True, env=env, capture_output=True)
        assert _state(Store(root)) == after
        assert not (root / "_staging").exists()
