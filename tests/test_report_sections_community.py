"""report/sections/community.py and people.py: segments against 90-9-1, changes, lists, small-number care."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from libcommunity.report.build import Report, build_report
from libcommunity.report.sections import community
from libcommunity.report.sections.people import ready_list, roster_list, why
from tests.report_fixtures import ACCOUNT, MONTH


def with_summary(report, segments, ladder=None, **changes):
    ms = dict(report.data.member_summary)
    ms["segments"] = {s: {"members": n, "share": n / sum(segments.values())} for s, n in segments.items()}
    ms["members"] = sum(segments.values())
    if ladder is not None:
        ms["ladder"] = ladder
    return Report(replace(report.data, member_summary=ms, **changes), report.t)


def test_segments_against_90_9_1(tiny_report):
    r = with_summary(tiny_report, {"silent_follower": 90, "active_participant": 8, "ambassador": 2})
    text = community(r).text
    # 2 ambassadors are fewer than min_group = 5: counted with the active participants (8 + 2 = 10), 9 % + 1 % expected.
    assert "Silent followers | 90 | 90.0% | 90%\nActive participants + Ambassadors | 10 | 10.0% | 10%" in text
    assert "Ambassadors | 2" not in text
    assert "No count of fewer than 5 people is shown" in text


def test_segments_shown_one_by_one_when_large_enough_or_revealed(tiny_report):
    r = with_summary(tiny_report, {"silent_follower": 90, "active_participant": 8, "ambassador": 5})
    assert "Ambassadors | 5 | 4.9% | 1%" in community(r).text
    small = with_summary(tiny_report, {"silent_follower": 90, "active_participant": 8, "ambassador": 2})
    revealed = Report(replace(small.data, reveal=True), small.t)
    assert "Ambassadors | 2 | 2.0% | 1%" in community(revealed).text


def test_transitions_small_kinds_become_other_changes(tiny_report, tiny_sept_report):
    # Changes need data in the month before: tiny_sept_report has September 2025 (the library posted, nobody else
    # took part), tiny_report has none and shows no change at all (not 8 members "joined").
    assert "No data for Sept 2025: changes since then cannot be shown." in community(tiny_report).text
    text = community(tiny_sept_report).text
    # ana, ben, cai, dan, eva, fay were silent followers in September and took part in October;
    # gus and hal stayed silent (2: fewer than 5). Shown as "other changes | fewer than 5" beside the 6 and the
    # segments' total of 8, the 2 would be the difference: the 6 joins them, and "other changes" holds 8.
    assert "8 members changed segment or stayed, but the kinds of change are not shown" in text
    assert "| 6" not in text.split("### Changes")[1].split("###")[0]
    revealed = community(Report(replace(tiny_sept_report.data, reveal=True), tiny_sept_report.t)).text
    assert "silent followers who took part | 6\nno change | 2" in revealed


def test_short_lists_are_withheld_unless_reveal(tiny_sept_report):
    # the ready list compares with the month before: the variant with September's data (silent followers then)
    d = tiny_sept_report.data
    assert 0 < len(d.ready) < 5  # dan (a mention) and fay (reactions): silent in September, only like/recommend now
    out = ready_list(tiny_sept_report)
    assert "Fewer than 5 people are on this list, so it is not shown" in out.text
    assert "<table" not in out.html
    revealed = ready_list(Report(replace(d, reveal=True), tiny_sept_report.t))
    assert "<table" in revealed.html


def test_roster_lists_pseudonyms_or_handles(tiny_report):
    d = tiny_report.data
    roster = pd.DataFrame(
        {"member": [f"m_{i}" for i in range(6)], "platform": ["mastodon"] * 6, "shares": [3, 1, 0, 0, 0, 2],
         "mentions": [1, 0, 2, 0, 0, 0], "ugc": [0] * 6, "replies_given": [0, 0, 0, 4, 0, 0], "events": [0, 0, 0, 0, 1, 0],
         "surveys": [0] * 6, "comments": [0, 0, 0, 0, 0, 1], "ladder_step": ["lead", "co_own", "co_own", "co_own", "co_own", "contribute"]}
    )
    ids = pd.DataFrame({"platform": ["mastodon"] * 6, "member": [f"m_{i}" for i in range(6)],
                        "handle": ["@a", "@b", "@c", "<b>@d</b>", "@e", "@f"]}).astype("string")
    r = Report(replace(d, roster=roster), tiny_report.t)
    text = roster_list(r).text
    assert "Member (pseudonym) | What they did | Ladder step" in text
    assert "m_0 | shared 3 posts, mentioned the library once | lead" in text
    assert "m_3 | answered other members 4 times | co-own" in text
    shown = roster_list(Report(replace(d, roster=roster, reveal=True, identities=ids), tiny_report.t))
    assert "Handle | What they did" in shown.text and "@a | shared 3 posts" in shown.text
    assert "&lt;b&gt;@d&lt;/b&gt;" in shown.html and "<b>@d</b>" not in shown.html


def test_why_in_spanish(tiny_store):
    r = build_report(tiny_store, ACCOUNT, MONTH, lang="es")
    row = {"shares": 1, "mentions": 3, "ugc": 0, "replies_given": 1, "events": 2, "surveys": 0, "comments": 0}
    assert why(r, row) == "compartió 1 publicación, mencionó a la biblioteca 3 veces, respondió a otro miembro una vez, vino a 2 actividades"


@pytest.mark.parametrize("min_group", [1, 2])
def test_min_group_one_or_two_shows_the_ready_list(tiny_sept_store, min_group):
    r = build_report(tiny_sept_store, ACCOUNT, MONTH, lang="en", min_group=min_group)  # dan and fay are ready
    assert len(r.data.ready) >= min_group
    assert "<table" in ready_list(r).html
