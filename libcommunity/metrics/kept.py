"""Figures kept for pruned months: the read side of retention.

``libcommunity prune`` (:mod:`libcommunity.retention`) removes an account's
event-level rows before a month and keeps, in the store's ``summaries``
table, the ``metrics --json`` document of every month it pruned. This module
reads them back for the metrics:

* a pruned month answers from its kept document (:func:`kept_document`),
  byte for byte what it answered before pruning;
* a kept month's comparisons with a pruned month (growth, trend) use the
  pruned month's kept figures, because :func:`~libcommunity.metrics.summary.core_figures`
  of a pruned month is its kept document's;
* ``segment`` and ``report`` refuse a pruned month and warn when a window
  reaches into one (:func:`check_month_available`).

The documents cover the whole account: in a scope restricted to one platform
a pruned month has no figures (every figure null), since its rows are gone
and its kept figures cannot be split by platform.
"""

from __future__ import annotations

import json

from ..errors import ParameterError
from ..months import Month, parse_month
from .scope import open_scope

__all__ = [
    "pruned_before",
    "stored_months",
    "stored_summary",
    "kept_documents",
    "kept_document",
    "is_pruned",
    "check_month_available",
]


def pruned_before(store, account: str) -> Month | None:
    """The first month whose event-level rows are all kept, or None if the account was never pruned."""
    with open_scope(store, account) as scope:
        scope.info  # noqa: B018 - an unknown account is an error
        return scope.pruned_before


def kept_documents(scope) -> dict:
    """``{month: metrics document}`` of every month a prune kept for the scope's account (``{}`` if never pruned)."""

    def read():
        if scope.pruned_before is None:
            return {}
        df = scope.df("SELECT month, document FROM summaries WHERE account = $account ORDER BY month",
                      {"account": scope.account})
        return {m: json.loads(d) for m, d in zip(df["month"], df["document"])}

    return scope.memo(("kept_documents",), read)


def is_pruned(scope, month) -> bool:
    """Whether ``month``'s event-level rows were removed by a prune."""
    cutoff = scope.pruned_before
    return cutoff is not None and parse_month(month) < cutoff


def kept_document(scope, month) -> dict | None:
    """The metrics document kept for a pruned ``month``, or None.

    None (the month is computed from the rows as usual) when the account was
    never pruned, the month is not before the prune month, or no document was
    kept for it (no interaction was removed from it). A scope restricted to a
    platform has no kept documents.
    """
    if scope.platform is not None or not is_pruned(scope, month):
        return None
    return kept_documents(scope).get(str(parse_month(month)))


def stored_months(store, account: str) -> list[str]:
    """Months (``YYYY-MM``) whose metrics document was kept by a prune."""
    with open_scope(store, account) as scope:
        scope.info  # noqa: B018
        return sorted(kept_documents(scope))


def stored_summary(store, account: str, month) -> dict | None:
    """The metrics document kept for a pruned month, or None (see :func:`kept_document`)."""
    with open_scope(store, account) as scope:
        m = parse_month(month)
        scope.info  # noqa: B018
        return kept_document(scope, m)


def check_month_available(store, account: str, month, *, window_months: int = 1, command: str = "this command") -> str | None:
    """Refuse a pruned month; return a warning when the window reaches into pruned months.

    Raises
    ------
    ParameterError
        If ``month`` is before the account's prune month.
    """
    m = parse_month(month)
    cutoff = pruned_before(store, account)
    if cutoff is None:
        return None
    if m < cutoff:
        raise ParameterError(
            f"month must be {cutoff} or later for {command} of account {account!r}: its event-level data "
            f"before {cutoff} was pruned (libcommunity prune); got {str(m)!r} instead "
            f"('libcommunity metrics' still answers for pruned months)"
        )
    first = m.shift(1 - window_months)
    if first < cutoff:
        return (
            f"{account}: the {window_months}-month window {first}..{m} reaches before {cutoff}, whose event-level "
            f"data was pruned; only {cutoff}..{m} is used"
        )
    return None
