"""report/sections/headline.py on the hand-built ``tiny`` store (figures worked out in tests/report_fixtures.py)."""

from __future__ import annotations

from libcommunity.report.sections import headline
from tests.report_fixtures import tiny_report, tiny_store  # noqa: F401


def test_headline_figures_and_changes(tiny_report):  # noqa: F811
    text = headline(tiny_report).text
    assert text.startswith("## At a glance\nIs a community forming around the account")
    # Europe/Madrid: English numbers with the Spanish territory's decimal comma (en_ES).
    assert "6 members took part in October 2025: 75.0% of the 8 followers." in text
    assert "Followers: 8 (+0 new, −0 lost; ±0 vs Sept 2025; +8 vs Oct 2024)" in text
    assert "Engaged members: 6 (+6 vs Sept 2025; +6 vs Oct 2024)" in text
    assert "Community ratio: 75.0% (engaged members per follower; +75 pp vs Sept 2025)" in text
    # over the items that need a reply (c1, c2, g1; m1 is praise); no item in September or a year before: no change
    assert "Response rate (needs a reply): 33.3% (1 of 3 answered)" in text
    assert "Median response time: 2 h (9 in 10 within 2 h)" in text
    assert "Posts: 2 (reach 300; +2 vs Sept 2025; +2 vs Oct 2024)" in text


def test_headline_trend_chart_has_alt_text_with_every_month(tiny_report):  # noqa: F811
    out = headline(tiny_report)
    assert "[chart] Two charts, Nov 2024 to Oct 2025. Followers at month end: 0, 0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8." in out.text
    assert "Engaged members per month: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6." in out.text
    assert out.html.count('<img src="data:image/png;base64,') == 1
    assert 'alt="Two charts, Nov 2024 to Oct 2025.' in out.html


def test_median_time_change_is_good_news_when_it_falls(tiny_report):  # noqa: F811
    from dataclasses import replace

    from libcommunity.report.build import Report
    from libcommunity.report.sections.headline import headline_cards

    d = replace(tiny_report.data, previous={"response": {"median_hours": 10.0}}, year_before={"response": {"median_hours": 1.0}})
    cards = headline_cards(Report(d, tiny_report.t))
    assert "Median response time: 2 h (9 in 10 within 2 h; −8 h vs Sept 2025; +1 h vs Oct 2024)" in cards.text
    assert '<span class="delta delta-good">▼ −8 h vs Sept 2025</span>' in cards.html
    assert '<span class="delta delta-bad">▲ +1 h vs Oct 2024</span>' in cards.html
