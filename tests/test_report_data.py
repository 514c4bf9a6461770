"""report/data.py: everything a report shows is collected once, with what the data lacks recorded."""

from __future__ import annotations

import pytest

from libcommunity.errors import NoDataError, ParameterError, UnknownAccountError
from libcommunity.report.data import collect
from tests.report_fixtures import ACCOUNT, EMPTY_MONTH, MONTH, build_tiny  # the tiny stores: session fixtures of conftest.py

from .conftest import ROOT

META = ROOT / "tests" / "data" / "formats" / "meta_instagram_es.csv"


@pytest.fixture
def tiny(tiny_store):
    return tiny_store  # the session's tiny store (tests/report_fixtures.py): tests only read it


def test_collects_the_library_results_of_the_month(tiny):
    d = collect(tiny, ACCOUNT, MONTH)
    assert d.available == {"posts": True, "interactions": True, "members": True, "audience": False}
    assert d.has_interactions and d.has_people and not d.month_is_empty
    r = d.summary["response"]  # c1, c2 and g1 need a reply; c1 was answered after 2 h
    assert (r["items"], r["answered"], r["rate"]) == (3, 1, pytest.approx(1 / 3))
    assert r["median_hours"] == pytest.approx(2.0) and r["p90_hours"] == pytest.approx(2.0)
    r = d.summary["response_all"]  # m1 (praise, thanked after 24 h) too
    assert (r["items"], r["answered"], r["rate"]) == (4, 2, 0.5)
    assert r["median_hours"] == pytest.approx(13.0)
    assert r["p90_hours"] == pytest.approx(21.8)
    assert d.summary["feedback"] == {"items": 4, "complaints": 1, "questions": 3, "requests": 0, "praise": 1}
    assert d.summary["engaged_members"] == 6 and d.summary["followers_end"] == 8
    assert d.summary["member_to_member_share"] == pytest.approx(1 / 3)
    assert d.unanswered["interaction_id"].tolist() == ["g1", "c2"]  # the complaint first
    assert d.unanswered.set_index("interaction_id")["hours_waiting"].round(1).to_dict() == {"c2": 659.0, "g1": 276.0}
    assert d.items.set_index("interaction_id")["need"].fillna("-").to_dict() == {
        "c1": "question", "c2": "question", "m1": "-", "g1": "complaint"}
    assert d.posts["engagements"].tolist() == [13, 5]
    assert d.posts["engagement_rate_by_reach"].round(3).tolist() == [0.13, 0.025]
    assert len(d.trend) == 12 and d.trend["month"].iloc[-1] == MONTH
    assert d.member_summary["members"] == 8
    assert d.identities is None  # handles are read only with reveal


def test_reveal_reads_the_handles(tiny):
    d = collect(tiny, ACCOUNT, MONTH, reveal=True)
    assert set(d.identities["handle"]) >= {"ana", "ben", "hal"}
    assert list(d.identities.columns) == ["platform", "member", "handle"]


def test_an_empty_month_is_recorded_as_empty(build_store):
    # November 2025 is inside the data (an audience figure) with no post and no interaction: posts and
    # interactions are not covered there, so their figures are null (not 0) and the lists empty.
    d = collect(build_tiny(build_store, empty_month=True), ACCOUNT, EMPTY_MONTH)
    assert d.month_is_empty and d.has_interactions
    assert d.unanswered.empty and d.posts.empty
    assert d.summary["posts"] is None and d.summary["engaged_members"] is None
    assert d.summary["followers_end"] == 8  # the audience figure of 2025-11-30
    assert d.summary["coverage"]["audience"] == ["mastodon"] and d.summary["coverage"]["interactions"] == []


def test_a_month_outside_the_data_is_refused(tiny):
    with pytest.raises(NoDataError, match=r"^no data for lib in 2026-03: data covers 2025-10\.\.2025-10$"):
        collect(tiny, ACCOUNT, "2026-03")


def test_aggregate_only_account_has_posts_but_no_people(tmp_path):
    from libcommunity.ingest import ingest_paths
    from libcommunity.store import Store

    store = Store(tmp_path / "meta")
    ingest_paths([META], account="meta-only", store=store, timezone="Europe/Madrid")
    d = collect(store, "meta-only", "2026-03")
    assert d.available == {"posts": True, "interactions": False, "members": False, "audience": False}
    assert not d.has_interactions and not d.has_people and d.members is None
    assert d.summary["posts"] == len(d.posts) > 0


def test_bad_parameters_fail_before_any_work(tiny):
    with pytest.raises(ParameterError, match="min_group must be a positive integer"):
        collect(tiny, ACCOUNT, MONTH, min_group=0)
    with pytest.raises(ParameterError):
        collect(tiny, ACCOUNT, "2025-13")
    with pytest.raises(UnknownAccountError):
        collect(tiny, "nobody", MONTH)


def test_ready_to_jump_of_a_window_without_members(tiny):
    """Regression: segments.ready_to_jump failed (numpy bitwise_and on float) when nobody was in the window."""
    from libcommunity.segments import ready_to_jump, segment_members

    none = segment_members(tiny, ACCOUNT, MONTH).iloc[0:0]
    assert ready_to_jump(tiny, ACCOUNT, MONTH, current=none, previous=none).empty


def test_the_follow_back_count_is_the_rules(tmp_path):
    """The report's follow-back accounts are exactly ``follow_back_accounts`` of the month (three-month window)."""
    from bench.evaluate import QUICK_SCENARIOS, scenario_spec
    from libcommunity.demo import build_store
    from libcommunity.segments import follow_back_accounts

    sc = QUICK_SCENARIOS[1]
    spec = scenario_spec(sc)
    store = build_store(tmp_path / "store", accounts=[spec], seed=sc.seed).store
    d = collect(store, spec.account, sc.months[-1])
    rule = follow_back_accounts(store, spec.account, sc.months[-1])
    assert len(rule) >= 20
    assert d.follow_back.equals(rule)


def test_a_report_segments_each_month_once_and_reads_one_activity_history(tiny_sept_store, monkeypatch):  # noqa: F811
    # What a report computes, counted by what its scope builds: the month and the month before are each segmented
    # once (two segmenter fits), member features are built once per window, and only the report month's members
    # get a probability of being active (one activity history and model, not one for the month before too).
    import collections

    from libcommunity.metrics.scope import Scope
    from libcommunity.segments import members

    built = collections.Counter()
    real_memo = Scope.memo

    def memo(self, key, build):
        if not self.cached(key):
            built[key] += 1
        return real_memo(self, key, build)

    fits = []  # segmentations (MemberSegmenter.fit, or the naming alone of too few participants to cluster)
    real_fit = members._fit_segments
    monkeypatch.setattr(Scope, "memo", memo)
    monkeypatch.setattr(members, "_fit_segments", lambda f, *args: fits.append(len(f)) or real_fit(f, *args))
    d = collect(tiny_sept_store, ACCOUNT, MONTH)
    assert d.members is not None and d.members_before is not None and not d.transitions.empty
    assert len(fits) == 2
    by_name = collections.Counter(key[0] for key in built)
    # one activity history read (without the members) and one model fitted; no member-keyed table of probabilities
    assert by_name["activity_fit_histories"] == 1 and by_name["activity_fit"] == 1
    assert by_name["activity_history"] == 0 and by_name["probability_active"] == 0
    assert by_name["member_segments"] == 2 and by_name["segment_members"] == 1  # p_active for the report month only
    assert "p_active" in d.members.columns and "p_active" not in d.members_before.columns


class _Imports:
    """Stands for the thread of :func:`~libcommunity.segments.preload.start_model_imports`; records its joins by the
    report's own thread (the segments' worker thread joins it too, before its first fit)."""

    def __init__(self):
        self.joins = 0

    def join(self):
        import threading

        self.joins += threading.current_thread() is threading.main_thread()


def test_a_report_fits_both_months_segments_in_a_worker_thread_beside_the_figures(build_store, monkeypatch):
    # The segmenter's fits (NumPy) run in a worker thread while the report's own thread computes the figures
    # (DuckDB); the segments are those of a fit in the report's thread.
    import threading

    from libcommunity.segments import members, segment_members

    from .test_segments_fixtures import trap_tables

    store = build_store(trap_tables(), timezone="UTC")  # enough participants in September and October to fit models
    monkeypatch.setattr(members, "a_core_is_free", lambda: True)  # however busy the machine running the tests is
    threads = []
    real_fit = members._fit_segments
    monkeypatch.setattr(members, "_fit_segments", lambda *a: threads.append(threading.current_thread().name) or real_fit(*a))
    d = collect(store, "lib", "2025-10")
    assert threads == ["libcommunity-segment-fits_0"] * 2
    threads.clear()
    current = segment_members(store, "lib", "2025-10")
    assert threads == [threading.current_thread().name]
    assert d.members.equals(current) and d.members.attrs == current.attrs


def test_the_models_are_imported_beside_the_figures_and_waited_for_before_the_segments(tiny, monkeypatch):
    import libcommunity.report.data as data_module

    started, imports, seen = [], _Imports(), []
    def start(scope, *, from_rows):
        started.append(from_rows)
        return imports
    segments = data_module._segments
    def segments_after_join(data, scope):
        seen.append(imports.joins)
        return segments(data, scope)
    monkeypatch.setattr(data_module, "start_model_imports", start)
    monkeypatch.setattr(data_module, "_segments", segments_after_join)
    collect(tiny, ACCOUNT, MONTH)
    assert started == [data_module.MODEL_IMPORTS_FROM_ROWS]
    assert seen == [1]  # joined before the segments were fitted


def test_the_models_imports_are_waited_for_when_the_figures_fail(tiny, monkeypatch):
    import libcommunity.report.data as data_module

    imports = _Imports()
    monkeypatch.setattr(data_module, "start_model_imports", lambda scope, *, from_rows: imports)
    def fail(*args, **kwargs):
        raise RuntimeError("a figure failed")
    monkeypatch.setattr(data_module, "monthly_summary", fail)
    with pytest.raises(RuntimeError, match="a figure failed"):
        collect(tiny, ACCOUNT, MONTH)
    assert imports.joins == 1

