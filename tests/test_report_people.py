"""The report of an account whose identities are linked into people: every section renders, people first.

The store is the hand-written library of ``tests/people_fixtures.py`` with its identities linked by who is who
(the same links as ``tests/test_metrics_people.py``); the figures themselves are checked there.
"""

from __future__ import annotations

import pytest

from libcommunity.people.linking import link_groups
from libcommunity.report.build import build_report

from .people_fixtures import ACCOUNT, people_store
from .test_metrics_people import MONTH, _truth_identities


@pytest.fixture(scope="module")
def linked_report(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        from .conftest import TEST_KEY

        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        store = people_store(tmp_path_factory.mktemp("people-report"))
        link_groups(store, ACCOUNT, list(_truth_identities().values()))
        return build_report(store, ACCOUNT, MONTH, lang="en", min_group=1)


@pytest.mark.parametrize("section", ["headline", "conversation", "community", "content", "offline", "next_steps"])
def test_every_section_renders_with_linked_people(linked_report, section):
    from libcommunity.report import sections

    html = getattr(sections, section)(linked_report)
    assert html.text.strip()


def test_people_come_first_where_identities_are_linked(linked_report):
    from libcommunity.report import sections

    headline = sections.headline(linked_report).text
    # 14 engaged identities are 9 people (tests/test_metrics_people.py works them out by hand); the card comes first
    card = "Engaged people: 9 (14 engaged identities; 8 identities linked into 3 people)"
    assert card in headline
    assert headline.index(card) < headline.index("Followers:")
    community = sections.community(linked_report).text
    assert "No ambassador this month." in community
