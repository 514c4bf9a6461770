"""A read-only view of a store pinned to one committed manifest version.

``Store.snapshot()`` reads the manifest once and registers as a reader of
its generation (:mod:`libcommunity.store.readers`): every read of the
snapshot (``connect``, ``read``, ``sql``, ``account``, ``accounts``,
``files``, ``manifest``) sees that version, and its files stay on disk
while the snapshot is open even if writes commit meanwhile. A report run
reads one snapshot from its start to its end.

Another process opens the same version with ``Store(root).snapshot(token)``
(``token`` from :attr:`StoreSnapshot.token`), as long as the first holds it.
"""

from __future__ import annotations

import contextlib
import copy
import weakref
from pathlib import Path
from typing import Iterator

import duckdb

from ..errors import StoreError
from . import readers
from .core import Store, damaged_file_error
from .layout import read_manifest
from .sql import release_connection

__all__ = ["StoreSnapshot"]


def _release(pin, root) -> None:
    if pin is not None:
        pin.release()
        Store(root).sweep_retired()


class StoreSnapshot(Store):
    """One committed version of a store, read-only (obtain it from :meth:`Store.snapshot`).

    Attributes
    ----------
    root : Path
    generation : int
        The manifest version it reads (0: the store had no data yet).
    """

    def __init__(self, root, manifest: dict, pin, *, exists: bool):
        super().__init__(root)
        self._manifest = manifest
        self._pin = pin
        self._exists = exists
        self._closed = False
        self._token = None
        self._finalizer = weakref.finalize(self, _release, pin, self.root)

    @classmethod
    def open(cls, root, token: str | None = None) -> "StoreSnapshot":
        root = Path(root)
        pin = readers.register(root) if root.exists() else None
        try:
            if token is not None:
                manifest = readers.open_exported(root, token)
                exists = True
            else:
                path = root / "_manifest.json"
                exists = path.exists()
                manifest = read_manifest(path)
            if pin is not None:
                pin.set_generation(int(manifest.get("generation", 0)))
        except BaseException:
            if pin is not None:
                pin.release()
            raise
        return cls(root, manifest, pin, exists=exists)

    def __repr__(self) -> str:
        return f"StoreSnapshot({str(self.root)!r}, generation={self.generation})"

    def __enter__(self) -> "StoreSnapshot":
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def close(self) -> None:
        """Let go of the pinned version (its superseded files may then be deleted)."""
        self._closed = True
        self._finalizer()

    @property
    def token(self) -> str | None:
        """A token with which another process opens this same version (None in a store that cannot be written)."""
        if self._pin is None:
            return None
        if self._token is None:
            self._token = readers.export_manifest(self._pin, self._manifest)
        return self._token

    # ------------------------------------------------------------ the pinned version
    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.root}: this store snapshot was closed; take a new one with Store.snapshot()")

    def exists(self) -> bool:
        return self._exists

    def _load_manifest(self) -> dict:
        self._check_open()
        return self._manifest

    def manifest(self) -> dict:
        return copy.deepcopy(self._load_manifest())

    def snapshot(self, token: str | None = None) -> "StoreSnapshot":
        """Another snapshot of the same version (its own registration)."""
        self._check_open()
        if token is not None:
            return super().snapshot(token)
        pin = readers.register(self.root) if self.root.exists() else None
        if pin is not None:
            pin.set_generation(int(self._manifest.get("generation", 0)))
        return StoreSnapshot(self.root, self._manifest, pin, exists=self._exists)

    @contextlib.contextmanager
    def connect(self, *, reveal: bool = False, account: str | None = None,
                threads: int | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        self._require_store()
        con = self._connect_manifest(self._load_manifest(), reveal=reveal, account=account, threads=threads)
        try:
            yield con
        except (duckdb.Error, OSError) as exc:
            raise damaged_file_error(exc, self.root) or exc
        finally:
            release_connection(con)

    # ------------------------------------------------------------ no writes
    def transaction(self):
        raise StoreError(f"{self.root}: a store snapshot is read-only; write through Store({str(self.root)!r})")

    def sweep_retired(self) -> list[str]:
        return Store(self.root).sweep_retired()
