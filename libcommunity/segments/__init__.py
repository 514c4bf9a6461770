"""Member segments: silent followers, active participants and ambassadors.

The pieces, one module each:

``features``     per-member features over a window of months (DuckDB)
``transform``    log transform of heavy-tailed counts
``mixture``      ``ProfileMixture``, the latent-class model of what members do
``rowsums``      ``logsumexp`` and sums along a short axis in numpy's order, bit for bit (for ``mixture``)
``naming``       segment names from what a cluster's members do
``estimator``    ``MemberSegmenter``, the scikit-learn estimator
``ladder``       the six-step engagement ladder
``activity``     probability that a member is still active (MBG/NBD)
``members``      ``segment_members`` / ``segment_summary`` for one account and month
``transitions``  month-to-month changes, ready to jump, drifting away, new and promising
``roster``       the ambassador roster, with why
``followback``   follow-back / low-value accounts
``evidence``     BIC / silhouette / stability by k, and the held-out check of the MBG/NBD model

Every function that reads the store takes a :class:`~libcommunity.metrics.Scope`
in place of the store too (one connection; features, histories and segments
of a month computed once). Spreadsheet-safe CSV is :mod:`libcommunity.export`;
the evaluations against the demo's ground truth are ``python -m bench.evaluate``
(segments) and ``python -m bench.followback_eval`` (the follow-back rule).
See ``docs/segmentation.md``.
"""

import importlib

from .features import FEATURE_COLUMNS, Window, features_of, member_features, window_of
from .followback import follow_back_accounts
from .ladder import LADDER, LadderRules, ladder_steps
from .members import MEMBER_COLUMNS, segment_members, segment_summary, summarise_members
from .naming import ACTIVITY_COLUMNS, AMBASSADOR_COLUMNS, SEGMENTS
from .roster import ambassador_roster
from .transitions import drifting_away, new_and_promising, ready_to_jump, transitions

#: Names of the modules that need scikit-learn or SciPy, imported when one of them is first used (a fit): the
#: report and the CLI import this package for the ladder, the segment names and the lists without them.
_LAZY = {
    "MBGNBD": "activity",
    "probability_active": "activity",
    "FeatureError": "estimator",
    "MemberSegmenter": "estimator",
    "ProfileMixture": "mixture",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "ACTIVITY_COLUMNS",
    "AMBASSADOR_COLUMNS",
    "FEATURE_COLUMNS",
    "LADDER",
    "MEMBER_COLUMNS",
    "SEGMENTS",
    "FeatureError",
    "LadderRules",
    "MBGNBD",
    "MemberSegmenter",
    "ProfileMixture",
    "Window",
    "ambassador_roster",
    "drifting_away",
    "features_of",
    "follow_back_accounts",
    "ladder_steps",
    "member_features",
    "new_and_promising",
    "probability_active",
    "ready_to_jump",
    "segment_members",
    "segment_summary",
    "summarise_members",
    "transitions",
    "window_of",
]
