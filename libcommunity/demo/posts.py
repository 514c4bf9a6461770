"""The library's own posts: when, what kind, what text, and how far they reach.

Posts follow the library's working rhythm (1-3 on weekdays, fewer at
weekends, none on Christmas Day and New Year's Day), with topics that follow
the season: a summer-reading campaign in July, the account's book fair,
December holidays, a satisfaction survey in the survey months and event
announcements whose events take place days later. Reach and impressions
are log-normal, grow with the follower count and with a post's appeal;
paid posts (Facebook, Instagram) reach several times more. Mastodon and
Bluesky give no reach, impressions or views.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ids import post_ids_and_urls
from .members import NEVER
from .texts import TEXTS, render_posts
from .timeline import DAY, HOUR, LIBRARY_HOURS, DemoCalendar, local_to_utc, sample_clock

__all__ = ["Posts", "simulate_posts", "PLATFORM_KINDS"]

#: Post kinds each platform uses, with their shares (event and survey posts are set apart).
PLATFORM_KINDS = {
    "facebook": {"photo": 0.5, "link": 0.2, "video": 0.1, "text": 0.12, "reel": 0.08},
    "instagram": {"photo": 0.55, "reel": 0.25, "video": 0.05, "story": 0.15},
    "x": {"text": 0.45, "photo": 0.35, "link": 0.15, "video": 0.05},
    "mastodon": {"text": 0.5, "photo": 0.35, "link": 0.15},
    "bluesky": {"text": 0.5, "photo": 0.35, "link": 0.15},
    "youtube": {"video": 0.8, "reel": 0.2},
    "other": {"photo": 0.5, "text": 0.3, "link": 0.2},
}
_KIND_APPEAL = {
    "photo": 1.0,
    "video": 1.2,
    "reel": 1.6,
    "link": 0.6,
    "text": 0.8,
    "story": 0.5,
    "event": 1.1,
    "other": 0.8,
}
#: Organic reach as a share of followers, where the platform reports reach.
_REACH_RATE = {"facebook": 0.12, "instagram": 0.25, "other": 0.2}
_NO_METRICS = ("mastodon", "bluesky")
_METRIC_NAMES = ("reach", "impressions", "views", "clicks", "saves")
_BASE_TOPICS = {"books": 0.34, "event": 0.12, "photo": 0.16, "notice": 0.12, "tip": 0.12}


@dataclass(frozen=True)
class Posts:
    """The posts of one account, sorted by time.

    ``event_at`` is the UTC time of the announced event (:data:`~libcommunity.demo.members.NEVER`
    for other posts); ``appeal`` drives how many interactions a post draws.
    Metric arrays are floats with NaN for "not reported".
    """

    t: np.ndarray
    month: np.ndarray
    topic: np.ndarray
    kind: np.ndarray
    event_at: np.ndarray
    appeal: np.ndarray
    text: np.ndarray
    post_id: np.ndarray
    url: np.ndarray
    reach: np.ndarray
    impressions: np.ndarray
    views: np.ndarray
    clicks: np.ndarray
    saves: np.ndarray
    paid: np.ndarray

    def __len__(self) -> int:
        return len(self.t)


def _daily_counts(spec, cal: DemoCalendar, rng) -> np.ndarray:
    """Number of regular posts per local day."""
    rate = spec.posts_per_day * np.sqrt(cal.season)
    n = len(cal.days)
    busy = np.where(rate >= 1, 1 + rng.binomial(2, np.clip((rate - 1) / 2, 0, 1)), rng.random(n) < rate)
    weekend = rng.random(n) < np.minimum(0.9, 0.3 * rate)
    counts = np.where(cal.weekday < 5, busy, weekend).astype(np.int64)
    closed = ((cal.month_num == 12) & (cal.day_num == 25)) | ((cal.month_num == 1) & (cal.day_num == 1))
    return np.where(closed, 0, counts)


def _survey_days(spec, cal: DemoCalendar) -> np.ndarray:
    """The day of each survey: the first weekday from the 3rd of every survey month."""
    ok = np.isin(cal.month_num, spec.survey_months) & (cal.day_num >= 3) & (cal.weekday < 5)
    first = np.flatnonzero(ok)
    return first[np.r_[True, cal.day_month[first][1:] != cal.day_month[first][:-1]]] if len(first) else first


def _topics(spec, cal: DemoCalendar, days: np.ndarray, rng) -> np.ndarray:
    """Topic of each regular post, following the season."""
    names = list(_BASE_TOPICS) + ["summer", "fair", "holiday"]
    month_num, day_num = cal.month_num[days], cal.day_num[days]
    p = np.tile(np.array(list(_BASE_TOPICS.values()) + [0.0, 0.0, 0.0]), (len(days), 1))
    p[cal.weekday[days] >= 5, names.index("event")] = 0.0
    p[month_num == 7, names.index("summer")] = 0.45
    p[month_num == spec.fair_month, names.index("fair")] = 0.45
    p[(month_num == 12) & (day_num >= 15), names.index("holiday")] = 0.25
    cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    pick = (rng.random(len(days))[:, None] >= cum[:, :-1]).sum(axis=1)
    return np.array(names, dtype=object)[pick]


def _kinds(platform: str, topics: np.ndarray, rng) -> np.ndarray:
    """Kind of each post: the platform's mix, with event and survey posts set apart."""
    mix = PLATFORM_KINDS[platform]
    kinds = rng.choice(np.array(list(mix), dtype=object), size=len(topics), p=np.array(list(mix.values())))
    kinds[topics == "event"] = "event" if platform == "facebook" else ("video" if platform == "youtube" else "photo")
    kinds[topics == "survey"] = {"instagram": "story", "youtube": "video"}.get(platform, "link")
    return kinds


def _event_times(cal: DemoCalendar, days: np.ndarray, is_event: np.ndarray, rng) -> np.ndarray:
    """Local naive seconds of each announced event: 4-14 days after the post, evenings or Saturday mornings."""
    local = cal.days[days] + rng.integers(4, 15, size=len(days)) * DAY
    weekday = (local // DAY + 3) % 7
    local = np.where(weekday == 6, local + DAY, local)
    saturday = weekday == 5
    clock = np.where(
        saturday, rng.choice([11, 12], size=len(days)) * HOUR, rng.choice([17.5, 18.0, 18.5], size=len(days)) * HOUR
    )
    return np.where(is_event, local + clock.astype(np.int64), NEVER)


def _tags(spec, topics: np.ndarray, months: np.ndarray, rng) -> np.ndarray:
    """Closing hashtags: the account's own, the topic's, and the campaign of the month."""
    topic_tags = TEXTS[spec.lang]["topic_tags"]
    summer = (topics == "summer") | ((months == 7) & (rng.random(len(topics)) < 0.4))
    fair = (topics == "fair") | ((months == spec.fair_month) & (rng.random(len(topics)) < 0.4))
    out = []
    for topic, s, f in zip(topics, summer, fair):
        parts = [spec.hashtag, topic_tags.get(topic), spec.summer_tag if s else None, spec.fair_tag if f else None]
        out.append(" ".join(p for p in parts if p))
    return np.array(out, dtype=object)


def _exposure(platform: str, kind: np.ndarray, appeal: np.ndarray, followers: np.ndarray, rng):
    """Reach (NaN where the platform has none), impressions and paid flags: log-normal, growing with followers."""
    n = len(kind)
    base = np.maximum(followers, 1) * appeal**0.6 * rng.lognormal(0, 0.35, size=n)
    if platform not in _REACH_RATE:
        impressions = np.round(base * (0.9 if platform == "x" else 2.0) * rng.lognormal(0, 0.3, size=n))
        return np.full(n, np.nan), impressions, np.zeros(n, dtype=bool)
    paid = (rng.random(n) < 0.06) & (kind != "story") & (platform in ("facebook", "instagram"))
    boost = np.where(paid, rng.uniform(3, 8, size=n), 1.0) * np.where(kind == "story", 0.5, 1.0)
    reach = np.round(base * _REACH_RATE[platform] * boost)
    impressions = np.ceil(reach * (1.05 + rng.lognormal(np.log(0.35), 0.5, size=n)))
    return reach, impressions, paid


def _metrics(platform: str, kind: np.ndarray, appeal: np.ndarray, followers: np.ndarray, rng) -> dict:
    """Reach, impressions, views, clicks, saves and paid flags, as the platform reports them."""
    n = len(kind)
    if platform in _NO_METRICS:
        return dict.fromkeys(_METRIC_NAMES, np.full(n, np.nan)) | {"paid": np.full(n, None, dtype=object)}
    reach, impressions, paid = _exposure(platform, kind, appeal, followers, rng)
    audience = reach if platform in _REACH_RATE else impressions
    video = np.isin(kind, ["video", "reel"]) | (platform == "youtube")
    view_share = rng.uniform(0.5, 1.3, size=n) if platform in _REACH_RATE else rng.uniform(0.2, 0.5, size=n)
    click_p = np.select([kind == "link", kind == "event"], [0.03, 0.02], 0.004)
    saves = np.full(n, np.nan)
    if platform == "instagram":
        saves = rng.binomial(reach.astype(np.int64), np.minimum(0.004 * appeal**0.5, 0.05)).astype(float)
    return {
        "reach": reach,
        "impressions": impressions,
        "views": np.where(video, np.round(audience * view_share), np.nan),
        "clicks": rng.binomial(audience.astype(np.int64), click_p).astype(float),
        "saves": saves,
        "paid": paid.astype(object),
    }


def simulate_posts(spec, cal: DemoCalendar, followers: np.ndarray, rng: np.random.Generator) -> Posts:
    """Simulate the posts of one account.

    Parameters
    ----------
    spec : AccountSpec
    cal : DemoCalendar
    followers : numpy.ndarray
        Followers at the end of each local day of ``cal`` (reach grows with them).
    rng : numpy.random.Generator
    """
    regular = np.repeat(np.arange(len(cal.days)), _daily_counts(spec, cal, rng))
    surveys = _survey_days(spec, cal)
    days = np.concatenate([regular, surveys])
    topics = np.concatenate([_topics(spec, cal, regular, rng), np.full(len(surveys), "survey", dtype=object)])
    clock = np.concatenate([sample_clock(rng, len(regular), LIBRARY_HOURS), np.full(len(surveys), 10 * HOUR)])
    scheduled = rng.random(len(days)) < 0.5
    clock = np.where(scheduled, clock // (15 * 60) * (15 * 60), clock)
    local = cal.days[days] + clock
    order = np.argsort(local, kind="stable")
    days, topics, local = days[order], topics[order], local[order]
    t = local_to_utc(local, cal.tz)

    kinds = _kinds(spec.platform, topics, rng)
    is_event = topics == "event"
    event_local = _event_times(cal, days, is_event, rng)
    event_at = np.where(is_event, local_to_utc(np.where(is_event, event_local, local), cal.tz), NEVER)
    campaign = np.isin(topics, ["summer", "fair", "event"])
    appeal = (
        rng.lognormal(0, 0.8, size=len(t)) * np.array([_KIND_APPEAL[k] for k in kinds]) * np.where(campaign, 1.3, 1.0)
    )
    text = render_posts(
        rng,
        spec.lang,
        topics,
        _tags(spec, topics, cal.month_num[days], rng),
        event_local,
        us_style=cal.tz.startswith("America/") and spec.lang == "en",
    )
    post_id, url = post_ids_and_urls(t, spec.platform, spec.handle, rng)
    metrics = _metrics(spec.platform, kinds, appeal, followers[days], rng)
    return Posts(
        t=t,
        month=cal.day_month[days],
        topic=topics,
        kind=kinds,
        event_at=event_at,
        appeal=appeal,
        text=text,
        post_id=post_id,
        url=url,
        **metrics,
    )
