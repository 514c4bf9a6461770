"""``libcommunity demo``: build the realistic multi-library demo data and ingest it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..errors import ParameterError
from ._common import add_store_option, log, log_result, open_store

NAME = "demo"
HELP = "simulate a network of library accounts (data/sample) and ingest it into the store"
DEFAULT_SAMPLE = Path("data/sample")


def add_arguments(parser) -> None:
    add_store_option(parser)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: %(default)s)")
    parser.add_argument(
        "--sample", default=str(DEFAULT_SAMPLE), metavar="DIR", help="where the canonical CSV files go (default: %(default)s)"
    )
    parser.add_argument(
        "--latest-month", action="store_true", help="only print the latest complete month of the demo data and exit"
    )


def run(args) -> int:
    from ..demo import LATEST_MONTH, build_store

    if args.latest_month:
        print(LATEST_MONTH)
        return 0
    if args.seed < 0:
        raise ParameterError(f"seed must be a non-negative integer; got {args.seed} instead")
    store = open_store(args)
    sample = Path(args.sample)
    # Generate into a temporary directory first, so a failure leaves data/sample as it was.
    sample.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=sample.parent, prefix=".demo-") as tmp:
        build_store(store, seed=args.seed, sample=Path(tmp), log=log.info)
        for child in sample.iterdir() if sample.exists() else []:
            if child.name != ".gitkeep":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        sample.mkdir(parents=True, exist_ok=True)
        for child in Path(tmp).iterdir():
            shutil.move(str(child), sample / child.name)
    log_result(f"demo data: {sample}/ (canonical CSV, ground_truth.csv and text_truth.csv), store: {store.root}/")
    return 0
