"""``libcommunity compare --account A --month M --with M2``: two months' figures side by side, with the change.

One row per figure (those of ``libcommunity trend``): its value in ``--month``,
its value in ``--with``, the change (``--month`` minus ``--with``; for shares,
in percentage points) and the relative change.
"""

from __future__ import annotations

import sys

from ._common import (
    add_out_options, add_platform_option, add_store_option, check_out, log_result, open_store, print_json, table_lines,
    with_platform, write_out,
)
from .trend import RATIOS, add_metric_option, add_segmentation_options, metrics_of

NAME = "compare"
HELP = "two months of an account side by side: every figure, its change and relative change"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="the month to look at (account's timezone)")
    parser.add_argument("--with", dest="other", required=True, metavar="YYYY-MM", help="the month to compare it with")
    add_metric_option(parser)
    add_platform_option(parser)
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    add_out_options(parser, "the comparison (one row per figure)")
    add_segmentation_options(parser)


def _value(figure, v):
    if v is None or v != v:
        return None
    return float(v) if figure in RATIOS or not float(v).is_integer() else int(v)


def run(args) -> int:
    from ..metrics import Scope
    from ..months import validate_account
    from ..trend import compare_months

    validate_account(args.account)
    check_out(args.out)
    with Scope(open_store(args), args.account, platform=args.platform) as scope:
        frame = compare_months(scope, args.account, args.month, args.other, figures=metrics_of(args),
                               window_months=args.window_months, random_state=args.seed)
        info = scope.info
    month, other = frame.attrs["month"], frame.attrs["with"]
    shown = frame.rename(columns={"value": month, "other": other})
    if args.out:
        # Rows mix counts and shares: values keep four decimals (a share 0.1234 is 12.34 %); the relative change is a percentage.
        paths = write_out({"compare": shown}, args, info, percent=["pct_change"], decimals={month: 4, other: 4, "change": 4})
    if args.json:
        figures = {
            r["figure"]: {"value": _value(r["figure"], r["value"]), "with_value": _value(r["figure"], r["other"]),
                          "change": _value(r["figure"], r["change"]),
                          "pct_change": None if r["pct_change"] != r["pct_change"] else float(r["pct_change"])}
            for r in frame.to_dict("records")
        }
        print_json(with_platform({"account": args.account, "month": month, "with": other, "timezone": info.timezone,
                                  "figures": figures}, args.platform))
    else:
        lines = _lines(frame, month, other)
        sys.stdout.write("\n".join(lines) + "\n")
    where = args.account + (f" · {args.platform}" if args.platform else "")
    tail = f", written to {', '.join(map(str, paths))}" if args.out else ""
    log_result(f"{where}: {month} compared with {other}, {len(frame)} figure(s){tail}")
    return 0


def _lines(frame, month: str, other: str) -> list[str]:
    """The comparison as a table: shares as percentages and their change in percentage points."""
    import pandas as pd

    def fmt(figure, v, change=False):
        if v is None or pd.isna(v):
            return "–"
        if figure in RATIOS:
            return f"{100 * v:+.1f} pp" if change else f"{100 * v:.1f}%"
        return f"{v:+,.0f}" if change else f"{v:,.0f}"

    table = pd.DataFrame({
        "figure": frame["figure"],
        month: [fmt(f, v) for f, v in zip(frame["figure"], frame["value"])],
        other: [fmt(f, v) for f, v in zip(frame["figure"], frame["other"])],
        "change": [fmt(f, v, True) for f, v in zip(frame["figure"], frame["change"])],
        "relative": ["–" if pd.isna(v) else f"{100 * v:+.1f}%" for v in frame["pct_change"]],
    })
    return table_lines(table, right=list(table.columns[1:]))
