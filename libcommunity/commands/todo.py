"""``libcommunity todo --account A --month YYYY-MM``: every comment, mention and message still waiting for a reply.

The month's conversation items that need a reply (questions, requests,
complaints, direct messages, texts that cannot be judged) and have none yet,
complaints first, then the longest wait (:func:`libcommunity.metrics.waiting_items`;
definitions in docs/metrics.md). Waiting times run up to the latest data in
the store. Texts have contact details redacted and members appear as
pseudonyms unless ``--reveal``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..constants import PLATFORMS
from ..errors import ParameterError
from ._common import add_store_option, log_result, open_store, print_json, printable

NAME = "todo"
HELP = "list the month's comments, mentions and messages still waiting for a reply (complaints first)"

#: Columns of the list, in order (``handle`` only with ``--reveal``).
COLUMNS = ("need", "kind", "platform", "received", "hours_waiting", "post_url", "text", "member", "handle")
#: Longest text shown in the readable table (characters); ``--json`` and ``--out`` give the whole text.
TABLE_TEXT = 90


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="calendar month in the account's timezone")
    add_store_option(parser)
    parser.add_argument("--platform", choices=PLATFORMS, metavar="P", help="only this platform of the account")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout instead of the table")
    parser.add_argument(
        "--out", metavar="FILE", help="also write the list to FILE.csv (the language's spreadsheet conventions) or FILE.xlsx"
    )
    parser.add_argument(
        "--reveal", action="store_true",
        help="show members' handles and texts as written; without it, pseudonyms and contact details redacted",
    )


def todo_frame(scope, account: str, month, *, reveal: bool = False):
    """The list ``todo`` shows: one row per item waiting for a reply, complaints first, then the longest wait.

    Columns: :data:`COLUMNS` (``handle`` only with ``reveal``); ``received``
    is the item's time in the account's timezone, ``text`` has contact
    details redacted unless ``reveal``; ``need`` is what the item needs
    (``complaint``, ``request``, ``question``, ``message``: a direct message,
    ``unjudged``: no text to judge).
    """
    import pandas as pd

    from ..metrics import waiting_items
    from ..redact import redact_texts

    items = waiting_items(scope, account, month)
    out = pd.DataFrame({
        "need": items["need"],
        "kind": items["kind"],
        "platform": items["platform"],
        "received": items["created_at"].dt.tz_convert(scope.timezone),
        "hours_waiting": items["hours_waiting"].round(1),
        "post_url": items["post_url"],
        "text": items["text"] if reveal else redact_texts(items["text"]),
        "member": items["member_id"],
    })
    if reveal:
        ids = scope.identities()
        handles = {(p, m): h for p, m, h in ids[["platform", "member_id", "handle"]].itertuples(index=False)}
        out["handle"] = pd.array([handles.get((p, m)) for p, m in zip(items["platform"], items["member_id"])], dtype="string")
    return out.reset_index(drop=True)


def _short(value, limit: int) -> str:
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    text = printable(" ".join(str(value).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(frame, header: str) -> str:
    if frame.empty:
        return header + "\n  nothing is waiting for a reply\n"
    who = "handle" if "handle" in frame else "member"
    rows = [("need", "kind", "platform", "received", "waiting", who, "post", "text")]
    for r in frame.itertuples(index=False):
        rows.append((
            r.need, r.kind, r.platform, r.received.strftime("%Y-%m-%d %H:%M"), f"{r.hours_waiting:,.1f} h",
            _short(getattr(r, who), 24), _short(r.post_url, 60) or "-", _short(r.text, TABLE_TEXT),
        ))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = [header]
    for row in rows:
        cells = [str(c).rjust(w) if i == 4 else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells) + "  " + row[-1])
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from ..export import write_lists
    from ..locales import account_lang
    from ..metrics import Scope
    from ..metrics.kept import check_month_available
    from ..metrics.response import resolve_as_of
    from ..metrics.scope import resolve
    from ..months import validate_account

    validate_account(args.account)
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
        raise ParameterError(f"--out {args.out}: expected a file name ending in .csv or .xlsx")
    with Scope(open_store(args), args.account, platform=args.platform) as scope:
        w = resolve(scope, args.account, args.month)
        check_month_available(scope, args.account, w.month, command="todo")
        frame = todo_frame(scope, args.account, w.month, reveal=args.reveal)
        as_of = resolve_as_of(scope, None)
        info = scope.info
    if args.out:
        try:
            (path,) = write_lists({"todo": frame}, args.out, lang=account_lang(info), timezone=info.timezone,
                                  reveal=args.reveal, decimals={"hours_waiting": 1}, verbatim=("post_url",))
        except OSError as exc:
            raise ParameterError(f"--out {args.out}: cannot be written ({exc.strerror or exc}); expected a writable file path") from None
        log_result(f"{len(frame)} items waiting for a reply written to {path}")
    if args.json:
        counts = frame["need"].value_counts()
        print_json({
            "account": args.account,
            "month": str(w.month),
            "timezone": info.timezone,
            "platform": args.platform,
            "as_of": None if as_of is None else as_of.isoformat(),
            "items": len(frame),
            "by_need": {k: int(counts.get(k, 0)) for k in ("complaint", "request", "question", "message", "unjudged")},
            "waiting": [
                {k: (v.isoformat() if k == "received" and v is not None else v) for k, v in row.items()}
                for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
            ],
        })
    elif not args.out:
        since = "" if as_of is None else f", waiting times up to {as_of.tz_convert(info.timezone):%Y-%m-%d %H:%M} ({info.timezone})"
        where = f" on {args.platform}" if args.platform else ""
        header = f"{args.account} {w.month}{where}: {len(frame)} items waiting for a reply, complaints first{since}"
        sys.stdout.write(_table(frame, header))
    return 0
