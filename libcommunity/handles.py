"""Member handles of Arrow batches made pseudonyms, with the identities they reveal (ingest).

:class:`BatchPseudonyms` turns the ``member_id`` column of each typed batch
(handles as exported) into keyed pseudonyms (:class:`~libcommunity.pseudonym.Pseudonymizer`)
and remembers, for every member, the spelling of the handle of the member's
latest row: the ``identities`` table the store keeps apart for ``--reveal``.

Each distinct handle is hashed with HMAC once per ingest. The usual batch (one
platform, one spelling per member) takes the vectorised path: a
:class:`~libcommunity.handleindex.HandleIndex` per platform, an open-addressing hash table in numpy
keyed by DuckDB's 64-bit ``hash()`` of the handle, in which every match is
confirmed by comparing the handles themselves (two handles sharing a hash are
told apart, never merged); pseudonyms and spellings are kept in arrays in the
order the handles were met. Whatever that path does not vouch for (a member
met with a second spelling, such as ``@Ana`` and ``ana`` on a platform that
ignores case, or a batch that holds null handles) goes through the dictionary
path, which follows the rows' order, so that the spelling of the latest row
wins. Both paths give the same pseudonyms and the same identities.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrowtext import already_clean
from .handleindex import WIDTH, HandleIndex, mid_keys, pseudonym_strings
from .pseudonym import PREFIX, Pseudonymizer
from .rowhash import has_repeats
from .schemas import ANONYMOUS_MEMBER

__all__ = ["BatchPseudonyms", "HandleIndex", "pseudonym_strings", "sort_identities"]


def _bools(mask) -> np.ndarray:
    """An Arrow boolean array (nulls as False) as numpy."""
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


class BatchPseudonyms:
    """The pseudonyms of an ingest's member handles, batch by batch, and the identities they reveal.

    Parameters
    ----------
    pseudo : Pseudonymizer
    hash_strings : callable
        ``hash_strings(array) -> numpy.ndarray`` of uint64: a 64-bit hash of each
        string (DuckDB's ``hash()``); only used to find handles quickly.
    """

    def __init__(self, pseudo: Pseudonymizer | None, hash_strings):
        self.pseudo = pseudo
        self._hash = hash_strings
        self._indexes: dict[str, HandleIndex] = {}
        self._identities: dict = {}  # (platform, pseudonym) -> spelling, recorded by the dictionary path
        self._dict_platforms: set = set()
        self._pseudonyms: dict[str, dict[str, str]] = {}  # the dictionary path's handle -> pseudonym
        self._variants: set = set()  # (platform, pseudonym) seen with several spellings
        self._dropped: set = set()
        self._present: pa.Array | None = None

    # ------------------------------------------------------------------ batches
    def member_ids(self, table: pa.Table, hashes: np.ndarray | None = None) -> pa.Array:
        """The pseudonyms of ``table``'s ``member_id`` handles (``platform`` per row), identities recorded.

        ``hashes`` are the handles' hashes (``hash_strings`` of the column) when
        already computed, e.g. by :meth:`IngestStaging.prepare` in another thread.
        """
        handles = table.column("member_id").combine_chunks()
        anonymous = pc.equal(handles, ANONYMOUS_MEMBER)
        if pc.any(anonymous).as_py():
            # Anonymous survey responses belong to no member: no pseudonym, no identity.
            named = pc.invert(pc.fill_null(anonymous, False))
            if not pc.any(named).as_py():
                return handles
            kept = None if hashes is None else hashes[named.to_numpy(zero_copy_only=False)]
            return pc.replace_with_mask(handles, named, self.member_ids(table.filter(named), kept))
        plats = table.column("platform").combine_chunks()
        uniq = pc.unique(plats).to_pylist()
        if not self._variants and handles.null_count == 0 and None not in uniq:
            out = self._vectorised(handles, plats, uniq, hashes)
            if out is not None:
                return out
        return self._dictionary(handles, plats, uniq)

    def _vectorised(self, handles: pa.Array, plats: pa.Array, uniq: list, hashes) -> pa.Array | None:
        """The index path, platform by platform; None hands the batch to the dictionary path."""
        if hashes is None:
            hashes = self._hash(handles)
        if len(uniq) == 1:
            return self._one_platform(handles, uniq[0], hashes)
        parts, rows = [], []
        for platform in uniq:
            where = pc.indices_nonzero(pc.equal(plats, platform))
            got = self._one_platform(handles.take(where), platform, hashes[where.to_numpy()])
            if got is None:
                return None
            parts.append(got)
            rows.append(where.to_numpy())
        return pa.concat_arrays(parts).take(pa.array(np.argsort(np.concatenate(rows), kind="stable")))

    def _one_platform(self, handles: pa.Array, platform: str, h: np.ndarray) -> pa.Array | None:
        """Pseudonyms of one platform's handles (hashes ``h``) through its :class:`HandleIndex` (None: a second spelling)."""
        index = self._indexes.setdefault(platform, HandleIndex())
        codes = index.lookup(h, handles)
        miss = np.flatnonzero(codes < 0)
        while miss.size:
            uniq_h, first, inverse = np.unique(h[miss], return_index=True, return_inverse=True)
            reps = handles.take(pa.array(miss[first]))
            # a row whose handle only shares its hash with the representative waits for the next round
            same = _bools(pc.equal(handles.take(pa.array(miss)), reps.take(pa.array(inverse))))
            fixed = self.pseudo.fixed(reps, platform)
            # the spelling is the handle without surrounding whitespace (str.strip), usually the handle itself
            spellings = reps if already_clean(reps) else pa.array([name.strip() for name in reps.to_pylist()], pa.string())
            keys = mid_keys(fixed)
            if has_repeats(keys) or index.known_mids(keys).any():
                return None  # a member with a second handle: the dictionary path keeps the latest spelling
            if platform in self._dict_platforms and any(
                self._identities.get((platform, m.decode("ascii")), s) != s for m, s in zip(fixed, spellings.to_pylist())
            ):
                return None
            added = index.add(uniq_h, reps, fixed, spellings)
            codes[miss[same]] = added[inverse[same]]
            miss = miss[~same]
            if miss.size:
                codes[miss] = index.lookup(h[miss], handles.take(pa.array(miss)))
                miss = miss[codes[miss] < 0]
        return index.pseudonyms(codes)

    def _dictionary(self, handles: pa.Array, plats: pa.Array, uniq_plats: list) -> pa.Array:
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
        self._record(enc, distinct, mids, new, platforms, uniq_plats[0] if platforms is None else None)
        return pa.array(mids, pa.string()).take(enc.indices)

    def _spelling(self, key: tuple) -> str | None:
        """The spelling recorded so far for ``(platform, pseudonym)`` by either path."""
        spelled = self._identities.get(key)
        if spelled is None and key[0] in self._indexes:
            spelled = self._indexes[key[0]].spelling_of(key[1])
        return spelled

    def _record(self, enc, distinct, mids, new, platforms, platform) -> None:
        """Identities of the batch's new handles, in the order of their latest rows where that matters."""
        identities, variants = self._identities, self._variants
        plat_of = (lambda j: platform) if platforms is None else platforms.__getitem__  # noqa: E731
        new_keys = [(p, mids[j]) for p, j in new]
        for (p, j), key in zip(new, new_keys):
            spelled = self._spelling(key)
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
            self._dict_platforms.add(plat_of(j))

    # ------------------------------------------------------------------ identities
    def drop(self, members) -> None:
        """Forget the identities of ``members`` (pseudonyms: erased people)."""
        self._dropped.update(members)

    def keep_only(self, present: pa.Table) -> None:
        """Keep only the identities of ``(platform, member_id)`` pairs in ``present`` (members with a row left)."""
        keys = _pair_keys(present.column("platform"), present.column("member_id"))
        self._present = keys if self._present is None else pc.filter(keys, pc.is_in(keys, value_set=self._present))

    def table(self, account: str) -> pa.Table:
        """The identities met in this ingest, as rows of the store's ``identities`` table (in no particular order)."""
        plats, mids, spellings = [], [], []
        for platform, index in self._indexes.items():
            if index.n:
                m, s = index.identities()
                plats.append(pa.repeat(pa.scalar(platform, pa.string()), index.n))
                mids.append(m)
                spellings.append(s)
        if plats:
            plats_a, mids_a, spell_a = pa.concat_arrays(plats), pa.concat_arrays(mids), pa.concat_arrays(spellings)
            if self._identities:  # the dictionary path's record is the later one
                recorded = _pair_keys(
                    pa.array([p for p, _ in self._identities], pa.string()), pa.array([m for _, m in self._identities], pa.string())
                )
                keep = pc.invert(pc.is_in(_pair_keys(plats_a, mids_a), value_set=recorded))
                plats_a, mids_a, spell_a = plats_a.filter(keep), mids_a.filter(keep), spell_a.filter(keep)
        else:
            plats_a = mids_a = spell_a = pa.array([], pa.string())
        items = list(self._identities.items())
        platform = pa.concat_arrays([plats_a, pa.array([k[0] for k, _ in items], pa.string())])
        member = pa.concat_arrays([mids_a, pa.array([k[1] for k, _ in items], pa.string())])
        handle = pa.concat_arrays([spell_a, pa.array([v for _, v in items], pa.string())])
        keep = None
        if self._dropped:
            keep = pc.invert(pc.is_in(member, value_set=pa.array(sorted(self._dropped), pa.string())))
        if self._present is not None:
            present = pc.is_in(_pair_keys(platform, member), value_set=self._present)
            keep = present if keep is None else pc.and_(keep, present)
        if keep is not None:
            platform, member, handle = platform.filter(keep), member.filter(keep), handle.filter(keep)
        return pa.table(
            {
                "account": pa.repeat(pa.scalar(account, pa.string()), len(member)),
                "platform": platform,
                "member_id": member,
                "handle": handle,
            }
        )


def _pseudonym_order(rows: np.ndarray) -> np.ndarray:
    """The byte-wise order of fixed-width strings (``rows``: one uint8 row per string).

    Pseudonyms (``m_`` and lower-case hexadecimal digits) are ordered by the
    integer of their first 16 digits, which is their byte-wise order when no
    two share those digits (checked); anything else by numpy's sort of the
    strings themselves.
    """
    width = rows.shape[1]
    strings = np.ascontiguousarray(rows).view(f"S{width}").ravel()
    if width == WIDTH and (rows[:, : len(PREFIX)] == np.frombuffer(PREFIX.encode(), np.uint8)).all():
        digits = rows[:, len(PREFIX) :]
        if (((digits >= ord("0")) & (digits <= ord("9"))) | ((digits >= ord("a")) & (digits <= ord("f")))).all():
            keys = mid_keys(strings)
            order = np.argsort(keys, kind="stable")
            ordered = keys[order]
            if not (ordered[1:] == ordered[:-1]).any():
                return order
    return np.argsort(strings, kind="stable")


def sort_identities(table: pa.Table) -> pa.Table:
    """Identities (rows of the store's ``identities`` table) in the store's order: by platform, then member id.

    One platform and member ids all of one width (pseudonyms) are ordered
    with numpy's byte-wise sort of fixed-width strings; anything else by
    Arrow's sort. Both give the byte-wise order DuckDB's ``ORDER BY`` gives.
    """
    if table.num_rows < 2:
        return table
    mids = table.column("member_id").combine_chunks()
    lengths = pc.binary_length(mids)
    lo, hi = pc.min_max(lengths).values()
    single = pc.count_distinct(table.column("platform")).as_py() == 1 and not table.column("platform").null_count
    if single and not mids.null_count and lo.as_py() == hi.as_py() and lo.as_py() > 0 and pa.types.is_string(mids.type):
        offsets = np.frombuffer(mids.buffers()[1], np.int32, count=len(mids) + 1, offset=mids.offset * 4)
        data = np.frombuffer(mids.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        order = _pseudonym_order(data.reshape(len(mids), lo.as_py()))
    else:
        order = pc.sort_indices(table, sort_keys=[("platform", "ascending"), ("member_id", "ascending")])
    return table.take(pa.array(order))


def _pair_keys(platforms, members) -> pa.Array:
    """``platform`` and ``member_id`` joined into one string per row (for set operations on the pairs)."""
    if isinstance(platforms, pa.ChunkedArray):
        platforms = platforms.combine_chunks()
    if isinstance(members, pa.ChunkedArray):
        members = members.combine_chunks()
    return pc.binary_join_element_wise(platforms.cast(pa.string()), members.cast(pa.string()), "\x1f")
