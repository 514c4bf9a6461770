"""``libcommunity segment --account A --month YYYY-MM``: silent followers, active participants, ambassadors."""

from __future__ import annotations

import sys
from pathlib import Path

from ..constants import LANGUAGES
from ..errors import ParameterError
from ._common import add_store_option, log, log_result, open_store, print_json

NAME = "segment"
HELP = "segment an account's members for a month (silent followers, active participants, ambassadors)"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="report month (in the account's timezone)")
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


def _records(frame) -> list:
    """Rows as JSON-ready dicts: missing values (NaN, NA) become None, numpy scalars Python ones."""
    import pandas as pd

    out = frame.astype(object).where(frame.notna(), None)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            out[col] = [None if v is None else pd.Timestamp(v).isoformat() for v in out[col]]
    return out.to_dict("records")


def run(args) -> int:
    from ..export import write_lists
    from ..locales import account_lang
    from ..metrics import Scope
    from ..metrics.kept import check_month_available
    from ..months import parse_month, validate_account
    from ..segments import segment_members, summarise_members

    validate_account(args.account)
    month = parse_month(args.month)
    if args.out and Path(args.out).is_dir():
        raise ParameterError(f"--out {args.out}: is a directory; expected a file path such as members.csv")
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
        raise ParameterError(f"--out {args.out}: expected a file name ending in .csv or .xlsx")
    with Scope(open_store(args), args.account) as scope:
        info = scope.info  # a clear error for an unknown account before any work
        warning = check_month_available(scope, args.account, month, window_months=args.window_months, command="segment")
        if warning:
            log.warning(warning)
        scope.resolve(month)  # "no data for <account> in <month>: data covers ..." (exit 2)
        members = segment_members(
            scope, args.account, month, reveal=args.reveal, window_months=args.window_months, random_state=args.seed
        )
    summary = summarise_members(members)
    if args.out:
        try:
            (path,) = write_lists({"members": members}, args.out, lang=args.lang or account_lang(info), timezone=info.timezone,
                                  reveal=args.reveal, **MEMBER_FORMATS)
        except OSError as exc:
            raise ParameterError(
                f"--out {args.out}: cannot be written ({exc.strerror or exc}); expected a writable file path"
            ) from None
        log_result(f"{len(members)} members written to {path}")
    if args.json:
        print_json({"members": _records(members), "summary": summary})
    else:
        lines = [f"{args.account} {summary['month']} (window {summary['window']}, {summary['timezone']}): {summary['members']} members"]
        for seg, v in summary["segments"].items():
            share = "" if v["share"] is None else f" ({100 * v['share']:.1f}%)"
            lines.append(f"  {seg:<20} {v['members']:>7}{share}")
        lines.append("  ladder: " + ", ".join(f"{k} {v}" for k, v in summary["ladder"].items()))
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
