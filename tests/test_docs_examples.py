"""Every example in README.md and docs/ runs as written, on the demo store.

Conventions of the pages (checked here):

* a fenced block is ``bash`` (commands to type), ``python`` (code to run), ``csv NAME`` (a file the page's
  commands use, written into the working folder first), or ``text`` (output, trees, diagrams and command
  synopses with placeholders such as ``FILE`` or ``[--store DIR]``); a block without a language is refused;
* an example that cannot run here says so in its first line, visibly: ``# not run: <reason>`` (``make``
  targets that install, collectors that need the network and a token). Only those are skipped.

Each page runs in its own copy of a folder where ``libcommunity demo`` has been run (``data/store``,
``data/sample``), with ``libcommunity`` and ``python`` on the PATH running this checkout; its blocks run in
page order in that folder, so a page may ingest a file and then ask for its metrics. README.md, whose examples
begin with ``libcommunity demo``, runs in an empty folder, as on a fresh clone; the ``data`` folder that this
command leaves is copied as soon as it ends (before the page's next command), and the other pages start from
copies of it. The demo is built once per session that way; a session that does not run the README's examples
builds it with a ``python -m libcommunity demo`` process of its own.

Every ``libcommunity`` command and every Python block (and ``python -c``) is its own process, forked by
``tests/command_server.py`` from a server that has imported pandas, DuckDB, scikit-learn and libcommunity once, with
the shell's working folder, environment, umask and standard streams.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from libcommunity.cli import build_parser

from .command_server import CLIENT
from .conftest import ROOT, TEST_KEY

pytestmark = pytest.mark.slow

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
LANGUAGES = {"bash", "python", "csv", "text", "json"}
NOT_RUN = re.compile(r"^# not run: (\S.*)$")
#: A synopsis line holds a placeholder: an option in brackets or a word in capitals (FILE, DIR, YYYY-MM, A).
PLACEHOLDER = re.compile(r"\[|\b[A-Z][A-Z0-9_.|-]*\b")
TIMEOUT_S = 900


def blocks(page: Path) -> list[tuple[str, str, str]]:
    """``(language, file name or "", body)`` of every fenced block of ``page``, in order."""
    out = []
    for info, body in FENCE.findall(page.read_text("utf-8")):
        lang, _, name = info.strip().partition(" ")
        out.append((lang, name.strip(), body))
    return out


def _ids(pages):
    return [str(p.relative_to(ROOT)) for p in pages]


@pytest.mark.parametrize("page", PAGES, ids=_ids(PAGES))
def test_every_block_says_what_it_is(page):
    for lang, name, body in blocks(page):
        assert lang in LANGUAGES, f"{page.name}: a fenced block must be one of {sorted(LANGUAGES)}; got {lang!r}: {body[:60]!r}"
        assert (lang == "csv") == bool(name), f"{page.name}: only csv blocks (and all of them) name a file: {body[:60]!r}"
        if lang == "text":  # a command shown as text is a synopsis, never an example that escapes the test
            for line in body.splitlines():
                if re.match(r"\s*(libcommunity|python|make)\s", line):
                    assert PLACEHOLDER.search(line.split("#")[0]), f"{page.name}: {line!r} looks runnable: make it a bash block"
        first = body.splitlines()[0] if body.strip() else ""
        if first.startswith("# not run"):
            assert NOT_RUN.match(first), f"{page.name}: '# not run: <reason>' must give its reason: {first!r}"


@pytest.fixture(scope="session")
def readme_demo(tmp_path_factory) -> Path:
    """Where the README's examples leave a copy of the ``data`` folder as ``libcommunity demo`` wrote it.

    The folder exists only once the README's ``libcommunity demo`` (exactly that command, no option) has ended
    with status 0 in this session.
    """
    return tmp_path_factory.getbasetemp() / "readme-demo" / "data"


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory, readme_demo) -> Path:
    """A folder where ``libcommunity demo`` has run: the README's, or a ``python -m libcommunity demo`` of its own."""
    root = tmp_path_factory.mktemp("docs-demo")
    if readme_demo.is_dir():
        shutil.copytree(readme_demo, root / "data", symlinks=True)
    else:
        env = _env(root)
        subprocess.run([sys.executable, "-m", "libcommunity", "demo", "-q"], cwd=root, env=env, check=True,
                       timeout=TIMEOUT_S)
    return root


@pytest.fixture(scope="session")
def command_server(tmp_path_factory):
    """The socket of a :mod:`tests.command_server` serving this session (stopped at its end)."""
    folder = Path(tempfile.mkdtemp(prefix="lc-docs-"))  # a short path: a Unix socket's is at most 107 bytes
    socket_path = folder / "server.sock"
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-c", f"from tests.command_server import serve; serve({str(socket_path)!r})"],
        cwd=ROOT, env=_env(tmp_path_factory.mktemp("docs-server")), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=log, text=True,
    )
    try:
        assert server.stdout.readline() == "ready\n", (folder / "server.log").read_text()
        yield socket_path
    finally:
        server.stdin.close()
        server.wait(timeout=60)
        server.stdout.close()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _client(shims: Path, server: Path, mode: str) -> list[str]:
    """The command that runs ``python -m libcommunity`` (mode ``m``) or ``python -c`` (``c``) through ``server``."""
    client = shims / "command_client.py"
    if not client.exists():
        client.write_text(CLIENT)
    return [sys.executable, "-S", "-I", str(client), str(server), mode]


def _env(root: Path, server: Path | None = None, demo_copy: Path | None = None) -> dict:
    """The environment of a page's commands in ``root``; with ``demo_copy``, the ``data`` folder that a
    ``libcommunity demo`` without options leaves (status 0) is copied there as soon as the command ends."""
    shims = root.parent / "bin"
    shims.mkdir(exist_ok=True)
    run_m = f'exec "{sys.executable}" -m libcommunity "$@"'
    run_python = f'exec "{sys.executable}" "$@"'
    if server is not None:
        run_m = " ".join(f'"{a}"' for a in _client(shims, server, "m")) + ' "$@"'
        run_c = " ".join(f'"{a}"' for a in _client(shims, server, "c"))
        run_python = f'if [ "$1" = "-c" ]; then shift; exec {run_c} "$@"; fi\n{run_python}'
        if demo_copy is not None:
            run_m = (f'if [ "$#" = 1 ] && [ "$1" = demo ] && [ ! -e "{demo_copy}" ]; then\n'
                     f'  {run_m} || exit $?\n'
                     f'  mkdir -p "{demo_copy.parent}" && cp -Rp data "{demo_copy}.part" && mv "{demo_copy}.part" "{demo_copy}"'
                     f' || exit 70\n  exit 0\nfi\nexec {run_m}')
        else:
            run_m = f"exec {run_m}"
    for name, target in (("libcommunity", run_m), ("python", run_python), ("python3", run_python)):
        shim = shims / name
        shim.write_text(f"#!/bin/sh\n{target}\n")
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONPATH": str(ROOT),
            "LIBCOMMUNITY_KEY": TEST_KEY, "MPLBACKEND": "Agg"}


RUNNABLE = [p for p in PAGES if any(lang in ("bash", "python") for lang, _, _ in blocks(p))]


@pytest.mark.parametrize("page", RUNNABLE, ids=_ids(RUNNABLE))
def test_every_example_of_the_page_runs_on_the_demo(page, command_server, readme_demo, request, tmp_path):
    work = tmp_path / "work"
    if page.name == "README.md":  # its examples build the demo first: an empty folder, as on a fresh clone
        work.mkdir()
        env = _env(work, command_server, demo_copy=readme_demo)
    else:
        shutil.copytree(request.getfixturevalue("demo_folder"), work, symlinks=True)
        env = _env(work, command_server)
    skipped, ran = [], 0
    for lang, name, body in blocks(page):
        if lang == "csv":
            (work / name).write_text(body, encoding="utf-8")
            continue
        if lang not in ("bash", "python"):
            continue
        reason = NOT_RUN.match(body.splitlines()[0])
        if reason:
            skipped.append(reason.group(1))
            continue
        argv = ["bash", "-euo", "pipefail", "-c", body] if lang == "bash" else [work.parent / "bin" / "python", "-c", body]
        proc = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
        assert proc.returncode == 0, f"{page.name}: this {lang} example failed ({proc.returncode}):\n{body}\n{proc.stderr[-2000:]}"
        ran += 1
    assert ran or skipped


def _options(parser) -> dict:
    """``{command: [option strings]}`` of the command line, subcommands of ``collect`` included."""
    out = {}

    def walk(p, name):
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for sub, subparser in action.choices.items():
                    walk(subparser, f"{name} {sub}".strip())
            elif action.option_strings and action.dest != "help":
                out.setdefault(name, []).append(max(action.option_strings, key=len))
            elif not action.option_strings and action.dest not in ("command", "platform"):
                out.setdefault(name, []).append(action.metavar or action.dest)

    walk(parser, "")
    return out


def test_the_readme_lists_every_command_option_and_page():
    readme = (ROOT / "README.md").read_text("utf-8")
    synopsis = "\n".join(body for lang, _, body in blocks(ROOT / "README.md") if lang == "text" and "libcommunity demo" in body)
    for command, options in _options(build_parser()).items():
        if not command:
            continue
        lines = [line for line in synopsis.splitlines() if re.match(rf"\s*libcommunity\s+{re.escape(command)}\b", line)]
        assert lines, f"the README's command line does not show `libcommunity {command}`"
        shared = [line for line in synopsis.splitlines() if line.startswith((" ", "every command"))]
        text = " ".join(lines + shared)
        missing = [o for o in options if o not in text]
        assert not missing, f"the README's command line lacks these options of `libcommunity {command}`: {missing}"
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, f"the README does not link docs/{page.name}"


def test_no_page_points_outside_the_repository():
    words = re.compile(r"\.\./shared|DESIGN\.md|\bissue \d+|contract of issue|issue report|the lead\b", re.IGNORECASE)
    for page in PAGES:
        found = words.findall(page.read_text("utf-8"))
        assert not found, f"{page.relative_to(ROOT)} mentions {found}"
        for target in re.findall(r"\]\(([^)#\s]+)", page.read_text("utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            assert (page.parent / target).resolve().is_relative_to(ROOT), f"{page.name} links outside: {target}"
            assert (page.parent / target).exists(), f"{page.name} links to a missing file: {target}"
