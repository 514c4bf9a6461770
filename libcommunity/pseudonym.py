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
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import StoreError

__all__ = [
    "KEY_ENV",
    "normalize_handle",
    "normalize_key",
    "key_fingerprint",
    "StoreKey",
    "store_key",
    "load_key",
    "Pseudonymizer",
    "pseudonymise_id_columns",
    "may_contain",
]

KEY_ENV = "LIBCOMMUNITY_KEY"
KEY_FILE = ".key"
#: Platforms whose handles are case-insensitive: ``@Ana`` and ``@ana`` are one person.
CASE_INSENSITIVE = frozenset({"x", "instagram", "mastodon", "bluesky"})
PREFIX = "m_"
#: What a key fingerprint hashes (with the key): a constant, so the fingerprint says nothing about the key.
FINGERPRINT_MESSAGE = b"libcommunity key fingerprint v1"
FINGERPRINT_DIGITS = 16
DIGITS = 20
#: The DID of an ``at://`` URI (group 1).
_AT_DID = re.compile(r"at://(did:[a-z0-9]+:[^/\s]+)")


@functools.lru_cache(maxsize=65536)
def _segment(handle: str) -> re.Pattern:
    """``handle`` as a whole segment of an id: between ``:`` or ``/`` (or the ends)."""
    return re.compile(r"(?<![^:/])" + re.escape(handle) + r"(?![^:/])")


#: An ``@handle`` inside an id, except the ``@YYYY-MM-DD`` that completes an event's name.
_ID_MENTION = re.compile(
    r"(?<![\w.@])@(?!\d{4}-\d{2}-\d{2}(?![\w-]))([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
)
#: An ``@handle`` mention in free text (not the ``@`` of an e-mail address); group 1 is the handle.
_MENTION = re.compile(r"(?<![\w.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")


def normalize_handle(handle: str, platform: str) -> str:
    """Canonical form of a handle: Unicode NFC, stripped, without a leading ``@``, lower-case where the platform ignores case.

    NFC makes the composed and decomposed spellings of one name (``José`` typed
    as ``e`` + combining accent) the same handle, hence the same pseudonym.
    """
    h = unicodedata.normalize("NFC", str(handle)).strip()
    if h.startswith("@"):
        h = h[1:]
    if platform in CASE_INSENSITIVE:
        h = h.lower()
    return h


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


def key_mismatch_error(root, recorded: dict, fingerprint: str, source: str) -> StoreError:
    """The one message for a key that is not the store's: both keys' sources and fingerprints."""
    return StoreError(
        f"{root}: the pseudonymisation key from {source} (fingerprint {fingerprint}) is not the key this store "
        f"was written with (from {recorded.get('source', 'an unknown source')}, fingerprint "
        f"{recorded.get('fingerprint')}); nothing was changed. Use the store's key (a different key would give "
        "every member a second pseudonym); to change keys, rebuild the store (docs/security.md, rotating the key)"
    )


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
    from .store.lock import WriteLock
    from .store.layout import LOCK, private_dir

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


#: HMAC's inner and outer pads as translation tables (as :mod:`hmac` builds them).
_INNER_PAD = bytes(x ^ 0x36 for x in range(256))
_OUTER_PAD = bytes(x ^ 0x5C for x in range(256))


def _hmac_pads(key: bytes) -> tuple:
    """The SHA-256 states of HMAC-SHA256 after the inner and outer key pads (RFC 2104)."""
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return hashlib.sha256(key.translate(_INNER_PAD)), hashlib.sha256(key.translate(_OUTER_PAD))


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

        HMAC-SHA256 written out (RFC 2104): the SHA-256 states after the key's
        inner and outer pads are computed once and copied for each handle, and
        :func:`normalize_handle` is inlined; no Python-level HMAC object is made
        per handle. About 1.6 times faster than copying an ``hmac`` object, and
        3 times faster than re-keying; the result is the same (tests compare it
        with :meth:`__call__`, which uses :mod:`hmac`).
        """
        inner, outer = _hmac_pads(self.key)
        new_inner, new_outer = inner.copy, outer.copy
        nfc, lower = unicodedata.normalize, platform in CASE_INSENSITIVE
        prefix = f"{platform}:"
        out = []
        append = out.append
        for handle in handles:
            h = nfc("NFC", str(handle)).strip()
            if h.startswith("@"):
                h = h[1:]
            if lower:
                h = h.lower()
            i = new_inner()
            i.update((prefix + h).encode("utf-8"))
            o = new_outer()
            o.update(i.digest())
            append(PREFIX + o.hexdigest()[:DIGITS])
        return out

    def fixed(self, handles, platform: str) -> np.ndarray:
        """The pseudonyms of an Arrow array of handles as fixed-width bytes (numpy ``S22``), as :meth:`many` gives them.

        When every handle is ASCII, without surrounding whitespace and without a
        leading ``@`` (what platforms export), :func:`normalize_handle` is at most
        ASCII lower-casing: the messages are built with Arrow, the loop only
        hashes, and the hexadecimal digits of all pseudonyms are written at once.
        Any other handle sends the array through :meth:`many`.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        from .arrowtext import already_clean

        n = len(handles)
        width = len(PREFIX) + DIGITS
        simple = (
            n > 0 and not handles.null_count and pa.types.is_string(handles.type) and already_clean(handles)
            and pc.all(pc.string_is_ascii(handles)).as_py() and not pc.any(pc.starts_with(handles, "@")).as_py()
        )
        if not simple:
            joined = "".join(self.many(handles.to_pylist(), platform)).encode("ascii")
            return np.frombuffer(joined, f"S{width}").copy() if n else np.empty(0, f"S{width}")
        names = pc.ascii_lower(handles) if platform in CASE_INSENSITIVE else handles
        messages = pc.binary_join_element_wise(pa.scalar(f"{platform}:"), names, "").cast(pa.binary()).to_pylist()
        inner, outer = _hmac_pads(self.key)
        new_inner, new_outer = inner.copy, outer.copy
        digests = []
        append = digests.append
        for message in messages:
            i = new_inner()
            i.update(message)
            o = new_outer()
            o.update(i.digest())
            append(o.digest()[: DIGITS // 2])
        out = np.empty((n, width), np.uint8)
        out[:, : len(PREFIX)] = np.frombuffer(PREFIX.encode("ascii"), np.uint8)
        out[:, len(PREFIX) :] = np.frombuffer(b"".join(digests).hex().encode("ascii"), np.uint8).reshape(n, DIGITS)
        return out.view(f"S{width}").ravel()

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

    def scrub_id(self, text: str, platform: str) -> str:
        """An id with every handle, e-mail address, phone number or profile link left in it made a pseudonym.

        Ids built from free text (an attendance list's event name:
        ``event:Talk by @ana (call +34 612 34 56 78)@2026-10-03:<member>``)
        can hold contact details that are not the row's own member. Each
        ``@mention`` becomes ``@`` + its pseudonym, and each contact detail
        found by :func:`libcommunity.redact.find_contacts` becomes the keyed
        pseudonym of its text, so the id stays as deterministic as before and
        no raw identifier reaches it. Outside an event name, a phone number
        counts only with ``+``, spaces or parentheses (platform ids are long
        digit runs).
        """
        from .redact import find_contacts

        head, sep, rest = text.partition(":") if text.startswith("event:") else ("", "", text)
        free = bool(sep)
        spans = [
            (a, b, kind)
            for a, b, kind in find_contacts(rest)
            if kind != "tel" or free or any(c in rest[a:b] for c in "+ (")
        ]
        out, at = [], 0
        for a, b, _kind in spans:
            out.append(rest[at:a])
            out.append(self(rest[a:b], platform))
            at = b
        out.append(rest[at:])
        scrubbed = _ID_MENTION.sub(lambda m: "@" + self(m.group(1), platform), "".join(out))
        return head + sep + scrubbed

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


def may_contain(values, chars: bytes) -> bool:
    """Whether any string of the Arrow array ``values`` may hold one of the ASCII ``chars`` (False is certain).

    One pass over the array's bytes, a few milliseconds for a million ids: a
    column of plain ids (``i123``, ``123456789_987654321``) skips the
    per-row searches altogether.
    """
    data = values.buffers()[-1] if len(values) else None
    if data is None:
        return False
    raw = data.to_pybytes()
    return any(bytes([c]) in raw for c in chars)


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
        if not may_contain(values, b":/"):
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
    return scrub_id_columns(pseudo, table)


def scrub_id_columns(pseudo: Pseudonymizer, table):
    """``interaction_id`` and ``reply_to`` with no handle, e-mail, phone number or profile link left (:meth:`Pseudonymizer.scrub_id`).

    A vectorised prefilter picks the ids that may hold one; only those are
    looked at in Python.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .redact import _COLUMN_PREFILTER

    for col in ("interaction_id", "reply_to"):
        if col not in table.column_names:
            continue
        values = table.column(col).combine_chunks()
        if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
            continue
        # Outside an event name, only "@" (e-mail, mention), "://" or "www." (link) or a phone number written
        # with "+", " " or "(" is replaced (Pseudonymizer.scrub_id); a column holding none of them is left as it is.
        if not may_contain(values, b"@:.+( "):
            continue
        mask = pc.fill_null(pc.match_substring_regex(values, _COLUMN_PREFILTER), False)
        if not pc.any(mask).as_py():
            continue
        rows = pa.array(np.flatnonzero(mask.to_numpy(zero_copy_only=False)))
        plats = table.column("platform").take(rows).to_pylist()
        new = [pseudo.scrub_id(v, p or "other") for v, p in zip(values.take(rows).to_pylist(), plats)]
        values = pc.replace_with_mask(values, mask, pa.array(new, values.type))
        table = table.set_column(table.column_names.index(col), col, values)
    return table
