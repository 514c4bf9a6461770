"""``libcommunity metrics --account A --month YYYY-MM``: the month's engagement and conversation metrics.

Prints a readable summary, or with ``--json`` one JSON document on stdout
(keys in docs/metrics.md); logs go to stderr. ``--platform P`` computes every
figure from that platform's rows alone (the document then has a ``platform``
key). An unknown account, platform or a malformed month is an error (exit 2)
naming what was expected.
"""

from __future__ import annotations

from ._common import add_platform_option, add_store_option, log, open_store, print_json, with_platform

NAME = "metrics"
HELP = "engagement and conversation metrics of one account and month"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug, e.g. biblio-madrid")
    parser.add_argument(
        "--month", required=True, metavar="YYYY-MM", help="calendar month in the account's timezone, e.g. 2025-10"
    )
    add_platform_option(parser)
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the readable summary")


def run(args) -> int:
    from ..metrics import Scope, format_summary, monthly_summary
    from ..months import parse_month

    month = parse_month(args.month)
    store = open_store(args)
    log.debug(f"metrics: {args.account} {month} from {store.root}")
    with Scope(store, args.account, platform=args.platform) as scope:
        summary = with_platform(monthly_summary(scope, args.account, month), args.platform)
    if args.json:
        print_json(summary)
    else:
        print(format_summary(summary))
    return 0
