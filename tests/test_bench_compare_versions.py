"""The tools that compare two versions of the code: what counts as a difference, and what the probe counts."""

from __future__ import annotations

import sys

from bench.compare_versions import differences
from libcommunity.metrics import Scope, core_summary, monthly_summary
from libcommunity.segments import member_features

from .conftest import ROOT
from .test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401

sys.path.insert(0, str(ROOT / "bench"))
import probe  # noqa: E402  (a script of bench/, imported as such)


def test_differences_name_every_changed_value_with_its_path():
    a = {"x": 1, "y": {"z": [1.0, 2.0]}, "w": None, "k": "s"}
    assert differences(a, a) == []
    assert differences(a, {**a, "x": 2}) == ["x: 1 != 2"]
    assert differences(a, {**a, "y": {"z": [1.0, 2.0000000001]}}) == ["y.z.1: 2.0 != 2.0000000001"]
    assert differences(a, {**a, "x": 1.0}) == ["x: 1 != 1.0"]  # an int that became a float is a difference
    assert differences(a, {**a, "y": {"z": [1.0]}}) == ["y.z: 2 items != 1"]
    assert differences({"a": 1, "b": 2}, {"b": 2, "a": 1}) == [": keys in another order"]
    assert differences(a, {k: v for k, v in a.items() if k != "w"}) == ["w: only in base"]


def test_the_probe_counts_connections_queries_and_manifest_reads(shared_store):  # noqa: F811
    with probe.counting() as counts:
        core_summary(shared_store, ACCOUNT, MONTH)
    assert counts["connections"] == 1 and counts["manifest_reads"] >= 1 and counts["queries"] > 5
    assert counts["contract_queries"] == 1 and counts["conversation_builds"] == 1
    with probe.counting() as counts:
        with Scope(shared_store, ACCOUNT) as scope:
            monthly_summary(scope, ACCOUNT, MONTH)
            core_summary(scope, ACCOUNT, MONTH)
    assert counts["connections"] == 1 and counts["contract_queries"] == 2  # the month, then its two comparisons
    with probe.counting() as counts:
        pass
    assert counts == {}


def test_the_probe_counts_queries_fetched_as_arrow(shared_store):  # noqa: F811
    """Member features are fetched through ``Scope.arrow`` (DuckDB's ``sql`` and ``to_arrow_table``): counted too."""
    with probe.counting() as counts:
        with Scope(shared_store, ACCOUNT) as scope:
            scope.one("SELECT 1"), scope.one("SELECT 1")  # the connection's views, then a small account's rows in memory
            before = dict(counts)
            table = scope.arrow("SELECT 1 AS x")
    assert table.num_rows == 1
    assert counts["queries"] - before.get("queries", 0) == 1
    assert counts["frame_fetches"] - before.get("frame_fetches", 0) == 1
    with probe.counting() as counts:
        with Scope(shared_store, ACCOUNT) as scope:
            member_features(scope, ACCOUNT, MONTH)
    assert counts["feature_queries"] == 1 and counts["history_queries"] == 0
