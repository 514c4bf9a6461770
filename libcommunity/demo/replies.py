"""Conversation: members answering each other, and the library answering members.

Member-to-member replies are comments that answer the previous comment of
another member on the same post. The library answers most questions (all
but the account's ``unanswered`` share) and thanks some comments, mentions,
messages and pieces of member-created content. Its response time is
log-normal in *working hours* of the account's timezone (weekdays 9-19,
Saturday mornings at a lower pace, little in the evening, almost nothing at
night and on Sundays): a question at 11:00 on a Tuesday is answered before
lunch, one on Saturday evening on Monday morning. A tail of replies comes
days later.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .timeline import DAY, HOUR, DemoCalendar, utc_to_local

__all__ = ["WorkClock", "member_threads", "library_replies", "REPLY_SHARE", "THANKS_SHARE", "LATE_SHARE"]

#: Share of comments that answer the previous comment of another member on the same post.
REPLY_SHARE = 0.3
#: Share of non-question items the library thanks or answers, by kind.
THANKS_SHARE = {"comment": 0.15, "mention": 0.4, "ugc": 0.4, "message": 0.5}
#: Share of library replies that come days late.
LATE_SHARE = 0.08


def _work_weight(local: np.ndarray) -> np.ndarray:
    """How much of each local hour the community manager spends answering (1 = fully)."""
    hour = (local % DAY) // HOUR
    weekday = (local // DAY + 3) % 7
    weight = np.full(len(local), 0.02)
    weekdays = weekday < 5
    weight[weekdays & (hour >= 9) & (hour < 19)] = 1.0
    weight[weekdays & (hour == 14)] = 0.5
    weight[weekdays & (hour >= 19) & (hour < 22)] = 0.15
    weight[(weekday == 5) & (hour >= 10) & (hour < 14)] = 0.4
    weight[(weekday >= 5) & (hour >= 14) & (hour < 21)] = 0.05
    return weight


class WorkClock:
    """Convert between UTC time and cumulative working hours of an account.

    Parameters
    ----------
    cal : DemoCalendar
        The account's calendar; the clock runs from two days before its start
        to four months after its end.
    """

    def __init__(self, cal: DemoCalendar):
        self.edges = np.arange(cal.start - 2 * DAY, cal.end + 120 * DAY + 1, HOUR)
        weight = _work_weight(utc_to_local(self.edges[:-1], cal.tz))
        self.cum = np.concatenate([[0.0], np.cumsum(weight)])

    def add(self, t: np.ndarray, hours: np.ndarray) -> np.ndarray:
        """UTC seconds ``hours`` working hours after ``t``."""
        work = np.interp(t, self.edges, self.cum) + hours
        return np.interp(work, self.cum, self.edges).astype(np.int64)


def member_threads(rng: np.random.Generator, actions: pd.DataFrame) -> np.ndarray:
    """Row of the comment each comment answers (-1 for none).

    A non-question comment answers the comment just before it on the same
    post when that comment is another member's and strictly earlier, with
    probability :data:`REPLY_SHARE`.
    """
    reply_to = np.full(len(actions), -1)
    rows = np.flatnonzero(actions["kind"].to_numpy() == "comment")
    rows = rows[np.lexsort((actions["t"].to_numpy()[rows], actions["post"].to_numpy()[rows]))]
    post = actions["post"].to_numpy()[rows]
    member = actions["member"].to_numpy()[rows]
    t = actions["t"].to_numpy()[rows]
    can = np.r_[False, (post[1:] == post[:-1]) & (member[1:] != member[:-1]) & (t[1:] > t[:-1])]
    chosen = can & (rng.random(len(rows)) < REPLY_SHARE) & ~actions["question"].to_numpy()[rows]
    reply_to[rows[chosen]] = rows[np.flatnonzero(chosen) - 1]
    return reply_to


def library_replies(
    spec, cal: DemoCalendar, actions: pd.DataFrame, reply_to: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """The library's replies to member items.

    Parameters
    ----------
    spec : AccountSpec
    cal : DemoCalendar
    actions : pandas.DataFrame
        Member actions (see :func:`~libcommunity.demo.interactions.simulate_actions`).
    reply_to : numpy.ndarray
        Member-to-member threads from :func:`member_threads` (those are not answered).
    rng : numpy.random.Generator

    Returns
    -------
    pandas.DataFrame
        Columns ``item`` (row answered), ``kind`` (``message`` for messages,
        ``comment`` otherwise), ``post``, ``t`` and ``answer`` (a reply to a
        question, not a thank-you); replies after the simulated range are left out.
    """
    kind = actions["kind"].to_numpy()
    question = actions["question"].to_numpy()
    p = np.array([THANKS_SHARE.get(k, 0.0) for k in kind])
    p[question] = 1.0 - spec.unanswered
    p[reply_to >= 0] = 0.0
    items = np.flatnonzero(rng.random(len(actions)) < p)
    delay = rng.lognormal(np.log(spec.response_hours), 1.0, size=len(items))
    late = np.where(rng.random(len(items)) < LATE_SHARE, rng.lognormal(np.log(2 * DAY), 0.5, size=len(items)), 0)
    t_item = actions["t"].to_numpy()[items]
    t = np.maximum(WorkClock(cal).add(t_item, delay) + late.astype(np.int64), t_item + 120)
    replies = pd.DataFrame(
        {
            "item": items,
            "kind": np.where(kind[items] == "message", "message", "comment").astype(object),
            "post": np.where(kind[items] == "comment", actions["post"].to_numpy()[items], -1),
            "t": t,
            "answer": question[items],
        }
    )
    return replies[replies["t"] < cal.end].reset_index(drop=True)
