"""No report page shows a count of 1 to k - 1 people: every section, the network overview and the index of a small
hostile store (tests/small_store.py) are rendered and their HTML is scanned.

Two scans of the rendered HTML, not of the code:

* **marked counts**: every count of people a page shows is wrapped in ``<span class="people" data-people="N">``
  (a chart lists them in its ``<img data-people>``); each must be 0, ``k`` or more, or ``<k`` with the text
  "fewer than k", and the text must read as the number it stands for;
* **words** (English pages): numbers next to people-words ("3 attendees"), in the people columns of tables
  ("Members (uses)", "People", "Also online", ...) and "n of m" in the also-online cards must be 0 or ``k`` or
  more; this scan needs no mark, so it also catches a count formatted without :meth:`Translator.people` (and
  fails on the code before the rule: "#fair 1 (4)", "2 of 3", "1 (100%)").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.numbers import parse_decimal

from libcommunity.months import parse_month
from libcommunity.report import network, sections
from libcommunity.report.html import join
from libcommunity.report.i18n import Translator
from libcommunity.report.index import month_index_html
from tests.report_fixtures import ReportsByLanguage
from tests.small_store import ACCOUNTS, MONTH, build_small_hostile_store

K = 5
#: Table columns whose cells count people (English), with what may follow the count.
PEOPLE_COLUMNS = ("Members", "Members (uses)", "People", "Also online", "Event attendances", "Engaged members",
                  "Ambassadors")
#: A number followed by a word that names people (not "member comments", which counts comments).
PEOPLE_WORDS = re.compile(
    r"(?<![\w.,])(\d[\d,]*)\s+(?:members?(?!\s+comments?)|people|persons?|attendees?|respondents?|ambassadors?"
    r"|followers? (?:who|follow)|also online|offline only)\b"
)


class Page(HTMLParser):
    """The text of a page, its marked counts, its table cells by column, and its cards."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text, self.marked, self.cells, self.images = [], [], [], []
        self._span = None  # [value, text] of an open people span
        self._cell = None  # [column, text] of an open table cell
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "people" in (a.get("class") or "").split():
            self._span = [a.get("data-people"), ""]
        elif tag == "td":
            self._cell = [a.get("data-label"), ""]
        elif tag == "img":
            self.images.append((a.get("alt") or "", (a.get("data-people") or "").split()))
            self.text.append(" " + (a.get("alt") or "") + " ")

    def handle_endtag(self, tag):
        if tag == "span" and self._span is not None:
            self.marked.append(tuple(self._span))
            self._span = None
        elif tag == "td" and self._cell is not None:
            self.cells.append(tuple(self._cell))
            self._cell = None
        elif tag in ("p", "li", "div", "tr", "td", "th", "h2", "h3", "caption"):
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)
        if self._span is not None:
            self._span[1] += data
        if self._cell is not None:
            self._cell[1] += data

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def _allowed(n: int) -> bool:
    return n == 0 or n >= K


def _number(text: str, locale: str) -> int:
    return int(parse_decimal(text.replace("\u202f", "\xa0"), locale=locale))


def check_marked(page: Page, t: Translator) -> int:
    """Every marked count of the page is 0, k or more, or "<k" with the text "fewer than k"; returns how many."""
    fewer = t("fewer_than", k=t.num(K))
    for value, text in page.marked:
        if value.startswith("<"):
            assert value == f"<{K}" and text == fewer or text == fewer[:1].upper() + fewer[1:], (value, text)
        else:
            n = int(value)
            assert _allowed(n), f"a count of {n} people is shown: {text!r}"
            assert _number(text, t.locale) == n, (value, text)
    for alt, values in page.images:
        for value in values:
            assert value == f"<{K}" or _allowed(int(value)), f"chart states {value} people: {alt[:200]}"
    return len(page.marked) + sum(len(v) for _a, v in page.images)


def check_words(page: Page) -> None:
    """English pages: no number of 1 to k - 1 next to a people-word, in a people column, or as "n of m" also online."""
    text = page.all_text
    for m in PEOPLE_WORDS.finditer(text):
        n = int(m.group(1).replace(",", ""))
        assert _allowed(n), f"{m.group(0)!r} in …{text[max(0, m.start() - 80):m.end() + 40]!r}"
    for column, value in page.cells:
        if column in PEOPLE_COLUMNS:
            for number in re.findall(r"(?<![\d.,%])(\d[\d,]*)(?![\d.,]*\s*%)", value):
                n = int(number.replace(",", ""))
                assert _allowed(n), f"{column}: {value!r}"
    for m in re.finditer(r"also online\S*\s*[^\n]*?(\d+) of (\d+)", text):
        assert _allowed(int(m.group(1))) and _allowed(int(m.group(2))), m.group(0)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from tests.conftest import TEST_KEY

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        return build_small_hostile_store(tmp_path_factory.mktemp("small"))


#: ``{(store root, account, lang, options): (html, translator)}``: each page is built once per process, since the
#: module's store is only read (two tests scan the same English pages).
_PAGES: dict[tuple, tuple[str, Translator]] = {}
#: Each account's report data is collected once; the pages in other languages render it with their Translator.
_REPORTS = ReportsByLanguage()


def account_page(store, account, lang, **kw) -> tuple[str, Translator]:
    key = (str(store.root), account, lang, tuple(sorted(kw.items())))
    if key not in _PAGES:
        report = _REPORTS(store, account, MONTH, lang, **kw)
        _PAGES[key] = join([f(report) for f in sections.ALL]).html, report.t
    return _PAGES[key]


def network_page(store, lang, **kw) -> tuple[str, Translator]:
    t = network.translator(lang, **kw)
    return network.page_sections(network.collect(store, MONTH), t).html, t


def index_page(store, tmp_path, lang) -> tuple[str, Translator]:
    out = tmp_path / "reports"
    (out / MONTH).mkdir(parents=True, exist_ok=True)
    for name in ACCOUNTS:
        (out / MONTH / f"{name}.html").write_text("<html></html>")
    return month_index_html(store, out, parse_month(MONTH), lang=lang), Translator(lang)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_account_report_shows_no_small_count_of_people(store, account):
    html, t = account_page(store, account, "en")
    page = Page(html)
    assert check_marked(page, t) > 10  # the page does mark its counts of people
    assert any(v == f"<{K}" for v, _ in page.marked)  # and the store is hostile enough to need the rule
    check_words(page)


@pytest.mark.parametrize("lang", ["es", "sv"])
@pytest.mark.parametrize("account", ACCOUNTS)
def test_account_report_in_other_languages_marks_every_count(store, account, lang):
    html, t = account_page(store, account, lang)
    assert check_marked(Page(html), t) > 10


def test_network_page_shows_no_small_count_of_people(store):
    html, t = network_page(store, "en")
    page = Page(html)
    assert check_marked(page, t) >= len(ACCOUNTS)
    check_words(page)
    # quiet-lib's 3 engaged members: withheld, and so are its community ratio and the network's totals that would
    # give them away (the total minus the accounts shown).
    assert "not shown" in page.all_text


def test_index_shows_no_small_count_of_people(store, tmp_path):
    html, t = index_page(store, tmp_path, "en")
    page = Page(html)
    assert check_marked(page, t) == len(ACCOUNTS)
    assert (f"<{K}", "fewer than 5") in page.marked  # quiet-lib
    check_words(page)


def test_the_issues_figures_are_gone_and_come_back_with_reveal(store):
    """"#fair 1 (4)" (one member, four uses), an event row "1 (100%)" (Story time) and "2 (67%)" (Poetry evening)."""
    def cells(page, column):
        return [v for c, v in page.cells if c == column]

    quiet, busy = (Page(account_page(store, a, "en")[0]) for a in ("quiet-lib", "busy-lib"))
    assert "1 (4)" not in cells(quiet, "Members (uses)")
    assert not {"1 (100%)", "2 (67%)"} & set(cells(busy, "Also online"))
    assert "1 (4)" in cells(Page(account_page(store, "quiet-lib", "en", reveal=True)[0]), "Members (uses)")
    shown = cells(Page(account_page(store, "busy-lib", "en", min_group=1)[0]), "Also online")
    assert "1 (100%)" in shown and "2 (67%)" in shown


@pytest.mark.slow
def test_the_generated_pages_show_no_small_count_of_people(store, tmp_path):
    """The same scan over the files ``libcommunity report`` writes (papermill, nbconvert, page)."""
    from libcommunity.report import run_batch

    batch = run_batch(store, MONTH, out=tmp_path / "reports", lang="en", quiet=True)
    assert not batch.failed, batch.lines()
    t = Translator("en")
    for name in [*ACCOUNTS, "network", "index"]:
        page = Page(Path(tmp_path / "reports" / MONTH / f"{name}.html").read_text("utf-8"))
        assert check_marked(page, t) >= len(ACCOUNTS), name
        check_words(page)
