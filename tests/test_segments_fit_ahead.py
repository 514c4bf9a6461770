"""fitting_ahead: the segmenter of a report's months fitted in a worker thread while the figures are computed, with
the segments a fit in the calling thread gives."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from libcommunity.metrics.scope import Scope
from libcommunity.months import parse_month
from libcommunity.segments import members, segment_members
from libcommunity.segments.members import FIT_AHEAD_KEY, fitting_ahead
from .test_segments_fixtures import trap_tables

ACCOUNT = "lib"
WORKER = "libcommunity-segment-fits_0"
CURRENT = parse_month("2025-10")
MONTHS = [CURRENT.previous, CURRENT]


@pytest.fixture(scope="module")
def store(build_module_store):
    """Heavy likers, quiet amplifiers, commenters and silent followers, August-October 2025: enough participants in
    the windows of September and of October for the segmenter to fit a model (tests only read it)."""
    return build_module_store(trap_tables(), timezone="UTC")


@pytest.fixture(autouse=True)
def a_free_core(monkeypatch):
    """A core free for the worker, however busy the machine running the tests is (the tests of the check set it)."""
    monkeypatch.setattr(members, "a_core_is_free", lambda: True)


@pytest.fixture
def fit_threads(monkeypatch):
    """The thread of every fit of the segmenter (its name), in order."""
    names = []
    real_fit = members._fit_segments

    def fit(*args):
        names.append(threading.current_thread().name)
        return real_fit(*args)

    monkeypatch.setattr(members, "_fit_segments", fit)
    return names


def _segments(scope):
    return [segment_members(scope, ACCOUNT, CURRENT), segment_members(scope, ACCOUNT, CURRENT.previous, activity=False)]


def test_the_fits_run_in_the_worker_and_give_the_segments_of_a_fit_in_the_caller(store, fit_threads):
    with Scope(store, ACCOUNT) as scope:
        expected = _segments(scope)
    assert fit_threads == [threading.current_thread().name] * 2
    fit_threads.clear()
    with Scope(store, ACCOUNT) as scope:
        with fitting_ahead(scope, MONTHS):
            assert all(scope.cached((FIT_AHEAD_KEY, m, 3, 0)) for m in MONTHS)
            got = _segments(scope)
    assert fit_threads == [WORKER] * 2  # both months' participants are enough to cluster: the worker fitted both
    for a, b in zip(got, expected):
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
    assert WORKER not in [t.name for t in threading.enumerate()]  # joined when the block ends


def test_the_worker_waits_for_the_imports_before_its_first_fit(store, monkeypatch):
    events = []

    class Imports:  # stands for the thread of start_model_imports
        def join(self):
            events.append(("join", threading.current_thread().name))

    real_fit = members._fit_segments
    monkeypatch.setattr(members, "_fit_segments", lambda *a: events.append(("fit", threading.current_thread().name)) or real_fit(*a))
    with Scope(store, ACCOUNT) as scope, fitting_ahead(scope, MONTHS, after=Imports()):
        pass
    assert [e[0] for e in events] == ["join", "fit", "fit"] and {e[1] for e in events} == {WORKER}


def test_a_fit_that_fails_raises_where_the_segments_are_asked_for(store, monkeypatch):
    def failing(*args):
        raise RuntimeError("the fit failed")

    monkeypatch.setattr(members, "_fit_segments", failing)
    with Scope(store, ACCOUNT) as scope, fitting_ahead(scope, MONTHS):
        with pytest.raises(RuntimeError, match="the fit failed"):
            segment_members(scope, ACCOUNT, CURRENT)


def test_too_few_participants_to_cluster_start_no_worker(store, fit_threads, monkeypatch):
    monkeypatch.setattr(members, "too_few_to_cluster", lambda activity: True)
    with Scope(store, ACCOUNT) as scope:
        with fitting_ahead(scope, MONTHS):
            assert not any(scope.cached((FIT_AHEAD_KEY, m, 3, 0)) for m in MONTHS)
            assert WORKER not in [t.name for t in threading.enumerate()]
            segment_members(scope, ACCOUNT, CURRENT)
    assert fit_threads == [threading.current_thread().name]  # fitted (named alone) where it is asked for


def test_a_month_segmented_already_in_the_scope_is_not_fitted_again(store, fit_threads):
    with Scope(store, ACCOUNT) as scope:
        first = segment_members(scope, ACCOUNT, CURRENT)
        with fitting_ahead(scope, MONTHS):
            assert not scope.cached((FIT_AHEAD_KEY, CURRENT, 3, 0)) and scope.cached((FIT_AHEAD_KEY, CURRENT.previous, 3, 0))
            again = segment_members(scope, ACCOUNT, CURRENT)
    assert fit_threads == [threading.current_thread().name, WORKER]  # the month before alone, in the worker
    pd.testing.assert_frame_equal(first, again)


def test_the_warning_filters_are_as_before_when_the_block_ends(store, monkeypatch):
    # catch_warnings blocks of two threads that overlap can leave one's filters in place (not thread-safe before
    # Python 3.14): here the worker's fit leaves one behind, as such a race would.
    import warnings

    real_fit = members._fit_segments

    def leaving_a_filter(*args):
        warnings.simplefilter("error", ComplexWarningStandIn)
        return real_fit(*args)

    monkeypatch.setattr(members, "_fit_segments", leaving_a_filter)
    before = list(warnings.filters)
    with Scope(store, ACCOUNT) as scope, fitting_ahead(scope, MONTHS):
        segment_members(scope, ACCOUNT, CURRENT)
    assert warnings.filters == before


class ComplexWarningStandIn(UserWarning):
    """A warning category of this test alone."""


def test_on_a_busy_machine_the_fits_are_left_to_the_caller(store, fit_threads, monkeypatch):
    monkeypatch.setattr(members, "a_core_is_free", lambda: False)
    with Scope(store, ACCOUNT) as scope:
        with fitting_ahead(scope, MONTHS):
            assert not any(scope.cached((FIT_AHEAD_KEY, m, 3, 0)) for m in MONTHS)
            _segments(scope)
    assert fit_threads == [threading.current_thread().name] * 2


@pytest.mark.parametrize(("running", "free"), [(1, True), ("cores", False), ("more", False)])
def test_a_core_is_free_when_the_threads_ready_to_run_leave_one_idle(tmp_path, monkeypatch, running, free):
    import os

    monkeypatch.undo()  # the real check, not the autouse fixture's
    cores = len(os.sched_getaffinity(0))
    if cores < 2:
        pytest.skip("one core: never free for a worker")
    n = {"cores": cores, "more": cores + 3}.get(running, running)
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(f"3.10 2.90 2.50 {n}/321 4567\n", encoding="ascii")
    monkeypatch.setattr(members, "_RUNNABLE", str(loadavg))
    assert members.a_core_is_free() is free
    monkeypatch.setattr(members, "_RUNNABLE", str(tmp_path / "missing"))
    assert members.a_core_is_free() is True  # no such file (not Linux): the process may use two cores
