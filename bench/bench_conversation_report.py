"""What judging texts costs a monthly report: a demo report's computation before and after needs-reply figures.

``python -m bench conversation_report [--base REF] [--store DIR] [--month YYYY-MM] [--repeat N]``

1. exports ``--base`` (default ``main``) with ``git archive`` (:func:`bench.compare_versions.export`);
2. builds the demo store once with this working tree (``libcommunity demo``, fixed key), unless ``--store``;
3. for every demo account, times ``build_report`` of ``--month`` (everything a report computes and lays out,
   without papermill: ``bench/probe.py time``) with each version in its own process, base then head, each
   ``--repeat`` times after its imports; the best run of each is reported with the ratio head / base;
4. with this tree only, counts what a report asks of the classifier: the distinct texts of the conversation
   items of its thirteen months (``scope.stats["texts_classified"]`` after ``core_figures_of`` of the
   report's months), and times ``classify`` of exactly those texts in a fresh call (best of ``--repeat``).

Results are printed and written to ``bench/results/conversation_report.json``; the figures of
``docs/performance.md`` ("Conversation figures in a report") come from it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.compare_versions import KEY, PROBE, ROOT, _env, export

RESULTS = Path(__file__).parent / "results" / "conversation_report.json"


def build_demo(store: Path) -> None:
    """The demo store, built by this tree's ``libcommunity demo`` with the fixed key."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), LIBCOMMUNITY_KEY=KEY)
    subprocess.run([sys.executable, "-m", "libcommunity", "demo", "--store", str(store), "--sample",
                    str(store.parent / "sample"), "-q"], env=env, check=True, cwd=str(ROOT))


def classifier_load(store: Path, account: str, month: str, repeat: int) -> dict:
    """Distinct item texts of a report's thirteen months, and what classifying them takes (this tree)."""
    os.environ["LIBCOMMUNITY_KEY"] = KEY
    from libcommunity.conversation import classify
    from libcommunity.metrics import Scope
    from libcommunity.metrics.core import core_figures_of
    from libcommunity.metrics.judged import conversation_lang
    from libcommunity.months import parse_month
    from libcommunity.store import Store

    m = parse_month(month)
    with Scope(Store(store), account) as scope:
        t0 = time.perf_counter()
        core_figures_of(scope, [m.shift(-i) for i in range(13)])
        figures = time.perf_counter() - t0
        lang = conversation_lang(scope)
        texts = list(scope.stored(("text_kinds", lang), {}))
        items = scope.one("SELECT count(*) FROM lc_conv WHERE item")[0]
        classified = scope.stats["texts_classified"]
    best = min(_timed(lambda: classify(texts, lang)) for _ in range(repeat))
    return {"lang": lang, "items_13_months": int(items), "texts_classified": int(classified),
            "classify_seconds": round(best, 4), "core_figures_13_months_seconds": round(figures, 3)}


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run(base_ref: str, store: Path | None, month: str, repeat: int, log=print) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-conv-report-") as tmp:
        tmp = Path(tmp)
        base = export(base_ref, tmp / "base")
        if store is None:
            store = tmp / "demo" / "store"
            t0 = time.perf_counter()
            build_demo(store)
            log(f"demo store built in {time.perf_counter() - t0:.1f} s")
        from libcommunity.store import Store

        accounts = Store(store).accounts()
        out = {"base": base_ref, "month": month, "repeat": repeat, "load_average": os.getloadavg(), "accounts": {}}
        for account in accounts:
            row = {}
            for name, code in (("base", base), ("head", ROOT)):
                doc = _probe_time(code, store, account, month, repeat, tmp / f"{name}.json")
                row[name] = min(doc["runs"])
            row["ratio"] = round(row["head"] / row["base"], 3)
            row.update(classifier_load(store, account, month, repeat))
            out["accounts"][account] = row
            log(f"{account}: build_report base {row['base']:.2f} s, head {row['head']:.2f} s (x{row['ratio']}); "
                f"{row['texts_classified']} distinct texts of {row['items_13_months']} items in 13 months, "
                f"classify {row['classify_seconds'] * 1000:.0f} ms")
        out["load_average_after"] = os.getloadavg()
    return out


def _probe_time(code: Path, store: Path, account: str, month: str, repeat: int, out: Path) -> dict:
    subprocess.run([sys.executable, str(PROBE), "time", "--store", str(store), "--account", account, "--month", month,
                    "--repeat", str(repeat), "--out", str(out)], env=_env(code), check=True, cwd=str(code))
    return json.loads(out.read_text("utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench conversation_report", description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref of the version to compare with (default: %(default)s)")
    parser.add_argument("--store", type=Path, help="an existing demo store built with the key of bench.compare_versions")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    doc = run(args.base, args.store, args.month, args.repeat)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
