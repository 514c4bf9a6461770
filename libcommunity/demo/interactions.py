"""What members do each month: reactions, comments, shares, mentions, messages, content, events, surveys.

Each person draws, for each month, a Poisson number of actions of each kind
whose mean is the rate of their persona that month (:data:`RATES`, zero
while silent) times their individual activity and the month's seasonal
activity. Reactions, comments and shares land on the month's posts in
proportion to each post's appeal, mostly within hours of publication;
mentions, messages and member-created content fall on days and hours that
follow the local daily rhythm; event attendance happens at the event's
time; survey responses follow the survey post. Actions outside the time a
person follows (or outside the simulated range) are dropped, and nobody
reacts to, shares, attends or answers the same post twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .members import NEVER, PERSONAS, Population
from .posts import Posts
from .timeline import DAY, HOUR, MEMBER_HOURS, DemoCalendar, local_to_utc, sample_clock, utc_to_local

__all__ = ["KINDS", "RATES", "SURVEY_RESPONSE", "QUESTION_SHARE", "simulate_actions"]

#: Kinds drawn per member-month (surveys are drawn separately).
KINDS = ("reaction", "comment", "share", "mention", "message", "ugc", "event")
#: Mean actions per month of each persona while in an active or ambassador state, in :data:`KINDS` order.
RATES = {
    "commenter": (3.0, 0.9, 0.15, 0.1, 0.1, 0.03, 0.15),
    "heavy_liker": (18.0, 0.25, 0.0, 0.0, 0.03, 0.0, 0.05),
    "offline_only": (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.7),
    "passerby": (0.8, 1.0, 0.0, 0.3, 0.4, 0.0, 0.0),
    "champion": (6.0, 2.5, 2.0, 1.0, 0.2, 0.6, 0.4),
    "quiet_amplifier": (0.2, 0.3, 2.5, 1.5, 0.1, 1.2, 0.1),
    "staff": (12.0, 0.8, 3.0, 0.3, 0.0, 0.2, 0.5),
}
#: Probability of answering the survey of a survey month, by persona.
SURVEY_RESPONSE = {"commenter": 0.15, "heavy_liker": 0.05, "offline_only": 0.5, "champion": 0.4, "quiet_amplifier": 0.2}
#: Share of comments, mentions and messages that are questions.
QUESTION_SHARE = {
    "comment": {"commenter": 0.25, "heavy_liker": 0.3, "passerby": 0.6, "champion": 0.12, "quiet_amplifier": 0.1},
    "mention": 0.25,
    "message": 0.75,
}
_ONCE = ("reaction", "share", "event", "survey")


def _persona_table(values: dict, width: int | None = None) -> np.ndarray:
    """Rows in :data:`PERSONAS` order from a ``{persona: value(s)}`` dict (zeros for the others)."""
    shape = (len(PERSONAS),) if width is None else (len(PERSONAS), width)
    table = np.zeros(shape)
    for name, value in values.items():
        table[PERSONAS.index(name)] = value
    return table


def _pick_in_groups(rng, groups: np.ndarray, group_of_item: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """For each value of ``groups``, one item whose group equals it, drawn in proportion to ``weights``.

    ``group_of_item`` must be sorted. Returns -1 where the group has no item.
    """
    cum = np.concatenate([[0.0], np.cumsum(weights)])
    first = np.searchsorted(group_of_item, groups, side="left")
    last = np.searchsorted(group_of_item, groups, side="right")
    u = cum[first] + rng.random(len(groups)) * (cum[last] - cum[first])
    item = np.clip(np.searchsorted(cum, u, side="right") - 1, first, np.maximum(last - 1, first))
    return np.where(last > first, item, -1)


def _after_post(rng, cal: DemoCalendar, post_t: np.ndarray) -> np.ndarray:
    """When members act on posts: mostly within hours, sometimes on a later day at a usual hour."""
    n = len(post_t)
    soon = post_t + np.minimum(rng.lognormal(np.log(HOUR), 1.2, size=n), 12 * HOUR).astype(np.int64) + 30
    day = (utc_to_local(post_t, cal.tz) // DAY + rng.geometric(0.5, size=n)) * DAY
    later = np.maximum(local_to_utc(day + sample_clock(rng, n, MEMBER_HOURS), cal.tz), post_t + 60)
    return np.where(rng.random(n) < 0.65, soon, later)


def _draw_counts(rng, cal: DemoCalendar, pop: Population) -> pd.DataFrame:
    """One row per drawn action: member, month and kind (no time yet)."""
    rates = _persona_table(RATES, len(KINDS))[pop.persona] * (pop.state > 0)[..., None]
    rates *= pop.activity[:, None, None] * cal.month_activity[None, :, None]
    counts = rng.poisson(rates)
    member, month, kind = np.nonzero(counts)
    reps = counts[member, month, kind]
    return pd.DataFrame(
        {
            "member": np.repeat(member, reps),
            "month": np.repeat(month, reps),
            "kind": np.repeat(np.array(KINDS, dtype=object)[kind], reps),
        }
    )


def _place(rng, cal: DemoCalendar, posts: Posts, draws: pd.DataFrame) -> pd.DataFrame:
    """Give each drawn action its post (if any) and time."""
    post = np.full(len(draws), -1)
    t = np.zeros(len(draws), dtype=np.int64)
    month, kind = draws["month"].to_numpy(), draws["kind"].to_numpy()

    on_post = np.isin(kind, ["reaction", "comment", "share"])
    post[on_post] = _pick_in_groups(rng, month[on_post], posts.month, posts.appeal)
    placed = on_post & (post >= 0)
    t[placed] = _after_post(rng, cal, posts.t[post[placed]])

    free = np.isin(kind, ["mention", "message", "ugc"])
    t[free] = cal.local_times(rng, cal.sample_days(rng, month[free]), MEMBER_HOURS)

    events = np.flatnonzero(posts.event_at != NEVER)
    events = events[np.argsort(posts.event_at[events], kind="stable")]
    attend = kind == "event"
    chosen = _pick_in_groups(rng, month[attend], cal.month_of(posts.event_at[events]), posts.appeal[events])
    post[attend] = np.where(chosen >= 0, events[np.maximum(chosen, 0)], -1)
    went = attend & (post >= 0)
    t[went] = posts.event_at[post[went]] + rng.integers(-15 * 60, 30 * 60, size=went.sum())

    keep = (~on_post & ~attend) | (post >= 0)
    return draws.assign(post=post, t=t)[keep]


def _surveys(rng, cal: DemoCalendar, pop: Population, posts: Posts) -> pd.DataFrame:
    """Survey responses: participants answer the survey of a survey month within days."""
    respond = _persona_table(SURVEY_RESPONSE)
    frames = []
    for p in np.flatnonzero(posts.topic == "survey"):
        m = posts.month[p]
        who = np.flatnonzero((pop.state[:, m] > 0) & (rng.random(len(pop)) < respond[pop.persona[:, m]]))
        delay = np.minimum(rng.exponential(2.5 * DAY, size=len(who)), 20 * DAY).astype(np.int64) + 60
        frames.append(pd.DataFrame({"member": who, "month": m, "kind": "survey", "post": p, "t": posts.t[p] + delay}))
    columns = {"member": int, "month": int, "kind": object, "post": int, "t": np.int64}
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    )


def _questions(rng, actions: pd.DataFrame, persona: np.ndarray) -> np.ndarray:
    """Which comments, mentions and messages are questions."""
    kind = actions["kind"].to_numpy()
    p = np.zeros(len(actions))
    comment = kind == "comment"
    p[comment] = _persona_table(QUESTION_SHARE["comment"])[persona[comment]]
    p[kind == "mention"] = QUESTION_SHARE["mention"]
    p[kind == "message"] = QUESTION_SHARE["message"]
    return rng.random(len(actions)) < p


def simulate_actions(cal: DemoCalendar, pop: Population, posts: Posts, rng: np.random.Generator) -> pd.DataFrame:
    """Simulate every member action of one account.

    Returns
    -------
    pandas.DataFrame
        Columns ``member`` (index into ``pop``), ``month``, ``kind``, ``post``
        (index into ``posts``, -1 for none), ``t`` (UTC seconds), ``persona``
        (code of the member's persona that month) and ``question``; sorted by time.
    """
    actions = pd.concat(
        [_place(rng, cal, posts, _draw_counts(rng, cal, pop)), _surveys(rng, cal, pop, posts)], ignore_index=True
    )
    member, t = actions["member"].to_numpy(), actions["t"].to_numpy()
    inside = (t >= cal.start) & (t < cal.end)
    allowed = pop.followed_at[member] == NEVER
    allowed |= (pop.followed_at[member] <= t) & (t < pop.unfollowed_at[member])
    actions = actions[inside & allowed].sort_values(["t", "member", "kind"], kind="stable", ignore_index=True)
    repeated = actions["kind"].isin(_ONCE) & actions.duplicated(["member", "post", "kind"])
    actions = actions[~repeated].reset_index(drop=True)
    persona = pop.persona[actions["member"].to_numpy(), actions["month"].to_numpy()]
    return actions.assign(persona=persona, question=_questions(rng, actions, persona))
