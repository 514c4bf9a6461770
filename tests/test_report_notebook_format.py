"""nbformat is imported without jsonschema's IRI grammar, and still validates notebooks."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from libcommunity.report import notebook_format

from .conftest import ROOT

FRESH = """
import sys
from libcommunity.report.execute import nbformat
assert "rfc3987_syntax" not in sys.modules, "the IRI grammar was built"
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
bad = nbformat.v4.new_notebook()
bad["cells"] = [{"cell_type": "code"}]
try:
    nbformat.validate(bad)
except nbformat.ValidationError:
    pass
else:
    raise AssertionError("an invalid notebook passed")
import rfc3987_syntax  # noqa: F401 - still importable afterwards
"""


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed")
def test_a_fresh_process_imports_nbformat_without_the_iri_grammar_and_validates():
    proc = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_where_jsonschema_is_already_imported_nothing_is_hidden(monkeypatch):
    import jsonschema  # noqa: F401 - imported by pytest's nbval plugin already; made sure here

    before = sys.modules.get("rfc3987_syntax", "absent")
    assert notebook_format._import_nbformat() is sys.modules["nbformat"]
    assert sys.modules.get("rfc3987_syntax", "absent") == before
