"""``libcommunity check [--repair]``: verify every committed file of a store, and drop damaged ones.

:func:`check_store` reads the manifest (its paths must be files of the
store), then every file it lists: present, a regular file inside the store
(no link), a readable Parquet footer with the table's columns, every row
group decodable. It also lists files and folders that others than the
owner can read (the store holds personal data: 0600 / 0700).

:func:`repair_store` drops each damaged file from the manifest in one
transaction, after saying what is lost (table, account, month, rows by the
footer when it can be read), and makes every file and folder owner-only.
Data in a dropped file comes back only by ingesting its exports again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from .layout import KEY_FILE_NAME, LEGACY_COLUMNS, check_no_link, columns_of

__all__ = ["Problem", "CheckReport", "check_store", "repair_store"]


@dataclass
class Problem:
    """One damaged committed file."""

    table: str
    account: str
    rel: str
    reason: str
    rows: int | None = None

    def line(self) -> str:
        month = self.rel.split("/")[2].split("=", 1)[-1]
        lost = "rows unknown" if self.rows is None else f"{self.rows} row(s)"
        return f"  damaged: {self.rel} ({self.table} of {self.account}, month {month}, {lost}): {self.reason}"


@dataclass
class CheckReport:
    """What :func:`check_store` found."""

    root: Path
    files: int = 0
    problems: list = field(default_factory=list)
    open_permissions: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    fixed_permissions: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"{self.root}: {self.files} committed file(s) checked, {len(self.problems)} damaged"]
        out += [p.line() for p in self.problems]
        if self.dropped:
            out.append(f"  dropped {len(self.dropped)} damaged file(s) from the store; their rows are lost until the "
                       "exports that held them are ingested again")
        if self.open_permissions:
            shown = ", ".join(self.open_permissions[:5]) + (" ..." if len(self.open_permissions) > 5 else "")
            out.append(f"  {len(self.open_permissions)} path(s) readable by others than the owner: {shown}"
                       " (libcommunity check --repair makes them owner-only)")
        if self.fixed_permissions:
            out.append(f"  made {self.fixed_permissions} path(s) owner-only (0600 files, 0700 folders)")
        if self.problems and not self.dropped:
            out.append("  run 'libcommunity check --repair' to drop the damaged files from the store")
        return out


def _verify(root: Path, table: str, rel: str) -> tuple[str | None, int | None]:
    """``(reason, rows)``: reason None when the file is whole."""
    try:
        path = check_no_link(root, rel)
        st = os.lstat(path)
    except FileNotFoundError:
        return "missing", None
    except (StoreError, OSError) as exc:
        return str(exc), None
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file", None
    rows = None
    try:
        pf = pq.ParquetFile(path)
        rows = pf.metadata.num_rows
        names = set(pf.schema_arrow.names)
        missing = [c for c in columns_of(table) if c not in names]
        if missing and table in LEGACY_COLUMNS and set(LEGACY_COLUMNS[table]) <= names:
            missing = []  # a file of an earlier layout, still read (store.layout.select_columns)
        if missing:
            return f"columns missing: {missing}", rows
        for g in range(pf.metadata.num_row_groups):
            pf.read_row_group(g)
    except (OSError, pa.ArrowException, ValueError) as exc:
        return f"not readable ({str(exc).strip().splitlines()[0][:200]})", rows
    return None, rows


def _open_paths(root: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = os.lstat(path)
            if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
                out.append(path.relative_to(root).as_posix())
    if Path(root).stat().st_mode & 0o077:
        out.insert(0, ".")
    return out


def check_store(store) -> CheckReport:
    """Verify the manifest and every committed file (see the module docstring)."""
    store._require_store()
    with store.snapshot() as snap:
        manifest = snap.manifest()  # a damaged manifest raises here, naming the entry
    report = CheckReport(store.root)
    for table, by_account in sorted(manifest["files"].items()):
        for account, rels in sorted(by_account.items()):
            for rel in rels:
                report.files += 1
                reason, rows = _verify(store.root, table, rel)
                if reason is not None:
                    report.problems.append(Problem(table, account, rel, reason, rows))
    report.open_permissions = _open_paths(store.root)
    return report


def repair_store(store) -> CheckReport:
    """:func:`check_store`, then drop the damaged files in one transaction and make everything owner-only."""
    report = check_store(store)
    if report.problems:
        with store.transaction() as txn:
            for p in report.problems:
                txn.drop_files(p.table, p.account, [p.rel])
                report.dropped.append(p.rel)
    for rel in report.open_permissions:
        path = store.root / rel if rel != "." else store.root
        mode = 0o700 if path.is_dir() else 0o600
        os.chmod(path, mode)
        report.fixed_permissions += 1
    report.open_permissions = []
    return report
