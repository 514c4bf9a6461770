"""notebooks/reports/monthly_report.ipynb: a thin papermill template the batch can validate and run."""

from __future__ import annotations

import ast
import re

import nbformat
import papermill as pm

from libcommunity.report.params import validate_parameters

from .conftest import ROOT

TEMPLATE = ROOT / "notebooks" / "reports" / "monthly_report.ipynb"
BATCH_PARAMETERS = {"account", "month", "store", "lang", "reveal", "min_group", "snapshot", "figures_dir", "platform"}


def code_cells():
    return [c for c in nbformat.read(TEMPLATE, as_version=4).cells if c.cell_type == "code"]


def test_first_cell_holds_only_typed_literal_defaults_with_a_comment():
    cells = code_cells()
    assert [c for c in cells if "parameters" in c.metadata.get("tags", [])] == [cells[0]]
    names = []
    for line in cells[0].source.splitlines():
        m = re.match(r"^(\w+): (int|str|float|bool) = (.+?)  # \S", line)
        assert m, line
        value = ast.literal_eval(m.group(3))
        assert type(value).__name__ == m.group(2)
        names.append(m.group(1))
    assert set(names) == BATCH_PARAMETERS
    documented = pm.inspect_notebook(str(TEMPLATE))
    assert all(documented[n]["help"] for n in names)


def test_thin_no_function_class_or_lambda_and_stored_without_outputs():
    for cell in code_cells():
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not cell.get("outputs") and cell.get("execution_count") is None
    assert all(c.cell_type == "code" for c in nbformat.read(TEMPLATE, as_version=4).cells)  # no text shown beside the report


def test_one_cell_per_section_in_report_order():
    from libcommunity.report import sections

    calls = [c.source.strip() for c in code_cells()[2:]]
    assert calls == [f"sections.{f.__name__}(report)" for f in sections.ALL]


def test_the_batch_parameters_validate():
    params = {"account": "biblioteca-lavapies", "month": "2026-10", "store": "/abs/store", "lang": "sv", "reveal": True,
              "min_group": 3}
    assert validate_parameters(TEMPLATE, params) == params
