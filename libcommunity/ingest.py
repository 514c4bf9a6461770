"""Ingest: files in, pseudonymised canonical rows in the store.

``ingest_paths`` reads every file (format detected from content), types and
validates the rows, replaces member handles with keyed pseudonyms (keeping
the originals apart in the store's identities table), and upserts everything
in one store transaction. Nothing is written unless every file is valid.

Canonical CSV and Parquet files (the format of large exports and of every
tool) are read in batches and never held whole in memory: each typed batch is
pseudonymised and staged as Parquet (:mod:`libcommunity.staging`), and DuckDB
checks keys and merges the staged files into the store. Platform exports go
through their loaders whole (they are small) and are staged the same way.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import ParameterError
from .own_mentions import stored_library_ids
from .loaders import LoadContext, read_file
from .loaders.base import skipped_line
from .loaders.arrowtyping import arrow_of, arrow_schema
from .loaders.streaming import BATCH_ROWS, is_restart, prefetched
from .months import validate_account, validate_new_account, validate_timezone
from .people.links import BLUESKY_RULE, bluesky_groups, bluesky_handles, link_identities
from .people.profiles import profile_sightings
from .pseudonym import Pseudonymizer
from .readahead import ReadAhead, prepared_batches
from .pseudonym_key import KEY_FILE, StoreKey, discard_unused_key, store_key
from .schemas import LANGUAGES, PLATFORMS, TABLES
from .staging import IngestStaging, exact_dedupe
from .errors import StoreError
from .store import DEFAULT_STORE, LOCK, READERS, STAGING, Store
from .store.layout import disk_full
from .store.sql import quote_literal
from .validate import drop_repeated_rows, validate_frame

__all__ = ["ingest_paths", "IngestReport", "FileReport", "expand_paths", "sha256_of"]


@dataclass
class FileReport:
    """What one file contributed.

    Attributes
    ----------
    skipped : dict of str to list of int
        Rows left out because they are not what the format promises, by
        reason (their source row numbers).
    owners : dict of str to int
        Posts per ``owner_id`` where the file names owners.
    own : str or None
        The owner taken as the account itself (the one most posts belong to).
    """

    path: str
    format: str
    sha256: str
    rows: dict
    notes: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)
    own: str | None = None
    owner_names: dict = field(default_factory=dict)

    def owner_lines(self) -> list[str]:
        """How many posts belong to the account and to which other accounts."""
        others = {o: n for o, n in self.owners.items() if o != self.own}
        if not others:
            return []

        def name(o):
            return f"{o} ({self.owner_names[o]})" if self.owner_names.get(o) else o

        listed = ", ".join(f"{n} of {name(o)}" for o, n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0])))
        own = self.owners.get(self.own, 0)
        return [
            f"posts by owner: {own} of the account ({name(self.own)}); {sum(others.values())} of other accounts "
            f"(collaborations or another Page's rows): {listed}"
        ]


@dataclass
class IngestReport:
    """The outcome of one ingest: per file and per table."""

    account: str
    files: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)
    changed: bool = False
    pruned: int = 0

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        out = []
        for f in self.files:
            rows = ", ".join(f"{n} {t}" for t, n in f.rows.items()) or "no rows"
            out.append(f"{f.path}: {f.format}, {rows}")
            out.extend(f"  {line}" for line in (skipped_line(r, rows) for r, rows in f.skipped.items()))
            out.extend(f"  {line}" for line in f.owner_lines())
            out.extend(f"  note: {n}" for n in f.notes)
        for t, c in self.tables.items():
            out.append(f"{t}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged")
        if self.pruned:
            out.append(f"{self.pruned} interaction(s) older than the account's retention cutoff were left out (libcommunity prune)")
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


def _stage_stream(staging: IngestStaging, read, index: int, ahead: ReadAhead | None = None) -> dict:
    """Read a canonical file in batches into ``staging``; ``{table: rows}`` as the whole-file ingest counts them.

    A file with a repeated key is read again with exact row numbers, so that
    identical repeats are dropped and a key given twice with different
    content is reported as :func:`~libcommunity.validate.drop_repeated_rows`
    reports it.
    """
    loader, path, sample, ctx, stream = read.loader, read.path, read.sample, read.ctx, read.stream
    table = stream.spec.name
    part = staging.part(table, index)
    seen = 0
    batches = ahead.batches(read, index) if ahead is not None else prefetched(prepared_batches(staging, table, stream.batches()))
    for batch, prepared in batches:
        if is_restart(batch):
            staging.drop_part(part)
            part, seen = staging.part(table, index), 0
            continue
        seen += batch.table.num_rows
        staging.add(part, prepared)
    # The key hashes are all known once the last batch is added: they are sorted and compared (numpy releases the
    # GIL) while the writer thread still compresses the part's last rows.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="libcommunity-keys") as pool:
        repeated = pool.submit(staging.has_repeated_keys, [part])
        try:
            part.close()
        finally:
            repeated = repeated.result()
    if not repeated:
        return {table: seen}
    staging.drop_part(part)
    raw_dir = staging.directory / "raw" / f"f{index:05d}"
    raw_dir.mkdir(parents=True, exist_ok=True)
    raw_path = raw_dir / "rows.parquet"
    schema = arrow_schema(stream.spec).append(pa.field("_row", pa.int64()))
    with pq.ParquetWriter(raw_path, schema, compression="zstd") as writer:
        for batch in loader.stream(path, sample, ctx, exact_rows=True).batches():
            rows = pa.array(range(batch.first_row, batch.first_row + batch.table.num_rows), pa.int64())
            writer.write_table(batch.table.append_column("_row", rows))
    keep, n = exact_dedupe(staging.con, [raw_path], stream.spec, path=path)
    kept = raw_dir / "kept.parquet"
    staging.con.execute(f"COPY ({keep}) TO {quote_literal(str(kept))} (FORMAT parquet)")  # staging.con is busy while rows are added
    part = staging.part(table, index)
    for rb in pq.ParquetFile(kept).iter_batches(batch_size=BATCH_ROWS):
        staging.add(part, pa.Table.from_batches([rb]).drop_columns(["_row"]))
    part.close()
    shutil.rmtree(raw_dir, ignore_errors=True)
    return {table: n}


def _own_posts(frame, report: FileReport, own_posts_only: bool):
    """Count the file's posts per owner (and with ``own_posts_only`` keep the account's own)."""
    owners = frame["owner_id"].dropna()
    if owners.empty:
        return frame
    counts = owners.value_counts()
    report.owners = {str(o): int(n) for o, n in counts.items()}
    report.own = str(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0])
    if not own_posts_only:
        return frame
    others = frame["owner_id"].notna() & frame["owner_id"].ne(report.own)
    if others.any():
        reason = f"a post of another account than the account's own ({report.own}): --own-posts-only"
        report.skipped.setdefault(reason, []).extend(int(r) for r in frame.index[others])
    return frame[~others]


def _prune_cutoff(info: dict | None):
    """The start of the account's prune month (``libcommunity prune``), or None."""
    if not info or not info.get("pruned_before"):
        return None
    from .months import parse_month

    return parse_month(info["pruned_before"]).start(info.get("timezone", "UTC"))


class _Created:
    """What a failed first ingest takes back: the store directory it created, and its key if provably unused."""

    def __init__(self, store: Store):
        self.store = store
        self.root = Path(store.root)
        self.had_root = self.root.exists()
        self.had_key = (self.root / KEY_FILE).exists()

    def undo(self, key: StoreKey | None) -> None:
        if not self.had_key and key is not None:
            discard_unused_key(self.store, key)  # never a key that any write may have used
        if not self.had_root and not (self.root / KEY_FILE).exists():
            for leftover in (LOCK,):
                (self.root / leftover).unlink(missing_ok=True)
            for folder in (READERS, STAGING):
                with contextlib.suppress(OSError):
                    (self.root / folder).rmdir()
            with contextlib.suppress(OSError):
                self.root.rmdir()


def _check_handles(handles) -> list[str]:
    """The library's handles as given (stripped), each one word; a ParameterError names the first that is not."""
    if isinstance(handles, str):
        handles = [handles]
    out = []
    for h in handles or ():
        text = str(h).strip()
        if not text or any(c.isspace() for c in text):
            raise ParameterError(f"handle must be one word, such as @biblio.lavapies; got {h!r} instead")
        out.append(text)
    return out


def ingest_paths(
    paths,
    *,
    account: str,
    store: Store | str | Path = DEFAULT_STORE,
    platform: str | None = None,
    timezone: str | None = None,
    lang: str | None = None,
    format: str | None = None,
    own_posts_only: bool = False,
    handles=(),
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
    own_posts_only : bool, default False
        Keep only the posts the account owns: where a file names each post's
        owner (Meta exports, Threads, TikTok), posts of another owner (a
        collaboration, a sibling Page's row) are left out and listed as
        skipped. The account's own owner id is the one most of the file's
        posts belong to.
    handles : iterable of str, optional
        The library's own handles (``@biblio.lavapies``), kept with the account:
        their mentions in texts, like those of every identity acting as the
        library (``by_library`` authors, staff), are stored as the library's
        name (``@<account>``), not as pseudonyms (:mod:`libcommunity.own_mentions`).

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
    handles = _check_handles(handles)
    if timezone is not None:
        validate_timezone(timezone)
    tz = timezone or (store.account(account).timezone if account in (store.accounts() if store.exists() else []) else "UTC")
    ctx = LoadContext(account=account, timezone=tz, platform=platform)

    files = expand_paths(paths)
    report = IngestReport(account=account)
    forgotten = store.forgotten(account) if store.exists() and account in store.accounts() else set()
    known = store.exists() and account in store.accounts()
    library_handles = sorted(set(handles) | set(store.account(account).handles if known else []))
    if not store.exists() or account not in store.accounts():
        validate_new_account(account)
    created = _Created(store)
    staging = None
    key = None
    provenance = []
    # Each file's SHA-256 (its provenance) is computed in a thread while the file is read (hashlib releases the GIL
    # on large reads), instead of after it, on the ingest's path.
    hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libcommunity-sha256")
    hashed = None
    ahead = None
    try:
        for index, path in enumerate(files):
            read = (ahead.opened(index) if ahead is not None else None) or read_file(path, ctx, format=format)
            if staging is None:
                # The staging folder is registered (and locked) before the key is read: see discard_unused_key.
                staging = IngestStaging(store.root, None, forgotten)
                key = store_key(store, create=True)
                staging.pseudo = Pseudonymizer(key.key)
                staging.library_name, staging.library_handles = account, tuple(library_handles)
                staging.library_stored = lambda: stored_library_ids(store, account)
                ahead = ReadAhead(staging, files, ctx, format)
            hashed = hashing.submit(sha256_of, path)
            file_report = FileReport(str(path), read.format, "", {})
            if read.stream is not None:
                file_report.rows = _stage_stream(staging, read, index, ahead)
                file_report.skipped = {reason: list(rows) for reason, rows in read.stream.skipped.items()}  # comment rows
            else:
                result = read.loaded
                file_report.notes, file_report.skipped = list(result.notes), dict(result.skipped)
                file_report.owner_names = dict(result.owner_names)
                staging.add_sightings(result.sightings)  # other identifiers of the rows' people (people.sightings)
                if result.format.startswith("bluesky"):  # members by DID, mentions by handle: one person (people.links)
                    staging.add_links(platform or "bluesky", bluesky_handles(path))
                if result.format.startswith(("mastodon", "bluesky")):  # accounts their profiles name (people.profiles)
                    staging.add_sightings(profile_sightings(path, platform or result.format.split("-")[0]))
                for table, frame in result.tables.items():
                    frame = drop_repeated_rows(frame, table, path=path)
                    if table == "posts":
                        frame = _own_posts(frame, file_report, own_posts_only)
                    validate_frame(frame, table, path=path)
                    part = staging.part(table, index)
                    staging.add(part, arrow_of(frame, TABLES[table]))
                    part.close()
                    file_report.rows[table] = len(frame)
            rows, fmt = file_report.rows, file_report.format
            digest = file_report.sha256 = hashed.result()
            report.files.append(file_report)
            provenance.append(
                {
                    "file": path.name,
                    "sha256": digest,
                    "format": fmt,
                    "rows": sum(rows.values()),
                    "tables": ",".join(sorted(rows)),
                }
            )

        with store.transaction() as txn:
            txn.use_key(key.fingerprint, key.source)
            info = txn.manifest["accounts"].get(account)
            before = copy.deepcopy(info)
            txn.record_undo(account)  # what the batch gives and replaces, so that `libcommunity uningest` can take it back
            # A forget committed by another process since `forgotten` was read: drop that person too (the lock is held now).
            late = set((info or {}).get("forgotten", [])) - forgotten
            results = staging.commit(txn, account, late_forgotten=late, prune_before=_prune_cutoff(info))
            report.pruned = int(staging.pruned)
            txn.set_account(account, timezone=timezone, lang=lang, handles=handles)
            for plat in sorted(staging.platforms):
                txn.set_account(account, platform=plat)
            for table in TABLES:
                if table in results:
                    report.tables[table] = {k: results[table][k] for k in ("new", "updated", "unchanged")}
            data_changed = any(c["new"] or c["updated"] for c in report.tables.values())
            side = []
            stored = txn.stored_members("identities", account, staging.seen_only(account))
            identities = staging.identities_table(account, stored)
            if identities.num_rows and txn._live("identities", account):
                side.append(txn.upsert("identities", account, identities))
            elif identities.num_rows:  # the account's first identities: staged in the store's order and adopted
                side.append(txn.adopt("identities", account, staging.stage_identities(identities), identities.num_rows))
            sightings = staging.sightings_table(account, late)
            if sightings is not None:
                side.append(txn.upsert("sightings", account, sightings))
            links = staging.links_rows(late)
            if links:
                linked = link_identities(txn, account, bluesky_groups(links), BLUESKY_RULE)
                side.append({"new": int(linked["changed"]), "updated": 0})
            if data_changed or any(c["new"] or c["updated"] for c in side):
                txn.record_provenance(account, provenance)
                txn.keep_undo(before, {"timezone": timezone, "lang": lang})
            report.changed = txn.changed
    except BaseException as exc:
        if ahead is not None:
            ahead.close()
        if staging is not None:
            staging.close()
            staging = None
        created.undo(key)
        if disk_full(exc) and not isinstance(exc, StoreError):
            raise StoreError(
                f"{store.root}: the disk is full ({str(exc).strip().splitlines()[0][:200]}); nothing was committed "
                "and the store is as it was: free some space and ingest again"
            ) from None
        raise
    finally:
        if ahead is not None:
            ahead.close()
        hashing.shutdown(wait=True, cancel_futures=True)
        if staging is not None:
            staging.close()
    return report

