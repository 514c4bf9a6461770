"""The key of a store's pseudonyms: where it comes from, its fingerprint, and the check that it is the store's.

The key comes from the environment variable ``LIBCOMMUNITY_KEY`` if set,
otherwise from the file ``.key`` inside the store, created on first use with
mode 0600 (:func:`store_key`). The store records the key's fingerprint (a keyed
hash of a constant) so that a different key is refused before it gives every
member a second pseudonym. The pseudonyms themselves are
:class:`libcommunity.pseudonym.Pseudonymizer`'s.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError

__all__ = [
    "KEY_ENV",
    "KEY_FILE",
    "normalize_key",
    "key_fingerprint",
    "StoreKey",
    "store_key",
    "load_key",
    "discard_unused_key",
]

KEY_ENV = "LIBCOMMUNITY_KEY"
KEY_FILE = ".key"
#: What a key fingerprint hashes (with the key): a constant, so the fingerprint says nothing about the key.
FINGERPRINT_MESSAGE = b"libcommunity key fingerprint v1"
FINGERPRINT_DIGITS = 16


def normalize_key(raw, source: str) -> bytes:
    """The key as used: the text of ``raw`` without surrounding whitespace (a trailing newline, CR, spaces).

    The same rule for ``LIBCOMMUNITY_KEY`` and the key file, so a key copied
    from one to the other, with or without its newline, is the same key.
    """
    text = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else str(raw)
    text = text.strip().lstrip("\ufeff").strip()
    if not text:
        raise StoreError(f"{source}: the pseudonymisation key is empty; set {KEY_ENV} or restore the key file from a backup")
    return text.encode("utf-8")


def key_fingerprint(key: bytes) -> str:
    """A fingerprint of ``key``: a keyed hash of a constant (it tells keys apart and reveals nothing of the key)."""
    return hmac.new(key, FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest()[:FINGERPRINT_DIGITS]


@dataclass(frozen=True)
class StoreKey:
    """A pseudonymisation key and where it came from.

    Attributes
    ----------
    key : bytes
    source : str
        ``"the environment variable LIBCOMMUNITY_KEY"`` or the key file's path.
    """

    key: bytes
    source: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.key)


def _env_source() -> str:
    return f"the environment variable {KEY_ENV}"


def _env_key() -> StoreKey | None:
    env = os.environ.get(KEY_ENV)
    if env is None or not env.strip():
        return None
    return StoreKey(normalize_key(env, _env_source()), _env_source())


def _read_key_file(path: Path) -> StoreKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: the key file cannot be read ({exc.strerror}); set {KEY_ENV} or fix its permissions") from None
    try:
        return StoreKey(normalize_key(data, str(path)), str(path))
    except UnicodeDecodeError:
        raise StoreError(f"{path}: the key file is not text; restore it from a backup or set {KEY_ENV}") from None


def _create_key_file(path: Path) -> StoreKey:
    """Write a new random key at ``path`` (0600) unless one is there; return the key there."""
    key = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    return StoreKey(key, str(path))


def load_key(store_root: Path | str | None = None, *, create: bool = True) -> bytes:
    """Return the pseudonymisation key (``LIBCOMMUNITY_KEY``, else the store's key file).

    Prefer :func:`store_key`, which also checks the key against the store's
    fingerprint and creates a key file only where it is safe.

    Parameters
    ----------
    store_root : path, optional
        The store directory holding the ``.key`` file.
    create : bool
        Create the key file (32 random bytes as hex, mode 0600) when it is missing.
    """
    env = _env_key()
    if env is not None:
        return env.key
    if store_root is None:
        raise StoreError(f"no pseudonymisation key: set {KEY_ENV} or give a store directory")
    path = Path(store_root) / KEY_FILE
    if path.exists():
        return _read_key_file(path).key
    if not create:
        raise StoreError(f"{path}: no key file; set {KEY_ENV} or ingest data first")
    from .store.layout import private_dir

    private_dir(path.parent)
    return _create_key_file(path).key


def _holds_data(manifest: dict) -> bool:
    return any(fs for t in manifest.get("files", {}).values() for fs in t.values())


def store_key(store, *, create: bool = False) -> StoreKey:
    """The pseudonymisation key of ``store``, checked against the fingerprint the store recorded.

    The key is ``LIBCOMMUNITY_KEY`` if set, else ``<store>/.key``. A key
    file is created (``create=True``, the first ingest) only for a store that
    holds no data yet, under the store's write lock; once created it is part
    of the store and never removed while any write may have used it (see
    :func:`discard_unused_key`).

    Raises
    ------
    StoreError
        If the key differs from the one the store was written with (both
        sources named), or the store holds data and its key is missing.
    """
    from .store.layout import LOCK, private_dir
    from .store.lock import WriteLock
    from .store.settings import key_mismatch_error

    root = Path(store.root)
    manifest = store.manifest() if store.exists() else {}
    recorded = manifest.get("key")
    found = _env_key()
    path = root / KEY_FILE
    if found is None:
        if path.exists() and (store.exists() or not create):
            found = _read_key_file(path)
        elif create and recorded is None and not _holds_data(manifest):
            private_dir(root)
            with WriteLock(root / LOCK):  # a first ingest racing another: one key, read or created under the lock
                found = _read_key_file(path) if path.exists() else _create_key_file(path)
        else:
            was = f" (it was written with the key from {recorded['source']}, fingerprint {recorded['fingerprint']})" if recorded else ""
            raise StoreError(
                f"{root}: no pseudonymisation key: {KEY_ENV} is not set and {path} does not exist{was}; "
                f"set {KEY_ENV} to the store's key or restore {path} from a backup"
            )
    if recorded is not None and recorded.get("fingerprint") != found.fingerprint:
        raise key_mismatch_error(root, recorded, found.fingerprint, found.source)
    return found


def discard_unused_key(store, key: StoreKey) -> bool:
    """Remove a key file a failed first ingest created, if no write can have used it; returns whether it went.

    Under the write lock: only when the store has no committed manifest, no
    other ingest is staging (an ingest registers its staging folder before it
    reads the key) and the file still holds ``key``.
    """
    from .store.layout import INGEST_PREFIX, LOCK, STAGING
    from .store.lock import WriteLock

    root = Path(store.root)
    path = root / KEY_FILE
    if key.source != str(path) or not (root / LOCK).exists():
        return False
    with WriteLock(root / LOCK):
        if store.exists() or not path.exists():
            return False
        staging = root / STAGING
        if staging.exists() and any(p.name.startswith(INGEST_PREFIX) for p in staging.iterdir()):
            return False
        if _read_key_file(path).key != key.key:
            return False
        path.unlink()
        return True
