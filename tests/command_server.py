"""A fork server for the docs examples: each command is a real process, without paying the imports again.

The docs examples (``tests/test_docs_examples.py``) run every ``libcommunity`` command and Python block of a page
as written, each in its own process. Most of such a process's time is spent importing pandas, DuckDB, PyArrow,
scikit-learn and matplotlib. This server imports them once, then for each command forks a child that takes the
caller's standard streams (passed as file descriptors), working folder, environment, umask and arguments, and
runs ``python -m libcommunity ARGS`` (through :mod:`runpy`, as ``-m`` does) or ``python -c CODE``. The child is a
fresh process as far as the command can tell: its own module state, logging, working folder and environment,
real file descriptors (so shell redirections and pipes behave as for any process); its exit status (or the
signal that killed it) is what the shell sees, as ``128 + N`` for a signal.

The caller is :data:`CLIENT`, started by the ``libcommunity`` and ``python -c`` shims of the test (an interpreter
started with ``-S -I``: no site packages, a few milliseconds); it exits with the command's status.

Run ``python -c "from tests.command_server import serve; serve(SOCKET)"``; it serves until its stdin closes.
"""

from __future__ import annotations

import array
import json
import os
import signal
import socket
import struct
import sys

#: What every forked command finds already imported (what the commands import lazily).
PRELOAD = (
    "numpy", "pandas", "pyarrow", "pyarrow.parquet", "pyarrow.csv", "pyarrow.compute", "duckdb",
    "scipy.stats", "sklearn.mixture", "sklearn.cluster", "sklearn.metrics", "matplotlib", "openpyxl",
    "libcommunity.cli", "libcommunity.store", "libcommunity.metrics", "libcommunity.segments",
    "libcommunity.ingest", "libcommunity.demo", "libcommunity.report", "libcommunity.people",
    "libcommunity.conversation", "libcommunity.export",
)

#: The client run by the shims: ``python -S -I -c CLIENT SOCKET MODE ARGS...`` (MODE ``m`` or ``c``).
CLIENT = r'''
import array, json, os, signal, socket, struct, sys
path, mode, args = sys.argv[1], sys.argv[2], sys.argv[3:]
mask = os.umask(0o022); os.umask(mask)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
msg = json.dumps({"mode": mode, "args": args, "cwd": os.getcwd(), "env": dict(os.environ), "umask": mask}).encode()
s.sendmsg([struct.pack("!I", len(msg))], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))])
s.sendall(msg)
reply = b""
while len(reply) < 8:
    chunk = s.recv(8 - len(reply))
    if not chunk:
        sys.exit(70)
    reply += chunk
code, sig = struct.unpack("!ii", reply)
if sig:
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)
sys.exit(code)
'''


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    head, ancillary, _, _ = conn.recvmsg(4, socket.CMSG_LEN(3 * array.array("i").itemsize))
    fds = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    (size,) = struct.unpack("!I", head)
    body = b""
    while len(body) < size:
        chunk = conn.recv(size - len(body))
        if not chunk:
            raise EOFError("the client went away")
        body += chunk
    return json.loads(body), list(fds)


def _exit_code(exc: SystemExit) -> int:
    """The status ``sys.exit(value)`` gives a real interpreter (a message is printed to stderr, status 1)."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def _run_command(request: dict, fds: list[int]) -> None:
    """In the forked child: become the command's process, run it, and exit with its status (never returns)."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.umask(request["umask"])
        os.environ.clear()
        os.environ.update(request["env"])
        encoding = sys.stdout.encoding
        sys.stdin = open(0, "r", encoding=encoding, closefd=False)
        sys.stdout = open(1, "w", encoding=encoding, closefd=False, buffering=1 if os.isatty(1) else -1)
        sys.stderr = open(2, "w", encoding=encoding, errors="backslashreplace", closefd=False, buffering=1)
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        import runpy

        try:
            if request["mode"] == "m":  # python -m libcommunity ARGS
                sys.argv = ["libcommunity", *request["args"]]
                sys.path[0] = os.getcwd()
                runpy.run_module("libcommunity", run_name="__main__", alter_sys=True)
            else:  # python -c CODE ARGS
                source, *rest = request["args"]
                sys.argv = ["-c", *rest]
                sys.path[0] = ""
                import types

                main = types.ModuleType("__main__")
                sys.modules["__main__"] = main
                exec(compile(source, "<string>", "exec"), main.__dict__)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc)
        except BaseException:  # an uncaught exception: the traceback on stderr, status 1, as the interpreter does
            kind, value, tb = sys.exc_info()
            sys.excepthook(kind, value, tb.tb_next or tb)  # without this function's frame
            code = 1
        try:
            import atexit

            atexit._run_exitfuncs()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    code = code or 120  # as the interpreter reports an unflushable stdout at exit
    except BaseException:  # the server's own failure: say it on whatever stderr is
        import traceback

        os.write(2, traceback.format_exc().encode())
    finally:
        os._exit(code)


def _serve_one(conn: socket.socket) -> None:
    """In a forked helper: fork the command, wait for it, tell the client how it ended (never returns)."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # wait for the command (the server lets the kernel reap)
        request, fds = _receive(conn)
        pid = os.fork()
        if pid == 0:
            conn.close()
            _run_command(request, fds)
        for fd in fds:
            os.close(fd)
        _, wait = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(wait)
        conn.sendall(struct.pack("!ii", max(code, 0), -code if code < 0 else 0))
        status = 0
    finally:
        os._exit(status)


def serve(path: str) -> None:
    """Import :data:`PRELOAD`, listen on the Unix socket ``path`` and serve until stdin closes."""
    import importlib
    import selectors

    for name in PRELOAD:
        importlib.import_module(name)
    from libcommunity.cli import build_parser

    build_parser()  # imports every command's module
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the helpers are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    print("ready", flush=True)
    sel = selectors.DefaultSelector()
    sel.register(server, selectors.EVENT_READ)
    sel.register(sys.stdin, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj is sys.stdin:
                if not os.read(sys.stdin.fileno(), 1024):
                    return
                continue
            conn, _ = server.accept()
            sys.stdout.flush()
            sys.stderr.flush()
            if os.fork() == 0:
                sel.close()
                server.close()
                _serve_one(conn)
            conn.close()
