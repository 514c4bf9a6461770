"""Benchmark: monthly HTML reports, one alone and a batch of 50 accounts with 1 and 2 workers.

Run ``python -m bench reports`` (``--help`` for the options). Results are
printed and written as JSON to ``bench/results/reports.json``; the figures
of ``docs/performance.md`` ("Reports") come from it.

What is measured:

* **one report alone**, the real ``notebooks/reports/monthly_report.ipynb``
  for the account of median size: wall time of :func:`run_report` and its
  parts (``ReportResult.timings``: kernel start and papermill overhead, each
  cell, nbconvert, writing), in a fresh process (cold) and again in the same
  process (warm: the HTML exporter is built once per process);
* **kernel start** alone (``jupyter_client.start_new_kernel`` until the
  kernel answers), median of three;
* **where the cells' time goes**: the template's code run in a fresh
  process while a thread samples the stack every 5 ms; each sample is
  counted as imports, plotting (matplotlib), the segmentation model
  (scikit-learn, SciPy), pandas/NumPy, metrics queries (DuckDB), segment
  features, report sections or other Python (:data:`CATEGORIES`);
* **a batch of N accounts** (default 50) with ``workers=1`` and
  ``workers=2``: wall time, per-report times, the network overview and the
  index pages;
* **the arithmetic for a consortium of 500 libraries** on W workers.

The store: N small library accounts simulated by :mod:`libcommunity.demo`
(80 to 1,500 followers, median about 300; five platforms, timezones and
the three languages; the demo's 22 months), ingested through the ordinary
path. ``--store DIR`` keeps it for the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
MONTH = "2026-10"
PLACES = (
    ("instagram", "Europe/Madrid", "es"),
    ("mastodon", "Europe/Stockholm", "sv"),
    ("facebook", "America/Mexico_City", "es"),
    ("bluesky", "Europe/London", "en"),
    ("x", "America/New_York", "en"),
)
SHAPES = ("typical", "quiet", "typical", "lively")
#: Where a sampled moment of the cells goes: any import on the stack is "imports"; otherwise the innermost frame
#: that matches, by its file (DuckDB's C code shows as the libcommunity.metrics frame that called it).
CATEGORIES = (
    ("plotting (matplotlib)", ("/matplotlib/", "/PIL/", "/report/charts.py", "/report/plots.py")),
    ("segmentation model (scikit-learn, SciPy)", ("/sklearn/", "/scipy/")),
    ("pandas, NumPy", ("/pandas/", "/numpy/", "/pyarrow/")),
    ("metrics queries (DuckDB)", ("/libcommunity/metrics/", "/libcommunity/store.py", "/duckdb/")),
    ("segments (features, ladder)", ("/libcommunity/segments/",)),
    ("report sections (HTML, texts)", ("/libcommunity/report/",)),
)
SAMPLE_S = 0.005


# ---------------------------------------------------------------------- the store
def account_specs(n: int, seed: int = 0) -> list:
    """``n`` small library accounts, deterministic for a seed."""
    import numpy as np

    from libcommunity.demo import AccountSpec

    rng = np.random.default_rng(seed)
    followers = np.clip(np.round(rng.lognormal(np.log(300), 0.7, n)), 80, 1500).astype(int)
    specs = []
    for i in range(n):
        platform, tz, lang = PLACES[i % len(PLACES)]
        specs.append(AccountSpec(f"lib-{i:03d}", platform, tz, lang, int(followers[i]), shape=SHAPES[i % len(SHAPES)],
                                 fair_month=1 + i % 12))
    return specs


def build_store(root: Path, n: int, *, seed: int = 0, log=print):
    """A store of ``n`` simulated accounts under ``root`` (reused when it already holds them)."""
    from libcommunity.demo import build_store as build_demo_store
    from libcommunity.store import Store

    root = Path(root)
    store = Store(root / "store")
    specs = account_specs(n, seed)
    if store.exists() and store.accounts() == sorted(s.account for s in specs):
        log(f"reusing the store {store.root} ({n} accounts)")
        return store, specs
    t0 = time.perf_counter()
    build_demo_store(store, accounts=specs, seed=seed)
    log(f"simulated and ingested {n} accounts in {time.perf_counter() - t0:.1f} s")
    return store, specs


# ---------------------------------------------------------------------- one report
def kernel_start_seconds(repeat: int = 3) -> float:
    """Median time to start a python3 kernel until it answers."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        times.append(time.perf_counter() - t0)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(times)


def _category(files: list[str]) -> str:
    """The category of one sampled stack (file names, innermost first)."""
    if any("importlib" in f for f in files):
        return "imports"
    for f in files:
        for label, needles in CATEGORIES:
            if any(n in f for n in needles):
                return label
    return "other Python"


def profile_cells(template: Path, parameters: dict) -> dict:
    """Run the template's code cells in this process, sampling the stack every 5 ms; seconds by category.

    Each sample goes to one category (see :data:`CATEGORIES`), so the
    categories add up to the cells' wall time in this process (``total``).
    """
    import ast
    import threading

    import nbformat

    nb = nbformat.read(template, as_version=4)
    ns: dict = {}
    cells = [c for c in nb.cells if c.cell_type == "code"]
    exec(compile(cells[0].source, "<parameters>", "exec"), ns)  # the defaults, then the batch's values
    ns.update(parameters)
    main_id = threading.get_ident()
    counts: dict = {}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            frame = sys._current_frames().get(main_id)
            files = []
            while frame is not None:
                files.append(frame.f_code.co_filename)
                frame = frame.f_back
            cat = _category(files)
            counts[cat] = counts.get(cat, 0) + 1
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    sampler.start()
    try:
        for i, cell in enumerate(cells[1:], 1):
            tree = ast.parse(cell.source)
            last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            if last is not None:
                tree.body = tree.body[:-1]
            exec(compile(tree, f"<cell {i}>", "exec"), ns)
            if last is not None:  # what Jupyter displays: the HTML and the text of the cell's value
                value = eval(compile(ast.Expression(last.value), f"<cell {i}>", "eval"), ns)
                if hasattr(value, "_repr_html_"):
                    value._repr_html_()
                repr(value)
    finally:
        stop.set()
        sampler.join()
    total = time.perf_counter() - t0
    n = sum(counts.values()) or 1
    out = {label: round(total * counts.get(label, 0) / n, 3)
           for label in ["imports", *(c for c, _ in CATEGORIES), "other Python"]}
    out["total"] = round(total, 3)
    return out


def _profile_in_fresh_process(template: Path, parameters: dict) -> dict:
    code = (
        "import json, sys; from bench.bench_reports import profile_cells; "
        "print(json.dumps(profile_cells(sys.argv[1], json.loads(sys.argv[2]))))"
    )
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    proc = subprocess.run([sys.executable, "-c", code, str(template), json.dumps(parameters)], capture_output=True,
                          text=True, cwd=root, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _run_one_in_fresh_process(job, *, runs: int = 2) -> list[dict]:
    """``run_report`` ``runs`` times in one fresh process: the first cold, the next warm."""
    import pickle

    code = (
        "import json, sys, pickle; from libcommunity.report.execute import run_report; "
        "job = pickle.loads(bytes.fromhex(sys.argv[1])); "
        f"out = [run_report(job).__dict__ for _ in range({runs})]; print(json.dumps(out))"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code, pickle.dumps(job).hex()], capture_output=True, text=True,
                          cwd=root, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def single_report(store, specs, out: Path, *, log=print) -> dict:
    """One monthly report of the median-sized account: timings, kernel start, profile of the cells."""
    from libcommunity.report import plan_jobs

    by_size = sorted(specs, key=lambda s: s.followers)
    account = by_size[len(by_size) // 2].account
    job = plan_jobs(store, MONTH, accounts=[account], out=out, network=False)[0]
    kernel = kernel_start_seconds()
    log(f"kernel start: {kernel:.2f} s (median of 3)")
    cold, warm = _run_one_in_fresh_process(job)
    if not cold["ok"]:
        raise RuntimeError(cold["error"])
    log(f"one report ({account}, {len(specs)} accounts in the store): "
        f"cold {cold['seconds']:.2f} s, warm {warm['seconds']:.2f} s")
    prof = _profile_in_fresh_process(job.template, job.parameters)
    log("cells, sampled in a fresh process: " + ", ".join(f"{k} {v:.2f} s" for k, v in prof.items()))
    doc = {"account": account, "store_accounts": len(specs), "kernel_start": round(kernel, 3),
           "cold": cold, "warm": warm, "profile": prof}
    return doc


# ---------------------------------------------------------------------- batches
def _summary(values) -> dict:
    v = sorted(values)
    if not v:
        return {}
    return {"mean": round(statistics.fmean(v), 3), "median": round(statistics.median(v), 3),
            "p90": round(v[min(len(v) - 1, int(0.9 * len(v)))], 3), "max": round(v[-1], 3)}


def batch(store, out: Path, workers: int, *, dask_local: int | None = None, log=print) -> dict:
    """One batch of every account (and the network overview) into a fresh ``out``; its timings."""
    from libcommunity.months import parse_month
    from libcommunity.report import run_batch
    from libcommunity.report.index import write_indexes

    shutil.rmtree(out, ignore_errors=True)
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    result = run_batch(store, MONTH, out=out, workers=workers, dask_local=dask_local, quiet=True)
    wall = time.perf_counter() - t0
    t1 = time.perf_counter()
    write_indexes(store, out, parse_month(MONTH))
    index = time.perf_counter() - t1
    monthly = [r for r in result.results if r.label != "network"]
    network = [r for r in result.results if r.label == "network"]
    parts = {k: _summary([r.timings.get(k, 0.0) for r in monthly if r.ok])
             for k in ("kernel_and_overhead", "cells", "convert", "write")}
    doc = {
        "workers": workers,
        "dask_local": dask_local,
        "reports": len(monthly),
        "failed": [r.label for r in result.failed],
        "wall_seconds": round(wall, 1),
        "index_seconds": round(index, 2),
        "report_seconds": _summary([r.seconds for r in monthly]),
        "report_parts": parts,
        "network_seconds": round(network[0].seconds, 1) if network else None,
        "network_collect_seconds": _collect_seconds(network[0]) if network else None,
        "network_parts": {k: network[0].timings.get(k) for k in ("kernel_and_overhead", "cells", "convert")} if network else None,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    log(f"batch, {workers} worker(s){' on Dask' if dask_local else ''}: {len(monthly)} reports + network in "
        f"{wall:.0f} s; per report {doc['report_seconds']}; network {doc['network_seconds']} s; "
        f"index {index:.1f} s; failed {doc['failed'] or 'none'}")
    return doc


def _collect_seconds(result) -> float | None:
    """Seconds of the network notebook's cell that computes every account's figures (``network.collect``)."""
    for cell in result.timings.get("cells_detail", []):
        if "network.collect" in cell["first_line"] or "Translator(lang)" in cell["first_line"]:
            return cell["seconds"]
    return None


def consortium(doc: dict, n_target: int = 500, workers=(2, 4, 8, 16)) -> list[dict]:
    """The arithmetic for ``n_target`` libraries from the measured serial batch.

    Monthly reports: ``n_target * c`` seconds of work, ``c`` the mean time of
    one report in the serial batch. The network overview is one job: a fixed
    part (kernel, imports, plotting) plus ``n_target * a``, ``a`` its
    per-account computing time; it starts first. The index pages are written
    after the batch in the calling process: ``n_target * i``. On ``W``
    workers the batch lasts about ``max(network, (reports + network) / W)``,
    plus the index.
    """
    serial = next(b for b in doc["batches"] if b["workers"] == 1 and not b["dask_local"])
    n = serial["reports"]
    per_report = serial["report_seconds"]["mean"]
    collect = serial.get("network_collect_seconds") or serial["network_seconds"] or 0.0
    per_account_network = collect / n
    network_fixed = (serial["network_seconds"] or 0.0) - collect
    per_account_index = serial["index_seconds"] / n
    network = network_fixed + n_target * per_account_network
    reports = n_target * per_report
    index = n_target * per_account_index
    rows = []
    for w in workers:
        wall = max(network, (reports + network) / w) + index
        rows.append({"workers": w, "reports_minutes": round(reports / w / 60, 1), "network_minutes": round(network / 60, 1),
                     "index_minutes": round(index / 60, 1), "wall_minutes": round(wall / 60, 1)})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=50, help="accounts in the batch (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="batch sizes to run (default: 1 2)")
    parser.add_argument("--dask-local", type=int, default=0, metavar="N", help="also run the batch on a LocalCluster of N")
    parser.add_argument("--store", metavar="DIR", help="keep the generated store here (reused when present)")
    parser.add_argument("--single-only", action="store_true", help="only the one-report measurements")
    parser.add_argument("--json", metavar="FILE", default=str(RESULTS / "reports.json"), help="results file")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIBCOMMUNITY_KEY", "bench-reports")
    work = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="bench-reports-"))
    store, specs = build_store(work, args.accounts)
    doc = {"accounts": args.accounts, "month": MONTH, "cpus": os.cpu_count(),
           "followers": sorted(s.followers for s in specs), "batches": []}
    doc["single"] = single_report(store, specs, work / "single")
    if not args.single_only:
        for w in args.workers:
            doc["batches"].append(batch(store, work / f"reports-w{w}", w))
        if args.dask_local:
            doc["batches"].append(batch(store, work / "reports-dask", 1, dask_local=args.dask_local))
        if any(b["workers"] == 1 and not b["dask_local"] for b in doc["batches"]):
            doc["consortium_500"] = consortium(doc)
            for row in doc["consortium_500"]:
                print(f"500 libraries on {row['workers']:>2} workers: reports {row['reports_minutes']} min, network "
                      f"{row['network_minutes']} min (one job, beside them), index {row['index_minutes']} min -> about "
                      f"{row['wall_minutes']} min")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
