"""Distinct local days per member as bit sets: one grouping by member instead of one by member and day.

The members' history table (:func:`libcommunity.segments.features.history_table`) needs, for every member,
the distinct local days with a participation over the whole history (``days_ever``) and in the window
(``active_days``, and the window's weeks and months with one). Grouping the participations by member and day
first makes a table of about one row per interaction (the ten million interactions of a large account are some
seven and a half million member-days), then groups it again by member. Here the days are numbered from the
span's first day and split into *words* of :data:`DAYS_PER_WORD` days: each word is a ``HUGEINT`` whose bits are
its days, OR-ed together per member (``bit_or``: a day seen twice sets its bit once), in one grouping by member
with a few plain aggregates. From a member's words, with constant masks:

* ``days_ever``: the set bits of every word (exactly the distinct days);
* ``active_days``: the set bits of the window's days;
* ``active_weeks``: the weeks with a set bit among the window's days (words start on the Monday of the window's
  first week and hold whole weeks: each week's seven bits are OR-ed into its first);
* ``active_months``: the window's months with a set bit.

The span must hold every day of the history: :func:`day_span` lays it out from the first month the store's
coverage records, and :func:`outside_span_sql` finds a member with a day outside it (then the history table is
built again by the member-day grouping, :data:`MEMBER_DAYS_SQL`). Each word is one more aggregate over every
participation: a history longer than :data:`MAX_WORDS` words (about five and a half years) is not laid out, but
grouped by member and day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["DAYS_PER_WORD", "MAX_WORDS", "MEMBER_DAYS_SQL", "DaySpan", "day_span", "per_member_sql", "outside_span_sql"]

#: Days per word: whole weeks, within the 127 bits of a ``HUGEINT`` below its sign bit.
DAYS_PER_WORD = 126
#: The most words of a span; a longer history is grouped by member and day.
MAX_WORDS = 16


@dataclass(frozen=True)
class DaySpan:
    """The local days numbered into words, and the window's days among them.

    Attributes
    ----------
    first : datetime.date
        Day 0 of the span (bit 0 of word 0), a Monday: every word holds whole weeks.
    words : int
        Words in the span.
    window_first, window_last : datetime.date
        The window's first and last local day (the window's end's day included: see :func:`day_span`).
    """

    first: dt.date
    words: int
    window_first: dt.date
    window_last: dt.date

    @property
    def last(self) -> dt.date:
        """The span's last day."""
        return self.first + dt.timedelta(days=self.words * DAYS_PER_WORD - 1)

    def mask(self, first: dt.date, last: dt.date, word: int) -> int:
        """The bits of ``word`` that are the days from ``first`` to ``last`` (both included)."""
        lo = max((first - self.first).days - word * DAYS_PER_WORD, 0)
        hi = min((last - self.first).days - word * DAYS_PER_WORD, DAYS_PER_WORD - 1)
        return ((1 << (hi + 1)) - (1 << lo)) if lo <= hi else 0


def day_span(history_from: dt.date, window_first: dt.date, end_day: dt.date) -> DaySpan | None:
    """The words covering the local days from ``history_from`` to ``end_day`` (both included), or None.

    Parameters
    ----------
    history_from : datetime.date
        The earliest local day the history may hold.
    window_first : datetime.date
        The window's first local day.
    end_day : datetime.date
        The local day of the window's end: the latest day a participation before the end falls on.

    Returns
    -------
    DaySpan or None
        Words from the Monday of ``history_from``'s week on; None when more than :data:`MAX_WORDS` words would
        be needed.
    """
    week0 = window_first - dt.timedelta(days=window_first.weekday())
    before = max(0, (week0 - history_from).days)
    first = week0 - dt.timedelta(days=-(-before // DAYS_PER_WORD) * DAYS_PER_WORD)
    words = -(-((end_day - first).days + 1) // DAYS_PER_WORD)
    return DaySpan(first, words, window_first, end_day) if words <= MAX_WORDS else None


def _hugeint(value: int) -> str:
    return f"CAST('{value}' AS HUGEINT)"


def _months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The first and last day of each calendar month from ``first``'s to ``last``'s, clipped to them."""
    out, start = [], first
    while start <= last:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append((start, min(last, following - dt.timedelta(days=1))))
        start = following
    return out


def per_member_sql(span: DaySpan, participations: str) -> str:
    """The ``per_day`` relation of the history table, from ``participations`` by day words.

    Parameters
    ----------
    span : DaySpan
    participations : str
        Name of a relation with ``platform``, ``member_id``, ``created_at`` and ``day`` (the local day) of
        every participation of the history.

    Returns
    -------
    str
        ``SELECT`` of one row per member: ``first_action``, ``last_action``, ``days_ever``, ``first_day``,
        ``last_day``, ``active_days``, ``active_weeks`` and ``active_months``, with the values and types of
        the grouping by member and day (the weeks and months null without a day in the window). A day outside
        the span sets no bit (:func:`outside_span_sql` finds its member).
    """
    words = range(span.words)
    in_window = [(k, span.mask(span.window_first, span.window_last, k)) for k in words]
    in_window = [(k, m) for k, m in in_window if m]
    every_week = sum(1 << (7 * i) for i in range(DAYS_PER_WORD // 7))  # the first day of each week of a word

    def week_bits(k: int, mask: int) -> str:  # each week's seven bits OR-ed into its first day's
        x = f"(w{k} & {_hugeint(mask)})"
        return f"(({' | '.join([x] + [f'({x} >> {i})' for i in range(1, 7)])}) & {_hugeint(every_week)})"

    def any_day(first: dt.date, last: dt.date) -> str:
        tests = [f"(w{k} & {_hugeint(span.mask(first, last, k))}) <> 0" for k in words if span.mask(first, last, k)]
        return f"CASE WHEN {' OR '.join(tests)} THEN 1 ELSE 0 END"

    count = lambda terms: " + ".join(f"bit_count({t})::BIGINT" for t in terms) or "0::BIGINT"  # noqa: E731
    aggregates = ",\n      ".join(f"bit_or(CASE WHEN word = {k} THEN bit ELSE 0::HUGEINT END) AS w{k}" for k in words)
    months = " + ".join(any_day(a, b) for a, b in _months(span.window_first, span.window_last))
    return f"""
  SELECT platform, member_id, first_action, last_action, days_ever, first_day, last_day, active_days,
    CASE WHEN active_days > 0 THEN CAST({count(week_bits(k, m) for k, m in in_window)} AS TINYINT) END AS active_weeks,
    CASE WHEN active_days > 0 THEN CAST({months} AS TINYINT) END AS active_months
  FROM (
    SELECT *,
      {count(f"w{k}" for k in words)} AS days_ever,
      {count(f"(w{k} & {_hugeint(m)})" for k, m in in_window)} AS active_days
    FROM (
      SELECT platform, member_id,
        min(created_at) AS first_action,
        max(created_at) AS last_action,
        min(day) AS first_day,
        max(day) AS last_day,
        {aggregates}
      FROM (
        SELECT platform, member_id, created_at, day,
          CASE WHEN in_span THEN n // {DAYS_PER_WORD} ELSE -1 END AS word,
          CASE WHEN in_span THEN 1::HUGEINT << CAST(n % {DAYS_PER_WORD} AS HUGEINT) ELSE 0::HUGEINT END AS bit
        FROM (
          SELECT *, n >= 0 AND n < {span.words * DAYS_PER_WORD} AS in_span
          FROM (SELECT *, date_diff('day', DATE '{span.first.isoformat()}', day) AS n FROM {participations})
        )
      )
      GROUP BY platform, member_id
    )
  )"""


def outside_span_sql(span: DaySpan, table: str) -> str:
    """A query counting the members of the history ``table`` with a day outside ``span``."""
    return (f"SELECT count(*) FROM {table} WHERE first_day < DATE '{span.first.isoformat()}' "
            f"OR last_day > DATE '{span.last.isoformat()}'")


#: ``per_day`` of the history table (:data:`libcommunity.segments.features._HISTORY_TABLE_SQL`) without day words:
#: through a grouping by member and local day, with the first and last participation of the day, then by member
#: (active weeks and months: bits of the window's weeks, at most 108, and months, at most 24, counted).
MEMBER_DAYS_SQL = """
  SELECT platform, member_id,
    min(first_at) AS first_action,
    max(last_at) AS last_action,
    count(*) AS days_ever,
    min(day) AS first_day,
    max(day) AS last_day,
    count(*) FILTER (WHERE day >= $day0) AS active_days,
    bit_count(bit_or(CASE WHEN wk < 64 THEN 1::UBIGINT << wk ELSE 0::UBIGINT END) FILTER (WHERE day >= $day0))
      + bit_count(bit_or(CASE WHEN wk >= 64 THEN 1::UBIGINT << (wk - 64) ELSE 0::UBIGINT END) FILTER (WHERE day >= $day0))
      AS active_weeks,
    bit_count(bit_or(1::UBIGINT << mo) FILTER (WHERE day >= $day0)) AS active_months
  FROM (
    SELECT *,  -- week and month of the window (0 before it: those days are left out of the bit sets)
      CASE WHEN day >= $day0 THEN date_diff('day', $week0::DATE, day) // 7 ELSE 0 END AS wk,
      CASE WHEN day >= $day0 THEN date_diff('month', $month0::DATE, day) ELSE 0 END AS mo
    FROM (
      SELECT platform, member_id, day, min(created_at) AS first_at, max(created_at) AS last_at
      FROM participations GROUP BY ALL
    )
  )
  GROUP BY platform, member_id"""
