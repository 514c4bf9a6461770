"""Write simulated tables as canonical CSV, and the whole demo as a folder.

Canonical CSV: a header of exactly the table's column names, UTF-8,
timestamps as ISO 8601 with offset (``2025-10-03T14:05:00+00:00``), dates as
``2025-10-03``, booleans ``true``/``false``, empty cells for nulls, ``\\n``
line ends. The same frames always give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..schemas import table_spec
from .accounts import DEMO_ACCOUNTS
from .simulate import simulate_account

__all__ = ["TABLE_NAMES", "csv_text_frame", "write_csv", "generate_demo", "write_demo"]

#: The canonical tables written per account, in this order.
TABLE_NAMES = ("posts", "interactions", "members", "audience")


def _text(s: pd.Series, kind: str) -> pd.Series:
    """One column as canonical CSV text."""
    if kind == "timestamp":
        out = s.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    elif kind == "date":
        out = s.dt.strftime("%Y-%m-%d")
    elif kind == "bool":
        out = s.astype("boolean").map({True: "true", False: "false"}, na_action="ignore")
    else:
        out = s
    return out.astype("string").fillna("")


def csv_text_frame(frame: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """``frame`` with every cell as canonical CSV text.

    Parameters
    ----------
    frame : pandas.DataFrame
    table : str, optional
        A canonical table name; its column types decide the formatting.
        Without it, datetime columns are timestamps and boolean columns booleans.
    """
    if table is not None:
        kinds = {c.name: c.type for c in table_spec(table).columns}
    else:
        kinds = {c: "bool" if pd.api.types.is_bool_dtype(frame[c]) else "string" for c in frame.columns}
    return pd.DataFrame({c: _text(frame[c], kinds[c]) for c in frame.columns})


def write_csv(frame: pd.DataFrame, path: Path, table: str | None = None) -> Path:
    """Write ``frame`` as canonical CSV to ``path`` (parent folders are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_text_frame(frame, table).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def generate_demo(out_dir, seed: int = 42, accounts=DEMO_ACCOUNTS) -> dict:
    """Simulate the demo accounts and write them as canonical CSV.

    Writes ``out_dir/<account>/{posts,interactions,members,audience}.csv``,
    ``out_dir/accounts.json`` (``account, platform, timezone, lang, shape``
    of each account), ``out_dir/ground_truth.csv`` (every person of every
    account, every month: ``account, platform, handle, month, segment,
    persona, following``) and ``out_dir/text_truth.csv`` (the intended kind of
    every member text: ``account, platform, interaction_id, kind, intent``).
    Handles are the original ones; ingest pseudonymises them.

    Parameters
    ----------
    out_dir : path-like
        Destination folder, created if missing.
    seed : int
        Random seed (non-negative); the same seed writes byte-identical files.
    accounts : sequence of AccountSpec
        The accounts to simulate (default: :data:`~libcommunity.demo.accounts.DEMO_ACCOUNTS`).

    Returns
    -------
    dict
        ``{account: {table: rows}}`` for the four tables, ``ground_truth`` and ``text_truth``.
    """
    demos = write_demo(out_dir, seed, accounts)
    return {d.spec.account: {t: len(getattr(d, t)) for t in TABLE_NAMES + ("ground_truth", "text_truth")} for d in demos}


def write_demo(out_dir, seed: int = 42, accounts=DEMO_ACCOUNTS) -> list:
    """:func:`generate_demo`, returning the simulated accounts (:class:`~libcommunity.demo.simulate.DemoAccount`)."""
    names = [spec.account for spec in accounts]
    if len(set(names)) != len(names):
        raise ParameterError(f"accounts must have distinct slugs; got {names} instead")
    out_dir = Path(out_dir)
    demos = []
    for spec in accounts:
        demo = simulate_account(spec, seed)
        for table in TABLE_NAMES:
            write_csv(getattr(demo, table), out_dir / spec.account / f"{table}.csv", table)
        demos.append(demo)
    write_csv(pd.concat([d.ground_truth for d in demos], ignore_index=True), out_dir / "ground_truth.csv")
    write_csv(pd.concat([d.text_truth for d in demos], ignore_index=True), out_dir / "text_truth.csv")
    listing = [{k: getattr(spec, k) for k in ("account", "platform", "timezone", "lang", "shape")} for spec in accounts]
    (out_dir / "accounts.json").write_text(json.dumps(listing, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return demos
