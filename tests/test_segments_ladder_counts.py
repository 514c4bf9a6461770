"""segments/ladder_counts.py: the ladder's counts of several windows in one query, against values worked out by hand
and against the full member features (``features_of``, a separate query) of each window."""

import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.metrics.scope import open_scope
from libcommunity.segments.features import features_of, window_of
from libcommunity.segments.ladder_counts import LADDER_COUNT_COLUMNS, ladder_counts

from .test_segments_features_onepass import busy_store  # noqa: F401 - the fixture
from .test_segments_fixtures import interactions, members, pseudonyms

# Madrid: February 2025 is 2025-01-31T23:00Z .. 2025-02-28T23:00Z; March-April ends at 2025-04-30T22:00Z.


@pytest.fixture
def small(build_store):
    mem = members(
        [
            ("ann", "2025-01-05T00:00Z"),
            ("dan", "2025-03-01T10:00Z"),  # follows from March
            ("gus", "2024-01-01T00:00Z", None, None, None, True),  # staff
        ]
    )
    ia = interactions(
        [
            ("ann", "reaction", "2025-02-10T10:00Z", "p1", None, "a1"),
            ("ann", "reaction", "2025-02-28T23:00Z", "p1"),  # 1 March 00:00 local: March
            ("ann", "comment", "2025-04-02T10:00Z", "p2", None, "a3"),
            ("bob", "follow", "2025-01-10T10:00Z"),
            ("bob", "comment", "2025-02-12T10:00Z", "p1", "a1"),  # answers ann in February
            ("bob", "unfollow", "2025-03-15T10:00Z"),  # no member in March-April
            ("cat", "comment", "2025-03-20T10:00Z", "p2", "d1"),  # answers an interaction from after the window
            ("cat", "share", "2025-04-10T10:00Z", "p2"),
            ("cat", "comment", "2025-04-11T10:00Z", "p2", "c9"),  # answers herself: no reply
            ("cat", "reaction", "2025-04-11T09:00Z", "p2", None, "c9"),
            ("dan", "reaction", "2025-05-05T10:00Z", "p2", None, "d1"),
            ("@library", "comment", "2025-04-03T10:00Z", "p2", "a3", None, True),  # the library: nobody's replier
            ("gus", "comment", "2025-02-13T10:00Z", "p1", "a1"),  # staff: the library's side
        ]
    )
    store = build_store({"members": mem, "interactions": ia}, timezone="Europe/Madrid")
    return store, pseudonyms(store)


def _expected(ids, rows):
    cols = ["handle", "follows", "reactions", "comments", "shares", "participation", "active_months", "replies_given",
            "repliers"]
    frame = pd.DataFrame(rows, columns=cols)
    out = pd.DataFrame({c: 0 for c in LADDER_COUNT_COLUMNS}, index=range(len(frame)))
    out["member"] = frame["handle"].map(ids).astype("string")
    out["platform"] = pd.Series(["x"] * len(frame), dtype="string")
    for c in cols[1:]:
        out[c] = frame[c]
    out["follows"] = out["follows"].astype(bool)
    for c in LADDER_COUNT_COLUMNS[3:]:
        out[c] = out[c].astype("int64")
    return out.sort_values(["platform", "member"], ignore_index=True)[list(LADDER_COUNT_COLUMNS)]


def test_counts_worked_out_by_hand(small):
    store, ids = small
    with open_scope(store, "lib") as scope:
        feb, mar_apr = window_of("2025-02", scope.timezone, 1), window_of("2025-04", scope.timezone, 2)
        got_feb, got_mar_apr = ladder_counts(scope, [feb, mar_apr])
    #            handle follows reactions comments shares participation active_months replies_given repliers
    assert_equal(got_feb, _expected(ids, [
        ("ann", True, 1, 0, 0, 1, 1, 0, 1),
        ("bob", True, 0, 1, 0, 1, 1, 1, 0),
    ]))
    assert_equal(got_mar_apr, _expected(ids, [
        ("ann", True, 1, 1, 0, 2, 2, 0, 0),
        ("cat", False, 1, 2, 1, 4, 2, 0, 0),
        ("dan", True, 0, 0, 0, 0, 0, 0, 0),
    ]))


def assert_equal(got, expected):
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))


@pytest.mark.parametrize("months", [
    [("2025-04", 2), ("2025-07", 2), ("2025-02", 2)],  # an event's windows: before, after, placebo before
    [("2025-03", 1), ("2025-04", 3), ("2025-11", 12)],  # overlapping, across the changes of time
    [("2025-10", 3)],
])
def test_each_window_is_the_features_of_that_window(busy_store, months):  # noqa: F811 - the fixture
    with open_scope(busy_store, "lib") as scope:
        windows = [window_of(m, scope.timezone, n) for m, n in months]
        got = ladder_counts(scope, windows)
        queries = scope.stats["queries"]
        expected = [features_of(scope, w)[list(LADDER_COUNT_COLUMNS)] for w in windows]
    assert scope.stats["queries"] > queries  # features_of computed them separately
    for g, e in zip(got, expected):
        assert len(g) > 10 and g["replies_given"].sum() > 0 and g["repliers"].sum() > 0 and (~g["follows"]).any()
        pd.testing.assert_frame_equal(g, e)


def test_no_window_no_query_and_windows_in_the_account_timezone(busy_store):  # noqa: F811 - the fixture
    with open_scope(busy_store, "lib") as scope:
        assert ladder_counts(scope, []) == []
        assert scope.stats["queries"] == 0
        with pytest.raises(ParameterError, match="timezone"):
            ladder_counts(scope, [window_of("2025-04", "UTC", 2)])
