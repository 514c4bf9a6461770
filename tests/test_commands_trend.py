"""``libcommunity trend`` and ``libcommunity compare``: exit codes, JSON keys, files, tables, errors."""

from __future__ import annotations

import json

import pytest

from libcommunity.cli import main
from libcommunity.constants import TREND_FIGURES
from libcommunity.trend import compare_months, trend_table

from .cli_helpers import ACCOUNT, duo, read_csv, read_xlsx  # noqa: F401  (fixture)


def _run(capfd, *argv):
    code = main([str(a) for a in argv])
    out, err = capfd.readouterr()
    return code, out, err


def test_trend_json(duo, capfd):
    root = duo["both"].root
    code, out, err = _run(capfd, "trend", "--account", ACCOUNT, "--from", "2026-09", "--to", "2026-10", "--store", root,
                          "--json", "--metric", "posts,community_ratio", "ambassador")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["account", "from", "to", "timezone", "figures", "months"]
    assert doc["figures"] == ["posts", "community_ratio", "ambassador"]
    want = trend_table(duo["both"], ACCOUNT, "2026-09", "2026-10", figures=doc["figures"])
    assert [list(m) for m in doc["months"]] == [["month", *doc["figures"]]] * 2
    for row, expected in zip(doc["months"], want.to_dict("records")):
        assert row["month"] == expected["month"]
        assert isinstance(row["posts"], int) and row["posts"] == expected["posts"]
        assert row["community_ratio"] == pytest.approx(expected["community_ratio"])
        assert isinstance(row["ambassador"], int) and row["ambassador"] == expected["ambassador"]
    assert err.strip().splitlines()[-1] == "duo: 2 month(s) 2026-09..2026-10, 3 figure(s)"


def test_trend_table_and_quiet(duo, capfd):
    root = duo["both"].root
    code, out, err = _run(capfd, "trend", "--account", ACCOUNT, "--from", "2026-08", "--to", "2026-10", "--store", root,
                          "--metric", "posts", "response_rate", "-q")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].split() == ["month", "posts", "response_rate"]
    assert [line.split()[0] for line in lines[1:]] == ["2026-08", "2026-09", "2026-10"]
    assert all(line.split()[2].endswith("%") or line.split()[2] == "–" for line in lines[1:])
    assert err.strip().splitlines() == ["duo: 3 month(s) 2026-08..2026-10, 2 figure(s)"]


def test_trend_files(duo, capfd, tmp_path):
    root = duo["both"].root
    code, _, err = _run(capfd, "trend", "--account", ACCOUNT, "--from", "2026-09", "--to", "2026-10", "--store", root,
                        "--out", tmp_path / "t.csv", "--metric", "posts", "response_rate")
    assert code == 0, err
    header, rows = read_csv(tmp_path / "t.csv")  # Swedish: ';' and a decimal comma, shares in percent
    assert header == ["month", "posts", "response_rate (%)"]
    want = trend_table(duo["both"], ACCOUNT, "2026-09", "2026-10", figures=["posts", "response_rate"])
    assert [r[0] for r in rows] == ["2026-09", "2026-10"]
    assert [int(r[1]) for r in rows] == want["posts"].astype(int).tolist()
    assert [float(r[2].replace(",", ".")) for r in rows] == [round(100 * v, 1) for v in want["response_rate"]]
    code, _, err = _run(capfd, "trend", "--account", ACCOUNT, "--from", "2026-09", "--to", "2026-10", "--store", root,
                        "--out", tmp_path / "t.xlsx", "--metric", "posts", "ambassador", "--lang", "en")
    assert code == 0, err
    sheets = read_xlsx(tmp_path / "t.xlsx")
    assert list(sheets) == ["trend"] and sheets["trend"][0] == ["month", "posts", "ambassador"] and len(sheets["trend"]) == 3


def test_compare(duo, capfd, tmp_path):
    root = duo["both"].root
    code, out, err = _run(capfd, "compare", "--account", ACCOUNT, "--month", "2026-10", "--with", "2026-09", "--store", root, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["account", "month", "with", "timezone", "figures"]
    assert list(doc["figures"]) == list(TREND_FIGURES)
    want = compare_months(duo["both"], ACCOUNT, "2026-10", "2026-09").set_index("figure")
    for figure, v in doc["figures"].items():
        assert set(v) == {"value", "with_value", "change", "pct_change"}
        for key, col in (("value", "value"), ("with_value", "other"), ("change", "change"), ("pct_change", "pct_change")):
            expected = want.loc[figure, col]
            assert (v[key] is None) if expected != expected else v[key] == pytest.approx(expected), (figure, key)
    assert doc["figures"]["impressions"]["value"] is None  # Bluesky and Mastodon report no impressions: null, never 0
    assert isinstance(doc["figures"]["posts"]["change"], int)
    code, out, err = _run(capfd, "compare", "--account", ACCOUNT, "--month", "2026-10", "--with", "2026-09", "--store", root,
                          "--metric", "posts", "community_ratio", "--out", tmp_path / "c.csv")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["figure", "2026-10", "2026-09", "change", "relative"]
    assert out.splitlines()[2].startswith("community_ratio") and " pp " in out.splitlines()[2]  # a share changes in points
    header, rows = read_csv(tmp_path / "c.csv")
    assert header == ["figure", "2026-10", "2026-09", "change", "pct_change (%)"]
    assert [r[0] for r in rows] == ["posts", "community_ratio"]


def test_one_platform(duo, capfd):
    args = ["--account", ACCOUNT, "--from", "2026-10", "--to", "2026-10", "--json", "--metric", "posts", "members"]
    code, out, err = _run(capfd, "trend", *args, "--store", duo["both"].root, "--platform", "bluesky")
    assert code == 0, err
    one = json.loads(out)
    code, out, err = _run(capfd, "trend", *args, "--store", duo["bluesky"].root)
    alone = json.loads(out)
    assert one.pop("platform") == "bluesky" and one == alone


@pytest.mark.parametrize(
    "argv, message",
    [
        (["trend", "--from", "2026-13", "--to", "2026-10"], "month must be YYYY-MM"),
        (["trend", "--from", "2026-10", "--to", "2026-08"], "--to must be the same month as --from or later"),
        (["trend", "--from", "2026-09", "--to", "2026-10", "--metric", "likes"], "metric must be one of"),
        (["trend", "--from", "2026-09", "--to", "2026-10", "--platform", "x"], "platform must be one of the platforms of 'duo'"),
        (["trend", "--from", "2026-09", "--to", "2026-10", "--out", "t.txt"], "expected a file name ending in .csv or .xlsx"),
        (["compare", "--month", "2026-10", "--with", "10/2026"], "month must be YYYY-MM"),
        (["compare", "--month", "2026-10", "--with", "2026-09", "--account", "nobody"], "account must be one of the store's accounts"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(duo, capfd, argv, message):
    argv = [*argv, "--store", str(duo["both"].root)]
    if "--account" not in argv:
        argv += ["--account", ACCOUNT]
    code, out, err = _run(capfd, *argv)
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert len(lines) == 1 and lines[0].startswith(f"libcommunity {argv[0]}: error: ") and message in lines[0], lines
