"""``--platform`` on metrics, segment and report, and the report's cut lists pointing to the command that lists them."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError
from libcommunity.metrics import Scope, monthly_summary
from libcommunity.months import parse_month
from libcommunity.report.batch import plan_jobs, report_name, run_batch
from libcommunity.report.i18n import LANGUAGES, Translator
from libcommunity.report.sections.conversation import MAX_UNANSWERED, unanswered_table
from libcommunity.report.sections.people import MAX_PEOPLE, roster_list

from .cli_helpers import ACCOUNT, MONTH, duo  # noqa: F401  (fixture)
from .report_helpers import MONTHLY_PARAMETERS, network_template, write_notebook

PLATFORM_PARAMETERS = MONTHLY_PARAMETERS + '\nplatform: str = ""  # one platform'


def _run(capfd, *argv):
    code = main([str(a) for a in argv])
    out, err = capfd.readouterr()
    return code, out, err


def test_metrics_of_one_platform_is_what_the_platform_alone_gives(duo, capfd):
    code, out, err = _run(capfd, "metrics", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root,
                          "--platform", "bluesky", "--json")
    assert code == 0, err
    one = json.loads(out)
    assert list(one)[:2] == ["account", "platform"] and one.pop("platform") == "bluesky"
    code, out, err = _run(capfd, "metrics", "--account", ACCOUNT, "--month", MONTH, "--store", duo["bluesky"].root, "--json")
    alone = json.loads(out)
    # Who also took part on the other platform is unknown to one platform's figures (null), and nobody in a
    # one-platform store (0); every other figure is the same.
    assert one["people"].pop("engaged_people_multiplatform") is None
    assert alone["people"].pop("engaged_people_multiplatform") == 0
    assert one == alone
    whole = monthly_summary(duo["both"], ACCOUNT, MONTH)
    assert whole["posts"] > one["posts"]
    code, out, err = _run(capfd, "metrics", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root,
                          "--platform", "bluesky")
    assert code == 0 and out.startswith("duo · bluesky · 2026-10 (Europe/Stockholm)")


def test_segment_of_one_platform(duo, capfd, tmp_path):
    code, out, err = _run(capfd, "segment", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root,
                          "--platform", "mastodon", "--json", "--out", tmp_path / "m.csv")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["summary"]["platform"] == "mastodon"
    assert {m["platform"] for m in doc["members"]} == {"mastodon"}
    assert doc["summary"]["members"] == len(doc["members"]) == len(pd.read_csv(tmp_path / "m.csv", sep=None, engine="python"))
    code, out, err = _run(capfd, "segment", "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root, "--json")
    assert {m["platform"] for m in json.loads(out)["members"]} == {"bluesky", "mastodon"}


@pytest.mark.parametrize("command", ["metrics", "segment"])
def test_a_platform_the_account_does_not_have_is_one_clear_error(duo, capfd, command):
    code, out, err = _run(capfd, command, "--account", ACCOUNT, "--month", MONTH, "--store", duo["both"].root, "--platform", "x")
    assert code == 2 and out == ""
    assert err.strip() == (f"libcommunity {command}: error: platform must be one of the platforms of 'duo' "
                           "(bluesky, mastodon); got 'x' instead")


def test_report_jobs_of_one_platform(duo, tmp_path):
    templates = tmp_path / "tpl"
    write_notebook(templates / "monthly_report.ipynb", ["print(platform)"], parameters=PLATFORM_PARAMETERS)
    network_template(templates)
    jobs = plan_jobs(duo["both"], MONTH, out=tmp_path / "out", templates=templates, platform="bluesky")
    assert [j.label for j in jobs] == ["duo.bluesky"]  # no network overview
    (job,) = jobs
    assert job.output == (tmp_path / "out").resolve() / MONTH / "duo.bluesky.html"
    assert job.parameters["platform"] == "bluesky" and job.title.startswith("duo · bluesky · ")
    assert report_name("a-b", "x") != report_name("a", "b-x")  # a platform's page never takes another account's name
    with pytest.raises(ParameterError, match=r"platform must be one of the platforms of 'duo' \(bluesky, mastodon\); got 'x'"):
        plan_jobs(duo["both"], MONTH, accounts=[ACCOUNT], out=tmp_path / "out", templates=templates, platform="x")
    with pytest.raises(ParameterError, match="platform must be a platform of one of the store's accounts; got 'tiktok'"):
        plan_jobs(duo["both"], MONTH, out=tmp_path / "out", templates=templates, platform="tiktok")
    plain = tmp_path / "plain"
    write_notebook(plain / "monthly_report.ipynb", ["print(account)"])
    with pytest.raises(ParameterError, match="must declare a 'platform' parameter"):
        plan_jobs(duo["both"], MONTH, out=tmp_path / "out", templates=plain, platform="bluesky")


def test_report_of_one_platform_shows_that_platforms_figures(duo, tmp_path):
    templates = tmp_path / "tpl"
    cell = ("from libcommunity.report.build import build_report\nfrom libcommunity.store import Store\n"
            "r = build_report(Store(store), account, month, lang=lang, platform=platform)\n"
            "print('posts', r.data.summary['posts'], r.data.platforms, r.title)")
    write_notebook(templates / "monthly_report.ipynb", [cell], parameters=PLATFORM_PARAMETERS)
    batch = run_batch(duo["both"], MONTH, out=tmp_path / "out", templates=templates, platform="mastodon", quiet=True)
    assert not batch.failed, batch.lines()
    html = (tmp_path / "out" / MONTH / "duo.mastodon.html").read_text()
    posts = monthly_summary(duo["both"], ACCOUNT, MONTH)["posts"]
    m = re.search(r"posts (\d+) \[(?:&#x27;|')mastodon(?:&#x27;|')\] duo · mastodon · ", html)
    assert m, html[-2000:]
    with Scope(duo["both"], ACCOUNT, platform="mastodon") as scope:
        assert int(m.group(1)) == monthly_summary(scope, ACCOUNT, MONTH)["posts"] < posts
    index = (tmp_path / "out" / MONTH / "index.html").read_text()
    assert 'href="duo.mastodon.html">duo · mastodon</a>' in index
    assert not (tmp_path / "out" / MONTH / "network.html").exists()


def test_the_real_report_template_of_one_platform(duo, tmp_path, capfd):
    code, out, err = _run(capfd, "report", "--month", MONTH, "--platform", "bluesky", "--store", duo["both"].root,
                          "--out", tmp_path / "reports", "-q")
    assert code == 0, err
    html = (tmp_path / "reports" / MONTH / "duo.bluesky.html").read_text()
    assert "<h1>duo · bluesky · communityrapport · oktober 2026</h1>" in html
    assert not (tmp_path / "reports" / MONTH / "duo.html").exists()


def _fake_report(lang, *, platform=None, people=0, unanswered=0):
    members = pd.DataFrame({"member": [f"m_{i:04d}" for i in range(people)], "platform": "bluesky",
                            "shares": 1, "mentions": 0, "ugc": 0, "replies_given": 0, "events": 0, "surveys": 0,
                            "comments": 0, "ladder_step": "lead"})
    waiting = pd.DataFrame({"text": ["?"] * unanswered, "created_at": pd.Timestamp("2026-10-02T10:00Z"),
                            "kind": "comment", "hours_waiting": 60.0, "platform": "bluesky", "member_id": "m"})
    data = SimpleNamespace(account="duo", month=parse_month(MONTH), platform=platform, platforms=["bluesky"], reveal=True,
                           min_group=1, identities=None, roster=members, unanswered=waiting)
    return SimpleNamespace(data=data, t=Translator(lang, "Europe/Stockholm"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reports_cut_lists_name_the_command_that_lists_them_all(lang):
    report = _fake_report(lang, people=MAX_PEOPLE + 4, unanswered=MAX_UNANSWERED + 3)
    roster = roster_list(report).text
    assert "libcommunity roster --account duo --month 2026-10" in roster and "4" in roster
    waiting = unanswered_table(report).text
    assert "libcommunity todo --account duo --month 2026-10" in waiting and "3" in waiting
    one = roster_list(_fake_report(lang, platform="bluesky", people=MAX_PEOPLE + 1)).text
    assert "libcommunity roster --account duo --month 2026-10 --platform bluesky" in one
    assert "libcommunity roster" not in roster_list(_fake_report(lang, people=MAX_PEOPLE)).text  # nothing cut
