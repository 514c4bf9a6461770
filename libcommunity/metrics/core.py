"""The core figures of one account-month, computed once per scope.

:func:`core_figures` is what ``core_summary`` returns and what the growth
comparisons, the monthly trend, the network overview and the index pages are
made of: the contract figures of the month
(:func:`~libcommunity.metrics.contract.contract_figures`), JSON-ready, or, for
a month pruned by ``libcommunity prune``, the figures kept for it
(:mod:`~libcommunity.metrics.kept`). A scope computes them once per month
however many figures ask (a report asks for thirteen months, some of them
three times); each computation is announced to :func:`~libcommunity.metrics.scope.trace`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..months import parse_month
from .contract import contract_figures_many, null_figures
from .coverage import coverage_of
from .kept import is_pruned, kept_document
from .response import ensure_conversation
from .scope import trace
from .window import Window

__all__ = ["core_figures", "core_figures_of", "jsonable", "null_figures", "kept_figures"]


def jsonable(value):
    """``value`` with numpy/pandas scalars made plain and NaN/NA/NaT made None (recursively)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


#: Core keys computed from interactions only: a pruned month's rows for them are gone.
_CONVERSATION_KEYS = ("response_all", "acknowledgement", "feedback")


def kept_figures(kept: dict, computed: dict, w: Window) -> dict:
    """The core figures of a pruned month: the document ``prune`` kept for it, over the ``computed`` ones.

    Every core key takes the kept document's value. A key the document lacks
    (it was kept by a version that did not compute it) keeps its computed
    value when the tables that survive a prune (posts, members, audience)
    give it, and is null when it comes from interactions, which are gone:
    ``response_all``, ``acknowledgement`` and ``feedback``. A document
    without ``response_all`` was kept before ``response`` meant the items
    that need a reply: its ``response`` covers every conversation item, so
    here it becomes ``response_all`` and ``response`` is null (which items
    needed a reply can no longer be judged), so that comparisons and trends
    never set one definition against the other. ``monthly_summary`` of the
    month still returns the kept document as it was kept.
    """
    nulls = null_figures(w)
    out = {k: kept.get(k, v) for k, v in computed.items()}
    for key in _CONVERSATION_KEYS:
        if key not in kept:
            out[key] = nulls[key]
    if "response_all" not in kept and isinstance(kept.get("response"), dict):
        out["response_all"] = kept["response"]
        out["response"] = nulls["response"]
    return out


def core_figures(scope, month) -> dict:
    """The contract figures of ``month`` in ``scope``, JSON-ready, computed once per scope.

    For a pruned month, the kept document's values replace the computed ones
    (the keys stay those of the contract figures); in a scope restricted to
    a platform a pruned month has :func:`null_figures`. The dict is the
    scope's: callers that change it work on a copy.
    """
    return core_figures_of(scope, [month])[0]


def core_figures_of(scope, months) -> list[dict]:
    """:func:`core_figures` of several months; those not computed yet are computed together (one conversation
    table, a few queries for all of them)."""
    windows = [scope.window(parse_month(m)) for m in months]
    missing = [w for w in dict.fromkeys(windows) if not scope.cached(("core", w.month))]
    if missing:
        ensure_conversation(scope, *missing)
        for w in missing:
            trace("core", account=scope.account, month=str(w.month), platform=scope.platform, generation=scope.generation)
        nulls = [w for w in missing if scope.platform is not None and is_pruned(scope, w.month)]
        rows = [w for w in missing if w not in nulls]
        computed = dict(zip(rows, contract_figures_many(scope, rows))) if rows else {}
        for w in missing:
            if w in computed:
                kept = kept_document(scope, w.month)
                figures = jsonable(computed[w])
                if kept is not None:
                    figures = kept_figures(kept, figures, w)
                    figures["coverage"] = {**(kept.get("coverage") or figures["coverage"]), "kept": True}
            else:
                figures = null_figures(w, coverage_of(scope).block(w.month))
            scope.memo(("core", w.month), lambda figures=figures: figures)
    return [scope.stored(("core", w.month)) for w in windows]
