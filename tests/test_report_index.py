"""Index pages: the month's index lists its reports, links the network overview and shows key figures; the top
index lists the months. Both are self-contained and written atomically."""

from __future__ import annotations

import re
import stat

import pytest

from libcommunity.months import parse_month
from libcommunity.report.execute import external_references
from libcommunity.report.i18n import Translator
from libcommunity.report.index import atomic_write_text, month_index_html, write_indexes

from .conftest import TEST_KEY
from .report_helpers import MONTH, NAMES, build_small_store, leftovers


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        return build_small_store(tmp_path_factory.mktemp("small"))


def fake_reports(out, month, names, *, network=True):
    d = out / month
    d.mkdir(parents=True, exist_ok=True)
    for n in names:
        (d / f"{n}.html").write_text(f"report of {n}")
    if network:
        (d / "network.html").write_text("network")
    return d


def test_month_index_lists_reports_links_network_and_shows_key_figures(tmp_path, store):
    from libcommunity.metrics import core_summary

    out = tmp_path / "reports"
    fake_reports(out, MONTH, [*NAMES, "old-lib"])
    (out / MONTH / "notes.txt").write_text("not a report")
    write_indexes(store, out, parse_month(MONTH))
    page = (out / MONTH / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="([^"]+)">', page)
    assert links == [f"{n}.html" for n in sorted([*NAMES, "old-lib"])] + ["network.html", "../index.html"]
    page = re.sub(r' role="cell" data-label="[^"]*"', "", page)  # cells as values (their phone labels aside)
    assert 'id="reports"' in page and 'id="network"' in page and 'id="figures"' in page
    t = Translator("en")
    for name in NAMES:
        s = core_summary(store, name, MONTH)
        engaged = s["engaged_members"]
        if 0 < engaged < 5:  # min_group 5: a count of people withheld, and the ratio that rests on it
            cells = '<span class="people" data-people="&lt;5">fewer than 5</span></td><td class="num">not shown'
        else:
            cells = f'<span class="people" data-people="{engaged}">{t.num(engaged)}</span></td><td class="num">{t.pct(s["community_ratio"])}'
        row = (f'<td class="txt">{name}</td><td class="num">{t.num(s["followers_end"])}</td>'
               f'<td class="num">{cells}</td><td class="num">{t.pct(s["response"]["rate"])}</td>')
        assert row in page, name
    assert "fewer than 5" in page  # ash-lib's 2 engaged members (quiet) are withheld
    assert '<td class="txt">old-lib</td>' not in page  # a report of an account no longer in the store: linked, no figures
    assert external_references(page) == [] and "<script" not in page
    assert "<title>Community reports · October 2026</title>" in page


def test_month_index_without_network_or_store_accounts(tmp_path, store):
    out = tmp_path / "reports"
    fake_reports(out, MONTH, ["ash-lib"], network=False)
    page = month_index_html(store, out, parse_month(MONTH), lang="sv")
    assert 'href="network.html"' not in page and 'id="network"' not in page
    assert '<html lang="sv">' in page and "Rapporter per konto" in page and "oktober 2026" in page


def test_root_index_lists_months_with_an_index_newest_first(tmp_path, store):
    out = tmp_path / "reports"
    for month in ("2026-08", "2026-10", "2026-09"):
        fake_reports(out, month, ["ash-lib"])
        write_indexes(store, out, parse_month(month), lang="es")
    (out / "2026-07").mkdir()  # no index: not listed
    (out / "drafts").mkdir()  # not a month
    write_indexes(store, out, parse_month("2026-10"), lang="es")
    page = (out / "index.html").read_text("utf-8")
    assert re.findall(r'<a href="([^"]+)">', page) == ["2026-10/index.html", "2026-09/index.html", "2026-08/index.html"]
    assert "octubre de 2026" in page and 'id="months"' in page
    assert external_references(page) == []


def test_index_files_are_written_atomically_with_ordinary_permissions(tmp_path):
    target = tmp_path / "reports" / "index.html"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o044 == 0o044  # readable by a web server, unlike a 0600 temporary file
    assert leftovers(tmp_path / "reports") == []


def test_a_failed_index_write_leaves_the_previous_file(tmp_path, monkeypatch):
    import os

    target = tmp_path / "index.html"
    atomic_write_text(target, "previous")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "previous"
    assert leftovers(tmp_path) == []


def test_index_escapes_report_names(tmp_path, store):
    out = tmp_path / "reports"
    d = fake_reports(out, MONTH, [], network=False)
    (d / 'x"><b>bold.html').write_text("odd file")
    page = month_index_html(store, out, parse_month(MONTH))
    assert "<b>bold" not in page and "x&quot;&gt;&lt;b&gt;bold" in page
