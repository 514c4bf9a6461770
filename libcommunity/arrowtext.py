"""Arrow string arrays that need no trimming, told from their first and last bytes (ingest's fast path).

Shared by the streaming loader (:mod:`libcommunity.loaders.streaming`), the
pseudonym index (:mod:`libcommunity.pseudonym`) and the handle table
(:mod:`libcommunity.handles`), which must not import the loaders.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

__all__ = ["already_clean"]


def already_clean(s: pa.Array) -> bool:
    """Whether the loaders' trimming (``loaders.streaming._clean``) would return ``s`` unchanged: no blank value, none that starts or ends with a space.

    Only the first and last byte of each value are read (numpy over the
    array's buffers): a byte up to 0x20 (ASCII spaces and controls), 0x7F or
    any non-ASCII byte (which may start or end a Unicode space) at either end,
    or an empty value, says no. A few milliseconds for a batch of short
    strings, where trimming copies every value.
    """
    if not pa.types.is_string(s.type) or len(s) == 0:
        return False
    n = len(s)
    validity, offsets_buf, data_buf = s.buffers()
    offsets = np.frombuffer(offsets_buf, np.int32, count=n + 1, offset=s.offset * 4)
    starts, ends = offsets[:-1], offsets[1:]
    data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.empty(0, np.uint8)
    if not s.null_count:
        if (ends <= starts).any():
            return False
        return not (_unclean(data[starts]).any() or _unclean(data[ends - 1]).any())
    # With nulls: the validity bits straight from the buffer, and every slot's end bytes read (a null slot's
    # offsets are clamped into the data), counted only where the slot holds bytes.
    nonempty = ends > starts
    valid = np.unpackbits(np.frombuffer(validity, np.uint8), count=s.offset + n, bitorder="little")[s.offset :]
    if (valid.view(bool) & ~nonempty).any():
        return False
    if not len(data):
        return True
    last = len(data) - 1
    bad = _unclean(data[np.minimum(starts, last)]) | _unclean(data[np.clip(ends - 1, 0, last)])
    return not (bad & nonempty).any()

def _unclean(first_or_last: np.ndarray) -> np.ndarray:
    """Which bytes (a fresh uint8 array, changed in place) may begin or end a value the loaders' trimming would change:
    ASCII spaces and controls (up to 0x20), DEL and non-ASCII (0x7F and above), i.e. ``(b - 0x21) mod 256 >= 0x5E``."""
    first_or_last -= np.uint8(0x21)
    return first_or_last >= np.uint8(0x5E)
