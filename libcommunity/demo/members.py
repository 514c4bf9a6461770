"""The simulated people of one account: who they are, when they follow, how engaged they are.

Every person has a persona and, for every month, a ground-truth segment
(``silent_follower``, ``active_participant``, ``ambassador``). Most
followers move between segments through a small Markov chain whose
stationary distribution is the account's participation shape (90-9-1 for a
typical community) and whose transitions are rare (a few per cent a month),
so a three-month window mostly shows one state. A follower in the active or
ambassador state behaves as their own *style* of that segment:

* active participants: ``commenter``, ``heavy_liker`` (many reactions, never
  shares: a trap for a clustering that counts actions) or ``offline_only``
  (only attends events and answers surveys);
* ambassadors: ``champion`` (vocal, shares, creates content) or
  ``quiet_amplifier`` (barely reacts but shares, mentions and creates: the
  other trap).

Besides them: ``follow_back`` accounts (follow, never interact, follow
hundreds of times more accounts than follow them, often unfollow again),
``staff`` (personal accounts of library staff, flagged ``is_staff``),
``passerby`` people who interact for a month or two without following, and
``offline_only`` event-goers who do not follow at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .names import make_handles
from .timeline import DAY, MEMBER_HOURS, DemoCalendar

__all__ = [
    "PERSONAS",
    "SEGMENTS",
    "SILENT",
    "ACTIVE",
    "AMBASSADOR",
    "NEVER",
    "ACTIVE_STYLES",
    "AMBASSADOR_STYLES",
    "DRIFT",
    "Population",
    "transition_matrix",
    "simulate_population",
    "ground_truth",
]

PERSONAS = (
    "lurker",
    "follow_back",
    "commenter",
    "heavy_liker",
    "offline_only",
    "passerby",
    "champion",
    "quiet_amplifier",
    "staff",
)
SEGMENTS = ("silent_follower", "active_participant", "ambassador")
SILENT, ACTIVE, AMBASSADOR = 0, 1, 2
#: "No such time": followed_at of people who do not follow, unfollowed_at of those who still do.
NEVER = np.iinfo(np.int64).max

#: Shares of the styles a follower shows when active / when an ambassador.
ACTIVE_STYLES = {"commenter": 0.55, "heavy_liker": 0.28, "offline_only": 0.17}
AMBASSADOR_STYLES = {"champion": 0.65, "quiet_amplifier": 0.35}
#: Monthly downward transition rates: active -> silent, ambassador -> active, ambassador -> silent.
DRIFT = (0.04, 0.03, 0.015)
#: follow-back accounts, offline-only non-followers: shares of the target follower count.
FOLLOW_BACK_SHARE = 0.015
OFFLINE_SHARE = 0.015
_YEAR = 365.25 * DAY
_MONTH = 30.44 * DAY


@dataclass(frozen=True)
class Population:
    """Everyone who follows or interacts with one account.

    Attributes
    ----------
    handle : numpy.ndarray
        Original handles (the ``member_id`` of the canonical tables).
    persona, state : numpy.ndarray
        ``(people, months)`` codes into :data:`PERSONAS` and :data:`SEGMENTS`.
    followed_at, unfollowed_at : numpy.ndarray
        UTC seconds; :data:`NEVER` where the person never follows / never unfollows.
    followers, following : numpy.ndarray
        The person's own audience.
    is_staff : numpy.ndarray
        Library staff.
    activity : numpy.ndarray
        Individual multiplier of interaction rates (mean 1, log-normal).
    """

    handle: np.ndarray
    persona: np.ndarray
    state: np.ndarray
    followed_at: np.ndarray
    unfollowed_at: np.ndarray
    followers: np.ndarray
    following: np.ndarray
    is_staff: np.ndarray
    activity: np.ndarray

    def __len__(self) -> int:
        return len(self.handle)

    def follows_at(self, t: np.ndarray) -> np.ndarray:
        """``(people, len(t))``: whether each person follows at each of the UTC seconds ``t``."""
        t = np.asarray(t)[None, :]
        return (self.followed_at[:, None] <= t) & (t < self.unfollowed_at[:, None])


def transition_matrix(shares) -> np.ndarray:
    """Monthly segment transitions whose stationary distribution is ``shares``.

    Downward rates are fixed (:data:`DRIFT`); upward rates follow from the
    balance equations, so silent followers start reacting, participants
    become ambassadors and ambassadors drift away at rates that keep the
    shape stable.
    """
    s, a, l = shares
    down_a, down_l, drop_l = DRIFT
    up_s = (a * down_a + l * drop_l) / s
    up_a = l * (down_l + drop_l) / a
    return np.array([[1 - up_s, up_s, 0.0], [down_a, 1 - down_a - up_a, up_a], [drop_l, down_l, 1 - down_l - drop_l]])


def _stratified(rng: np.random.Generator, n: int, shares) -> np.ndarray:
    """Codes ``0..len(shares)-1`` in exact proportions, randomly ordered."""
    counts = np.floor(np.asarray(shares) * n).astype(int)
    rest = n - counts.sum()
    counts[np.argsort(-(np.asarray(shares) * n - counts), kind="stable")[:rest]] += 1
    return rng.permutation(np.repeat(np.arange(len(shares)), counts))


def _chain(rng: np.random.Generator, n: int, months: int, shares) -> np.ndarray:
    """``(n, months)`` segment states of the Markov chain, started in its stationary shares."""
    cum = np.cumsum(transition_matrix(shares), axis=1)
    states = np.empty((n, months), dtype=np.int8)
    states[:, 0] = _stratified(rng, n, shares)
    for m in range(1, months):
        u = rng.random(n)
        states[:, m] = (u[:, None] >= cum[states[:, m - 1], :2]).sum(axis=1)
    return states


def _joiners(spec, cal: DemoCalendar, rng: np.random.Generator, n_initial: int) -> np.ndarray:
    """Follow times of the people who follow during the range, calibrated to end near the target."""
    shape = spec.params
    months = len(cal.labels)
    weight = cal.month_activity * (1 + 0.5 * np.arange(months) / months)
    weight = weight / weight.sum()
    survive = np.exp(-shape.churn * (months - np.arange(months) - 0.5))
    needed = spec.followers - n_initial * np.exp(-shape.churn * months)
    n_new = max(0, int(round(needed / (weight * survive).sum())))
    join_month = rng.choice(months, size=n_new, p=weight)
    return np.sort(cal.local_times(rng, cal.sample_days(rng, join_month), MEMBER_HOURS))


def _unfollows(rng, followed: np.ndarray, start: int, end: int, churn: float) -> np.ndarray:
    """Unfollow times under a constant monthly hazard (NEVER when after the range)."""
    t = np.maximum(followed, start) + rng.exponential(_MONTH / churn, size=len(followed)).astype(np.int64)
    return np.where(t < end, t, NEVER)


def _span_states(rng, n: int, months: int, min_len: int, mean_extra: float) -> np.ndarray:
    """``(n, months)`` states that are active during one random span of months and silent otherwise."""
    first = rng.integers(0, months, size=n)
    length = min_len + rng.poisson(mean_extra, size=n)
    m = np.arange(months)
    return np.where((m >= first[:, None]) & (m < (first + length)[:, None]), ACTIVE, SILENT).astype(np.int8)


def _audience(rng, persona_first: np.ndarray, ever_ambassador: np.ndarray, heavy: np.ndarray):
    """Each person's own followers and following: heavy-tailed, larger for ambassadors."""
    n = len(persona_first)
    followers = rng.lognormal(np.log(150), 1.3, size=n) * np.where(ever_ambassador, 4.0, 1.0)
    following = rng.lognormal(np.log(300), 0.9, size=n) * np.where(heavy, 2.5, 1.0)
    staff = persona_first == PERSONAS.index("staff")
    followers[staff] = rng.lognormal(np.log(400), 0.6, size=staff.sum())
    fb = persona_first == PERSONAS.index("follow_back")
    followers[fb] = rng.lognormal(np.log(200), 0.8, size=fb.sum())
    following[fb] = followers[fb] * rng.uniform(8, 25, size=fb.sum()) + 1500
    return np.round(followers).astype(np.int64), np.round(following).astype(np.int64)


def _follow_times(spec, cal: DemoCalendar, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow and unfollow times of everyone who follows: staff first, then earlier followers, then joiners.

    Returns ``followed, unfollowed, follow_back`` (the last: indices of the follow-back accounts).
    """
    shape = spec.params
    start, end = cal.start, cal.end
    n_initial = max(shape.staff + 1, int(round(spec.followers * np.exp(-shape.growth * len(cal.labels)))))
    staff_at = (start - rng.uniform(1, 6, size=shape.staff) * _YEAR).astype(np.int64)
    old_at = (start - np.minimum(rng.exponential(2.2 * _YEAR, size=n_initial - shape.staff), 10 * _YEAR)).astype(
        np.int64
    )
    followed = np.concatenate([staff_at, old_at, _joiners(spec, cal, rng, n_initial)])
    regular = _unfollows(rng, followed[shape.staff :], start, end, shape.churn)
    unfollowed = np.concatenate([np.full(shape.staff, NEVER), regular])
    fb = rng.choice(
        np.arange(shape.staff, len(followed)),
        size=max(1, int(round(FOLLOW_BACK_SHARE * spec.followers))),
        replace=False,
    )
    quits = fb[(followed[fb] >= start) & (rng.random(len(fb)) < 0.45)]  # unfollow when not followed back
    quit_at = followed[quits] + (rng.uniform(5, 60, size=len(quits)) * DAY).astype(np.int64)
    unfollowed[quits] = np.where(quit_at < end, quit_at, NEVER)
    return followed, unfollowed, fb


def _chain_members(spec, cal: DemoCalendar, rng, followed: np.ndarray, unfollowed: np.ndarray):
    """States and personas of ordinary followers (silent while they do not follow).

    Returns ``state, persona, heavy`` for the people whose follow times are given.
    """
    n, months = len(followed), len(cal.labels)
    state = _chain(rng, n, months, spec.params.shares)
    active_style = np.array([PERSONAS.index(p) for p in ACTIVE_STYLES])[
        _stratified(rng, n, list(ACTIVE_STYLES.values()))
    ]
    amb_style = np.array([PERSONAS.index(p) for p in AMBASSADOR_STYLES])[
        _stratified(rng, n, list(AMBASSADOR_STYLES.values()))
    ]
    overlap = (followed[:, None] < cal.bounds[None, 1:]) & (unfollowed[:, None] > cal.bounds[None, :-1])
    state = np.where(overlap, state, SILENT).astype(np.int8)
    persona = np.select(
        [state == ACTIVE, state == AMBASSADOR], [active_style[:, None], amb_style[:, None]], PERSONAS.index("lurker")
    )
    return state, persona, active_style == PERSONAS.index("heavy_liker")


def simulate_population(spec, cal: DemoCalendar, rng: np.random.Generator) -> Population:
    """Simulate everyone who follows or interacts with the account described by ``spec``."""
    shape, months = spec.params, len(cal.labels)
    followed, unfollowed, fb = _follow_times(spec, cal, rng)
    n_follow = len(followed)
    n_pass = max(1, int(round(shape.passersby * spec.followers)))
    n_off = max(1, int(round(OFFLINE_SHARE * spec.followers)))
    n = n_follow + n_pass + n_off
    persona = np.zeros((n, months), dtype=np.int8)
    state = np.zeros((n, months), dtype=np.int8)
    heavy = np.zeros(n, dtype=bool)

    chain = np.setdiff1d(np.arange(shape.staff, n_follow), fb)
    state[chain], persona[chain], heavy[chain] = _chain_members(spec, cal, rng, followed[chain], unfollowed[chain])
    persona[fb] = PERSONAS.index("follow_back")
    persona[: shape.staff], state[: shape.staff] = PERSONAS.index("staff"), AMBASSADOR
    passers = np.arange(n_follow, n_follow + n_pass)
    persona[passers], state[passers] = PERSONAS.index("passerby"), _span_states(rng, n_pass, months, 1, 0.4)
    offline = np.arange(n_follow + n_pass, n)
    persona[offline], state[offline] = PERSONAS.index("offline_only"), _span_states(rng, n_off, months, 3, 6.0)

    followers, following = _audience(rng, persona[:, 0], (state == AMBASSADOR).any(axis=1), heavy)
    is_staff = np.arange(n) < shape.staff
    activity = rng.lognormal(-0.18, 0.6, size=n)
    activity[is_staff] = np.maximum(activity[is_staff], 0.8)  # staff interact often
    not_following = np.full(n_pass + n_off, NEVER)
    return Population(
        handle=make_handles(rng, n, spec.platform, spec.lang, taken=[spec.handle]),
        persona=persona,
        state=state,
        followed_at=np.concatenate([followed, not_following]),
        unfollowed_at=np.concatenate([unfollowed, not_following]),
        followers=followers,
        following=following,
        is_staff=is_staff,
        activity=activity,
    )


def ground_truth(spec, cal: DemoCalendar, pop: Population) -> pd.DataFrame:
    """One row per person per month: segment, persona and whether they follow at the month's end.

    Returns
    -------
    pandas.DataFrame
        Columns ``account, platform, handle, month, segment, persona, following``,
        sorted by handle and month.
    """
    n, months = pop.state.shape
    frame = pd.DataFrame(
        {
            "account": spec.account,
            "platform": spec.platform,
            "handle": np.repeat(pop.handle, months),
            "month": np.tile(np.array(cal.labels, dtype=object), n),
            "segment": np.array(SEGMENTS, dtype=object)[pop.state.ravel()],
            "persona": np.array(PERSONAS, dtype=object)[pop.persona.ravel()],
            "following": pop.follows_at(cal.bounds[1:] - 1).ravel(),
        }
    )
    return frame.sort_values(["handle", "month"], kind="stable", ignore_index=True)
