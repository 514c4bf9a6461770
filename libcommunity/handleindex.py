"""An exact hash index of one platform's member handles, with their pseudonyms and spellings (ingest).

:class:`HandleIndex` is the vectorised path of
:class:`~libcommunity.handles.BatchPseudonyms`: an open-addressing hash table
in numpy keyed by DuckDB's 64-bit ``hash()`` of the handle, in which every
match is confirmed by comparing the handles themselves (two handles sharing a
hash are told apart, never merged); pseudonyms (fixed-width bytes) and
spellings are kept in arrays in the order the handles were met.
"""

from __future__ import annotations

import binascii

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .pseudonym import DIGITS, PREFIX

__all__ = ["WIDTH", "HandleIndex", "pseudonym_strings", "mid_keys"]

#: Width of every pseudonym (``m_`` and 20 hexadecimal digits).
WIDTH = len(PREFIX) + DIGITS
#: Slots per handle held, at least: a table a quarter full keeps probe sequences short (1M handles: 32-64 MB).
_SLOTS_PER_HANDLE = 4
_HIGH = np.uint64(0xFFFFFFFF00000000)
_LOW = np.uint64(0xFFFFFFFF)
#: Fibonacci hashing's multiplier (2**64 / golden ratio): spreads any 64-bit hash over the slots.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def pseudonym_strings(fixed: np.ndarray) -> pa.Array:
    """An Arrow string array of fixed-width ASCII values (numpy ``S`` array), built from the bytes."""
    n, width = len(fixed), fixed.dtype.itemsize
    data = np.ascontiguousarray(fixed).view(np.uint8)
    offsets_type = np.int32 if n * width < 2**31 else np.int64
    offsets = np.arange(0, (n + 1) * width, width, dtype=offsets_type)
    kind = pa.string() if offsets_type is np.int32 else pa.large_string()
    out = pa.Array.from_buffers(kind, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return out if kind == pa.string() else out.cast(pa.string())


def mid_keys(mids: np.ndarray) -> np.ndarray:
    """The first 16 hexadecimal digits of each pseudonym as a 64-bit integer (a pseudonym's key)."""
    digits = np.ascontiguousarray(mids).view(np.uint8).reshape(len(mids), WIDTH)[:, len(PREFIX) : len(PREFIX) + 16]
    return np.frombuffer(binascii.unhexlify(np.ascontiguousarray(digits).tobytes()), ">u8").astype(np.uint64)


class HandleIndex:
    """The handles of one platform met in an ingest, with their pseudonyms and spellings.

    Handles get codes 0, 1, ... in the order they are added. An open-addressing
    table (linear probing, at most a quarter full) maps the 64-bit hash of a handle
    to its code; :meth:`lookup` confirms every match by comparing the handle
    strings and keeps probing past a handle that only shares (part of) the
    hash, so the index is exact whatever the hashes. The pseudonyms of an index are
    distinct (:class:`BatchPseudonyms` sends a second handle of a member to its
    dictionary path).
    """

    def __init__(self):
        self.n = 0
        self._bits = 4
        self._table = np.zeros(1 << self._bits, np.uint64)  # per slot: hash's high 32 bits, code + 1 (0: free)
        self._hashes = np.empty(0, np.uint64)  # by code
        self._handles: list[pa.Array] = []  # chunks, by code
        self._mids = np.empty(0, f"S{WIDTH}")  # by code
        self._spellings: list[pa.Array] = []  # chunks, by code
        self._mid_keys = np.empty(0, np.uint64)  # sorted
        self._mid_codes = np.empty(0, np.int64)  # the code of each sorted key
        self._width = None  # the byte length of every handle held, while they all have one (see _fixed)
        self._fixed_handles = np.empty(0, "S1")  # then the handles as numpy fixed-width bytes, by code

    # ------------------------------------------------------------------ hash table
    # One uint64 per slot (the high half of the handle's hash, then its code + 1) keeps the table small
    # and each probe one read; a tag that matches is confirmed by comparing the handles (lookup).
    def _slots(self, h: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((h * _GOLDEN) >> np.uint64(64 - self._bits)).astype(np.int64)

    def _place(self, h: np.ndarray, codes: np.ndarray) -> None:
        """Put ``codes`` (hashes ``h``) in the table: each in the first free slot from its own."""
        mask = (1 << self._bits) - 1
        slot = self._slots(h)
        entry = (h & _HIGH) | (codes.astype(np.uint64) + np.uint64(1))
        pending = np.arange(len(h))
        while pending.size:
            s = slot[pending]
            free = self._table[s] == 0
            candidates, at = pending[free], s[free]
            self._table[at] = entry[candidates]  # several rows may aim at one free slot: one write takes it
            won = self._table[at] == entry[candidates]
            lost = np.ones(len(pending), bool)
            lost[np.flatnonzero(free)[won]] = False
            pending = pending[lost]
            slot[pending] = (slot[pending] + 1) & mask

    def _rehash(self) -> None:
        """Grow the table until it is at most an eighth full, and place every handle again.

        Growing to twice what the handles held need leaves room for as many again before the next rehash (the
        usual second batch of new handles is placed without placing the first batch's again).
        """
        while (1 << self._bits) < 2 * _SLOTS_PER_HANDLE * self.n:
            self._bits += 1
        self._table = np.zeros(1 << self._bits, np.uint64)
        self._place(self._hashes, np.arange(self.n, dtype=np.int64))

    def _probe(self, h: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """From each row's ``slot`` on, the code in the first slot that is free (-1) or holds the row's tag.

        ``slot`` is updated to the slot where each row stopped.
        """
        mask = (1 << self._bits) - 1
        tag = h & _HIGH
        entry = self._table[slot]
        pending = np.flatnonzero((entry != 0) & ((entry & _HIGH) != tag))
        while pending.size:
            s = (slot[pending] + 1) & mask
            slot[pending] = s
            e = self._table[s]
            entry[pending] = e
            pending = pending[(e != 0) & ((e & _HIGH) != tag[pending])]
        return (entry & _LOW).astype(np.int64) - 1

    # ------------------------------------------------------------------ fixed-width handles
    # Handles as exported are usually all of one length (``user0001234``). Then the handles found are compared as
    # numpy fixed-width bytes: gathering 10-byte items and comparing them costs about half of Arrow's ``take`` of
    # the strings and ``equal``. Both give the same answer: two strings of one length are equal exactly when
    # their bytes are (numpy's ``S`` comparison ignores trailing zero bytes, and two distinct strings of the same
    # length never differ in those alone).
    @staticmethod
    def _fixed(handles: pa.Array, width: int | None = None) -> np.ndarray | None:
        """``handles`` (strings, no nulls) as a numpy ``S`` array when every one has ``width`` bytes (any one width
        when ``width`` is None); None otherwise."""
        if handles.null_count or not pa.types.is_string(handles.type) or not len(handles):
            return None
        offsets = np.frombuffer(handles.buffers()[1], np.int32, count=len(handles) + 1, offset=handles.offset * 4)
        first = int(offsets[1] - offsets[0])
        if first < 1 or (width is not None and first != width):
            return None
        if int(offsets[-1] - offsets[0]) != first * len(handles) or (np.diff(offsets) != first).any():
            return None
        data = np.frombuffer(handles.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        return data.view(f"S{first}")

    def _same_as_held(self, handles: pa.Array, found: np.ndarray) -> np.ndarray:
        """Whether each of ``handles`` is the handle held under the code ``found`` in its row (codes all valid)."""
        if self._width is not None:
            fixed = self._fixed(handles, self._width)
            if fixed is not None:
                return np.take(self._fixed_handles, found) == fixed
        return pc.equal(handles, self.handles().take(pa.array(found))).to_numpy(zero_copy_only=False)

    # ------------------------------------------------------------------ reading
    def handles(self) -> pa.Array:
        """Every handle, by code."""
        if len(self._handles) > 1:
            self._handles = [pa.concat_arrays(self._handles)]
        return self._handles[0] if self._handles else pa.array([], pa.string())

    def spellings(self) -> pa.Array:
        """The spelling of every handle (the handle without surrounding whitespace), by code."""
        if len(self._spellings) > 1:
            self._spellings = [pa.concat_arrays(self._spellings)]
        return self._spellings[0] if self._spellings else pa.array([], pa.string())

    def lookup(self, h: np.ndarray, handles: pa.Array) -> np.ndarray:
        """The code of each of ``handles`` (``h``: their hashes), -1 where the index does not hold it.

        Probing compares hashes only; the handles found are then compared with
        the handles held, all at once, and a row whose handle merely shares
        its hash with the one found probes on from the next slot.
        """
        codes = np.full(len(h), -1, np.int64)
        if self.n == 0 or len(h) == 0:
            return codes
        mask = (1 << self._bits) - 1
        rows, start = np.arange(len(h)), self._slots(h)
        while rows.size:
            found = self._probe(h[rows], start)  # start becomes the slot where each row stopped
            hit = np.flatnonzero(found >= 0)
            if not hit.size:
                break
            if hit.size == len(handles):  # every row found (the usual batch): compare the batch as it is
                same = self._same_as_held(handles, found)
            else:
                same = self._same_as_held(handles.take(pa.array(rows[hit])), found[hit])
            codes[rows[hit[same]]] = found[hit[same]]
            again = hit[~same]  # a handle that only shares its hash with the one found: probe on
            rows, start = rows[again], (start[again] + 1) & mask
        return codes

    def pseudonyms(self, codes: np.ndarray) -> pa.Array:
        """The pseudonyms of ``codes``, as an Arrow string array."""
        rows = np.take(self._mids.view(np.uint8).reshape(len(self._mids), WIDTH), codes, axis=0)  # faster than _mids[codes]
        return pseudonym_strings(rows.view(f"S{WIDTH}").ravel())

    def known_mids(self, keys: np.ndarray) -> np.ndarray:
        """For each pseudonym key (:func:`mid_keys`), whether the index holds a pseudonym with that key."""
        if not len(self._mid_keys):
            return np.zeros(len(keys), bool)
        # The keys are looked up in their sorted order: consecutive binary searches then touch the same cache
        # lines (a million keys: about 0.05 s instead of 0.4 s); the answers go back to the keys' own order.
        order = np.argsort(keys)
        pos = np.minimum(np.searchsorted(self._mid_keys, keys[order]), len(self._mid_keys) - 1)
        known = np.empty(len(keys), bool)
        known[order] = self._mid_keys[pos] == keys[order]
        return known

    def spelling_of(self, mid: str) -> str | None:
        """The spelling recorded for the pseudonym ``mid``, or None."""
        if not self.n or len(mid) != WIDTH or not mid.isascii():
            return None
        fixed = np.array([mid], f"S{WIDTH}")
        key = mid_keys(fixed)[0]
        lo, hi = np.searchsorted(self._mid_keys, key), np.searchsorted(self._mid_keys, key, side="right")
        for code in self._mid_codes[lo:hi]:
            if self._mids[code] == fixed[0]:
                return self.spellings()[int(code)].as_py()
        return None

    def identities(self) -> tuple[pa.Array, pa.Array]:
        """``(pseudonyms, spellings)`` of every handle, by code."""
        return pseudonym_strings(self._mids), self.spellings()

    # ------------------------------------------------------------------ writing
    def add(self, h: np.ndarray, handles: pa.Array, mids: np.ndarray, spellings: pa.Array) -> np.ndarray:
        """Add distinct handles the index does not hold, with pseudonyms and spellings; return their codes.

        Parameters
        ----------
        h : numpy.ndarray of uint64
            The handles' hashes.
        handles, spellings : pyarrow.Array of strings
        mids : numpy.ndarray
            The pseudonyms, fixed-width bytes (``S22``), none of them held yet.
        """
        k = len(h)
        codes = np.arange(self.n, self.n + k, dtype=np.int64)
        handles = handles.cast(pa.string())
        if self.n == 0 or self._width is not None:  # every handle so far of one length: do the new ones share it?
            fixed = self._fixed(handles, self._width if self.n else None)
            if fixed is None:
                self._width, self._fixed_handles = None, np.empty(0, "S1")
            else:
                self._width, self._fixed_handles = fixed.dtype.itemsize, np.concatenate([self._fixed_handles, fixed])
        self._hashes = np.concatenate([self._hashes, h])
        self._handles.append(handles)
        self._mids = np.concatenate([self._mids, mids])
        self._spellings.append(spellings.cast(pa.string()))
        keys = mid_keys(mids)
        order = np.argsort(keys, kind="stable")
        at = np.searchsorted(self._mid_keys, keys[order])
        self._mid_keys = np.insert(self._mid_keys, at, keys[order])
        self._mid_codes = np.insert(self._mid_codes, at, codes[order])
        self.n += k
        if (1 << self._bits) < _SLOTS_PER_HANDLE * self.n:
            self._rehash()
        else:
            self._place(h, codes)
        return codes
