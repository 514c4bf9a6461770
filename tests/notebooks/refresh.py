"""Refresh the nbval reference of the monthly report: ``make nbval-refresh`` (or ``python tests/notebooks/refresh.py``).

What it does, so that ``tests/test_report_nbval.py`` can check the report against it:

1. ingests the fixture account ``tests/data/report/village-library/`` (canonical CSV) into
   ``<tmp>/fixture-store`` with the fixed test key (:data:`KEY`), exactly as the test does;
2. runs ``notebooks/reports/monthly_report.ipynb`` with papermill in ``<tmp>`` with the parameters of
   :data:`PARAMETERS` (``store`` is the relative path ``fixture-store``: nbval runs the notebook in the
   folder it is copied to, where the test builds the same store);
3. writes the executed notebook to ``tests/notebooks/monthly_report.ipynb`` after applying the
   replacements of ``tests/notebooks/sanitize.cfg`` to its outputs (embedded PNG data becomes
   ``<PNG>``) and dropping run metadata.

Review the diff of the reference before committing it: every figure the report shows is in it, as
the plain-text twin (``text/plain``) and the HTML (``text/html``) of each section.

``--fixture`` first regenerates the fixture CSV from the demo generator (:data:`SPEC`, seed
:data:`SEED`); only needed when the fixture itself should change.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURE = ROOT / "tests" / "data" / "report" / "village-library"
TEMPLATE = ROOT / "notebooks" / "reports" / "monthly_report.ipynb"
REFERENCE = HERE / "monthly_report.ipynb"
SANITIZE = HERE / "sanitize.cfg"
KEY = "libcommunity-test-key"
ACCOUNT = "village-library"
STORE_DIR = "fixture-store"
PARAMETERS = {"account": ACCOUNT, "month": "2026-10", "store": STORE_DIR, "lang": "en", "reveal": False, "min_group": 5}
SEED = 7


def spec():
    """The fixture account: a small, lively English village library on Bluesky, 13 months."""
    from libcommunity.demo import AccountSpec

    return AccountSpec(
        ACCOUNT, "bluesky", "Europe/London", "en", 80, shape="lively", start="2025-10", end="2026-10",
        hashtag="#VillageReads", fair_month=10, fair_tag="#VillageBookFair", posts_per_day=0.8,
    )


def write_fixture() -> None:
    """Regenerate the fixture's canonical CSV from the demo generator."""
    from libcommunity.demo import simulate_account, write_csv

    demo = simulate_account(spec(), SEED)
    for table in ("posts", "interactions", "members", "audience"):
        write_csv(getattr(demo, table), FIXTURE / f"{table}.csv", table)


def build_fixture_store(folder: Path):
    """Ingest the fixture into ``folder / fixture-store`` (the key must be :data:`KEY`)."""
    from libcommunity.ingest import ingest_paths
    from libcommunity.store import Store

    if os.environ.get("LIBCOMMUNITY_KEY") != KEY:
        raise SystemExit(f"LIBCOMMUNITY_KEY must be {KEY!r} so that pseudonyms match the reference")
    store = Store(Path(folder) / STORE_DIR)
    ingest_paths([FIXTURE], account=ACCOUNT, store=store, platform="bluesky", timezone="Europe/London", lang="en")
    return store


def sanitize_patterns() -> list[tuple[str, str]]:
    """The ``regex:``/``replace:`` pairs of sanitize.cfg (the same parser as nbval's)."""
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", SANITIZE.read_text("utf-8"), flags=re.MULTILINE)


def _sanitize(value, patterns):
    if isinstance(value, list):
        value = "".join(value)
    for regex, replace in patterns:
        value = re.sub(regex, replace, value)
    return value


def refresh() -> Path:
    """Execute the template on the fixture store and write the sanitized reference notebook."""
    import nbformat
    import papermill as pm

    patterns = sanitize_patterns()
    with tempfile.TemporaryDirectory(prefix="lc-nbval-") as tmp:
        build_fixture_store(Path(tmp))
        out = Path(tmp) / "executed.ipynb"
        from libcommunity.report.execute import kernel_settings

        sockets = Path(tmp) / "k"  # the quiet kernel of report runs: IPC sockets, no warning on the terminal
        sockets.mkdir()
        pm.execute_notebook(str(TEMPLATE), str(out), parameters=PARAMETERS, cwd=tmp, progress_bar=False,
                            kernel_name="python3", **kernel_settings(sockets))
        nb = nbformat.read(out, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        outputs = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                continue
            for key, value in list(o.get("data", {}).items()):
                if key.startswith("text/"):
                    o["data"][key] = _sanitize(value, patterns)
            outputs.append(o)
        cell.outputs = outputs
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, REFERENCE)
    return REFERENCE


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", action="store_true", help="regenerate the fixture CSV from the demo generator first")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIBCOMMUNITY_KEY", KEY)
    if args.fixture:
        shutil.rmtree(FIXTURE, ignore_errors=True)
        write_fixture()
        print(f"fixture written to {FIXTURE.relative_to(ROOT)}")
    print(f"reference written to {refresh().relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
