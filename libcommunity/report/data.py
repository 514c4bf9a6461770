"""Everything the monthly report shows about one account and month, computed once.

:func:`collect` calls the library's metrics (:mod:`libcommunity.metrics`) and
segments (:mod:`libcommunity.segments`) in one :class:`~libcommunity.metrics.Scope`
(one DuckDB connection; the conversation table of the report's thirteen
months built once; each month's core figures, the month's post table,
member features and segments computed once) and keeps their results in a
:class:`ReportData`; the sections only format what is here, so every number
a report shows is a number those functions returned. What the store does
not hold is recorded in :attr:`ReportData.available` so that sections can
say what is missing instead of showing zeros: an account with only Meta
post exports has posts, but no interactions and no members. Texts mention
the library by its name, never by a pseudonym (:func:`name_library_texts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from ..errors import ParameterError
from ..metrics import (
    best_time,
    burst_days,
    core_summary,
    daily_interactions,
    hashtag_campaigns,
    monthly_summary,
    monthly_trend,
    offline_summary,
    participation_tiers,
    post_engagement,
    response_items,
    unanswered_items,
)
from ..metrics.core import core_figures_of
from ..metrics.posts import kind_table
from ..metrics.scope import open_scope
from ..metrics.summary import UNANSWERED_HOURS
from ..months import Month, parse_month
from ..people.events import event_effects, event_month_of
from ..segments.preload import start_model_imports
from ..own_mentions import library_ids, name_library_mentions

__all__ = ["ReportData", "collect", "name_library_texts", "TREND_MONTHS", "BEST_TIME_MONTHS", "WINDOW_MONTHS", "TABLES",
           "TEXT_COLUMNS"]

#: Months of the trend charts (the report month and the 11 before it).
TREND_MONTHS = 12
#: Months of posts the best-time heatmap looks at.
BEST_TIME_MONTHS = 12
#: Months of the segmentation window (as ``libcommunity segment``).
WINDOW_MONTHS = 3
#: From this many interactions of the account on, a report imports scikit-learn and SciPy (the segments' models)
#: in a thread while DuckDB computes the figures that come before the segments (:mod:`~libcommunity.segments.preload`).
#: Below it the account may have too few participants to cluster, and its report imports neither.
MODEL_IMPORTS_FROM_ROWS = 1_000
#: The canonical tables whose presence decides what a report can say.
TABLES = ("posts", "interactions", "members", "audience")
#: Columns of the report's tables that hold free text (member or post texts, activity names).
TEXT_COLUMNS = ("text", "top_post_text", "title")


@dataclass
class ReportData:
    """The results a monthly report is made of (``None`` where the data cannot support a result).

    Attributes
    ----------
    account, month, timezone, platforms
        The account, the report month, the account's timezone and platforms.
    platform : str or None
        The one platform the report is about (``libcommunity report --platform``), or None: all of them.
    reveal : bool
        Whether original handles may be shown.
    min_group : int
        Lists and table cells about fewer people are withheld unless ``reveal``.
    available : dict
        ``{table: bool}``: whether the store holds any row of that table for the account.
    summary : dict
        :func:`~libcommunity.metrics.monthly_summary` of the month.
    previous, year_before : dict
        :func:`~libcommunity.metrics.core_summary` of the month before and of the same month a year before.
    trend : DataFrame
        :func:`~libcommunity.metrics.monthly_trend` of the last :data:`TREND_MONTHS` months.
    items, unanswered : DataFrame
        :func:`~libcommunity.metrics.response_items` (every conversation item, with what it
        needs) and :func:`~libcommunity.metrics.unanswered_items` (the items that need a reply,
        unanswered for more than 48 h, complaints first) of the month.
    posts, kinds : DataFrame
        :func:`~libcommunity.metrics.post_engagement` and its content-by-kind table.
    best : DataFrame
        :func:`~libcommunity.metrics.best_time` over :data:`BEST_TIME_MONTHS` months.
    hashtags, daily, bursts, tiers, offline : DataFrame
        Campaigns, daily participation, burst days, 90-9-1 tiers, events and surveys.
    members, members_before : DataFrame or None
        :func:`~libcommunity.segments.segment_members` of the month and of the month before
        (pseudonyms only; the month before with ``activity=False``: no ``p_active``), None when the
        account has neither interactions nor members (and ``members_before`` when the month before
        has no data).
    member_summary : dict or None
        :func:`~libcommunity.segments.summarise_members` of ``members``.
    transitions, ready, drifting, promising, roster, follow_back : DataFrame or None
        The segment functions of the same names (pseudonyms only).
    identities : DataFrame or None
        ``platform, member, handle`` of the account, read only with ``reveal``.
    event_effects : DataFrame or None
        :func:`~libcommunity.people.events.event_effects` of the events of the month
        :data:`~libcommunity.people.events.FOLLOW_MONTHS` before the report month (their follow-up
        ends with it); None without interactions.
    """

    account: str
    month: Month
    timezone: str = "UTC"
    platforms: list = field(default_factory=list)
    platform: str | None = None
    reveal: bool = False
    min_group: int = 5
    available: dict = field(default_factory=lambda: {t: False for t in TABLES})
    summary: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)
    year_before: dict = field(default_factory=dict)
    trend: pd.DataFrame | None = None
    items: pd.DataFrame | None = None
    unanswered: pd.DataFrame | None = None
    posts: pd.DataFrame | None = None
    kinds: pd.DataFrame | None = None
    best: pd.DataFrame | None = None
    hashtags: pd.DataFrame | None = None
    daily: pd.DataFrame | None = None
    bursts: pd.DataFrame | None = None
    tiers: pd.DataFrame | None = None
    offline: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    members_before: pd.DataFrame | None = None
    member_summary: dict | None = None
    transitions: pd.DataFrame | None = None
    ready: pd.DataFrame | None = None
    drifting: pd.DataFrame | None = None
    promising: pd.DataFrame | None = None
    roster: pd.DataFrame | None = None
    follow_back: pd.DataFrame | None = None
    identities: pd.DataFrame | None = None
    event_effects: pd.DataFrame | None = None
    unanswered_hours: float = UNANSWERED_HOURS

    @property
    def has_links(self) -> bool:
        """Whether identities of the account are linked into people (the store's links)."""
        return bool(((self.summary or {}).get("people") or {}).get("linked_identities"))

    @property
    def has_interactions(self) -> bool:
        """Whether the store has per-member interactions for the account (at any time)."""
        return bool(self.available.get("interactions"))

    @property
    def interactions_covered(self) -> bool:
        """Whether the month is covered for interactions on some platform (its ``coverage`` block): without it the
        month's conversation figures are null, not zero (a month inside the data with audience figures only)."""
        cov = (self.summary or {}).get("coverage")
        return True if cov is None else bool(cov.get("interactions"))

    @property
    def has_people(self) -> bool:
        """Whether members can be segmented (interactions or a followers list)."""
        return self.members is not None

    @property
    def month_is_empty(self) -> bool:
        """No post and no interaction of any kind in the month."""
        s = self.summary
        return not s.get("posts") and not sum(n or 0 for n in (s.get("interactions") or {}).values())


def _segments(data: ReportData, scope) -> None:
    from ..metrics.people import persons_frame
    from ..segments import (
        ambassador_roster,
        drifting_away,
        follow_back_accounts,
        member_features,
        new_and_promising,
        ready_to_jump,
        segment_members,
        summarise_members,
        transitions,
    )

    a, m = data.account, data.month
    features = member_features(scope, a, m, window_months=WINDOW_MONTHS)
    current = segment_members(scope, a, m, window_months=WINDOW_MONTHS)
    # Without data in the month before there is nothing to compare with: no transitions, nobody "ready" or "drifting".
    # The month before is compared by segment and ladder step only: its members' probability of being active is not
    # computed (no second MBG/NBD fit, no second activity history).
    before = (segment_members(scope, a, m.previous, window_months=WINDOW_MONTHS, activity=False)
              if scope.coverage.has_data(m.previous) else None)
    data.members, data.members_before = current, before
    data.member_summary = summarise_members(current, persons_frame(scope))
    pair = {"current": current, "previous": before, "window_months": WINDOW_MONTHS}
    data.transitions = transitions(scope, a, m, **pair)
    data.ready = ready_to_jump(scope, a, m, **pair)
    data.drifting = drifting_away(scope, a, m, **pair)
    data.promising = new_and_promising(scope, a, m, current=current, window_months=WINDOW_MONTHS)
    data.roster = ambassador_roster(scope, a, m, members=current, window_months=WINDOW_MONTHS)
    data.follow_back = follow_back_accounts(scope, a, m, features=features, window_months=WINDOW_MONTHS)


def name_library_texts(data: ReportData, scope) -> None:
    """Write every mention of the library's own identities in ``data``'s texts as the library's name.

    Ingest stores them so (:mod:`libcommunity.own_mentions`); this covers
    stores ingested before, and identities recognised as the library only by
    a later ingest. Every table of ``data`` with a :data:`TEXT_COLUMNS` column
    is replaced by a copy (results the scope memoised stay as they are).
    """
    ids = library_ids(scope)
    if not ids:
        return
    for f in fields(data):
        frame = getattr(data, f.name)
        if isinstance(frame, pd.DataFrame) and not frame.empty:
            cols = {c: name_library_mentions(frame[c], ids, data.account) for c in TEXT_COLUMNS if c in frame.columns}
            if cols:
                setattr(data, f.name, frame.assign(**cols))


def collect(store, account: str, month, *, reveal: bool = False, min_group: int = 5) -> ReportData:
    """Compute everything the monthly report of ``account`` for ``month`` shows.

    Parameters
    ----------
    store : Store, store-like or Scope
        Everything is computed in one scope (the one given, or one opened for the call).
    account : str
        An account of the store.
    month : str or Month
        ``YYYY-MM``, a calendar month in the account's timezone.
    reveal : bool, default False
        Also read the original handles, to show them instead of pseudonyms.
    min_group : int, default 5
        Smallest group of people a list or table cell may describe (unless ``reveal``).

    Returns
    -------
    ReportData

    Raises
    ------
    ParameterError
        For a malformed month or a ``min_group`` that is not a positive integer.
    UnknownAccountError, StoreError
        For an unknown account or a missing store.
    NoDataError
        When the account has no data in ``month`` ("no data for <account> in <month>: data covers ...").
    """
    m = parse_month(month)
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise ParameterError(f"min_group must be a positive integer; got {min_group!r} instead")
    with open_scope(store, account) as scope:
        scope.resolve(m)  # validates the store, the account and that the month has data first
        imports = start_model_imports(scope, from_rows=MODEL_IMPORTS_FROM_ROWS)
        try:
            scope.read_into_memory()  # some fifty queries follow: the first one, too, scans memory (a small account)
            data = _collect(scope, account, m, reveal=reveal, min_group=min_group, imports=imports)
        finally:
            if imports is not None:
                imports.join()
    return data


def _segmented_months(scope, m: Month) -> list:
    """The months :func:`_segments` segments (none without interactions and members), the month before first."""
    if not (scope.has_rows("interactions") or scope.has_rows("members")):
        return []
    return ([m.previous] if scope.coverage.has_data(m.previous) else []) + [m]


def _collect(scope, account: str, m: Month, *, reveal: bool, min_group: int, imports) -> ReportData:
    """:func:`collect` in ``scope``; ``imports`` (a thread or None) is joined before the segments are fitted."""
    from ..segments.members import fitting_ahead

    # The segments' models are fitted in a worker thread (after the imports) while the figures are computed here.
    with fitting_ahead(scope, _segmented_months(scope, m), window_months=WINDOW_MONTHS, after=imports):
        return _figures(scope, account, m, reveal=reveal, min_group=min_group, imports=imports)


def _figures(scope, account: str, m: Month, *, reveal: bool, min_group: int, imports) -> ReportData:
    """:func:`_collect` once the segments' fits have started."""
    # The core figures of every month the report shows (the trend's twelve and the year before) together:
    # one pass over the history for their conversation figures, a few queries for all of them.
    core_figures_of(scope, [m.shift(-i) for i in range(TREND_MONTHS + 1)])
    summary = monthly_summary(scope, account, m)
    info = scope.info
    data = ReportData(
        account=account,
        month=m,
        timezone=info.timezone,
        platforms=sorted(info.platforms) if scope.platform is None else [scope.platform],
        platform=scope.platform,
        reveal=bool(reveal),
        min_group=min_group,
        available={t: scope.has_rows(t) for t in TABLES},
        summary=summary,
    )
    data.previous = core_summary(scope, account, m.previous)
    data.year_before = core_summary(scope, account, m.shift(-12))
    data.trend = monthly_trend(scope, account, m, months=TREND_MONTHS)
    data.items = response_items(scope, account, m)
    data.unanswered = unanswered_items(scope, account, m, older_than_hours=UNANSWERED_HOURS)
    data.posts = post_engagement(scope, account, m)
    data.kinds = kind_table(data.posts)
    data.best = best_time(scope, account, m, months=BEST_TIME_MONTHS)
    data.hashtags = hashtag_campaigns(scope, account, m)
    data.daily = daily_interactions(scope, account, m)
    data.bursts = burst_days(scope, account, m)
    data.tiers = participation_tiers(scope, account, m)
    data.offline = offline_summary(scope, account, m)
    if data.available["interactions"]:
        data.event_effects = event_effects(scope, account, event_month_of(m))
    if data.available["interactions"] or data.available["members"]:
        if imports is not None:
            imports.join()
        _segments(data, scope)
    name_library_texts(data, scope)
    if reveal:
        ids = scope.identities().rename(columns={"member_id": "member"})
        data.identities = ids[["platform", "member", "handle"]].astype("string")
    return data
