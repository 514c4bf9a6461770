"""Several identifiers of one person, linked by pseudonym so that erasure finds them all.

A Bluesky member is stored by their DID (stable across handle changes), but
people mention them by handle (``@ana.bsky.social``), whose pseudonym is a
different one. The API captures carry both (``{"did": ..., "handle": ...}``
on every author, liker, reposter and follower), so ingest records one row
per pair in the store's ``links`` table: ``alias_id`` (the handle's
pseudonym) → ``member_id`` (the DID's). Only pseudonyms are stored there;
erasure (:func:`libcommunity.privacy.forget_member`) follows the links both
ways, so ``forget --member @ana.bsky.social`` and ``forget --member did:plc:…``
erase the same person and every mention of them.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

__all__ = ["bluesky_handles", "links_table"]

_MAX_DEPTH = 64


def bluesky_handles(path) -> dict[str, str]:
    """``{did: handle}`` of every account a Bluesky API capture describes (empty for other files)."""
    from .errors import InputError
    from .loaders.jsonio import load_json

    try:
        data = load_json(Path(path))
    except InputError:
        return {}
    found: dict[str, str] = {}
    stack = [(data, 0)]
    while stack:
        obj, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(obj, dict):
            did, handle = obj.get("did"), obj.get("handle")
            if isinstance(did, str) and did.startswith("did:") and isinstance(handle, str) and handle.strip():
                found[did] = handle.strip()
            stack.extend((v, depth + 1) for v in obj.values() if isinstance(v, (dict, list)))
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj if isinstance(v, (dict, list)))
    return found


def links_table(account: str, rows) -> pa.Table:
    """Rows ``(platform, alias_id, member_id)`` as the store's ``links`` table (sorted, one row per alias)."""
    rows = sorted({(p, a): m for p, a, m in rows if a != m}.items())
    return pa.table(
        {
            "account": pa.array([account] * len(rows), pa.string()),
            "platform": pa.array([k[0] for k, _ in rows], pa.string()),
            "alias_id": pa.array([k[1] for k, _ in rows], pa.string()),
            "member_id": pa.array([m for _, m in rows], pa.string()),
        }
    )
