"""Identity links: which identities of an account are one person.

The store's ``links`` table holds one row per identity of a person with
several: ``account, platform, member_id`` (the identity's pseudonym) ->
``person_id``, with ``source`` (``manual``: given by someone with
``libcommunity link``; ``rule:<name>``: recorded by a rule, such as
``rule:bluesky-handle``, ingest's link between a Bluesky DID and the handle
mentions use) and ``linked_at``. An identity without a row is a person of its
own. Person ids are ``p_`` + 20 hexadecimal digits, derived from the identities
a person was first made of; they say nothing about who the person is.

Changes are made on whole groups, so the table always describes disjoint
people:

* :func:`merge_groups` — identities that belong together: the people they are
  already part of are merged into one (the smallest existing person id is
  kept); identities new to a person get the change's source and time, the
  others keep theirs;
* :func:`remove_links` — identities taken out of their person (a person left
  with one identity is no link any more), or whole people dissolved.

:func:`write_links` puts the result in the store inside the caller's
transaction, writing nothing when nothing changed (the same change twice
leaves the store as it was). Erasure (:func:`libcommunity.privacy.forget_member`)
follows the links: forgetting one identity forgets the person.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

__all__ = [
    "MANUAL",
    "BLUESKY_RULE",
    "PERSON_PREFIX",
    "check_source",
    "person_id_for",
    "empty_links",
    "merge_groups",
    "remove_links",
    "write_links",
    "read_links",
    "link_identities",
    "bluesky_handles",
    "bluesky_groups",
]

#: Source of links someone gave (``libcommunity link``, ``--accept``).
MANUAL = "manual"
#: Source of the links ingest records between a Bluesky DID and its handle.
BLUESKY_RULE = "rule:bluesky-handle"
#: What the Bluesky API gives as the handle of an account whose handle no longer verifies: shared by many
#: accounts, so it links no one.
INVALID_HANDLE = "handle.invalid"
PERSON_PREFIX = "p_"
_SOURCE = re.compile(r"^(manual|rule:[a-z0-9][a-z0-9_-]{0,63})$")
_COLUMNS = ("platform", "member_id", "person_id", "source", "linked_at")
_MAX_DEPTH = 64


def check_source(source: str) -> str:
    """``source`` if it is ``manual`` or ``rule:<name>`` (lower-case letters, digits, ``-``, ``_``)."""
    from ..errors import ParameterError

    if not isinstance(source, str) or not _SOURCE.match(source):
        raise ParameterError(f"source must be 'manual' or 'rule:<name>' (such as 'rule:same-handle'); got {source!r} instead")
    return source


def person_id_for(identities) -> str:
    """The id of a new person made of ``identities`` (``(platform, member_id)`` pairs): from the smallest of them."""
    first = min(f"{p}:{m}" for p, m in identities)
    return PERSON_PREFIX + hashlib.sha256(first.encode("utf-8")).hexdigest()[:20]


def empty_links() -> pd.DataFrame:
    """A links frame without rows (:data:`_COLUMNS`, typed)."""
    return _typed(pd.DataFrame({c: [] for c in _COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[list(_COLUMNS)].copy()
    for c in ("platform", "member_id", "person_id", "source"):
        out[c] = out[c].astype("string")
    out["linked_at"] = pd.to_datetime(out["linked_at"], utc=True).astype("datetime64[us, UTC]")
    return out.sort_values(["person_id", "platform", "member_id"], ignore_index=True)


def _now() -> pd.Timestamp:
    return pd.Timestamp.now(tz="UTC").floor("s")


def merge_groups(current: pd.DataFrame, groups, source: str | None, *, now=None) -> pd.DataFrame:
    """The links after declaring each group of identities one person.

    Parameters
    ----------
    current : DataFrame
        The account's links (``platform, member_id, person_id, source, linked_at``).
    groups : iterable of iterable of (platform, member_id)
        Identities that belong together; applied in order, so groups sharing
        an identity end as one person. With ``source=None``, each item is a
        pair ``(source, group)`` instead: groups of several sources in one pass
        (the same links as one call per group, without rebuilding the frame each time).
    source : str or None
        ``manual`` or ``rule:<name>``, for identities that join a person.
    now : timestamp, optional
        ``linked_at`` of those identities (default: now, to the second).

    Returns
    -------
    DataFrame
        The new links, sorted by person, platform and member.
    """
    if source is not None:
        check_source(source)
        groups = ((source, group) for group in groups)
    now = _now() if now is None else pd.Timestamp(now).tz_convert("UTC")
    rows = {(p, m): {"person_id": pid, "source": s, "linked_at": t}
            for p, m, pid, s, t in current[list(_COLUMNS)].itertuples(index=False)}
    members: dict[str, set] = {}
    for key, row in rows.items():
        members.setdefault(row["person_id"], set()).add(key)
    for source, group in groups:
        check_source(source)
        ids = {(str(p), str(m)) for p, m in group}
        persons = sorted({rows[i]["person_id"] for i in ids if i in rows})
        everyone = set(ids).union(*(members[p] for p in persons))
        if len(everyone) < 2:
            continue
        person = persons[0] if persons else person_id_for(everyone)
        for other in persons[1:]:
            members.pop(other)
        members[person] = everyone
        for key in everyone:
            row = rows.get(key)
            if row is None or row["person_id"] != person:
                rows[key] = {"person_id": person, "source": source, "linked_at": now}
    return _frame(rows)


def remove_links(current: pd.DataFrame, *, identities=(), persons=()) -> pd.DataFrame:
    """The links after taking ``identities`` out of their people and dissolving ``persons``.

    A person left with a single identity is dissolved too (one identity is
    no link). Identities or people without links are ignored.
    """
    gone = {(str(p), str(m)) for p, m in identities}
    dissolved = {str(p) for p in persons}
    rows = {(p, m): {"person_id": pid, "source": s, "linked_at": t}
            for p, m, pid, s, t in current[list(_COLUMNS)].itertuples(index=False)
            if (p, m) not in gone and pid not in dissolved}
    sizes: dict[str, int] = {}
    for row in rows.values():
        sizes[row["person_id"]] = sizes.get(row["person_id"], 0) + 1
    return _frame({k: r for k, r in rows.items() if sizes[r["person_id"]] > 1})


def _frame(rows: dict) -> pd.DataFrame:
    if not rows:
        return empty_links()
    return _typed(pd.DataFrame([{"platform": p, "member_id": m, **r} for (p, m), r in rows.items()]))


def read_links(source, account: str) -> pd.DataFrame:
    """The links of ``account`` in a store, a snapshot or an open transaction (``platform, member_id, person_id,
    source, linked_at``)."""
    if hasattr(source, "read") and hasattr(source, "upsert"):  # a Transaction: its pending state
        frame = source.read("links", account)
    else:
        frame = source.sql(
            "SELECT platform, member_id, person_id, source, linked_at FROM links WHERE account = ?", [account]
        )
    return empty_links() if frame.empty else _typed(frame)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if len(a) != len(b):
        return False
    key = ["platform", "member_id"]
    x = a.sort_values(key, ignore_index=True)
    y = b.sort_values(key, ignore_index=True)
    return bool((x[["platform", "member_id", "person_id", "source"]] == y[["platform", "member_id", "person_id", "source"]]).all().all()
                and x["linked_at"].equals(y["linked_at"]))


def write_links(txn, account: str, links: pd.DataFrame) -> bool:
    """Make ``links`` the account's links in the open transaction ``txn``; returns whether anything changed."""
    import pyarrow as pa

    from ..store.layout import LINKS_COLUMNS

    current = read_links(txn, account)
    if _same(current, links):
        return False
    frame = links.assign(account=account)
    table = pa.Table.from_pandas(frame[list(LINKS_COLUMNS)], schema=pa.schema(list(LINKS_COLUMNS.items())),
                                 preserve_index=False)
    txn.drop_account_table("links", account)  # a small table: written whole, in the current layout
    if len(table):
        txn.upsert("links", account, table)
    return True


def link_identities(txn, account: str, groups, source: str, *, now=None) -> dict:
    """Merge ``groups`` into the account's links in ``txn`` (see :func:`merge_groups`).

    Returns
    -------
    dict
        ``{"identities": n linked before, "linked": n after, "people": people after, "changed": bool}``.
    """
    current = read_links(txn, account)
    new = merge_groups(current, groups, source, now=now)
    changed = write_links(txn, account, new)
    return {"identities": len(current), "linked": len(new), "people": int(new["person_id"].nunique()), "changed": changed}


# ------------------------------------------------------------------------------------------------ Bluesky
def bluesky_handles(path) -> dict[str, str]:
    """``{did: handle}`` of every account a Bluesky API capture describes (empty for other files).

    A Bluesky member is stored by their DID (stable across handle changes),
    but people mention them by handle (``@ana.bsky.social``), whose pseudonym
    is another. The API captures carry both (``{"did": ..., "handle": ...}``
    on every author, liker, reposter and follower); ingest links the two
    identities (:func:`bluesky_groups`, source :data:`BLUESKY_RULE`). An
    account shown as ``handle.invalid`` (its handle no longer verifies) has no
    handle to link: many accounts share that one.
    """
    from ..errors import InputError
    from ..loaders.jsonio import load_json

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
            if (isinstance(did, str) and did.startswith("did:") and isinstance(handle, str) and handle.strip()
                    and handle.strip().lower() != INVALID_HANDLE):
                found[did] = handle.strip()
            stack.extend((v, depth + 1) for v in obj.values() if isinstance(v, (dict, list)))
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj if isinstance(v, (dict, list)))
    return found


def bluesky_groups(pairs) -> list:
    """Groups for :func:`merge_groups` from ``(platform, handle pseudonym, DID pseudonym)`` rows (one person each)."""
    return [[(p, alias), (p, member)] for p, alias, member in sorted(set(pairs)) if alias != member]
