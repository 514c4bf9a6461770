"""Staging an ingest's rows as Parquet before one store transaction takes them.

Ingest reads its files in typed batches (:mod:`libcommunity.loaders.streaming`)
and hands every batch to an :class:`IngestStaging`, in two steps:

* :meth:`IngestStaging.prepare` (in the thread that reads the file, while the
  main thread works on the batch before) pseudonymises the member ids inside
  ``interaction_id``/``reply_to`` and the ``@mentions`` in free text (only in
  the rows that can hold one; a mention of the library's own identities is
  written as the library's name, :mod:`libcommunity.own_mentions`), and computes each row's UTC month and the
  64-bit hashes of its key and of its handle (:mod:`libcommunity.rowhash`);
* :meth:`IngestStaging.add` replaces member handles with their keyed
  pseudonyms and remembers the identities (:mod:`libcommunity.handles`: HMAC
  on each distinct handle once, then a vectorised, exact lookup), drops the
  rows of members erased with ``forget``, and gives the rows, split by UTC
  month, to a :class:`~libcommunity.staged.StagedPart` that writes them as
  Parquet in the store's layout and types, under ``<store>/_staging/ingest-<id>/``.

Nothing in memory grows with the number of rows except the index of handles
(one entry per distinct member) and the key hashes (8 bytes a row). After a
file is read, its key hashes are sorted and compared (:meth:`IngestStaging.has_repeated_keys`:
exact when no hash repeats); a repeated hash sends the file through
:func:`~libcommunity.repeated_keys.exact_dedupe`, which applies :func:`~libcommunity.validate.drop_repeated_rows`
semantics to the rows that share a key. :meth:`IngestStaging.commit`
(:mod:`libcommunity.staging_commit`) then gives each table to the transaction: a table new to the account takes the staged
files as they are (:meth:`~libcommunity.store.Transaction.adopt`); otherwise
DuckDB upserts them (:meth:`~libcommunity.store.Transaction.upsert`), after
keeping, for a key given by several files, the row of the file given last.
The identities of an account that has none yet are staged in the store's
order and adopted the same way (:meth:`IngestStaging.stage_identities`).

The staging directory is removed when the ingest ends (and by the next write
if the process was killed); the committed store never sees it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .handles import BatchPseudonyms, sort_identities
from .own_mentions import mentioned_pseudonyms, name_library_mentions
from .pseudonym import Pseudonymizer, pseudonymise_id_columns
from .repeated_keys import exact_dedupe
from .rowhash import RowHasher, has_repeats, key_hashes
from .schemas import TABLES
from .staged import ROW_GROUP_ROWS, StagedPart, month_label, utc_months
from .staging_commit import PSEUDONYMISED, commit_staged
from .store import INGEST_PREFIX, LOCK, STAGING, new_connection
from .store.layout import check_no_link, private_dir

__all__ = ["IngestStaging", "StagedPart", "PreparedBatch", "exact_dedupe", "ROW_GROUP_ROWS"]

@dataclass
class PreparedBatch:
    """A typed batch after :meth:`IngestStaging.prepare`.

    Attributes
    ----------
    table : pyarrow.Table
        Ids and mentions pseudonymised; ``member_id`` still the handles.
    key_hashes : numpy.ndarray or None
        Hash of each row's key (None when the key holds the member id).
    handle_hashes : numpy.ndarray or None
        Hash of each row's handle (tables with members).
    months : numpy.ndarray or None
        Each row's UTC month (:func:`~libcommunity.staged.utc_months`; tables with a time column).
    """

    table: pa.Table
    key_hashes: np.ndarray | None
    handle_hashes: np.ndarray | None = None
    months: np.ndarray | None = None


class IngestStaging:
    """The staged rows of one ingest (see the module docstring).

    Parameters
    ----------
    root : path-like
        The store directory (created if needed); staging goes to a fresh
        ``_staging/ingest-<id>`` directory inside it, locked while this object lives.
    pseudo : Pseudonymizer
    forgotten : set of str
        Pseudonyms erased from the account: their rows are dropped and their
        mentions redacted.

    Use as a context manager; leaving it removes the staging directory.

    Set :attr:`library_name` (the account), :attr:`library_handles` (the handles
    given for the account) and :attr:`library_stored` (a function giving the
    library-side pseudonyms already in the store, called once, when a text
    first mentions someone) before the first batch to have mentions of the
    library written as its name (:mod:`libcommunity.own_mentions`); identities
    this ingest shows acting as the library (``by_library`` authors, staff, the
    identifiers linked to them) join :attr:`library_ids` as they come, and
    mentions written before one of them was known (in an earlier batch, or in
    a batch prepared while the one that showed it was being added) are named
    at :meth:`commit`.
    """

    def __init__(self, root, pseudo: Pseudonymizer, forgotten=()):
        self.root = Path(root)
        self.forgotten = set(forgotten)
        private_dir(self.root)
        check_no_link(self.root, STAGING)
        self.directory = self.root / STAGING / f"{INGEST_PREFIX}{uuid.uuid4().hex}"
        private_dir(self.directory.parent)
        os.mkdir(self.directory, 0o700)
        self._lock_fd = os.open(self.directory / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self.parts: dict[str, list[StagedPart]] = {}
        self.hasher = RowHasher()
        self.handles = BatchPseudonyms(pseudo, self.hasher.strings)
        self.links: set = set()  # (platform, handle pseudonym, DID pseudonym): libcommunity.people.links
        self.sightings: dict = {}  # key of the sightings table -> (kind, seen_at): libcommunity.people.sightings
        self.seen_identities: dict = {}  # (platform, pseudonym) -> identifier, of identifiers only seen beside someone
        self.platforms: set = set()
        self.erased_ids: set = set()  # interactions of erased members seen in this ingest
        self.pruned = 0
        self._con = None
        self.library_name: str | None = None
        self.library_handles: tuple = ()
        self.library_ids: set = set()
        self.library_stored = None  # callable: the store's library-side pseudonyms (read once, when first needed)
        self._handle_platforms: set = set()  # platforms whose library handles are in library_ids
        self._left: set = set()  # pseudonyms mentioned and left as pseudonyms (maybe the library, known later)

    @property
    def pseudo(self) -> Pseudonymizer | None:
        """The ingest's :class:`~libcommunity.pseudonym.Pseudonymizer` (may be set after creation)."""
        return self.handles.pseudo

    @pseudo.setter
    def pseudo(self, value: Pseudonymizer | None) -> None:
        self.handles.pseudo = value

    # ---------------------------------------------------------------- lifecycle
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self) -> None:
        """Remove the staging directory."""
        if self._con is not None:
            self._con.close()
            self._con = None
        self.hasher.close()
        for parts in self.parts.values():
            for part in parts:
                part.close()
        shutil.rmtree(self.directory, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.directory.parent.rmdir()  # _staging, unless another write uses it
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection for checks on the staged files (spilling into the staging directory)."""
        if self._con is None:
            self._con = new_connection(temp_directory=self.directory / "duckdb.tmp")
        return self._con

    # ---------------------------------------------------------------- writing
    def part(self, table: str, index: int) -> StagedPart:
        """A new part: the rows file ``index`` gives ``table``."""
        spec = TABLES[table]
        n = len(self.parts.get(table, []))
        part = StagedPart(spec, index, self.directory / table / f"f{index:05d}-{n}")
        self.parts.setdefault(table, []).append(part)
        return part

    def drop_part(self, part: StagedPart) -> None:
        """Remove ``part`` (its file is read again, or failed)."""
        part.discard()
        self.parts[part.spec.name].remove(part)

    def prepare(self, table_name: str, table: pa.Table) -> "PreparedBatch":
        """The part of :meth:`add` that needs no pseudonym of a member: ids, mentions, key hashes.

        Safe to call from another thread than :meth:`add` (ingest calls it in
        the thread that reads the file, so that it overlaps with the previous
        batch's pseudonyms).
        """
        spec = TABLES[table_name]
        if table.num_rows == 0:
            return PreparedBatch(table, None)
        if spec.name == "interactions":  # ids built from who acted (favourite:<handle>:…, at://<did>/…)
            table = pseudonymise_id_columns(self.pseudo, table)
        if "text" in table.column_names:
            table = table.set_column(spec.column_names.index("text"), "text", self._mentions(table))
        hashes = None if "member_id" in spec.key else key_hashes(self.hasher, table, spec.key)
        handles = self.hasher.strings(table.column("member_id").combine_chunks()) if spec.name in PSEUDONYMISED else None
        months = utc_months(table.column(spec.time_column)) if spec.time_column else None
        return PreparedBatch(table, hashes, handles, months)

    def add(self, part: StagedPart, batch) -> None:
        """Pseudonymise, filter and write one typed batch (member ids still handles) to ``part``.

        ``batch`` is a typed Arrow table, or what :meth:`prepare` made of one.
        """
        spec = part.spec
        if not isinstance(batch, PreparedBatch):
            batch = self.prepare(spec.name, batch)
        table, hashes, months = batch.table, batch.key_hashes, batch.months
        if table.num_rows == 0:
            return
        self.platforms.update(p for p in pc.unique(table.column("platform")).to_pylist() if p is not None)
        if spec.name in PSEUDONYMISED:
            pseudonyms = self.handles.member_ids(table, batch.handle_hashes)
            table = table.set_column(spec.column_names.index("member_id"), "member_id", pseudonyms)
        if self.library_name is not None:
            self._learn_library(spec.name, table)
        if self.forgotten and spec.name in PSEUDONYMISED:
            theirs = pc.is_in(table.column("member_id"), value_set=pa.array(sorted(self.forgotten)))
            if pc.any(theirs).as_py():
                if "interaction_id" in table.column_names:
                    self.erased_ids.update(table.filter(theirs).column("interaction_id").to_pylist())
                kept = pc.invert(theirs)
                table = table.filter(kept)
                rows = kept.to_numpy(zero_copy_only=False)
                hashes = None if hashes is None else hashes[rows]
                months = None if months is None else months[rows]
        if table.num_rows:
            part.key_hashes.append(hashes if hashes is not None else key_hashes(self.hasher, table, spec.key))
        self._partition(part, table, months)

    def _partition(self, part: StagedPart, table: pa.Table, keys: np.ndarray | None) -> None:
        """Hand ``table`` to ``part`` month by month (``keys``: each row's :func:`~libcommunity.staged.utc_months`)."""
        if part.spec.time_column is None:
            part.append("all", table)
            return
        change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        if len(change) >= 64:  # months interleaved: group the rows (stable) rather than cut many slices
            order = np.argsort(keys, kind="stable")
            table, keys = table.take(pa.array(order)), keys[order]
            change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], change]).astype(int)
        ends = np.concatenate([change, [len(keys)]]).astype(int)
        for a, b in zip(starts, ends):
            k = int(keys[a])
            part.append(month_label(k), table.slice(a, b - a))

    def _stored_library(self) -> None:
        """Add the store's library-side pseudonyms to :attr:`library_ids` (once)."""
        if self.library_stored is not None:
            stored, self.library_stored = self.library_stored, None
            self.library_ids.update(stored())

    def _learn_library(self, table_name: str, table: pa.Table) -> None:
        """Add the library-side identities a batch shows (member ids already pseudonyms) to :attr:`library_ids`."""
        for plat in self.platforms - self._handle_platforms:
            self.library_ids.update(self.pseudo(h, plat) for h in self.library_handles)
            self._handle_platforms.add(plat)
        flag = {"interactions": "by_library", "members": "is_staff"}.get(table_name)
        if flag is not None and flag in table.column_names:
            acting = table.filter(pc.fill_null(table.column(flag), False))
            if acting.num_rows:
                self.library_ids.update(m for m in pc.unique(acting.column("member_id")).to_pylist() if m)
        if self.links:
            self.library_ids.update(a for _p, a, m in self.links if m in self.library_ids)

    def _mentions(self, table: pa.Table) -> pa.Array:
        """Free text with ``@mentions`` pseudonymised, the library's written as its name, erased members' redacted."""
        from .privacy import redact_mentions

        texts = table.column("text").combine_chunks()
        has = pc.fill_null(pc.match_substring(texts, "@"), False)
        if not pc.any(has).as_py():
            return texts
        rows = np.flatnonzero(has.to_numpy(zero_copy_only=False))
        sub = pd.Series(texts.take(rows).to_pylist(), dtype="string")
        plats = pd.Series(table.column("platform").take(rows).to_pylist(), dtype="string")
        out = self.pseudo.mentions(sub, plats)
        if self.library_name is not None:
            # The library's own handles on this batch's platforms are known before any member id is pseudonymised.
            for plat in set(plats.dropna().tolist()) - self._handle_platforms:
                self.library_ids.update(self.pseudo(h, plat) for h in self.library_handles)
            self._stored_library()
            out = name_library_mentions(out, set(self.library_ids), self.library_name)
            self._left |= mentioned_pseudonyms(out.dropna().tolist())
        out = redact_mentions(out, self.forgotten)
        return pc.replace_with_mask(texts, has, pa.array(out.tolist(), pa.string()))

    def add_links(self, platform: str, handles: dict) -> None:
        """Record that each ``{did: handle}`` pair names one person (see :mod:`libcommunity.people.links`)."""
        if not handles:
            return
        dids = list(handles)
        members = self.pseudo.many(dids, platform)
        aliases = self.pseudo.many([handles[d] for d in dids], platform)
        self.links.update((platform, a, m) for a, m in zip(aliases, members) if a != m)

    def add_sightings(self, frame) -> None:
        """Record identifiers seen beside members (``platform, member, seen_platform, seen, kind, context, seen_at``,
        handles as written; see :mod:`libcommunity.people.sightings`)."""
        if frame is None or len(frame) == 0:
            return
        members = [self.pseudo(h, p) for h, p in zip(frame["member"].tolist(), frame["platform"].tolist())]
        seen = [self.pseudo(h, p) for h, p in zip(frame["seen"].tolist(), frame["seen_platform"].tolist())]
        for m, s, row in zip(members, seen, frame.itertuples(index=False)):
            self.seen_identities.setdefault((row.seen_platform, s), str(row.seen).strip())
            key = (row.platform, m, row.seen_platform, s, row.context)
            at = pd.Timestamp(row.seen_at) if row.seen_at is not None and not pd.isna(row.seen_at) else None
            old = self.sightings.get(key)
            if old is None or (at is not None and (old[1] is None or at < old[1])):
                self.sightings[key] = (row.kind, at)

    def sightings_table(self, account: str, late_forgotten=()) -> pa.Table | None:
        """The sightings of this ingest as rows of the store's ``sightings`` table (None when there are none)."""
        gone = self.forgotten | set(late_forgotten)
        items = sorted((k, v) for k, v in self.sightings.items() if k[1] not in gone and k[3] not in gone)
        if not items:
            return None
        times = [None if v[1] is None else v[1].tz_convert("UTC").to_pydatetime() for _, v in items]
        return pa.table(
            {
                "account": pa.array([account] * len(items), pa.string()),
                "platform": pa.array([k[0] for k, _ in items], pa.string()),
                "member_id": pa.array([k[1] for k, _ in items], pa.string()),
                "seen_platform": pa.array([k[2] for k, _ in items], pa.string()),
                "seen_id": pa.array([k[3] for k, _ in items], pa.string()),
                "kind": pa.array([v[0] for _, v in items], pa.string()),
                "context": pa.array([k[4] for k, _ in items], pa.string()),
                "seen_at": pa.array(times, pa.timestamp("us", tz="UTC")),
            }
        )

    def links_rows(self, late_forgotten=()) -> list:
        """The links of this ingest, without those of erased people."""
        gone = self.forgotten | set(late_forgotten)
        return sorted(r for r in self.links if r[1] not in gone and r[2] not in gone)

    # ---------------------------------------------------------------- checks
    def has_repeated_keys(self, parts) -> bool:
        """Whether some key occurs twice in the rows of ``parts`` (exact when False).

        The 64-bit hashes of the keys, taken as the rows were staged, are
        sorted and compared: distinct hashes prove distinct keys; equal hashes
        (a repeated key, or two keys sharing a hash) say True, and the caller
        then looks at the rows themselves.
        """
        hashes = [h for part in parts for h in part.key_hashes]
        return bool(hashes) and has_repeats(np.concatenate(hashes))

    # ---------------------------------------------------------------- commit
    def commit(self, txn, account: str, *, late_forgotten=(), prune_before=None) -> dict:
        """Give every staged table to the transaction ``txn``; return ``{table: upsert counts}``
        (:func:`~libcommunity.staging_commit.commit_staged`, which documents the parameters)."""
        return commit_staged(self, txn, account, late_forgotten=late_forgotten, prune_before=prune_before)

    def seen_only(self, account: str) -> list:
        """Identities met only beside others in this ingest (a profile or a list naming them), not as members."""
        if not self.seen_identities:
            return []
        table = self.handles.table(account)
        have = set(zip(table.column("platform").to_pylist(), table.column("member_id").to_pylist()))
        return sorted(k for k in self.seen_identities if k not in have and k[1] not in self.forgotten)

    def identities_table(self, account: str, stored=()) -> pa.Table:
        """The identities met in this ingest (members, and identifiers seen beside them), as rows of the store's
        ``identities`` table (in no particular order).

        An identifier seen beside someone else never changes how the store
        spells an identity it already holds (``stored``): a profile writing
        ``ana@masto.es`` leaves the member's own ``@ana@masto.es``.
        """
        table = self.handles.table(account)
        if not self.seen_identities:
            return table
        have = set(zip(table.column("platform").to_pylist(), table.column("member_id").to_pylist())) | set(stored)
        extra = sorted((k, v) for k, v in self.seen_identities.items() if k not in have and k[1] not in self.forgotten)
        if not extra:
            return table
        values = {"account": [account] * len(extra), "platform": [k[0] for k, _ in extra],
                  "member_id": [k[1] for k, _ in extra]}
        rest = [c for c in table.column_names if c not in values]
        assert len(rest) == 1, table.column_names  # the identifier as written
        values[rest[0]] = [v for _, v in extra]
        added = pa.table({c: pa.array(values[c], table.schema.field(c).type) for c in table.column_names})
        return pa.concat_tables([table, added])

    def stage_identities(self, identities: pa.Table) -> dict:
        """Write ``identities`` (:meth:`identities_table`) as the store writes that table; ``{"all": [path]}``.

        For :meth:`~libcommunity.store.Transaction.adopt` when the account has
        no identities yet: ordered by key (:func:`~libcommunity.handles.sort_identities`),
        zstd, one file, instead of a DuckDB sort and rewrite of every row.
        """
        from .store.layout import columns_of

        schema = pa.schema(list(columns_of("identities").items()))
        folder = self.directory / "identities" / "month=all"
        private_dir(folder)
        path = folder / "part.parquet"
        table = sort_identities(identities).select(schema.names).cast(schema)
        pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP_ROWS, use_dictionary=["account", "platform"])
        return {"all": [path]}
