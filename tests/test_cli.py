"""The command line itself: help without the data stack, ``-q``, a failing report's error shown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from libcommunity.cli import main
from libcommunity.commands import available_commands

from .conftest import ROOT, TEST_KEY
from .report_helpers import MONTH, build_small_store, monthly_template

#: Modules that take seconds to import; printing help must not need them.
HEAVY = ("pandas", "duckdb", "pandera", "pyarrow", "numpy", "matplotlib", "sklearn", "papermill", "babel")


def _python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_importing_the_command_line_and_building_its_parser_loads_no_data_stack():
    proc = _python(
        "import sys\n"
        "import libcommunity, libcommunity.cli as cli\n"
        "cli.build_parser()\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_subcommand_prints_its_help_without_the_data_stack():
    commands = available_commands()
    proc = _python(
        "import contextlib, io, sys\n"
        "from libcommunity.cli import main\n"
        f"for argv in [['--help']] + [[c, '--help'] for c in {commands!r}]:\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit as exc:\n"
        "            assert exc.code == 0, (argv, exc.code)\n"
        "    assert out.getvalue().startswith('usage: libcommunity'), argv\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_package_still_offers_store_on_first_use():
    import libcommunity
    from libcommunity.store import Store

    assert libcommunity.Store is Store
    with pytest.raises(AttributeError):
        libcommunity.nothing_of_the_kind  # noqa: B018


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("cli"), key=TEST_KEY)


def test_quiet_ingest_prints_only_its_final_line(tmp_path, capfd):
    csv = tmp_path / "posts.csv"
    csv.write_text("post_id,published_at,kind\np1,2025-10-01T10:00:00+02:00,photo\np2,2025-10-02T10:00:00+02:00,text\n")
    args = ["ingest", str(csv), "--account", "lib", "--platform", "x", "--store"]
    assert main([*args, str(tmp_path / "one")]) == 0
    loud = capfd.readouterr().err.strip().splitlines()
    assert main([*args, str(tmp_path / "two"), "-q"]) == 0
    quiet = capfd.readouterr().err.strip().splitlines()
    assert len(loud) > 1 and quiet == loud[-1:]


def test_a_failing_report_shows_its_error_and_the_final_line_with_q(tmp_path, small, monkeypatch, capfd):
    monthly_template(tmp_path / "tpl", fail_for="bex-lib")
    monkeypatch.setenv("LIBCOMMUNITY_NOTEBOOKS", str(tmp_path / "tpl"))
    code = main(["report", "--month", MONTH, "--account", "ash-lib", "--account", "bex-lib", "--store", str(small.root),
                 "--out", str(tmp_path / "out"), "--no-network", "-q"])
    out, err = capfd.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and out == ""
    assert len(lines) == 2, err
    assert lines[0].startswith("FAILED bex-lib: bex-lib: the notebook failed in cell ") and "RuntimeError: boom for bex-lib" in lines[0]
    assert lines[1].startswith(f"1 of 2 reports written to {tmp_path / 'out' / MONTH} in ")


@pytest.mark.parametrize("end", [
    "sys.exit(cli.main(['accounts']))",  # a program calling main() itself
    "sys.argv = ['libcommunity', 'accounts']\ncli.run()",  # the libcommunity program
])
def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path, end):
    """`libcommunity link --suggest | head`: the pipe closes early; no "internal error", the SIGPIPE status."""
    script = tmp_path / "many_rows.py"
    script.write_text(
        "import sys\n"
        "import libcommunity.commands.accounts as accounts\n"
        "from libcommunity import cli\n"
        "def run(args):\n"
        "    for i in range(200000):\n"
        "        print('row', i)\n"
        "    return 0\n"
        "accounts.run = run\n"
        f"{end}\n"
    )
    proc = subprocess.run(f"{sys.executable} {script} | head -1; echo \"status ${{PIPESTATUS[0]}}\"", shell=True,
                          capture_output=True, text=True, executable="/bin/bash",
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout == "row 0\nstatus 141\n"
    assert proc.stderr == "", proc.stderr


def _program(tmp_path, body: str) -> subprocess.CompletedProcess:
    """Run ``body`` (which replaces the ``accounts`` command's ``run``) through :func:`libcommunity.cli.run`,
    as the ``libcommunity`` program does, in a fresh interpreter; marker files tell what happened at its end."""
    script = tmp_path / "program.py"
    script.write_text(
        "import atexit, sys, threading, time\n"
        "from pathlib import Path\n"
        f"here = Path({str(tmp_path)!r})\n"
        "atexit.register(lambda: (here / 'atexit').write_text('ran'))\n"
        "class Teardown:\n"
        "    def __del__(self):\n"
        "        (here / 'teardown').write_text('ran')\n"
        "kept = Teardown()  # freed only when the interpreter tears its modules down\n"
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    (here / 'thread').write_text('ran')\n"
        "import libcommunity.commands.accounts as accounts\n"
        "from libcommunity import cli\n"
        f"{body}\n"
        "accounts.run = run\n"
        "sys.argv = ['libcommunity', 'accounts']\n"
        "cli.run()\n"
    )
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_the_program_ends_without_the_interpreter_teardown_but_with_its_output_threads_and_exit_handlers(tmp_path):
    proc = _program(tmp_path, (
        "def run(args):\n"
        "    threading.Thread(target=late).start()  # not a daemon: the program waits for it\n"
        "    for i in range(20000):\n"
        "        print('row', i)  # block-buffered into the pipe: flushed at the end\n"
        "    print('a warning', file=sys.stderr)\n"
        "    return 3\n"
    ))
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.splitlines() == [f"row {i}" for i in range(20000)]
    assert proc.stderr == "a warning\n"
    assert (tmp_path / "atexit").exists() and (tmp_path / "thread").exists()
    assert not (tmp_path / "teardown").exists()  # the interpreter's exit would have freed `kept`


def test_the_program_reports_bad_input_with_its_status(tmp_path):
    proc = _program(tmp_path, (
        "from libcommunity.errors import LibcommunityError\n"
        "def run(args):\n"
        "    raise LibcommunityError('data/x.csv, row 3, column when: expected a date')\n"
    ))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "libcommunity accounts: error: data/x.csv, row 3, column when: expected a date\n"
    assert (tmp_path / "atexit").exists()


def test_the_program_ends_as_usual_under_a_profiler(tmp_path):
    """``python -m cProfile -o FILE -m libcommunity ...`` writes its profile: the profiler sees the program end."""
    out = tmp_path / "accounts.prof"
    proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "libcommunity", "accounts", "--store",
                           str(tmp_path / "no-store")], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "no libcommunity store here" in proc.stderr  # a command that ends with its status (cProfile exits 0)
    assert out.exists(), "the profiler wrote nothing: the process ended before it could"
    import pstats

    assert any("cli.py" in filename for filename, _, _ in pstats.Stats(str(out)).stats)


def test_the_installed_program_and_python_m_use_run():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["libcommunity"] == "libcommunity.cli:run"
    assert "run()" in (ROOT / "libcommunity" / "__main__.py").read_text()
