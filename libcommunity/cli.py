"""The ``libcommunity`` command line.

Every command exits 0 on success. On bad input it prints one message to
stderr (which file, row or column, what was expected) and exits 2, without a
traceback unless ``--debug`` is given; a failed command leaves the store and
the reports as they were. Logs go to stderr, results to stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys

from . import __version__
from .commands import available_commands, load_command
from .commands._common import printable
from .errors import LibcommunityError

__all__ = ["main", "run", "build_parser", "one_line", "printable"]

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="libcommunity",
        description="Is a real community forming around a library's social media accounts?",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    common.add_argument("-q", "--quiet", action="store_true", help="print only errors and the final line on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in available_commands():
        module = load_command(name)
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__.strip().splitlines()[0].replace("``", ""), parents=[common])
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


#: The longest message printed (characters); the rest is cut, saying how much.
MAX_MESSAGE = 2000


def one_line(message: str, limit: int | None = MAX_MESSAGE) -> str:
    """``message`` as one printable line: line breaks and tabs become spaces, other control characters escapes.

    An error message may quote what a broken file holds (a parser's complaint
    about binary bytes, a header of 100,000 columns); printed raw it could
    span lines, drive the terminal or fill the screen. Beyond ``limit``
    characters the line is cut and says how many characters were left out.
    """
    text = " ".join(str(message).split())
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    if limit is not None and len(text) > limit:
        cut = len(text) - limit
        text = f"{text[:limit]} … [{cut:,} more characters cut]"
    return text


def _setup_logging(debug: bool, quiet: bool) -> None:
    from .commands._common import RESULT

    level = logging.DEBUG if debug else RESULT if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("libcommunity")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


#: Exit status when the reader of stdout went away, as a process killed by SIGPIPE reports it in a shell (128 + 13).
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises nothing more."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file descriptor (a test's capture)
        pass


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    _setup_logging(debug, getattr(args, "quiet", False))
    try:
        return int(args._run(args) or 0)
    except LibcommunityError as exc:
        if debug:
            raise
        print(f"libcommunity {args.command}: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"libcommunity {args.command}: interrupted; nothing was committed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped reading (`libcommunity link --suggest | head`): stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: say so plainly, traceback only with --debug
        if debug:
            raise
        print(
            f"libcommunity {args.command}: internal error: {type(exc).__name__}: {one_line(str(exc))} "
            "(run again with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> None:
    """The program ``libcommunity`` (and ``python -m libcommunity``): :func:`main`, then the process ends.

    Once a command is done, the interpreter would free every module and
    object one by one before the process ends (with pandas, PyArrow, DuckDB,
    SciPy and scikit-learn loaded, 0.35-0.45 s on a two-core machine, more after
    a large ingest), memory the operating system takes back at once. So the
    program ends as the interpreter's own exit does, without that teardown:
    other threads are waited for, the exit handlers (:mod:`atexit`) run, the
    standard streams are flushed, and then the process ends with the
    command's status (:func:`os._exit`). When a stream cannot be flushed (the
    reader closed the pipe) or an exception escapes :func:`main` (``--debug``),
    the interpreter ends the process as usual and reports it as it always has.
    So does a program run under a profiler, a tracer or a debugger
    (``python -m cProfile -o out.prof -m libcommunity ...``, coverage, pdb),
    which writes its results only when the program ends as usual. Programs that
    call :func:`main` themselves are not affected.
    """
    _end_process(main())


def _end_process(code: int) -> None:
    import atexit
    import os
    import threading

    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler, tracer or debugger sees the program end, and writes what it measured
    shutdown = getattr(threading, "_shutdown", None)  # what the interpreter's exit calls: joins the other threads
    if shutdown is None:  # pragma: no cover - an interpreter without it: its own exit
        sys.exit(code)
    shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            sys.exit(code)  # the interpreter's exit reports the stream (status 120), as without this function
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
