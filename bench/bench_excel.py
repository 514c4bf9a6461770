"""Workbook readers: python-calamine (what the loaders use) against openpyxl's read-only mode, in one run.

``python -m bench excel [--rows N ...] [--repeat R] [--workdir DIR]``

For each size, writes a LinkedIn-shaped ``All posts`` workbook (a title row,
the 20-column header, ``N`` posts) with openpyxl, then times, in the same
run, reading every cell of the sheet with
``python_calamine.CalamineWorkbook(...).get_sheet_by_name(...).to_python()``
and with ``openpyxl.load_workbook(read_only=True, data_only=True)`` +
``iter_rows(values_only=True)``, checks both read the same cells, and prints
the median of ``R`` repeats and the ratio openpyxl / calamine. Then times the
whole loader (:func:`libcommunity.loaders.load_file`) on the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
    "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)", "Off-site views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type",
]


def write_workbook(path: Path, rows: int, seed: int = 0) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("All posts")
    ws.append(["All posts, 01/01/2026 - 03/31/2026"])
    ws.append(HEADER)
    start = dt.date(2026, 1, 1)
    for i in range(rows):
        day = start + dt.timedelta(days=i % 90)
        ws.append([f"Post {i} about the library", f"https://www.linkedin.com/feed/update/urn:li:activity:{7300000000000000000 + i}",
                   "Organic", "", "Ana", day.strftime("%m/%d/%Y"), "", "", "All followers", rng.randint(0, 9999),
                   rng.randint(0, 999), 0, rng.randint(0, 99), round(rng.random() / 10, 4), rng.randint(0, 99),
                   rng.randint(0, 9), rng.randint(0, 9), 0, round(rng.random() / 10, 4), "Image"])
    wb.save(path)


def read_calamine(path: Path) -> list:
    import python_calamine

    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("All posts").to_python()


def read_openpyxl(path: Path) -> list:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(r) for r in wb["All posts"].iter_rows(values_only=True)]
    finally:
        wb.close()


def _median_seconds(fn, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _same_cells(a: list, b: list) -> bool:
    def norm(row):
        cells = ["" if v is None else (float(v) if isinstance(v, (int, float)) else str(v)) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        return cells

    return len(a) == len(b) and all(norm(ra) == norm(rb) for ra, rb in zip(a, b))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench excel", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    from libcommunity.loaders import LoadContext, load_file

    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        print(f"{'rows':>8} {'calamine s':>11} {'openpyxl s':>11} {'ratio':>6} {'load_file s':>12}")
        for n in args.rows:
            path = Path(tmp) / f"posts_{n}.xlsx"
            write_workbook(path, n)
            a, b = read_calamine(path), read_openpyxl(path)
            if not _same_cells(a, b):
                print(f"{n}: the two readers disagree")
                return 1
            cal = _median_seconds(read_calamine, path, args.repeat)
            opx = _median_seconds(read_openpyxl, path, args.repeat)
            loader = _median_seconds(lambda p: load_file(p, LoadContext("bench", "Europe/Madrid")), path, 1)
            print(f"{n:>8} {cal:>11.4f} {opx:>11.4f} {opx / cal:>6.1f} {loader:>12.3f}")
    return 0
