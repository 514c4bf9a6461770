"""Helpers of the report tests: a small simulated store and throwaway report templates.

The templates are tiny notebooks with the monthly report's parameters cell,
so batch, execution and index tests are fast and do not depend on the real
monthly report (``notebooks/reports/monthly_report.ipynb``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from libcommunity.demo import AccountSpec, build_store
from libcommunity.store import Store

MONTH = "2026-10"
#: Three small libraries in three timezones and languages, 14 months (enough for a 13-month trend).
SMALL_ACCOUNTS = (
    AccountSpec("ash-lib", "bluesky", "Europe/London", "en", 60, shape="quiet", start="2025-09", end=MONTH),
    AccountSpec("bex-lib", "mastodon", "Europe/Stockholm", "sv", 90, shape="lively", start="2025-09", end=MONTH),
    AccountSpec("cam-lib", "instagram", "America/Mexico_City", "es", 120, shape="typical", start="2025-09", end=MONTH),
)
NAMES = tuple(spec.account for spec in SMALL_ACCOUNTS)

MONTHLY_PARAMETERS = (
    'account: str = "lib"  # account slug\n'
    'month: str = "2026-10"  # report month\n'
    'store: str = "data/store"  # store directory\n'
    'lang: str = "en"  # report language\n'
    "reveal: bool = False  # show handles\n"
    "min_group: int = 5  # smallest group shown"
)

#: A report cell that reads the store in the kernel and shows one figure of the account.
FIGURE_CELL = (
    "from libcommunity.metrics import core_summary\n"
    "from libcommunity.report.html import note\n"
    "from libcommunity.store import Store\n"
    "summary = core_summary(Store(store), account, month)\n"
    "note(f\"{account} {month} {lang}: engaged members {summary['engaged_members']}, followers {summary['followers_end']}\")"
)
#: A chart, so that PNG bytes are part of the comparison.
CHART_CELL = (
    "from libcommunity.report.charts import figure_html, new_figure\n"
    "fig, ax = new_figure(3, 2)\n"
    "ax.bar(['engaged', 'followers'], [summary['engaged_members'], summary['followers_end'] or 0])\n"
    "figure_html(fig, alt=f'Engaged members and followers of {account}')"
)


#: Stores already simulated and ingested in this process, by (accounts, seed, key): each caller gets a copy.
_BUILT: dict[str, Path] = {}


def build_small_store(root: Path, *, accounts=SMALL_ACCOUNTS, seed: int = 3, key: str | None = None) -> Store:
    """Simulate ``accounts`` and ingest them into a new store under ``root`` (``root / "store"``, ``root / "sample"``).

    With ``key``, ``LIBCOMMUNITY_KEY`` is set to it while the store is built
    (for module-scoped fixtures, which the autouse key fixture does not reach).
    The simulation and ingest (about a second) run once per process for the same accounts, seed and key; every
    call after the first copies that store's files, so each caller owns its store and may change it.
    """
    if key is not None:
        import pytest

        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LIBCOMMUNITY_KEY", key)
            return build_small_store(root, accounts=accounts, seed=seed)
    root = Path(root)
    cache_key = repr((accounts, seed, os.environ.get("LIBCOMMUNITY_KEY")))
    if cache_key not in _BUILT:
        built = Path(tempfile.mkdtemp(prefix="libcommunity-small-store-"))
        atexit.register(shutil.rmtree, built, ignore_errors=True)
        build_store(built / "store", accounts=accounts, seed=seed, sample=built / "sample")
        _BUILT[cache_key] = built
    for part in ("store", "sample"):
        shutil.copytree(_BUILT[cache_key] / part, root / part, symlinks=True)
    return Store(root / "store")


def write_notebook(path: Path, cells, *, parameters: str = MONTHLY_PARAMETERS) -> Path:
    """A template: an optional markdown title, the ``parameters`` cell, then ``cells`` (code strings)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    params = new_code_cell(parameters, metadata={"tags": ["parameters"]})
    nb = new_notebook(cells=[params] + [new_code_cell(c) if isinstance(c, str) else c for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, path)
    return path


def monthly_template(folder: Path, *, chart: bool = False, fail_for: str | None = None, marker: str = "") -> Path:
    """``folder/monthly_report.ipynb``: shows one figure of the account (and a chart); can fail for one account."""
    cells = [FIGURE_CELL]
    if chart:
        cells.append(CHART_CELL)
    if fail_for:
        cells.append(f"if account == {fail_for!r}:\n    raise RuntimeError('boom for ' + account)")
    if marker:
        cells.append(f"print({marker!r})")
    return write_notebook(Path(folder) / "monthly_report.ipynb", cells)


def markdown(text: str, tags=()) -> nbformat.NotebookNode:
    """A markdown cell (for templates that need one)."""
    return new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def tree_bytes(folder: Path, pattern: str = "**/*.html") -> dict:
    """``{relative path: bytes}`` of the files under ``folder`` matching ``pattern``."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.glob(pattern)) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Hidden temporary files or folders that a run left behind."""
    return [str(p) for p in Path(folder).rglob(".*")]


NETWORK_PARAMETERS = (
    'month: str = "2026-10"  # report month\n'
    'store: str = "data/store"  # store directory\n'
    'lang: str = "en"  # report language\n'
    'accounts: str = ""  # comma-separated account slugs'
)


def network_template(folder: Path, *, marker: str = "") -> Path:
    """``folder/network_overview.ipynb``: a one-line stand-in for the network overview."""
    cell = "from libcommunity.report.html import note\nnote(f'network of {accounts} in {month} ({lang})" + marker + "')"
    return write_notebook(Path(folder) / "network_overview.ipynb", [cell], parameters=NETWORK_PARAMETERS)
