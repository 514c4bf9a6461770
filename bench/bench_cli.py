"""Benchmark: how long ``libcommunity --help`` and every subcommand's ``--help`` take, against ``python -c pass``.

Run ``python -m bench cli`` (``--help`` for the options). Each command is
started as a fresh process (``python -m libcommunity ... --help``, what the
``libcommunity`` script runs), ``--repeat`` times in turn with the baseline
``python -c pass`` in the same run, so the ratio holds on a busy machine.
``--compare-with DIR`` also times the command line of another checkout (for
a before/after figure: ``--compare-with /path/to/old/checkout``).

Printed as a table and written to ``bench/results/cli.json``; the figures of
``docs/performance.md`` ("Command line start-up") come from it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "cli.json"
#: What "--help under 0.5 s" is measured against.
TARGET_S = 0.5


def _commands(checkout: Path) -> list[list[str]]:
    code = "from libcommunity.commands import available_commands; print(' '.join(available_commands()))"
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=_env(checkout), cwd=checkout).stdout.split()
    return [["--help"]] + [[name, "--help"] for name in names]


def _env(checkout: Path) -> dict:
    """The environment of a run of ``checkout``'s code (run from its folder, first on the path)."""
    return {**os.environ, "PYTHONPATH": str(checkout)}


def _time(argv: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd, check=True)
    return time.perf_counter() - start


def measure(checkouts: dict, repeat: int) -> dict:
    """Seconds per run of the baseline and of each command's help, for each checkout, interleaved."""
    baseline = [sys.executable, "-c", "pass"]
    plans = {label: _commands(path) for label, path in checkouts.items()}
    times: dict = {"python -c pass": []}
    for label, commands in plans.items():
        for args in commands:
            times[f"{label}: libcommunity {' '.join(args)}"] = []
    for _ in range(repeat):
        times["python -c pass"].append(_time(baseline, dict(os.environ), ROOT))
        for label, commands in plans.items():
            env = _env(checkouts[label])
            for args in commands:
                times[f"{label}: libcommunity {' '.join(args)}"].append(_time([sys.executable, "-m", "libcommunity", *args], env, checkouts[label]))
    return times


def summarise(times: dict) -> dict:
    base = statistics.median(times["python -c pass"])
    rows = {}
    for name, values in times.items():
        med = statistics.median(values)
        rows[name] = {"median_s": round(med, 3), "max_s": round(max(values), 3), "ratio_to_python": round(med / base, 1),
                      "runs": len(values)}
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench cli", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (default: %(default)s)")
    parser.add_argument("--compare-with", metavar="DIR", help="also time the command line of this checkout")
    args = parser.parse_args(argv)
    checkouts = {"this": ROOT}
    if args.compare_with:
        checkouts["other"] = Path(args.compare_with).resolve()
    rows = summarise(measure(checkouts, args.repeat))
    width = max(len(n) for n in rows)
    print(f"{'command':<{width}}  median   max    x python")
    for name, r in rows.items():
        print(f"{name:<{width}}  {r['median_s']:.3f}  {r['max_s']:.3f}  {r['ratio_to_python']:>5}")
    ours = [r["max_s"] for n, r in rows.items() if n.startswith("this: ")]
    print(f"slowest help of this checkout: {max(ours):.3f} s (target < {TARGET_S} s)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "load_average": load, "checkouts": {k: str(v) for k, v in checkouts.items()}, "rows": rows,
    }, indent=2) + "\n")
    return 0 if max(ours) < TARGET_S else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
