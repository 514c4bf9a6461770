"""Benchmark: segmenting one month of an account with 1M members and 10M interactions, against a reference.

Run ``python -m bench segments`` (``--members``/``--interactions`` to change the size, ``--store DIR`` to keep
and reuse the generated store, ``--baseline REF`` to time another version of the code beside this one);
figures in ``docs/performance.md`` ("Segmentation"), results in ``bench/results/segments.json``.

Side by side in the same run, each repetition taking every variant in turn, each in a fresh process:

* **the command end to end**: ``libcommunity segment --account A --month M --out members.csv`` (process start,
  imports, features, segmenter, ladder, probability of being active, the spreadsheet-safe CSV);
* **the reference end to end**: ``bench/segment_reference.py``, what a DuckDB and scikit-learn user would
  write on the same Parquet files: one ``GROUP BY`` over the window, a join to the followers,
  ``MiniBatchKMeans`` (k = 3) on ``log1p`` counts, every member predicted, ``pandas.DataFrame.to_csv``;
  ``--reference-repeat`` runs per round (5 by default), the median and the fastest of all reported: DuckDB's
  parallel ``GROUP BY`` hands the members over in another order from run to run, and MiniBatchKMeans, which
  draws its mini-batches by row position, then takes 0.2 to 6 s on the same data;
* **``segment_members`` alone** after its imports (``bench/probe.py segment``), against the reference's
  query + clustering, with its parts (member features, probability of being active, segmenter fit);
* the same ``segment_members`` with the baseline's code (``--baseline``, ``main`` by default), and the
  baseline's command once (``--baseline-command``).

The ratio command / reference says what libcommunity's richer work costs on top of the least a user could
write: member features with the membership rules, member-to-member replies, active days/weeks/months,
recency and tenure over the whole history; the choice of k by BIC; the ladder; the MBG/NBD probability of
being active fitted on every member's history; and a CSV that cannot start a formula.

The data come from the generator all benchmarks share (:mod:`bench.datagen`) and are written straight into a
store through :meth:`Store.transaction` (pseudonyms already in place: the loaders and the CSV path are not what
is measured here; ``python -m bench scale`` times ingest).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import datagen
from libcommunity.store import Store

ACCOUNT = datagen.ACCOUNT
MONTH = datagen.MONTH
TIMEZONE = datagen.TIMEZONE
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def generate(store: Store, n_members: int, n_interactions: int, seed: int = 0, log=print) -> None:
    """Write a synthetic account of about ``n_members`` and ``n_interactions`` into ``store``.

    The data come from the generator every benchmark shares (:mod:`bench.datagen`:
    heavy-tailed activity, per-member personas, conversations with the
    library), 12 months up to :data:`MONTH`, written to Parquet by DuckDB and
    put into the store by its own write path.
    """
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-segments-") as tmp:
        info = datagen.generate(tmp, n_interactions, seed=seed, members_per=max(1, n_interactions // max(1, n_members)),
                                span_months=12)
        log(f"generated {info['members']:,} members and {info['interactions']:,} interactions in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        datagen.write_store(info["paths"], store.root)
    log(f"written to {store.root} in {time.perf_counter() - t0:.1f} s")


def _run(cmd, code: Path, *, json_out: bool = False) -> dict:
    """Run ``cmd`` with ``code`` first on ``PYTHONPATH``: ``{"seconds", "cpu"}`` (wall time; user + system CPU time of
    the process and its threads, which another job on a shared machine inflates far less than the wall time), plus
    ``"out"``, the JSON of its last line of output, with ``json_out``."""
    env = dict(os.environ, PYTHONPATH=str(code))
    env.setdefault("LIBCOMMUNITY_KEY", "libcommunity-bench")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=str(code), capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = {"seconds": round(seconds, 2),
           "cpu": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)}
    if json_out:
        out["out"] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def command(store: Path, out: Path, code: Path) -> dict:
    """``libcommunity segment ... --out`` end to end, in its own process (see :func:`_run`)."""
    return _run([sys.executable, "-m", "libcommunity", "segment", "--account", ACCOUNT, "--month", MONTH, "--store",
                 str(store), "--out", str(out), "--quiet"], code)


def reference(store: Path, out: Path) -> dict:
    """The reference script end to end, in its own process (see :func:`_run`; ``out``: its own timings)."""
    return _run([sys.executable, str(HERE / "segment_reference.py"), str(store), ACCOUNT, MONTH, TIMEZONE, str(out)],
                ROOT, json_out=True)


def in_process(store: Path, code: Path, repeat: int = 1) -> dict:
    """``segment_members`` after its imports, and its parts (``bench/probe.py segment``)."""
    return _run([sys.executable, str(HERE / "probe.py"), "segment", "--store", str(store), "--account", ACCOUNT,
                 "--month", MONTH, "--repeat", str(repeat)], code, json_out=True)["out"]


def main(argv=None) -> int:
    from bench.bench_report_floor import machine
    from bench.compare_versions import export

    parser = argparse.ArgumentParser(prog="python -m bench segments", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--store", metavar="DIR", help="store to create (or reuse if it exists); a temporary one by default")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of every variant (the median is reported)")
    parser.add_argument("--reference-repeat", type=int, default=5,
                        help="runs of the reference per round (default: %(default)s): its MiniBatchKMeans takes 0.2 to 6 s "
                             "from run to run, as DuckDB's parallel GROUP BY hands it the members in another order")
    parser.add_argument("--baseline", default="main", help="git ref of the code to compare with (default: %(default)s)")
    parser.add_argument("--baseline-dir", help="a folder with the baseline's code instead of --baseline")
    parser.add_argument("--baseline-command", action="store_true", help="also time the baseline's command once")
    parser.add_argument("--json", default=str(RESULTS / "segments.json"), help="results file")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIBCOMMUNITY_KEY", "libcommunity-bench")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="bench-segments-"))
    root = Path(args.store) if args.store else work / "store"
    store = Store(root)
    if not store.exists() or ACCOUNT not in store.accounts():
        generate(store, args.members, args.interactions, log=log)
    else:
        log(f"reusing {root}")
    baseline = Path(args.baseline_dir).resolve() if args.baseline_dir else export(args.baseline, work / "baseline")
    doc = {"machine_before": machine(), "members": args.members, "interactions": args.interactions, "month": MONTH,
           "baseline": str(baseline), "rounds": []}
    for i in range(args.repeat):
        r = {"command": command(root, work / "members.csv", ROOT),
             "reference": [reference(root, work / "reference.csv") for _ in range(args.reference_repeat)],
             "segment_members": in_process(root, ROOT), "segment_members_baseline": in_process(root, baseline)}
        doc["rounds"].append(r)
        log(f"round {i + 1}: command {r['command']}, reference {r['reference']}, "
            f"segment_members {r['segment_members']}, baseline {r['segment_members_baseline']}")
    if args.baseline_command:
        doc["baseline_command"] = command(root, work / "members-baseline.csv", baseline)
        log(f"baseline command: {doc['baseline_command']}")
    rounds = doc["rounds"]

    def med(get):
        return round(statistics.median(get(r) for r in rounds), 2)

    def ref(get):  # over every run of the reference, in every round
        return round(statistics.median(get(x) for r in rounds for x in r["reference"]), 2)

    doc["median"] = {
        "command": med(lambda r: r["command"]["seconds"]),
        "command_cpu": med(lambda r: r["command"]["cpu"]),
        "reference": ref(lambda x: x["seconds"]),
        "reference_cpu": ref(lambda x: x["cpu"]),
        "reference_compute": ref(lambda x: x["out"]["compute"]),
        "reference_compute_cpu": ref(lambda x: x["out"]["compute_cpu"]),
        "segment_members": med(lambda r: r["segment_members"]["segment_members"][0]),
        "segment_members_cpu": med(lambda r: r["segment_members"]["segment_members_cpu"][0]),
        "segment_members_baseline": med(lambda r: r["segment_members_baseline"]["segment_members"][0]),
        "reference_fastest": round(min(x["seconds"] for r in rounds for x in r["reference"]), 2),
        "segment_members_baseline_cpu": med(lambda r: r["segment_members_baseline"].get("segment_members_cpu", [float("nan")])[0]),
    }
    m = doc["median"]
    doc["ratios"] = {"command_over_reference": round(m["command"] / m["reference"], 2),
                     "command_over_reference_cpu": round(m["command_cpu"] / m["reference_cpu"], 2),
                     "segment_members_over_reference_compute": round(m["segment_members"] / m["reference_compute"], 2),
                     "segment_members_over_reference_compute_cpu":
                         round(m["segment_members_cpu"] / m["reference_compute_cpu"], 2),
                     "baseline_over_head_segment_members": round(m["segment_members_baseline"] / m["segment_members"], 2)}
    doc["machine_after"] = machine()
    print(json.dumps({"median": doc["median"], "ratios": doc["ratios"]}, indent=2))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
