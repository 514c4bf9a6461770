"""Month metrics on a large account: DuckDB (libcommunity.metrics) against plain pandas.

``python -m bench metrics [--size N] [--repeat R] [--workdir DIR] [--keep]``

1. Generates a canonical account (``bench``, Europe/Madrid, facebook) with
   ``N`` interactions over the 24 months up to 2025-10, its posts and members,
   as Parquet files written by DuckDB (never through pandas), with the
   generator all benchmarks share (:mod:`bench.datagen`);
2. writes them into a fresh store with ``Store.transaction().upsert`` (the
   store's own write path, DuckDB end to end; the CSV ingest path would spend
   its time in pandas validation, which is not what is measured here);
3. times, in the same run, each in a fresh process (so each peak memory is
   its own): :func:`libcommunity.metrics.core_summary` (the contract
   figures), :func:`libcommunity.metrics.monthly_summary` (everything the
   report needs, including growth over three months) and
   :func:`~bench.pandas_contract.pandas_contract`, a plain-pandas implementation of the contract
   figures that reads the same Parquet files with ``pandas.read_parquet``;
4. checks that both implementations give the same figures and prints the
   times and the ratio pandas / DuckDB.

:func:`~bench.pandas_contract.pandas_contract` is also the independent reference the property tests
compare the DuckDB implementation with (``tests/test_metrics_properties.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


from bench import datagen
from bench.pandas_contract import compare_contract, load_pandas, pandas_contract
from libcommunity.store import Store

__all__ = ["generate", "write_store", "pandas_contract", "load_pandas", "compare_contract", "run", "main"]

ACCOUNT = datagen.ACCOUNT
TIMEZONE = datagen.TIMEZONE
PLATFORM = datagen.PLATFORM
MONTH = datagen.MONTH
SPAN_MONTHS = datagen.SPAN_MONTHS


# --------------------------------------------------------------------------------------------- data
# One generator for every benchmark (bench/datagen.py): DuckDB straight to Parquet, never through pandas.
generate = datagen.generate
write_store = datagen.write_store


# ------------------------------------------------------------------------------------------ timing
def _rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux: ``VmHWM`` of /proc/self/status, which belongs to the process image
    (``ru_maxrss`` would also count the parent's memory a spawned child was
    forked from). Elsewhere: ``ru_maxrss``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _time(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times


def _measure(kind: str, store_root: str, repeat: int) -> dict:
    """Time one implementation in this process; run in a fresh child so its peak memory is its own."""
    store = Store(store_root)
    if kind == "duckdb_core":
        from libcommunity.metrics import core_summary

        result, times = _time(lambda: core_summary(store, ACCOUNT, MONTH), repeat)
    elif kind == "duckdb_monthly_summary":
        from libcommunity.metrics import monthly_summary

        result, times = _time(lambda: monthly_summary(store, ACCOUNT, MONTH), repeat)
    elif kind == "pandas":
        from libcommunity.locales import account_lang

        lang = account_lang(store.account(ACCOUNT))
        load_times, compute_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            tables = load_pandas(store, ACCOUNT)
            t1 = time.perf_counter()
            result = pandas_contract(tables, account=ACCOUNT, month=MONTH, timezone=TIMEZONE, lang=lang)
            t2 = time.perf_counter()
            load_times.append(t1 - t0)
            compute_times.append(t2 - t1)
            del tables
        return {"result": result, "load": load_times, "compute": compute_times, "peak_rss_mb": _rss_mb()}
    else:  # pragma: no cover - internal
        raise ValueError(kind)
    return {"result": result, "times": times, "peak_rss_mb": _rss_mb()}


def _in_child(kind: str, store_root, repeat: int) -> dict:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_measure, (kind, str(store_root), repeat))


def run(size: int, *, repeat: int = 3, workdir=None, keep: bool = False, seed: int = 0, log=print) -> dict:
    """Generate, store and time; return the measurements (see the module docstring).

    Each implementation runs in its own fresh process (so ``peak_rss_mb`` is
    that implementation's peak memory, the interpreter and imports included),
    ``repeat`` times in a row; times are the best and the median of the runs.
    """
    tmp = Path(tempfile.mkdtemp(prefix="bench-metrics-", dir=workdir))
    try:
        t0 = time.perf_counter()
        info = generate(tmp / "canonical", size, seed=seed)
        t_gen = time.perf_counter() - t0
        log(f"generated {info['interactions']:,} interactions, {info['members']:,} members, {info['posts']:,} posts in {t_gen:.1f} s")
        t0 = time.perf_counter()
        write_store(info["paths"], tmp / "store")
        t_store = time.perf_counter() - t0
        log(f"wrote the store in {t_store:.1f} s")

        core = _in_child("duckdb_core", tmp / "store", repeat)
        log(f"DuckDB core_summary: {min(core['times']):.2f} s (best of {repeat}), peak {core['peak_rss_mb']:,.0f} MB")
        full = _in_child("duckdb_monthly_summary", tmp / "store", repeat)
        log(f"DuckDB monthly_summary: {min(full['times']):.2f} s (best of {repeat}), peak {full['peak_rss_mb']:,.0f} MB")
        pdm = _in_child("pandas", tmp / "store", repeat)
        pandas_total = min(a + b for a, b in zip(pdm["load"], pdm["compute"]))
        log(
            f"pandas read_parquet + contract: {pandas_total:.2f} s (best of {repeat}; read {min(pdm['load']):.2f} s, "
            f"compute {min(pdm['compute']):.2f} s), peak {pdm['peak_rss_mb']:,.0f} MB"
        )
        diffs = compare_contract(core["result"], pdm["result"])
        t_core, t_full = min(core["times"]), min(full["times"])
        return {
            "interactions": info["interactions"],
            "members": info["members"],
            "posts": info["posts"],
            "month_interactions": sum(core["result"]["interactions"].values()),
            "repeat": repeat,
            "cpus": os.cpu_count(),
            "generate_s": t_gen,
            "store_write_s": t_store,
            "duckdb_core_s": t_core,
            "duckdb_monthly_summary_s": t_full,
            "pandas_load_s": min(pdm["load"]),
            "pandas_compute_s": min(pdm["compute"]),
            "pandas_total_s": pandas_total,
            "ratio_pandas_total_to_duckdb_core": pandas_total / t_core,
            "ratio_pandas_compute_to_duckdb_core": min(pdm["compute"]) / t_core,
            "ratio_pandas_total_to_duckdb_monthly_summary": pandas_total / t_full,
            "peak_rss_mb_duckdb_core": core["peak_rss_mb"],
            "peak_rss_mb_duckdb_monthly_summary": full["peak_rss_mb"],
            "peak_rss_mb_pandas": pdm["peak_rss_mb"],
            "same_figures": not diffs,
            "differences": diffs,
            "median_times": {
                "duckdb_core_s": statistics.median(core["times"]),
                "duckdb_monthly_summary_s": statistics.median(full["times"]),
                "pandas_total_s": statistics.median([a + b for a, b in zip(pdm["load"], pdm["compute"])]),
            },
        }
    finally:
        if keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench metrics", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000_000, help="interactions to generate (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each implementation (default: %(default)s)")
    parser.add_argument("--workdir", default=None, help="where the temporary directory goes (default: system temp)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and store")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON on stdout")
    args = parser.parse_args(argv)
    if args.size < 1 or args.repeat < 1:
        parser.error("--size and --repeat must be >= 1")
    log = (lambda msg: print(msg, file=sys.stderr)) if args.json else print
    result = run(args.size, repeat=args.repeat, workdir=args.workdir, keep=args.keep, seed=args.seed, log=log)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"\n{result['interactions']:,} interactions ({result['month_interactions']:,} in {MONTH}), "
            f"{result['cpus']} CPUs\n"
            f"  DuckDB core_summary       {result['duckdb_core_s']:8.2f} s\n"
            f"  DuckDB monthly_summary    {result['duckdb_monthly_summary_s']:8.2f} s\n"
            f"  pandas read_parquet       {result['pandas_load_s']:8.2f} s\n"
            f"  pandas contract figures   {result['pandas_compute_s']:8.2f} s\n"
            f"  ratio pandas (read+compute) / DuckDB core: {result['ratio_pandas_total_to_duckdb_core']:.1f}x\n"
            f"  ratio pandas compute only / DuckDB core:   {result['ratio_pandas_compute_to_duckdb_core']:.1f}x\n"
            f"  peak memory: DuckDB core {result['peak_rss_mb_duckdb_core']:,.0f} MB, monthly_summary "
            f"{result['peak_rss_mb_duckdb_monthly_summary']:,.0f} MB, pandas {result['peak_rss_mb_pandas']:,.0f} MB\n"
            f"  same figures: {result['same_figures']}" + ("" if result["same_figures"] else f" {result['differences']}")
        )
    return 0 if result["same_figures"] else 1

