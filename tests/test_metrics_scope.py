"""The metrics scope: one connection and one manifest read per report, shared results, any store-like object,
and a platform filter that gives what a store of that platform alone gives."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections import Counter

import pytest

from libcommunity.demo import AccountSpec, simulate_account, write_csv
from libcommunity.errors import ParameterError
from libcommunity.ingest import ingest_paths
from libcommunity.metrics import Scope, core_summary, monthly_summary, monthly_trend, open_scope
from libcommunity.metrics.scope import TRACE_ENV
from libcommunity.report.data import collect
from libcommunity.segments import segment_members
from libcommunity.store import Store

from .conftest import TEST_KEY

ACCOUNT = "duo"
MONTH = "2026-10"
#: One library on two platforms (the same simulation drawn twice: the same handles, pseudonymised per platform).
SPECS = {
    platform: AccountSpec(ACCOUNT, platform, "Europe/Stockholm", "sv", followers, shape=shape, start="2025-09", end=MONTH)
    for platform, followers, shape in (("bluesky", 70, "lively"), ("mastodon", 90, "typical"))
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """``both``: the account on both platforms; ``bluesky``: the same account with its Bluesky rows only."""
    root = tmp_path_factory.mktemp("scope")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        folders = {}
        for platform, spec in SPECS.items():
            demo = simulate_account(spec, seed=5)
            folders[platform] = root / "src" / platform
            for table in ("posts", "interactions", "members", "audience"):
                write_csv(getattr(demo, table), folders[platform] / f"{table}.csv", table)
        for name, platforms in (("both", ("bluesky", "mastodon")), ("bluesky", ("bluesky",))):
            store = Store(root / name)
            for platform in platforms:
                ingest_paths([folders[platform]], account=ACCOUNT, store=store, platform=platform, timezone="Europe/Stockholm")
            out[name] = store
    return out


class CountingStore:
    """A store-like object (the store's read API, nothing else) that counts what is asked of it."""

    def __init__(self, store: Store):
        self._store = store
        self.calls = Counter()

    def exists(self):
        return self._store.exists()

    def account(self, account):
        self.calls["account"] += 1
        return self._store.account(account)

    def accounts(self):
        self.calls["accounts"] += 1
        return self._store.accounts()

    def manifest(self):
        self.calls["manifest"] += 1
        return self._store.manifest()

    def files(self, table, account=None):
        self.calls["files"] += 1
        return self._store.files(table, account)

    @contextlib.contextmanager
    def connect(self, **kwargs):
        self.calls["connect"] += 1
        with self._store.connect(**kwargs) as con:
            yield con


def test_a_whole_report_asks_the_store_once(stores):
    counting = CountingStore(stores["both"])
    data = collect(counting, ACCOUNT, MONTH)
    assert data.members is not None and len(data.trend) == 12
    assert counting.calls == Counter({"connect": 1, "manifest": 1, "account": 1})
    # the same figures as a collect straight on the store
    plain = collect(stores["both"], ACCOUNT, MONTH)
    assert data.summary == plain.summary and data.trend.equals(plain.trend)
    assert data.members.equals(plain.members)


def test_each_month_is_computed_once_per_scope(stores, tmp_path, monkeypatch):
    trace = tmp_path / "trace.jsonl"
    monkeypatch.setenv(TRACE_ENV, str(trace))
    with Scope(stores["both"], ACCOUNT) as scope:
        collect(scope, ACCOUNT, MONTH)
        core_summary(scope, ACCOUNT, MONTH)  # asked again: served from the scope
        monthly_trend(scope, ACCOUNT, MONTH, months=13)
        assert scope.stats["connections"] == 1 and scope.stats["conversation_builds"] == 1
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    months = Counter(e["month"] for e in events if e["event"] == "core")
    assert len(months) == 13 and set(months.values()) == {1}
    assert min(months) == "2025-10" and max(months) == MONTH


def test_a_scope_passed_in_stays_open_and_a_store_gets_its_own(stores):
    with Scope(stores["both"], ACCOUNT) as scope:
        first = monthly_summary(scope, ACCOUNT, MONTH)
        assert scope.stats["connections"] == 1 and scope._con is not None
        core = core_summary(scope, ACCOUNT, MONTH)
        assert all(core[k] == first[k] for k in core if k not in ("response", "response_all"))
        assert core["response"]["rate"] == first["response"]["rate"] and core["response_all"] == {
            k: v for k, v in first["response_all"].items() if k != "unanswered_over_48h"}
        assert scope.stats["connections"] == 1
    assert scope._con is None  # closed with the block
    assert monthly_summary(stores["both"], ACCOUNT, MONTH) == first


def test_a_scope_answers_for_its_own_account_only(stores):
    with Scope(stores["both"], ACCOUNT) as scope, pytest.raises(ParameterError, match="account must be the scope's account"):
        monthly_summary(scope, "other", MONTH)


def test_month_errors_come_before_account_errors_as_always(stores):
    with pytest.raises(ParameterError, match="YYYY-MM"):
        monthly_summary(stores["both"], "nobody", "2026-13")


def test_platform_must_be_known_and_one_of_the_account(stores):
    with pytest.raises(ParameterError, match="platform must be one of facebook"):
        Scope(stores["both"], ACCOUNT, platform="myspace")
    with pytest.raises(ParameterError, match=r"platform must be one of the platforms of 'duo' \(bluesky, mastodon\)"):
        monthly_summary(Scope(stores["both"], ACCOUNT, platform="x"), ACCOUNT, MONTH)


@pytest.mark.parametrize("month", ["2026-03", MONTH])
def test_a_platform_scope_gives_what_a_store_of_that_platform_alone_gives(stores, month):
    with Scope(stores["both"], ACCOUNT, platform="bluesky") as scope:
        summary = monthly_summary(scope, ACCOUNT, month)
        trend = monthly_trend(scope, ACCOUNT, month)
        members = segment_members(scope, ACCOUNT, month)
        reveal = segment_members(scope, ACCOUNT, month, reveal=True)
    alone_summary = monthly_summary(stores["bluesky"], ACCOUNT, month)
    # One platform of an account with two cannot tell who took part on both (null); an account with one platform
    # knows nobody did (0). Everything else is the same.
    assert summary["people"].pop("engaged_people_multiplatform") is None
    assert alone_summary["people"].pop("engaged_people_multiplatform") == 0
    assert summary == alone_summary
    assert trend.equals(monthly_trend(stores["bluesky"], ACCOUNT, month))
    alone = segment_members(stores["bluesky"], ACCOUNT, month)
    assert members.equals(alone) and members.attrs == alone.attrs
    assert reveal.equals(segment_members(stores["bluesky"], ACCOUNT, month, reveal=True))
    both = monthly_summary(stores["both"], ACCOUNT, month)
    assert both["posts"] > summary["posts"] > 0  # the filter did something


def test_the_figures_of_pruned_months_cover_the_whole_account(stores, tmp_path):
    from libcommunity.retention import prune

    store = Store(tmp_path / "pruned")
    shutil.copytree(stores["both"].root, store.root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        before = monthly_summary(store, ACCOUNT, "2025-10")
        prune(store, ACCOUNT, before="2026-01")
    assert monthly_summary(store, ACCOUNT, "2025-10") == before  # the kept document
    with Scope(store, ACCOUNT, platform="bluesky") as scope:
        nulls = core_summary(scope, ACCOUNT, "2025-10")
        assert nulls["posts"] is None and nulls["response"]["rate"] is None and set(nulls["interactions"].values()) == {None}
        with pytest.raises(ParameterError, match="cover the whole account"):
            monthly_summary(scope, ACCOUNT, "2025-10")
        trend = monthly_trend(scope, ACCOUNT, "2026-03", months=6)
    assert trend.set_index("month").loc["2025-10":"2025-12", "posts"].isna().all()
    assert trend.set_index("month").loc["2026-01":, "posts"].notna().all()


def test_memo_builds_once_and_open_scope_reuses_or_opens(stores):
    built = []
    with Scope(stores["both"], ACCOUNT) as scope:
        assert scope.memo(("x", 1), lambda: built.append(1) or "value") == "value"
        assert scope.memo(("x", 1), lambda: built.append(2) or "other") == "value"
        assert built == [1] and scope.stats["computed"] == 1 and scope.stats["reused"] == 1
        assert scope.cached(("x", 1)) and scope.stored(("x", 2), "none") == "none"
        with open_scope(scope, ACCOUNT) as same:
            assert same is scope
    with open_scope(stores["both"], ACCOUNT) as fresh:
        assert isinstance(fresh, Scope) and fresh is not scope
    assert fresh._con is None


def test_a_scope_of_a_store_reads_one_committed_version(stores, tmp_path):
    """A write committed while a scope is open changes nothing the scope computes, and the scope reads the manifest once."""
    import pandas as pd

    from libcommunity.demo import write_csv

    store = Store(tmp_path / "copy")
    shutil.copytree(stores["bluesky"].root, store.root)
    before = core_summary(store, ACCOUNT, "2026-09")
    extra = pd.DataFrame({"account": ACCOUNT, "platform": "bluesky", "interaction_id": [f"late{i}" for i in range(5)],
                          "member_id": "@latecomer", "kind": "reaction", "created_at": pd.Timestamp("2026-09-15T10:00Z"),
                          "by_library": False})
    with pytest.MonkeyPatch.context() as mp, Scope(store, ACCOUNT) as scope:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        core_summary(scope, ACCOUNT, MONTH)  # the scope has read the store
        path = write_csv(extra, tmp_path / "late" / "interactions.csv", "interactions")
        ingest_paths([path], account=ACCOUNT, store=store, platform="bluesky", timezone="Europe/Stockholm")
        assert core_summary(scope, ACCOUNT, "2026-09") == before  # still the version the scope took
        assert scope.generation < store.manifest()["generation"]
    after = core_summary(store, ACCOUNT, "2026-09")
    assert after["interactions"]["reaction"] == before["interactions"]["reaction"] + 5


def test_an_arrow_result_is_the_frame_df_gives_and_counts_as_a_query(stores):
    import pandas as pd

    query = ("SELECT member_id AS member, platform, kind, created_at, reply_to FROM lc_acts "
             "WHERE created_at < $end ORDER BY platform, interaction_id")
    params = {"end": pd.Timestamp("2026-10-01", tz="UTC"), "unused": 1}  # a parameter the query does not use
    with Scope(stores["both"], ACCOUNT) as scope:
        frame = scope.df(query, params)
        queries, frames = scope.stats["queries"], scope.stats["frames"]
        table = scope.arrow(query, params)
        assert scope.stats["queries"] == queries + 1 and scope.stats["frames"] == frames + 1
    assert len(frame) > 100 and frame["reply_to"].isna().any()
    pd.testing.assert_frame_equal(table.to_pandas(), frame)



def test_an_arrow_result_after_a_row_read_one_at_a_time(stores):
    """``one`` leaves no unread result, and ``arrow`` runs after any (DuckDB 2 refuses ``sql()`` while one is left)."""
    with Scope(stores["both"], ACCOUNT) as scope:
        (n,) = scope.one("SELECT count(*) FROM lc_acts")
        assert scope.arrow("SELECT count(*) AS n FROM lc_acts").column("n").to_pylist() == [n]
        scope.con.execute("SELECT * FROM range(10)").fetchone()  # an analyst's own query, read in part
        assert scope.arrow("SELECT 1 AS x").column("x").to_pylist() == [1]
        assert scope.one("SELECT * FROM range(3) WHERE false") is None

def _memory_tables(scope) -> set:
    return {r[0] for r in scope.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
            if r[0].endswith("_rows")}


def test_a_small_account_is_read_into_memory_at_the_second_query_and_gives_the_same_report(stores, monkeypatch):
    from libcommunity.metrics import scope as scope_module

    with Scope(stores["both"], ACCOUNT, platform="bluesky") as scope:
        scope.one("SELECT count(*) FROM lc_acts")
        assert _memory_tables(scope) == set()  # a scope that runs one query reads the files
        (n,) = scope.one("SELECT count(*) FROM lc_acts")
        assert _memory_tables(scope) == {"lc_all_acts_rows", "lc_posts_rows"}
        assert scope.con.execute("SELECT count(*), count(*) FILTER (WHERE platform <> 'bluesky') FROM lc_all_acts_rows").fetchone() == (n, 0)
    with Scope(stores["both"], ACCOUNT) as scope:
        in_memory = collect(scope, ACCOUNT, MONTH)
        assert _memory_tables(scope) == {"lc_all_acts_rows", "lc_posts_rows"}
    monkeypatch.setattr(scope_module, "IN_MEMORY_ROWS", 10)  # the account is now too large: files it is
    with Scope(stores["both"], ACCOUNT) as scope:
        from_files = collect(scope, ACCOUNT, MONTH)
        assert _memory_tables(scope) == set()
    assert in_memory.summary == from_files.summary and in_memory.trend.equals(from_files.trend)
    assert in_memory.members.equals(from_files.members) and in_memory.items.equals(from_files.items)
    assert in_memory.posts.equals(from_files.posts) and in_memory.event_effects.equals(from_files.event_effects)


def test_a_report_reads_a_small_account_into_memory_before_its_first_query(stores, monkeypatch):
    """A report runs some fifty queries: its first one (the conversation table, three scans of the history) scans
    memory too, where a scope left to itself reads the files for its first query and copies them at its second."""
    from libcommunity.metrics import scope as scope_module

    copied_after, counted = [], []  # queries the scope had run when its rows were copied into memory; the scopes
    keep = scope_module.keep_in_memory

    def copying(con):
        copied_after.append(counted[-1].stats["queries"])
        return keep(con)

    monkeypatch.setattr(scope_module, "keep_in_memory", copying)
    with Scope(stores["both"], ACCOUNT) as scope:
        counted.append(scope)
        collect(scope, ACCOUNT, MONTH)
        assert copied_after == [0] and _memory_tables(scope) == {"lc_all_acts_rows", "lc_posts_rows"}
        assert scope.read_into_memory() is True and copied_after == [0]  # done once per connection
    with Scope(stores["both"], ACCOUNT) as scope:  # on its own, a scope copies at its second query
        counted.append(scope)
        scope.one("SELECT count(*) FROM lc_acts")
        scope.one("SELECT count(*) FROM lc_acts")
    assert copied_after == [0, 2]
    monkeypatch.setattr(scope_module, "IN_MEMORY_ROWS", 10)  # too large: read from the files, whoever asks
    with Scope(stores["both"], ACCOUNT) as scope:
        assert scope.read_into_memory() is False and _memory_tables(scope) == set()


def _threads(scope) -> int:
    return int(scope.con.execute("SELECT current_setting('threads')").fetchone()[0])


def test_a_single_row_group_account_in_memory_runs_on_one_duckdb_thread_and_gives_the_same_report(stores, monkeypatch):
    import duckdb

    from libcommunity.metrics import scope as scope_module

    with duckdb.connect() as plain:
        default = int(plain.execute("SELECT current_setting('threads')").fetchone()[0])
    if default == 1:
        pytest.skip("DuckDB's default is one thread per core: one core cannot tell one thread from the default")
    monkeypatch.setattr(scope_module, "IN_MEMORY_ROWS", 10**6)
    with Scope(stores["both"], ACCOUNT) as scope:
        scope.one("SELECT 1")
        assert _threads(scope) == 1  # from the first query on
        one_thread = collect(scope, ACCOUNT, MONTH)
        assert _memory_tables(scope) == {"lc_all_acts_rows", "lc_posts_rows"} and _threads(scope) == 1
    monkeypatch.setattr(scope_module, "ONE_THREAD_ROWS", 10)  # more rows than a row group: DuckDB's threads
    with Scope(stores["both"], ACCOUNT) as scope:
        threaded = collect(scope, ACCOUNT, MONTH)
        assert _memory_tables(scope) == {"lc_all_acts_rows", "lc_posts_rows"} and _threads(scope) == default
    monkeypatch.setattr(scope_module, "IN_MEMORY_ROWS", 10)  # read from the files: DuckDB's threads too
    with Scope(stores["both"], ACCOUNT) as scope:
        collect(scope, ACCOUNT, MONTH)
        assert _memory_tables(scope) == set() and _threads(scope) == default
    assert one_thread.summary == threaded.summary and one_thread.trend.equals(threaded.trend)
    assert one_thread.members.equals(threaded.members) and one_thread.items.equals(threaded.items)
    assert one_thread.posts.equals(threaded.posts) and one_thread.event_effects.equals(threaded.event_effects)
