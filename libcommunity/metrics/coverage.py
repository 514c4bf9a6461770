"""What the data of an account covers: per table and platform, the months that have rows, and what a month can support.

Definitions (``docs/metrics.md``, "Coverage"). For each platform of the
account, from the months the store records per file
(:mod:`libcommunity.store.coverage`), all local months in the account's timezone:

* **Events** of a platform are its ``posts`` and ``interactions`` rows. A month
  is *covered for posts* on a platform when it lies between the platform's first
  and last month of posts **and** the platform has events (posts or
  interactions) in that month; likewise *covered for interactions*. So a month
  with posts but no interaction, on a platform whose export has interactions,
  has 0 interactions (a true zero); a platform whose data has no interactions at
  all has no interaction figures (null); a month inside the span without any
  event on the platform is a gap (null: an export missing a month and a month
  with no activity cannot be told apart).
* **Audience**: a month with at least one audience row that has a figure.
* **Follower list** (``members`` with ``followed_at``): the months of the follows
  it records. A list *reaches back* when its first follow is in an earlier
  month than the platform's first month of events or audience: it is then taken
  as the list of the platform's followers. A list that starts inside the
  platform's data records the follows seen since some day (an API capture of
  follow notifications), not who followed before: it gives new and lost
  followers, not the number of followers (see :func:`follower_kind`).
* The account's **data** are the months covered by events or audience on any of
  the scope's platforms, plus pruned months whose figures ``prune`` kept. A month
  outside it is an error (:func:`check_month`): ``no data for <account> in
  <month>: data covers <first>..<last>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..errors import NoDataError
from ..months import Month, parse_month
from ..store.coverage import COVERAGE_TABLES, account_months, rows_months
from ..store.sql import quote_literal

__all__ = ["Coverage", "coverage_of", "check_month", "no_data_message", "EVENT_TABLES", "DATA_TABLES", "month_range",
           "ranges"]

#: Tables whose rows are events of a platform.
EVENT_TABLES = ("posts", "interactions")
#: Tables whose months make up the account's data (the span a month must lie in).
DATA_TABLES = ("posts", "interactions", "audience")


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last``, both included."""
    out, m = [], first
    while m <= last:
        out.append(m)
        m = m.shift(1)
    return out


@dataclass(frozen=True)
class Coverage:
    """The months an account's data covers, per table and platform.

    Attributes
    ----------
    account : str
    platform : str or None
        The platform a scope is restricted to (None: every platform of the account).
    platforms : tuple of str
        The platforms considered: the account's, or the one of a platform scope.
    months : dict
        ``{table: {platform: {Month: rows}}}`` for ``posts``, ``interactions``,
        ``audience`` and ``members`` (months of ``followed_at``).
    kept : frozenset of Month
        Pruned months whose metrics document ``prune`` kept (whole-account scopes only).
    """

    account: str
    platform: str | None
    platforms: tuple
    months: dict
    kept: frozenset = field(default_factory=frozenset)

    # ---------------------------------------------------------------- per platform
    def table_months(self, table: str, platform: str) -> list[Month]:
        """The months with rows of ``table`` on ``platform``, oldest first."""
        return sorted(self.months.get(table, {}).get(platform, {}))

    def span(self, table: str, platform: str) -> tuple[Month, Month] | None:
        """First and last month with rows of ``table`` on ``platform`` (None without rows)."""
        months = self.table_months(table, platform)
        return (months[0], months[-1]) if months else None

    def event_months(self, platform: str) -> set:
        """Months with posts or interactions on ``platform``."""
        return {m for t in EVENT_TABLES for m in self.months.get(t, {}).get(platform, {})}

    def covers(self, table: str, platform: str, month) -> bool:
        """Whether ``month`` is covered for ``table`` on ``platform`` (see the module docstring)."""
        m = parse_month(month)
        if table in EVENT_TABLES:
            span = self.span(table, platform)
            return span is not None and span[0] <= m <= span[1] and m in self.event_months(platform)
        return m in self.months.get(table, {}).get(platform, {})

    def covering(self, table: str, month) -> list[str]:
        """The platforms whose ``table`` covers ``month``, sorted."""
        return [p for p in self.platforms if self.covers(table, p, month)]

    def first_data_month(self, platform: str) -> Month | None:
        """The platform's first month of events or audience."""
        months = [m for t in DATA_TABLES for m in self.months.get(t, {}).get(platform, {})]
        return min(months) if months else None

    def list_reaches_back(self, platform: str) -> bool:
        """Whether the platform's follower list starts before its events and audience (a list of its followers)."""
        follows = self.table_months("members", platform)
        if not follows:
            return False
        first_data = self.first_data_month(platform)
        return first_data is None or follows[0] < first_data

    # ---------------------------------------------------------------- the account
    def data_months(self) -> list[Month]:
        """The months covered by events or audience on any platform, or kept by ``prune``, oldest first."""
        return list(self._data_months)

    @cached_property
    def _data_months(self) -> tuple:
        # computed once: a report asks whether a month has data some forty times
        months = set(self.kept)
        for p in self.platforms:
            for table in EVENT_TABLES:
                months.update(m for m in self.table_months(table, p) if self.covers(table, p, m))
            months.update(self.table_months("audience", p))
        return tuple(sorted(months))

    def data_span(self) -> tuple[Month, Month] | None:
        """First and last month of :meth:`data_months` (None: no data)."""
        months = self.data_months()
        return (months[0], months[-1]) if months else None

    def gaps(self, months=None) -> list[Month]:
        """Months between the first and last month of ``months`` (default: :meth:`data_months`) that are not in it."""
        months = sorted(self.data_months() if months is None else months)
        if not months:
            return []
        have = set(months)
        return [m for m in month_range(months[0], months[-1]) if m not in have]

    def has_data(self, month) -> bool:
        """Whether ``month`` is one of :meth:`data_months`."""
        return parse_month(month) in self._data_month_set

    @cached_property
    def _data_month_set(self) -> frozenset:
        return frozenset(self._data_months)

    def block(self, month) -> dict:
        """The ``coverage`` block of a month's metrics: which platforms cover each table (lists, sorted).

        ``followers`` (platforms whose followers at the month's end are known) and
        ``community_ratio`` (the platforms the ratio is over) are filled in by the
        follower figures; here they are empty.
        """
        m = parse_month(month)
        return {
            "platforms": list(self.platforms),
            "posts": self.covering("posts", m),
            "interactions": self.covering("interactions", m),
            "audience": self.covering("audience", m),
            "followers": [],
            "community_ratio": [],
            "kept": m in self.kept,
        }

    def summary(self) -> dict:
        """Per table and platform: first and last month, months with rows and the gaps between (JSON-ready).

        ``{"data": {"first", "last", "gaps"}, "tables": {table: {platform: {"first", "last", "months", "rows",
        "gaps"}}}, "kept": [...]}``; the ``members`` entries count follows and have no gaps (a month in which nobody
        followed is no missing data) but say whether the list reaches back (``list``) or only records follows.
        """
        span = self.data_span()
        tables: dict = {}
        for table in COVERAGE_TABLES:
            per: dict = {}
            for p in self.platforms:
                months = self.months.get(table, {}).get(p, {})
                if not months:
                    continue
                ordered = sorted(months)
                entry = {
                    "first": str(ordered[0]),
                    "last": str(ordered[-1]),
                    "months": len(ordered),
                    "rows": int(sum(months.values())),
                }
                if table == "members":
                    entry["list"] = self.list_reaches_back(p)
                else:
                    entry["gaps"] = [str(g) for g in self.gaps(ordered)] if table == "audience" else [
                        str(g) for g in month_range(ordered[0], ordered[-1]) if not self.covers(table, p, g)
                    ]
                per[p] = entry
            tables[table] = per
        return {
            "data": None if span is None else {
                "first": str(span[0]), "last": str(span[1]), "gaps": [str(g) for g in self.gaps()],
            },
            "tables": tables,
            "kept": [str(m) for m in sorted(self.kept)],
        }


def _months_of(nested: dict) -> dict:
    return {p: {parse_month(m): int(n) for m, n in ms.items()} for p, ms in nested.items()}


def coverage_of(scope) -> Coverage:
    """The :class:`Coverage` of a scope's account (and platform), computed once per scope.

    Read from the manifest's records; a table of an older store without them is
    computed from its rows (one query per table).
    """

    def build():
        info = scope.info
        recorded = account_months(scope.manifest, scope.account)
        months = {}
        for table in COVERAGE_TABLES:
            nested = recorded.get(table)
            if nested is None:
                where = f"account = {quote_literal(scope.account)}"
                scope.stats["queries"] += 1
                nested = rows_months(scope.con, table, table, info.timezone, where)
            months[table] = _months_of(nested)
        platforms = tuple(sorted(info.platforms)) if scope.platform is None else (scope.platform,)
        months = {t: {p: v for p, v in per.items() if p in platforms} for t, per in months.items()}
        kept = frozenset()
        if scope.platform is None and scope.pruned_before is not None:
            rows = scope.rows("SELECT DISTINCT month FROM summaries WHERE account = $account", {"account": scope.account})
            kept = frozenset(parse_month(r[0]) for r in rows)
        return Coverage(scope.account, scope.platform, platforms, months, kept)

    return scope.memo(("coverage",), build)


def no_data_message(cov: Coverage, month) -> str:
    """``no data for <account> in <month>: data covers <first>..<last>`` (with the gaps, or that there is none)."""
    m = parse_month(month)
    who = cov.account if cov.platform is None else f"{cov.account} ({cov.platform})"
    span = cov.data_span()
    if span is None:
        return f"no data for {who} in {m}: the store holds no posts, interactions or audience figures for it"
    text = f"no data for {who} in {m}: data covers {span[0]}..{span[1]}"
    gaps = cov.gaps()
    if gaps:
        text += " except " + ranges(gaps)
    return text


def ranges(months) -> str:
    """``2025-02, 2025-05..2025-07``: consecutive months joined (``months`` sorted; Month or ``YYYY-MM``)."""
    months = [parse_month(m) for m in months]
    parts, run = [], []
    for m in months:
        if run and m != run[-1].shift(1):
            parts.append(run)
            run = []
        run.append(m)
    if run:
        parts.append(run)
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}..{r[-1]}" for r in parts)


def check_month(scope, month) -> Coverage:
    """Return the scope's coverage after checking that ``month`` has data.

    Raises
    ------
    NoDataError
        ``no data for <account> in <month>: data covers <first>..<last>`` when the
        month is outside the account's data or in a gap of it (no events, audience
        figures or kept document).
    """
    cov = coverage_of(scope)
    if not cov.has_data(month):
        raise NoDataError(no_data_message(cov, month))
    return cov
