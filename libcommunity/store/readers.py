"""Readers of a store register the manifest version they read, so that no write deletes their files.

A reader (a :class:`~libcommunity.store.StoreSnapshot`, and every
:meth:`Store.connect` block) creates ``<store>/_readers/<id>.pin``, holds an
exclusive ``flock`` on it for as long as it reads, and writes into it the
generation of the manifest it read. A write that replaces files keeps the
files it no longer lists in the manifest's ``retired`` list, by the
generation at which they stopped being live, and deletes them only when no
live pin holds an older generation (:func:`sweep_retired`): at its commit,
at the next write, or when the last reader that needed them lets go.

A pin whose lock is free belongs to a process that ended: it is removed.
A pin created but not yet given its generation counts as the oldest possible.
In a store that cannot be written (a read-only copy), nothing registers and
nothing needs to: no write can happen there either.

A snapshot can be shared with other processes (a report batch and the
notebooks it runs): :func:`export_manifest` writes the pinned manifest next
to the pin, and :func:`open_exported` opens it from another process, which
registers its own pin for the same generation.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
import uuid
from pathlib import Path

from ..errors import StoreError
from .layout import READERS, live_files, private_dir

__all__ = ["Pin", "register", "pinned_generations", "export_manifest", "open_exported", "removable_retired"]

_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


class Pin:
    """One registered reader (see the module docstring); release it with :meth:`release`."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self.fd = fd
        self.id = path.stem

    def set_generation(self, generation: int) -> None:
        data = str(int(generation)).encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)

    def release(self) -> None:
        if self.fd is None:
            return
        for extra in (self.path, self.path.with_suffix(".json")):
            with contextlib.suppress(OSError):
                extra.unlink()
        with contextlib.suppress(OSError):
            os.close(self.fd)
        self.fd = None


def register(root: Path) -> Pin | None:
    """Register a reader of the store at ``root``; None in a store this process cannot write."""
    directory = Path(root) / READERS
    try:
        if directory.is_symlink():
            raise StoreError(f"{directory}: a symbolic link inside the store; remove it")
        private_dir(directory)
        name = uuid.uuid4().hex
        tmp = directory / f"{name}.tmp"
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        if exc.errno in _READ_ONLY:
            return None
        raise
    fcntl.flock(fd, fcntl.LOCK_EX)
    path = directory / f"{name}.pin"
    os.replace(tmp, path)  # visible to writers only once locked
    return Pin(path, fd)


def _alive(path: Path) -> bool | None:
    """Whether the pin at ``path`` is held (None: it vanished)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def pinned_generations(root: Path, *, clean: bool = True) -> list[int]:
    """Generations held by live readers (0 for one still reading the manifest); dead pins are removed."""
    directory = Path(root) / READERS
    out = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return out
    for entry in entries:
        path = Path(entry.path)
        if entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if clean and time.time() - entry.stat(follow_symlinks=False).st_mtime > 3600:
                    path.unlink()
            continue
        if not entry.name.endswith(".pin"):
            if clean and entry.name.endswith(".json") and not path.with_suffix(".pin").exists():
                with contextlib.suppress(OSError):
                    path.unlink()
            continue
        alive = _alive(path)
        if alive is None:
            continue
        if not alive:
            if clean:
                for extra in (path, path.with_suffix(".json")):
                    with contextlib.suppress(OSError):
                        extra.unlink()
            continue
        try:
            text = path.read_text().strip()
        except OSError:
            text = ""
        out.append(int(text) if text.isdigit() else 0)
    return out


def removable_retired(manifest: dict, root: Path) -> tuple[list, list]:
    """``(entries kept, files that no reader needs)`` of the manifest's ``retired`` list."""
    retired = manifest.get("retired", [])
    if not retired:
        return [], []
    pins = pinned_generations(root)
    oldest = min(pins) if pins else None
    live = live_files(manifest)
    kept, free = [], []
    for entry in retired:
        if oldest is None or oldest >= int(entry["generation"]):
            free.extend(f for f in entry["files"] if f not in live)
        else:
            kept.append(entry)
    return kept, free


def export_manifest(pin: Pin, manifest: dict) -> str:
    """Write the pinned manifest next to ``pin`` for other processes; returns the token to open it."""
    tmp = pin.path.with_suffix(".json.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh)
    os.replace(tmp, pin.path.with_suffix(".json"))
    return pin.id


def open_exported(root: Path, token: str) -> dict:
    """The manifest another process pinned and exported as ``token``.

    Raises
    ------
    StoreError
        If the token is malformed or its reader has ended (its files may be gone).
    """
    if not (isinstance(token, str) and len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        raise StoreError(f"snapshot must be a token given by Store.snapshot().token; got {str(token)[:80]!r} instead")
    directory = Path(root) / READERS
    try:
        manifest = json.loads((directory / f"{token}.json").read_text("utf-8"))
    except (OSError, ValueError):
        manifest = None
    if manifest is None or _alive(directory / f"{token}.pin") is not True:
        raise StoreError(
            f"{root}: the store snapshot {token} is no longer held (the run that pinned it has ended); "
            "start the run again"
        )
    return manifest
