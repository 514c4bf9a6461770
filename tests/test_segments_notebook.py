"""The exploratory segmentation notebook: thin (no def/class), one typed parameters cell, and it runs."""

import ast
import re

import nbformat
import pytest

from .conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "exploratory" / "segmentation.ipynb"


def code_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return nb, [c for c in nb.cells if c.cell_type == "code"]


def test_thin_and_parameterised():
    nb, cells = code_cells()
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is cells[0]
    for line in tagged[0].source.splitlines():
        assert re.match(r"^\w+: (int|str|float|bool) = .+  # \S", line), line
        ast.literal_eval(line.split("=", 1)[1].split("  #")[0].strip())
    for cell in cells:
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))], cell.source
    assert all(not c.get("outputs") for c in cells)


@pytest.mark.slow
def test_it_runs(tmp_path, monkeypatch):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), parameters={"followers": 400, "n_boot": 1}, cwd=str(tmp_path), progress_bar=False
    )
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
