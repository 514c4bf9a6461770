"""What events do: did attendees step up the ladder afterwards more than comparable members who did not come?

For the events of one month (the *event month*), :func:`event_effects`
compares, person by person (identities joined by the store's links):

* **before**: each person's ladder step (the highest of their identities) and
  their activity (interactions of every kind but following) over the
  :data:`BEFORE_MONTHS` months before the event month. Only people who were
  members then (took part, or followed) are compared: someone who came to
  an event first has no step to go up from and is counted as *new*;
* **after**: their highest ladder step over the :data:`FOLLOW_MONTHS` months
  after the event month (the event month itself is left out, so the
  attendance does not count as the step it produces). A person *steps up*
  when the step after is higher than the step before (someone who is no
  member any more after has stepped down);
* **the comparison**: attendees of the event against members who came to no
  event in the event month, matched exactly on the step before, the
  activity band before (0, 1-2, 3-9, 10 or more interactions) and whether
  they came to an event before (regulars come again). Within each
  stratum holding both, the attendees' step-up rate is compared with the
  non-attendees'; the difference is averaged over the strata with the
  attendees' weights (the effect on the attendees, ATT, of exact matching).
  Attendees in a stratum without any non-attendee are left out (*unmatched*).
  The 95 % interval is a stratified bootstrap (:data:`BOOTSTRAP` resamples of
  attendees and non-attendees within each stratum, drawn as binomial counts,
  which is the same thing for yes/no outcomes), percentile method.

* **the same comparison before the event** (a placebo): did the same
  attendees already step up more than matched members over the months
  before the event month (the :data:`FOLLOW_MONTHS` months before it against
  the :data:`BEFORE_MONTHS` months before those), when the event could not
  have done anything yet?

With fewer than :data:`MIN_MATCHED` matched attendees nothing is said
(``verdict = "too_few"``): no rate, no difference, and no placebo either
(the placebo compares every attendee who was a member before *its* months,
who may be many more than the matched ones; beside a row that compares
too few people its figure would read as the row's). The placebo has the
same floor of its own: with fewer matched attendees its figures are empty
and it changes no verdict. Otherwise the verdict says whether the interval
lies above zero (``more``), below (``less``) or includes it
(``no_clear_difference``); ``already_before`` replaces ``more`` or ``less``
when the placebo shows a clear difference in the same direction: the
difference says who comes to events rather than what they did. Even a clear
difference with no placebo difference is not a cause: people who choose to
come may differ from those who do not in ways the step, the activity band
and the months before do not capture (coming to an event shows that someone
is engaged *now*), and matching on the step before also means someone at the
top step cannot go up. See ``docs/segmentation.md`` ("What events do").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["event_effects", "event_month_of", "EFFECT_COLUMNS", "FOLLOW_MONTHS", "BEFORE_MONTHS", "MIN_MATCHED",
           "BANDS", "BOOTSTRAP", "ALL_EVENTS"]

#: Months after the event month in which a step up counts; the report of month M shows the events of M - 2.
FOLLOW_MONTHS = 2
#: Months before the event month that give the step and the activity band compared.
BEFORE_MONTHS = 2
#: Fewest matched attendees for which a difference is given.
MIN_MATCHED = 20
#: Lower bounds of the activity bands (interactions before the event month).
BANDS = (0, 1, 3, 10)
BOOTSTRAP = 2000
#: The ``activity`` of the row that pools every event of the month.
ALL_EVENTS = "all events of the month"
#: Columns of :func:`event_effects`.
EFFECT_COLUMNS = (
    "activity", "title", "attendees", "new", "compared", "matched", "attendee_rate", "comparison_rate",
    "difference", "low", "high", "placebo_difference", "placebo_low", "placebo_high", "verdict",
)


def event_month_of(month, follow_months: int = FOLLOW_MONTHS):
    """The event month a report of ``month`` looks at: ``follow_months`` before it."""
    from ..months import parse_month

    return parse_month(month).shift(-follow_months)


def _band(activity: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.asarray(BANDS), activity, side="right") - 1


def _people_steps(scope, windows, persons: pd.DataFrame) -> dict:
    """``{window: person, level, activity, events}`` over each of ``windows``: the highest ladder level, the summed
    participation and events attended. Once per window in a scope (the placebo's months after are the comparison's
    months before); the windows not computed yet are counted together, in one query
    (:func:`~libcommunity.segments.ladder_counts.ladder_counts`)."""
    from ..segments.ladder_counts import ladder_counts

    windows = list(dict.fromkeys(windows))
    missing = [w for w in windows if not scope.cached(("people_steps", w))]
    counts = dict(zip(missing, ladder_counts(scope, missing)))
    return {w: scope.memo(("people_steps", w), lambda w=w: _people_steps_of(counts[w], persons)) for w in windows}


def _people_steps_of(f: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """:func:`_people_steps` of one window from its ladder counts ``f``."""
    from ..segments.ladder import ladder_level, ladder_steps

    if f.empty:
        return pd.DataFrame({"person": pd.Series(dtype="string"), "level": pd.Series(dtype="int64"),
                             "activity": pd.Series(dtype="int64"), "events": pd.Series(dtype="int64")})
    keys = f[["platform", "member"]].astype("string").merge(persons, on=["platform", "member"], how="left")
    person = keys["person"].fillna(f["platform"].astype("string") + ":" + f["member"].astype("string"))
    frame = pd.DataFrame({"person": person.to_numpy(), "level": ladder_level(ladder_steps(f).to_numpy(dtype=object)),
                          "activity": f["participation"].to_numpy(), "events": f["events"].to_numpy()})
    return frame.groupby("person", as_index=False).agg(level=("level", "max"), activity=("activity", "sum"),
                                                       events=("events", "sum"))


def _attendance(scope, w, persons: pd.DataFrame) -> pd.DataFrame:
    """``activity, title, person`` of every attendance of the event month (members' ``event`` rows)."""
    from ..metrics.members import person_sql

    return scope.df(
        f"""
        SELECT coalesce(x.post_id, x.text, '') AS activity, coalesce(p.text, x.text) AS title,
               {person_sql("x", "lp")} AS person
        FROM lc_member_acts x
        LEFT JOIN lc_persons lp ON lp.platform = x.platform AND lp.member_id = x.member_id
        LEFT JOIN lc_posts p ON p.post_id = x.post_id AND p.platform = x.platform
        WHERE x.kind = 'event' AND x.created_at >= $start::TIMESTAMPTZ AND x.created_at < $end::TIMESTAMPTZ
        """,
        w.params(),
    )


def _steps_up(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Members of ``before`` with ``up`` (a higher step in ``after``) and their ``stratum`` (step, activity band,
    came to an event, coded as one integer)."""
    people = before.merge(after[["person", "level"]].rename(columns={"level": "after"}), on="person", how="left")
    people["up"] = people["after"].fillna(0) > people["level"]
    # (step, activity band, came to an event) as one integer, ordered as those triples are: grouping by it costs a
    # fraction of grouping by tuples, and the strata come out in the same order (the comparison's sums too)
    band = _band(people["activity"].to_numpy())
    level = people["level"].to_numpy(dtype=np.int64)
    people["stratum"] = (level * (len(BANDS) + 1) + (band + 1)) * 2 + (people["events"].to_numpy() > 0)
    return people


def compare(treated: pd.DataFrame, controls: pd.DataFrame, *, n_boot: int = BOOTSTRAP, random_state: int = 0,
            min_matched: int = MIN_MATCHED) -> dict:
    """The matched comparison of ``treated`` and ``controls`` (``stratum``, ``up`` columns; see the module docstring).

    Returns
    -------
    dict
        ``matched``, ``attendee_rate``, ``comparison_rate``, ``difference``,
        ``low``, ``high`` (None when fewer than ``min_matched`` attendees are
        matched) and ``verdict``.
    """
    return _compare_strata(_strata(treated), _strata(controls), n_boot=n_boot, random_state=random_state,
                           min_matched=min_matched)


def _strata(people: pd.DataFrame) -> pd.DataFrame:
    """``sum`` (stepped up) and ``count`` of ``people`` per ``stratum``: what :func:`compare` compares."""
    return people.groupby("stratum")["up"].agg(["sum", "count"])


def _compare_strata(t: pd.DataFrame, c: pd.DataFrame, *, n_boot: int, random_state: int, min_matched: int) -> dict:
    """:func:`compare` of the treated's and the controls' :func:`_strata` (the controls' counted once for every
    activity of the month: they are the same members for each)."""
    both = t.add_suffix("_t").join(c.add_suffix("_c"), how="inner")
    matched = int(both["count_t"].sum()) if len(both) else 0
    out = {"matched": matched, "attendee_rate": None, "comparison_rate": None, "difference": None, "low": None,
           "high": None, "verdict": "too_few"}
    if matched < min_matched or matched == 0:
        return out
    nt, st = both["count_t"].to_numpy(), both["sum_t"].to_numpy()
    nc, sc = both["count_c"].to_numpy(), both["sum_c"].to_numpy()
    w = nt / nt.sum()
    rt, rc = st / nt, sc / nc
    rng = np.random.default_rng(random_state)
    bt = rng.binomial(nt, rt, size=(n_boot, len(nt))) / nt
    bc = rng.binomial(nc, rc, size=(n_boot, len(nc))) / nc
    diffs = ((bt - bc) * w).sum(axis=1)
    low, high = (float(x) for x in np.quantile(diffs, [0.025, 0.975]))
    difference = float((w * (rt - rc)).sum())
    verdict = "more" if low > 0 else "less" if high < 0 else "no_clear_difference"
    return {**out, "attendee_rate": float((w * rt).sum()), "comparison_rate": float((w * rc).sum()),
            "difference": difference, "low": low, "high": high, "verdict": verdict}


def event_effects(store, account: str, month, *, follow_months: int = FOLLOW_MONTHS,
                  before_months: int = BEFORE_MONTHS, n_boot: int = BOOTSTRAP, random_state: int = 0,
                  min_matched: int = MIN_MATCHED) -> pd.DataFrame:
    """What the events of ``month`` (the event month) were followed by (see the module docstring).

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
    month : str or Month
        The event month; its follow-up is the ``follow_months`` months after it.
    follow_months, before_months : int
    n_boot : int
        Bootstrap resamples of the interval.
    random_state : int
        Seed of the bootstrap (the same inputs always give the same interval).
    min_matched : int
        Fewest matched attendees for which a difference is given.

    Returns
    -------
    DataFrame
        :data:`EFFECT_COLUMNS`, one row per event of the month (most
        attendees first) and a last row for all of them together
        (``activity`` = :data:`ALL_EVENTS`); ``attendees`` (people),
        ``new`` (attendees who were no member before), ``compared`` (members
        before), ``matched``, the step-up rates, their difference with its
        95 % interval, the same before the event (``placebo_*``) and the
        verdict. Empty when the month had no event.
        ``attrs``: ``event_month``, ``before``, ``after`` and ``placebo_before`` (window labels),
        ``complete`` (False when the data ends before the follow-up does:
        every row then has verdict ``follow_up_incomplete``).
    """
    from ..metrics.people import persons_frame
    from ..metrics.response import data_horizon
    from ..metrics.scope import open_scope
    from ..months import parse_month
    from ..segments.features import window_of

    event_month = parse_month(month)
    with open_scope(store, account) as scope:
        w = scope.window(event_month)
        tz = scope.timezone
        persons = persons_frame(scope)[["platform", "member", "person"]]
        before = window_of(event_month.shift(-1), tz, before_months)
        after = window_of(event_month.shift(follow_months), tz, follow_months)
        horizon = data_horizon(scope)
        complete = horizon is not None and horizon >= after.month.start(tz)
        earlier = window_of(event_month.shift(-1 - follow_months), tz, before_months)
        attendance = _attendance(scope, w, persons)
        placebo_after = window_of(event_month.shift(-1), tz, follow_months)
        needed = ([before, after, earlier, placebo_after] if complete else [before]) if len(attendance) else []
        steps = _people_steps(scope, needed, persons)
        pre = steps.get(before)
        post, placebo_pre, placebo_post = steps.get(after), steps.get(earlier), steps.get(placebo_after)
    attrs = {"event_month": str(event_month), "before": before.label(), "after": after.label(), "complete": complete,
             "placebo_before": earlier.label()}
    if attendance.empty:
        out = pd.DataFrame({c: [] for c in EFFECT_COLUMNS})
        out.attrs = attrs
        return out
    rows = []
    titles = attendance.groupby("activity")["title"].first()
    order = attendance.groupby("activity")["person"].nunique().sort_values(ascending=False, kind="stable")
    went = set(attendance["person"])
    members_before = set(pre["person"])
    if complete:
        people, placebo = _steps_up(pre, post), _steps_up(placebo_pre, placebo_post)
        controls = _strata(people[~people["person"].isin(went)])
        placebo_controls = _strata(placebo[~placebo["person"].isin(went)])
    for activity in [*order.index, ALL_EVENTS]:
        who = went if activity == ALL_EVENTS else set(attendance.loc[attendance["activity"] == activity, "person"])
        known = members_before & who
        row = {"activity": activity, "title": ALL_EVENTS if activity == ALL_EVENTS else titles.get(activity),
               "attendees": len(who), "new": len(who - known), "compared": len(known)}
        if complete:
            row.update(_compare_strata(_strata(people[people["person"].isin(known)]), controls, n_boot=n_boot,
                                       random_state=random_state, min_matched=min_matched))
            before_event = _compare_strata(_strata(placebo[placebo["person"].isin(who)]), placebo_controls,
                                           n_boot=n_boot, random_state=random_state, min_matched=min_matched)
            # A row that compares too few people says nothing, not even what they did before: the placebo
            # qualifies a difference, and its own attendees (every attendee a member then) may be many more.
            said = row["verdict"] != "too_few"
            row.update({f"placebo_{k}": before_event[k] if said else None for k in ("difference", "low", "high")})
            if row["verdict"] in ("more", "less") and before_event["verdict"] == row["verdict"]:
                row["verdict"] = "already_before"
        else:
            row.update({"matched": 0, "attendee_rate": None, "comparison_rate": None, "difference": None,
                        "low": None, "high": None, "placebo_difference": None, "placebo_low": None,
                        "placebo_high": None, "verdict": "follow_up_incomplete"})
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))
    for c in ("attendees", "new", "compared", "matched"):
        out[c] = out[c].astype("int64")
    for c in ("attendee_rate", "comparison_rate", "difference", "low", "high", "placebo_difference", "placebo_low",
              "placebo_high"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("activity", "title", "verdict"):
        out[c] = out[c].astype("string")
    out.attrs = attrs
    return out
