"""``libcommunity metrics`` through the command line's main()."""

from __future__ import annotations

import json

from libcommunity.cli import main
from libcommunity.metrics import monthly_summary
from tests.test_metrics_data import ACCOUNT, MONTH, shared_store  # noqa: F401


def _run(capsys, *args):
    code = main(["metrics", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_one_document_on_stdout(shared_store, capsys):  # noqa: F811
    code, out, err = _run(capsys, "--account", ACCOUNT, "--month", MONTH, "--store", str(shared_store.root), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc == monthly_summary(shared_store, ACCOUNT, MONTH)
    assert doc["interactions"]["comment"] == 7 and doc["response"]["answered"] == 4 and doc["response_all"]["answered"] == 5
    assert "NaN" not in out
    assert "{" not in err


def test_readable_summary(shared_store, capsys):  # noqa: F811
    code, out, err = _run(capsys, "--account", ACCOUNT, "--month", MONTH, "--store", str(shared_store.root))
    assert code == 0
    assert out.startswith("lib · 2025-10 (Europe/Madrid)\n")
    assert "4 of 5 items that need a reply answered (80.0%)" in out
    assert "5 of 7 comments, mentions and messages answered (71.4%)" in out
    assert "community ratio  120.0% of followers engaged" in out


def test_unknown_account_exits_2_with_one_line(shared_store, capsys):  # noqa: F811
    code, out, err = _run(capsys, "--account", "nope", "--month", MONTH, "--store", str(shared_store.root), "--json")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"libcommunity metrics: error: account must be one of the store's accounts (lib); got 'nope' instead "
        f"(store: {shared_store.root})"
    ]


def test_malformed_month_exits_2(shared_store, capsys):  # noqa: F811
    code, out, err = _run(capsys, "--account", ACCOUNT, "--month", "Oct-2025", "--store", str(shared_store.root))
    assert code == 2 and out == ""
    assert "month must be YYYY-MM with MM from 01 to 12; got 'Oct-2025' instead" in err
    assert "Traceback" not in err


def test_missing_store_exits_2(tmp_path, capsys):
    code, out, err = _run(capsys, "--account", ACCOUNT, "--month", MONTH, "--store", str(tmp_path / "none"))
    assert code == 2 and out == "" and "no libcommunity store here" in err
