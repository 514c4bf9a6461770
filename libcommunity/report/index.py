"""Index pages: ``<out>/<month>/index.html`` links the month's reports, ``<out>/index.html`` the months."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..months import Month, parse_month
from ..store import Store
from .files import atomic_write_text
from .html import esc, page, table
from .i18n import Translator
from .shared import load_figures
from .smallgroups import SmallGroups

__all__ = ["write_indexes", "month_index_html", "root_index_html", "atomic_write_text"]

_MONTH_DIR = re.compile(r"^\d{4}-\d{2}$")


def _is_month(name: str) -> bool:
    """Whether a folder of the output is a month's (a stray ``2026-13/`` or ``9999-99/`` is left alone)."""
    if not _MONTH_DIR.match(name):
        return False
    try:
        parse_month(name)
    except ParameterError:
        return False
    return True


def _headline_rows(store: Store, month: Month, accounts: list[str], t: Translator, figures_dir=None) -> pd.DataFrame:
    """Key figures of each account (the contract figures only), from the batch's shared figures where it has them."""
    from ..metrics import Scope, core_summary

    rows = []
    for account in accounts:
        with Scope(store, account) as scope:
            load_figures(figures_dir, scope, month)
            s = core_summary(scope, account, month)
        engaged, ratio = s.get("engaged_members"), s.get("community_ratio")
        shown = t.small.share(engaged, s.get("followers_end"), ratio, complement=False)
        rows.append(
            {
                t("col_account"): account,
                t("col_followers"): t.num(s.get("followers_end")),
                t("col_engaged"): t.people(engaged),
                t("col_community_ratio"): t.pct(shown) if shown is not None or ratio is None else t.withheld(),
                t("col_response_rate"): t.pct((s.get("response") or {}).get("rate")),
            }
        )
    return pd.DataFrame(rows)


def month_index_html(store: Store, out: Path, month: Month, *, lang: str = "en", figures_dir=None,
                     min_group: int = 5, reveal: bool = False) -> str:
    """The month's index page: one link per account report, the network overview, key figures.

    ``figures_dir``: the folder where a batch's reports shared their figures
    (:mod:`~libcommunity.report.shared`); figures not found there are computed.
    ``min_group``, ``reveal``: the small-number rule of the reports
    (:class:`~libcommunity.report.smallgroups.SmallGroups`): engaged members
    are a count of people.
    """
    t = Translator(lang, small=SmallGroups(min_group, reveal))
    mdir = out / str(month)
    reports = sorted(p.stem for p in mdir.glob("*.html") if p.stem not in ("index", "network"))
    # "<account>.<platform>": one platform's report (libcommunity report --platform), shown as "<account> · <platform>".
    links = "".join(f'<li><a href="{esc(name)}.html">{esc(name.replace(".", " · "))}</a></li>' for name in reports)
    parts = [f'<section id="reports"><h2>{esc(t("index_reports"))}</h2><ul>{links}</ul></section>']
    if (mdir / "network.html").exists():
        parts.append(f'<section id="network"><p><a href="network.html">{esc(t("index_network"))}</a></p></section>')
    accounts = set(store.accounts()) if store.exists() else set()
    known = [a for a in reports if a in accounts]
    if known:
        numeric = tuple(t(k) for k in ("col_followers", "col_engaged", "col_community_ratio", "col_response_rate"))
        figures = table(_headline_rows(store, month, known, t, figures_dir), caption=t("index_figures"), numeric=numeric).html
        parts.append(f'<section id="figures">{figures}</section>')
    parts.append('<p><a href="../index.html">' + esc(t("index_all_months")) + "</a></p>")
    title = t("index_title", month=t.month(month))
    header = f'<header class="report-header"><h1>{esc(title)}</h1></header>'
    return page(lang=lang, title=title, body="".join(parts), header=header)


def root_index_html(out: Path, *, lang: str = "en") -> str:
    """The top index: one link per month that has reports, newest first."""
    t = Translator(lang)
    months = sorted(
        (d.name for d in out.iterdir() if d.is_dir() and _is_month(d.name) and (d / "index.html").exists()), reverse=True
    )
    items = "".join(
        f'<li><a href="{esc(m)}/index.html">{esc(t.month(Month(int(m[:4]), int(m[5:]))))}</a></li>' for m in months
    )
    title = t("index_root_title")
    return page(lang=lang, title=title, body=f'<section id="months"><ul>{items}</ul></section>', header=f'<header class="report-header"><h1>{esc(title)}</h1></header>')


def write_indexes(store: Store, out: Path, month: Month, *, lang: str | None = None, figures_dir=None,
                  min_group: int = 5, reveal: bool = False) -> None:
    """(Re)write the month's index and the top index, atomically (``figures_dir``, ``min_group``, ``reveal``: see
    :func:`month_index_html`)."""
    out = Path(out)
    page_html = month_index_html(store, out, month, lang=lang or "en", figures_dir=figures_dir, min_group=min_group,
                                 reveal=reveal)
    atomic_write_text(out / str(month) / "index.html", page_html)
    atomic_write_text(out / "index.html", root_index_html(out, lang=lang or "en"))
