"""What to do next: rule-based recommendations with documented thresholds.

Each rule reads figures the report already computed (:class:`~libcommunity.report.data.ReportData`)
and, when its threshold is crossed, returns a :class:`Recommendation`: the
rule's id, its priority (conversation first, then people, then content,
then data) and the raw values its text needs. The thresholds are the named
constants below; ``docs/reports.md`` lists them with their reasons.

==================  ====================================================================================
rule                fires when
==================  ====================================================================================
answer_waiting      at least :data:`UNANSWERED_MIN` item that needs a reply waits more than 48 hours (``unanswered_items``)
complaints          at least :data:`COMPLAINTS_MIN` complaint in the month (``feedback.complaints``)
response_rate       response rate (items that need a reply) below :data:`RESPONSE_RATE_TARGET` with :data:`RESPONSE_MIN_ITEMS`+ items
response_time       median response time (items that need a reply) above :data:`RESPONSE_HOURS_TARGET` hours
drifting            anyone is drifting away (``drifting_away``)
invite              silent followers ready to jump with :data:`INVITE_MIN_ACTIONS`+ reactions, shares or mentions
thank               anyone is on the ambassador roster
acknowledge         fewer than :data:`ACKNOWLEDGE_TARGET` of :data:`ACKNOWLEDGE_MIN_ITEMS`+ shares, UGC and praise got a reaction or reply
community_ratio     community ratio below :data:`COMMUNITY_RATIO_TARGET` (90-9-1: one in ten takes part)
member_talk         member-to-member share below :data:`MEMBER_TALK_TARGET` with :data:`MEMBER_TALK_MIN_COMMENTS`+ comments
offline_link        :data:`OFFLINE_MIN_PEOPLE`+ attendees and fewer than :data:`OFFLINE_ONLINE_TARGET` of them online
best_kind           a kind with :data:`KIND_MIN_POSTS`+ posts whose mean rate is :data:`KIND_LIFT` x the month's mean
best_time           a weekday and hour whose credible interval lies above the median post (``top_times``)
campaign            a hashtag carried by :data:`CAMPAIGN_MIN_MEMBERS`+ members
burst               the month had a burst day
followers_lost      more followers lost than gained, at least :data:`LOST_MIN` lost
follow_back         follow-back accounts are :data:`FOLLOW_BACK_SHARE`+ of the followers
no_posts            no post in a month with other data
missing_month       no post and no interaction in the month
missing_members     the store holds no per-member data for the account
==================  ====================================================================================
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import pandas as pd

from ..metrics import top_times
from ..metrics.bursts import daily_table
from ..metrics.items import NEEDS
from ..metrics.posts import RATE_COLUMNS
from ..metrics.timing import LEVEL
from ..metrics.timing import _choose as choose_metric

__all__ = [
    "Recommendation",
    "recommend",
    "RULES",
    "UNANSWERED_MIN",
    "COMPLAINTS_MIN",
    "ACKNOWLEDGE_TARGET",
    "ACKNOWLEDGE_MIN_ITEMS",
    "RESPONSE_RATE_TARGET",
    "RESPONSE_MIN_ITEMS",
    "RESPONSE_HOURS_TARGET",
    "INVITE_MIN_ACTIONS",
    "COMMUNITY_RATIO_TARGET",
    "MEMBER_TALK_TARGET",
    "MEMBER_TALK_MIN_COMMENTS",
    "OFFLINE_ONLINE_TARGET",
    "OFFLINE_MIN_PEOPLE",
    "KIND_MIN_POSTS",
    "KIND_LIFT",
    "CAMPAIGN_MIN_MEMBERS",
    "LOST_MIN",
    "FOLLOW_BACK_SHARE",
]

#: Items that need a reply waiting more than 48 hours before "answer them" is said (one is enough: answer everyone).
UNANSWERED_MIN = 1
#: Complaints in the month before "answer them and see what they share" is said (listen to negative feedback: one).
COMPLAINTS_MIN = 1
#: Share of the shares, UGC and praise the library should react to or answer: at least every other one.
ACKNOWLEDGE_TARGET = 0.5
#: Shares, UGC and praise needed before the share thanked is judged.
ACKNOWLEDGE_MIN_ITEMS = 5
#: Share of items that should get an answer.
RESPONSE_RATE_TARGET = 0.90
#: Items needed before the response rate is judged.
RESPONSE_MIN_ITEMS = 5
#: Median response time (hours) to stay under: within a day, never "in five days".
RESPONSE_HOURS_TARGET = 24.0
#: Reactions, shares and mentions in the window that make a stirring silent follower worth inviting.
INVITE_MIN_ACTIONS = 3
#: Engaged members per follower Nielsen's 90-9-1 expects (one in ten takes part).
COMMUNITY_RATIO_TARGET = 0.10
#: Share of member comments that answer another member below which members are not talking to each other.
MEMBER_TALK_TARGET = 0.10
#: Member comments needed before member-to-member talk is judged.
MEMBER_TALK_MIN_COMMENTS = 20
#: Share of event attendees who should also be online members.
OFFLINE_ONLINE_TARGET = 0.50
#: Event attendees needed before their online share is judged.
OFFLINE_MIN_PEOPLE = 10
#: Posts of a kind needed before it is called the best kind.
KIND_MIN_POSTS = 3
#: How much better than the month's mean a kind must do.
KIND_LIFT = 1.25
#: Members using a hashtag that make it a campaign worth repeating.
CAMPAIGN_MIN_MEMBERS = 3
#: Lost followers needed before losing more than gaining is pointed out.
LOST_MIN = 5
#: Share of followers that look like follow-back accounts worth pointing out.
FOLLOW_BACK_SHARE = 0.05
_BURST = inspect.signature(daily_table).parameters
#: What makes a burst day (the defaults of :func:`libcommunity.metrics.bursts.daily_table`): robust z-score and baseline days.
BURST_Z, BURST_BASELINE_DAYS = _BURST["threshold"].default, _BURST["baseline_days"].default


@dataclass(frozen=True)
class Recommendation:
    """One thing to do, and why.

    Attributes
    ----------
    rule : str
        The rule's id (the table of the module docstring).
    priority : int
        Lower comes first.
    values : dict
        The raw figures of its text (counts, rates, names).
    people : bool
        Whether ``values["n"]`` counts people (then the report's small-number rule applies to it).
    """

    rule: str
    priority: int
    values: dict = field(default_factory=dict)
    people: bool = False


def _n(frame) -> int:
    return 0 if frame is None else int(len(frame))


def answer_waiting(d):
    n = _n(d.unanswered)
    if d.has_interactions and n >= UNANSWERED_MIN:
        counts = d.unanswered["need"].value_counts() if "need" in d.unanswered else {}
        needs = {k: int(counts[k]) for k in NEEDS if counts.get(k, 0)}
        return Recommendation("answer_waiting", 10, {"n": n, "hours": d.unanswered_hours, "needs": needs})
    return None


def complaints(d):
    n = (d.summary.get("feedback") or {}).get("complaints") or 0
    if d.has_interactions and n >= COMPLAINTS_MIN:
        return Recommendation("complaints", 10, {"n": n})
    return None


def response_rate(d):
    r = d.summary.get("response") or {}
    rate, items = r.get("rate"), r.get("items") or 0
    if d.has_interactions and rate is not None and items >= RESPONSE_MIN_ITEMS and rate < RESPONSE_RATE_TARGET:
        return Recommendation("response_rate", 11, {"rate": rate, "items": items, "target": RESPONSE_RATE_TARGET})
    return None


def response_time(d):
    median = (d.summary.get("response") or {}).get("median_hours")
    if d.has_interactions and median is not None and median > RESPONSE_HOURS_TARGET:
        return Recommendation("response_time", 12, {"median": median, "target": RESPONSE_HOURS_TARGET})
    return None


def drifting(d):
    n = _n(d.drifting)
    return Recommendation("drifting", 20, {"n": n}, people=True) if n else None


def invite(d):
    if d.ready is None or d.ready.empty:
        return None
    n = int((d.ready["participation"] >= INVITE_MIN_ACTIONS).sum())
    return Recommendation("invite", 21, {"n": n, "min": INVITE_MIN_ACTIONS}, people=True) if n else None


def thank(d):
    n = _n(d.roster)
    return Recommendation("thank", 22, {"n": n}, people=True) if n else None


def acknowledge(d):
    a = d.summary.get("acknowledgement") or {}
    items, rate = a.get("items") or 0, a.get("rate")
    if d.has_interactions and rate is not None and items >= ACKNOWLEDGE_MIN_ITEMS and rate < ACKNOWLEDGE_TARGET:
        return Recommendation("acknowledge", 23, {"acknowledged": a.get("acknowledged"), "items": items, "rate": rate,
                                                  "target": ACKNOWLEDGE_TARGET, "min": ACKNOWLEDGE_MIN_ITEMS})
    return None


def community_ratio(d):
    ratio = d.summary.get("community_ratio")
    if d.has_interactions and ratio is not None and ratio < COMMUNITY_RATIO_TARGET:
        return Recommendation("community_ratio", 30, {"ratio": ratio, "target": COMMUNITY_RATIO_TARGET,
                                                      "engaged": d.summary.get("engaged_members"),
                                                      "followers": d.summary.get("followers_end")})
    return None


def member_talk(d):
    share = d.summary.get("member_to_member_share")
    comments = (d.summary.get("interactions") or {}).get("comment", 0)
    if share is not None and comments >= MEMBER_TALK_MIN_COMMENTS and share < MEMBER_TALK_TARGET:
        return Recommendation("member_talk", 31, {"share": share, "comments": comments, "target": MEMBER_TALK_TARGET})
    return None


def offline_link(d):
    o = d.summary.get("offline") or {}
    people, share = o.get("event_attendees") or 0, o.get("attendees_online_share")
    if people >= OFFLINE_MIN_PEOPLE and share is not None and share < OFFLINE_ONLINE_TARGET:
        return Recommendation("offline_link", 32, {"share": share, "n": people, "online": o.get("attendees_online"),
                                                   "target": OFFLINE_ONLINE_TARGET}, people=True)
    return None


def best_kind(d):
    if d.kinds is None or d.kinds.empty or d.posts is None or d.posts.empty:
        return None
    metric = choose_metric(d.posts, "auto")
    if metric not in RATE_COLUMNS:
        return None
    overall = (d.summary.get("engagement") or {}).get(metric)
    enough = d.kinds[d.kinds["posts"] >= KIND_MIN_POSTS].dropna(subset=[f"mean_{metric}"])
    if overall is None or overall <= 0 or enough.empty or len(d.kinds) < 2:
        return None
    top = enough.sort_values([f"mean_{metric}", "posts", "kind"], ascending=[False, False, True]).iloc[0]
    rate = float(top[f"mean_{metric}"])
    if rate >= KIND_LIFT * overall:
        return Recommendation("best_kind", 40, {"kind": str(top["kind"]), "rate": rate, "overall": overall,
                                                "metric": metric, "posts": int(top["posts"]), "min": KIND_MIN_POSTS,
                                                "lift": KIND_LIFT - 1})
    return None


def best_time(d):
    if d.best is None or d.best.empty:
        return None
    top = top_times(d.best, 1)
    if top.empty:
        return None
    row = top.iloc[0]
    return Recommendation("best_time", 41, {"weekday": int(row["weekday"]), "hour": int(row["hour"]),
                                            "value": float(row["value"]), "low": float(row["low"]),
                                            "high": float(row["high"]), "median": float(row["account_median"]),
                                            "level": float(d.best.attrs.get("level", LEVEL)),
                                            "metric": str(row["metric"]), "posts": int(row["posts"])})


def campaign(d):
    h = d.hashtags
    if h is None or h.empty:
        return None
    carried = h[h["members_using"] >= CAMPAIGN_MIN_MEMBERS]
    if carried.empty:
        return None
    top = carried.iloc[0]
    return Recommendation("campaign", 42, {"hashtag": str(top["hashtag"]), "uses": int(top["member_uses"]),
                                           "members": int(top["members_using"]), "min": CAMPAIGN_MIN_MEMBERS})


def burst(d):
    b = d.bursts
    if b is None or b.empty:
        return None
    top = b.sort_values(["z", "date"], ascending=[False, True]).iloc[0]
    return Recommendation("burst", 43, {"date": pd.Timestamp(top["date"]), "n": int(top["interactions"]),
                                        "usual": float(top["baseline_median"]), "z": BURST_Z,
                                        "days": BURST_BASELINE_DAYS})


def followers_lost(d):
    new, lost = d.summary.get("new_followers"), d.summary.get("lost_followers")
    if new is not None and lost is not None and lost >= LOST_MIN and lost > new:
        return Recommendation("followers_lost", 50, {"new": new, "lost": lost, "min": LOST_MIN})
    return None


def follow_back(d):
    n, followers = _n(d.follow_back), d.summary.get("followers_end")
    if n and followers and n / followers >= FOLLOW_BACK_SHARE:
        return Recommendation("follow_back", 51, {"n": n, "share": FOLLOW_BACK_SHARE}, people=True)
    return None


def no_posts(d):
    if d.summary.get("posts") == 0 and not d.month_is_empty:  # None: the month's data has no posts table to count
        return Recommendation("no_posts", 60, {})
    return None


def missing_month(d):
    return Recommendation("missing_month", 5, {"month": d.month}) if any(d.available.values()) and d.month_is_empty else None


def missing_members(d):
    if any(d.available.values()) and not d.has_interactions and not d.available.get("members"):
        return Recommendation("missing_members", 6, {})
    return None


#: Every rule, in the order ties of priority are broken.
RULES = (
    missing_month,
    missing_members,
    answer_waiting,
    complaints,
    response_rate,
    response_time,
    drifting,
    invite,
    thank,
    acknowledge,
    community_ratio,
    member_talk,
    offline_link,
    best_kind,
    best_time,
    campaign,
    burst,
    followers_lost,
    follow_back,
    no_posts,
)


def recommend(data) -> list[Recommendation]:
    """The recommendations whose thresholds ``data`` crosses, most urgent first.

    A month without any post or interaction only gets ``missing_month``.

    Parameters
    ----------
    data : ReportData

    Returns
    -------
    list of Recommendation
    """
    if (empty := missing_month(data)) is not None:  # nothing else can be said about a month without data
        return [empty]
    out = [rec for rule in RULES if (rec := rule(data)) is not None]
    order = {rule.__name__: i for i, rule in enumerate(RULES)}
    return sorted(out, key=lambda r: (r.priority, order[r.rule]))
