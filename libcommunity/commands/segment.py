"""``libcommunity segment --account A --month YYYY-MM``: silent followers, active participants, ambassadors."""

from __future__ import annotations

import sys

from ..constants import LANGUAGES
from ._common import add_platform_option, add_store_option, check_out, log, log_result, open_store, print_json, records, with_platform, write_out

NAME = "segment"
HELP = "segment an account's members for a month (silent followers, active participants, ambassadors)"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="report month (in the account's timezone)")
    add_platform_option(parser)
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help='print {"members": [...], "summary": {...}} on stdout')
    parser.add_argument(
        "--out", metavar="FILE",
        help="write one row per member to FILE.csv (the language's spreadsheet conventions) or FILE.xlsx (Excel)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the file's numbers and delimiter (default: the account's report language)")
    parser.add_argument(
        "--reveal", action="store_true", help="add each member's original identifier (handle); without it only pseudonyms appear"
    )
    parser.add_argument(
        "--window-months", type=int, default=3, metavar="N", help="months in the window, report month included (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed of the segmentation (default: %(default)s)")


#: How ``--out`` writes the members' numbers: the probability of being active as a percentage, days with one decimal.
MEMBER_FORMATS = {"percent": ("p_active",), "decimals": {"days_since_last_action": 1, "tenure_days": 1}}


def run(args) -> int:
    from ..metrics import Scope
    from ..metrics.kept import check_month_available
    from ..months import parse_month, validate_account
    from ..metrics.people import persons_frame
    from ..segments import segment_members, summarise_members

    validate_account(args.account)
    month = parse_month(args.month)
    check_out(args.out)
    with Scope(open_store(args), args.account, platform=args.platform) as scope:
        info = scope.info  # a clear error for an unknown account before any work
        warning = check_month_available(scope, args.account, month, window_months=args.window_months, command="segment")
        if warning:
            log.warning(warning)
        scope.resolve(month)  # "no data for <account> in <month>: data covers ..." (exit 2)
        members = segment_members(
            scope, args.account, month, reveal=args.reveal, window_months=args.window_months, random_state=args.seed
        )
        persons = persons_frame(scope)
    summary = with_platform(summarise_members(members, persons), args.platform)
    if args.out:
        (path,) = write_out({"members": members}, args, info, **MEMBER_FORMATS)
        log_result(f"{len(members)} members written to {path}")
    if args.json:
        print_json({"members": records(members), "summary": summary})
    else:
        where = f"{args.account}" + (f" · {args.platform}" if args.platform else "")
        lines = [f"{where} {summary['month']} (window {summary['window']}, {summary['timezone']}): {summary['members']} members"]
        for seg, v in summary["segments"].items():
            share = "" if v["share"] is None else f" ({100 * v['share']:.1f}%)"
            lines.append(f"  {seg:<20} {v['members']:>7}{share}")
        lines.append("  ladder: " + ", ".join(f"{k} {v}" for k, v in summary["ladder"].items()))
        people = summary["people"]
        if people["linked_identities"]:
            lines.append(f"  people: {people['people']} ({people['linked_identities']} identities linked); ladder per "
                         "person: " + ", ".join(f"{k} {v}" for k, v in people["ladder"].items())
                         + f"; {people['cross_platform_ambassadors']} of {people['ambassadors']} ambassadors on several platforms")
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
