"""``libcommunity trend --account A --from M --to M``: the monthly figures and segment sizes month by month.

One row per month: the figures ``libcommunity metrics`` gives each month
(posts, reach, participation, engaged members, followers, community ratio,
response rate, member-to-member share) and the month's segment sizes (the
members ``libcommunity segment`` segments and each segment's count).
``--metric`` keeps some of them (segment sizes cost a segmentation per month).
"""

from __future__ import annotations

import sys

from ..constants import TREND_FIGURES
from ._common import (
    add_out_options, add_platform_option, add_store_option, check_out, log_result, open_store, print_json, records,
    table_lines, with_platform, write_out,
)

NAME = "trend"
HELP = "the monthly figures and segment sizes of an account, month by month"
#: Figures that are shares (0..1): percentages in tables and spreadsheets.
RATIOS = ("community_ratio", "response_rate", "member_to_member_share")


def add_month_range(parser) -> None:
    parser.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="first month (account's timezone)")
    parser.add_argument("--to", dest="last", required=True, metavar="YYYY-MM", help="last month, included")


def add_metric_option(parser) -> None:
    parser.add_argument(
        "--metric", nargs="+", metavar="NAME",
        help="only these figures (space- or comma-separated): " + ", ".join(TREND_FIGURES) + "; default: all",
    )


def add_segmentation_options(parser) -> None:
    parser.add_argument("--window-months", type=int, default=3, metavar="N",
                        help="months in each segmentation window, the month included (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the segmentations (default: %(default)s)")


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    add_month_range(parser)
    add_metric_option(parser)
    add_platform_option(parser)
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    add_out_options(parser, "the table (one row per month)")
    add_segmentation_options(parser)


def metrics_of(args):
    """The figures ``--metric`` names (commas allowed), or None for all."""
    if not args.metric:
        return None
    return [m.strip() for value in args.metric for m in value.split(",") if m.strip()]


def jsonable_rows(frame) -> list:
    """Records with whole-number figures as integers (counts stored as floats to hold nulls)."""
    rows = records(frame)
    for row in rows:
        for k, v in row.items():
            if isinstance(v, float) and k not in RATIOS and k not in ("pct_change",) and v.is_integer():
                row[k] = int(v)
    return rows


def run(args) -> int:
    from ..metrics import Scope
    from ..months import validate_account
    from ..trend import trend_table

    validate_account(args.account)
    check_out(args.out)
    with Scope(open_store(args), args.account, platform=args.platform) as scope:
        table = trend_table(scope, args.account, args.first, args.last, figures=metrics_of(args),
                            window_months=args.window_months, random_state=args.seed)
        info = scope.info
    figures = [c for c in table.columns if c != "month"]
    if args.out:
        paths = write_out({"trend": table}, args, info, percent=[c for c in figures if c in RATIOS],
                          decimals={c: 0 for c in figures if c not in RATIOS})
    if args.json:
        print_json(with_platform({"account": args.account, "from": table["month"].iloc[0], "to": table["month"].iloc[-1],
                                  "timezone": info.timezone, "figures": figures, "months": jsonable_rows(table)}, args.platform))
    else:
        sys.stdout.write("\n".join(table_lines(table, percent=RATIOS, digits={c: 0 for c in figures})) + "\n")
    where = args.account + (f" · {args.platform}" if args.platform else "")
    tail = f", written to {', '.join(map(str, paths))}" if args.out else ""
    log_result(f"{where}: {len(table)} month(s) {table['month'].iloc[0]}..{table['month'].iloc[-1]}, {len(figures)} figure(s){tail}")
    return 0
