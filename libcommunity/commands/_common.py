"""Options and output helpers shared by subcommands."""

from __future__ import annotations

import json
import logging
import sys

from ..store import DEFAULT_STORE, Store

log = logging.getLogger("libcommunity")


def add_store_option(parser) -> None:
    """``--store DIR`` (default ``data/store``)."""
    parser.add_argument(
        "--store", default=str(DEFAULT_STORE), metavar="DIR", help="store directory (default: %(default)s)"
    )


def open_store(args) -> Store:
    """The :class:`Store` named by ``--store``."""
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
