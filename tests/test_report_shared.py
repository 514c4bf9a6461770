"""Figures a batch computes once: the accounts' reports share them, the network overview and the index read them."""

from __future__ import annotations

import json
import os
import re
from collections import Counter

import pytest

from libcommunity.metrics import Scope, core_summary, monthly_trend
from libcommunity.metrics.scope import TRACE_ENV
from libcommunity.months import parse_month
from libcommunity.report import network, run_batch
from libcommunity.report.build import build_report
from libcommunity.report.index import month_index_html
from libcommunity.report.shared import figures_dir, load_figures, write_figures

from .conftest import TEST_KEY
from .report_helpers import MONTH, MONTHLY_PARAMETERS, NAMES, NETWORK_PARAMETERS, build_small_store, write_notebook

SHARED = '\nfigures_dir: str = ""  # where the batch shares figures'


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small"), key=TEST_KEY)


@pytest.fixture(scope="module")
def shared(store, tmp_path_factory):
    """Each account's report built once in this process, sharing its figures in a folder."""
    folder = tmp_path_factory.mktemp("out") / MONTH / ".figures"
    for name in NAMES:
        build_report(store, name, MONTH, figures_dir=folder)
    return folder


def test_a_report_shares_its_thirteen_months_and_its_segments(store, shared):
    doc = json.loads((shared / f"{NAMES[0]}.json").read_text("utf-8"))
    assert doc["account"] == NAMES[0] and doc["month"] == MONTH and doc["platform"] is None
    assert doc["generation"] == store.manifest()["generation"]
    assert sorted(doc["core"]) == [str(parse_month(MONTH).shift(-i)) for i in range(12, -1, -1)]
    assert doc["core"][MONTH] == core_summary(store, NAMES[0], MONTH)
    assert doc["segments"]["month"] == MONTH and "ambassador" in doc["segments"]["segments"]
    assert not re.search(r"m_[0-9a-f]{20}", json.dumps(doc))  # counts only: no pseudonym, nobody in it


def test_shared_figures_are_what_the_pages_would_compute(store, shared):
    fresh, read = network.collect(store, MONTH), network.collect(store, MONTH, figures_dir=shared)
    assert fresh.accounts.equals(read.accounts) and fresh.trend.equals(read.trend)
    out = shared.parent.parent
    assert month_index_html(store, out, parse_month(MONTH)) == month_index_html(store, out, parse_month(MONTH),
                                                                                figures_dir=shared)


def test_a_scope_given_shared_figures_reads_nothing(store, shared):
    with Scope(store, NAMES[1]) as scope:
        assert load_figures(shared, scope, MONTH) is not None
        core_summary(scope, NAMES[1], MONTH)
        monthly_trend(scope, NAMES[1], MONTH, months=13)
        assert scope.stats["connections"] == 0 and scope.stats["queries"] == 0


def test_stale_or_foreign_figures_are_ignored(store, shared, tmp_path):
    with Scope(store, NAMES[0]) as scope:
        assert load_figures(None, scope, MONTH) is None and load_figures(tmp_path, scope, MONTH) is None
        assert load_figures(shared, scope, "2026-09") is None  # another month
    with Scope(store, NAMES[0], platform="bluesky") as scope:
        assert load_figures(shared, scope, MONTH) is None  # another platform filter
    doc = json.loads((shared / f"{NAMES[0]}.json").read_text("utf-8"))
    stale = tmp_path / "stale"
    stale.mkdir()
    (stale / f"{NAMES[0]}.json").write_text(json.dumps({**doc, "generation": doc["generation"] - 1}), "utf-8")
    (stale / f"{NAMES[1]}.json").write_text("{not json", "utf-8")
    with Scope(store, NAMES[0]) as scope:
        assert load_figures(stale, scope, MONTH) is None
        assert not scope.cached(("core", parse_month(MONTH)))
    with Scope(store, NAMES[1]) as scope:
        assert load_figures(stale, scope, MONTH) is None


def test_write_figures_takes_only_what_the_scope_computed(store, tmp_path):
    with Scope(store, NAMES[2]) as scope:
        core_summary(scope, NAMES[2], MONTH)
        path = write_figures(tmp_path, scope, MONTH)
    assert list(json.loads(path.read_text("utf-8"))["core"]) == [MONTH]


@pytest.mark.slow
def test_a_batch_computes_each_account_month_once(store, tmp_path, monkeypatch):
    """Account reports, network overview and index in one batch: every account-month's figures computed once."""
    templates = tmp_path / "templates"
    write_notebook(templates / "monthly_report.ipynb", [
        "from libcommunity.report.build import build_report\nfrom libcommunity.store import Store\n"
        "report = build_report(Store(store), account, month, figures_dir=figures_dir)"],
        parameters=MONTHLY_PARAMETERS + SHARED)
    write_notebook(templates / "network_overview.ipynb", [
        "from libcommunity.report import network\nfigures = network.collect(store, month, accounts, figures_dir=figures_dir)"],
        parameters=NETWORK_PARAMETERS + SHARED)
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    out = tmp_path / "out"
    batch = run_batch(store, MONTH, out=out, templates=templates, quiet=True)
    assert not batch.failed, [r.error for r in batch.failed]
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    computed = Counter((e["account"], e["month"]) for e in events if e["event"] == "core")
    assert set(computed.values()) == {1}, computed.most_common(3)
    assert {a for a, _ in computed} == set(NAMES) and len(computed) == 13 * len(NAMES)
    # computed while the accounts' kernels started, by this (serial) batch's process: not in the network's kernel
    assert {e["pid"] for e in events} == {os.getpid()}
    assert (out / MONTH / "index.html").is_file() and not figures_dir(out, MONTH).exists()
