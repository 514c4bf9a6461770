"""Retention: drop old event-level rows, keep the monthly aggregates.

``prune(store, account, before="2025-06")`` (``libcommunity prune``) removes,
for one account, every interaction created before the first instant of the
month ``before`` in the account's timezone (members' comments, reactions,
messages and the library's own replies alike), and the identity rows of the
people who then appear nowhere in the store. What stays:

* ``posts`` (the library's own publications and their counts), ``audience``
  (daily account-level figures), ``members`` (follow relationships, which the
  follower figures of later months need) and ``provenance``;
* one metrics document per pruned month, computed just before the rows go,
  in the same transaction, in the store's ``summaries`` table. It is exactly
  what ``libcommunity metrics --json`` printed for that month before pruning.

What stays answerable afterwards (tested in ``tests/test_prune.py``):

* ``metrics`` for a pruned month answers from its stored document, byte for
  byte what it answered before (``as_of`` and ``unanswered_over_48h`` are
  frozen at the prune time).
* ``metrics`` for a kept month is computed from the kept rows as before; its
  ``growth`` comparisons (``mom``, ``yoy``) with a pruned month use that
  month's stored figures, and so does :func:`~libcommunity.metrics.monthly_trend`.
  Two figures of the first kept months can differ from before: a member's
  comment answering another member's comment from a pruned month can no
  longer be told apart from a new question, so it counts as an item that
  needs the library's answer (``response``) and not as member-to-member
  conversation (``member_to_member_share``); and an account seen as the
  library only through pruned ``by_library`` rows counts as a member.
* ``segment`` and ``report`` refuse a pruned month (ParameterError: the
  people-level data is gone) and warn when the segmentation window of a kept
  month reaches into pruned months. Reports written before pruning stay.

Pruning again with a later month adds the newly pruned months' documents and
keeps the older ones; pruning with an earlier or the same month changes
nothing. Everything happens in one store transaction under the write lock.

The read side (which months were pruned, their kept documents, refusing a
pruned month) is :mod:`libcommunity.metrics.kept`; its functions are
re-exported here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from .errors import ParameterError
from .metrics import Scope, monthly_summary
from .metrics.kept import check_month_available, pruned_before, stored_months, stored_summary
from .months import Month, parse_month
from .store import Store
from .store.sql import quote_literal
from .store.undo import prune_undo_log

__all__ = [
    "PruneReport",
    "prune",
    "pruned_before",
    "stored_summary",
    "stored_months",
    "retention_cutoff",
    "check_month_available",
]

log = logging.getLogger("libcommunity")


@dataclass
class PruneReport:
    """What a prune removed and kept.

    Attributes
    ----------
    account : str
    before : str
        The first kept month (``YYYY-MM``, account timezone).
    removed : dict
        ``{table: rows removed}``.
    summarised : list of str
        Months whose metrics document was stored now.
    dry_run : bool
    """

    account: str
    before: str
    removed: dict = field(default_factory=dict)
    summarised: list = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would remove" if self.dry_run else "removed"
        out = [f"{self.account}: event-level rows before {self.before} ({'dry run' if self.dry_run else 'pruned'})"]
        out += [f"  {table}: {verb} {n} row(s)" for table, n in self.removed.items()]
        if self.summarised:
            kept = "would keep" if self.dry_run else "kept"
            out.append(f"  monthly aggregates {kept} for {self.summarised[0]}..{self.summarised[-1]} ({len(self.summarised)} months)")
        if not any(self.removed.values()):
            out.append("  nothing to prune: the store is unchanged")
        return out


def retention_cutoff(months: int, today=None, timezone: str = "UTC") -> Month:
    """The first month kept when keeping ``months`` whole months before the current one.

    With ``months=12`` on 2026-03-15 the kept months are 2025-03 .. 2026-03
    (twelve whole months and the current one), so the cutoff is 2025-03.
    """
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ParameterError(f"retention-months must be a whole number of at least 1; got {months!r} instead")
    now = pd.Timestamp.now(tz="UTC") if today is None else pd.Timestamp(today)
    return Month.of(now, timezone).shift(-months)


def _interaction_months(store: Store, account: str, tz: str) -> tuple[Month | None, Month | None]:
    """The months of the account's first and last interaction (None, None without any)."""
    df = store.sql("SELECT min(created_at) AS a, max(created_at) AS b FROM interactions WHERE account = ?", [account])
    a, b = df["a"].iloc[0], df["b"].iloc[0]
    return (None, None) if pd.isna(a) else (Month.of(a, tz), Month.of(b, tz))


def prune(store: Store, account: str, *, before=None, retention_months: int | None = None, today=None, dry_run: bool = False) -> PruneReport:
    """Drop ``account``'s event-level rows before a month, keeping the months' metrics (module docstring).

    Parameters
    ----------
    store : Store
    account : str
    before : str or Month, optional
        The first month to keep (``YYYY-MM`` in the account's timezone).
    retention_months : int, optional
        Instead of ``before``: keep this many whole months before the
        current one (see :func:`retention_cutoff`).
    today : timestamp-like, optional
        "Now" for ``retention_months`` (default: the clock).
    dry_run : bool
        Report what would be removed; change nothing.

    Returns
    -------
    PruneReport

    Raises
    ------
    ParameterError
        If neither or both of ``before`` and ``retention_months`` are given,
        or either is malformed.
    UnknownAccountError
        If the account is not in the store.
    """
    if (before is None) == (retention_months is None):
        raise ParameterError("give exactly one of before (YYYY-MM) and retention_months (N); got "
                             f"{'both' if before is not None else 'neither'} instead")
    info = store.account(account)
    cutoff = parse_month(before) if before is not None else retention_cutoff(retention_months, today, info.timezone)
    previous = pruned_before(store, account)
    report = PruneReport(account, str(cutoff), dry_run=dry_run)
    if previous is not None and cutoff <= previous:
        report.before = str(previous)
        report.removed = {"interactions": 0, "identities": 0}
        return report
    start = cutoff.start(info.timezone)
    first, last = _interaction_months(store, account, info.timezone)
    already = set(stored_months(store, account))
    months = []
    if first is not None:
        m = first
        while m < cutoff and m <= last:  # bounded by the data: months after it have nothing to summarise
            if str(m) not in already:
                months.append(m)
            m = m.shift(1)
    if months:  # a month without data (a gap) has no document to keep: there is nothing to summarise
        with Scope(store, account) as scope:
            months = [m for m in months if scope.coverage.has_data(m)]
    report.summarised = [str(m) for m in months]
    if dry_run:
        n = store.sql(
            "SELECT count(*) AS n FROM interactions WHERE account = ? AND created_at < ?", [account, start]
        )["n"].iloc[0]
        report.removed = {"interactions": int(n)}
        return report
    with store.transaction() as txn:
        # The documents are computed under the write lock, from exactly the rows about to be removed.
        now = pd.Timestamp.now(tz="UTC").floor("s").to_pydatetime()
        with Scope(store, account) as scope:  # one connection for every month
            docs = [json.dumps(monthly_summary(scope, account, m), ensure_ascii=False, sort_keys=False) for m in months]
        if docs:
            txn.upsert(
                "summaries",
                account,
                pa.table(
                    {
                        "account": pa.array([account] * len(docs), pa.string()),
                        "month": pa.array([str(m) for m in months], pa.string()),
                        "document": pa.array(docs, pa.string()),
                        "computed_at": pa.array([now] * len(docs), pa.timestamp("us", tz="UTC")),
                    }
                ),
            )
        report.removed["interactions"] = txn.replace(
            "interactions", account, "SELECT * FROM current WHERE created_at >= ?::TIMESTAMPTZ", [start.isoformat()]
        )
        # People who now appear in no row of the account: their original handle goes too.
        kept = set()
        for table in ("interactions", "members"):
            for rel in txn._live(table, account):
                path = txn._path_of(rel)
                kept |= set(
                    r[0] for r in txn.con.execute(
                        f"SELECT DISTINCT member_id FROM read_parquet({quote_literal(path)})"
                    ).fetchall()
                )
        report.removed["identities"] = txn.replace(
            "identities", account, "SELECT * FROM current WHERE list_contains(?::VARCHAR[], member_id)", [sorted(kept)]
        )
        prune_undo_log(txn, account, start.isoformat(), kept)  # nor can a later uningest bring them back
        txn.set_pruned_before(account, str(cutoff))
    return report
