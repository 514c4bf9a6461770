"""The library in free text: a mention of the library's own identities is the library, written as its name.

Ingest replaces every ``@handle`` in free text by ``@`` + the handle's keyed
pseudonym (:meth:`libcommunity.pseudonym.Pseudonymizer.mentions`), so that no
member's handle reaches the analytics tables. The library is not a member:
"Hola @biblio.lavapies" is a member talking to the library, and
"Hola @m_3f72…" hides nothing worth hiding while making the text unreadable.
So a mention of a **library-side identity** is written ``@<account>`` (the
account's name in the store, e.g. ``@biblioteca-lavapies``) instead, in every
mode, with or without ``--reveal``. Library-side identities are:

* the handles given for the account (``libcommunity ingest --handle``, and the
  handle of ``libcommunity collect bluesky``), on every platform of the account;
* every identity that acts as the library: the author of an interaction marked
  ``by_library`` and a member marked ``is_staff`` (the rule of
  :mod:`libcommunity.metrics.members`), and the other identifiers the store
  links to the same person on the same platform (a Bluesky DID's handle,
  :mod:`libcommunity.people.links`).

Staff are people, but here they act as the library: their mentions read as
the library's name, never as their own handle.

Two layers use this module: ingest names the library in the texts it stores
(:class:`libcommunity.staging.IngestStaging`), so new data is right in the
store; reports name it again when they show texts (:func:`library_ids` of the
report's scope and :func:`name_library_mentions`), so stores ingested before
this rule, and identities recognised as the library only by a later ingest,
read right too.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "PSEUDONYM_MENTION",
    "library_mention",
    "name_library_mentions",
    "mentioned_pseudonyms",
    "library_ids",
    "stored_library_ids",
]

#: The library-side identities of an account on a connection with the store's views (``?``: the account, thrice).
_STORED = """
WITH lib AS (
  SELECT platform, member_id FROM members WHERE account = ? AND is_staff
  UNION
  SELECT DISTINCT platform, member_id FROM interactions WHERE account = ? AND by_library
)
SELECT member_id FROM lib
UNION
SELECT o.member_id FROM links l JOIN lib ON lib.platform = l.platform AND lib.member_id = l.member_id
JOIN links o ON o.account = l.account AND o.platform = l.platform AND o.person_id = l.person_id
WHERE l.account = ?
"""

#: A mention of a pseudonym in stored text (``@m_`` and 20 hexadecimal digits).
PSEUDONYM_MENTION = re.compile(r"@(m_[0-9a-f]{20})(?![0-9A-Za-z_])")


def library_mention(name: str) -> str:
    """How a mention of the library is written: ``@`` + the account's name."""
    return "@" + str(name)


def name_library_mentions(texts: pd.Series, ids, name: str) -> pd.Series:
    """``texts`` with every ``@<pseudonym>`` of the library-side ``ids`` written :func:`library_mention` (nulls stay null).

    Examples
    --------
    >>> out = name_library_mentions(pd.Series(["Hola @m_3f7200000000000000aa!", None]), {"m_3f7200000000000000aa"}, "lib")
    >>> out.tolist()
    ['Hola @lib!', <NA>]
    """
    out = texts.astype("string")
    ids = set(ids)
    if not ids or out.empty:
        return out
    mask = out.str.contains("@m_", regex=False).fillna(False).astype(bool)
    if mask.any():
        mention = library_mention(name)
        out[mask] = [
            PSEUDONYM_MENTION.sub(lambda m: mention if m.group(1) in ids else m.group(0), t) for t in out[mask].tolist()
        ]
    return out


def mentioned_pseudonyms(texts) -> set[str]:
    """The pseudonyms mentioned (``@m_…``) in ``texts``."""
    found = set()
    for t in texts:
        if isinstance(t, str) and "@m_" in t:
            found.update(PSEUDONYM_MENTION.findall(t))
    return found


def stored_library_ids(store, account: str) -> set[str]:
    """The pseudonyms of ``account``'s library-side identities already in ``store`` (none for a new account)."""
    if not store.exists() or account not in store.accounts():
        return set()
    with store.connect(account=account) as con:
        return {r[0] for r in con.execute(_STORED, [account, account, account]).fetchall() if r[0]}


def library_ids(scope) -> frozenset[str]:
    """The pseudonyms of the library-side identities of a scope's account: ``lc_lib_ids`` and the identifiers linked to them.

    Memoised in the scope (``("library_ids",)``).
    """

    def build():
        rows = scope.rows(
            """
            SELECT member_id FROM lc_lib_ids
            UNION
            SELECT o.member_id FROM links l JOIN lc_lib_ids i ON i.platform = l.platform AND i.member_id = l.member_id
            JOIN links o ON o.account = l.account AND o.platform = l.platform AND o.person_id = l.person_id
            WHERE l.account = $account
            """,
            {"account": scope.account},
        )
        return frozenset(r[0] for r in rows if r[0])

    return scope.memo(("library_ids",), build)
