"""``python -m bench <name> [options]``: run the benchmark ``bench/bench_<name>.py``.

Without a name, list the benchmarks present. Options after the name go to
that benchmark's ``main`` (try ``python -m bench <name> --help``).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def available() -> list[str]:
    """Names of the benchmark modules in this folder."""
    return sorted(p.stem[len("bench_"):] for p in Path(__file__).parent.glob("bench_*.py"))


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = available()
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m bench NAME [options]\nbenchmarks: " + (", ".join(names) or "none"))
        return 0
    name, rest = argv[0], argv[1:]
    if name not in names:
        print(f"python -m bench: unknown benchmark {name!r}; known: {', '.join(names) or 'none'}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"bench.bench_{name}")
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
