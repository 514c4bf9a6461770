"""Canonical Parquet ingest through the command line against the bare Parquet copy, side by side.

``python -m bench ingest [--interactions 10000000] [--members 1000000] [--repeat 3] [--compare DIR] [--check]``

The data come from :mod:`bench.datagen` (one account: posts, members and
interactions as canonical Parquet; ``--members`` distinct member ids). Each
measurement is a fresh process, timed from the outside, end to end
(interpreter start, imports, work, exit), with its peak resident memory
(``ru_maxrss`` of the child):

* **ours**: ``python -m libcommunity ingest FILES --account bench --store DIR``
  into a new store, what a user runs;
* **floor**: :func:`bench.reference.copy_parquet` of the same files (pyarrow
  read and zstd write of every row, nothing else), written out in a
  ``python -c`` that imports pyarrow alone;
* **before** (with ``--compare DIR``): the same command with ``PYTHONPATH=DIR``,
  another checkout of libcommunity (the code before a change), into its own store.

The three alternate within each of the ``--repeat`` rounds, so that they
share the machine's conditions; the tables give medians. The load average
before and after each run is recorded, since other work on the machine moves
every figure: besides the ratio of the medians, each round's ratio to the
floor's run just before it is given (median over rounds), and the ratio of
CPU time. ``--check`` compares the stores of ``ours`` and ``before``: the
same rows in every table (pseudonyms included), the identities included.
Results go to ``--json`` (default ``bench/results/ingest.json``).
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

from bench import datagen

__all__ = ["run", "main", "timed", "same_rows"]

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]
TABLES = ("posts", "members", "interactions")
KEY = "libcommunity-bench"
#: :func:`bench.reference.copy_parquet`, written out so that the floor's process imports pyarrow alone.
FLOOR = """
import sys
from pathlib import Path
import pyarrow.parquet as pq
out, group = Path(sys.argv[1]), int(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for i, path in enumerate(sys.argv[3:]):
    source = pq.ParquetFile(path)
    with pq.ParquetWriter(out / f"{i:03d}.parquet", source.schema_arrow, compression="zstd") as writer:
        for batch in source.iter_batches(batch_size=group):
            writer.write_batch(batch, row_group_size=group)
"""


def timed(cmd: list, env: dict, cwd=ROOT) -> dict:
    """Run ``cmd`` in a new process; wall seconds, peak memory (MB) and the load average before and after.

    ``cwd`` matters: ``python -m`` imports from the working directory first, whatever ``PYTHONPATH`` says.
    """
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            out.seek(0)
            raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} ... failed ({proc.returncode}): {out.read().decode()[-2000:]}")
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "load": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def _env(pythonpath) -> dict:
    env = dict(os.environ, LIBCOMMUNITY_KEY=KEY, PYTHONPATH=str(pythonpath))
    env.pop("LIBCOMMUNITY_MEMORY_LIMIT", None)
    return env


def _ingest_cmd(files: list, store: Path) -> list:
    return [sys.executable, "-m", "libcommunity", "ingest", *(str(Path(f).resolve()) for f in files), "--account",
            datagen.ACCOUNT, "--store", str(Path(store).resolve()), "--timezone", datagen.TIMEZONE]


def same_rows(a, b) -> dict:
    """Per table, whether the stores at ``a`` and ``b`` hold the same rows (as multisets), and how many."""
    import duckdb

    from libcommunity.store import Store

    out = {}
    con = duckdb.connect()
    for table in (*TABLES, "identities"):
        files = [[str(p) for p in Store(root).files(table, datagen.ACCOUNT)] for root in (a, b)]
        if not all(files):
            out[table] = {"same": files[0] == files[1], "rows": 0}
            continue
        q = [f"SELECT * FROM read_parquet({f!r}, hive_partitioning = false)" for f in files]
        diff = con.execute(f"SELECT count(*) FROM (({q[0]} EXCEPT ALL {q[1]}) UNION ALL ({q[1]} EXCEPT ALL {q[0]}))").fetchone()[0]
        rows = con.execute(f"SELECT count(*) FROM ({q[0]})").fetchone()[0]
        out[table] = {"same": diff == 0, "rows": int(rows)}
    return out


def _sizes(store: Path) -> int:
    return sum(p.stat().st_size for p in Path(store).rglob("*.parquet"))


def run(*, interactions: int = 10_000_000, members: int = 1_000_000, repeat: int = 3, workdir=RESULTS,
        compare=None, check: bool = False, seed: int = 0, log=print) -> dict:
    """Generate (once), then time ours, the floor and optionally ``before``, ``repeat`` rounds; return the results."""
    from bench.bench_scale import machine
    from libcommunity.staging import ROW_GROUP_ROWS

    workdir = Path(workdir)
    info = datagen.cached(workdir / "data", interactions, seed=seed, members_per=max(1, interactions // members), log=log)
    files = [info["paths"][t] for t in TABLES]
    rows = info["interactions"] + info["members"] + info["posts"]
    log(f"{info['interactions']:,} interactions, {info['members']:,} members, {info['posts']:,} posts: {rows:,} rows")
    kinds = {"floor": None, "ours": ROOT}
    if compare:
        kinds["before"] = Path(compare).resolve()
        if not (kinds["before"] / "libcommunity" / "__init__.py").exists():
            raise SystemExit(f"--compare {compare}: no libcommunity package there")
    runs: dict = {k: [] for k in kinds}
    stores = {k: workdir / f"ingest-{k}" for k in kinds}
    for i in range(repeat):
        for kind, code in kinds.items():
            shutil.rmtree(stores[kind], ignore_errors=True)
            if kind == "floor":
                m = timed([sys.executable, "-c", FLOOR, str(stores[kind]), str(ROW_GROUP_ROWS), *files], _env(ROOT))
            else:
                m = timed(_ingest_cmd(files, stores[kind]), _env(code), cwd=code)
            m["bytes"] = _sizes(stores[kind])
            runs[kind].append(m)
            log(f"  round {i + 1} {kind:6s} {m['seconds']:7.2f} s  cpu {m['cpu_seconds']:6.2f} s  "
                f"peak {m['peak_mb']:6,.0f} MB  load {m['load'][0]:.1f}->{m['load'][1]:.1f}")
    results = {"machine": machine(), "rows": rows, "interactions": info["interactions"], "members": info["members"],
               "posts": info["posts"], "repeat": repeat, "runs": runs, "summary": {}}
    for kind, ms in runs.items():
        sec = statistics.median(m["seconds"] for m in ms)
        results["summary"][kind] = {
            "seconds": sec, "min_seconds": min(m["seconds"] for m in ms), "rows_per_s": rows / sec,
            "cpu_seconds": statistics.median(m["cpu_seconds"] for m in ms), "peak_mb": max(m["peak_mb"] for m in ms),
            "output_mb": ms[-1]["bytes"] / 2**20,
        }
    floor = results["summary"]["floor"]["seconds"]
    for kind, s in results["summary"].items():
        s["ratio_to_floor"] = s["seconds"] / floor
        # each round's run against the floor's run just before it: the machine's load moves less in between
        s["round_ratio"] = statistics.median(m["seconds"] / f["seconds"] for m, f in zip(runs[kind], runs["floor"]))
        s["cpu_ratio"] = s["cpu_seconds"] / results["summary"]["floor"]["cpu_seconds"]
    if check and compare:
        results["same_rows"] = same_rows(stores["ours"], stores["before"])
    for store in stores.values():
        shutil.rmtree(store, ignore_errors=True)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    log(f"\n{'':8s} {'median s':>9s} {'min s':>7s} {'M rows/s':>9s} {'x floor':>8s} {'x floor/round':>14s} "
        f"{'cpu s':>7s} {'x floor cpu':>12s} {'peak MB':>8s} {'out MB':>7s}")
    for kind, s in results["summary"].items():
        log(f"{kind:8s} {s['seconds']:9.2f} {s['min_seconds']:7.2f} {s['rows_per_s'] / 1e6:9.2f} "
            f"{s['ratio_to_floor']:8.2f} {s['round_ratio']:14.2f} {s['cpu_seconds']:7.2f} {s['cpu_ratio']:12.2f} "
            f"{s['peak_mb']:8,.0f} {s['output_mb']:7.0f}")
    if "same_rows" in results:
        log("same rows as before: " + ", ".join(f"{t} {'yes' if v['same'] else 'NO'} ({v['rows']:,})"
                                                  for t, v in results["same_rows"].items()))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=10_000_000, help="about how many interaction rows")
    parser.add_argument("--members", type=int, default=1_000_000, help="distinct member ids")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (each: floor, ours[, before])")
    parser.add_argument("--workdir", default=str(RESULTS), help="where data and stores go")
    parser.add_argument("--compare", metavar="DIR", help="another libcommunity checkout, timed as 'before'")
    parser.add_argument("--check", action="store_true", help="with --compare: check both stores hold the same rows")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=str(RESULTS / "ingest.json"), help="where the results go")
    args = parser.parse_args(argv)
    results = run(interactions=args.interactions, members=args.members, repeat=args.repeat, workdir=args.workdir,
                  compare=args.compare, check=args.check, seed=args.seed)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    if "same_rows" in results and not all(v["same"] for v in results["same_rows"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
