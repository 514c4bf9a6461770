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
    _, offsets_buf, data_buf = s.buffers()
    offsets = np.frombuffer(offsets_buf, np.int32, count=n + 1, offset=s.offset * 4)
    starts, ends = offsets[:-1], offsets[1:]
    if s.null_count:
        nonempty = ends > starts
        if (s.is_valid().to_numpy(zero_copy_only=False) & ~nonempty).any():
            return False
        starts, ends = starts[nonempty], ends[nonempty]
    elif (ends <= starts).any():
        return False
    if not len(starts):
        return True
    data = np.frombuffer(data_buf, np.uint8)
    return not (_UNCLEAN_END[data[starts]].any() or _UNCLEAN_END[data[ends - 1]].any())


#: Bytes that may begin or end a value the loaders' trimming would change: ASCII spaces and controls, DEL, non-ASCII.
_UNCLEAN_END = np.zeros(256, bool)
_UNCLEAN_END[:0x21] = True
_UNCLEAN_END[0x7F:] = True
