"""The store's write lock, and locked working folders that a later run may sweep.

Writers take an exclusive ``flock`` on ``<store>/.lock`` for the length of a
transaction. Readers take no lock at all: they register with
:mod:`libcommunity.store.readers` instead, so a read-only store (a published
copy) can be read, and a long report does not hold writers back.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from pathlib import Path

from ..errors import StoreError, StoreLockedError

__all__ = ["LOCK_TIMEOUT_S", "WriteLock", "try_write_lock", "remove_if_unlocked", "hold_folder_lock"]

LOCK_TIMEOUT_S = float(os.environ.get("LIBCOMMUNITY_LOCK_TIMEOUT", "600"))
#: Lock files this process holds (a second write transaction in the same process would wait for itself).
_HELD: set[str] = set()


class WriteLock:
    """An exclusive ``flock`` on the store's lock file, with a timeout."""

    def __init__(self, path: Path, timeout: float | None = None):
        self.path = Path(path)
        self.timeout = LOCK_TIMEOUT_S if timeout is None else timeout
        self.fd = None

    def __enter__(self):
        key = str(self.path.resolve())
        if key in _HELD:
            raise StoreError(f"{self.path.parent}: a write transaction is already open in this process")
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                _HELD.add(key)
                return self
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(self.fd)
                    self.fd = None
                    raise StoreLockedError(
                        f"{self.path.parent}: the store is busy (another libcommunity command holds "
                        f"its lock) and did not become free within {self.timeout:.0f} s"
                    ) from None
                time.sleep(0.05)

    def __exit__(self, *exc):
        _HELD.discard(str(self.path.resolve()))
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None
        return False


@contextlib.contextmanager
def try_write_lock(path: Path):
    """The write lock if it is free now, else None (never waits, never creates the lock file)."""
    key = str(Path(path).resolve())
    if key in _HELD:
        yield None
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        yield None
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        yield None
        return
    _HELD.add(key)
    try:
        yield fd
    finally:
        _HELD.discard(key)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def hold_folder_lock(directory: Path, name: str = ".lock") -> int:
    """Create ``directory/name`` and hold an exclusive lock on it; returns the descriptor (close it to release)."""
    fd = os.open(Path(directory) / name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def remove_if_unlocked(directory: Path, *, name: str = ".lock", max_age_s: float = 3600) -> bool:
    """Remove a working folder unless the process that owns it still runs (holds its lock).

    A folder without a lock file is being created now, or was left by a
    crash long ago: it is removed only when older than ``max_age_s``.
    Returns whether the folder was removed.
    """
    directory = Path(directory)
    if directory.is_symlink():
        directory.unlink(missing_ok=True)
        return True
    try:
        fd = os.open(directory / name, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        with contextlib.suppress(OSError):
            if time.time() - directory.stat().st_mtime > max_age_s:
                shutil.rmtree(directory, ignore_errors=True)
                return True
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    shutil.rmtree(directory, ignore_errors=True)
    return True
