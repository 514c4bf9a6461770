"""Benchmark: one report against its floor (a trivial notebook), this code against a baseline, in one run.

Run ``python -m bench report_floor`` (``--help`` for the options); figures in ``docs/performance.md``
("One report against its floor"), results in ``bench/results/report_floor.json``.

Everything is measured side by side in the same run, each repetition taking every variant in turn
(so a change of the machine's load hits them alike), each command in a fresh process:

* **one report end to end**: ``libcommunity report --month M --account A --no-network`` (kernel start,
  papermill, the real ``monthly_report.ipynb``, nbconvert, the index page), for this code and for the
  baseline (``--baseline``, a git ref exported with ``git archive``: ``main`` by default);
* **the floor**: the same command with a template folder (``LIBCOMMUNITY_NOTEBOOKS``) whose monthly
  report only imports pandas and matplotlib: the same papermill/nbconvert path in its own process;
* the same two on a **20-row store** (one account, 20 canonical rows);
* every version's package byte-compiled first (:func:`compile_code`), so that no timed process compiles
  libcommunity's sources (an environment with ``PYTHONDONTWRITEBYTECODE`` set would make each one do it);
* **``build_report`` itself**, after its imports, in a fresh process (``bench/probe.py time``);
* **what one report asks of the store** (``bench/probe.py counts``): DuckDB connections, results fetched
  as pandas and as rows, queries, reads of the manifest, conversation tables built, contract-figure queries,
  member-feature and activity-history queries;
* **a batch** of the five demo accounts with the network overview and the index
  (``libcommunity report --month M``), for both versions; for this code every computation of an
  account-month's core figures is counted across the batch's processes (``LIBCOMMUNITY_TRACE``): each
  must be computed once. The batch is run once more, untimed, with every process of it counting what it
  asks of DuckDB and the store (:func:`probe.install_for_process`): connections, manifest reads, queries,
  conversation tables, contract-figure queries (one account-month each before; several at once after).

The stores: the demo (``libcommunity.demo.build_store``, seed 42: five libraries, 2025-01..2026-10) and
the 20-row store, built once under ``--work``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
PROBE = HERE / "probe.py"
KEY = "bench-report-floor"
MONTH = "2026-10"
ACCOUNT = "biblioteca-lavapies"
TINY = "tiny-lib"
TRIVIAL_CELL = "import pandas as pd\nimport matplotlib.pyplot as plt"


# ---------------------------------------------------------------------- code versions and stores
def export(ref: str, into: Path) -> Path:
    """The tree of git ``ref`` of this repository under ``into`` (``git archive``)."""
    from bench.compare_versions import export as _export

    return _export(ref, into)


def env_for(code: Path, **extra) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), LIBCOMMUNITY_KEY=KEY)
    for k in ("LIBCOMMUNITY_TRACE", "LIBCOMMUNITY_NOTEBOOKS"):
        env.pop(k, None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def build_stores(work: Path, log=print, code: Path | None = None) -> dict:
    """The demo store and the 20-row store under ``work`` (reused when present).

    With ``code`` (another version's tree, the baseline), both are built by that version's code in a process
    of its own (``libcommunity demo`` and :func:`_tiny_store`): a newer version reads an older version's store,
    but an older version refuses the tables a newer one adds to the manifest.
    """
    demo, tiny = work / "demo-store", work / "tiny-store"
    os.environ["LIBCOMMUNITY_KEY"] = KEY
    if not (demo / "_manifest.json").exists():
        t0 = time.perf_counter()
        if code is None:
            from libcommunity.demo import build_store

            build_store(demo, seed=42)
        else:
            subprocess.run([sys.executable, "-m", "libcommunity", "demo", "--seed", "42", "--store", str(demo),
                            "--sample", str(work / "demo-sample")], env=env_for(code), cwd=str(code), check=True,
                           capture_output=True)
        log(f"demo store built in {time.perf_counter() - t0:.0f} s" + (f" by {code}" if code else ""))
    if not (tiny / "_manifest.json").exists():
        if code is None:
            _tiny_store(tiny, work / "tiny-src")
        else:
            script = (f"import runpy; runpy.run_path({str(Path(__file__).resolve())!r}, run_name='tiny')"
                      f"['_tiny_store']({str(tiny)!r}, {str(work / 'tiny-src')!r})")
            subprocess.run([sys.executable, "-c", script], env=env_for(code), cwd=str(code), check=True,
                           capture_output=True)
    return {"demo": demo, "tiny": tiny}


def compile_code(*trees: Path) -> None:
    """Byte-compile the ``libcommunity`` package of each code version, as installing a package does.

    Python writes a module's bytecode on its first import unless ``PYTHONDONTWRITEBYTECODE`` is set, and this
    machine's environment sets it: then every timed process (the command, and a report's kernel) compiled the
    hundred-odd modules it imports from source again, about 0.2 s of CPU each, in every round, which a user's
    second report never pays. ``compileall`` writes the bytecode whatever that setting says; the variants all
    run compiled code (the floor's command too).
    """
    import compileall

    for tree in trees:
        compileall.compile_dir(str(Path(tree) / "libcommunity"), quiet=1)


def _tiny_store(root, src) -> None:
    """One account, 20 canonical rows: 4 posts, 12 interactions, 4 members, in October 2026."""
    import pandas as pd

    root, src = Path(root), Path(src)

    from libcommunity.demo import write_csv
    from libcommunity.ingest import ingest_paths

    t = pd.Timestamp("2026-10-05T10:00Z")
    posts = pd.DataFrame({
        "account": TINY, "platform": "mastodon", "post_id": [f"p{i}" for i in range(4)],
        "published_at": [t + pd.Timedelta(days=5 * i) for i in range(4)], "kind": "text",
        "text": [f"Post {i} #tiny" for i in range(4)],
    })
    members = pd.DataFrame({
        "account": TINY, "platform": "mastodon", "member_id": [f"@m{i}" for i in range(4)],
        "followed_at": [t - pd.Timedelta(days=30 * (i + 1)) for i in range(4)], "is_staff": False,
    })
    kinds = ["reaction", "comment", "share", "reaction", "comment", "reaction", "mention", "reaction", "comment",
             "share", "reaction", "comment"]
    interactions = pd.DataFrame({
        "account": TINY, "platform": "mastodon", "interaction_id": [f"i{i}" for i in range(12)],
        "member_id": [f"@m{i % 4}" for i in range(12)], "kind": kinds,
        "created_at": [t + pd.Timedelta(hours=30 * i) for i in range(12)], "post_id": [f"p{i % 4}" for i in range(12)],
        "by_library": False,
    })
    from libcommunity.schemas import coerce_frame

    paths = [write_csv(coerce_frame(df, name), src / f"{name}.csv", name)
             for name, df in (("posts", posts), ("interactions", interactions), ("members", members))]
    ingest_paths(paths, account=TINY, store=root, platform="mastodon", timezone="Europe/Stockholm", lang="sv")


def trivial_templates(folder: Path) -> Path:
    """A template folder whose monthly report has the real parameters cell and only imports pandas and matplotlib."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    real = nbformat.read(ROOT / "notebooks" / "reports" / "monthly_report.ipynb", as_version=4)
    params = next(c for c in real.cells if "parameters" in c.metadata.get("tags", []))
    nb = new_notebook(cells=[new_code_cell(params.source, metadata={"tags": ["parameters"]}), new_code_cell(TRIVIAL_CELL)])
    nb.metadata = real.metadata
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "monthly_report.ipynb")
    return folder


# ---------------------------------------------------------------------- measurements
def timed(cmd, env, cwd) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds


def report_cmd(store: Path, out: Path, account: str | None) -> list:
    cmd = [sys.executable, "-m", "libcommunity", "report", "--month", MONTH, "--store", str(store), "--out", str(out),
           "--quiet"]
    return cmd + (["--account", account, "--no-network"] if account else [])


def probe(code: Path, mode: str, store: Path, account: str, repeat: int = 3) -> dict:
    proc = subprocess.run([sys.executable, str(PROBE), mode, "--store", str(store), "--account", account, "--month", MONTH,
                           "--repeat", str(repeat)], env=env_for(code), capture_output=True, text=True, cwd=str(code))
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def trace_counts(path: Path) -> dict:
    """Core-figure computations per account-month, and the processes they happened in."""
    events = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    per = collections.Counter((e["account"], e["month"]) for e in events if e["event"] == "core")
    return {"account_months": len(per), "computations": sum(per.values()), "max_per_account_month": max(per.values(), default=0),
            "processes": len({e["pid"] for e in events})}


def counted_batch(code: Path, store: Path, work: Path, name: str) -> dict:
    """A batch of every account run once more, untimed, with every process counting what it asks of DuckDB and the
    store (a ``sitecustomize`` first on ``PYTHONPATH`` installs :func:`probe.install_for_process`); the sums."""
    site = work / f"count-site-{name}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "sitecustomize.py").write_text(
        f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport probe\nprobe.install_for_process({str(site)!r})\n"
        f"sys.path.remove({str(HERE)!r})\n", encoding="utf-8")
    out = work / "out" / f"counted-{name}"
    shutil.rmtree(out, ignore_errors=True)
    env = env_for(code)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(code)])
    timed(report_cmd(store, out, None), env, code)
    total = collections.Counter()
    for f in site.glob("counts-*.json"):
        total.update(json.loads(f.read_text()))
    return {**dict(sorted(total.items())), "processes": len(list(site.glob("counts-*.json")))}


def machine() -> dict:
    import duckdb
    import pandas

    cpu = platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):  # pragma: no cover - not Linux
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "pandas": pandas.__version__, "load_average": [round(x, 2) for x in os.getloadavg()],
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def run(work: Path, baseline: Path, head: Path, repeat: int, log=print) -> dict:
    stores = build_stores(work, log, code=None if baseline.resolve() == head.resolve() else baseline)
    trivial = trivial_templates(work / "trivial-templates")
    compile_code(head, baseline)
    doc = {"machine_before": machine(), "month": MONTH, "account": ACCOUNT, "baseline": str(baseline), "head": str(head)}
    variants = {
        "report_head": (head, stores["demo"], ACCOUNT, {}),
        "report_baseline": (baseline, stores["demo"], ACCOUNT, {}),
        "trivial_notebook": (head, stores["demo"], ACCOUNT, {"LIBCOMMUNITY_NOTEBOOKS": trivial}),
        "tiny_report_head": (head, stores["tiny"], TINY, {}),
        "tiny_report_baseline": (baseline, stores["tiny"], TINY, {}),
    }
    times = {k: [] for k in variants}
    for i in range(repeat):
        for name, (code, store, account, extra) in variants.items():
            out = work / "out" / name
            shutil.rmtree(out, ignore_errors=True)
            times[name].append(round(timed(report_cmd(store, out, account), env_for(code, **extra), code), 2))
        log(f"round {i + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()))
    doc["end_to_end_seconds"] = times
    doc["end_to_end_median"] = {k: statistics.median(v) for k, v in times.items()}
    doc["build_report"] = {"head": probe(head, "time", stores["demo"], ACCOUNT, repeat),
                           "baseline": probe(baseline, "time", stores["demo"], ACCOUNT, repeat)}
    doc["build_report_demo_accounts"] = {}
    from libcommunity.store import Store

    for account in Store(stores["demo"]).accounts():
        doc["build_report_demo_accounts"][account] = {
            "head": probe(head, "time", stores["demo"], account, 2)["runs"],
            "baseline": probe(baseline, "time", stores["demo"], account, 2)["runs"]}
    doc["counts"] = {"head": probe(head, "counts", stores["demo"], ACCOUNT),
                     "baseline": probe(baseline, "counts", stores["demo"], ACCOUNT)}
    batches = {}
    for name, code in (("head", head), ("baseline", baseline)):
        out = work / "out" / f"batch-{name}"
        shutil.rmtree(out, ignore_errors=True)
        trace = work / f"trace-{name}.jsonl"
        trace.unlink(missing_ok=True)
        seconds = timed(report_cmd(stores["demo"], out, None), env_for(code, LIBCOMMUNITY_TRACE=trace), code)
        batches[name] = {"seconds": round(seconds, 1), **trace_counts(trace)}
        log(f"batch ({name}): {seconds:.0f} s, {batches[name]}")
    doc["batch"] = batches
    doc["batch_counts"] = {name: counted_batch(code, stores["demo"], work, name) for name, code in (("head", head), ("baseline", baseline))}
    log(f"batch counts: {doc['batch_counts']}")
    doc["machine_after"] = machine()
    return doc


def summary(doc: dict) -> list[str]:
    med = doc["end_to_end_median"]
    b = doc["build_report"]
    lines = [
        f"one report end to end: this code {med['report_head']:.1f} s, baseline {med['report_baseline']:.1f} s, "
        f"trivial notebook {med['trivial_notebook']:.1f} s -> {med['report_head'] / med['trivial_notebook']:.2f}x the floor "
        f"(baseline {med['report_baseline'] / med['trivial_notebook']:.2f}x)",
        f"20-row store: this code {med['tiny_report_head']:.1f} s, baseline {med['tiny_report_baseline']:.1f} s "
        f"-> {med['tiny_report_head'] / med['trivial_notebook']:.2f}x the floor",
        f"build_report ({doc['account']}): this code {min(b['head']['runs']):.2f} s (best of {b['head']['runs']}), "
        f"baseline {min(b['baseline']['runs']):.2f} s",
        "per report: " + "; ".join(f"{k} {doc['counts']['baseline'].get(k, 0)} -> {doc['counts']['head'].get(k, 0)}"
                                   for k in ("connections", "manifest_reads", "frame_fetches", "row_fetches", "queries",
                                             "conversation_builds", "contract_queries", "feature_queries", "history_queries")),
        f"batch of the demo: this code {doc['batch']['head']['seconds']} s, baseline {doc['batch']['baseline']['seconds']} s; "
        f"core figures of {doc['batch']['head']['account_months']} account-months computed "
        f"{doc['batch']['head']['computations']} times (at most {doc['batch']['head']['max_per_account_month']} each)",
        "whole batch: " + "; ".join(f"{k} {doc['batch_counts']['baseline'].get(k, 0)} -> {doc['batch_counts']['head'].get(k, 0)}"
                                    for k in ("connections", "manifest_reads", "queries", "conversation_builds",
                                              "contract_queries", "feature_queries", "history_queries")),
    ]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench report_floor", description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git ref of the baseline (default: %(default)s)")
    parser.add_argument("--baseline-dir", help="a folder with the baseline's code instead of --baseline")
    parser.add_argument("--work", help="stores and outputs here (kept; default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every variant (default: %(default)s)")
    parser.add_argument("--json", default=str(RESULTS / "report_floor.json"), help="results file")
    parser.add_argument("--batch-counts-only", action="store_true",
                        help="only count the whole batch again, into the results file of an earlier run")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-report-floor-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    baseline = Path(args.baseline_dir).resolve() if args.baseline_dir else export(args.baseline, work / "baseline")
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.batch_counts_only:
        doc = json.loads(Path(args.json).read_text(encoding="utf-8"))
        store = build_stores(work, log, code=baseline)["demo"]
        doc["batch_counts"] = {name: counted_batch(code, store, work, name) for name, code in (("head", ROOT), ("baseline", baseline))}
        doc["batch_counts"]["machine"] = machine()
    else:
        doc = run(work, baseline, ROOT, args.repeat, log=log)
    doc["summary"] = summary(doc)
    print("\n".join(doc["summary"]))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
