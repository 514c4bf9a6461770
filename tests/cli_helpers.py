"""A library on two platforms for the command tests: ``both`` platforms, and the same Bluesky rows alone.

Bluesky has 500 followers (a lively community: more than 15 ambassadors, the
report's list length), Mastodon 90. The same simulation seed gives the same
handles on both; the platform store ``bluesky`` holds only the Bluesky rows, so a
command run with ``--platform bluesky`` on ``both`` must answer what it answers
there.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from libcommunity.demo import AccountSpec, simulate_account, write_csv
from libcommunity.ingest import ingest_paths
from libcommunity.store import Store

from .conftest import TEST_KEY

ACCOUNT = "duo"
MONTH = "2026-10"
TIMEZONE = "Europe/Stockholm"
SPECS = {
    platform: AccountSpec(ACCOUNT, platform, TIMEZONE, "sv", followers, shape=shape, start="2025-09", end=MONTH)
    for platform, followers, shape in (("bluesky", 500, "lively"), ("mastodon", 90, "typical"))
}


def build_duo(root: Path) -> dict:
    """``{"both": Store, "bluesky": Store}`` under ``root`` (see the module docstring)."""
    folders = {}
    for platform, spec in SPECS.items():
        demo = simulate_account(spec, seed=5)
        folders[platform] = root / "src" / platform
        for table in ("posts", "interactions", "members", "audience"):
            write_csv(getattr(demo, table), folders[platform] / f"{table}.csv", table)
    out = {}
    for name, platforms in (("both", ("bluesky", "mastodon")), ("bluesky", ("bluesky",))):
        store = Store(root / name)
        for platform in platforms:
            ingest_paths([folders[platform]], account=ACCOUNT, store=store, platform=platform, timezone=TIMEZONE, lang="sv")
        out[name] = store
    return out


#: The folder where ``duo`` was simulated and ingested in this process (four test modules use it).
_BUILT: list[Path] = []


@pytest.fixture(scope="module")
def duo(tmp_path_factory):
    """``{"both": Store, "bluesky": Store}``: a module's own copy of ``duo``, simulated and ingested once per process
    (about two seconds of CPU); each module may change its copy."""
    if not _BUILT:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
            built = tmp_path_factory.mktemp("duo-built")
            build_duo(built)
        _BUILT.append(built)
    root = tmp_path_factory.mktemp("duo")
    shutil.copytree(_BUILT[0], root, symlinks=True, dirs_exist_ok=True)
    return {name: Store(root / name) for name in ("both", "bluesky")}


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """A CSV the tool wrote: (header, rows), after checking the byte-order mark; the delimiter is sniffed."""
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV files start with a UTF-8 byte-order mark"
    text = raw[3:].decode("utf-8")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return rows[0], rows[1:]


def read_xlsx(path: Path) -> dict:
    """``{sheet: rows}`` of a workbook (python-calamine)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
