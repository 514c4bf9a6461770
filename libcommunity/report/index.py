"""Index pages: ``<out>/<month>/index.html`` links the month's reports, ``<out>/index.html`` the months."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..months import Month, parse_month
from ..store import Store
from .html import esc, page, table
from .i18n import Translator

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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    The file gets the permissions an ordinary write would give it
    (``0o666`` less the umask), not the ``0o600`` of a temporary file, so
    a web server can publish the reports.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _headline_rows(store: Store, month: Month, accounts: list[str], t: Translator) -> pd.DataFrame:
    """Key figures of each account (the contract figures only: a fraction of a second per account)."""
    from ..metrics import core_summary

    rows = []
    for account in accounts:
        s = core_summary(store, account, month)
        rows.append(
            {
                t("col_account"): account,
                t("col_followers"): t.num(s.get("followers_end")),
                t("col_engaged"): t.num(s.get("engaged_members")),
                t("col_community_ratio"): t.pct(s.get("community_ratio")),
                t("col_response_rate"): t.pct((s.get("response") or {}).get("rate")),
            }
        )
    return pd.DataFrame(rows)


def month_index_html(store: Store, out: Path, month: Month, *, lang: str = "en") -> str:
    """The month's index page: one link per account report, the network overview, key figures."""
    t = Translator(lang)
    mdir = out / str(month)
    reports = sorted(p.stem for p in mdir.glob("*.html") if p.stem not in ("index", "network"))
    links = "".join(f'<li><a href="{esc(name)}.html">{esc(name)}</a></li>' for name in reports)
    parts = [f'<section id="reports"><h2>{esc(t("index_reports"))}</h2><ul>{links}</ul></section>']
    if (mdir / "network.html").exists():
        parts.append(f'<section id="network"><p><a href="network.html">{esc(t("index_network"))}</a></p></section>')
    known = [a for a in reports if a in set(store.accounts())] if store.exists() else []
    if known:
        numeric = tuple(t(k) for k in ("col_followers", "col_engaged", "col_community_ratio", "col_response_rate"))
        figures = table(_headline_rows(store, month, known, t), caption=t("index_figures"), numeric=numeric).html
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


def write_indexes(store: Store, out: Path, month: Month, *, lang: str | None = None) -> None:
    """(Re)write the month's index and the top index, atomically."""
    out = Path(out)
    atomic_write_text(out / str(month) / "index.html", month_index_html(store, out, month, lang=lang or "en"))
    atomic_write_text(out / "index.html", root_index_html(out, lang=lang or "en"))
