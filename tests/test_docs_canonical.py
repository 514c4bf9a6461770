"""docs/canonical.md's worked example, taken from the page itself, builds a store with the figures the page states."""

from __future__ import annotations

import re
import shlex

import pytest

from libcommunity.cli import main
from libcommunity.csv_templates import TEMPLATE_TABLES
from libcommunity.metrics import monthly_summary
from libcommunity.schemas import TABLES
from libcommunity.store import Store

from .conftest import ROOT

PAGE = ROOT / "docs" / "canonical.md"
#: A fenced block: its info string (language and optional file name) and its text.
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def blocks(text: str) -> list[tuple[str, str, str]]:
    """``(language, file name or "", body)`` of every fenced block, in order."""
    out = []
    for info, body in FENCE.findall(text):
        lang, _, name = info.strip().partition(" ")
        out.append((lang, name.strip(), body))
    return out


@pytest.fixture
def example(tmp_path, monkeypatch):
    """The page's CSV files written into a folder, and its shell commands run there."""
    found = blocks(PAGE.read_text("utf-8"))
    files = {name: body for lang, name, body in found if lang == "csv" and name}
    assert set(files) == {"posts.csv", "interactions.csv", "members.csv"}
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    commands = [line for lang, _, body in found if lang == "bash" for line in body.splitlines()
                if line.startswith("libcommunity ") and "posts.csv" in body]
    assert [c.split()[1] for c in commands] == ["ingest", "metrics"]
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
    return Store(tmp_path / "example-store")


def test_the_worked_example_gives_the_figures_the_page_states(example):
    s = monthly_summary(example, "riverside-library", "2026-10")
    assert s["posts"] == 2
    assert {k: v for k, v in s["interactions"].items() if v} == {
        "comment": 2, "reaction": 2, "share": 1, "message": 1, "event": 1, "survey": 1}
    assert s["engaged_members"] == 4
    assert (s["followers_end"], s["new_followers"], s["lost_followers"]) == (4, 1, 1)
    assert s["community_ratio"] == 1.0
    r = s["response"]
    assert (r["items"], r["answered"], r["rate"], r["median_hours"]) == (2, 2, 1.0, 7.25)
    assert s["member_to_member_share"] == 0.5
    o = s["offline"]
    assert (o["event_attendees"], o["attendees_online"], o["survey_respondents"], o["respondents_online"]) == (1, 1, 1, 0)


def test_the_page_documents_every_column_of_every_table():
    text = PAGE.read_text("utf-8")
    for table in TEMPLATE_TABLES:
        section = re.split(r"\n##+ ", text.split(f"### `{table}`", 1)[1], maxsplit=1)[0]
        documented = set(re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", section, re.MULTILINE))
        names = {n for cell in documented for n in re.findall(r"`(\w+)`", cell)}
        assert names == set(TABLES[table].column_names), table


def test_the_page_lists_the_allowed_values_of_the_schemas():
    text = PAGE.read_text("utf-8")
    for table, column in (("posts", "kind"), ("interactions", "kind"), ("posts", "platform")):
        for value in TABLES[table].column(column).choices:
            assert f"`{value}`" in text, (table, column, value)
