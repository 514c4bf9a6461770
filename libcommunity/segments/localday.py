"""The local calendar day of an instant in DuckDB SQL, without a time-zone lookup per row.

``CAST(timezone(tz, t) AS DATE)`` asks ICU for every value: over the ten million
interactions of a large account that costs more than decoding the column. Between
two instants at which the zone's UTC offset changes, the local day is a sum and a
division: ``(epoch_us(t) + offset) // 86_400_000_000`` days after 1970-01-01.
:func:`local_day_sql` writes the local day of a column that way over a span of
instants, with the offsets in force found by asking DuckDB itself
(:func:`utc_offsets`: the same ICU data as ``timezone()``, so the same days), and
keeps ``timezone()`` for any instant outside the span.
"""

from __future__ import annotations

import numpy as np

__all__ = ["utc_offsets", "local_day_sql"]

_HOUR_US = 3_600_000_000
_SECOND_US = 1_000_000
_DAY_US = 86_400_000_000

#: The offset of a zone at the instant ``u`` (microseconds since the epoch, an integer column of the query).
_OFFSET_SQL = "epoch_us(timezone($tz, make_timestamp(u)::TIMESTAMPTZ)) - u"


def utc_offsets(con, timezone: str, start_us: int, end_us: int) -> list[tuple[int, int]]:
    """The UTC offsets of ``timezone`` over ``[start_us, end_us)``, as DuckDB's ``timezone()`` applies them.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection whose ``TimeZone`` setting is UTC.
    timezone : str
        IANA time zone.
    start_us, end_us : int
        The span, in microseconds since the epoch.

    Returns
    -------
    list of (int, int)
        ``(from_us, offset_us)`` in ascending order, the first from ``start_us``:
        each offset is in force from its instant until the next one's. The zone
        is sampled every hour and each change located to the second (zones
        change their offset at whole seconds, and never twice within an hour).
    """
    hourly = con.execute(
        f"SELECT u, {_OFFSET_SQL} AS o FROM generate_series($start, $end, {_HOUR_US}) g(u) ORDER BY u",
        {"tz": timezone, "start": int(start_us), "end": int(end_us)},
    ).fetchnumpy()
    at, offset = np.asarray(hourly["u"], dtype=np.int64), np.asarray(hourly["o"], dtype=np.int64)
    out = [(int(start_us), int(offset[0]))]
    changes = np.flatnonzero(offset[1:] != offset[:-1]) + 1
    if not len(changes):
        return out
    # Each change: the first second after the last sample with the old offset at which the offset differs.
    spans = ", ".join(f"({int(at[i - 1]) + _SECOND_US}, {int(at[i])}, {int(offset[i - 1])})" for i in changes)
    found = con.execute(
        f"SELECT min(u), arg_min(o, u) FROM (SELECT lo, old, u, {_OFFSET_SQL} AS o FROM ("
        f"SELECT lo, old, unnest(generate_series(lo, hi, {_SECOND_US})) AS u FROM (VALUES {spans}) v(lo, hi, old))) "
        "WHERE o <> old GROUP BY lo ORDER BY lo",
        {"tz": timezone},
    ).fetchall()
    return out + [(int(u), int(o)) for u, o in found]


def local_day_sql(con, column: str, timezone: str, start_us: int, end_us: int) -> str:
    """SQL of the local calendar day (``DATE``) of the ``TIMESTAMPTZ`` ``column`` in ``timezone``.

    The same value as ``CAST(timezone($tz, column) AS DATE)`` for every
    instant; for those in ``[start_us, end_us)`` (the span most rows are in)
    without a time-zone lookup, from the offsets of :func:`utc_offsets`. The
    expression uses the query parameter ``$tz``, which must be ``timezone``.
    """
    exact = f"CAST(timezone($tz, {column}) AS DATE)"
    start_us = max(int(start_us), _DAY_US)  # the day number below is never negative
    if start_us >= end_us:
        return exact
    offsets = utc_offsets(con, timezone, start_us, end_us)
    us = f"epoch_us({column})"
    if len(offsets) == 1:
        offset = str(offsets[0][1])
    else:  # the latest first: most rows are recent
        whens = " ".join(f"WHEN {us} >= {at} THEN {off}" for at, off in reversed(offsets[1:]))
        offset = f"CASE {whens} ELSE {offsets[0][1]} END"
    fast = f"CAST(DATE '1970-01-01' + CAST(({us} + {offset}) // {_DAY_US} AS INTEGER) AS DATE)"
    return f"CASE WHEN {us} >= {start_us} AND {us} < {int(end_us)} THEN {fast} ELSE {exact} END"
