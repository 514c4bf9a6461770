"""``libcommunity ingest PATH... --account A``: read exports into the store."""

from __future__ import annotations

from ..constants import LANGUAGES, PLATFORMS
from ._common import add_store_option, log_lines, open_store

NAME = "ingest"
HELP = "read exports or API captures (format detected from content) into the store"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to ingest")
    parser.add_argument("--account", required=True, metavar="A", help="account slug, e.g. biblio-madrid")
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
    add_store_option(parser)


def run(args) -> int:
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
