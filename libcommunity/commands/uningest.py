"""``libcommunity uningest --account A --batch ID``: take one ingest back, exactly, in one transaction.

Rows the ingest added go, rows it replaced come back as they were, rows
another ingest also gave stay; identities only it brought go; erased members
stay erased. ``--dry-run`` says what would change and changes nothing.
``libcommunity ingest --list --account A`` lists the batches.
"""

from __future__ import annotations

from ._common import add_store_option, log_lines, open_store, print_json

NAME = "uningest"
HELP = "take one ingest back (rows it added go, rows it replaced come back); see ingest --list"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--batch", required=True, metavar="ID", help="the ingest's batch id (libcommunity ingest --list)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be removed and restored; change nothing")
    parser.add_argument("--json", action="store_true", help="print what was (or would be) done as one JSON document")
    add_store_option(parser)


def run(args) -> int:
    from ..uningest import uningest

    report = uningest(open_store(args), args.account, args.batch, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
    log_lines(report.lines())
    return 0
