"""Data-subject requests: erase one person from an account's store.

``forget_member`` removes, for one account, the person's identity row, every
interaction they made, their member row, and the library's replies to their
interactions (a reply is about the person and may quote or name them).
Erasure follows the person: every identity linked to the one named (the
store's ``links``: the same person on other platforms, or known offline by
e-mail, card number or name) is erased the same way, and the person's links
and the sightings that name any of them go too. Their pseudonyms are remembered (the pseudonym, never the handle) so a later ingest
of an old export does not bring them back. Other members' replies to the
person's comments are kept, because they are other people's data; their
``reply_to`` then points to an erased interaction. Where any remaining text
(other people's comments, the library's posts) mentions the person, the
mention (stored as ``@`` + pseudonym since ingest) becomes ``@[erased]``, in
the store now and in every later ingest. Everything happens in one store
transaction: all of it, or (on any failure, or a killed process) nothing.

What this cannot reach: the raw exports under ``data/raw`` (immutable inputs
that still hold the person; delete or re-export them) and reports already
written (run ``libcommunity report`` again for the affected months). The
command says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .errors import ParameterError, UnknownMemberError
from .people.links import read_links, remove_links, write_links
from .pseudonym import Pseudonymizer
from .store import Store
from .store.undo import forget_in_undo_log

__all__ = ["ForgetReport", "forget_member", "pseudonyms_of", "linked_to", "identifier_forms", "redact_mentions", "ERASED"]

#: What a mention of an erased person reads as.
ERASED = "@[erased]"


@dataclass
class ForgetReport:
    """What was erased.

    Attributes
    ----------
    account : str
    member_ids : list of str
        The person's pseudonyms that were found (in rows or in mentions).
    removed : dict
        ``{table: rows removed}``.
    redacted : dict
        ``{table: rows whose text mentioned the person}`` (mention replaced by :data:`ERASED`).
    raw_files : list of str
        Raw exports ingested for the account, which may still hold the person.
    """

    account: str
    member_ids: list = field(default_factory=list)
    removed: dict = field(default_factory=dict)
    redacted: dict = field(default_factory=dict)
    raw_files: list = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.member_ids:
            return [f"{self.account}: nobody with that handle is in the store; nothing changed"]
        out = [f"{self.account}: erased {', '.join(self.member_ids)}"]
        out += [f"  {table}: {n} row(s) removed" for table, n in self.removed.items()]
        out += [f"  {table}: {n} row(s) mentioning them redacted" for table, n in self.redacted.items() if n]
        if self.raw_files:
            out.append("  raw exports ingested for this account may still hold this person (delete or re-export them): " + ", ".join(self.raw_files))
        out.append("  reports already written still show this person's pseudonym: run 'libcommunity report' again")
        return out


_PROFILE_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:bsky\.app/profile/|(?:x|twitter|instagram|facebook|threads|tiktok)\.(?:com|net)/@?)"
    r"(?P<handle>[^/?#\s]+)/?$",
    re.IGNORECASE,
)
_MASTODON_URL = re.compile(r"^(?:https?://)?(?P<server>[^/\s]+)/@(?P<user>[^/?#\s]+)/?$", re.IGNORECASE)


def identifier_forms(member: str) -> list[str]:
    """The spellings under which ``member`` (a handle, a DID, a profile URL, an identifier known offline) may have
    been stored.

    As given, in Unicode NFC and NFKC, and the handle inside a profile URL
    (``https://bsky.app/profile/ana.bsky.social``, ``https://masto.example/@ana``);
    an e-mail address as e-mail identities are filed (lower case), and
    ``card:<number>`` / ``name:<name as written>`` as card and name identities
    are (:mod:`libcommunity.people.identifiers`).
    """
    from .people.identifiers import identity_of

    text = str(member).strip()
    forms = [text]
    offline = None
    if text.lower().startswith(("card:", "name:")):
        offline = identity_of(text[:4].lower(), text[5:])
    elif "@" in text.lstrip("@"):
        offline = identity_of("email", text)
    if offline is not None:
        forms.append(offline.handle)
    m = _PROFILE_URL.match(text)
    if m:
        forms.append(m.group("handle"))
    m = _MASTODON_URL.match(text)
    if m and not _PROFILE_URL.match(text):
        forms.append(f"{m.group('user')}@{m.group('server')}")
    for f in list(forms):
        forms += [unicodedata.normalize("NFC", f), unicodedata.normalize("NFKC", f)]
    return list(dict.fromkeys(f for f in forms if f and f != "@"))


def _fold(handle) -> str:
    """A handle compared loosely: NFKC, stripped, without ``@``, case-folded."""
    return unicodedata.normalize("NFKC", str(handle)).strip().lstrip("@").casefold()


def pseudonyms_of(store: Store, account: str, handle: str) -> list[str]:
    """Every pseudonym the store may hold for the person known as ``handle`` in ``account``.

    The pseudonyms of each spelling of ``handle`` (:func:`identifier_forms`) on
    each of the account's platforms; the members whose stored identity is the
    same handle up to Unicode compatibility and case; and, following the
    store's ``links``, the person's other identities (a Bluesky DID and the
    handle their mentions use; the same person on another platform or known
    offline).

    Raises
    ------
    StoreError
        If the key in use is not the key the store was written with.
    """
    from .pseudonym_key import store_key

    info = store.account(account)
    pseudo = Pseudonymizer(store_key(store).key)
    forms = identifier_forms(handle)
    found = {pseudo(f, p) for f in forms for p in sorted(set(info.platforms) | {"other"})}
    wanted = {_fold(f) for f in forms}
    identities = store.sql("SELECT member_id, handle FROM identities WHERE account = ?", [account], reveal=True)
    found |= {m for m, h in zip(identities["member_id"], identities["handle"]) if _fold(h) in wanted}
    return sorted(found | linked_to(store, account, found))


def linked_to(store, account: str, member_ids) -> set:
    """The pseudonyms of every identity linked to one of ``member_ids`` (the same people), themselves excluded."""
    links = store.sql("SELECT member_id, person_id FROM links WHERE account = ?", [account])
    ids = set(member_ids)
    persons = {p for m, p in zip(links["member_id"], links["person_id"]) if m in ids}
    return {m for m, p in zip(links["member_id"], links["person_id"]) if p in persons} - ids


def forget_member(store: Store, account: str, handle: str) -> ForgetReport:
    """Erase the person known as ``handle`` from ``account`` (see the module docstring).

    Raises
    ------
    UnknownAccountError
        If the account is not in the store.
    UnknownMemberError
        If nobody the store holds is that person (nothing is changed).
    ParameterError
        If the handle is empty.
    StoreError
        If the key in use is not the store's.
    """
    from .pseudonym_key import store_key

    if not str(handle).strip() or str(handle).strip() == "@":
        raise ParameterError("member must be a handle such as @ana_lee; got an empty value instead")
    report = ForgetReport(account)
    key = store_key(store)
    candidates = pseudonyms_of(store, account, handle)
    in_rows = store.sql(
        "SELECT DISTINCT member_id FROM (SELECT member_id FROM interactions WHERE account = ? "
        "UNION ALL SELECT member_id FROM members WHERE account = ? "
        "UNION ALL SELECT member_id FROM identities WHERE account = ?) WHERE list_contains(?, member_id)",
        [account, account, account, candidates],
        reveal=True,
    )["member_id"].tolist()
    # Someone who never interacted may still be named in other people's comments or the library's posts.
    mentioned = store.sql(
        "SELECT c AS member_id FROM (SELECT unnest(?::VARCHAR[]) AS c) WHERE EXISTS (SELECT 1 FROM "
        "(SELECT text FROM interactions WHERE account = ? UNION ALL SELECT text FROM posts WHERE account = ?) x "
        "WHERE x.text IS NOT NULL AND regexp_matches(x.text, '@' || c || '\\b'))",
        [candidates, account, account],
    )["member_id"].tolist()
    present = sorted(set(in_rows) | set(mentioned))
    if not present:
        raise UnknownMemberError(
            f"no such member in {account}: {str(handle)[:200]!r} matches no member, identity or mention "
            f"(looked up as {len(candidates)} pseudonym(s) on {', '.join(store.account(account).platforms) or 'no platform'}); "
            "nothing was changed"
        )
    # Erasure follows the person: identities linked to them go too, with or without rows (a later ingest drops them).
    present = sorted(set(present) | linked_to(store, account, present))
    report.member_ids = present
    with store.transaction() as txn:
        txn.use_key(key.fingerprint, key.source)
        # First, while their rows are still there: the ingests' undo record forgets them too (no uningest brings them back).
        forget_in_undo_log(txn, account, present, mention_pattern=_mention_pattern(present), erased=ERASED)
        report.removed["interactions"] = txn.replace(
            "interactions",
            account,
            "SELECT * FROM current WHERE NOT list_contains(?, member_id) AND NOT (by_library AND reply_to IN "
            "(SELECT interaction_id FROM current WHERE list_contains(?, member_id)))",
            [present, present],
        )
        report.removed["members"] = txn.replace(
            "members", account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [present]
        )
        report.removed["identities"] = txn.replace(
            "identities", account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [present]
        )
        current = read_links(txn, account)
        write_links(txn, account, remove_links(current, identities=current.loc[current["member_id"].isin(present), ["platform", "member_id"]].itertuples(index=False)))
        txn.replace(
            "sightings", account,
            "SELECT * FROM current WHERE NOT list_contains(?, member_id) AND NOT list_contains(?, seen_id)",
            [present, present],
        )
        pattern = _mention_pattern(present)
        for table in ("interactions", "posts"):
            report.redacted[table] = txn.replace(
                table,
                account,
                "SELECT * REPLACE (regexp_replace(text, ?, ?, 'g') AS text) FROM current",
                [pattern, ERASED],
                rewrite=True,
            )
        txn.add_forgotten(account, present)
    report.raw_files = store.sql(
        "SELECT DISTINCT file FROM provenance WHERE account = ? ORDER BY file", [account]
    )["file"].tolist()
    return report


def _mention_pattern(member_ids) -> str:
    """A regular expression (Python and DuckDB's RE2) matching ``@`` + one of ``member_ids`` as a whole word."""
    return "@(?:" + "|".join(re.escape(m) for m in sorted(member_ids)) + r")\b"


def redact_mentions(texts: pd.Series, member_ids) -> pd.Series:
    """``texts`` with every ``@<pseudonym>`` of ``member_ids`` replaced by :data:`ERASED` (nulls stay null)."""
    ids = sorted(set(member_ids))
    out = texts.astype("string")
    if not ids:
        return out
    pattern = re.compile(_mention_pattern(ids))
    mask = out.str.contains("@", regex=False).fillna(False).astype(bool)
    if mask.any():
        out[mask] = [pattern.sub(ERASED, t) for t in out[mask].tolist()]
    return out
