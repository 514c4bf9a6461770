"""Per-account computations fanned out over Dask (libcommunity.scale), and the store read by plain engines."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.dataset as ds
import pytest

from bench import datagen
from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.scale import account_month, compute, dask_table, dataset, plan
from libcommunity.store import Store

MONTHS = ["2025-09", "2025-10"]


@pytest.fixture(scope="module")
def two_accounts(tmp_path_factory):
    """A store with two synthetic accounts (a few thousand interactions each) written by the store's own path."""
    root = tmp_path_factory.mktemp("scale") / "store"
    for seed, account in ((1, "alpha"), (2, "beta")):
        info = datagen.generate(root.parent / account, 6_000, seed=seed, account=account, members_per=15)
        datagen.write_store(info["paths"], root, account=account)
    return Store(root)


def _jsonable(result):
    return json.loads(json.dumps({"summary": result.summary, "segments": result.segments}, sort_keys=True, default=str))


def test_plan_is_every_account_and_month_and_is_validated(two_accounts):
    assert plan(two_accounts, MONTHS) == [(a, m) for a in ("alpha", "beta") for m in MONTHS]
    assert plan(two_accounts, "2025-10", ["beta"]) == [("beta", "2025-10")]
    with pytest.raises(UnknownAccountError, match="alpha, beta"):
        plan(two_accounts, MONTHS, ["gamma"])
    with pytest.raises(ParameterError, match="YYYY-MM"):
        plan(two_accounts, ["October"])
    with pytest.raises(ParameterError, match="what must"):
        compute(two_accounts, months=MONTHS, what=("everything",))
    with pytest.raises(ParameterError, match="at most one"):
        compute(two_accounts, months=MONTHS, scheduler="tcp://nowhere:1", dask_local=2)


def test_a_dask_localcluster_of_two_processes_gives_the_local_results(two_accounts):
    pairs = plan(two_accounts, MONTHS)
    local = compute(two_accounts, pairs, what=("summary", "segments", "members"))
    assert all(r.ok for r in local), [r.error for r in local if not r.ok]
    assert {r.worker for r in local} == {"local"}
    assert all(r.summary["engaged_members"] > 0 and r.segments["participants"] > 0 for r in local)

    remote = compute(two_accounts, pairs, what=("summary", "segments", "members"), dask_local=2)
    assert [(r.account, r.month) for r in remote] == pairs  # results come back in the order asked
    assert all(r.ok for r in remote), [r.error for r in remote if not r.ok]
    assert all(r.worker.startswith("tcp://") for r in remote)  # computed in the worker processes
    for a, b in zip(local, remote):
        assert _jsonable(a) == _jsonable(b), (a.account, a.month)
        pd.testing.assert_frame_equal(a.members, b.members)


def test_a_failing_pair_does_not_stop_the_others(two_accounts):
    results = compute(two_accounts, [("alpha", "2025-10"), ("gamma", "2025-10")], what=("summary",))
    assert results[0].ok and results[0].summary["account"] == "alpha"
    assert not results[1].ok and "gamma" in results[1].error and results[1].summary is None


def test_the_task_takes_a_path_or_a_store(two_accounts):
    a = account_month(str(two_accounts.root), "beta", "2025-10", what=("summary",))
    b = account_month(two_accounts, "beta", "2025-10", what=("summary",))
    assert a.ok and a.summary == b.summary and a.segments is None and a.members is None


@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
def test_plain_engines_read_the_store_layout(two_accounts):
    store = two_accounts
    expected = store.sql("SELECT account, count(*) AS n FROM interactions GROUP BY account ORDER BY account")
    # pyarrow reads the directory as a Hive-partitioned dataset (account=/month= become columns)...
    d = ds.dataset(store.root / "interactions", format="parquet", partitioning="hive")
    assert {"account", "month", "interaction_id", "created_at"} <= set(d.schema.names)
    counts = d.to_table(columns=["account"]).to_pandas()["account"].value_counts().sort_index()
    assert counts.tolist() == expected["n"].tolist()
    october = d.to_table(filter=(ds.field("account") == "alpha") & (ds.field("month") == "2025-10")).num_rows
    assert october == store.sql(
        "SELECT count(*) AS n FROM interactions WHERE account = 'alpha' AND strftime(created_at, '%Y-%m') = '2025-10'"
    )["n"][0]
    # ... and the manifest's files without libcommunity's query code.
    assert dataset(store, "interactions", "beta").count_rows() == expected["n"][1]
    # Dask reads them too (the files hold every column, so the path is not read as partitions).
    import dask.dataframe as dd

    frame = dd.read_parquet(str(store.root / "interactions"), dataset={"partitioning": None})
    assert len(frame) == expected["n"].sum()
    members = dask_table(store, "members", "alpha").compute()
    assert list(members.columns) == list(store.read("members", "alpha").columns)
    assert len(members) == len(store.read("members", "alpha"))
    with pytest.raises(ParameterError, match="table must be"):
        dataset(store, "nope")
