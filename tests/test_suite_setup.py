"""The test session's own machinery: BLAS and OpenMP on one thread in every process of the suite (tests/conftest.py),
and pytest sessions run inside a test's process (tests/pytest_inprocess.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: The thread pools a process has loaded (NumPy's and SciPy's OpenBLAS, scikit-learn's OpenMP), as JSON.
PROBE = (
    "import json, numpy, scipy.linalg, sklearn.cluster\n"
    "from threadpoolctl import threadpool_info\n"
    "print(json.dumps([[p['user_api'], p['num_threads']] for p in threadpool_info()]))"
)


def _pools() -> list[tuple[str, int]]:
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401
    import sklearn.cluster  # noqa: F401
    from threadpoolctl import threadpool_info

    return [(p["user_api"], p["num_threads"]) for p in threadpool_info()]


def test_blas_and_openmp_have_one_thread_in_the_test_process_and_in_the_processes_it_starts():
    here = _pools()
    child = [tuple(p) for p in json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                                         check=True).stdout)]
    for pools in (here, child):
        assert {api for api, _ in pools} >= {"blas", "openmp"}, pools  # the libraries are there to be limited
        assert {n for _, n in pools} == {1}, pools


def test_an_inner_session_reports_what_passed_and_what_failed_and_restores_the_folder(tmp_path):
    from .pytest_inprocess import run_pytest

    (tmp_path / "test_inner.py").write_text(
        "def test_yes():\n    pass\n\n\ndef test_no():\n    assert 1 == 2, 'bites'\n", "utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    here, path = Path.cwd(), list(sys.path)
    run = run_pytest(["-q", "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
                      "test_inner.py"], cwd=tmp_path)
    assert run.exit_code == 1
    assert run.passed == ["test_inner.py::test_yes"] and run.failed == ["test_inner.py::test_no"]
    assert "bites" in run.report
    assert Path.cwd() == here and sys.path == path
