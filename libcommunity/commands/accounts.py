"""``libcommunity accounts``: the store's accounts, their platforms, timezone, language and what their data covers.

For every account: its platforms, IANA timezone, report language and, per
table and platform, the first and last month with data and the months missing
in between (``docs/metrics.md``, "Coverage"). ``--json`` prints one JSON
document; ``--out FILE.csv|.xlsx`` writes one row per account, table and
platform for a spreadsheet; otherwise a readable table.
"""

from __future__ import annotations

import sys

from ._common import add_store_option, log_result, open_store, print_json

NAME = "accounts"
HELP = "list the store's accounts: platforms, timezone, language and the months their data covers"

#: Columns of ``--out``: one row per account, table and platform (``table`` "data" is the account's whole data).
COLUMNS = ("account", "platforms", "timezone", "lang", "table", "platform", "first", "last", "months", "rows", "gaps",
           "note")
#: How each table is named in the readable output.
LABELS = {"posts": "posts", "interactions": "interactions", "audience": "audience", "members": "follower list"}


def add_arguments(parser) -> None:
    add_store_option(parser)
    parser.add_argument("--json", action="store_true", help='print {"accounts": [...]} as one JSON document')
    parser.add_argument("--out", metavar="FILE", help="write one row per account, table and platform to FILE.csv or FILE.xlsx")


def describe(store) -> list[dict]:
    """One JSON-ready dict per account of ``store`` (sorted): ``account``, ``platforms``, ``timezone``, ``lang``,
    ``data`` (``first``, ``last``, ``gaps`` or null), ``tables`` (per table and platform, see
    :meth:`~libcommunity.metrics.coverage.Coverage.summary`), ``kept`` (months whose figures ``prune`` kept) and
    ``pruned_before``."""
    from ..locales import account_lang
    from ..metrics import Scope

    out = []
    with store.snapshot() as snap:  # one committed version for every account
        for name in snap.accounts():
            with Scope(snap, name) as scope:
                info, summary = scope.info, scope.coverage.summary()
                pruned = scope.pruned_before
            out.append({
                "account": name,
                "platforms": sorted(info.platforms),
                "timezone": info.timezone,
                "lang": account_lang(info),
                "data": summary["data"],
                "tables": summary["tables"],
                "kept": summary["kept"],
                "pruned_before": None if pruned is None else str(pruned),
            })
    return out


def _gaps(gaps) -> str:
    from ..metrics.coverage import ranges

    return ranges(gaps)


def _note(table: str, entry: dict) -> str:
    if table == "members":
        return "a list of followers" if entry["list"] else "follows recorded since then; no follower count"
    return ""


def rows(accounts: list[dict]) -> list[dict]:
    """The ``--out`` rows (:data:`COLUMNS`)."""
    out = []
    for a in accounts:
        base = {"account": a["account"], "platforms": ", ".join(a["platforms"]), "timezone": a["timezone"], "lang": a["lang"]}
        data = a["data"] or {}
        out.append({**base, "table": "data", "platform": "", "first": data.get("first", ""), "last": data.get("last", ""),
                    "months": None, "rows": None, "gaps": _gaps(data.get("gaps", [])),
                    "note": "" if data else "no dated data"})
        for table, per in a["tables"].items():
            for platform, entry in per.items():
                out.append({**base, "table": table, "platform": platform, "first": entry["first"], "last": entry["last"],
                            "months": entry["months"], "rows": entry["rows"], "gaps": _gaps(entry.get("gaps", [])),
                            "note": _note(table, entry)})
    return out


def text(accounts: list[dict]) -> str:
    """The readable table."""
    if not accounts:
        return "no accounts yet: run 'libcommunity demo' or 'libcommunity ingest'"
    lines = []
    for a in accounts:
        data = a["data"]
        span = "no dated data" if data is None else f"data {data['first']}..{data['last']}" + (
            f" (none in {_gaps(data['gaps'])})" if data["gaps"] else "")
        lines.append(f"{a['account']}  {', '.join(a['platforms']) or '-'}  {a['timezone']}  {a['lang']}  {span}")
        if a["pruned_before"]:
            lines.append(f"  pruned before {a['pruned_before']}: monthly figures kept for {len(a['kept'])} months")
        for table, per in a["tables"].items():
            for platform, entry in per.items():
                gaps = f", none in {_gaps(entry['gaps'])}" if entry.get("gaps") else ""
                note = f" ({_note(table, entry)})" if _note(table, entry) else ""
                lines.append(f"  {LABELS[table]:<13} {platform:<10} {entry['first']}..{entry['last']}{gaps}{note}")
    return "\n".join(lines)


def run(args) -> int:
    from pathlib import Path

    import pandas as pd

    from ..errors import ParameterError
    from ..export import write_lists

    store = open_store(args)
    store._require_store()
    accounts = describe(store)
    if args.out:
        frame = pd.DataFrame(rows(accounts), columns=list(COLUMNS))
        frame["months"] = frame["months"].astype("Int64")
        frame["rows"] = frame["rows"].astype("Int64")
        try:
            (path,) = write_lists({"accounts": frame}, args.out)
        except OSError as exc:
            raise ParameterError(f"--out {args.out}: cannot be written ({exc.strerror or exc}); expected a writable file path") from None
        log_result(f"{len(accounts)} accounts written to {Path(path)}")
    if args.json:
        print_json({"accounts": accounts})
    elif not args.out:
        sys.stdout.write(text(accounts) + "\n")
    return 0
