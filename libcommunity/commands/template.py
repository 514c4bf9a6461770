"""``libcommunity template [--dir D]``: blank canonical CSV files to fill in, one example row each (commented out)."""

from __future__ import annotations

from ..constants import LANGUAGES
from ._common import log_result

NAME = "template"
HELP = "write blank canonical CSV files (posts, interactions, members, audience) to fill in; see docs/canonical.md"


def add_arguments(parser) -> None:
    parser.add_argument("--dir", default=".", metavar="D", help="folder to write the four files into (default: the current one)")
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en",
        help="spreadsheet conventions of the files: ';' as delimiter for es and sv (default: %(default)s)",
    )


def run(args) -> int:
    from ..csv_templates import write_templates

    paths = write_templates(args.dir, lang=args.lang)
    log_result(
        f"{len(paths)} files written to {args.dir}: " + ", ".join(p.name for p in paths)
        + " (one example row each, commented out with #; see docs/canonical.md)"
    )
    return 0
