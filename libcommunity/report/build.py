"""The monthly report of one account: its data, computed once, and the language it speaks.

``notebooks/reports/monthly_report.ipynb`` calls :func:`build_report` once
and then one function of :mod:`libcommunity.report.sections` per cell::

    report = build_report(Store(store), account, month, lang=lang, reveal=reveal, min_group=min_group,
                          figures_dir=figures_dir)
    sections.headline(report)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import ParameterError
from ..store import Store
from .data import ReportData
from .i18n import LANGUAGES, Translator
from .prepared import compute_report_data, take
from .smallgroups import SmallGroups

__all__ = ["Report", "build_report", "compute_report_data", "report_label"]


def report_label(account: str, platform: str | None = None) -> str:
    """How a report names what it is about: the account, or ``<account> · <platform>``."""
    return account if not platform else f"{account} · {platform}"


@dataclass
class Report:
    """A monthly report ready to be rendered section by section.

    Attributes
    ----------
    data : ReportData
        Every result the report shows.
    t : Translator
        Texts, numbers and dates in the report's language and the account's locale, with the
        report's small-number rule (``t.small``: ``min_group``, ``reveal``).
    """

    data: ReportData
    t: Translator

    def __post_init__(self):
        # The small-number rule is the data's (min_group, reveal): one source of truth for every section.
        small = SmallGroups(self.data.min_group, self.data.reveal)
        if self.t.small != small:
            self.t = Translator(self.t.lang, self.t.timezone, small=small)

    @property
    def lang(self) -> str:
        return self.t.lang

    @property
    def title(self) -> str:
        """``<account> · community report · <month>`` in the report's language (``<account> · <platform>`` for one
        platform's report)."""
        return self.t("report_title", account=report_label(self.data.account, self.data.platform), month=self.t.month(self.data.month))


def build_report(
    store,
    account: str,
    month,
    *,
    lang: str | None = None,
    reveal: bool = False,
    min_group: int = 5,
    figures_dir: str | os.PathLike | None = None,
    platform: str | None = None,
) -> Report:
    """Compute the monthly report of ``account`` for ``month``.

    Parameters
    ----------
    store : Store, path, store-like or Scope
    account : str
    month : str or Month
        ``YYYY-MM`` in the account's timezone.
    lang : {"en", "es", "sv"}, optional
        Default: the account's language.
    reveal : bool, default False
        Show original handles (ambassador roster, lists of members, the
        authors of unanswered questions) instead of pseudonyms, and lists
        of fewer than ``min_group`` people.
    min_group : int, default 5
        Lists and table cells that would single out fewer people are
        withheld with a note saying why, unless ``reveal``.
    figures_dir : path-like, optional
        A batch's shared-figures folder: the report's core figures and segment
        summary are written there for the network overview and the index
        (:mod:`~libcommunity.report.shared`). Empty or None: nothing is written.
    platform : str, optional
        Report on this platform of the account alone (every figure from its rows
        only); None or empty: all the account's platforms.

    Returns
    -------
    Report

    Raises
    ------
    ParameterError
        For a malformed month, an unknown language or a bad ``min_group``.
    UnknownAccountError, StoreError
    """
    store = Store(store) if isinstance(store, (str, os.PathLike)) else store
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r} instead")
    options = dict(reveal=reveal, min_group=min_group, figures_dir=figures_dir, platform=platform)
    prepared = take(store, account, month, **options)
    data, default_lang = prepared or compute_report_data(store, account, month, **options)
    return Report(data=data, t=Translator(lang or default_lang, data.timezone))
