"""Staging an ingest's rows as Parquet before one store transaction takes them.

Ingest reads its files in typed batches (:mod:`libcommunity.loaders.streaming`)
and hands every batch to an :class:`IngestStaging`, which

1. replaces member handles with their keyed pseudonyms (HMAC on each distinct
   handle once, then a vectorised lookup) and remembers the identities;
2. pseudonymises ``@mentions`` in free text, only in the rows whose text
   holds an ``@``, and writes a mention of the library's own identities as
   the library's name (:mod:`libcommunity.own_mentions`);
3. drops the rows of members erased with ``forget``;
4. writes the batch, split by UTC month, to Parquet files in the store's own
   layout and types, under ``<store>/_staging/ingest-<id>/``.

Nothing in memory grows with the number of rows except the map from handle to
pseudonym (one entry per distinct member). After a file is read, DuckDB checks
that its keys are unique (``count(DISTINCT hash(key))``: exact when the check
passes; a repeated key sends the file through :func:`exact_dedupe`, which
applies :func:`~libcommunity.validate.drop_repeated_rows` semantics to the rows
that share a key). :meth:`IngestStaging.commit` then gives each table to the
transaction: a table new to the account takes the staged files as they are
(:meth:`~libcommunity.store.Transaction.adopt`); otherwise DuckDB upserts them
(:meth:`~libcommunity.store.Transaction.upsert`), after keeping, for a key
given by several files, the row of the file given last.

The staging directory is removed when the ingest ends (and by the next write
if the process was killed); the committed store never sees it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .loaders.streaming import arrow_schema
from .own_mentions import library_mention, mentioned_pseudonyms, name_library_mentions
from .pseudonym import Pseudonymizer, pseudonymise_id_columns
from .schemas import ANONYMOUS_MEMBER, TABLES, TableSpec, coerce_frame
from .store import INGEST_PREFIX, LOCK, STAGING, new_connection
from .store.layout import check_no_link, private_dir
from .store.sql import file_list as _file_list_sql
from .store.sql import quote_literal as _sql_str
from .store.sql import string_list as _sql_list

__all__ = ["IngestStaging", "StagedPart", "exact_dedupe", "ROW_GROUP_ROWS"]

#: Rows per Parquet row group of staged files (DuckDB's default, which the store's other files use).
ROW_GROUP_ROWS = 122_880
#: Rows buffered across months before the largest buffer is written out regardless.
_MAX_BUFFERED = 1 << 20
#: Tables whose member ids are pseudonymised (and whose handles become identities).
PSEUDONYMISED = ("interactions", "members")


def _key_sql(spec: TableSpec, alias: str = "") -> str:
    return ", ".join(f'{alias}"{k}"' for k in spec.key)


@dataclass
class StagedPart:
    """The rows one file gave one table, staged as Parquet files by UTC month.

    Attributes
    ----------
    spec : TableSpec
    index : int
        Position of the file among the ingest's files (later files win).
    directory : Path
    rows : int
        Rows written.
    files : dict
        ``{month: [paths]}``.
    """

    spec: TableSpec
    index: int
    directory: Path
    rows: int = 0
    files: dict = field(default_factory=dict)
    _writers: dict = field(default_factory=dict, repr=False)
    _buffers: dict = field(default_factory=dict, repr=False)
    _buffered: int = 0
    _pool: object = field(default=None, repr=False)
    _pending: list = field(default_factory=list, repr=False)

    def paths(self) -> list[Path]:
        return [p for m in sorted(self.files) for p in self.files[m]]

    def _write(self, month: str, tables: list) -> None:
        """Write ``tables`` to the month's file, on a writer thread (compression releases the GIL)."""
        writer = self._writers.get(month)
        if writer is None:
            d = self.directory / f"month={month}"
            private_dir(d)
            path = d / "part.parquet"
            writer = pq.ParquetWriter(path, arrow_schema(self.spec), compression="zstd")
            self._writers[month] = writer
            self.files.setdefault(month, []).append(path)
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libcommunity-write")
        table = pa.concat_tables(tables, promote_options="permissive")
        if not table.schema.equals(writer.schema):
            table = table.cast(writer.schema)  # e.g. fields marked not null by DuckDB
        self._pending.append(self._pool.submit(writer.write_table, table, row_group_size=ROW_GROUP_ROWS))
        while len(self._pending) > 2:  # bounded: at most a few batches wait to be compressed
            self._pending.pop(0).result()

    def _drain(self) -> None:
        while self._pending:
            self._pending.pop(0).result()

    def append(self, month: str, table: pa.Table) -> None:
        """Buffer ``table`` (rows of ``month``) and write whole row groups."""
        buf = self._buffers.setdefault(month, [])
        buf.append(table)
        self._buffered += table.num_rows
        self.rows += table.num_rows
        n = sum(t.num_rows for t in buf)
        if n >= ROW_GROUP_ROWS:
            self._write(month, buf)
            self._buffers[month] = []
            self._buffered -= n
        while self._buffered > _MAX_BUFFERED:
            largest = max(self._buffers, key=lambda m: sum(t.num_rows for t in self._buffers[m]))
            size = sum(t.num_rows for t in self._buffers[largest])
            self._write(largest, self._buffers[largest])
            self._buffers[largest] = []
            self._buffered -= size

    def close(self) -> None:
        """Write what is buffered and close the files."""
        for month, buf in self._buffers.items():
            if buf:
                self._write(month, buf)
        self._buffers.clear()
        self._buffered = 0
        try:
            self._drain()
        finally:
            self._shutdown()
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def discard(self) -> None:
        """Forget every row of this part (its files are removed)."""
        for f in self._pending:
            f.cancel()
        self._pending.clear()
        self._shutdown()
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # pragma: no cover - closing a writer of a file being discarded
                pass
        self._writers.clear()
        self._buffers.clear()
        self._buffered = 0
        self.rows = 0
        self.files = {}
        shutil.rmtree(self.directory, ignore_errors=True)


class _PseudonymIndex:
    """Pseudonyms of one platform's handles, looked up by two 64-bit hashes of the handle, in numpy.

    The handles' hashes (DuckDB's ``hash()`` of the handle and of the handle
    with a suffix: two independent 64-bit values) are kept sorted with the
    code of each handle; pseudonyms, all of one width (``m_`` and 20 hex
    digits), live in a fixed-width byte array. A batch's lookups are then
    ``searchsorted`` and ``take``, whatever its number of distinct members.
    Two handles sharing the first hash but not the second (a 64-bit
    collision) are detected and reported, never merged.
    """

    def __init__(self, width: int):
        self.width = width
        self.h1 = np.empty(0, np.uint64)
        self.h2 = np.empty(0, np.uint64)
        self.code = np.empty(0, np.int64)
        self.mids = np.empty(1024, f"S{width}")
        self.n = 0

    def lookup(self, h1: np.ndarray, h2: np.ndarray):
        """``(codes, found)`` for each row, or None when a first hash matches with another second hash."""
        if self.n == 0:
            return np.zeros(len(h1), np.int64), np.zeros(len(h1), bool)
        pos = np.minimum(np.searchsorted(self.h1, h1), self.n - 1)
        found = self.h1[pos] == h1
        if (found & (self.h2[pos] != h2)).any():
            return None
        return self.code[pos], found

    def add(self, h1: np.ndarray, h2: np.ndarray, mids: list) -> np.ndarray:
        """Add handles (``h1`` sorted, unique, absent) with their pseudonyms; return their codes."""
        k = len(h1)
        codes = np.arange(self.n, self.n + k, dtype=np.int64)
        if self.n + k > len(self.mids):
            grown = np.empty(max(2 * len(self.mids), self.n + k), self.mids.dtype)
            grown[: self.n] = self.mids[: self.n]
            self.mids = grown
        self.mids[self.n : self.n + k] = np.array(mids, dtype=self.mids.dtype)
        at = np.searchsorted(self.h1, h1)
        self.h1 = np.insert(self.h1, at, h1)
        self.h2 = np.insert(self.h2, at, h2)
        self.code = np.insert(self.code, at, codes)
        self.n += k
        return codes

    def strings(self, codes: np.ndarray) -> pa.Array:
        """The pseudonyms of ``codes`` as an Arrow string array (built from the bytes, no Python objects)."""
        data = np.ascontiguousarray(self.mids[codes])
        offsets = np.arange(0, (len(codes) + 1) * self.width, self.width, dtype=np.int64)
        return pa.LargeStringArray.from_buffers(len(codes), pa.py_buffer(offsets), pa.py_buffer(data.tobytes())).cast(pa.string())


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
    mentions written before one of them was known are named at :meth:`commit`.
    """

    def __init__(self, root, pseudo: Pseudonymizer, forgotten=()):
        self.root = Path(root)
        self.pseudo = pseudo
        self.forgotten = set(forgotten)
        private_dir(self.root)
        check_no_link(self.root, STAGING)
        self.directory = self.root / STAGING / f"{INGEST_PREFIX}{uuid.uuid4().hex}"
        private_dir(self.directory.parent)
        os.mkdir(self.directory, 0o700)
        self._lock_fd = os.open(self.directory / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self.parts: dict[str, list[StagedPart]] = {}
        self.identities: dict = {}
        self.links: set = set()  # (platform, alias pseudonym, member pseudonym): libcommunity.links
        self.platforms: set = set()
        self.erased_ids: set = set()  # interactions of erased members seen in this ingest
        self.pruned = 0
        self._pseudonyms: dict[str, dict[str, str]] = {}
        self._variants: set = set()  # (platform, pseudonym) seen with several spellings
        self._indexes: dict[str, _PseudonymIndex] = {}
        self._collided: set = set()  # platforms where two handles share a 64-bit hash: dictionary path only
        self._con = None
        self.library_name: str | None = None
        self.library_handles: tuple = ()
        self.library_ids: set = set()
        self.library_stored = None  # callable: the store's library-side pseudonyms (read once, when first needed)
        self._handle_platforms: set = set()  # platforms whose library handles are in library_ids
        self._left: set = set()  # pseudonyms mentioned and left as pseudonyms (maybe the library, known later)

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

    def add(self, part: StagedPart, table: pa.Table) -> None:
        """Pseudonymise, filter and write one typed batch (member ids still handles) to ``part``."""
        spec = part.spec
        if table.num_rows == 0:
            return
        self.platforms.update(p for p in pc.unique(table.column("platform")).to_pylist() if p is not None)
        if spec.name == "interactions":  # ids built from who acted (favourite:<handle>:…, at://<did>/…)
            table = pseudonymise_id_columns(self.pseudo, table)
        if spec.name in PSEUDONYMISED:
            table = table.set_column(
                spec.column_names.index("member_id"), "member_id", self._pseudonymise(table)
            )
        if self.library_name is not None:
            self._learn_library(spec.name, table)
        if "text" in table.column_names:
            table = table.set_column(spec.column_names.index("text"), "text", self._mentions(table))
        if self.forgotten and spec.name in PSEUDONYMISED:
            theirs = pc.is_in(table.column("member_id"), value_set=pa.array(sorted(self.forgotten)))
            if pc.any(theirs).as_py():
                if "interaction_id" in table.column_names:
                    self.erased_ids.update(table.filter(theirs).column("interaction_id").to_pylist())
                table = table.filter(pc.invert(theirs))
        self._partition(part, table)

    def _partition(self, part: StagedPart, table: pa.Table) -> None:
        col = part.spec.time_column
        if col is None:
            part.append("all", table)
            return
        t = table.column(col)
        keys = pc.add(pc.multiply(pc.year(t), 100), pc.month(t)).combine_chunks().to_numpy(zero_copy_only=False)
        change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        if len(change) >= 64:  # months interleaved: group the rows (stable) rather than cut many slices
            order = np.argsort(keys, kind="stable")
            table, keys = table.take(pa.array(order)), keys[order]
            change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
        starts = np.concatenate([[0], change]).astype(int)
        ends = np.concatenate([change, [len(keys)]]).astype(int)
        for a, b in zip(starts, ends):
            k = int(keys[a])
            part.append(f"{k // 100:04d}-{k % 100:02d}", table.slice(a, b - a))

    def _pseudonymise(self, table: pa.Table) -> pa.Array:
        """Pseudonyms of the batch's member handles, with the identities recorded.

        Each distinct handle is hashed once per ingest; the lookups of a
        batch's distinct handles run in C (``map(dict.get, ...)``), so a batch
        costs a dictionary encoding plus one lookup per distinct member. An
        identity keeps the spelling of the member's latest row, as the
        whole-file ingest did; only members seen with several spellings
        (``@Ana``, ``ana``) need the rows' order, so only they are tracked.
        """
        handles = table.column("member_id").combine_chunks()
        anonymous = pc.fill_null(pc.equal(handles, ANONYMOUS_MEMBER), False)
        if pc.any(anonymous).as_py():
            # Anonymous survey responses belong to no member: no pseudonym, no identity.
            named = pc.invert(anonymous)
            if not pc.any(named).as_py():
                return handles
            pseudonyms = self._pseudonymise(table.filter(named))
            positions = pc.indices_nonzero(named)
            out = pa.array([ANONYMOUS_MEMBER] * len(handles), pa.string()).to_pylist()
            for pos, value in zip(positions.to_pylist(), pseudonyms.to_pylist()):
                out[pos] = value
            return pa.array(out, pa.string())
        plats = table.column("platform").combine_chunks()
        uniq_plats = pc.unique(plats).to_pylist()
        if len(uniq_plats) == 1 and not self._variants and uniq_plats[0] not in self._collided:
            hashed = self._pseudonymise_hashed(handles, uniq_plats[0])
            if hashed is not None:
                return hashed
        return self._pseudonymise_dict(handles, plats, uniq_plats)

    def _pseudonymise_hashed(self, handles: pa.Array, platform: str) -> pa.Array | None:
        """The vectorised path (see :class:`_PseudonymIndex`); None hands the batch to the dictionary path.

        It gives way when a member shows a second spelling (the identities
        then need the rows' order) or on a 64-bit hash collision.
        """
        self.con.register("_lc_handles", pa.table({"h": handles}))
        keys = self.con.execute('SELECT hash(h) AS h1, hash(h || chr(31)) AS h2 FROM _lc_handles').fetchnumpy()
        self.con.unregister("_lc_handles")
        h1, h2 = np.asarray(keys["h1"], np.uint64), np.asarray(keys["h2"], np.uint64)
        index = self._indexes.get(platform)
        if index is None:
            index = self._indexes[platform] = _PseudonymIndex(len(self.pseudo("x", platform)))
        looked = index.lookup(h1, h2)
        if looked is None:
            self._collided.add(platform)
            return None
        codes, found = looked
        if not found.all():
            miss = np.flatnonzero(~found)
            new_h1, first = np.unique(h1[miss], return_index=True)
            rows = miss[first]
            if (h2[miss] != h2[rows][np.searchsorted(new_h1, h1[miss])]).any():
                self._collided.add(platform)
                return None
            names = handles.take(pa.array(rows)).to_pylist()
            mids = self.pseudo.many(names, platform)
            spellings = [str(h).strip() for h in names]
            if len(set(mids)) < len(mids) or any(
                self.identities.get((platform, m), sp) != sp for m, sp in zip(mids, spellings)
            ) or any(len(m) != index.width for m in mids):
                return None  # a second spelling of someone: the dictionary path keeps the latest
            for m, sp in zip(mids, spellings):
                self.identities[(platform, m)] = sp
            codes = codes.copy()
            codes[miss] = index.add(new_h1, h2[rows], mids)[np.searchsorted(new_h1, h1[miss])]
        return index.strings(codes)

    def _pseudonymise_dict(self, handles: pa.Array, plats: pa.Array, uniq_plats: list) -> pa.Array:
        """Pseudonyms through a dictionary of the handles seen so far (any batch; row order for identities)."""
        if len(uniq_plats) == 1:
            enc = pc.dictionary_encode(handles)
            distinct = enc.dictionary.to_pylist()
            platforms = None
            groups = {uniq_plats[0]: range(len(distinct))}
        else:
            enc = pc.dictionary_encode(pc.binary_join_element_wise(plats, handles, "\x1f"))
            pairs = [v.split("\x1f", 1) for v in enc.dictionary.to_pylist()]
            platforms = [p for p, _ in pairs]
            distinct = [h for _, h in pairs]
            groups = {}
            for j, p in enumerate(platforms):
                groups.setdefault(p, []).append(j)
        mids = [None] * len(distinct)
        new = []
        for platform, js in groups.items():
            known = self._pseudonyms.setdefault(platform, {})
            if platforms is None:
                found = list(map(known.get, distinct))
            else:
                found = [known.get(distinct[j]) for j in js]
            fresh = [j for j, m in zip(js, found) if m is None]
            if fresh:
                names = [distinct[j] for j in fresh]
                hashed = self.pseudo.many(names, platform)
                known.update(zip(names, hashed))
                for j, m in zip(fresh, hashed):
                    found[js.index(j) if platforms is not None else j] = m
                new.extend((platform, j) for j in fresh)
            if platforms is None:
                mids = found
            else:
                for j, m in zip(js, found):
                    mids[j] = m
        self._record_identities(enc, distinct, mids, new, platforms, uniq_plats[0] if platforms is None else None)
        return pa.array(mids, pa.string()).take(enc.indices)

    def _record_identities(self, enc, distinct, mids, new, platforms, platform) -> None:
        """Identities of the batch's new handles, in the order of their latest rows where that matters."""
        identities, variants = self.identities, self._variants
        plat_of = (lambda j: platform) if platforms is None else platforms.__getitem__  # noqa: E731
        new_keys = [(p, mids[j]) for p, j in new]
        for (p, j), key in zip(new, new_keys):
            spelled = identities.get(key)
            if spelled is not None and spelled != str(distinct[j]).strip():
                variants.add(key)
        if len(set(new_keys)) < len(new_keys):
            seen: set = set()
            variants.update(k for k in new_keys if k in seen or seen.add(k))
        touched = [j for _, j in new]
        if variants:
            fresh = set(touched)
            touched = [j for j in range(len(distinct)) if j in fresh or (plat_of(j), mids[j]) in variants]
            if any((plat_of(j), mids[j]) in variants for j in touched):
                # Several spellings of one member: the spelling of its latest row wins.
                idx = enc.indices.to_numpy(zero_copy_only=False)
                last = np.full(len(distinct), -1)
                np.maximum.at(last, idx, np.arange(len(idx)))
                touched = sorted(touched, key=lambda j: last[j])
        for j in touched:
            identities[(plat_of(j), mids[j])] = str(distinct[j]).strip()

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
            self._stored_library()
            out = name_library_mentions(out, self.library_ids, self.library_name)
            self._left |= mentioned_pseudonyms(out.dropna().tolist())
        out = redact_mentions(out, self.forgotten)
        return pc.replace_with_mask(texts, has, pa.array(out.tolist(), pa.string()))

    def add_links(self, platform: str, handles: dict) -> None:
        """Record that each ``{did: handle}`` pair names one person (see :mod:`libcommunity.links`)."""
        if not handles:
            return
        dids = list(handles)
        members = self.pseudo.many(dids, platform)
        aliases = self.pseudo.many([handles[d] for d in dids], platform)
        self.links.update((platform, a, m) for a, m in zip(aliases, members) if a != m)

    def links_rows(self, late_forgotten=()) -> list:
        """The links of this ingest, without those of erased people."""
        gone = self.forgotten | set(late_forgotten)
        return sorted(r for r in self.links if r[1] not in gone and r[2] not in gone)

    # ---------------------------------------------------------------- checks
    def has_repeated_keys(self, parts) -> bool:
        """Whether some key occurs twice in the rows of ``parts`` (exact when False)."""
        files = [str(p) for part in parts for p in part.paths()]
        if not files:
            return False
        spec = parts[0].spec
        n, distinct = self.con.execute(
            f"SELECT count(*), count(DISTINCT hash({_key_sql(spec)})) FROM read_parquet({_file_list_sql(files)})"
        ).fetchall()[0]
        return n != distinct

    # ---------------------------------------------------------------- commit
    def _latest_rows(self, table: str) -> str:
        """SQL of the table's staged rows; for a key given by several files, the row of the last file."""
        spec = TABLES[table]
        parts = [p for p in self.parts.get(table, []) if p.rows]
        cols = ", ".join(f'"{c}"' for c in spec.column_names)
        union = " UNION ALL ".join(
            f"SELECT {cols}, {p.index} AS _file FROM read_parquet({_file_list_sql([str(f) for f in p.paths()])})"
            for p in parts
        )
        return (
            f"SELECT {cols} FROM ({union}) "
            f"QUALIFY row_number() OVER (PARTITION BY {_key_sql(spec)} ORDER BY _file DESC) = 1"
        )

    def commit(self, txn, account: str, *, late_forgotten=(), prune_before=None) -> dict:
        """Give every staged table to the transaction ``txn``; return ``{table: upsert counts}``.

        Parameters
        ----------
        txn : Transaction
            Open on the same store.
        account : str
        late_forgotten : set of str
            Members erased by another process since the ingest began (read
            under the transaction's lock): dropped now, with the library's
            replies to them, and their mentions redacted.
        prune_before : pandas.Timestamp, optional
            The account's retention cutoff (``libcommunity prune``):
            interactions before it are left out, and so are the identities of
            people left with no row. :attr:`pruned` says how many.

        Returns
        -------
        dict
            ``{table: {"rows", "new", "updated", "unchanged"}}`` for every table
            that received rows.
        """
        from .privacy import ERASED, _mention_pattern

        late = set(late_forgotten) - self.forgotten
        # Mentions of an identity this ingest showed to be the library only after they were staged.
        if self._left:
            self._stored_library()
        named_late = sorted(self.library_ids & self._left) if self.library_name is not None else []
        self.pruned = 0
        if prune_before is not None:
            files = [str(f) for p in self.parts.get("interactions", []) for f in p.paths()]
            if files:
                (self.pruned,) = self.con.execute(
                    f"SELECT count(*) FROM read_parquet({_file_list_sql(files)}) WHERE created_at < ?::TIMESTAMPTZ",
                    [prune_before.isoformat()],
                ).fetchall()[0]
        erased = set(self.erased_ids)
        if late:
            for part in self.parts.get("interactions", []):
                if part.rows:
                    erased.update(
                        r[0]
                        for r in self.con.execute(
                            f"SELECT interaction_id FROM read_parquet({_file_list_sql([str(f) for f in part.paths()])}) "
                            "WHERE list_contains(?, member_id)",
                            [sorted(late)],
                        ).fetchall()
                    )
        plans, deduped = {}, set()
        for table in TABLES:
            parts = [p for p in self.parts.get(table, []) if p.rows]
            if not parts:
                continue
            spec = TABLES[table]
            files = [str(f) for p in parts for f in p.paths()]
            overlap = len(parts) > 1 and self.has_repeated_keys(parts)
            conditions = []
            if late and table in PSEUDONYMISED:
                conditions.append(f"NOT list_contains({_sql_list(late)}, member_id)")
            if erased and "reply_to" in spec.column_names:
                conditions.append(f"NOT coalesce(by_library AND list_contains({_sql_list(erased)}, reply_to), false)")
            if self.pruned and table == "interactions":
                conditions.append(f"created_at >= {_sql_str(prune_before.isoformat())}::TIMESTAMPTZ")
            redact = bool(late) and "text" in spec.column_names
            rename = bool(named_late) and "text" in spec.column_names
            if not (overlap or conditions or redact or rename):
                plans[table] = (parts, None)
                continue
            if overlap:
                deduped.add(table)
            query = self._latest_rows(table) if overlap else f"SELECT * FROM read_parquet({_file_list_sql(files)})"
            if conditions:
                query = f"SELECT * FROM ({query}) WHERE " + " AND ".join(conditions)
            if rename:
                query = (
                    f"SELECT * REPLACE (regexp_replace(text, {_sql_str(_mention_pattern(named_late))}, "
                    f"{_sql_str(library_mention(self.library_name))}, 'g') AS text) FROM ({query})"
                )
            if redact:
                query = (
                    f"SELECT * REPLACE (regexp_replace(text, {_sql_str(_mention_pattern(late))}, "
                    f"{_sql_str(ERASED)}, 'g') AS text) FROM ({query})"
                )
            plans[table] = (parts, query)
        if self.pruned:
            deduped.add("interactions")
        # Identities are settled while every staged file is still in place (adoption moves them).
        self._restrict_identities(deduped, {t: q for t, (_, q) in plans.items() if q})
        for key in [k for k in self.identities if k[1] in self.forgotten or k[1] in late]:
            del self.identities[key]
        results = {}
        for table, (parts, query) in plans.items():
            if query is None and not txn._live(table, account):
                files = {}
                for p in parts:
                    for month, paths in p.files.items():
                        files.setdefault(month, []).extend(paths)
                results[table] = txn.adopt(table, account, files, sum(p.rows for p in parts))
            elif query is None:
                results[table] = txn.upsert(table, account, [f for p in parts for f in p.paths()])
            elif txn.con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]:
                results[table] = txn.upsert(table, account, txn.con.sql(query))
        return results

    def _restrict_identities(self, deduped: set, queries: dict) -> None:
        """Keep only identities of members who still have a row (when rows were replaced or left out)."""
        if not deduped & set(PSEUDONYMISED):
            return
        present = set()
        for table in PSEUDONYMISED:
            parts = [p for p in self.parts.get(table, []) if p.rows]
            if not parts:
                continue
            query = queries.get(table) or f"SELECT * FROM read_parquet({_file_list_sql([str(f) for p in parts for f in p.paths()])})"
            present.update(self.con.execute(f"SELECT DISTINCT platform, member_id FROM ({query})").fetchall())
        self.identities = {k: v for k, v in self.identities.items() if k in present}

    def identities_table(self, account: str) -> pa.Table:
        """The identities met in this ingest, as rows of the store's ``identities`` table."""
        items = sorted(self.identities.items())
        return pa.table(
            {
                "account": pa.array([account] * len(items), pa.string()),
                "platform": pa.array([k[0] for k, _ in items], pa.string()),
                "member_id": pa.array([k[1] for k, _ in items], pa.string()),
                "handle": pa.array([v for _, v in items], pa.string()),
            }
        )


# ------------------------------------------------------------------------------ repeated keys in one file
def exact_dedupe(con, raw_files: list, spec: TableSpec, *, path) -> tuple[str, int]:
    """Rows of one file without identical repeats, or the whole-file loader's error for a key given twice.

    ``raw_files`` hold the file's typed rows with the handles as exported and
    a ``_row`` column (source row number). Exactly as
    :func:`~libcommunity.validate.drop_repeated_rows`: rows repeated
    identically keep their first occurrence; two rows sharing a key with
    different content raise :class:`~libcommunity.errors.ValidationError`
    naming both rows and the first column where they differ.

    Returns
    -------
    tuple
        SQL of the rows to keep (``_row`` order, ``_row`` column included)
        and how many there are.
    """
    from .validate import drop_repeated_rows

    files = _file_list_sql([str(f) for f in raw_files])
    cols = ", ".join(f'"{c}"' for c in spec.column_names)
    key = _key_sql(spec)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _raw AS SELECT * FROM read_parquet({files})")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _repeated AS
        SELECT {key}, min(_row) AS first_row, count(DISTINCT ({cols})) AS variants
        FROM _raw GROUP BY {key} HAVING count(*) > 1"""
    )
    clash = con.execute("SELECT * FROM _repeated WHERE variants > 1 ORDER BY first_row LIMIT 1").fetchdf()
    if len(clash):
        on = " AND ".join(f'r."{k}" IS NOT DISTINCT FROM c."{k}"' for k in spec.key)
        rows = con.execute(
            f"SELECT r.* FROM _raw r JOIN (SELECT * FROM _repeated WHERE variants > 1 ORDER BY first_row LIMIT 1) c "
            f"ON {on} ORDER BY r._row"
        ).fetchdf()
        frame = coerce_frame(rows, spec.name)
        frame.index = pd.Index(rows["_row"].astype("int64"), name="row")
        drop_repeated_rows(frame, spec.name, path=path)  # raises the message of the whole-file loader
        raise AssertionError("rows sharing a key differ but drop_repeated_rows accepted them")  # pragma: no cover
    on = " AND ".join(f'r."{k}" IS NOT DISTINCT FROM d."{k}"' for k in spec.key)
    keep = (
        f"SELECT r.* FROM _raw r LEFT JOIN _repeated d ON {on} "
        f"WHERE d.first_row IS NULL OR r._row = d.first_row ORDER BY r._row"
    )
    (n,) = con.execute(f"SELECT count(*) FROM ({keep})").fetchall()[0]
    return keep, int(n)

