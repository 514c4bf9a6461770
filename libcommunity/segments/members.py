"""Segment the members of one account for one report month, and summarise the result.

:func:`segment_members` is what the monthly report and ``libcommunity
segment`` call: features over the window, the fitted
:class:`MemberSegmenter`, the ladder step and the probability that each
member is still active, one row per member pseudonym. Original handles are
only added with ``reveal=True`` (from :meth:`~libcommunity.metrics.Scope.identities`).
Every function accepts a :class:`~libcommunity.metrics.Scope` in place of the
store; in one scope a month is segmented once, however many lists need it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..metrics.scope import open_scope
from ..months import parse_month
from .features import FEATURE_HISTORIES_KEY, features_of, window_of
from .memberorder import by_member
from .ladder import LADDER, LadderRules, ladder_level, ladder_steps
from .naming import ACTIVITY_COLUMNS, AMBASSADOR_COLUMNS, SEGMENTS, segments_alone, too_few_to_cluster
from .preload import start_model_imports

if TYPE_CHECKING:
    from .estimator import MemberSegmenter

__all__ = ["MEMBER_COLUMNS", "segment_members", "segment_summary", "summarise_members", "add_handles", "fitting_ahead",
           "a_core_is_free"]

#: Columns of :func:`segment_members` (``handle`` follows ``member`` with ``reveal=True``).
MEMBER_COLUMNS = (
    "member",
    "platform",
    "segment",
    "ladder_step",
    "ladder_level",
    "p_active",
    "follows",
    "new_follower",
    "participation",
    "reactions",
    "conversation",
    "amplification",
    "replies_given",
    "replies_received",
    "offline",
    "events",
    "surveys",
    "active_days",
    "active_months",
    "days_since_last_action",
    "tenure_days",
    "followers",
    "following",
)


def add_handles(store, account: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``handle`` column (the identifier as ingested) right after ``member``."""
    with open_scope(store, account) as scope:
        ids = scope.identities().rename(columns={"member_id": "member"})
    ids["member"] = ids["member"].astype("string")
    ids["platform"] = ids["platform"].astype("string")
    out = frame.merge(ids[["platform", "member", "handle"]], on=["platform", "member"], how="left")
    cols = list(frame.columns)
    cols.insert(cols.index("member") + 1, "handle")
    out = out[cols]
    out.attrs = dict(frame.attrs)
    return out


def segment_members(
    store,
    account: str,
    month,
    *,
    reveal: bool = False,
    window_months: int = 3,
    random_state: int = 0,
    segmenter: MemberSegmenter | None = None,
    ladder_rules: LadderRules | None = None,
    features: pd.DataFrame | None = None,
    activity: bool = True,
) -> pd.DataFrame:
    """One row per member of ``account`` for the window ending with ``month``.

    Parameters
    ----------
    store : Store, store-like or Scope
        In a scope, the segments of a month (default segmenter and ladder
        rules, features not given) are computed once.
    account : str
    month : str or Month
        Report month ``YYYY-MM`` (in the account's timezone).
    reveal : bool, default False
        Add ``handle``, the member's identifier as ingested. Without it no
        original identifier is read or returned.
    window_months : int, default 3
    random_state : int, default 0
        Seed of the segmenter (the same inputs always give the same segments).
    segmenter : MemberSegmenter, optional
        An unfitted segmenter with other hyperparameters; cloned, never modified.
    ladder_rules : LadderRules, optional
    features : DataFrame, optional
        :func:`member_features` of this account and window, if already computed.
    activity : bool, default True
        Compute ``p_active``, the probability that each member is still active
        (:func:`~libcommunity.segments.activity.probability_active`). False
        leaves that column (and ``attrs["activity_model"]``) out and fits no
        MBG/NBD model: what a comparison with the month before needs. The
        segments, ladder steps and row order are the same either way.

    Returns
    -------
    pandas.DataFrame
        :data:`MEMBER_COLUMNS` (plus ``handle`` after ``member`` with
        ``reveal=True``; without ``p_active`` with ``activity=False``), sorted
        by segment (ambassadors first), ladder level and participation.
        ``attrs`` holds ``account``, ``month``, ``window`` (label),
        ``timezone``, ``clusters`` (participant clusters fitted, 0 without a
        model), ``algorithm``, ``selection`` (the criterion of every k tried,
        as records) and ``activity_model`` (the MBG/NBD parameters, or None).

    Raises
    ------
    NoDataError
        If the account has no data in ``month`` ("no data for <account> in <month>: data covers ...").
    """
    m = parse_month(month)
    with open_scope(store, account) as scope:
        scope.resolve(m)  # a month outside the account's data is an error, not a month of silent followers
        if segmenter is None and ladder_rules is None and features is None:
            # In a scope a month is segmented once; its p_active is added once, when first asked for.
            key = (m, window_months, random_state)
            rows = ("member_segment_rows",) + key
            out = scope.memo(("member_segments",) + key,
                             lambda: _segment(scope, m, window_months, random_state, None, None, None, rows, activity))
            if activity:
                out = scope.memo(("segment_members",) + key, lambda: _with_activity(scope, out, m, window_months, rows))
            out = _copy(out)
        else:
            out = _segment(scope, m, window_months, random_state, segmenter, ladder_rules, features)
            out = _with_activity(scope, out, m, window_months) if activity else out
        return add_handles(scope, account, out) if reveal else out


#: Under Copy-on-Write (always on from pandas 3.0) a shallow copy is as independent of its original as a deep copy:
#: whatever a caller changes in it is copied first, never written to the frame the scope keeps.
_SHALLOW_COPY_IS_INDEPENDENT = int(pd.__version__.split(".")[0]) >= 3


def _copy(frame: pd.DataFrame) -> pd.DataFrame:
    """The caller's copy of a frame the scope keeps (a shallow one under Copy-on-Write: no column copied)."""
    out = frame.copy(deep=not _SHALLOW_COPY_IS_INDEPENDENT)
    out.attrs = dict(frame.attrs)
    return out


#: ``MemberSegmenter().algorithm``, the default segmenter's algorithm (``attrs["algorithm"]``).
DEFAULT_ALGORITHM = "profile"


def _fit_segments(features: pd.DataFrame, random_state, segmenter) -> tuple:
    """``(segments, clusters, selection, algorithm)`` of ``features`` by ``segmenter`` (the default one if None).

    The default segmenter with too few participants to cluster fits no model and names every member alone
    (:func:`~libcommunity.segments.naming.segments_alone`): that is computed here without the estimator, so
    a small community's report never imports scikit-learn and SciPy. They are imported by the first fit,
    not with the package.
    """
    if segmenter is None:
        activity = features[list(ACTIVITY_COLUMNS)].to_numpy(dtype=np.float64)
        if too_few_to_cluster(activity):
            mask = np.isin(ACTIVITY_COLUMNS, AMBASSADOR_COLUMNS)
            return segments_alone(activity, mask), 0, [], DEFAULT_ALGORITHM
    from sklearn.base import clone

    from .estimator import MemberSegmenter

    if segmenter is None:
        model = MemberSegmenter(random_state=random_state)
    elif isinstance(segmenter, MemberSegmenter):
        model = clone(segmenter)
    else:
        raise ParameterError(f"segmenter must be a MemberSegmenter; got {type(segmenter).__name__} instead")
    if not len(features):  # nobody follows or took part: nothing to fit
        return [], 0, [], model.algorithm
    model.fit(features)
    return model.segments_, int(model.n_clusters_), model.selection_.to_dict("records"), model.algorithm


#: Scope memo key of a fit started by :func:`fitting_ahead`: ``(FIT_AHEAD_KEY, month, window_months, random_state)``.
FIT_AHEAD_KEY = "segment_fit_ahead"
#: The kernel's count of threads running or ready to run at this instant (the 4th field of ``/proc/loadavg``).
_RUNNABLE = "/proc/loadavg"


def a_core_is_free() -> bool:
    """Whether a worker thread would have a core to itself now: the threads ready to run, this one included, leave
    one of the process's cores idle.

    On a busy machine the worker would take its turns from the calling thread's (and, while it holds the GIL
    between two NumPy calls, stall it): :func:`fitting_ahead` then leaves the fits to the caller, as before.
    Without ``/proc/loadavg`` (not Linux), whether the process may use two cores.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    try:
        with open(_RUNNABLE, encoding="ascii") as fh:
            runnable = int(fh.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return cores > 1
    return runnable < cores


@contextlib.contextmanager
def fitting_ahead(scope, months, *, window_months: int = 3, random_state: int = 0, after=None):
    """Fit the default segmenter of ``months`` in a worker thread while the block runs.

    Only when a core is free (:func:`a_core_is_free`); else nothing is
    started and the fits are made where the segments are asked for. The
    features of each month's window are computed first, in the calling
    thread (DuckDB, the scope's connection: :func:`~libcommunity.segments.features.features_of`);
    then one worker thread fits the segmenter on them, month after month,
    while the caller goes on with other work: the fits are NumPy, the
    caller's queries run in DuckDB, and each releases the GIL much of the
    time, so on two cores the two overlap. :func:`segment_members` of
    those months in ``scope`` (default segmenter and ladder) takes the
    fit's result, waiting for it if it is not done: the same result, bit
    for bit, as fitting there (the same function on a copy of the same
    features). A fit that raises raises there, as it would have.

    Parameters
    ----------
    scope : Scope
    months : sequence of Month
        Months with data (:meth:`~libcommunity.metrics.Scope.resolve`), in the order they are fitted: the one
        segmented last first, so that every fit is done before the activity model (its own BLAS settings) is
        fitted.
    window_months, random_state : int
        As for :func:`segment_members`.
    after : threading.Thread, optional
        A thread the worker waits for before its first fit (:func:`~libcommunity.segments.preload.start_model_imports`:
        the models' libraries are imported by one thread at a time).

    Yields
    ------
    None
        When the block ends, every fit started is finished (the worker is joined) and the process's warning
        filters are as they were when it began (:func:`_restore_warning_filters`).
    """
    jobs = []
    for m in months if a_core_is_free() else ():
        key = (m, window_months, random_state)
        if scope.cached(("member_segments",) + key) or scope.cached((FIT_AHEAD_KEY,) + key):
            continue  # segmented in this scope already, or being fitted
        features = features_of(scope, window_of(m, scope.timezone, window_months))
        activity = features[list(ACTIVITY_COLUMNS)].to_numpy(dtype=np.float64)
        # too few participants: no model, named in no time by _fit_segments (and scikit-learn never imported)
        if not too_few_to_cluster(activity):
            jobs.append((m, features.copy(deep=True)))
    if not jobs:
        yield
        return
    filters = list(warnings.filters)
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="libcommunity-segment-fits") as pool:
            if after is not None:
                pool.submit(after.join)
            for m, features in jobs:
                scope.memo((FIT_AHEAD_KEY, m, window_months, random_state),
                           lambda features=features: pool.submit(_fit_segments, features, random_state, None))
            yield
    finally:
        _restore_warning_filters(filters)


def _restore_warning_filters(filters: list) -> None:
    """Put the process's warning filters back as they were before a worker thread ran.

    ``warnings.catch_warnings`` (pandas and scikit-learn enter it in both threads) swaps the process's filters and
    is not thread-safe before Python 3.14: blocks of two threads that overlap can leave one's temporary filters in
    place (scikit-learn's ``error`` for ``ComplexWarning``, say). Nothing in a report sets a filter for good.
    """
    if warnings.filters != filters:
        warnings.filters[:] = filters
        getattr(warnings, "_filters_mutated", lambda: None)()  # what simplefilter calls: warning registries renewed


def _segment(scope, m, window_months, random_state, segmenter, ladder_rules, features, rows_key=None,
             activity: bool = False) -> pd.DataFrame:
    """The segments of a month (without ``p_active``).

    With ``rows_key`` (the features of the scope, the default segmenter and ladder) the position among the
    features of each row is stored in the scope under ``rows_key``, and with ``activity`` the model of
    ``p_active`` is fitted in a thread while the features are computed
    (:func:`~libcommunity.segments.activity.start_activity_fit`), unless the segmenter's fit of the month runs
    ahead (:func:`fitting_ahead`): then the model is fitted after it, by :func:`_with_activity`, as its BLAS
    settings require.
    """
    from_scope = features is None
    ahead = scope.stored((FIT_AHEAD_KEY, m, window_months, random_state)) if from_scope and segmenter is None else None
    if from_scope:
        # scikit-learn and SciPy imported while DuckDB computes a large account's features (joined before the fit)
        imports, activity_fit = start_model_imports(scope), None
        try:
            window = window_of(m, scope.timezone, window_months)
            # fitted while the features are computed and converted; after a segmenter fit running ahead (its BLAS)
            if rows_key is not None and activity and ahead is None:
                from .activity import start_activity_fit

                activity_fit = start_activity_fit(scope, window)
            features = features_of(scope, window)
        finally:
            if imports is not None:
                imports.join()
            if activity_fit is not None:  # its limit of BLAS threads lifted before the segmenter's fit
                concurrent.futures.wait([activity_fit])
    window = features.attrs.get("window")
    out = features[[c for c in MEMBER_COLUMNS if c in features.columns]].copy()
    if ahead is not None:
        segments, clusters, selection, algorithm = ahead.result()
    else:
        segments, clusters, selection, algorithm = _fit_segments(features, random_state, segmenter)
    out["segment"] = pd.Series(segments, index=out.index, dtype="string")
    out["ladder_step"] = ladder_steps(features, ladder_rules)
    out["ladder_level"] = ladder_level(out["ladder_step"])
    rank = {s: i for i, s in enumerate(SEGMENTS)}
    out["_rank"] = out["segment"].map(rank).astype("int64")
    # Sorted by segment, level and participation (descending), then platform and member: the rows of a
    # frame already in platform-member order (features_of's) keep that order among equals in a stable sort.
    if not from_scope:
        out = by_member(out)
    out = out.sort_values(["_rank", "ladder_level", "participation"], ascending=False, kind="stable")
    if from_scope and rows_key is not None:
        scope.memo(rows_key, lambda: out.index.to_numpy())  # the features' rows, in this order
    out = out.reset_index(drop=True)[[c for c in MEMBER_COLUMNS if c != "p_active"]]
    out.attrs = {
        "account": scope.account,
        "month": str(m),
        "window": window.label() if window is not None else None,
        "window_months": window.months if window is not None else window_months,
        "timezone": window.timezone if window is not None else scope.timezone,
        "clusters": clusters,
        "algorithm": algorithm,
        "selection": selection,
    }
    return out


def _with_activity(scope, segmented: pd.DataFrame, m, window_months: int, rows_key=None) -> pd.DataFrame:
    """``segmented`` (a :func:`_segment` frame) with ``p_active`` in its place and ``attrs["activity_model"]``.

    When the scope holds the features' positions of ``segmented``'s rows (``rows_key``) and the features' active-day
    histories, each row's ``p_active`` is computed from its own history, without looking its member up in
    :func:`~libcommunity.segments.activity.probability_active`'s table: the same numbers.
    """
    from .activity import probability_active, probability_of, start_activity_fit

    window = window_of(m, scope.timezone, window_months)
    rows = None if rows_key is None else scope.stored(rows_key)
    histories = scope.stored((FEATURE_HISTORIES_KEY, window))
    if rows is not None and histories is not None:
        model = start_activity_fit(scope, window).result()
        p_active = probability_of(model, *histories)[rows]
    else:
        activity = probability_active(scope, scope.account, m, window_months=window_months)
        p_active = _looked_up(segmented, activity, "p_active")
        model = activity.attrs.get("model")
    out = segmented.assign(p_active=p_active)[list(MEMBER_COLUMNS)]
    out.attrs = {**segmented.attrs, "activity_model": None if model is None else model.params}
    return out


def _looked_up(frame: pd.DataFrame, table: pd.DataFrame, column: str) -> np.ndarray:
    """``table[column]`` (floats) at each row of ``frame`` with the same ``platform`` and ``member``, NaN where none.

    What a left merge on the two keys gives when they are unique in ``table`` (one member, one history), by
    Arrow's hash lookup of the members of each platform: several times faster than pandas' merge on a million
    string pairs.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.full(len(frame), np.nan)
    values = table[column].to_numpy(dtype=float, na_value=np.nan)
    frame_platform, table_platform = pa.array(frame["platform"]), pa.array(table["platform"])
    frame_member, table_member = pa.array(frame["member"]), pa.array(table["member"])
    for platform in pc.unique(table_platform).drop_null().to_pylist():
        rows = np.flatnonzero(pc.fill_null(pc.equal(frame_platform, platform), False).to_numpy(zero_copy_only=False))
        candidates = np.flatnonzero(pc.fill_null(pc.equal(table_platform, platform), False).to_numpy(zero_copy_only=False))
        at = pc.index_in(frame_member.take(rows), value_set=table_member.take(candidates))
        found = at.is_valid().to_numpy(zero_copy_only=False)
        out[rows[found]] = values[candidates[at.drop_null().to_numpy()]]
    return out


def summarise_members(members: pd.DataFrame, persons: pd.DataFrame | None = None) -> dict:
    """The summary of a :func:`segment_members` frame (see :func:`segment_summary`).

    ``persons`` (``platform, member, person`` of the linked identities,
    :func:`libcommunity.metrics.people.persons_frame`) makes the ``people``
    block count linked identities once; without it every identity is a person.
    """
    from .people import summarise_people

    n = len(members)
    counts = members["segment"].value_counts()
    segments = {s: {"members": int(counts.get(s, 0)), "share": (float(counts.get(s, 0)) / n) if n else None} for s in SEGMENTS}
    ladder_counts = members["ladder_step"].value_counts()
    p = members["p_active"].to_numpy(dtype=float)
    participants = members["participation"].to_numpy() > 0
    attrs = members.attrs
    return {
        "account": attrs.get("account"),
        "month": attrs.get("month"),
        "window": attrs.get("window"),
        "window_months": attrs.get("window_months"),
        "timezone": attrs.get("timezone"),
        "members": int(n),
        "followers": int(members["follows"].sum()),
        "new_followers": int(members["new_follower"].sum()),
        "participants": int(participants.sum()),
        "segments": segments,
        "ladder": {s: int(ladder_counts.get(s, 0)) for s in LADDER},
        "clusters": attrs.get("clusters"),
        "algorithm": attrs.get("algorithm"),
        "likely_still_active": int(np.nansum(p >= 0.5)),
        "activity_model": attrs.get("activity_model"),
        "people": summarise_people(members, persons),
    }


def segment_summary(
    store,
    account: str,
    month,
    *,
    members: pd.DataFrame | None = None,
    window_months: int = 3,
    random_state: int = 0,
) -> dict:
    """Counts and shares of the segments and ladder steps of a month.

    Parameters
    ----------
    store, account, month, window_months, random_state
        As for :func:`segment_members` (used only when ``members`` is not given).
    members : DataFrame, optional
        A :func:`segment_members` result to summarise instead of recomputing it.

    Returns
    -------
    dict
        ``account``, ``month``, ``window`` (``"2025-08..2025-10"``),
        ``window_months``, ``timezone``, ``members``, ``followers``,
        ``new_followers``, ``participants``, ``segments`` (per segment id:
        ``members`` and ``share`` of all members), ``ladder`` (members per
        step), ``clusters``, ``algorithm``, ``likely_still_active`` (members
        with ``p_active >= 0.5``) and ``activity_model`` (MBG/NBD parameters
        or None) and ``people`` (:func:`~libcommunity.segments.people.summarise_people`: the same
        counted by person, through the store's identity links). JSON-serialisable.
    """
    from ..metrics.people import persons_frame

    with open_scope(store, account) as scope:
        if members is None:
            members = segment_members(scope, account, month, window_months=window_months, random_state=random_state)
        return summarise_members(members, persons_frame(scope))
