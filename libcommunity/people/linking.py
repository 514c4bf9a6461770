"""Changing an account's links in its store: each change one transaction (``libcommunity link``).

* :func:`link_groups` — identities that belong together, in clear (a link
  file): pseudonymised with the store's key and merged (source ``manual``);
* :func:`accept_suggestions` — the suggestions a person confirmed (a file
  written by ``link --suggest``, pseudonyms only): merged with the source of
  the rule that proposed them (``rule:same-email`` ...);
* :func:`unlink` — identities taken out of their person, or people dissolved;
* :func:`list_links` — the account's people with several identities.

Identities erased with ``forget`` are never linked again. Linked identities
the store has not seen yet get an ``identities`` row (their identifier, for
``--reveal``), so that a later ingest of their data joins the person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, ParameterError
from .links import MANUAL, check_source, read_links, remove_links, write_links, merge_groups

__all__ = ["LinkReport", "link_groups", "accept_suggestions", "unlink", "list_links", "PSEUDONYM"]

PSEUDONYM = re.compile(r"^m_[0-9a-f]{20}$")
_PERSON = re.compile(r"^p_[0-9a-f]{20}$")


@dataclass
class LinkReport:
    """What a change did: linked identities and people before and after, and what was left out."""

    account: str
    before: tuple = (0, 0)
    after: tuple = (0, 0)
    changed: bool = False
    notes: list = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.account}: {self.after[0]} identities linked into {self.after[1]} people "
               f"(before: {self.before[0]} into {self.before[1]})"]
        out += [f"  note: {n}" for n in self.notes]
        if not self.changed:
            out.append("  nothing changed: the store is as it was")
        return out


def _counts(links: pd.DataFrame) -> tuple:
    return (int(len(links)), int(links["person_id"].nunique()))


def _apply(store, account: str, key, change, *, identities=()) -> LinkReport:
    """Run ``change(current links) -> new links`` in one transaction; add missing ``identities`` rows."""
    report = LinkReport(account)
    with store.transaction() as txn:
        txn.use_key(key.fingerprint, key.source)
        current = read_links(txn, account)
        new = change(current)
        report.before, report.after = _counts(current), _counts(new)
        report.changed = write_links(txn, account, new)
        if identities:
            known = txn.read("identities", account)
            have = set(zip(known["platform"], known["member_id"]))
            rows = sorted({(p, m): h for p, m, h in identities if (p, m) not in have}.items())
            if rows:
                import pyarrow as pa

                txn.upsert("identities", account, pa.table({
                    "account": pa.array([account] * len(rows), pa.string()),
                    "platform": pa.array([k[0] for k, _ in rows], pa.string()),
                    "member_id": pa.array([k[1] for k, _ in rows], pa.string()),
                    "handle": pa.array([h for _, h in rows], pa.string()),
                }))
                report.changed = True
    return report


def link_groups(store, account: str, groups, *, source: str = MANUAL, now=None) -> LinkReport:
    """Link each group of :class:`~libcommunity.people.identifiers.Identity` (identifiers in clear) as one person.

    Raises
    ------
    UnknownAccountError
        If the account is not in the store.
    StoreError
        If the key in use is not the store's.
    """
    from ..pseudonym import Pseudonymizer
    from ..pseudonym_key import store_key

    check_source(source)
    store.account(account)
    key = store_key(store)
    pseudo = Pseudonymizer(key.key)
    forgotten = store.forgotten(account)
    pseudonymised, identities, erased = [], [], 0
    for group in groups:
        ids = [(i.platform, pseudo(i.handle, i.platform), i.handle) for i in group]
        kept = [x for x in ids if x[1] not in forgotten]
        erased += len(ids) - len(kept)
        identities.extend(kept)
        pseudonymised.append([(p, m) for p, m, _ in kept])
    report = _apply(store, account, key, lambda cur: merge_groups(cur, pseudonymised, source, now=now),
                    identities=identities)
    if erased:
        report.notes.append(f"{erased} identifier(s) of people erased with 'forget' were not linked")
    return report


def _read_suggestions(path) -> list[tuple[str, list]]:
    """``[(rule, [(platform, member)])]`` of the accepted suggestions of a ``link --suggest --out`` file (CSV or
    workbook, as written: the language's delimiter, a byte-order mark)."""
    from ..loaders.aliases import NO_VALUES, YES_VALUES, HeaderFormat, aliases, normalize_header
    from ..loaders.tabular import read_export
    from ..loaders.textio import sniff_text
    from ..schemas import PLATFORMS
    from .suggest import RULES

    fmt = HeaderFormat("link-suggestions", tuple(aliases(c, [c], [c], [c]) for c in
                                                  ("suggestion", "platform", "member", "rule", "accept")),
                       required=("suggestion", "platform", "member", "rule"))
    path = Path(path)
    ex = read_export(path, sniff_text(path), fmt)
    cells = {c: ex.strings(c) for c in ("suggestion", "platform", "member", "rule", "accept")}
    groups: dict = {}
    for row in ex.index:
        accept = normalize_header(cells["accept"][row]) if not pd.isna(cells["accept"][row]) else "yes"
        if accept in NO_VALUES:
            continue
        if accept not in YES_VALUES:
            raise InputError(f"expected yes or no; got {cells['accept'][row]!r}", path=ex.path, row=row,
                             column=ex.header("accept"))
        member, platform, rule, number = (("" if pd.isna(cells[c][row]) else str(cells[c][row]).strip())
                                          for c in ("member", "platform", "rule", "suggestion"))
        if not PSEUDONYM.match(member):
            raise InputError(f"expected a pseudonym such as m_0123456789abcdef0123; got {member!r}", path=ex.path,
                             row=row, column=ex.header("member"))
        if platform not in PLATFORMS:
            raise InputError(f"expected a platform ({', '.join(PLATFORMS)}); got {platform!r}", path=ex.path, row=row,
                             column=ex.header("platform"))
        if rule not in RULES:
            raise InputError(f"expected a rule of 'link --suggest' ({', '.join(RULES)}); got {rule!r}", path=ex.path,
                             row=row, column=ex.header("rule"))
        if not number:
            raise InputError("a suggestion number is required here; the cell is empty", path=ex.path, row=row,
                             column=ex.header("suggestion"))
        groups.setdefault(number, (rule, []))[1].append((platform, member))
    return list(groups.values())


def accept_suggestions(store, account: str, path, *, now=None) -> LinkReport:
    """Write the suggestions of ``path`` whose ``accept`` says yes (each with its rule as source: ``rule:<rule>``).

    Raises
    ------
    InputError
        For a file that is not what ``link --suggest`` writes, or that names an identity the store does not hold.
    """
    from ..pseudonym_key import store_key

    store.account(account)
    accepted = _read_suggestions(path)
    known = store.sql("SELECT platform, member_id FROM identities WHERE account = ?", [account], reveal=True)
    have = set(zip(known["platform"], known["member_id"]))
    for _, members in accepted:
        unknown = [f"{p}:{m}" for p, m in members if (p, m) not in have]
        if unknown:
            raise InputError(f"names identities this store does not hold for {account} ({', '.join(unknown[:3])}): "
                             "was the file written for another account or store?", path=path)
    forgotten = store.forgotten(account)
    key = store_key(store)

    def change(current):
        return merge_groups(current, [(f"rule:{rule}", [x for x in members if x[1] not in forgotten])
                                      for rule, members in accepted], None, now=now)

    return _apply(store, account, key, change)


def unlink(store, account: str, ids) -> LinkReport:
    """Dissolve people (``p_…`` ids) and take identities (``platform:m_…``, or ``platform:handle``) out of theirs."""
    from ..pseudonym import Pseudonymizer
    from ..pseudonym_key import store_key
    from ..schemas import PLATFORMS

    store.account(account)
    key = store_key(store)
    pseudo = Pseudonymizer(key.key)
    persons, identities = [], []
    for value in ids:
        text = str(value).strip()
        if _PERSON.match(text):
            persons.append(text)
            continue
        platform, sep, rest = text.partition(":")
        if not sep or platform not in PLATFORMS or not rest:
            raise ParameterError(f"remove must name a person (p_…) or an identity as platform:pseudonym or "
                                 f"platform:handle (such as mastodon:@ana@mastodon.social); got {text!r} instead")
        identities.append((platform, rest if PSEUDONYM.match(rest) else pseudo(rest, platform)))
    return _apply(store, account, key, lambda cur: remove_links(cur, identities=identities, persons=persons))


def list_links(store, account: str, *, reveal: bool = False) -> pd.DataFrame:
    """The account's links, one row per identity: ``person_id, platform, member, [handle], source, linked_at``."""
    store.account(account)
    links = read_links(store, account).rename(columns={"member_id": "member"})
    out = links[["person_id", "platform", "member", "source", "linked_at"]]
    if reveal:
        ids = store.identities(account).rename(columns={"member_id": "member"})
        out = out.merge(ids, on=["platform", "member"], how="left")
        out = out[["person_id", "platform", "member", "handle", "source", "linked_at"]]
    return out.sort_values(["person_id", "platform", "member"], ignore_index=True)
