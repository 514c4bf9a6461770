"""Retention (``libcommunity prune``): old event-level rows go, the months stay answerable.

What remains answerable after a prune is documented in ``libcommunity/retention.py``
and docs/security.md; every statement there is checked here.
"""

import contextlib
import io
import json
import shutil

import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.demo import AccountSpec, build_store
from libcommunity.metrics import monthly_summary, monthly_trend
from libcommunity.retention import pruned_before, retention_cutoff, stored_months
from libcommunity.store import Store
from tests.test_store import tree_hash

ACCOUNT = "test-lib"
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
CUTOFF = "2025-06"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A simulated library (Madrid, Mastodon, 2025-01..2025-12) and its metrics before any pruning."""
    from tests.conftest import TEST_KEY

    with pytest.MonkeyPatch.context() as mp:  # module scope: the autouse key fixture is function scoped
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        spec = AccountSpec(ACCOUNT, "mastodon", "Europe/Madrid", "es", followers=300, shape="lively", start="2025-01", end="2025-12")
        root = tmp_path_factory.mktemp("demo")
        store = build_store(root / "store", accounts=[spec], seed=1, sample=root / "src").store
        before = {m: monthly_summary(store, ACCOUNT, m) for m in MONTHS}
        trend = monthly_trend(store, ACCOUNT, "2025-12", months=12)
    return store, before, trend


@pytest.fixture(scope="module")
def pruned_once(demo, tmp_path_factory):
    """A copy of the demo's store pruned before ``CUTOFF`` by ``libcommunity prune``, and what the command wrote on
    stderr; pruned once per module, since every test that needs it gets its own copy."""
    from tests.conftest import TEST_KEY

    root = tmp_path_factory.mktemp("pruned") / "store"
    shutil.copytree(demo[0].root, root)
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        code = main(["prune", "--account", ACCOUNT, "--before", CUTOFF, "--store", str(root)])
    assert code == 0, err.getvalue()
    return root, err.getvalue()


@pytest.fixture
def pruned(demo, pruned_once, tmp_path):
    """This test's own copy of the pruned store (byte for byte), the demo's figures before the prune, the prune's stderr."""
    _, before, trend = demo
    built, err = pruned_once
    root = tmp_path / "store"
    shutil.copytree(built, root)
    return Store(root), before, trend, err


def _metrics_json(capsys, root, month):
    capsys.readouterr()
    assert main(["metrics", "--account", ACCOUNT, "--month", month, "--store", str(root), "--json"]) == 0
    return capsys.readouterr().out



def _ingest_csv(tmp_path, text: str):
    """Ingest ``text`` (canonical interactions CSV) as account ``lib`` on x into a new store; its root."""
    (tmp_path / "i.csv").write_text(text, "utf-8")
    root = tmp_path / "st"
    assert main(["ingest", str(tmp_path / "i.csv"), "--account", "lib", "--platform", "x", "--store", str(root), "-q"]) == 0
    return root

def test_pruned_months_answer_exactly_as_before(pruned, capsys):
    store, before, _, err = pruned
    assert "monthly aggregates kept for 2025-01..2025-05 (5 months)" in err
    for month in MONTHS[:5]:
        assert json.loads(_metrics_json(capsys, store.root, month)) == before[month], month
    assert stored_months(store, ACCOUNT) == MONTHS[:5]


def test_kept_months_are_computed_as_before_and_compare_with_the_kept_aggregates(pruned, capsys):
    store, before, _, _ = pruned
    for month in MONTHS[5:]:
        now = json.loads(_metrics_json(capsys, store.root, month))
        differs = {k for k in now if now[k] != before[month][k]}
        # the first kept month's burst baseline starts at the cutoff (documented); nothing else changes
        assert differs <= ({"bursts"} if month == CUTOFF else set()), (month, differs)
    # growth of June compares with May (pruned) and of 2025-06..12 year-over-year with 2024 (no data) as before
    june = json.loads(_metrics_json(capsys, store.root, "2025-06"))
    assert june["growth"]["mom"]["month"] == "2025-05" and june["growth"]["mom"] == before["2025-06"]["growth"]["mom"]
    assert june["growth"]["mom"]["interactions"]["previous"] > 0


def test_the_trend_of_a_kept_month_still_shows_the_pruned_months(pruned):
    store, _, trend, _ = pruned
    after = monthly_trend(store, ACCOUNT, "2025-12", months=12)
    pd.testing.assert_frame_equal(after, trend, check_dtype=False)


def test_event_rows_before_the_cutoff_are_gone_and_the_rest_stays(pruned, demo):
    store, _, _, err = pruned
    original = demo[0]
    start = pd.Timestamp("2025-06-01", tz="Europe/Madrid").tz_convert("UTC")
    inter = store.read("interactions", ACCOUNT)
    assert inter["created_at"].min() >= start
    old = original.read("interactions", ACCOUNT)
    removed = int((old["created_at"] < start).sum())
    assert removed > 1000 and f"interactions: removed {removed} row(s)" in err
    assert len(inter) == len(old) - removed
    for table in ("posts", "members", "audience"):
        assert store.read(table, ACCOUNT).equals(original.read(table, ACCOUNT)), table
    assert str(pruned_before(store, ACCOUNT)) == CUTOFF


def test_people_left_with_no_row_lose_their_identity(tmp_path):
    from libcommunity.retention import prune

    root = _ingest_csv(tmp_path, (
        "interaction_id,member_id,kind,created_at,text\n"
        "a,@old_only,comment,2025-01-10T10:00:00Z,hi\n"
        "b,@both,comment,2025-01-11T10:00:00Z,hi\n"
        "c,@both,comment,2025-07-11T10:00:00Z,again\n"
    ))
    report = prune(Store(root), "lib", before="2025-06")
    assert report.removed == {"interactions": 2, "identities": 1}
    assert Store(root).identities("lib")["handle"].tolist() == ["@both"]


def test_an_old_export_ingested_again_stays_out(pruned, demo, capsys, tmp_path):
    store, _, _, _ = pruned
    sources = sorted((demo[0].root.parent / "src" / ACCOUNT).glob("*.csv"))
    before = tree_hash(store.root)
    capsys.readouterr()
    assert main(["ingest", *map(str, sources), "--account", ACCOUNT, "--store", str(store.root)]) == 0
    err = capsys.readouterr().err
    assert "older than the account's retention cutoff were left out" in err and "nothing new" in err
    assert tree_hash(store.root) == before


def test_segment_and_report_refuse_a_pruned_month(pruned, capsys, tmp_path):
    store, _, _, _ = pruned
    for argv in (
        ["segment", "--account", ACCOUNT, "--month", "2025-03", "--store", str(store.root)],
        ["report", "--account", ACCOUNT, "--month", "2025-03", "--store", str(store.root), "--out", str(tmp_path / "r")],
    ):
        capsys.readouterr()
        assert main(argv) == 2
        err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
        assert len(err) == 1 and "month must be 2025-06 or later" in err[0] and "was pruned" in err[0], err
    assert not (tmp_path / "r").exists()
    # a kept month whose window reaches before the cutoff: a warning, and the kept months are used
    assert main(["segment", "--account", ACCOUNT, "--month", "2025-07", "--store", str(store.root), "--json"]) == 0
    out = capsys.readouterr()
    assert "window 2025-05..2025-07 reaches before 2025-06" in out.err
    assert json.loads(out.out)["summary"]["members"] > 0


def test_pruning_again_with_the_same_or_an_earlier_month_and_dry_runs_change_nothing(pruned, capsys):
    store, _, _, _ = pruned
    before = tree_hash(store.root)
    for argv in (["--before", CUTOFF], ["--before", "2025-03"], ["--before", "2025-09", "--dry-run"]):
        capsys.readouterr()
        assert main(["prune", "--account", ACCOUNT, *argv, "--store", str(store.root)]) == 0
        assert tree_hash(store.root) == before, argv
    assert "would remove" in capsys.readouterr().err
    # and a later cutoff adds the newly pruned months, keeping the older documents
    assert main(["prune", "--account", ACCOUNT, "--before", "2025-08", "--store", str(store.root)]) == 0
    assert stored_months(store, ACCOUNT) == MONTHS[:7]
    assert str(pruned_before(store, ACCOUNT)) == "2025-08"


def test_retention_months_count_back_from_today(pruned, capsys):
    store, _, _, _ = pruned
    assert str(retention_cutoff(12, pd.Timestamp("2026-03-15"), "Europe/Madrid")) == "2025-03"
    assert str(retention_cutoff(1, pd.Timestamp("2025-12-31T23:30Z"), "Europe/Madrid")) == "2025-12"  # Jan 1st in Madrid
    assert main(["prune", "--account", ACCOUNT, "--retention-months", "3", "--today", "2025-10-15", "--store", str(store.root)]) == 0
    assert str(pruned_before(store, ACCOUNT)) == "2025-07"


def test_a_reply_to_a_pruned_comment_counts_as_a_new_item(tmp_path):
    """The documented change: member-to-member replies across the cutoff can no longer be recognised."""
    from libcommunity.retention import prune

    root = _ingest_csv(tmp_path, (
        "interaction_id,member_id,kind,created_at,reply_to,by_library\n"
        "q,@ana,comment,2025-05-30T10:00:00Z,,false\n"
        "r,@bob,comment,2025-06-02T10:00:00Z,q,false\n"
    ))
    june = monthly_summary(Store(root), "lib", "2025-06")
    assert june["response"]["items"] == 0 and june["member_to_member_share"] == 1.0
    prune(Store(root), "lib", before="2025-06")
    june = monthly_summary(Store(root), "lib", "2025-06")
    assert june["response"]["items"] == 1 and june["member_to_member_share"] == 0.0


def test_a_document_kept_before_response_meant_needs_reply(pruned, monkeypatch):
    """An older prune kept ``response`` over every item and no ``response_all``: comparisons never mix the two."""
    from libcommunity.metrics import core, core_summary

    store, before, _, _ = pruned
    old = {k: v for k, v in before["2025-05"].items() if k not in ("response_all", "acknowledgement", "feedback")}
    old["response"] = {k: v for k, v in before["2025-05"]["response_all"].items()}  # what older versions stored
    monkeypatch.setattr(core, "kept_document", lambda scope, month: old if str(month) == "2025-05" else None)
    may = core_summary(store, ACCOUNT, "2025-05")
    assert may["response_all"] == old["response"]  # the old figure, under the name that now means it
    assert may["response"]["rate"] is None and may["response"]["items"] is None  # which items needed a reply: unknown
    assert may["acknowledgement"]["items"] is None and may["feedback"]["complaints"] is None  # not recomputed from nothing
    assert may["posts"] == before["2025-05"]["posts"]  # figures of the kept tables stay
    june = monthly_summary(store, ACCOUNT, "2025-06")
    assert june["growth"]["mom"]["response_rate"] == {"previous": None, "change": None, "pct_change": None}
