"""A pytest session run inside the test's own process: the nbval runs of the report notebooks.

A ``python -m pytest`` subprocess would start Python again and import pytest, its plugins, nbformat and Jupyter's
client (about two seconds of CPU) only to start a kernel and compare outputs; :func:`run_pytest` runs the same
command line with :func:`pytest.main` in this process instead. The notebooks' kernels are processes of their own
either way.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest


@dataclass
class InnerRun:
    """What a :func:`run_pytest` session did.

    Attributes
    ----------
    exit_code : int
        :func:`pytest.main`'s exit status (0 all passed, 1 some failed, as for ``python -m pytest``).
    passed, failed : list of str
        Node ids of the tests that passed and of those that failed or errored (in any phase).
    report : str
        The failures' node ids and tracebacks, for assertion messages.
    """

    exit_code: int
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    report: str = ""


class _Outcomes:
    """A plugin of the inner session that keeps every test report."""

    def __init__(self):
        self.reports = []

    def pytest_runtest_logreport(self, report):
        self.reports.append(report)


def run_pytest(args: list[str], cwd: Path) -> InnerRun:
    """Run ``python -m pytest <args>`` in this process, in the working folder ``cwd``.

    Parameters
    ----------
    args : list of str
        The command line after ``python -m pytest``.
    cwd : Path
        The working folder of the session (restored afterwards, as is ``sys.path``).

    Returns
    -------
    InnerRun
    """
    outcomes = _Outcomes()
    here, path = os.getcwd(), list(sys.path)
    os.chdir(cwd)
    try:
        code = int(pytest.main([str(a) for a in args], plugins=[outcomes]))
    finally:
        os.chdir(here)
        sys.path[:] = path
    reports = outcomes.reports
    failed = [r for r in reports if r.failed]
    return InnerRun(
        exit_code=code,
        passed=[r.nodeid for r in reports if r.when == "call" and r.passed],
        failed=[r.nodeid for r in failed],
        report="\n".join(f"{r.nodeid} ({r.when}):\n{r.longreprtext}" for r in failed)[-6000:],
    )
