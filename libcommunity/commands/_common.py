"""Options and output helpers shared by subcommands."""

from __future__ import annotations

import json
import logging
import sys

from ..constants import DEFAULT_STORE

log = logging.getLogger("libcommunity")


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on (escape sequences, line breaks) escaped; spaces kept.

    For output lines that quote file names or member handles (``ingest``,
    ``forget``): a file named with an escape sequence cannot drive the terminal.
    """
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in str(text))


#: Log level of a command's final line: shown with ``-q``, which hides the lines before it (INFO < RESULT < WARNING).
RESULT = 25
logging.addLevelName(RESULT, "RESULT")


def log_result(line: str) -> None:
    """Log the command's final line (the one ``-q`` keeps), printable (:func:`printable`)."""
    log.log(RESULT, printable(line))


def log_lines(lines) -> None:
    """Log a command's summary lines: the last one is its final line (:func:`log_result`).

    Lines may quote file names or handles: characters a terminal would act on
    (escape sequences, line breaks) are escaped.
    """
    lines = list(lines)
    for line in lines[:-1]:
        log.info(printable(line))
    if lines:
        log_result(lines[-1])


def add_store_option(parser) -> None:
    """``--store DIR`` (default ``data/store``)."""
    parser.add_argument(
        "--store", default=str(DEFAULT_STORE), metavar="DIR", help="store directory (default: %(default)s)"
    )


def open_store(args):
    """The :class:`~libcommunity.store.Store` named by ``--store``."""
    from ..store import Store

    return Store(args.store)


def print_json(document) -> None:
    """Print one JSON document on stdout (UTF-8, stable key order, NaN written as null)."""
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False, default=_default, allow_nan=False)
    sys.stdout.write(text + "\n")


def _default(obj):
    import math

    import numpy as np
    import pandas as pd

    if obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return None if math.isnan(obj) else float(obj)
    if isinstance(obj, (pd.Timestamp,)):
        return obj.isoformat()
    if isinstance(obj, np.bool_):
        return bool(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")
