"""bench/bench_report_floor.py: every code version is byte-compiled before the timed runs, whatever the environment says."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from bench.bench_report_floor import compile_code


def test_the_code_is_compiled_even_where_the_environment_forbids_writing_bytecode(tmp_path, monkeypatch):
    package = tmp_path / "libcommunity"
    (package / "report").mkdir(parents=True)
    sources = [package / "__init__.py", package / "report" / "__init__.py", package / "report" / "charts.py"]
    for source in sources:
        source.write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compile_code(tmp_path)
    assert all(os.path.exists(importlib.util.cache_from_source(str(s))) for s in sources)
    # a process with the setting imports the compiled modules without compiling (and writing) anything
    before = sorted(p.name for p in (package / "report" / "__pycache__").iterdir())
    env = dict(os.environ, PYTHONPATH=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    out = subprocess.run([sys.executable, "-c", "import libcommunity.report.charts as c; print(c.__cached__)"],
                         env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == importlib.util.cache_from_source(str(sources[2]))
    assert sorted(p.name for p in (package / "report" / "__pycache__").iterdir()) == before
