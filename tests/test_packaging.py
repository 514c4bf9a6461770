"""The package's declarations agree with each other and with the layout the product card fixes."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# pip name -> conda-forge name, where they differ
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower()


def _bound(spec: str) -> str:
    m = re.search(r">=\s*([\w.]+)", spec)
    return m.group(1) if m else ""


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _conda_specs():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for spec in dep.get("pip", []):
                specs[_name(spec)] = _bound(spec)
        else:
            specs[_name(dep)] = _bound(dep)
    specs.pop("python", None)
    specs.pop("pip", None)
    return specs, env


def test_environment_yml_has_the_same_dependencies_and_bounds_as_pyproject():
    project = _pyproject()["project"]
    pip_specs = project["dependencies"] + project["optional-dependencies"]["test"]
    expected = {CONDA_NAMES.get(_name(s), _name(s)): _bound(s) for s in pip_specs}
    conda, env = _conda_specs()
    assert conda == expected
    assert env["channels"] == ["conda-forge"]


def test_product_card_dependencies_are_declared():
    names = {_name(s) for s in _pyproject()["project"]["dependencies"]}
    for required in ["jupyterlab", "pandas", "matplotlib", "seaborn", "scikit-learn", "papermill", "nbval",
                     "nbconvert", "duckdb", "pyarrow", "pandera", "dask", "distributed", "babel"]:
        assert required in names, required


def test_console_command_and_python_version():
    project = _pyproject()["project"]
    assert project["scripts"]["libcommunity"] == "libcommunity.cli:run"  # main(argv) -> status, then the fast exit
    assert project["requires-python"] == ">=3.11"


def test_top_level_layout():
    for name in ["notebooks", "libcommunity", "data", "reports", "tests", "environment.yml", "README.md",
                 "pyproject.toml", "Makefile", ".ci/run"]:
        assert (ROOT / name).exists(), name


def test_every_constraint_pin_is_exact():
    lines = [ln for ln in (ROOT / "constraints.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert lines and all("==" in ln for ln in lines)
    pinned = {_name(ln) for ln in lines}
    for spec in _pyproject()["project"]["dependencies"]:
        assert _name(spec).replace(".", "-") in {p.replace(".", "-").replace("_", "-") for p in pinned}, spec


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci
    assert "make test" in readme and "make report" in readme
