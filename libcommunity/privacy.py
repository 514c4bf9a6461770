"""Data-subject requests: erase one person from an account's store.

``forget_member`` removes, for one account, the person's identity row, every
interaction they made, their member row, and the library's replies to their
interactions (a reply is about the person and may quote or name them). Their
pseudonym is remembered (the pseudonym, never the handle) so a later ingest
of an old export does not bring them back. Other members' replies to the
person's comments are kept, because they are other people's data; their
``reply_to`` then points to an erased interaction.

What this cannot reach: the raw exports under ``data/raw`` (immutable inputs
that still hold the person; delete or re-export them) and reports already
written (run ``libcommunity report`` again for the affected months). The
command says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ParameterError
from .pseudonym import Pseudonymizer, load_key
from .store import Store

__all__ = ["ForgetReport", "forget_member", "pseudonyms_of"]


@dataclass
class ForgetReport:
    """What was erased."""

    account: str
    member_ids: list = field(default_factory=list)
    removed: dict = field(default_factory=dict)
    raw_files: list = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.member_ids:
            return [f"{self.account}: nobody with that handle is in the store; nothing changed"]
        out = [f"{self.account}: erased {', '.join(self.member_ids)}"]
        out += [f"  {table}: {n} row(s) removed" for table, n in self.removed.items()]
        if self.raw_files:
            out.append("  raw exports ingested for this account may still hold this person (delete or re-export them): " + ", ".join(self.raw_files))
        out.append("  reports already written still show this person's pseudonym: run 'libcommunity report' again")
        return out


def pseudonyms_of(store: Store, account: str, handle: str) -> list[str]:
    """Pseudonyms ``handle`` has on the account's platforms (whether or not present)."""
    info = store.account(account)
    pseudo = Pseudonymizer(load_key(store.root, create=False))
    return sorted({pseudo(handle, p) for p in info.platforms or ["other"]})


def forget_member(store: Store, account: str, handle: str) -> ForgetReport:
    """Erase the person known as ``handle`` from ``account`` (see the module docstring).

    Raises
    ------
    UnknownAccountError
        If the account is not in the store.
    ParameterError
        If the handle is empty.
    """
    if not str(handle).strip() or str(handle).strip() == "@":
        raise ParameterError("member must be a handle such as @ana_lee; got an empty value instead")
    report = ForgetReport(account)
    candidates = pseudonyms_of(store, account, handle)
    present = store.sql(
        "SELECT DISTINCT member_id FROM (SELECT member_id FROM interactions WHERE account = ? "
        "UNION ALL SELECT member_id FROM members WHERE account = ? "
        "UNION ALL SELECT member_id FROM identities WHERE account = ?) WHERE list_contains(?, member_id)",
        [account, account, account, candidates],
        reveal=True,
    )["member_id"].tolist()
    if not present:
        return report
    report.member_ids = sorted(present)
    with store.transaction() as txn:
        report.removed["interactions"] = txn.replace(
            "interactions",
            account,
            "SELECT * FROM current WHERE NOT list_contains(?, member_id) AND NOT (by_library AND reply_to IN "
            "(SELECT interaction_id FROM current WHERE list_contains(?, member_id)))",
            [report.member_ids, report.member_ids],
        )
        report.removed["members"] = txn.replace(
            "members", account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [report.member_ids]
        )
        report.removed["identities"] = txn.replace(
            "identities", account, "SELECT * FROM current WHERE NOT list_contains(?, member_id)", [report.member_ids]
        )
        txn.add_forgotten(account, report.member_ids)
    report.raw_files = store.sql(
        "SELECT DISTINCT file FROM provenance WHERE account = ? ORDER BY file", [account]
    )["file"].tolist()
    return report
