"""Every generated page in a real headless Chromium: no console error, no request but the file itself, the key
sections present, alt text on every image; on a 390 px phone no element sticks out of the screen or hides part of
itself in a scrolled box, and no chart text is smaller than 11 px; a screenshot of each in test-artifacts/.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) and Playwright's Python
package (test extras); Playwright's own browser download is not used. Skips, saying why, when either is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from libcommunity.report import run_batch
from libcommunity.report.charts import MIN_LABEL_PX, phone_label_px
from libcommunity.report.execute import NOTEBOOKS

from .conftest import ROOT, TEST_KEY
from .report_helpers import MONTH, NAMES, build_small_store, monthly_template

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
#: What sticks out at phone width: elements beyond the screen's edges, boxes whose content is wider than they are
#: (a table scrolled sideways hides its right-hand columns), and each chart's smallest text as shown. Elements a
#: ``clip`` hides (the folded tables' visually hidden header, kept for screen readers) are not on screen.
PHONE_CHECK = """
() => {
  const width = window.innerWidth;
  const hidden = (el) => { for (let a = el; a; a = a.parentElement) { const c = getComputedStyle(a).clip;
                                                                     if (c && c !== 'auto') return true; } return false; };
  const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '');
  const beyond = [], scrolled = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) beyond.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      scrolled.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth} px`);
  }
  const charts = [...document.images].map(i => [i.getAttribute('alt').slice(0, 50), i.getAttribute('data-min-font-px'),
                                                 i.naturalWidth, i.getBoundingClientRect().width]);
  return {beyond, scrolled, charts, width};
}
"""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
MONTHLY_EXISTS = (NOTEBOOKS / "monthly_report.ipynb").exists()


def monthly_anchors() -> list[str]:
    """Section ids of the monthly report (from the report's own layout, when it exists)."""
    try:
        from libcommunity.report.sections import SECTIONS
    except ImportError:  # pragma: no cover - before the monthly report exists
        return []
    return [anchor for anchor, *_ in SECTIONS]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) to run the browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """A small demo month: the real templates when the monthly report exists, else the network overview and a stand-in."""
    root = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        store = build_small_store(root)
    if MONTHLY_EXISTS:
        templates = NOTEBOOKS
    else:  # pragma: no cover - only until notebooks/reports/monthly_report.ipynb exists
        templates = root / "templates"
        templates.mkdir()
        shutil.copy(NOTEBOOKS / "network_overview.ipynb", templates)
        monthly_template(templates, chart=True)
    out = root / "reports"
    # serially: the pages are byte for byte those of a parallel batch (test_report_batch), without two more
    # processes importing the report's libraries
    batch = run_batch(store, MONTH, out=out, templates=templates, quiet=True)
    assert not batch.failed, batch.lines()
    return out


def expected_pages() -> list[tuple[str, str, list[str]]]:
    from libcommunity.report.network import SECTION_IDS

    pages = [
        ("index", "index.html", ["months"]),
        ("month-index", f"{MONTH}/index.html", ["reports", "network", "figures"]),
        ("network", f"{MONTH}/network.html", list(SECTION_IDS)),
    ]
    pages += [(name, f"{MONTH}/{name}.html", monthly_anchors() if MONTHLY_EXISTS else []) for name in NAMES]
    return pages


PAGES = expected_pages()


@pytest.mark.parametrize("name,relative,anchors", PAGES, ids=[p[0] for p in PAGES])
def test_page_in_chromium(browser, reports, name, relative, anchors):
    path = reports / relative
    assert path.is_file(), path
    url = path.as_uri()
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=True, offline=True)
    try:
        page = context.new_page()
        requests, blocked, problems = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        response = page.goto(url, wait_until="load")
        assert response is None or response.ok
        page.wait_for_load_state("networkidle")

        assert problems == []
        assert blocked == [] and [u for u in requests if u != url] == []
        assert page.locator("script").count() == 0
        assert page.title().strip()
        for anchor in anchors:
            assert page.locator(f"[id='{anchor}']").count() == 1, f"section #{anchor} missing on {name}"
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('alt'), e.naturalWidth, e.complete])")
        for alt, width, complete in images:
            assert alt and alt.strip(), f"an image of {name} has no alt text"
            assert complete and width > 0, f"an image of {name} did not decode ({alt[:60]})"
        if name == "network":
            assert len(images) >= 2
        # every link inside the reports leads to a page that exists
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urlparse(href)
            if target.scheme == "file":
                assert Path(unquote(target.path)).is_file(), f"{name} links to a missing page: {href}"

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        page.set_viewport_size(PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow} px wider than a phone screen"
        phone = page.evaluate(PHONE_CHECK)
        assert phone["width"] == PHONE["width"]
        assert phone["beyond"] == [], f"{name}: elements stick out of a {PHONE['width']} px screen: {phone['beyond'][:5]}"
        assert phone["scrolled"] == [], f"{name}: content hidden in boxes scrolled sideways: {phone['scrolled'][:5]}"
        for alt, smallest, natural, shown in phone["charts"]:
            assert smallest is not None, f"{name}: the chart {alt!r} does not say its smallest text size"
            on_screen = phone_label_px(float(smallest), natural, shown)
            assert on_screen >= MIN_LABEL_PX, f"{name}: the chart {alt!r} has {on_screen:.1f} px text on a phone"
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    finally:
        context.close()
