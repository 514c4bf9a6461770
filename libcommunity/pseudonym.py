"""Keyed pseudonyms for member identifiers.

A member id as exported (``@ana_lee``, a numeric Facebook id, a Mastodon
``acct``) is replaced at ingest by ``HMAC-SHA256(key, platform + ":" + handle)``,
written as ``m_`` followed by the first 20 hexadecimal digits (80 bits). The
same person on the same platform gets the same pseudonym in every account of
a store, so a consortium can count shared members without seeing who they are.

The key comes from the environment variable ``LIBCOMMUNITY_KEY`` if set,
otherwise from the file ``.key`` inside the store, created on first use with
mode 0600. Whoever holds the key and a list of candidate handles can test
them, so the key is as sensitive as the identities table; rotating it gives
every member a new pseudonym (see docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import StoreError

__all__ = ["KEY_ENV", "normalize_handle", "load_key", "Pseudonymizer"]

KEY_ENV = "LIBCOMMUNITY_KEY"
KEY_FILE = ".key"
#: Platforms whose handles are case-insensitive: ``@Ana`` and ``@ana`` are one person.
CASE_INSENSITIVE = frozenset({"x", "instagram", "mastodon", "bluesky"})
PREFIX = "m_"
DIGITS = 20


def normalize_handle(handle: str, platform: str) -> str:
    """Canonical form of a handle: stripped, without a leading ``@``, lower-case where the platform ignores case."""
    h = str(handle).strip()
    if h.startswith("@"):
        h = h[1:]
    if platform in CASE_INSENSITIVE:
        h = h.lower()
    return h


def load_key(store_root: Path | str | None = None, *, create: bool = True) -> bytes:
    """Return the pseudonymisation key.

    Parameters
    ----------
    store_root : path, optional
        The store directory holding the ``.key`` file.
    create : bool
        Create the key file (32 random bytes, mode 0600) when it is missing.
    """
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode("utf-8")
    if store_root is None:
        raise StoreError(f"no pseudonymisation key: set {KEY_ENV} or give a store directory")
    path = Path(store_root) / KEY_FILE
    if path.exists():
        data = path.read_bytes().strip()
        if not data:
            raise StoreError(f"{path}: the key file is empty; restore it from a backup or set {KEY_ENV}")
        return data
    if not create:
        raise StoreError(f"{path}: no key file; set {KEY_ENV} or ingest data first")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


class Pseudonymizer:
    """Turn handles into stable keyed pseudonyms.

    Parameters
    ----------
    key : bytes
        The secret key.

    Examples
    --------
    >>> p = Pseudonymizer(b"secret")
    >>> p("@Ana", "x") == p("ana", "x")
    True
    """

    def __init__(self, key: bytes):
        self.key = key

    def __call__(self, handle: str, platform: str) -> str:
        msg = f"{platform}:{normalize_handle(handle, platform)}".encode("utf-8")
        return PREFIX + hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:DIGITS]

    def series(self, handles: pd.Series, platforms: pd.Series) -> pd.Series:
        """Pseudonymise a column; nulls stay null. Distinct values are hashed once."""
        out = pd.Series(pd.NA, index=handles.index, dtype="string")
        mask = handles.notna()
        if not mask.any():
            return out
        pairs = pd.DataFrame({"h": handles[mask].astype(str), "p": platforms[mask].astype(str)})
        uniq = pairs.drop_duplicates()
        mapping = {(h, p): self(h, p) for h, p in zip(uniq["h"], uniq["p"])}
        out[mask] = np.array([mapping[(h, p)] for h, p in zip(pairs["h"], pairs["p"])], dtype=object)
        return out
