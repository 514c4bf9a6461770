"""Distinct local days as bit sets (libcommunity.segments.daywords): the members' history table built by day
words is the table of the grouping by member and day, column for column, on stores whose history is one word
long, several words long, longer than the words hold, or older than the store's coverage says."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from libcommunity.metrics.scope import open_scope
from libcommunity.segments import daywords, features
from libcommunity.segments.daywords import DAYS_PER_WORD, MAX_WORDS, day_span
from libcommunity.segments.features import KIND_COLUMNS, window_of

from .test_segments_fixtures import interactions, members

KINDS = (*KIND_COLUMNS, "follow", "unfollow")
#: The end of every store's history.
END = pd.Timestamp("2026-02-01T00:00Z")


def _store(root, timezone: str, days: int, seed: int):
    """An account in ``timezone`` whose interactions spread over the ``days`` days before :data:`END`, many of them
    on the edges of local days, with the library's replies, follows and unfollows."""
    from libcommunity.ingest import ingest_paths
    from libcommunity.store import Store

    from .conftest import write_canonical_csv

    rng = np.random.default_rng(seed)
    handles = [f"m{i:03d}" for i in range(90)]
    end = END
    rows = []
    for i in range(1800):
        who = handles[int(rng.zipf(1.5)) % len(handles)]
        kind = KINDS[int(rng.choice(len(KINDS), p=[0.4, 0.15, 0.08, 0.05, 0.04, 0.03, 0.03, 0.02, 0.12, 0.08]))]
        when = end - pd.Timedelta(seconds=int(rng.integers(1, days * 86400)))
        if i % 5 == 0:  # within two hours of a UTC midnight: the local day differs from the UTC day somewhere
            when = when.normalize() + pd.Timedelta(minutes=int(rng.integers(-120, 120)))
        rows.append((who, kind, when.isoformat(), "p1", None, f"i{i}"))
    rows.append(("@library", "comment", (end - pd.Timedelta(days=3)).isoformat(), "p1", "i1", "l1", True))
    mem = [(h, (end - pd.Timedelta(days=int(rng.integers(1, days)))).isoformat() if rng.random() < 0.6 else None)
           for h in handles[::3] + ["only_in_members"]]
    paths = [write_canonical_csv(df, root / "src" / f"{name}.csv")
             for name, df in {"members": members(mem), "interactions": interactions(rows)}.items()]
    store = Store(root / "store")
    ingest_paths(paths, account="lib", store=store, timezone=timezone)
    return store


#: Madrid: summer time at 01:00 UTC; Santiago: clocks go back from midnight to 23:00 (a local day repeats an
#: hour of the day before); Apia is 13 hours ahead. 100 days are one word or two, 400 days four, 1,900 days
#: sixteen.
STORES = {"madrid": ("Europe/Madrid", 400), "santiago": ("America/Santiago", 1900), "apia": ("Pacific/Apia", 100)}


@pytest.fixture(scope="module", params=sorted(STORES))
def store(request, tmp_path_factory):
    timezone, days = STORES[request.param]
    out = _store(tmp_path_factory.mktemp(f"daywords-{request.param}"), timezone, days, seed=len(request.param))
    out.history_days = days
    return out


def _table(scope, name: str) -> tuple[list, pd.DataFrame]:
    types = [tuple(r[:2]) for r in scope.rows(f"DESCRIBE {name}")]
    return types, scope.df(f"SELECT * FROM {name} ORDER BY platform, member_id")


def _both(scope, window, **words) -> tuple[tuple, tuple, list[str]]:
    """The history table by day words (``words``: arguments of build_history_table) and by member and day, and
    the queries the first made."""
    queries = []
    execute = scope.execute

    def spy(query, params=None):
        queries.append(query)
        return execute(query, params)

    scope.execute = spy
    try:
        features.build_history_table(scope, window, "t_words", **words)
    finally:
        scope.execute = execute
    features.build_history_table(scope, window, "t_days", day_words=False)
    got, expected = _table(scope, "t_words"), _table(scope, "t_days")
    scope.execute("DROP TABLE t_words")
    scope.execute("DROP TABLE t_days")
    return got, expected, queries


def _by_words(queries) -> bool:
    return any("CREATE TEMP TABLE" in q and "AS w0" in q for q in queries)


def _by_days(queries) -> bool:
    return any("CREATE TEMP TABLE" in q and "first_at" in q for q in queries)


@pytest.mark.parametrize("month, months", [("2026-01", 1), ("2026-01", 3), ("2025-11", 12), ("2025-03", 2)])
def test_the_table_by_day_words_is_the_table_by_member_days(store, month, months):
    with open_scope(store, "lib") as scope:
        window = window_of(month, scope.timezone, months)
        (types, got), (expected_types, expected), queries = _both(scope, window)
    assert _by_words(queries) and not _by_days(queries)
    assert types == expected_types
    history_start = END - pd.Timedelta(days=store.history_days)
    if history_start < window.end:  # the history reaches into the window
        assert len(got) > 20 and got["active_days"].gt(0).any() and got["active_weeks"].notna().any()
    if history_start < window.start - pd.Timedelta(days=31):
        assert got["active_weeks"].isna().any()  # members without a day in the window: no weeks nor months
    pd.testing.assert_frame_equal(got, expected)


def test_a_day_before_the_span_is_found_and_the_table_built_by_member_days(store):
    with open_scope(store, "lib") as scope:
        window = window_of("2026-01", scope.timezone, 1)
        late = window.start + pd.Timedelta(days=200)  # the store's coverage claiming less history than it has
        (types, got), (expected_types, expected), queries = _both(scope, window, history_from=late)
    assert _by_words(queries) and _by_days(queries)
    assert types == expected_types
    pd.testing.assert_frame_equal(got, expected)


def test_a_history_longer_than_the_words_hold_is_grouped_by_member_and_day(store, monkeypatch):
    monkeypatch.setattr(daywords, "MAX_WORDS", 1)
    with open_scope(store, "lib") as scope:
        window = window_of("2026-01", scope.timezone, 3)
        (types, got), (expected_types, expected), queries = _both(scope, window)
    assert _by_days(queries) and not _by_words(queries)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("history_from", ["2025-10-01", "2024-09-30", "2019-01-01"])
@pytest.mark.parametrize("window_first, end_day", [("2025-10-01", "2025-11-01"), ("2025-08-01", "2026-08-01")])
def test_the_span_holds_whole_weeks_from_the_history_to_the_end(history_from, window_first, end_day):
    history_from, window_first, end_day = (dt.date.fromisoformat(d) for d in (history_from, window_first, end_day))
    span = day_span(history_from, window_first, end_day)
    if (end_day - history_from).days + 1 > MAX_WORDS * DAYS_PER_WORD:
        assert span is None
        return
    assert span.first.weekday() == 0 and (window_first - span.first).days % 7 == window_first.weekday()
    assert span.first <= history_from and span.last >= end_day
    assert span.words == -(-((end_day - span.first).days + 1) // DAYS_PER_WORD)
    assert (history_from - span.first).days < DAYS_PER_WORD + 7  # no word of days before the history
    assert (span.window_first, span.window_last) == (window_first, end_day)


def test_the_masks_are_the_days_of_each_word():
    span = day_span(dt.date(2025, 1, 1), dt.date(2025, 8, 1), dt.date(2025, 11, 1))
    days = [span.first + dt.timedelta(days=i) for i in range(span.words * DAYS_PER_WORD)]
    for first, last in [(dt.date(2025, 8, 1), dt.date(2025, 11, 1)), (dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
                        (span.first, span.last), (span.last, span.last)]:
        bits = [(span.mask(first, last, k) >> (i % DAYS_PER_WORD)) & 1 for k in range(span.words)
                for i in range(k * DAYS_PER_WORD, (k + 1) * DAYS_PER_WORD)]
        assert bits == [int(first <= d <= last) for d in days]
