"""``libcommunity todo``: the month's items still waiting for a reply, on the hand-built ``kinds`` account.

``kinds`` (tests/test_metrics_response.py): in October 2025 three items that need a reply have none:
r1 (a request, 407 h at the data horizon 2025-10-20T08:00Z), c1 (a complaint, 384 h) and u1 (no text, 264 h).
"""

from __future__ import annotations

import io
import json

import pandas as pd

from libcommunity.cli import main
from tests.test_metrics_response import kinds_store  # noqa: F401
from tests.test_metrics_data import pseudonym


def _run(capsys, store, *extra):
    capsys.readouterr()
    code = main(["todo", "--account", "lib", "--month", "2025-10", "--store", str(store.root), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_lists_complaints_first_then_the_longest_wait(kinds_store, capsys):  # noqa: F811
    code, out, _ = _run(capsys, kinds_store)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "lib 2025-10: 3 items waiting for a reply, complaints first, waiting times up to 2025-10-20 08:00 (UTC)"
    assert lines[1].split() == ["need", "kind", "platform", "received", "waiting", "member", "post", "text"]
    assert [line.split()[0] for line in lines[2:]] == ["complaint", "request", "unjudged"]
    assert "384.0 h" in lines[2] and "407.0 h" in lines[3] and "264.0 h" in lines[4]
    assert pseudonym("cai", "x") in lines[2] and " cai " not in out  # pseudonyms, not handles
    assert "https://example.org/posts/1" in lines[3]  # r1's post link
    assert "[email]" in lines[3] and "ana.lee@example.org" not in out  # contact details redacted
    assert "\x1b" not in out and "\\x1b[2J" in lines[2]  # a terminal escape in a member's text is shown, not run


def test_json_document(kinds_store, capsys):  # noqa: F811
    code, out, _ = _run(capsys, kinds_store, "--json")
    assert code == 0
    doc = json.loads(out)
    assert {k: doc[k] for k in ("account", "month", "timezone", "platform", "as_of", "items")} == {
        "account": "lib", "month": "2025-10", "timezone": "UTC", "platform": None, "as_of": "2025-10-20T08:00:00+00:00",
        "items": 3,
    }
    assert doc["by_need"] == {"complaint": 1, "request": 1, "question": 0, "message": 0, "unjudged": 1}
    rows = doc["waiting"]
    assert [r["need"] for r in rows] == ["complaint", "request", "unjudged"]
    assert [r["kind"] for r in rows] == ["comment"] * 3
    assert [r["hours_waiting"] for r in rows] == [384.0, 407.0, 264.0]
    assert [r["received"] for r in rows] == ["2025-10-04T08:00:00+00:00", "2025-10-03T09:00:00+00:00", "2025-10-09T08:00:00+00:00"]
    assert [r["post_url"] for r in rows] == [None, "https://example.org/posts/1", None]
    assert rows[1]["text"] == "Please add more graphic novels, write to me at [email]"
    assert rows[0]["member"] == pseudonym("cai", "x") and "handle" not in rows[0]


def test_reveal_shows_handles_and_texts_as_written(kinds_store, capsys):  # noqa: F811
    code, out, _ = _run(capsys, kinds_store, "--json", "--reveal")
    assert code == 0
    rows = json.loads(out)["waiting"]
    assert [r["handle"] for r in rows] == ["cai", "ben", "hal"]
    assert rows[1]["text"].endswith("ana.lee@example.org")
    code, out, _ = _run(capsys, kinds_store, "--reveal")
    assert out.splitlines()[1].split()[5] == "handle" and " ben " in out.splitlines()[3]


def test_out_writes_a_spreadsheet_list(kinds_store, capsys, tmp_path):  # noqa: F811
    path = tmp_path / "todo.csv"
    code, out, err = _run(capsys, kinds_store, "--out", str(path))
    assert code == 0 and out == ""
    assert f"3 items waiting for a reply written to {path}" in err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark for Excel
    table = pd.read_csv(io.StringIO(raw.decode("utf-8-sig")), dtype=str, keep_default_na=False)
    assert list(table.columns) == ["need", "kind", "platform", "received", "hours_waiting", "post_url", "text", "member"]
    assert table["need"].tolist() == ["complaint", "request", "unjudged"]
    assert table["post_url"].tolist() == ["", "https://example.org/posts/1", ""]  # the library's link is not redacted
    assert table.loc[1, "text"].endswith("[email]")
    book = tmp_path / "todo.xlsx"
    assert _run(capsys, kinds_store, "--out", str(book), "--reveal")[0] == 0
    sheet = pd.read_excel(book, sheet_name="todo", engine="calamine")
    assert sheet["handle"].tolist() == ["cai", "ben", "hal"] and sheet["hours_waiting"].tolist() == [384.0, 407.0, 264.0]


def test_platform_and_bad_input(kinds_store, capsys, tmp_path):  # noqa: F811
    code, out, _ = _run(capsys, kinds_store, "--platform", "x", "--json")
    assert code == 0 and json.loads(out)["items"] == 3 and json.loads(out)["platform"] == "x"
    code, _, err = _run(capsys, kinds_store, "--platform", "mastodon")
    assert code == 2 and "platform must be one of the platforms of 'lib' (x); got 'mastodon' instead" in err
    capsys.readouterr()
    assert main(["todo", "--account", "lib", "--month", "2025-13", "--store", str(kinds_store.root)]) == 2
    assert "month must be YYYY-MM" in capsys.readouterr().err
    code, _, err = _run(capsys, kinds_store, "--out", str(tmp_path / "todo.txt"))
    assert code == 2 and "expected a file name ending in .csv or .xlsx" in err


def test_a_month_outside_the_data_is_refused(kinds_store, capsys):  # noqa: F811
    # The store's data is October 2025 only: September is no month of "nothing waiting" but a month without data.
    capsys.readouterr()
    assert main(["todo", "--account", "lib", "--month", "2025-09", "--store", str(kinds_store.root)]) == 2
    assert "no data for lib in 2025-09: data covers 2025-10..2025-10" in capsys.readouterr().err


def test_a_month_with_nothing_waiting(kinds_store, capsys):  # noqa: F811
    # The table of an empty waiting list says so rather than printing an empty table.
    from libcommunity.commands.todo import _table

    text = _table(pd.DataFrame(), "lib 2025-10: 0 items waiting for a reply")
    assert text.splitlines()[0].startswith("lib 2025-10: 0 items waiting for a reply")
    assert "nothing is waiting for a reply" in text


def test_todo_is_the_waiting_list_of_the_metrics(kinds_store):  # noqa: F811
    from libcommunity.metrics import monthly_summary, waiting_items

    todo = waiting_items(kinds_store, "lib", "2025-10")
    summary = monthly_summary(kinds_store, "lib", "2025-10")
    # every item that needs a reply is either answered or on the list
    assert len(todo) == summary["response"]["items"] - summary["response"]["answered"]
