"""``libcommunity accounts``: each account's platforms, timezone, language and data coverage."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from libcommunity.cli import main
from tests import own_data
from tests.conftest import TEST_KEY


@pytest.fixture(scope="module")
def store(tmp_path_factory, build_module_store):
    """Two accounts, built once: ``accounts`` only reads the store."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        store = own_data.build(tmp_path_factory.mktemp("own"))  # villa-library: instagram, mastodon (a partial follower list)
    # A second account whose posts miss a month (2025-06).
    posts = pd.DataFrame({"account": "gap-lib", "platform": "x", "post_id": ["a", "b", "c"],
                          "published_at": pd.to_datetime(["2025-05-03T10:00Z", "2025-07-03T10:00Z", "2025-08-03T10:00Z"],
                                                         utc=True)})
    return build_module_store({"posts": posts}, account="gap-lib", timezone="America/New_York", store=store)


def test_json(store, capsys):
    assert main(["accounts", "--store", str(store.root), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    gap, villa = doc["accounts"]
    assert gap == {
        "account": "gap-lib", "platforms": ["x"], "timezone": "America/New_York", "lang": "en",
        "data": {"first": "2025-05", "last": "2025-08", "gaps": ["2025-06"]},
        "tables": {"posts": {"x": {"first": "2025-05", "last": "2025-08", "months": 3, "rows": 3, "gaps": ["2025-06"]}},
                   "interactions": {}, "audience": {}, "members": {}},
        "kept": [], "pruned_before": None,
    }
    assert villa["platforms"] == ["instagram", "mastodon"] and villa["timezone"] == "Europe/Madrid"
    assert villa["data"] == {"first": "2025-09", "last": "2025-10", "gaps": []}
    assert villa["tables"]["interactions"]["mastodon"] == {"first": "2025-10", "last": "2025-10", "months": 1, "rows": 2,
                                                          "gaps": []}
    assert villa["tables"]["members"]["instagram"] == {"first": "2023-03", "last": "2025-10", "months": 10, "rows": 10,
                                                      "list": True}
    assert villa["tables"]["members"]["mastodon"]["list"] is False  # follows recorded since October 2025


def test_readable_table(store, capsys):
    assert main(["accounts", "--store", str(store.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "gap-lib  x  America/New_York  en  data 2025-05..2025-08 (none in 2025-06)"
    assert out[1] == "  posts         x          2025-05..2025-08, none in 2025-06"
    assert "villa-library  instagram, mastodon  Europe/Madrid  en  data 2025-09..2025-10" in out
    assert "  follower list mastodon   2025-10..2025-10 (follows recorded since then; no follower count)" in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_out_writes_one_row_per_account_table_and_platform(store, tmp_path, suffix, capsys):
    path = tmp_path / f"accounts{suffix}"
    assert main(["accounts", "--store", str(store.root), "--out", str(path)]) == 0
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str) if suffix == ".csv" else pd.read_excel(path, dtype=str, engine="calamine")
    assert list(frame.columns) == ["account", "platforms", "timezone", "lang", "table", "platform", "first", "last",
                                   "months", "rows", "gaps", "note"]
    gap = frame[frame["account"] == "gap-lib"].fillna("")
    assert gap[["table", "platform", "first", "last", "gaps"]].values.tolist() == [
        ["data", "", "2025-05", "2025-08", "2025-06"], ["posts", "x", "2025-05", "2025-08", "2025-06"],
    ]
    assert len(frame[frame["account"] == "villa-library"]) == 1 + 2 + 2 + 2  # data; posts, interactions, members x2
    assert "2 accounts written to" in capsys.readouterr().err


def test_no_store_is_an_error(tmp_path, capsys):
    assert main(["accounts", "--store", str(tmp_path / "none")]) == 2
    assert "no libcommunity store here" in capsys.readouterr().err
