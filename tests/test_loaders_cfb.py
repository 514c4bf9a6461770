"""libcommunity/loaders/cfb.py: a damaged binary .xls is refused before the workbook reader can exhaust memory."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from libcommunity.errors import InputError
from libcommunity.loaders.cfb import SIGNATURE, check_compound_file

FORMATS = Path(__file__).parent / "data" / "formats"
END, FREE, FAT_SECT, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def entry(name: str, kind: int, start: int, size: int, child=NONE, right=NONE) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1) + struct.pack("<III", NONE, right, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size))


def compound(fat=None, minifat=None, sizes=(4096, 100), n_difat=0, first_difat=END, sector3=b"s" * 512) -> bytes:
    """A small valid version-3 compound file: a 4096-byte stream in sectors 4-11, a 100-byte one in the mini stream."""
    fat = fat or {0: FAT_SECT, 1: END, 2: END, 3: END, **{i: i + 1 for i in range(4, 11)}, 11: END}
    minifat = minifat or {0: 1, 1: END}
    header = (SIGNATURE + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIII", 0, 1, 1, 0) + struct.pack("<IIIII", 4096, 2, 1, first_difat, n_difat)
              + struct.pack("<109I", 0, *[FREE] * 108))
    sectors = [
        struct.pack("<128I", *[fat.get(i, FREE) for i in range(128)]),
        entry("Root Entry", 5, 3, 128, child=1) + entry("Workbook", 2, 4, sizes[0], right=2)
        + entry("\x05Small", 2, 0, sizes[1]) + b"\0" * 128,
        struct.pack("<128I", *[minifat.get(i, FREE) for i in range(128)]),
        sector3,
        *[bytes([65 + i]) * 512 for i in range(8)],
    ]
    return header + b"".join(sectors)


def test_a_valid_compound_file_and_the_xls_fixture_pass(tmp_path):
    path = tmp_path / "ok.xls"
    path.write_bytes(compound())
    check_compound_file(path)
    check_compound_file(FORMATS / "linkedin_followers_en.xls")
    check_compound_file(tmp_path / "not-cfb.xls", b"PK\x03\x04 anything else is the reader's business")


@pytest.mark.parametrize(
    "damage, message",
    [
        ({"fat": {0: FAT_SECT, 1: 1}}, "directory chain loops"),
        ({"fat": {0: FAT_SECT, 1: END, 2: END, 3: END, **{i: i + 1 for i in range(4, 11)}, 11: 4}}, "stream chain loops"),
        ({"fat": {0: FAT_SECT, 1: END, 2: END, 3: END, **{i: i + 1 for i in range(4, 11)}, 11: 5000}}, "outside the file"),
        ({"minifat": {0: 1, 1: 0}}, "mini stream chain loops"),
        ({"sizes": (10**9, 100)}, "a stream of 1,000,000,000 bytes"),
        ({"n_difat": 3, "first_difat": 4}, "sector 1094795585 is outside the file"),
        ({"n_difat": 2, "first_difat": 3, "sector3": struct.pack("<128I", *[FREE] * 127, 3)}, "DIFAT chain loops"),
    ],
)
def test_loops_and_sizes_beyond_the_file_are_refused(tmp_path, damage, message):
    path = tmp_path / "bad.xls"
    path.write_bytes(compound(**damage))
    with pytest.raises(InputError, match="damaged compound file") as err:
        check_compound_file(path)
    assert message in str(err.value) and Path(err.value.path) == path


def test_the_fuzzed_workbook_that_exhausted_memory_is_one_clear_error(tmp_path):
    # found by tests/test_fuzz.py: two duplicated byte runs make the directory chain loop; the reader then
    # allocated without bound (24 GB before the kernel stopped it). Loaded here in a child process whose memory
    # is capped, so that a regression fails the test instead of the machine.
    data = bytearray((FORMATS / "linkedin_followers_en.xls").read_bytes())
    for where, n in ((0.1, 1 + 225 % 80), (0.9419726073917206, 1 + 54 % 80)):
        i = int(where * len(data))
        data[i:i] = data[i : i + n]
    path = tmp_path / "fuzzed.xls"
    path.write_bytes(bytes(data))
    code = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from libcommunity.errors import InputError
        from libcommunity.loaders import LoadContext, load_file
        try:
            load_file({str(path)!r}, LoadContext("lib", "UTC", None))
        except InputError as exc:
            print(exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert "not a readable workbook (damaged compound file: the directory chain loops)" in done.stdout
