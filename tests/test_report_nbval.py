"""nbval: the monthly report of a fixed fixture store must show exactly what the stored reference shows.

``tests/notebooks/monthly_report.ipynb`` is the template executed on the fixture account
``tests/data/report/village-library`` (canonical CSV in git) with the parameters of
``tests/notebooks/refresh.py``; refresh it with ``make nbval-refresh`` and review its diff. The test
ingests the same CSV with the same key into ``<tmp>/fixture-store`` beside a copy of the reference, and
runs ``pytest --nbval`` on it: every cell's ``text/plain`` twin and ``text/html`` are compared after the
replacements of ``tests/notebooks/sanitize.cfg`` (embedded PNG data becomes ``<PNG>``, so chart pixels are
not compared, but each chart's alt text, which lists its values, is). A copy with one figure changed
must fail, so the comparison is known to bite.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest

from .conftest import ROOT, TEST_KEY
from .pytest_inprocess import run_pytest

pytestmark = pytest.mark.slow

HERE = ROOT / "tests" / "notebooks"
sys.path.insert(0, str(HERE))
import refresh  # noqa: E402

REFERENCE = HERE / "monthly_report.ipynb"


def test_reference_is_the_executed_template_with_outputs():
    nb = nbformat.read(REFERENCE, as_version=4)
    template = nbformat.read(refresh.TEMPLATE, as_version=4)
    ref_sources = [c.source for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    assert ref_sources == [c.source for c in template.cells], "the template changed: run make nbval-refresh"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and f'store = "{refresh.STORE_DIR}"' in injected[0].source
    shown = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("sections.")]
    assert len(shown) == 7
    for cell in shown:
        assert cell.execution_count and [o for o in cell.outputs if "text/plain" in o.get("data", {})], cell.source
    assert "data:image/png;base64,<PNG>" in str(nb)  # stored sanitized: no PNG bytes in git


def test_reference_matches_a_fresh_run(tmp_path, monkeypatch):
    monkeypatch.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
    refresh.build_fixture_store(tmp_path)
    shutil.copy(REFERENCE, tmp_path / "monthly_report.ipynb")
    # The same notebook with one shown figure changed: nbval must catch it.
    tampered = nbformat.read(REFERENCE, as_version=4)
    cell = next(c for c in tampered.cells if c.source == "sections.headline(report)")
    out = next(o for o in cell.outputs if "text/plain" in o.get("data", {}))
    before = out["data"]["text/plain"]
    out["data"]["text/plain"] = re.sub(r"Followers: (\d+)", lambda m: f"Followers: {int(m.group(1)) + 1}", before, count=1)
    assert out["data"]["text/plain"] != before
    nbformat.write(tampered, tmp_path / "tampered_report.ipynb")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    junit = tmp_path / "nbval.xml"
    run = run_pytest(
        ["-q", "-p", "no:cacheprovider", "-p", "libcommunity.report.notebook_format",
         "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(HERE / "sanitize.cfg"),
         f"--junitxml={junit}", "monthly_report.ipynb", "tampered_report.ipynb"],
        cwd=tmp_path,
    )
    cases = ET.parse(junit).getroot().iter("testcase")
    failed = {}
    for case in cases:
        failed.setdefault(case.get("classname", "").split(".")[0] or case.get("file", ""), []).extend(
            case.get("name") for child in case if child.tag in ("failure", "error"))
    report = run.report
    assert run.exit_code == 1, report
    assert not [n for k, names in failed.items() if k.startswith("monthly_report") for n in names], report
    assert sum(len(names) for k, names in failed.items() if k.startswith("tampered_report")) == 1, report
