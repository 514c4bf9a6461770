"""``libcommunity link --account A``: which identities are one person (identity links).

One of:

* ``link --account A FILE.csv``: link the identities the file says belong
  together (platform + handle, e-mail, library card number, name as written;
  see ``docs/metrics.md``, "Identity links");
* ``link --account A --suggest [--out FILE.csv|.xlsx] [--json] [--reveal]``:
  propose links with their evidence; nothing is written to the store;
* ``link --account A --accept FILE.csv``: write the suggestions of FILE whose
  ``accept`` column says yes;
* ``link --account A --list [--out FILE] [--json] [--reveal]``: the people with
  several identities;
* ``link --account A --remove ID ...``: dissolve people (``p_…``) or take
  identities (``platform:handle`` or ``platform:m_…``) out of theirs.

Every change is one store transaction; the same change twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..constants import LANGUAGES
from ..errors import ParameterError
from ._common import add_store_option, log_lines, log_result, open_store, print_json

NAME = "link"
HELP = "link an account's identities that are one person (across platforms and offline lists); suggest links"


def add_arguments(parser) -> None:
    parser.add_argument("--account", required=True, metavar="A", help="account slug")
    parser.add_argument("file", nargs="?", metavar="FILE.csv",
                        help="identities that belong together: person, platform, handle, email, card, name")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--suggest", action="store_true", help="propose links with their evidence (writes nothing)")
    what.add_argument("--accept", metavar="FILE", help="write the suggestions of FILE (from --suggest --out) marked accept=yes")
    what.add_argument("--list", action="store_true", help="list the people with several identities")
    what.add_argument("--remove", nargs="+", metavar="ID",
                      help="dissolve a person (p_…) or unlink an identity (platform:handle or platform:m_…)")
    parser.add_argument("--out", metavar="FILE", help="with --suggest or --list: write FILE.csv or FILE.xlsx")
    parser.add_argument("--json", action="store_true", help="with --suggest or --list: print one JSON document")
    parser.add_argument("--reveal", action="store_true", help="with --suggest or --list: show handles, not only pseudonyms")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of --out's numbers and delimiter (default: the account's)")
    add_store_option(parser)


def _check(args) -> str:
    modes = [m for m, on in (("file", args.file), ("suggest", args.suggest), ("accept", args.accept),
                             ("list", args.list), ("remove", args.remove)) if on]
    if len(modes) != 1:
        raise ParameterError("link needs one of FILE.csv, --suggest, --accept FILE, --list or --remove ID; got "
                             + (", ".join(modes) if modes else "none") + " instead")
    mode = modes[0]
    if (args.out or args.json or args.reveal) and mode not in ("suggest", "list"):
        raise ParameterError("--out, --json and --reveal go with --suggest or --list")
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
        raise ParameterError(f"--out {args.out}: expected a file name ending in .csv or .xlsx")
    return mode


def _show(args, frame, name: str, store) -> None:
    from ..export import write_lists
    from ..locales import account_lang

    if args.out:
        info = store.account(args.account)
        (path,) = write_lists({name: frame}, args.out, lang=args.lang or account_lang(info), timezone=info.timezone,
                              reveal=args.reveal)
        log_result(f"{frame.iloc[:, 0].nunique() if len(frame) else 0} {name} ({len(frame)} rows) written to {path}")
    if args.json:
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        print_json({"account": args.account, name: records})
    if not args.out and not args.json:
        import pandas as pd

        with pd.option_context("display.max_rows", 200, "display.max_columns", 20, "display.width", 200,
                               "display.max_colwidth", 90):
            print(frame.to_string(index=False) if len(frame) else f"{args.account}: no {name}")


def run(args) -> int:
    mode = _check(args)
    store = open_store(args)
    store.account(args.account)
    if mode == "file":
        from ..people.linkfile import read_link_file
        from ..people.linking import link_groups

        parsed = read_link_file(args.file)
        report = link_groups(store, args.account, parsed.groups)
        skipped = [f"{len(rows)} row(s) skipped: {reason}" for reason, rows in parsed.skipped.items()]
        log_lines([*skipped, *report.lines()])
    elif mode == "accept":
        from ..people.linking import accept_suggestions

        log_lines(accept_suggestions(store, args.account, args.accept).lines())
    elif mode == "remove":
        from ..people.linking import unlink

        log_lines(unlink(store, args.account, args.remove).lines())
    elif mode == "suggest":
        from ..metrics import Scope
        from ..people.suggest import suggest_links

        with store.snapshot() as snap, Scope(snap, args.account) as scope:
            frame = suggest_links(scope, args.account, reveal=args.reveal)
        _show(args, frame, "suggestions", store)
    else:
        from ..people.linking import list_links

        _show(args, list_links(store, args.account, reveal=args.reveal), "links", store)
    return 0
