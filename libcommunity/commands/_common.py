"""Options and output helpers shared by subcommands."""

from __future__ import annotations

import json
import logging
import sys

from ..constants import DEFAULT_STORE, LANGUAGES, PLATFORMS

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


def add_platform_option(parser) -> None:
    """``--platform P``: every figure of one of the account's platforms only."""
    parser.add_argument(
        "--platform", choices=PLATFORMS, metavar="P",
        help="only this platform of the account (one of: %(choices)s); default: all its platforms",
    )


def add_out_options(parser, what: str) -> None:
    """``--out FILE.csv|.xlsx`` and ``--lang`` (the file's language: numbers, delimiter)."""
    parser.add_argument(
        "--out", metavar="FILE",
        help=f"write {what} to FILE.csv (one CSV per list beside it when there are several; the language's "
        "spreadsheet conventions) or FILE.xlsx (one sheet per list)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the file (numbers, delimiter, words); default: the account's")


def check_out(path) -> None:
    """A clear error for an ``--out`` that is a folder or not .csv/.xlsx (before any work)."""
    from pathlib import Path

    from ..errors import ParameterError

    if path and Path(path).is_dir():
        raise ParameterError(f"--out {path}: is a directory; expected a file path such as members.csv")
    if path and Path(path).suffix.lower() not in (".csv", ".xlsx"):
        raise ParameterError(f"--out {path}: expected a file name ending in .csv or .xlsx")


def write_out(lists: dict, args, info, **formats) -> list:
    """Write ``lists`` (``{name: DataFrame}``) to ``--out`` through :func:`libcommunity.export.write_lists`; the paths."""
    from ..errors import ParameterError
    from ..export import write_lists
    from ..locales import account_lang

    try:
        return write_lists(lists, args.out, lang=args.lang or account_lang(info), timezone=info.timezone,
                           reveal=getattr(args, "reveal", False), **formats)
    except OSError as exc:
        raise ParameterError(
            f"--out {args.out}: cannot be written ({exc.strerror or exc}); expected a writable file path"
        ) from None


def with_platform(document: dict, platform) -> dict:
    """``document`` with ``"platform"`` right after ``"account"`` when a platform was chosen."""
    if platform is None:
        return document
    out = {}
    for k, v in document.items():
        out[k] = v
        if k == "account":
            out["platform"] = platform
    out.setdefault("platform", platform)
    return out


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


def records(frame) -> list:
    """Rows of a DataFrame as JSON-ready dicts: missing values (NaN, NA) become None, timestamps ISO-8601 text."""
    import pandas as pd

    out = frame.astype(object).where(frame.notna(), None)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            out[col] = [None if v is None else pd.Timestamp(v).isoformat() for v in out[col]]
    return out.to_dict("records")


def _cell(value, *, percent: bool, digits: int) -> str:
    import numbers

    import numpy as np
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{100 * float(value):.1f}%" if percent else f"{float(value):,.{digits}f}"
    return printable(str(value))


def table_lines(frame, *, percent=(), digits=None, default_digits: int = 2, right=()) -> list[str]:
    """A DataFrame as aligned text lines (header first): numbers (and the ``right`` columns) right-aligned, shares
    (the ``percent`` columns) as percentages, "–" for none.

    Text cells are made printable (:func:`printable`): a handle cannot drive the terminal.
    """
    digits = digits or {}
    cols = [str(c) for c in frame.columns]
    cells = []
    for _, row in frame.iterrows():
        cells.append([_cell(row[c], percent=c in percent, digits=digits.get(c, default_digits)) for c in frame.columns])
    numeric = [frame[c].dtype.kind in "biuf" or str(frame[c].dtype) in ("Int64", "Float64", "boolean") or c in right
               for c in frame.columns]
    widths = [max([len(printable(h))] + [len(r[i]) for r in cells]) for i, h in enumerate(cols)]

    def line(values):
        return "  ".join((v.rjust(w) if num else v.ljust(w)) for v, w, num in zip(values, widths, numeric)).rstrip()

    return [line([printable(h) for h in cols])] + [line(r) for r in cells]
