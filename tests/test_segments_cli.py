"""``libcommunity segment``: output formats, no identifier without --reveal, errors."""

import csv
import json

import pytest

from libcommunity.cli import main
from libcommunity.segments import MEMBER_COLUMNS
from bench.evaluate import QUICK_SCENARIOS, scenario_spec
from libcommunity.demo import build_store as build_demo_store
from libcommunity.export import csv_dialect, needs_guard, neutralise_csv_cell
from libcommunity.locales import account_lang


@pytest.fixture
def store(two_month_store):
    return two_month_store  # tests only read it


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo account with realistic handles (``@name@instance``)."""
    sc = QUICK_SCENARIOS[0]
    mp = pytest.MonkeyPatch()
    mp.setenv("LIBCOMMUNITY_KEY", "libcommunity-test-key")
    store = build_demo_store(tmp_path_factory.mktemp("demo") / "store", accounts=[scenario_spec(sc)], seed=sc.seed).store
    mp.undo()
    return store, scenario_spec(sc).account, sc.months[-1]


def run(capsys, *args):
    code = main(["segment", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_summary(store, capsys):
    code, out, _ = run(capsys, "--account", "lib", "--month", "2025-10", "--store", str(store.root))
    assert code == 0
    assert "lib 2025-10 (window 2025-08..2025-10, UTC): 9 members" in out
    assert "ambassador" in out and "1 (11.1%)" in out


def test_json_document(store, capsys):
    code, out, _ = run(capsys, "--account", "lib", "--month", "2025-10", "--store", str(store.root), "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"members", "summary"}
    assert len(doc["members"]) == doc["summary"]["members"] == 9
    assert list(doc["members"][0]) == list(MEMBER_COLUMNS)
    assert doc["members"][0]["segment"] == "ambassador"
    assert doc["summary"]["segments"]["silent_follower"]["members"] == 5


def handles_of(store, account):
    return [h for h in store.identities(account)["handle"] if len(h) > 4]


def test_no_original_identifier_anywhere_without_reveal(demo, capsys, tmp_path):
    store, account, month = demo
    handles = handles_of(store, account)
    assert len(handles) > 100
    out_csv = tmp_path / "m.csv"
    code, out, err = run(capsys, "--account", account, "--month", month, "--store", str(store.root), "--json", "--out", str(out_csv))
    assert code == 0
    text = out + err + out_csv.read_text(encoding="utf-8")
    leaked = [h for h in handles if h in text or h.lstrip("@") in text]
    assert leaked == []
    assert '"handle"' not in out and "handle" not in out_csv.read_text().splitlines()[0]


def test_reveal_adds_handles_to_json_and_csv(demo, capsys, tmp_path):
    store, account, month = demo
    ids = store.identities(account)
    by_member = dict(zip(ids["member_id"], ids["handle"]))
    out_csv = tmp_path / "m.csv"
    code, out, _ = run(capsys, "--account", account, "--month", month, "--store", str(store.root), "--json", "--reveal", "--out", str(out_csv))
    assert code == 0
    members = json.loads(out)["members"]
    assert all(m["handle"] == by_member[m["member"]] for m in members)
    info = store.account(account)
    with open(out_csv, newline="", encoding="utf-8-sig") as fh:  # a byte-order mark, the language's delimiter
        rows = list(csv.DictReader(fh, delimiter=csv_dialect(account_lang(info), info.timezone)[0]))
    assert len(rows) == len(members)
    # Mastodon handles start with "@": a whole handle stays as it is, anything that could be a formula is neutralised
    assert all(r["handle"] == neutralise_csv_cell(by_member[r["member"]]) for r in rows)
    assert sum(r["handle"].startswith("@") for r in rows) > 100
    assert not any(needs_guard(v) for r in rows for v in r.values())


def test_same_command_twice_same_result(store, capsys, tmp_path):
    args = ["--account", "lib", "--month", "2025-10", "--store", str(store.root), "--json"]
    assert run(capsys, *args)[1] == run(capsys, *args)[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--account", "nope", "--month", "2025-10"], "account must be one of the store's accounts (lib)"),
        (["--account", "lib", "--month", "2025-13"], "month must be YYYY-MM"),
        (["--account", "Lib!", "--month", "2025-10"], "account must be 1-64 characters"),
        (["--account", "lib", "--month", "2025-10", "--window-months", "0"], "window_months must be an integer from 1 to 24"),
    ],
)
def test_bad_input_is_one_clear_line(store, capsys, args, message):
    code, out, err = run(capsys, *args, "--store", str(store.root))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_store(tmp_path, capsys):
    code, _, err = run(capsys, "--account", "lib", "--month", "2025-10", "--store", str(tmp_path / "none"))
    assert code == 2 and "store's accounts (none yet)" in err and str(tmp_path / "none") in err


def test_out_follows_the_language_and_writes_workbooks(store, capsys, tmp_path):
    base = ["--account", "lib", "--month", "2025-10", "--store", str(store.root)]
    assert run(capsys, *base, "--out", str(tmp_path / "m.csv"))[0] == 0
    assert run(capsys, *base, "--lang", "es", "--out", str(tmp_path / "m-es.csv"))[0] == 0
    en, es = (tmp_path / "m.csv").read_bytes(), (tmp_path / "m-es.csv").read_bytes()
    assert en.startswith(b"\xef\xbb\xbfmember,platform,") and b"p_active (%)" in en
    assert es.startswith(b"\xef\xbb\xbfmember;platform;")
    assert run(capsys, *base, "--out", str(tmp_path / "m.xlsx"))[0] == 0
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["members"]
    assert [c.value for c in sheet[1]][:2] == ["member", "platform"] and sheet.max_row == 10
    code, _, err = run(capsys, *base, "--out", str(tmp_path / "m.txt"))
    assert code == 2 and "expected a file name ending in .csv or .xlsx" in err
