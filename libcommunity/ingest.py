"""Ingest: files in, pseudonymised canonical rows in the store.

``ingest_paths`` reads every file (format detected from content), types and
validates the rows, replaces member handles with keyed pseudonyms (keeping
the originals apart in the store's identities table), and upserts everything
in one store transaction. Nothing is written unless every file is valid.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .loaders import LoadContext, load_file
from .months import validate_account, validate_timezone
from .pseudonym import Pseudonymizer, load_key
from .schemas import LANGUAGES, PLATFORMS, TABLES
from .store import DEFAULT_STORE, Store
from .validate import drop_repeated_rows, validate_frame

__all__ = ["ingest_paths", "IngestReport", "FileReport", "expand_paths", "sha256_of"]


@dataclass
class FileReport:
    """What one file contributed."""

    path: str
    format: str
    sha256: str
    rows: dict
    notes: list = field(default_factory=list)


@dataclass
class IngestReport:
    """The outcome of one ingest: per file and per table."""

    account: str
    files: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    changed: bool = False

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        out = []
        for f in self.files:
            rows = ", ".join(f"{n} {t}" for t, n in f.rows.items()) or "no rows"
            out.append(f"{f.path}: {f.format}, {rows}")
            out.extend(f"  note: {n}" for n in f.notes)
        for t, c in self.tables.items():
            out.append(f"{t}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged")
        if not self.changed:
            out.append("nothing new: the store is unchanged")
        return out


def sha256_of(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def expand_paths(paths) -> list[Path]:
    """Files named, with directories expanded to the files they contain (sorted, hidden files skipped)."""
    out = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")))
        else:
            out.append(p)
    if not out:
        raise ParameterError("no input files given")
    return out


def _pseudonymise(frame: pd.DataFrame, pseudo: Pseudonymizer, identities: dict) -> pd.DataFrame:
    handles = frame["member_id"]
    ids = pseudo.series(handles, frame["platform"])
    for plat, handle, mid in zip(frame["platform"], handles, ids):
        identities[(plat, mid)] = str(handle).strip()
    frame = frame.copy()
    frame["member_id"] = ids
    return frame


def _drop_forgotten(frame: pd.DataFrame, forgotten: set) -> pd.DataFrame:
    """Drop rows of erased members and, for interactions, the library's replies to them."""
    theirs = frame["member_id"].isin(forgotten)
    if "reply_to" in frame.columns:
        erased_ids = set(frame.loc[theirs, "interaction_id"])
        theirs |= frame["by_library"].fillna(False).astype(bool) & frame["reply_to"].isin(erased_ids).fillna(False).astype(bool)
    return frame[~theirs]


def ingest_paths(
    paths,
    *,
    account: str,
    store: Store | str | Path = DEFAULT_STORE,
    platform: str | None = None,
    timezone: str | None = None,
    lang: str | None = None,
    format: str | None = None,
) -> IngestReport:
    """Read files and upsert their rows into the store.

    Parameters
    ----------
    paths : iterable of path-like
        Files or directories (expanded to their files).
    account : str
        Account slug the rows belong to.
    store : Store or path-like
    platform : str, optional
        Overrides the platform a loader infers; must be one of
        :data:`libcommunity.schemas.PLATFORMS`.
    timezone : str, optional
        IANA timezone of the account; stored with the account. Defaults to
        the account's stored timezone, else UTC.
    lang : str, optional
        Report language of the account (``en``, ``es``, ``sv``).
    format : str, optional
        Force a loader by name instead of detecting it.

    Returns
    -------
    IngestReport

    Raises
    ------
    InputError
        On the first file, row or column that is not as expected; nothing is written.
    """
    validate_account(account)
    if platform is not None and platform not in PLATFORMS:
        raise ParameterError(f"platform must be one of {', '.join(PLATFORMS)}; got {platform!r} instead")
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r} instead")
    store = store if isinstance(store, Store) else Store(store)
    if timezone is not None:
        validate_timezone(timezone)
    tz = timezone or (store.account(account).timezone if account in (store.accounts() if store.exists() else []) else "UTC")
    ctx = LoadContext(account=account, timezone=tz, platform=platform)

    files = expand_paths(paths)
    report = IngestReport(account=account)
    per_table: dict[str, list[pd.DataFrame]] = {}
    provenance = []
    for path in files:
        result = load_file(path, ctx, format=format)
        rows = {}
        for table, frame in result.tables.items():
            frame = drop_repeated_rows(frame, table, path=path)
            validate_frame(frame, table, path=path)
            per_table.setdefault(table, []).append(frame)
            rows[table] = len(frame)
        digest = sha256_of(path)
        report.files.append(FileReport(str(path), result.format, digest, rows, list(result.notes)))
        provenance.append(
            {
                "file": path.name,
                "sha256": digest,
                "format": result.format,
                "rows": sum(rows.values()),
                "tables": ",".join(sorted(rows)),
            }
        )
    platforms = sorted({p for frames in per_table.values() for f in frames for p in f["platform"].dropna().unique()})

    store.root.mkdir(parents=True, exist_ok=True)
    pseudo = Pseudonymizer(load_key(store.root))
    identities: dict = {}
    forgotten = store.forgotten(account) if store.exists() and account in store.accounts() else set()
    merged = {}
    for table, frames in per_table.items():
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
        # Overlapping exports: the file given last wins for a key given twice.
        frame = frame.drop_duplicates(subset=list(TABLES[table].key), keep="last")
        if table in ("interactions", "members"):
            frame = _pseudonymise(frame, pseudo, identities)
            if forgotten:
                frame = _drop_forgotten(frame, forgotten)
        merged[table] = frame
    for key in [k for k in identities if k[1] in forgotten]:
        del identities[key]

    with store.transaction() as txn:
        txn.set_account(account, timezone=timezone, lang=lang)
        for plat in platforms:
            txn.set_account(account, platform=plat)
        for table in TABLES:
            if table in merged and len(merged[table]):
                result = txn.upsert(table, account, merged[table])
                report.tables[table] = {k: result[k] for k in ("new", "updated", "unchanged")}
        data_changed = any(c["new"] or c["updated"] for c in report.tables.values())
        if identities:
            ident = pd.DataFrame(
                [(account, plat, mid, handle) for (plat, mid), handle in sorted(identities.items())],
                columns=["account", "platform", "member_id", "handle"],
            )
            txn.upsert("identities", account, ident)
        if data_changed:
            txn.record_provenance(account, provenance)
        report.changed = txn.changed
    return report

