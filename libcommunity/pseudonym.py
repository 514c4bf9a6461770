"""Keyed pseudonyms for member identifiers.

A member id as exported (``@ana_lee``, a numeric Facebook id, a Mastodon
``acct``) is replaced at ingest by ``HMAC-SHA256(key, platform + ":" + handle)``,
written as ``m_`` followed by the first 20 hexadecimal digits (80 bits). The
same person on the same platform gets the same pseudonym in every account of
a store, so a consortium can count shared members without seeing who they are.
Mentions in free text (``@ana`` in a comment or a post) are replaced at ingest
by ``@`` and the same pseudonym (:meth:`Pseudonymizer.mentions`), so the
analytics tables hold no handle at all; the handles live only in the store's
``identities`` table, read for ``--reveal``.

The key comes from the environment variable ``LIBCOMMUNITY_KEY`` if set,
otherwise from the file ``.key`` inside the store, created on first use with
mode 0600. Whoever holds the key and a list of candidate handles can test
them, so the key is as sensitive as the identities table; rotating it gives
every member a new pseudonym (see docs/security.md).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import StoreError

__all__ = ["KEY_ENV", "normalize_handle", "load_key", "Pseudonymizer", "pseudonymise_id_columns"]

KEY_ENV = "LIBCOMMUNITY_KEY"
KEY_FILE = ".key"
#: Platforms whose handles are case-insensitive: ``@Ana`` and ``@ana`` are one person.
CASE_INSENSITIVE = frozenset({"x", "instagram", "mastodon", "bluesky"})
PREFIX = "m_"
DIGITS = 20
#: The DID of an ``at://`` URI (group 1).
_AT_DID = re.compile(r"at://(did:[a-z0-9]+:[^/\s]+)")


@functools.lru_cache(maxsize=65536)
def _segment(handle: str) -> re.Pattern:
    """``handle`` as a whole segment of an id: between ``:`` or ``/`` (or the ends)."""
    return re.compile(r"(?<![^:/])" + re.escape(handle) + r"(?![^:/])")


#: An ``@handle`` mention in free text (not the ``@`` of an e-mail address); group 1 is the handle.
_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")


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

    def many(self, handles, platform: str) -> list[str]:
        """The pseudonyms of many handles of one platform (as ``[self(h, platform) for h in handles]``, faster).

        The keyed HMAC state is prepared once and copied for each handle,
        which saves re-keying: about 2.5 times faster for short handles.
        """
        base = hmac.new(self.key, digestmod=hashlib.sha256)
        out = []
        for handle in handles:
            h = base.copy()
            h.update(f"{platform}:{normalize_handle(handle, platform)}".encode("utf-8"))
            out.append(PREFIX + h.hexdigest()[:DIGITS])
        return out

    def ids(self, ids: list, handles: list, platforms: list) -> list:
        """Interaction ids (or ``reply_to`` values) with the member identifiers inside them pseudonymised.

        Loaders build some ids from who acted: ``favourite:bob@other.social:115…``
        (Mastodon), ``follow:did:plc:…`` and ``at://did:plc:…/app.bsky.feed.post/…``
        (Bluesky), ``event:<event>:<handle>`` (attendance lists). In each id,
        the row's own handle (as exported, without ``@``, or normalised), where
        it stands between ``:``/``/`` or the ends, becomes the member's
        pseudonym, and so does the DID of every ``at://`` URI. The result is
        as deterministic as the pseudonyms, so re-ingesting gives the same
        ids and a ``reply_to`` still names the id it answers. ``handles`` may
        be None (for ``reply_to``: only URIs are rewritten). Nulls stay null.

        Examples
        --------
        >>> p = Pseudonymizer(b"secret")
        >>> p.ids(["favourite:bob@x.social:9"], ["bob@x.social"], ["mastodon"]) == [f"favourite:{p('bob@x.social', 'mastodon')}:9"]
        True
        """
        out = list(ids)
        handles = handles if handles is not None else [None] * len(out)
        for i, (value, handle, platform) in enumerate(zip(out, handles, platforms)):
            if value is None or value is pd.NA:
                continue
            text = str(value)
            if "at://did:" in text:
                text = _AT_DID.sub(lambda m, p=platform: "at://" + self(m.group(1), p), text)
            if handle is not None and handle is not pd.NA:
                h = str(handle).strip()
                for variant in dict.fromkeys((h, h.lstrip("@"), normalize_handle(h, platform))):
                    if variant and variant in text:
                        text = _segment(variant).sub(self(h, platform), text)
            out[i] = text
        return out

    def mentions(self, texts: pd.Series, platforms: pd.Series) -> pd.Series:
        """Free text with every ``@handle`` mention replaced by ``@`` and the handle's pseudonym.

        A mention is ``@`` at the start of the text or after a character that
        is not a letter, digit, ``_``, ``.`` or ``@`` (so ``ana@example.org``
        is not one), followed by a handle (letters, digits, ``_``, ``.``,
        ``-``; a Mastodon ``@user@server`` counts as one handle). The
        pseudonym is the one the same handle gets as a member id, so a
        mention of a member reads as that member's id. Nulls stay null.

        Examples
        --------
        >>> p = Pseudonymizer(b"secret")
        >>> out = p.mentions(pd.Series(["hi @Ana, mail ana@example.org"]), pd.Series(["x"]))[0]
        >>> out == f"hi @{p('ana', 'x')}, mail ana@example.org"
        True
        """
        out = texts.astype("string")
        mask = out.str.contains("@", regex=False).fillna(False).astype(bool)
        if not mask.any():
            return out
        plats = platforms.astype("string").fillna("other")
        out[mask] = [
            _MENTION.sub(lambda m, p=plat: "@" + self(m.group(1), p), text)
            for text, plat in zip(out[mask].tolist(), plats[mask].tolist())
        ]
        return out

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


def pseudonymise_id_columns(pseudo: Pseudonymizer, table):
    """An interactions batch (Arrow) with the member identifiers inside ``interaction_id`` and ``reply_to`` pseudonymised.

    See :meth:`Pseudonymizer.ids`; call it while ``member_id`` still holds the
    handles. Only ids with a ``:`` or ``/`` can hold one, so others are not
    looked at.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for col in ("interaction_id", "reply_to"):
        if col not in table.column_names:
            continue
        values = table.column(col).combine_chunks()
        if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
            continue
        # two plain substring searches: twice as fast as the regex "[:/]" on 10M ids, same rows
        mask = pc.fill_null(pc.or_(pc.match_substring(values, ":"), pc.match_substring(values, "/")), False)
        if not pc.any(mask).as_py():
            continue
        rows = pa.array(np.flatnonzero(mask.to_numpy(zero_copy_only=False)))
        handles = table.column("member_id").take(rows).to_pylist() if col == "interaction_id" else None
        new = pseudo.ids(values.take(rows).to_pylist(), handles, table.column("platform").take(rows).to_pylist())
        values = pc.replace_with_mask(values, mask, pa.array(new, values.type))
        table = table.set_column(table.column_names.index(col), col, values)
    return table
