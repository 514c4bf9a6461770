"""start_model_imports: the models' libraries imported in a thread for a large account only, joined before the fit."""

import sys
import threading

import pytest

from libcommunity.metrics.scope import Scope
from libcommunity.segments import members, preload, segment_members

from .test_segments_fixtures import two_month_tables


@pytest.fixture
def store(two_month_store):
    return two_month_store  # tests only read it


@pytest.fixture
def probe_module(tmp_path, monkeypatch):
    """The name of a module no one has imported yet, on ``sys.path``."""
    (tmp_path / "lc_preload_probe.py").write_text("IMPORTED_IN = __import__('threading').current_thread().name\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lc_preload_probe", raising=False)
    return "lc_preload_probe"


def test_a_large_account_imports_the_modules_in_a_thread(store, probe_module):
    with Scope(store, "lib") as scope:
        rows = preload._interactions(scope)
        assert rows == len(two_month_tables()["interactions"])  # every interaction of the account, by coverage
        thread = preload.start_model_imports(scope, (probe_module,), from_rows=rows)
    assert thread is not None
    thread.join()
    assert sys.modules[probe_module].IMPORTED_IN == "libcommunity-model-imports"


def test_a_small_account_or_modules_already_imported_start_nothing(store, probe_module):
    with Scope(store, "lib") as scope:
        rows = preload._interactions(scope)
        assert preload.start_model_imports(scope, (probe_module,), from_rows=rows + 1) is None
        assert preload.start_model_imports(scope, ("json", "numpy"), from_rows=0) is None
    assert probe_module not in sys.modules


def test_a_failing_import_is_left_to_the_main_thread(store, probe_module, monkeypatch):
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    with Scope(store, "lib") as scope:
        thread = preload.start_model_imports(scope, ("lc_no_such_module_anywhere", probe_module), from_rows=0)
    thread.join()
    assert failures == []  # nothing raised in the thread: the main thread's own import reports the error
    assert probe_module not in sys.modules  # the imports stop at the first failure


def test_the_imports_are_joined_before_the_fit(store, monkeypatch):
    events = []

    class Thread:
        def join(self):
            events.append("join")

    monkeypatch.setattr(members, "start_model_imports", lambda scope: events.append("start") or Thread())
    real_features, real_fit = members.features_of, members._fit_segments
    monkeypatch.setattr(members, "features_of", lambda *a: events.append("features") or real_features(*a))
    monkeypatch.setattr(members, "_fit_segments", lambda *a: events.append("fit") or real_fit(*a))
    assert len(segment_members(store, "lib", "2025-10", activity=False))
    assert events == ["start", "features", "join", "fit"]
    events.clear()

    def failing(*args):
        events.append("features")
        raise RuntimeError("features failed")

    monkeypatch.setattr(members, "features_of", failing)
    with pytest.raises(RuntimeError, match="features failed"):
        segment_members(store, "lib", "2025-10", activity=False)
    assert events == ["start", "features", "join"]  # no thread left running when the features fail
