"""A sanity check of Compound File Binary containers (binary ``.xls``) before a workbook reader opens them.

A damaged or hostile ``.xls`` can hold a sector chain that loops (a FAT entry
pointing back into its own chain) or a stream size larger than the file:
python-calamine then follows the chain or allocates the size without bound
and the process dies of memory exhaustion (a 6 KB file took 24 GB). This
module reads only the container's structure (header, FAT, directory, mini
FAT: [MS-CFB]) and refuses such a file with one clear message before any
reader sees it. Sheets and cells are left to the reader.
"""

from __future__ import annotations

import struct
from pathlib import Path

from ..errors import InputError

__all__ = ["SIGNATURE", "check_compound_file"]

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_REGULAR = 0xFFFFFFFA
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_HEADER = 512
_ENTRY = 128
_STREAM, _ROOT = 2, 5


class _Damaged(Exception):
    pass


def _u32s(data: bytes) -> tuple:
    return struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4])


def _chain(table: tuple, start: int, limit: int, what: str) -> list:
    """The sector ids of the chain from ``start`` through ``table`` (FAT or mini FAT), refusing a loop or a bad id."""
    out = []
    sector = start
    while sector != _END_OF_CHAIN:
        if sector > _MAX_REGULAR or sector >= min(len(table), limit):
            raise _Damaged(f"the {what} chain points outside the file (sector {sector})")
        if len(out) >= limit:
            raise _Damaged(f"the {what} chain loops")
        out.append(sector)
        sector = table[sector]
    return out


def _structure_problem(data: bytes) -> str | None:
    """What is wrong with the container's structure, or None."""
    if len(data) < _HEADER:
        return "shorter than its header"
    major, _, shift, mini_shift = struct.unpack("<HHHH", data[26:34])
    if (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        return f"version {major} with sectors of 2**{shift} bytes and mini sectors of 2**{mini_shift}"
    size = 1 << shift
    sectors = (len(data) - _HEADER + size - 1) // size

    def sector(i: int) -> bytes:
        if i > _MAX_REGULAR or i >= sectors:
            raise _Damaged(f"sector {i} is outside the file")
        return data[_HEADER + i * size : _HEADER + (i + 1) * size].ljust(size, b"\0")

    n_fat, first_dir = struct.unpack("<II", data[44:52])
    cutoff, first_minifat, _, first_difat, n_difat = struct.unpack("<IIIII", data[56:76])
    fat_ids = [i for i in _u32s(data[76:_HEADER]) if i != _FREE]
    seen, difat = set(), first_difat
    for _ in range(min(n_difat, sectors)):
        if difat in (_END_OF_CHAIN, _FREE):
            break
        if difat in seen:
            raise _Damaged("the DIFAT chain loops")
        seen.add(difat)
        entries = _u32s(sector(difat))
        fat_ids += [i for i in entries[:-1] if i != _FREE]
        difat = entries[-1]
    if n_fat > sectors or len(fat_ids) < n_fat:
        raise _Damaged(f"{n_fat} FAT sectors declared in a file of {sectors} sectors")
    fat = tuple(x for i in fat_ids[:n_fat] for x in _u32s(sector(i)))
    directory = b"".join(sector(i) for i in _chain(fat, first_dir, sectors, "directory"))
    minifat = ()
    if first_minifat != _END_OF_CHAIN:
        minifat = tuple(x for i in _chain(fat, first_minifat, sectors, "mini FAT") for x in _u32s(sector(i)))
    mini_limit = 0
    for at in range(0, len(directory) - _ENTRY + 1, _ENTRY):
        entry = directory[at : at + _ENTRY]
        kind = entry[66]
        if kind not in (_STREAM, _ROOT):
            continue
        start = struct.unpack("<I", entry[116:120])[0]
        length = struct.unpack("<Q", entry[120:128])[0] if major == 4 else struct.unpack("<I", entry[120:124])[0]
        if length > len(data):
            return f"a stream of {length:,} bytes in a file of {len(data):,}"
        if not length:
            continue
        if kind == _ROOT:  # the mini stream, in regular sectors
            mini_limit = len(_chain(fat, start, sectors, "mini stream")) * size // 64
        elif length < cutoff:
            _chain(minifat, start, max(mini_limit, len(minifat)), "mini stream")
        else:
            _chain(fat, start, sectors, "stream")
    return None


def check_compound_file(path, data: bytes | None = None) -> None:
    """Refuse a Compound File whose sector chains loop or leave the file, or whose streams outgrow it.

    Parameters
    ----------
    path : path-like
        The file (named in the message).
    data : bytes, optional
        Its bytes, when already read.

    Raises
    ------
    InputError
        ``not a readable workbook (damaged compound file: ...)``.
    """
    data = Path(path).read_bytes() if data is None else data
    if not data.startswith(SIGNATURE):
        return
    try:
        problem = _structure_problem(data)
    except _Damaged as exc:
        problem = str(exc)
    except (struct.error, IndexError) as exc:
        problem = f"truncated structure ({exc})"
    if problem:
        raise InputError(
            f"not a readable workbook (damaged compound file: {problem}); save the sheet again from Excel or as CSV",
            path=path,
        )
