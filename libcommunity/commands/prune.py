"""``libcommunity prune --account A --retention-months N``: drop old event-level rows, keep monthly aggregates.

Interactions created before the cutoff month (``--before YYYY-MM``, or the
month ``--retention-months N`` whole months before the current one, in the
account's timezone) are removed with the identities of the people who then
appear nowhere; each pruned month's metrics document is kept first, so
``libcommunity metrics`` still answers for it. Later ingests leave out rows
older than the cutoff. See ``libcommunity/retention.py`` and docs/security.md.
"""

from __future__ import annotations

from ._common import add_store_option, log_lines, open_store

NAME = "prune"
HELP = "drop an account's event-level rows older than a retention period, keeping monthly aggregates"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--retention-months", type=int, metavar="N",
        help="keep N whole months before the current one (and the current one)",
    )
    when.add_argument("--before", metavar="YYYY-MM", help="first month to keep (account timezone)")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date --retention-months counts back from (default: today)")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    add_store_option(parser)


def run(args) -> int:
    from ..retention import prune

    store = open_store(args)
    store.account(args.account)
    today = None
    if args.today:
        import pandas as pd

        from ..errors import ParameterError

        try:
            today = pd.Timestamp(args.today)
        except (ValueError, TypeError):
            raise ParameterError(f"today must be a date such as 2026-03-15; got {args.today!r} instead") from None
    report = prune(
        store, args.account, before=args.before, retention_months=args.retention_months, today=today, dry_run=args.dry_run
    )
    log_lines(report.lines())
    return 0
