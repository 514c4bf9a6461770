"""Smoke test of bench/bench_metrics.py at a tiny size (the 10M run is not part of the suite)."""

from __future__ import annotations

import pandas as pd

from bench.__main__ import available
from bench.__main__ import main as bench_main
from bench.bench_metrics import generate, run


def test_generated_account_is_canonical(tmp_path):
    info = generate(tmp_path, 5_000, seed=1)
    inter = pd.read_parquet(info["paths"]["interactions"])
    assert len(inter) == info["interactions"]
    assert inter["interaction_id"].is_unique
    assert str(inter["created_at"].dtype) == "datetime64[us, UTC]"
    assert set(inter["kind"]) <= {
        "reaction", "comment", "share", "mention", "message", "ugc", "event", "survey", "follow", "unfollow"
    }
    # The library answers earlier member rows, so response times exist.
    replies = inter[inter["by_library"]]
    assert len(replies) > 0 and replies["reply_to"].notna().all()


def test_bench_run_agrees_with_pandas_at_small_size(tmp_path):
    logs = []
    result = run(20_000, repeat=1, workdir=tmp_path, log=logs.append)
    assert result["same_figures"], result["differences"]
    assert result["month_interactions"] > 0
    assert result["duckdb_core_s"] > 0 and result["pandas_total_s"] > 0
    assert result["ratio_pandas_total_to_duckdb_core"] == result["pandas_total_s"] / result["duckdb_core_s"]
    assert any("generated" in line for line in logs)
    assert list(tmp_path.iterdir()) == []  # the temporary data is removed


def test_bench_entry_point_lists_metrics(capsys):
    assert "metrics" in available()
    assert bench_main([]) == 0
    assert "metrics" in capsys.readouterr().out
    assert bench_main(["nope"]) == 2
