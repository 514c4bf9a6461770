"""Figures a report batch computes once and shares between its pages.

In a batch (``libcommunity report``, :func:`~libcommunity.report.batch.run_batch`)
each account's monthly report computes, in its scope, the core figures of the
thirteen months it shows (the month, the eleven before it and the same month
a year earlier) and the segment summary of the month. It writes them to
``<out>/<month>/.figures/<account>.json`` (:func:`write_figures`); the network
overview (which shows each account's month and thirteen-month history) and
the index pages (the month's key figures) run after the accounts' reports and
read them (:func:`load_figures`) instead of computing them again, so a batch
computes each account-month's figures once. The folder is removed when the
batch ends.

A file is used only by a scope of the same account, platform and store
generation (the manifest's ``generation``: the store has not changed since);
anything missing or stale is computed as usual. The files hold aggregate
figures only (no member, no text).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..months import parse_month
from .files import atomic_write_text

__all__ = ["FIGURES_DIR", "figures_dir", "write_figures", "load_figures", "remove_figures"]

#: Name of the folder, inside a month's report folder, where a batch's pages share their figures.
FIGURES_DIR = ".figures"
FORMAT = 1


def figures_dir(out, month) -> Path:
    """``<out>/<month>/.figures``: where the batch of ``month`` into ``out`` shares its figures."""
    return Path(out) / str(parse_month(month)) / FIGURES_DIR


def _path(directory, account: str) -> Path:
    return Path(directory) / f"{account}.json"


def write_figures(directory, scope, month, *, segments: dict | None = None) -> Path:
    """Write the core figures ``scope`` has computed for ``month`` and the months before it, and ``segments``.

    Parameters
    ----------
    directory : path-like
        The batch's figures folder (created if missing).
    scope : Scope
        The scope of the account's report, after it was computed.
    month : str or Month
        The report month.
    segments : dict, optional
        :func:`~libcommunity.segments.summarise_members` of the month.
    """
    m = parse_month(month)
    core = {}
    for i in range(25):  # whatever the report computed, up to two years back
        key = ("core", m.shift(-i))
        if scope.cached(key):
            core[str(m.shift(-i))] = scope.stored(key)
    doc = {
        "format": FORMAT,
        "account": scope.account,
        "platform": scope.platform,
        "month": str(m),
        "generation": scope.generation,
        "core": core,
        "segments": segments,
    }
    path = _path(directory, scope.account)
    atomic_write_text(path, json.dumps(doc, ensure_ascii=False))
    return path


def load_figures(directory, scope, month) -> dict | None:
    """Give ``scope`` the figures a report of the same batch shared; return the document, or None.

    The core figures become the scope's (``core_summary``, ``monthly_trend``
    and growth comparisons of those months then read nothing); the caller
    takes ``doc["segments"]`` if it needs the segment summary. Nothing happens
    when ``directory`` is empty or None, the file is missing, unreadable, or of
    another account, platform, month or store generation.
    """
    if not directory:
        return None
    try:
        doc = json.loads(_path(directory, scope.account).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    same = (doc.get("format"), doc.get("account"), doc.get("platform"), doc.get("month"))
    if same != (FORMAT, scope.account, scope.platform, str(parse_month(month))) or doc.get("generation") != scope.generation:
        return None
    for label, figures in doc.get("core", {}).items():
        scope.memo(("core", parse_month(label)), lambda figures=figures: figures)
    return doc


def remove_figures(directory) -> None:
    """Remove a batch's figures folder."""
    shutil.rmtree(directory, ignore_errors=True)
