"""The package's modules import each other in one direction: the import graph has no cycle.

Every ``import`` statement of every module counts, also those inside functions (a
function-level import hides a loop, it does not remove it). Importing
``libcommunity.a.b`` also runs the ``__init__`` of the packages above it, so the
edge goes to them too, except to packages that contain the importing module (a
package importing its own submodules while it initialises is not a loop).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "libcommunity"
#: The one loop left, through a function-level import: ``Store.snapshot()`` makes a ``StoreSnapshot``, a read-only
#: ``Store`` (a subclass its base class hands out). Nothing may be added here: a new loop fails the test.
KNOWN = [
    ["libcommunity.store.core", "libcommunity.store.snapshot"],
]


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """``{module: {modules it imports}}`` within ``package`` (see the module docstring)."""
    files = {module_name(p, package): p for p in package.rglob("*.py")}
    root = package.name
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here[: len(here) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                submodules = {f"{base}.{a.name}" for a in node.names} & set(files)  # `from pkg import submodule`
                targets |= submodules
                if len(submodules) < len(node.names):  # names defined by the module (or package) itself
                    targets.add(base)
        edges = set()
        for target in targets:
            if target.split(".")[0] != root:
                continue
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                candidate = ".".join(parts[:i])
                if candidate not in files or candidate == name:
                    continue
                if name.startswith(candidate + ".") and (i < len(parts) or target not in files or candidate != target):
                    continue  # a package above the importer: already initialising
                edges.add(candidate)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_itself_back():
    assert [c for c in cycles(import_graph(PACKAGE)) if c not in KNOWN] == []


def test_the_graph_sees_function_level_imports_and_package_inits(tmp_path):
    pkg = tmp_path / "libcommunity"
    (pkg / "metrics").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "metrics" / "__init__.py").write_text("from .summary import x\n")
    (pkg / "metrics" / "summary.py").write_text("from ..retention import y\nx = 1\n")
    (pkg / "metrics" / "window.py").write_text("")
    (pkg / "retention.py").write_text("def prune():\n    from .metrics.window import w\n")
    graph = import_graph(pkg)
    assert graph["libcommunity.retention"] == {"libcommunity.metrics", "libcommunity.metrics.window"}
    assert graph["libcommunity.metrics"] == {"libcommunity.metrics.summary"}
    assert cycles(graph) == [["libcommunity.metrics", "libcommunity.metrics.summary", "libcommunity.retention"]]


def test_the_report_path_imports_no_fitting_or_validation_library():
    # A report's kernel imports the report, metrics and segments packages; scikit-learn's clustering, SciPy's
    # optimiser and pandera are imported by a fit or a validation only (the kernel of a report that segments
    # nobody never pays for them). Checked in a fresh interpreter.
    import subprocess
    import sys

    code = ("import sys; import libcommunity.report.build, libcommunity.report.sections, libcommunity.segments, "
            "libcommunity.metrics, libcommunity.schemas; "
            "print(sorted(m for m in ('sklearn', 'scipy', 'pandera') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(ROOT))
    assert out.stdout.strip() == "[]"
    from libcommunity import schemas

    assert set(schemas.SCHEMAS) == set(schemas.TABLES) and schemas.SCHEMAS["posts"] is schemas.POSTS


def test_a_report_of_too_few_participants_to_cluster_imports_neither_scikit_learn_nor_scipy(tiny_store):
    # ``tiny`` has fewer participants than the segmenter clusters (2 * min_cluster_size): every member is named
    # alone, which needs no model, so building its report (segments of two months, p_active, event effects, ...)
    # must not import scikit-learn or SciPy (about 1 s on a quiet machine). Checked in a fresh interpreter.
    import subprocess
    import sys

    from libcommunity.segments import ACTIVITY_COLUMNS, member_features
    from libcommunity.segments.naming import too_few_to_cluster
    from tests.report_fixtures import ACCOUNT, MONTH

    assert too_few_to_cluster(member_features(tiny_store, ACCOUNT, MONTH)[list(ACTIVITY_COLUMNS)])
    code = ("import sys; from libcommunity.store import Store; from libcommunity.report.build import build_report; "
            f"data = build_report(Store({str(tiny_store.root)!r}), {ACCOUNT!r}, {MONTH!r}); "
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(ROOT))
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr[-2000:]
