"""``libcommunity report --month YYYY-MM``: the monthly HTML reports of every account (or those named)."""

from __future__ import annotations

from ..constants import LANGUAGES, PLATFORMS
from ._common import add_store_option, log, log_result, open_store

NAME = "report"
HELP = "write the monthly HTML reports (reports/<YYYY-MM>/<account>.html and index.html; --platform: <account>.<platform>.html)"


def add_arguments(parser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="report month (in each account's timezone)")
    parser.add_argument("--account", action="append", metavar="A", help="only this account (repeatable); default: all")
    parser.add_argument(
        "--platform", choices=PLATFORMS, metavar="P",
        help="one platform's reports, <account>.<platform>.html, of the accounts that have it (one of: %(choices)s); "
        "no network overview",
    )
    add_store_option(parser)
    parser.add_argument("--out", default="reports", metavar="DIR", help="output directory (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="parallel local processes (default: 1)")
    parser.add_argument("--lang", choices=LANGUAGES, help="report language (default: each account's)")
    parser.add_argument("--reveal", action="store_true", help="show original handles instead of pseudonyms")
    parser.add_argument(
        "--min-group", type=int, default=5, metavar="K",
        help="withhold lists that single out fewer than K people, unless --reveal (default: %(default)s)",
    )
    dask = parser.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (tcp://host:8786)")
    dask.add_argument("--dask-local", type=int, metavar="N", help="run on a Dask LocalCluster of N worker processes")
    parser.add_argument("--no-network", action="store_true", help="skip the network overview")


def run(args) -> int:
    from ..metrics.kept import check_month_available
    from ..report import run_batch

    store = open_store(args)
    if store.exists():  # a pruned month has no people-level data left to report on (libcommunity prune)
        for account in args.account or store.accounts():
            warning = check_month_available(store, account, args.month, window_months=3, command="report")
            if warning:
                log.warning(warning)
    batch = run_batch(
        store,
        args.month,
        accounts=args.account,
        out=args.out,
        lang=args.lang,
        reveal=args.reveal,
        min_group=args.min_group,
        workers=args.workers,
        scheduler=args.scheduler,
        dask_local=args.dask_local,
        network=not args.no_network,
        quiet=args.quiet,
        platform=args.platform,
    )
    summary, *failures = batch.lines()
    for line in failures:  # "FAILED <account>: <the notebook's error>": shown even with -q
        log.error(line)
    log_result(summary)
    return 1 if batch.failed else 0
