"""Compare what two versions of libcommunity compute on the same stores: metrics documents and segment tables.

Run ``python -m bench.compare_versions`` (``--help`` for the options). By default it compares ``main``
(exported with ``git archive`` into a temporary folder) with this working tree:

1. the demo store (``libcommunity demo`` of the base version, fixed key and seed) is built once;
2. for every account and every month of the demo (2025-01..2026-10), each version prints
   ``monthly_summary`` (what ``libcommunity metrics --json`` prints) and, for ``--segment-months``,
   ``segment_members`` (every column of every member, the attributes and the summary), each version in
   its own process (``bench/probe.py`` with ``PYTHONPATH`` set to that version);
3. with ``--bench-size N``, the same on the benchmarks' synthetic account (:mod:`bench.datagen`, N
   interactions) for ``--bench-months``;
4. every difference is printed with its path (``account month / key.subkey``); the exit status is 1 if
   there is any.

Both versions read the same store files, so any difference is a difference of the code.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBE = HERE / "probe.py"
KEY = "compare-versions-key"
DEMO_MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13) if (y, m) <= (2026, 10)]


def export(ref: str, into: Path) -> Path:
    """The tree of git ``ref`` of this repository, written under ``into`` (``git archive``); its path."""
    into.mkdir(parents=True, exist_ok=True)
    archive = into / "tree.tar"
    with open(archive, "wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    archive.unlink()
    return into / "tree"


def _env(code: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), LIBCOMMUNITY_KEY=KEY)
    env.pop("LIBCOMMUNITY_TRACE", None)
    return env


def probe(code: Path, mode: str, store: Path, months, out: Path) -> dict:
    """Run ``bench/probe.py MODE`` with the libcommunity of ``code``; its JSON document."""
    subprocess.run([sys.executable, str(PROBE), mode, "--store", str(store), "--months", *months, "--out", str(out)],
                   env=_env(code), check=True, cwd=str(code))
    return json.loads(out.read_text("utf-8"))


def differences(a, b, path: str = "") -> list[str]:
    """Every path where ``a`` and ``b`` differ (values compared exactly; floats by their repr)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                out.append(f"{path}{key}: only in {'head' if key not in a else 'base'}")
            else:
                out += differences(a[key], b[key], f"{path}{key}.")
        if list(a) != list(b) and set(a) == set(b):
            out.append(f"{path}: keys in another order")
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path.rstrip('.')}: {len(a)} items != {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{path}{i}.")
        return out
    if a != b or type(a) is not type(b):
        return [f"{path.rstrip('.')}: {a!r} != {b!r}"]
    return []


def build_demo(code: Path, root: Path, log=print) -> Path:
    """The demo store of ``code``'s ``libcommunity demo`` under ``root`` (reused when present)."""
    store = root / "demo-store"
    if (store / "_manifest.json").exists():
        log(f"reusing {store}")
        return store
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "libcommunity", "demo", "--store", str(store), "--sample", str(root / "demo-sample")],
                   env=_env(code), check=True, cwd=str(code), capture_output=True)
    log(f"demo store built in {time.perf_counter() - t0:.0f} s")
    return store


def build_bench(root: Path, size: int, log=print) -> Path:
    """The synthetic account of :mod:`bench.datagen` with ``size`` interactions, in a store under ``root``."""
    store = root / f"bench-store-{size}"
    if (store / "_manifest.json").exists():
        log(f"reusing {store}")
        return store
    sys.path.insert(0, str(ROOT))
    from bench import datagen

    with tempfile.TemporaryDirectory(prefix="compare-bench-") as tmp:
        info = datagen.generate(tmp, size)
        datagen.write_store(info["paths"], store)
    return store


def compare(base: Path, head: Path, store: Path, modes: dict, work: Path, label: str, log=print) -> list[str]:
    """The differences between ``base`` and ``head`` on ``store`` for each ``{mode: months}``."""
    found = []
    for mode, months in modes.items():
        if not months:
            continue
        t0 = time.perf_counter()
        a = probe(base, mode, store, months, work / f"{label}-{mode}-base.json")
        t1 = time.perf_counter()
        b = probe(head, mode, store, months, work / f"{label}-{mode}-head.json")
        t2 = time.perf_counter()
        diff = differences(a, b)
        log(f"{label} {mode}: {len(a)} account-months, {len(diff)} difference(s) (base {t1 - t0:.0f} s, head {t2 - t1:.0f} s)")
        found += [f"{label} {mode} {d}" for d in diff]
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_versions", description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref of the base version (default: %(default)s)")
    parser.add_argument("--base-dir", help="a folder holding the base version's code instead of --base")
    parser.add_argument("--head-dir", default=str(ROOT), help="the compared version's code (default: this working tree)")
    parser.add_argument("--work", help="keep stores and outputs here (default: a temporary folder)")
    parser.add_argument("--metrics-months", nargs="*", default=DEMO_MONTHS, help="demo months of monthly_summary (default: all)")
    parser.add_argument("--segment-months", nargs="*", default=["2025-06", "2026-01", "2026-09", "2026-10"],
                        help="demo months of segment_members (default: %(default)s)")
    parser.add_argument("--bench-size", type=int, default=0, help="also compare on a synthetic account of N interactions")
    parser.add_argument("--bench-months", nargs="*", default=["2024-06", "2025-09", "2025-10"])
    parser.add_argument("--bench-store", help="an existing store of the synthetic account to use instead of --bench-size")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="compare-versions-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    base = Path(args.base_dir).resolve() if args.base_dir else export(args.base, work / f"base-{args.base.replace('/', '_')}")
    head = Path(args.head_dir).resolve()
    print(f"base: {base}\nhead: {head}\nwork: {work}")
    found = compare(base, head, build_demo(base, work), {"metrics": args.metrics_months, "segments": args.segment_months},
                    work, "demo")
    if args.bench_size or args.bench_store:
        bench = Path(args.bench_store).resolve() if args.bench_store else build_bench(work, args.bench_size)
        found += compare(base, head, bench, {"metrics": args.bench_months, "segments": args.bench_months[-1:]}, work, "bench")
    for line in found[:200]:
        print(line)
    if len(found) > 200:
        print(f"... and {len(found) - 200} more")
    print("identical" if not found else f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
