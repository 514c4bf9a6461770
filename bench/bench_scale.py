"""Performance at scale (issue 7): ingest, metrics, features, segmentation and a report at 1M-50M interactions.

``python -m bench scale [--sizes 1M,10M,50M] [--repeat 3] [--workdir bench/results] [--plot FILE] [--json FILE]``
(``make bench`` runs it with the defaults).

For each size the harness

1. generates (once, cached under ``--workdir``) a canonical account with that
   many interactions as Parquet and as canonical CSV (:mod:`bench.datagen`);
2. times **ingest** of the Parquet files, then of the CSV files, into a fresh
   store through :func:`libcommunity.ingest.ingest_paths` (loaders, typing,
   validation, pseudonyms, store transaction: everything a user runs);
3. on the store the Parquet ingest wrote, times :func:`~libcommunity.metrics.monthly_summary`
   (**metrics** of the report month), :func:`~libcommunity.segments.member_features`
   (**features**, the report month's 3-month window) and the fitted
   :class:`~libcommunity.segments.MemberSegmenter` (**segmentation**: fit and
   predict on those features), :func:`~libcommunity.segments.segment_members`
   end to end, and **one report** (:func:`libcommunity.report.run_batch` for the
   account, without the network page);
4. in the same run, times a bare copy of the Parquet files (the floor of any
   ingest that rewrites its rows: :func:`bench.reference.copy_parquet`) and
   the same features computed by a hand-written DuckDB
   query and by plain pandas (:mod:`bench.reference`), each followed by the
   same segmentation, checks that all three give identical features, and
   prints the ratios.

Every measurement runs in a fresh process (so its peak memory, ``VmHWM``, is
its own: interpreter, imports and data included), ``--repeat`` times; the
tables give the median (and the minimum) of the runs and the largest peak.
Results, with the machine they come from, go to ``--json``; ``--plot`` draws
every step's time against the number of interactions (log-log, with a line of
slope 1 for linear growth). ``docs/performance.md`` records a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench import datagen
from bench.scale_output import plot, summary_lines

__all__ = ["run", "main", "measure", "machine", "plot", "TARGETS"]

DEFAULT_SIZES = (1_000_000, 10_000_000, 50_000_000)
RESULTS = Path(__file__).resolve().parent / "results"
PLOT = Path(__file__).resolve().parents[1] / "docs" / "performance-scale.png"
#: The targets of issue 7, checked in the summary.
TARGETS = {
    "features_segmentation_vs_duckdb": 1.3,  # ours / hand-written DuckDB, at most (10M)
    "pandas_vs_features_segmentation": 3.0,  # pandas / ours, at least (10M)
    "peak_gb_50m": 4.0,  # ingest and segmentation, at most (50M)
    "ingest_parquet_rows_s": 2_000_000,
    "ingest_csv_rows_s": 500_000,
}


# ----------------------------------------------------------------------------------------- machine
def _peak_mb() -> float:
    """Peak resident memory of this process in MB (``VmHWM``; ``ru_maxrss`` where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def machine() -> dict:
    """What the figures were measured on."""
    import duckdb
    import numpy
    import pandas
    import pyarrow
    import sklearn

    from libcommunity.store import memory_limit

    cpu = platform.processor() or platform.machine()
    mem_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:  # pragma: no cover - not Linux
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": mem_gb,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "numpy": numpy.__version__,
        "scikit-learn": sklearn.__version__,
        "duckdb_memory_limit": memory_limit(),
        "os": f"{platform.system()} {platform.release()}",
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# ----------------------------------------------------------------------------------------- steps
def _segment(features) -> tuple[float, int]:
    from libcommunity.segments import MemberSegmenter

    t0 = time.perf_counter()
    seg = MemberSegmenter(random_state=0).fit(features)
    seg.predict(features)
    return time.perf_counter() - t0, int(seg.n_clusters_)


def _step(kind: str, args: dict) -> dict:
    """Run one measurement in this (fresh) process."""
    os.environ.setdefault("LIBCOMMUNITY_KEY", "libcommunity-bench")
    from libcommunity.store import Store

    out: dict = {}
    if kind in ("ingest_parquet", "ingest_csv"):
        from libcommunity.ingest import ingest_paths

        shutil.rmtree(args["store"], ignore_errors=True)
        t0 = time.perf_counter()
        report = ingest_paths(args["files"], account=datagen.ACCOUNT, store=args["store"], timezone=datagen.TIMEZONE)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = sum(sum(f.rows.values()) for f in report.files)
        out["tables"] = report.tables
    elif kind == "ingest_floor":
        from bench.reference import copy_parquet

        shutil.rmtree(args["store"], ignore_errors=True)
        t0 = time.perf_counter()
        out["rows"] = copy_parquet(args["files"], args["store"])
        out["seconds"] = time.perf_counter() - t0
        shutil.rmtree(args["store"], ignore_errors=True)
    else:
        store = Store(args["store"])
        month = args["month"]
        if kind == "metrics":
            from libcommunity.metrics import monthly_summary

            t0 = time.perf_counter()
            summary = monthly_summary(store, datagen.ACCOUNT, month)
            out["seconds"] = time.perf_counter() - t0
            out["month_interactions"] = sum(summary["interactions"].values())
        elif kind.startswith("features_"):
            from bench import reference
            from libcommunity.segments import member_features

            impl = {
                "features_ours": member_features,
                "features_duckdb": reference.duckdb_features,
                "features_pandas": reference.pandas_features,
            }[kind]
            t0 = time.perf_counter()
            features = impl(store, datagen.ACCOUNT, month)
            out["seconds"] = time.perf_counter() - t0
            out["segmentation_seconds"], out["clusters"] = _segment(features)
            out["members"] = len(features)
            out["participants"] = int((features["participation"] > 0).sum())
            if args.get("check"):
                from bench.reference import compare_features

                ours = member_features(store, datagen.ACCOUNT, month)
                out["differences"] = compare_features(ours, features)
        elif kind == "segment_members":
            from libcommunity.segments import segment_members

            t0 = time.perf_counter()
            members = segment_members(store, datagen.ACCOUNT, month)
            out["seconds"] = time.perf_counter() - t0
            out["segments"] = {str(k): int(v) for k, v in members["segment"].value_counts().items()}
        elif kind == "report":
            from libcommunity.report import run_batch

            shutil.rmtree(args["out"], ignore_errors=True)
            t0 = time.perf_counter()
            batch = run_batch(store, month, accounts=[datagen.ACCOUNT], out=args["out"], network=False, quiet=True)
            out["seconds"] = time.perf_counter() - t0
            out["ok"] = not batch.failed
            out["error"] = "; ".join(str(r.error)[:300] for r in batch.failed) or None
        else:  # pragma: no cover - internal
            raise ValueError(kind)
    out["peak_mb"] = _peak_mb()
    return out


def measure(kind: str, args: dict, repeat: int = 1) -> dict:
    """Run step ``kind`` ``repeat`` times, each in a fresh process; median, min and largest peak."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    runs = []
    for _ in range(repeat):
        with ctx.Pool(1, maxtasksperchild=1) as pool:
            runs.append(pool.apply(_step, (kind, args)))
    seconds = [r["seconds"] for r in runs]
    result = dict(runs[-1])
    result.update(
        {
            "seconds": statistics.median(seconds),
            "min_seconds": min(seconds),
            "runs": seconds,
            "peak_mb": max(r["peak_mb"] for r in runs),
        }
    )
    if "segmentation_seconds" in runs[0]:
        seg = [r["segmentation_seconds"] for r in runs]
        both = [r["seconds"] + r["segmentation_seconds"] for r in runs]
        result.update({"segmentation_seconds": statistics.median(seg), "segmentation_runs": seg,
                       "with_segmentation_seconds": statistics.median(both)})
    return result


# ----------------------------------------------------------------------------------------- harness
def run(sizes=DEFAULT_SIZES, *, repeat: int = 3, workdir=RESULTS, pandas_max: int = 10_000_000,
        csv_max: int = 50_000_000, report: bool = True, seed: int = 0, log=print) -> dict:
    """Generate, ingest and time every step at each size (see the module docstring); return the results."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "repeat": repeat, "month": datagen.MONTH, "sizes": {}}
    for size in sizes:
        info = datagen.cached(workdir / "data", size, seed=seed, csv=size <= csv_max, log=log)
        n = info["interactions"]
        rows = n + info["members"] + info["posts"]
        log(f"\n== {n:,} interactions ({rows:,} rows with members and posts), {repeat} run(s) of each step")
        store = workdir / f"store-{size}"
        order = ("posts", "members", "interactions")
        r: dict = {"interactions": n, "members": info["members"], "posts": info["posts"], "rows": rows}
        r["ingest_parquet"] = measure(
            "ingest_parquet", {"files": [info["paths"][t] for t in order], "store": str(store)}, repeat
        )
        _log_step(log, "ingest Parquet", r["ingest_parquet"], rows)
        r["ingest_floor"] = measure(
            "ingest_floor", {"files": [info["paths"][t] for t in order], "store": str(workdir / f"copy-{size}")}, repeat
        )
        _log_step(log, "Parquet copy (ingest floor)", r["ingest_floor"], rows)
        if info.get("csv_paths"):
            csv_store = workdir / f"store-{size}-csv"
            r["ingest_csv"] = measure("ingest_csv", {"files": [info["csv_paths"][t] for t in order], "store": str(csv_store)}, repeat)
            _log_step(log, "ingest CSV", r["ingest_csv"], rows)
            shutil.rmtree(csv_store, ignore_errors=True)
        args = {"store": str(store), "month": datagen.MONTH}
        r["metrics"] = measure("metrics", args, repeat)
        _log_step(log, "metrics (monthly_summary)", r["metrics"])
        r["features_ours"] = measure("features_ours", args, repeat)
        _log_step(log, "features (member_features)", r["features_ours"])
        r["features_duckdb"] = measure("features_duckdb", {**args, "check": True}, repeat)
        _log_step(log, "features (hand-written DuckDB)", r["features_duckdb"])
        if size <= pandas_max:
            r["features_pandas"] = measure("features_pandas", {**args, "check": True}, repeat)
            _log_step(log, "features (plain pandas)", r["features_pandas"])
        _pool_segmentation(r)
        log(f"  segmentation (MemberSegmenter fit + predict, median of all runs) {r['features_ours']['segmentation_seconds']:.2f} s")
        r["segment_members"] = measure("segment_members", args, repeat)
        _log_step(log, "segment_members end to end", r["segment_members"])
        if report:
            r["report"] = measure("report", {**args, "out": str(workdir / f"reports-{size}")}, 1)
            _log_step(log, "one report (run_batch)", r["report"])
            shutil.rmtree(workdir / f"reports-{size}", ignore_errors=True)
        r["ratios"] = ratios(r)
        for k, v in r["ratios"].items():
            log(f"  {k:48s} {v:6.2f}")
        results["sizes"][str(size)] = r
        shutil.rmtree(store, ignore_errors=True)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = check_targets(results)
    return results


def _pool_segmentation(r: dict) -> None:
    """Give every features implementation the same segmentation time: the median over all their runs.

    Each implementation's run also fits the segmenter on the features it
    computed; the three feature tables are identical (checked), so these are
    runs of one computation, and pooling them keeps the noise of a busy
    machine out of the ratios. The per-implementation medians stay in
    ``own_segmentation_seconds``.
    """
    impls = [k for k in ("features_ours", "features_duckdb", "features_pandas") if k in r]
    pooled = statistics.median([s for k in impls for s in r[k]["segmentation_runs"]])
    for k in impls:
        m = r[k]
        m["own_segmentation_seconds"] = m["segmentation_seconds"]
        m["segmentation_seconds"] = pooled
        m["with_segmentation_seconds"] = m["seconds"] + pooled


def _log_step(log, name: str, m: dict, rows: int | None = None) -> None:
    line = f"  {name:34s} {m['seconds']:8.2f} s (min {m['min_seconds']:.2f})  peak {m['peak_mb']:,.0f} MB"
    if rows:
        line += f"  {rows / m['seconds'] / 1e6:.2f} M rows/s"
    if "with_segmentation_seconds" in m:
        line += f"  + segmentation {m['segmentation_seconds']:.2f} s = {m['with_segmentation_seconds']:.2f} s"
    if m.get("differences"):
        line += f"  DIFFERENT FROM member_features: {m['differences'][:3]}"
    if m.get("ok") is False:
        line += f"  FAILED: {m.get('error')}"
    log(line)


def ratios(r: dict) -> dict:
    """The ratios issue 7 asks for, from one size's measurements."""
    out = {}
    if "ingest_floor" in r:
        out["ingest Parquet: ours / bare Parquet copy"] = r["ingest_parquet"]["seconds"] / r["ingest_floor"]["seconds"]
    ours, duck = r["features_ours"], r["features_duckdb"]
    out["features: ours / hand-written DuckDB"] = ours["seconds"] / duck["seconds"]
    out["features+segmentation: ours / DuckDB"] = ours["with_segmentation_seconds"] / duck["with_segmentation_seconds"]
    if "features_pandas" in r:
        pdm = r["features_pandas"]
        out["features: pandas / ours"] = pdm["seconds"] / ours["seconds"]
        out["features+segmentation: pandas / ours"] = pdm["with_segmentation_seconds"] / ours["with_segmentation_seconds"]
    return out


def check_targets(results: dict) -> list[dict]:
    """Each target of issue 7 with the measured figure and whether it is met."""
    out = []
    sizes = results["sizes"]
    ten = sizes.get(str(10_000_000))
    if ten:
        v = ten["ratios"]["features+segmentation: ours / DuckDB"]
        out.append({"target": "10M: features + segmentation within 1.3x of hand-written DuckDB", "value": round(v, 2),
                    "met": v <= TARGETS["features_segmentation_vs_duckdb"]})
        if "features+segmentation: pandas / ours" in ten["ratios"]:
            v = ten["ratios"]["features+segmentation: pandas / ours"]
            out.append({"target": "10M: features + segmentation at least 3x faster than pandas", "value": round(v, 2),
                        "met": v >= TARGETS["pandas_vs_features_segmentation"]})
    fifty = sizes.get(str(50_000_000))
    if fifty:
        peak = max(fifty["ingest_parquet"]["peak_mb"], fifty.get("ingest_csv", {}).get("peak_mb", 0),
                   fifty["features_ours"]["peak_mb"], fifty["segment_members"]["peak_mb"]) / 1024
        out.append({"target": "50M: ingest and segmentation complete under 4 GB peak", "value": round(peak, 2),
                    "met": peak < TARGETS["peak_gb_50m"]})
    for key, name, limit in (("ingest_parquet", "Parquet", TARGETS["ingest_parquet_rows_s"]),
                             ("ingest_csv", "CSV", TARGETS["ingest_csv_rows_s"])):
        for size, r in sizes.items():
            if key in r:
                v = r["rows"] / r[key]["seconds"]
                out.append({"target": f"{_label(int(size))}: ingest of canonical {name} >= {limit / 1e6:g}M rows/s",
                            "value": round(v / 1e6, 2), "met": v >= limit})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M,50M", help="interaction counts, e.g. 1M,10M,50M or 20000 (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the median is reported (default: %(default)s)")
    parser.add_argument("--workdir", default=str(RESULTS), help="generated data and temporary stores (default: bench/results)")
    parser.add_argument("--pandas-max", type=_size, default=10_000_000, help="largest size the pandas reference runs at (default: 10M)")
    parser.add_argument("--csv-max", type=_size, default=50_000_000, help="largest size CSV ingest is timed at (default: 50M)")
    parser.add_argument("--no-report", action="store_true", help="do not time a report run")
    parser.add_argument("--plot", default=str(PLOT), help="where the PNG goes (default: docs/performance-scale.png); '' for none")
    parser.add_argument("--json", default=None, help="where the results go (default: <workdir>/scale-<time>.json)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [_size(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or args.repeat < 1:
        parser.error("--sizes needs at least one size and --repeat must be >= 1")

    def log(msg):
        print(msg, flush=True)

    results = run(sizes, repeat=args.repeat, workdir=args.workdir, pandas_max=args.pandas_max, csv_max=args.csv_max,
                  report=not args.no_report, seed=args.seed, log=log)
    out = Path(args.json or Path(args.workdir) / f"scale-{time.strftime('%Y%m%dT%H%M%S')}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, default=str))
    if args.plot:
        log(f"plot: {plot(results, args.plot)}")
    log(f"results: {out}\n")
    for line in summary_lines(results):
        log(line)
    differ = [k for r in results["sizes"].values() for k, m in r.items() if isinstance(m, dict) and m.get("differences")]
    return 1 if differ else 0


def _label(n: int) -> str:
    """``10M``, ``250K``, ``1500``."""
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1e6:g}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1000}K"
    return str(n)


def _size(text) -> int:
    t = str(text).strip().upper().replace("_", "")
    mult = 1
    if t.endswith("M"):
        t, mult = t[:-1], 1_000_000
    elif t.endswith("K"):
        t, mult = t[:-1], 1_000
    return int(float(t) * mult)


if __name__ == "__main__":
    sys.exit(main())
