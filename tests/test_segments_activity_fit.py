"""The probability of being active fitted beside the segmentation (segments/activity.start_activity_fit)."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from libcommunity.metrics import Scope
from libcommunity.segments import segment_members
from libcommunity.segments.activity import MIN_MEMBERS, probability_active
from libcommunity.segments.features import window_of
from libcommunity.segments.memberorder import member_order

from .test_segments_fixtures import interactions, members


def two_platform_store(build_store):
    """Members on two platforms: recent and lapsed ones taking part, and followers who never took part."""
    store = None
    for platform, n in (("x", 30), ("instagram", 24)):
        rows, follows = [], []
        for i in range(n):
            months = (8, 9, 10) if i % 3 else (3, 4)
            days = (3, 10 + i % 7, 24) if i % 2 else (5, 17)
            rows += [(f"{platform}{i}", "reaction", f"2025-{m:02d}-{d:02d}T12:00Z", "p") for m in months for d in days]
            follows.append((f"{platform}{i}", f"2025-0{1 + i % 5}-01T00:00Z"))
        follows += [(f"{platform}-silent{i}", "2025-02-01T00:00Z") for i in range(4)]
        store = build_store({"members": members(follows, platform=platform),
                             "interactions": interactions(rows, platform=platform)}, timezone="UTC", platform=platform,
                            store=store)
    return store


def looked_up(frame, table):
    """``table["p_active"]`` at each member of ``frame`` (NaN where the member has none)."""
    merged = frame[["platform", "member"]].merge(table[["platform", "member", "p_active"]], how="left")
    return merged["p_active"].to_numpy()


def test_segment_members_computes_p_active_from_each_members_history(build_store):
    store = two_platform_store(build_store)
    expected = probability_active(store, "lib", "2025-10")
    assert expected.attrs["model"] is not None and len(expected) > MIN_MEMBERS
    with Scope(store, "lib") as scope:
        out = segment_members(scope, "lib", "2025-10")
        window = window_of("2025-10", scope.timezone, 3)
        # no member-keyed table of probabilities built and looked up in: each row's own history
        assert not scope.cached(("probability_active", window.end, window.timezone, MIN_MEMBERS))
        assert scope.cached(("feature_histories", window))
    p = out["p_active"].to_numpy()
    assert np.array_equal(p, looked_up(out, expected), equal_nan=True)  # bit for bit, NaN for the silent followers
    assert out["p_active"].isna().sum() == 8 and out["p_active"].notna().sum() == 54
    assert out.attrs["activity_model"] == expected.attrs["model"].params


@pytest.mark.parametrize("thread_from, in_thread", [(1, True), (10**6, False)])
def test_the_model_is_fitted_while_the_features_are_computed(build_store, monkeypatch, thread_from, in_thread):
    import threading

    import libcommunity.segments.activity as activity
    import libcommunity.segments.members as members_module

    store = two_platform_store(build_store)
    seen = {}
    features_of, fit_segments = members_module.features_of, members_module._fit_segments
    fitted_model = activity._fitted_model
    monkeypatch.setattr(activity, "THREAD_FROM", thread_from)  # a large account's thread, or a small one's none
    monkeypatch.setattr(activity, "_fitted_model", lambda *args: seen.setdefault(
        "fitted in", threading.current_thread().name) and fitted_model(*args))

    def features_spy(scope, window):
        seen["fit started"] = scope.stored(("activity_fit", window.end, window.timezone, MIN_MEMBERS))
        return features_of(scope, window)

    def fit_spy(features, random_state, segmenter):
        seen["fit done"] = seen["fit started"].done()  # the fit's one BLAS thread is over before this fit
        return fit_segments(features, random_state, segmenter)

    monkeypatch.setattr(members_module, "features_of", features_spy)
    monkeypatch.setattr(members_module, "_fit_segments", fit_spy)
    with Scope(store, "lib") as scope:
        out = segment_members(scope, "lib", "2025-10")
    assert seen["fit started"] is not None and seen["fit done"]
    assert seen["fitted in"].startswith("activity-fit") == in_thread
    assert out.attrs["activity_model"] == probability_active(store, "lib", "2025-10").attrs["model"].params


def test_without_activity_nothing_is_fitted(build_store):
    store = two_platform_store(build_store)
    with Scope(store, "lib") as scope:
        out = segment_members(scope, "lib", "2025-10", activity=False)
        window = window_of("2025-10", scope.timezone, 3)
        assert "p_active" not in out.columns
        assert not scope.cached(("activity_fit", window.end, window.timezone, MIN_MEMBERS))
        later = segment_members(scope, "lib", "2025-10")  # asked for afterwards: fitted then, the same numbers
    expected = probability_active(store, "lib", "2025-10")
    assert np.array_equal(later["p_active"].to_numpy(), looked_up(later, expected), equal_nan=True)


def test_too_few_members_fit_no_model(build_store):
    from libcommunity.segments.activity import start_activity_fit

    rows = [(f"m{i}", "reaction", "2025-10-03T12:00Z", "p") for i in range(5)]
    store = build_store({"interactions": interactions(rows)}, timezone="UTC")
    with Scope(store, "lib") as scope:
        assert start_activity_fit(scope, window_of("2025-10", "UTC", 3)).result() is None
        out = segment_members(scope, "lib", "2025-10")
    assert out["p_active"].isna().all() and out.attrs["activity_model"] is None


def test_the_ordered_histories_are_in_member_order():
    """DuckDB's ORDER BY gives the histories in member_order's order: code points, missing keys last."""
    from libcommunity.segments.activity import _ORDERED_HISTORY_SQL

    keys = [("x", "b"), ("x", "B"), ("x", "é"), ("x", "e\u0301"), ("x", "ž"), ("x", "z"), ("x", "😀"), ("x", "ａ"),
            ("instagram", "b"), ("instagram", None), (None, "a"), ("Ω", "a"), ("x", "a\u0000"), ("x", "a"),
            ("x", "ab")]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(keys))
    frame = pd.DataFrame({
        "platform": [keys[i][0] for i in order], "member_id": [keys[i][1] for i in order],
        "days_ever": np.arange(1, len(keys) + 1), "first_day": dt.date(2025, 1, 1),
        "last_day": [dt.date(2025, 1, 1) + dt.timedelta(days=int(i)) for i in order],
    })
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("CREATE TABLE h AS SELECT * FROM frame")
    got = con.execute(_ORDERED_HISTORY_SQL.replace("{table}", "h"), {"end_day": dt.date(2025, 3, 1)}).fetchnumpy()
    expected = member_order(pa.array(frame["platform"]), pa.array(frame["member_id"]))
    assert np.array_equal(got["x"], frame["days_ever"].to_numpy()[expected] - 1)
    t_x = np.array([(d - dt.date(2025, 1, 1)).days / 7.0 for d in frame["last_day"]])
    assert np.array_equal(got["t_x"], t_x[expected])


@pytest.mark.parametrize("window_months", [1, 3])
def test_the_history_table_is_dropped_once_read(build_store, window_months):
    store = two_platform_store(build_store)
    with Scope(store, "lib") as scope:
        segment_members(scope, "lib", "2025-10", window_months=window_months)
        assert scope.stored(("member_history_tables",)) == {}
        tables = scope.rows("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'lc_member_history%'")
    assert tables == []


def test_after_a_segmenter_fit_running_ahead_the_model_is_fitted_after_it(build_store, monkeypatch):
    # fitting_ahead's worker fits the segmenter with the process's BLAS settings: the activity model, whose fit
    # limits BLAS to one thread for the whole process, is fitted once that fit is done, not beside it
    import libcommunity.segments.activity as activity
    import libcommunity.segments.members as members_module
    from libcommunity.months import parse_month

    store = two_platform_store(build_store)
    monkeypatch.setattr(members_module, "a_core_is_free", lambda: True)
    monkeypatch.setattr(activity, "THREAD_FROM", 1)
    month, order = parse_month("2025-10"), []
    fit_segments, fitted_model = members_module._fit_segments, activity._fitted_model
    monkeypatch.setattr(members_module, "_fit_segments",
                        lambda *args: (fit_segments(*args), order.append("segments done"))[0])
    monkeypatch.setattr(activity, "_fitted_model", lambda *args: order.append("activity starts") or fitted_model(*args))
    with Scope(store, "lib") as scope:
        with members_module.fitting_ahead(scope, [month]):
            assert scope.stored((members_module.FIT_AHEAD_KEY, month, 3, 0)) is not None
            out = segment_members(scope, "lib", month)
    assert order == ["segments done", "activity starts"]
    expected = probability_active(store, "lib", "2025-10")
    assert np.array_equal(out["p_active"].to_numpy(), looked_up(out, expected), equal_nan=True)
