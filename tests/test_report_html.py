"""report/html.py: escaping, cards, tables, and a page without anything that could run or load."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from libcommunity.report.html import cards, page, paragraph, strip_active, table

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '=HYPERLINK("http://evil","x")', '"><svg onload=alert(1)>']


def test_table_escapes_every_cell_and_header():
    frame = pd.DataFrame({"<th>": HOSTILE, "n": [1, 2, 3, 4]})
    out = table(frame, caption="<caption>", numeric=("n",), wide=("<th>",))
    assert "<script" not in out.html and "<img" not in out.html and "<svg" not in out.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out.html
    assert ('<td class="txt wide" role="cell" data-label="&lt;th&gt;">=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</td>'
            in out.html)
    assert '<td class="num" role="cell" data-label="n">1</td>' in out.html
    assert out.text.splitlines()[0] == "<caption>"  # the plain-text twin keeps the words as written


def test_table_cells_carry_their_column_for_the_phone_layout():
    out = table(pd.DataFrame({'Rate "now"': ["10 %"], "Account": ["a"]}), numeric=('Rate "now"',))
    assert '<table class="fold" role="table">' in out.html
    assert 'data-label="Rate &quot;now&quot;">10 %</td>' in out.html and 'data-label="Account">a</td>' in out.html
    assert strip_active(out.html) == out.html  # the page keeps the labels and roles


def test_cards_with_two_changes_and_tone():
    out = cards([{"label": "Median response time", "value": "13 h", "detail": "9 in 10 within 22 h",
                  "deltas": [{"text": "−7 h vs Sep", "direction": "down", "tone": "good"}, None,
                             {"text": "+3 h vs Oct 2024", "direction": "up", "tone": "bad"}]}])
    assert out.text == "Median response time: 13 h (9 in 10 within 22 h; −7 h vs Sep; +3 h vs Oct 2024)"
    assert '<span class="delta delta-good">▼ −7 h vs Sep</span>' in out.html
    assert '<span class="delta delta-bad">▲ +3 h vs Oct 2024</span>' in out.html


def test_cards_accept_the_old_single_delta():
    out = cards([{"label": "Followers", "value": "8", "delta": "+2", "trend": "up"}])
    assert '<span class="delta delta-good">▲ +2</span>' in out.html


def test_strip_active_removes_scripts_handlers_and_foreign_urls():
    body = (
        '<p class="x" onclick="x()">hi &amp; &lt;b&gt; <a href="javascript:alert(1)">j</a> <a href="#top">t</a></p>'
        '<script type="application/vnd.jupyter.widget-state+json">{"state": {}}</script>'
        '<img src="https://cdn.example/x.png"><img src="data:image/png;base64,AAAA" alt="a &quot;b&quot;">'
        '<iframe src="x"></iframe><!-- comment --><SCRIPT>alert(2)</SCRIPT><svg><script>1</script></svg>'
        '<link rel="stylesheet" href="https://cdn.example/x.css"><div style="color:red">é</div>'
    )
    out = strip_active(body)
    assert out == (
        '<p class="x">hi &amp; &lt;b&gt; <a>j</a> <a href="#top">t</a></p>'
        '<img><img src="data:image/png;base64,AAAA" alt="a &quot;b&quot;">'
        '<div style="color:red">é</div>'
    )


def test_page_is_self_contained():
    html = page(lang="en", title="<t>", body="<p>x</p><script src='https://cdn.jsdelivr.net/require.js'></script>",
                header=paragraph("<h>").html)
    assert "<script" not in html.lower() and "cdn" not in html
    assert "default-src 'none'" in html and "<title>&lt;t&gt;</title>" in html and "<p>&lt;h&gt;</p>" in html


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/p/1", True),
        ("http://example.org/p?id=1&x=2", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/p", False),
        ('https://example.org/"onmouseover="alert(1)', False),
        ("https://example.org/a b", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_table_links_only_plain_http_addresses(url, linked):
    from libcommunity.report.html import safe_url, table

    out = table(pd.DataFrame({"Post": ["view post"]}), links={"Post": [url]})
    assert ("<a href=" in out.html) == linked
    assert (safe_url(url) is not None) == linked
    if linked:
        assert f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer nofollow">view post</a>' in out.html
    assert out.text.splitlines()[-1] == "view post"
