"""``libcommunity ingest PATH... --account A``: read exports into the store (``--list``: the account's ingests)."""

from __future__ import annotations

import sys

from ..constants import LANGUAGES, PLATFORMS
from ..errors import ParameterError
from ._common import add_store_option, log_lines, log_result, open_store, print_json, printable

NAME = "ingest"
HELP = "read exports or API captures (format detected from content) into the store; --list: the account's ingests"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to ingest")
    parser.add_argument("--account", required=True, metavar="A", help="account slug, e.g. biblioteca-lavapies")
    parser.add_argument("--platform", choices=PLATFORMS, help="override the platform the format implies")
    parser.add_argument("--timezone", metavar="TZ", help="the account's IANA timezone (stored with the account)")
    parser.add_argument("--lang", choices=LANGUAGES, help="the account's report language")
    parser.add_argument(
        "--handle",
        action="append",
        default=[],
        metavar="H",
        help="the library's own handle (repeatable; kept with the account): its mentions in texts are shown as "
        "the library, not as a pseudonym",
    )
    parser.add_argument(
        "--own-posts-only",
        action="store_true",
        help="keep only the account's own posts where an export names each post's owner "
        "(leave out collaborations and another Page's rows; they are listed as skipped)",
    )
    parser.add_argument(
        "--list", action="store_true",
        help="list the account's ingests instead (batch id, time, files with SHA-256 and format, rows added and "
        "changed per table); 'libcommunity uningest' takes one back",
    )
    parser.add_argument("--json", action="store_true", help="with --list: print one JSON document")
    add_store_option(parser)


def run(args) -> int:
    if args.list:
        if args.paths:
            raise ParameterError("ingest --list takes no PATH; got " + ", ".join(map(repr, args.paths[:3])))
        return _list(args)
    if args.json:
        raise ParameterError("--json goes with --list (an ingest prints its summary on stderr)")
    if not args.paths:
        raise ParameterError("ingest needs at least one PATH (a file or folder to read), or --list")
    from ..ingest import ingest_paths

    report = ingest_paths(
        args.paths,
        account=args.account,
        store=open_store(args),
        platform=args.platform,
        timezone=args.timezone,
        lang=args.lang,
        own_posts_only=args.own_posts_only,
        handles=args.handle,
    )
    log_lines(report.lines())
    return 0


def _list(args) -> int:
    from ..uningest import list_ingests

    store = open_store(args)
    store._require_store()
    ingests = list_ingests(store, args.account)
    if args.json:
        print_json({"account": args.account, "ingests": ingests})
    else:
        sys.stdout.write("\n".join(ingest_lines(ingests)) + ("\n" if ingests else ""))
    n = len(ingests)
    tail = f"; take one back with: libcommunity uningest --account {args.account} --batch N" if n else ""
    log_result(f"{args.account}: {n} ingest{'' if n == 1 else 's'} in the store{tail}")
    return 0


def ingest_lines(ingests) -> list[str]:
    """A readable listing of :func:`~libcommunity.uningest.list_ingests` (file names made printable)."""
    out = []
    for i in ingests:
        flag = "" if i["undoable"] else "  (made before ingests recorded what they replaced: cannot be taken back)"
        out.append(f"batch {i['batch']}  {i['ingested_at']}{flag}")
        width = max(len(printable(f["file"])) for f in i["files"]) if i["files"] else 0
        for f in i["files"]:
            out.append(f"  {printable(f['file']):<{width}}  {f['format']:<18} {f['rows']:>9} rows  sha256 {f['sha256']}")
        if i["tables"]:
            out.append("  " + "; ".join(
                f"{t}: {c['added']} added, {c['changed']} changed, {c['unchanged']} unchanged" for t, c in i["tables"].items()
            ))
    return out
