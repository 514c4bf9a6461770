"""``libcommunity forget --account A --member HANDLE``: erase one person from the store (data-subject request)."""

from __future__ import annotations

from ..privacy import forget_member
from ..cli import printable
from ._common import add_store_option, log, open_store

NAME = "forget"
HELP = "erase one person (identity, interactions, member row, mentions) from an account's store"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--member", required=True, metavar="HANDLE", help="the person's handle as exported, e.g. @ana_lee")
    add_store_option(parser)


def run(args) -> int:
    store = open_store(args)
    store.account(args.account)
    report = forget_member(store, args.account, args.member)
    for line in report.lines():
        log.info(printable(line))  # file names may hold terminal escape sequences
    return 0
