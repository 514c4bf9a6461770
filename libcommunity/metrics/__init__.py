"""Engagement and conversation metrics of a month, exact by definition.

Every function takes ``(store, account, month, ...)``, validates the month
(:class:`~libcommunity.errors.ParameterError`) and the account
(:class:`~libcommunity.errors.UnknownAccountError`, listing the store's
accounts) first, keeps event-level data in DuckDB and returns a JSON-ready
dict or a pandas DataFrame of aggregates. A month is the calendar month in
the account's IANA timezone. Definitions, denominators and references:
``docs/metrics.md``.

Every function also accepts a :class:`Scope` in place of the store: all the
figures asked of one scope share one DuckDB connection and whatever they
have in common (see :mod:`libcommunity.metrics.scope`)::

    with Scope(store, "biblio-madrid") as scope:
        monthly_summary(scope, "biblio-madrid", "2025-10")
        monthly_trend(scope, "biblio-madrid", "2025-10")   # reuses the months already computed

============================  =========================================================
function                      returns
============================  =========================================================
Scope                         one account of one store snapshot, one connection, shared results
monthly_summary               the ``libcommunity metrics --json`` document (dict)
core_summary                  only the contract figures of the issue (dict)
unanswered_items              items that need a reply, unanswered, older than 48 h (DataFrame)
waiting_items                 every item that needs a reply and has none yet (the to-do list)
response_items                every conversation item, what it needs and its outcome
response_time_bands           items answered per band of hours, and unanswered (counted in DuckDB)
post_engagement               per-post engagement, rates named by denominator
content_by_kind               posts and mean engagement per post kind
best_time                     weekday x hour table in the account's timezone, empirical-Bayes intervals
hashtag_campaigns             hashtags: library use and member amplification
daily_interactions            daily participation with robust z-scores
burst_days                    burst days linked to posts and events around them
participation_concentration   top 1 % / 10 % shares, Gini, lurkers (dict)
participation_tiers           the 90-9-1 tiers table
growth_table                  month over month and year over year (DataFrame)
monthly_trend                 the same figures month by month (DataFrame)
offline_summary               events and surveys, attendees also online
============================  =========================================================
"""

from .bursts import burst_days, daily_interactions
from .campaigns import hashtag_campaigns, hashtags_of
from .concentration import participation_concentration, participation_tiers
from .core import core_figures
from .growth import growth_table, monthly_trend
from .offline import offline_summary
from .posts import content_by_kind, post_engagement
from .items import response_items, unanswered_items, waiting_items
from .response import response_time_bands
from .scope import Scope, open_scope, resolve
from .summary import core_summary, format_summary, jsonable, monthly_summary
from .timing import best_time, top_times
from .window import Window

__all__ = [
    "Scope",
    "open_scope",
    "core_figures",
    "monthly_summary",
    "core_summary",
    "format_summary",
    "jsonable",
    "unanswered_items",
    "waiting_items",
    "response_items",
    "response_time_bands",
    "post_engagement",
    "content_by_kind",
    "best_time",
    "top_times",
    "hashtag_campaigns",
    "hashtags_of",
    "daily_interactions",
    "burst_days",
    "participation_concentration",
    "participation_tiers",
    "growth_table",
    "monthly_trend",
    "offline_summary",
    "Window",
    "resolve",
]
