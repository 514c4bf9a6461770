"""Where things are in a store, and the manifest that says which files are committed.

Layout (any Parquet engine can read it; ``account`` and ``month`` are Hive
partitions, and ``account`` is also a column inside the files)::

    data/store/                           mode 0700: everything below holds personal data
      _manifest.json                      the committed state: accounts, live files, key fingerprint
      .key                                the pseudonymisation key (0600), unless LIBCOMMUNITY_KEY is set
      .lock                               the write lock (writers only; readers need no lock file)
      _readers/<id>.pin                   one per open reader: the manifest generation it reads
      _staging/                           a write's new files before its commit
      posts/account=<a>/month=<YYYY-MM>/part-b<batch>_<i>.parquet
      interactions/account=<a>/month=<YYYY-MM>/...
      audience/account=<a>/month=<YYYY-MM>/...
      members/account=<a>/month=all/...
      identities/account=<a>/month=all/...   original identifiers, read only for --reveal
      links/account=<a>/month=all/...        identity links: (platform, member pseudonym) -> person
      sightings/account=<a>/month=all/...    identifiers seen beside a member (evidence for suggested links)
      provenance/account=<a>/month=all/...   one row per ingested file: name, sha256, time, rows
      undo_keys/account=<a>/month=all/...    what each ingest gave: its keys, and whether each row was new,
      undo_<table>/account=<a>/month=all/... changed or the same; the rows its changes replaced; its account
      undo_batches/account=<a>/month=all/... settings (libcommunity.store.undo: ``libcommunity uningest``)
      summaries/account=<a>/month=all/...    monthly metrics documents kept by ``prune`` (libcommunity.retention)

Files and folders are created owner-only (0600 / 0700). The store never
follows a symbolic link: a link where a folder of the store should be stops
a write with a clear error, and a manifest entry that is not a plain
``<table>/account=<a>/month=<m>/<file>.parquet`` path is refused.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path

import pyarrow as pa

from ..errors import StoreError
from ..schemas import ADDED_COLUMNS, TABLES

__all__ = [
    "DEFAULT_STORE",
    "MANIFEST",
    "LOCK",
    "STAGING",
    "READERS",
    "INGEST_PREFIX",
    "FORMAT_VERSION",
    "SIDE_TABLES",
    "ALL_TABLES",
    "IDENTITIES_COLUMNS",
    "LINKS_COLUMNS",
    "SIGHTINGS_COLUMNS",
    "LEGACY_COLUMNS",
    "PROVENANCE_COLUMNS",
    "SUMMARIES_COLUMNS",
    "UNDO_KEYS_COLUMNS",
    "UNDO_BATCHES_COLUMNS",
    "UNDONE_TABLES",
    "undo_table",
    "columns_of",
    "select_columns",
    "key_of",
    "month_expr",
    "empty_manifest",
    "read_manifest",
    "write_manifest",
    "check_relative_path",
    "check_no_link",
    "live_files",
    "private_dir",
    "private_file",
    "disk_full",
]

from ..constants import DEFAULT_STORE  # noqa: E402  (re-exported: the default store folder)
MANIFEST = "_manifest.json"
KEY_FILE_NAME = ".key"
LOCK = ".lock"
STAGING = "_staging"
READERS = "_readers"
#: Prefix of the directories under ``_staging`` where an ingest stages its rows before its transaction
#: (see :mod:`libcommunity.staging`); each is locked by its ingest while it runs.
INGEST_PREFIX = "ingest-"
FORMAT_VERSION = 1

IDENTITIES_COLUMNS = {
    "account": pa.string(),
    "platform": pa.string(),
    "member_id": pa.string(),
    "handle": pa.string(),
}
#: Identity links (libcommunity.people.links): each identity of a person with several, the person it belongs to,
#: why (``manual``, ``rule:<name>``) and since when. A Bluesky DID and the handle mentions use are one kind.
LINKS_COLUMNS = {
    "account": pa.string(),
    "platform": pa.string(),
    "member_id": pa.string(),
    "person_id": pa.string(),
    "source": pa.string(),
    "linked_at": pa.timestamp("us", tz="UTC"),
}
#: Identifiers seen beside a member (libcommunity.people.sightings): an e-mail, card number, name or handle on
#: the same row of an attendance list or survey, or named in a profile. Pseudonyms only.
SIGHTINGS_COLUMNS = {
    "account": pa.string(),
    "platform": pa.string(),
    "member_id": pa.string(),
    "seen_platform": pa.string(),
    "seen_id": pa.string(),
    "kind": pa.string(),
    "context": pa.string(),
    "seen_at": pa.timestamp("us", tz="UTC"),
}
#: Columns of files written by earlier versions, still read: ``links`` once held ``alias_id`` -> ``member_id``
#: pairs (a Bluesky handle's pseudonym -> the DID's); they read as two links of one person (:func:`select_columns`).
LEGACY_COLUMNS = {"links": ("account", "platform", "alias_id", "member_id")}
#: The source and person id of a legacy ``links`` row.
LEGACY_LINK_SOURCE = "rule:bluesky-handle"
PROVENANCE_COLUMNS = {
    "account": pa.string(),
    "batch_id": pa.int64(),
    "file": pa.string(),
    "sha256": pa.string(),
    "format": pa.string(),
    "ingested_at": pa.timestamp("us", tz="UTC"),
    "rows": pa.int64(),
    "tables": pa.string(),
}
#: Monthly aggregates kept when event-level rows are pruned (libcommunity.retention): one metrics document per month.
SUMMARIES_COLUMNS = {
    "account": pa.string(),
    "month": pa.string(),
    "document": pa.string(),
    "computed_at": pa.timestamp("us", tz="UTC"),
}
#: One row per key an ingest gave (``libcommunity.store.undo``): ``change`` says whether the row was ``new``, the
#: ``same`` as the row already stored, or ``updated`` (the row it replaced is in ``undo_<table>``).
UNDO_KEYS_COLUMNS = {
    "account": pa.string(),
    "batch_id": pa.int64(),
    "table_name": pa.string(),
    "platform": pa.string(),
    "key": pa.string(),
    "change": pa.string(),
}
#: One row per ingest that recorded what it changed: the account settings it changed (JSON).
UNDO_BATCHES_COLUMNS = {
    "account": pa.string(),
    "batch_id": pa.int64(),
    "settings": pa.string(),
}
#: Tables whose rows an ingest's undo record covers (each has ``undo_<table>``: the rows an ingest replaced).
UNDONE_TABLES = ("posts", "interactions", "members", "audience", "identities", "links", "sightings")
#: Tables that are not canonical but live in the store the same way: ``{name: (key, columns)}``.
SIDE_TABLES = {
    "identities": (("account", "platform", "member_id"), IDENTITIES_COLUMNS),
    "links": (("account", "platform", "member_id"), LINKS_COLUMNS),
    "sightings": (("account", "platform", "member_id", "seen_platform", "seen_id", "context"), SIGHTINGS_COLUMNS),
    "provenance": (("account", "batch_id", "file"), PROVENANCE_COLUMNS),
    "summaries": (("account", "month"), SUMMARIES_COLUMNS),
    "undo_keys": (("account", "batch_id", "table_name", "platform", "key"), UNDO_KEYS_COLUMNS),
    "undo_batches": (("account", "batch_id"), UNDO_BATCHES_COLUMNS),
}


def undo_table(table: str) -> str:
    """The side table holding the rows of ``table`` that ingests replaced (``undo_posts``, ...)."""
    return f"undo_{table}"


def _table_columns(table: str) -> dict:
    if table in TABLES:
        return {c.name: c.arrow_type for c in TABLES[table].columns}
    return SIDE_TABLES[table][1]


for _t in UNDONE_TABLES:  # the replaced rows: the table's columns and the ingest (batch) that replaced them
    _key = TABLES[_t].key if _t in TABLES else SIDE_TABLES[_t][0]
    SIDE_TABLES[undo_table(_t)] = ((*_key, "batch_id"), {**_table_columns(_t), "batch_id": pa.int64()})
ALL_TABLES = tuple(TABLES) + tuple(SIDE_TABLES)
#: A committed file: ``<table>/account=<slug>/month=<YYYY-MM|all>/<name>.parquet``, nothing else (``summaries``,
#: whose rows have a ``month`` column of their own, are partitioned as ``month_1=all``).
_LIVE_PATH = re.compile(
    r"^(?P<table>[a-z_]+)/account=(?P<account>[a-z0-9][a-z0-9_-]{0,63})/month(?:_1)?=(?P<month>\d{4}-\d{2}|all)/"
    r"[A-Za-z0-9_.-]+\.parquet$"
)


def columns_of(table: str) -> dict:
    """``{column: Arrow type}`` of a store table."""
    if table in TABLES:
        return {c.name: c.arrow_type for c in TABLES[table].columns}
    return SIDE_TABLES[table][1]


def select_columns(con, table: str, source: str, *, cast: bool = False, extra: str = "") -> str:
    """``SELECT <table's columns> FROM <source>``, a column added since older files were written read as null.

    ``source`` is a ``read_parquet(...)`` expression (``union_by_name``) or a
    relation name. A column of :data:`~libcommunity.schemas.ADDED_COLUMNS`
    that the source does not hold (files written before the column existed,
    by this store or another tool) is selected as a typed null instead of
    failing; ``cast`` casts every column to its store type.
    """
    from .sql import quote_ident, sql_type

    added = ADDED_COLUMNS.get(table, ())
    legacy = table in LEGACY_COLUMNS
    present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()} if added or legacy else None
    if legacy and "alias_id" in present:
        source, present = _legacy_links(source, present), None
    parts = []
    for name, arrow_type in columns_of(table).items():
        ident = quote_ident(name)
        if present is not None and name in added and name not in present:
            parts.append(f"CAST(NULL AS {sql_type(arrow_type)}) AS {ident}")
        elif cast:
            parts.append(f"CAST({ident} AS {sql_type(arrow_type)}) AS {ident}")
        else:
            parts.append(ident)
    return f"SELECT {', '.join(parts)}{extra} FROM {source}"


def _legacy_links(source: str, present: set) -> str:
    """``links`` rows of ``source`` where files of an earlier version hold ``alias_id`` -> ``member_id`` pairs.

    Each old pair (a Bluesky handle's pseudonym, the DID's) reads as two
    links of one person (``p_`` + the first 20 hex digits of the SHA-256 of
    the DID's pseudonym), source ``rule:bluesky-handle``, time unknown; rows
    of the current layout read as they are. The next write of the table
    writes them in the current layout.
    """
    extra = ", filename" if "filename" in present else ""
    new = all(c in present for c in ("person_id", "source", "linked_at"))
    person = "'p_' || substr(sha256(member_id), 1, 20)"
    old = (
        f"SELECT account, platform, alias_id AS member_id, {person} AS person_id, '{LEGACY_LINK_SOURCE}' AS source, "
        f"CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS linked_at{extra} FROM {source} WHERE alias_id IS NOT NULL "
        f"UNION ALL SELECT DISTINCT ON (account, platform, member_id) account, platform, member_id, {person}, "
        f"'{LEGACY_LINK_SOURCE}', CAST(NULL AS TIMESTAMP WITH TIME ZONE){extra} FROM {source} WHERE alias_id IS NOT NULL"
    )
    if new:
        old += (f" UNION ALL SELECT account, platform, member_id, person_id, source, linked_at{extra} FROM {source} "
                "WHERE alias_id IS NULL")
    return f"({old})"


def key_of(table: str) -> tuple:
    """The natural key of a store table."""
    if table in TABLES:
        return TABLES[table].key
    return SIDE_TABLES[table][0]


def month_expr(table: str, alias: str = "") -> str:
    """SQL for the storage partition of a row: its UTC month, or ``'all'``."""
    spec = TABLES.get(table)
    if spec is None or spec.time_column is None:
        return "'all'"
    col = f'{alias}"{spec.time_column}"'
    if spec.column(spec.time_column).type == "date":
        return f"strftime({col}, '%Y-%m')"
    return f"strftime({col} AT TIME ZONE 'UTC', '%Y-%m')"


# ---------------------------------------------------------------------------------- manifest
def empty_manifest() -> dict:
    return {"format": FORMAT_VERSION, "generation": 0, "next_batch": 1, "accounts": {}, "files": {}}


def check_relative_path(rel: str, where) -> str:
    """``rel`` if it is a committed file's path inside the store, else StoreError naming it."""
    m = _LIVE_PATH.match(str(rel)) if isinstance(rel, str) else None
    if m is None or m.group("table") not in ALL_TABLES:
        raise StoreError(
            f"{where}: the manifest lists {str(rel)[:200]!r}, which is not a file of the store "
            "(<table>/account=<a>/month=<m>/<name>.parquet); the manifest was edited or damaged: "
            "restore it from a backup"
        )
    return rel


def read_manifest(path: Path) -> dict:
    """The manifest at ``path`` (validated), or an empty one when there is none."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return empty_manifest()
    except OSError as exc:
        raise StoreError(f"{path}: the store manifest cannot be read ({exc})") from None
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"{path}: the store manifest cannot be read ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        got = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise StoreError(f"{path}: store format must be {FORMAT_VERSION}; got {got!r} instead")
    files = manifest.get("files")
    if not isinstance(files, dict) or not isinstance(manifest.get("accounts"), dict):
        raise StoreError(f"{path}: the store manifest is damaged (no 'files' or 'accounts'); restore it from a backup")
    for table, by_account in files.items():
        for account, rels in (by_account or {}).items():
            for rel in rels:
                check_relative_path(rel, path)
                if not rel.startswith(f"{table}/account={account}/"):
                    raise StoreError(f"{path}: the manifest lists {rel!r} under {table}/{account}; restore it from a backup")
    for entry in manifest.get("retired", []):
        for rel in entry.get("files", []):
            check_relative_path(rel, path)
    return manifest


def live_files(manifest: dict) -> set:
    """Relative paths of every committed file."""
    return {f for t in manifest["files"].values() for fs in t.values() for f in fs}


def write_manifest(root: Path, manifest: dict, *, before_rename=None) -> None:
    """Replace ``root/_manifest.json`` atomically (temporary file, fsync, rename, fsync of the folder)."""
    tmp = root / (MANIFEST + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    if before_rename is not None:
        before_rename()
    os.replace(tmp, root / MANIFEST)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# ---------------------------------------------------------------------------------- safety
def check_no_link(root: Path, rel: str | Path) -> Path:
    """``root / rel``, after checking that no existing component of it below ``root`` is a symbolic link.

    Raises
    ------
    StoreError
        Naming the link: the store never follows a link out of itself.
    """
    path = Path(root)
    for part in Path(rel).parts:
        if part in ("..", "/") or os.sep in part:
            raise StoreError(f"{root}: {str(rel)!r} is not a path inside the store")
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            break
        if stat.S_ISLNK(st.st_mode):
            raise StoreError(
                f"{path}: a symbolic link inside the store; the store never follows links out of itself: "
                "remove the link (and put the real folder there) before writing"
            )
    return Path(root) / rel


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) owner-only, 0700; an existing folder keeps its mode."""
    path = Path(path)
    if not path.is_dir():
        missing = []
        p = path
        while not p.exists() and p != p.parent:
            missing.append(p)
            p = p.parent
        for d in reversed(missing):
            try:
                os.mkdir(d, 0o700)
            except FileExistsError:
                pass
    return path


def private_file(path: Path) -> None:
    """Make ``path`` owner-only (0600)."""
    os.chmod(path, 0o600, follow_symlinks=False) if os.chmod in os.supports_follow_symlinks else os.chmod(path, 0o600)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text
