"""``libcommunity roster --account A --month M``: ambassadors and why, who is drifting away, who is ready to step up.

Three complete lists (the monthly report shows the first 15 of each):

* ``ambassadors``: the month's ambassadors, most ambassador actions first, with
  their counts over the segmentation window and ``why`` in words ("shared 5
  posts, answered other members 2 times");
* ``drifting_away``: last month's ambassadors and community leaders who
  stepped back, left or have probably gone quiet (``reason``, and ``why`` in words);
* ``ready_to_step_up``: silent followers who started to react, share or mention.

Members are pseudonyms; ``--reveal`` adds their handles.
"""

from __future__ import annotations

import sys

from ._common import (
    add_out_options, add_platform_option, add_store_option, check_out, log_result, open_store, print_json, records,
    table_lines, with_platform, write_out,
)

NAME = "roster"
HELP = "ambassadors with what they did, members drifting away, silent followers ready to step up (complete lists)"
#: The lists, in the order they are printed and written.
LISTS = ("ambassadors", "drifting_away", "ready_to_step_up")
#: Columns printed in the readable tables (the JSON and the files have every column).
SHOWN = {
    "ambassadors": ("member", "platform", "ambassador_actions", "ladder_step", "why"),
    "drifting_away": ("member", "platform", "segment_before", "segment", "days_since_last_action", "why"),
    "ready_to_step_up": ("member", "platform", "reactions", "amplification", "active_days", "days_since_last_action"),
}


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="the month (account's timezone)")
    add_platform_option(parser)
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document with the three lists")
    add_out_options(parser, "the three lists")
    parser.add_argument("--reveal", action="store_true", help="add each member's handle; without it only pseudonyms appear")
    parser.add_argument("--window-months", type=int, default=3, metavar="N",
                        help="months in the segmentation window, the month included (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the segmentation (default: %(default)s)")


def roster_lists(scope, account, month, *, reveal, window_months, random_state, t) -> dict:
    """``{list name: DataFrame}`` of the month in ``scope``; ``why`` texts in the translator ``t``'s language."""
    import pandas as pd

    from ..segments import ambassador_roster, drifting_away, ready_to_jump, segment_members
    from ..segments.roster import why_text

    m = month
    current = segment_members(scope, account, m, window_months=window_months, random_state=random_state)
    before = segment_members(scope, account, m.previous, window_months=window_months, random_state=random_state)
    pair = {"current": current, "previous": before, "window_months": window_months, "reveal": reveal}
    ambassadors = ambassador_roster(scope, account, m, members=current, window_months=window_months, reveal=reveal)
    ambassadors["why"] = pd.array([why_text(r, t.plural) for r in ambassadors.to_dict("records")], dtype="string")
    drifting = drifting_away(scope, account, m, **pair)
    drifting["why"] = pd.array([_drift_why(t, r) for r in drifting.to_dict("records")], dtype="string")
    ready = ready_to_jump(scope, account, m, **pair)
    return {"ambassadors": ambassadors, "drifting_away": drifting, "ready_to_step_up": ready}


def _drift_why(t, row) -> str:
    """Why a member is on the drifting-away list, in words: the reason and the last action."""
    import math

    text = t(f"reason_{row['reason']}")
    days = row.get("days_since_last_action")
    if days is not None and not (isinstance(days, float) and math.isnan(days)):
        text += f" ({t.plural('days_ago', int(round(float(days))))})"
    return text


def run(args) -> int:
    from ..locales import account_lang
    from ..metrics import Scope, resolve
    from ..metrics.kept import check_month_available
    from ..months import validate_account
    from ..report.i18n import Translator
    from ._common import log

    validate_account(args.account)
    check_out(args.out)
    with Scope(open_store(args), args.account, platform=args.platform) as scope:
        month = resolve(scope, args.account, args.month).month
        info = scope.info
        warning = check_month_available(scope, args.account, month, window_months=args.window_months, command="roster")
        if warning:
            log.warning(warning)
        t = Translator(args.lang or account_lang(info), info.timezone)
        lists = roster_lists(scope, args.account, month, reveal=args.reveal, window_months=args.window_months,
                             random_state=args.seed, t=t)
    if args.out:
        paths = write_out(lists, args, info, percent=["p_active"], decimals={"days_since_last_action": 1})
    if args.json:
        print_json(with_platform({"account": args.account, "month": str(month), "window_months": args.window_months,
                                  **{name: records(frame) for name, frame in lists.items()}}, args.platform))
    else:
        sys.stdout.write("\n".join(_lines(lists, args.reveal)) + "\n")
    counts = ", ".join(f"{n.replace('_', ' ')}: {len(lists[n])}" for n in LISTS)
    where = args.account + (f" · {args.platform}" if args.platform else "")
    tail = f"; written to {', '.join(map(str, paths))}" if args.out else ""
    log_result(f"{where} {month}: {counts}{tail}")
    return 0


def _lines(lists: dict, reveal: bool) -> list[str]:
    out = []
    for name in LISTS:
        frame = lists[name]
        cols = (["handle"] if reveal and "handle" in frame.columns else []) + [c for c in SHOWN[name] if c in frame.columns]
        out.append(f"{name.replace('_', ' ')} ({len(frame)})")
        if len(frame):
            out.extend("  " + line for line in table_lines(frame[cols], digits={"days_since_last_action": 0}))
        out.append("")
    return out[:-1]
