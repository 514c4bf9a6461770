"""``libcommunity forget --account A --member HANDLE``: erase one person from the store (data-subject request)."""

from __future__ import annotations

from ._common import add_store_option, log_lines, open_store

NAME = "forget"
HELP = "erase one person (identity, interactions, member row, mentions) from an account's store"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--member", required=True, metavar="HANDLE", help="the person's handle as exported, e.g. @ana_lee")
    add_store_option(parser)


def run(args) -> int:
    from ..privacy import forget_member

    store = open_store(args)
    store.account(args.account)
    report = forget_member(store, args.account, args.member)
    log_lines(report.lines())
    return 0
