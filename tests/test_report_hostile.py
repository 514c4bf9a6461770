"""Hostile text in posts, comments, messages and handles is shown as text in the generated HTML, never run.

The report is produced the real way (``run_batch``: papermill, nbconvert, page), with ``--reveal`` so that
handles appear too, and the page is then parsed: no script, no event handler, no external resource, and
every hostile string is there, escaped.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest

from libcommunity.report import run_batch
from tests.report_fixtures import ACCOUNT, FORMULA, IMG, MONTH, SCRIPT, ingest_tables, tiny_tables

pytestmark = pytest.mark.slow

BAD_HANDLES = {"ben": "<script>alert('ben')</script>", "eva": '"><img src=x onerror=alert(2)>'}


class Inventory(HTMLParser):
    """Every element and attribute of a page, and its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    store = ingest_tables(root, tiny_tables(hostile=True, rename=BAD_HANDLES))
    batch = run_batch(store, MONTH, out=root / "reports", reveal=True, min_group=1, network=False, quiet=True)
    assert not batch.failed, batch.lines()
    return Path(root / "reports" / MONTH / f"{ACCOUNT}.html").read_text("utf-8")


def test_no_script_handler_or_external_resource(page):
    inv = Inventory()
    inv.feed(page)
    assert "script" not in inv.tags and "iframe" not in inv.tags and "svg" not in inv.tags
    assert not [a for a in inv.attrs if a[1].startswith("on")]
    for tag, name, value in inv.attrs:
        if name == "src":
            assert value.startswith("data:image/png;base64,"), (tag, value[:60])
        if name == "href":
            assert value.startswith("#"), (tag, value)
    lower = page.lower()
    for needle in ("require.js", "mathjax", "cdn.", "<script", "javascript:"):
        assert needle not in lower


def test_hostile_texts_are_shown_as_text(page):
    inv = Inventory()
    inv.feed(page)
    text = "".join(inv.text)
    assert SCRIPT in text  # c2's comment, in the list of questions waiting
    assert IMG in text and FORMULA in text  # g1's message and p1's post text
    assert "<script>alert('ben')</script>" in text  # ben's handle (reveal)
    assert html.escape(SCRIPT, quote=True) in page or html.escape(SCRIPT, quote=False) in page


def test_no_code_is_shown(page):
    assert "build_report" not in page and "sections." not in page and "import " not in page
    assert 'class="input' not in page and "jp-InputArea" not in page
