"""``libcommunity roster``: complete lists (not cut at 15), the "why", --reveal, files, errors."""

from __future__ import annotations

import json

import pytest

from libcommunity.cli import main
from libcommunity.segments import ambassador_roster, drifting_away, ready_to_jump, segment_members
from libcommunity.segments.roster import why_text

from .cli_helpers import ACCOUNT, MONTH, duo, read_csv, read_xlsx  # noqa: F401  (fixture)


def _run(capfd, *argv):
    code = main([str(a) for a in argv])
    out, err = capfd.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def expected(duo):
    store = duo["both"]
    current = segment_members(store, ACCOUNT, MONTH)
    previous = segment_members(store, ACCOUNT, "2026-09")
    return {
        "members": current,
        "ambassadors": ambassador_roster(store, ACCOUNT, MONTH, members=current),
        "drifting_away": drifting_away(store, ACCOUNT, MONTH, current=current, previous=previous),
        "ready_to_step_up": ready_to_jump(store, ACCOUNT, MONTH, current=current, previous=previous),
    }


def test_json_lists_are_complete_with_the_why(duo, expected, capfd):
    code, out, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root, "--json",
                          "--lang", "en")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["account", "month", "window_months", "ambassadors", "drifting_away", "ready_to_step_up"]
    n_amb = int((expected["members"]["segment"] == "ambassador").sum())
    assert n_amb > 15 and len(doc["ambassadors"]) == n_amb  # every ambassador, not the report's first 15
    assert [r["member"] for r in doc["ambassadors"]] == expected["ambassadors"]["member"].tolist()
    for row, want in zip(doc["ambassadors"], expected["ambassadors"].to_dict("records")):
        assert row["why"] == why_text(want) and row["why"]  # in words, English here
        assert row["ambassador_actions"] == want["shares"] + want["mentions"] + want["ugc"] + want["replies_given"]
    assert [r["member"] for r in doc["drifting_away"]] == expected["drifting_away"]["member"].tolist()
    assert all(r["why"] and r["reason"] in ("left", "stepped_back", "unlikely_active") for r in doc["drifting_away"])
    assert [r["member"] for r in doc["ready_to_step_up"]] == expected["ready_to_step_up"]["member"].tolist()
    assert not any("handle" in r for lst in ("ambassadors", "drifting_away", "ready_to_step_up") for r in doc[lst])
    assert err.strip().splitlines()[-1] == (
        f"duo 2026-10: ambassadors: {n_amb}, drifting away: {len(doc['drifting_away'])}, "
        f"ready to step up: {len(doc['ready_to_step_up'])}"
    )


def test_why_in_the_accounts_language(duo, capfd):
    code, out, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root, "--json")
    doc = json.loads(out)  # the account's language is Swedish
    assert code == 0 and any("delade" in r["why"] or "skrev" in r["why"] for r in doc["ambassadors"])


def test_reveal_shows_handles_only_when_asked(duo, capfd):
    store = duo["both"]
    handles = set(store.identities(ACCOUNT)["handle"])
    code, hidden, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", store.root)
    assert code == 0, err
    assert not any(h in hidden for h in handles)
    code, shown, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", store.root, "--reveal", "--json")
    doc = json.loads(shown)
    known = {(p, m): h for p, m, h in store.identities(ACCOUNT)[["platform", "member_id", "handle"]].itertuples(index=False)}
    assert doc["ambassadors"] and all(r["handle"] == known[(r["platform"], r["member"])] for r in doc["ambassadors"])


def test_table_lists_everyone(duo, expected, capfd):
    code, out, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root, "-q")
    assert code == 0 and len(err.strip().splitlines()) == 1
    blocks = out.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        f"ambassadors ({len(expected['ambassadors'])})",
        f"drifting away ({len(expected['drifting_away'])})",
        f"ready to step up ({len(expected['ready_to_step_up'])})",
    ]
    first = blocks[0].splitlines()
    assert first[1].split()[:3] == ["member", "platform", "ambassador_actions"]
    assert len(first) == 2 + len(expected["ambassadors"])


def test_files_have_the_three_lists_and_the_why_column(duo, expected, capfd, tmp_path):
    store = duo["both"]
    code, _, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", store.root, "--out", tmp_path / "r.xlsx")
    assert code == 0, err
    sheets = read_xlsx(tmp_path / "r.xlsx")
    assert list(sheets) == ["ambassadors", "drifting_away", "ready_to_step_up"]
    assert "why" in sheets["ambassadors"][0] and len(sheets["ambassadors"]) == 1 + len(expected["ambassadors"])
    assert "handle" not in sheets["ambassadors"][0]
    code, _, err = _run(capfd, "roster", "--account", ACCOUNT, "--month", MONTH, "--store", store.root, "--out", tmp_path / "r.csv",
                        "--reveal", "--lang", "es")
    assert code == 0, err
    header, rows = read_csv(tmp_path / "r-ambassadors.csv")
    assert header[:2] == ["member", "handle"] and header[-1] == "why" and "p_active (%)" in header
    assert len(rows) == len(expected["ambassadors"]) and all(r[-1] for r in rows)
    assert any("compartió" in r[-1] or "escribió" in r[-1] for r in rows)  # Spanish, as asked
    for name in ("drifting_away", "ready_to_step_up"):
        assert read_csv(tmp_path / f"r-{name}.csv")[0][0] == "member"


def test_one_platform(duo, capfd):
    args = ["roster", "--account", ACCOUNT, "--month", MONTH, "--json"]
    code, out, err = _run(capfd, *args, "--store", duo["both"].root, "--platform", "bluesky")
    assert code == 0, err
    one = json.loads(out)
    code, out, err = _run(capfd, *args, "--store", duo["bluesky"].root)
    assert one.pop("platform") == "bluesky" and one == json.loads(out)


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--month", "2026-1"], "month must be YYYY-MM"),
        (["--month", MONTH, "--account", "nobody"], "account must be one of the store's accounts"),
        (["--month", MONTH, "--platform", "tiktok"], "platform must be one of the platforms of 'duo'"),
        (["--month", MONTH, "--out", "lists.json"], "expected a file name ending in .csv or .xlsx"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(duo, capfd, extra, message):
    argv = ["roster", *extra, "--store", str(duo["both"].root)]
    if "--account" not in argv:
        argv += ["--account", ACCOUNT]
    code, out, err = _run(capfd, *argv)
    lines = err.strip().splitlines()
    assert code == 2 and out == "" and len(lines) == 1
    assert lines[0].startswith("libcommunity roster: error: ") and message in lines[0], lines
