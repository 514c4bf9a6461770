"""Write simulated tables as canonical CSV, and the whole demo as a folder.

Canonical CSV: a header of exactly the table's column names, UTF-8,
timestamps as ISO 8601 with offset (``2025-10-03T14:05:00+00:00``), dates as
``2025-10-03``, booleans ``true``/``false``, empty cells for nulls, ``\\n``
line ends. The same frames always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..schemas import table_spec
from .accounts import DEMO_ACCOUNTS
from .people import simulate_people
from .simulate import simulate_account

__all__ = ["TABLE_NAMES", "csv_text_frame", "write_csv", "generate_demo", "write_demo", "write_people", "people_paths"]

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


def people_paths(out_dir, account: str) -> dict:
    """Where :func:`write_people` writes an account's cross-platform structure (folders and files)."""
    from .people import CROSS_PLATFORM

    out_dir = Path(out_dir)
    return {
        "second": out_dir / account / CROSS_PLATFORM[account].platform,
        "offline": out_dir / account / "offline",
        "links": out_dir / "links" / f"{account}.csv",
        "profiles": out_dir / account / "profiles",
        "second_profiles": out_dir / account / "profiles" / f"{CROSS_PLATFORM[account].platform}-profiles.json",
    }


def write_people(out_dir, account: str, people) -> None:
    """Write an account's second platform (canonical CSV), attendance lists and survey export (as a library keeps
    them) and the links it keeps by hand (:mod:`libcommunity.demo.people`)."""
    paths = people_paths(out_dir, account)
    for table in TABLE_NAMES:
        write_csv(getattr(people.second, table), paths["second"] / f"{table}.csv", table)
    for name, frame in (("attendance.csv", people.attendance), ("survey.csv", people.survey)):
        path = paths["offline"] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.drop(columns=["_person"], errors="ignore").to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    paths["links"].parent.mkdir(parents=True, exist_ok=True)
    people.known.to_csv(paths["links"], index=False, lineterminator="\n", encoding="utf-8")
    if people.profiles:
        accounts, meta = people.profiles
        paths["profiles"].mkdir(parents=True, exist_ok=True)
        (paths["profiles"] / "followers.json").write_text(json.dumps(accounts, ensure_ascii=False) + "\n", encoding="utf-8")
        (paths["profiles"] / ".followers.json.meta.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    if people.second_profiles:
        paths["profiles"].mkdir(parents=True, exist_ok=True)
        paths["second_profiles"].write_text(json.dumps({"profiles": people.second_profiles}, ensure_ascii=False) + "\n",
                                            encoding="utf-8")


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
        people = simulate_people(demo, seed)
        if people is not None:
            write_people(out_dir, spec.account, people)
            demo = dataclasses.replace(demo, people=people)
        demos.append(demo)
    extra = [d.people.second for d in demos if d.people is not None]
    write_csv(pd.concat([d.ground_truth for d in demos] + [x.ground_truth for x in extra], ignore_index=True),
              out_dir / "ground_truth.csv")
    write_csv(pd.concat([d.text_truth for d in demos] + [x.text_truth for x in extra], ignore_index=True),
              out_dir / "text_truth.csv")
    truths = [d.people.truth for d in demos if d.people is not None]
    if truths:
        write_csv(pd.concat(truths, ignore_index=True), out_dir / "people_truth.csv")
    listing = [{k: getattr(spec, k) for k in ("account", "platform", "timezone", "lang", "shape")} for spec in accounts]
    (out_dir / "accounts.json").write_text(json.dumps(listing, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return demos
