"""``libcommunity check [--repair]``: verify every committed file of the store (and the manifest).

Exits 0 when the store is whole, 2 when a file is damaged or missing (each
named, with the table, account and month it holds). ``--repair`` drops the
damaged files from the store in one transaction, after saying what is lost,
and makes every file and folder of the store owner-only.
"""

from __future__ import annotations

from ._common import add_store_option, log, open_store

NAME = "check"
HELP = "verify every committed file of the store; --repair drops damaged ones after saying what is lost"


def add_arguments(parser) -> None:
    parser.add_argument("--repair", action="store_true", help="drop damaged files from the store and fix permissions")
    add_store_option(parser)


def run(args) -> int:
    from ..cli import one_line
    from ..store.check import check_store, repair_store

    store = open_store(args)
    report = repair_store(store) if args.repair else check_store(store)
    for line in report.lines():
        (log.error if line.lstrip().startswith("damaged") and not args.repair else log.info)(one_line(line))
    return 0 if report.ok or args.repair else 2
