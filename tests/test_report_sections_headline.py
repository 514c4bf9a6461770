"""report/sections/headline.py on the hand-built ``tiny`` store (figures worked out in tests/report_fixtures.py)."""

from __future__ import annotations

from libcommunity.report.sections import headline


def test_headline_figures_and_changes(tiny_report, tiny_sept_report):
    # tiny_sept_report: the variant with data in September 2025 (report_fixtures: the library's post p0 and its own
    # comment, nobody else took part), so the changes against September can be made; October 2024 has no data.
    text = headline(tiny_sept_report).text
    assert text.startswith("## At a glance\nIs a community forming around the account")
    # Europe/Madrid: English numbers in English (en_GB, Spanish is the territory's language): a decimal point.
    assert "6 members took part in October 2025: 75.0% of the 8 followers." in text
    # September: 8 followers (since January), 0 engaged members (ratio 0 / 8 = 0.0), 1 post (p0).
    assert "Followers: 8 (+0 new, −0 lost; ±0 vs Sept 2025; no data for Oct 2024)" in text
    assert "Engaged members: 6 (+6 vs Sept 2025; no data for Oct 2024)" in text
    assert "Community ratio: 75.0% (engaged members per follower; +75 pp vs Sept 2025; no data for Oct 2024)" in text
    # over the items that need a reply (c1, c2, g1; m1 is praise); no item in September: no rate to compare with
    assert "Response rate (needs a reply): 33.3% (1 of 3 answered; no data for Oct 2024)" in text
    assert "Median response time: 2 h (9 in 10 within 2 h; no data for Oct 2024)" in text
    assert "Posts: 2 (reach 300; +1 vs Sept 2025; no data for Oct 2024)" in text
    # tiny itself has data in October 2025 only: no change against a month without data, not "+8 vs Oct 2024"
    text = headline(tiny_report).text
    assert "Followers: 8 (+0 new, −0 lost; no data for Sept 2025; no data for Oct 2024)" in text
    assert "Engaged members: 6 (no data for Sept 2025; no data for Oct 2024)" in text
    assert "Posts: 2 (reach 300; no data for Sept 2025; no data for Oct 2024)" in text
    assert " vs Sept 2025" not in text and " vs Oct 2024" not in text


def test_headline_trend_chart_has_alt_text_with_every_month(tiny_sept_report):
    out = headline(tiny_sept_report)
    # months outside the data (before September 2025) are blank, not zero; September is a true 0 engaged members
    assert "[chart] Two charts, Nov 2024 to Oct 2025. Followers at month end: –, –, –, –, –, –, –, –, –, –, 8, 8." in out.text
    assert "Engaged members per month: –, –, –, –, –, –, –, –, –, –, 0, 6." in out.text
    assert ("No data for Nov 2024, Dec 2024, Jan 2025, Feb 2025, Mar 2025, Apr 2025, May 2025, Jun 2025, Jul 2025, "
            "Aug 2025: those months are left blank, not drawn as zero.") in out.text
    assert out.html.count('<img src="data:image/png;base64,') == 1
    assert 'alt="Two charts, Nov 2024 to Oct 2025.' in out.html


def test_median_time_change_is_good_news_when_it_falls(tiny_report):
    from dataclasses import replace

    from libcommunity.report.build import Report
    from libcommunity.report.sections.headline import headline_cards

    # both months with data (tiny has none in them: without has_data the card says "no data for ...")
    growth = {"mom": {"month": "2025-09", "has_data": True}, "yoy": {"month": "2024-10", "has_data": True}}
    d = replace(tiny_report.data, summary={**tiny_report.data.summary, "growth": growth},
                previous={"response": {"median_hours": 10.0}}, year_before={"response": {"median_hours": 1.0}})
    cards = headline_cards(Report(d, tiny_report.t))
    assert "Median response time: 2 h (9 in 10 within 2 h; −8 h vs Sept 2025; +1 h vs Oct 2024)" in cards.text
    assert '<span class="delta delta-good">▼ −8 h vs Sept 2025</span>' in cards.html
    assert '<span class="delta delta-bad">▲ +1 h vs Oct 2024</span>' in cards.html
