"""``libcommunity collect mastodon|bluesky ... --account A``: API captures -> data/raw -> ingest.

Fetches the library's own data from the platform's API, saves every response
exactly as returned under ``data/raw/<account>/<platform>/<time>/`` and then
ingests the run (with the account's earlier notifications, so exact times win
over lower bounds). Secrets are read from environment variables, never from
the command line, and never written.
"""

from __future__ import annotations

import argparse
import os

from ..constants import DEFAULT_RAW
from ..errors import ParameterError
from ._common import add_store_option, log, log_lines, log_result, open_store

NAME = "collect"
HELP = "fetch a library's Mastodon or Bluesky data (API), save it under data/raw/<account>/ and ingest it"


def _common(p) -> None:
    # Also accepted after the platform; SUPPRESS keeps "collect --debug mastodon ..." working too.
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks and debug logs")
    p.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
        help="print only errors and the final line on stderr",
    )
    p.add_argument("--account", required=True, metavar="A", help="account slug, e.g. biblio-madrid")
    p.add_argument(
        "--raw", default=str(DEFAULT_RAW), metavar="DIR", help="where raw captures go (default: %(default)s)"
    )
    p.add_argument("--timezone", metavar="TZ", help="the account's IANA timezone (stored with the account)")
    p.add_argument(
        "--refresh-days",
        type=int,
        default=30,
        metavar="N",
        help="re-read the last N days of posts, and list who liked or shared them (default: %(default)s)",
    )
    p.add_argument("--no-followers", action="store_true", help="do not fetch the follower list")
    p.add_argument("--no-ingest", action="store_true", help="only save the raw responses")
    add_store_option(p)


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="platform", metavar="PLATFORM", required=True)
    m = sub.add_parser(
        "mastodon", help="Mastodon REST API (Mastodon.py)", description="Collect from a Mastodon instance."
    )
    m.add_argument(
        "--instance", required=True, metavar="URL", help="the library's instance, e.g. https://mastodon.social"
    )
    m.add_argument(
        "--token-env",
        required=True,
        metavar="VAR",
        help="environment variable holding an access token of the library's account (read scope)",
    )
    _common(m)
    b = sub.add_parser("bluesky", help="Bluesky / AT Protocol (atproto SDK)", description="Collect from Bluesky.")
    b.add_argument("--handle", required=True, metavar="H", help="the library's handle, e.g. biblio.bsky.social")
    b.add_argument(
        "--app-password-env",
        metavar="VAR",
        help="environment variable holding an app password of the library's account (enables notifications)",
    )
    b.add_argument(
        "--service", metavar="URL", help="login service or AppView (default: bsky.social / public.api.bsky.app)"
    )
    _common(b)


def _secret(var: str | None, what: str) -> str | None:
    if var is None:
        return None
    value = os.environ.get(var, "").strip()
    if not value:
        raise ParameterError(f"environment variable {var} must hold {what}; it is not set or empty")
    return value


def run(args) -> int:
    from ..ingest import ingest_paths
    from ..months import validate_account

    validate_account(args.account)
    if args.refresh_days < 1:
        raise ParameterError(f"--refresh-days must be 1 or more; got {args.refresh_days} instead")
    if args.platform == "mastodon":
        from ..collect.mastodon import collect_mastodon

        result = collect_mastodon(
            instance=args.instance,
            token=_secret(args.token_env, "the library's Mastodon access token"),
            account=args.account,
            raw_root=args.raw,
            refresh_days=args.refresh_days,
            followers=not args.no_followers,
        )
    else:
        from ..collect.bluesky import collect_bluesky

        result = collect_bluesky(
            handle=args.handle,
            account=args.account,
            raw_root=args.raw,
            app_password=_secret(args.app_password_env, "an app password of the library's Bluesky account"),
            service=args.service,
            refresh_days=args.refresh_days,
            followers=not args.no_followers,
        )
    for note in result.notes:
        log.info(note)
    saved = f"{result.requests} request(s), {len(result.files)} response(s) saved"
    if args.no_ingest or not result.ingest_order:
        log_result(saved)
        return 0
    log.info(saved)
    handles = [args.handle] if args.platform == "bluesky" else []  # the library's own: its mentions are the library
    report = ingest_paths(result.ingest_order, account=args.account, store=open_store(args), timezone=args.timezone,
                          handles=handles)
    log_lines(report.lines())
    return 0
