"""Turn the simulation's arrays into the canonical tables of :mod:`libcommunity.schemas`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schemas import coerce_frame
from .audience import DailyAudience
from .members import NEVER, Population
from .posts import Posts
from .timeline import DemoCalendar

__all__ = ["timestamps", "posts_frame", "interactions_frame", "members_frame", "audience_frame"]


def timestamps(seconds: np.ndarray) -> pd.Series:
    """UTC timestamps from UTC seconds; :data:`~libcommunity.demo.members.NEVER` becomes NaT."""
    seconds = np.asarray(seconds, dtype=np.int64)
    values = np.where(seconds == NEVER, 0, seconds).astype("datetime64[s]")
    values[seconds == NEVER] = np.datetime64("NaT")
    return pd.Series(values).dt.tz_localize("UTC").astype("datetime64[us, UTC]")


def _counts(values: np.ndarray) -> pd.Series:
    """Nullable integer counts from floats (NaN = not reported)."""
    values = np.asarray(values, dtype=float)
    return pd.Series(pd.array(np.where(np.isnan(values), 0, values).astype(np.int64), dtype="Int64")).mask(
        np.isnan(values)
    )


def _ids(spec) -> dict:
    return {"account": spec.account, "platform": spec.platform}


def posts_frame(spec, posts: Posts, rows: pd.DataFrame) -> pd.DataFrame:
    """The ``posts`` table; reactions, comments and shares are counted from the interactions ``rows``."""
    count = {
        k: np.bincount(rows.loc[(rows["kind"] == k) & (rows["post"] >= 0), "post"], minlength=len(posts))
        for k in ("reaction", "comment", "share")
    }
    frame = pd.DataFrame(
        {
            **_ids(spec),
            "post_id": posts.post_id,
            "published_at": timestamps(posts.t),
            "kind": posts.kind,
            "text": posts.text,
            "reach": _counts(posts.reach),
            "impressions": _counts(posts.impressions),
            "views": _counts(posts.views),
            "reactions": count["reaction"],
            "comments": count["comment"],
            "shares": count["share"],
            "clicks": _counts(posts.clicks),
            "saves": _counts(posts.saves),
            "paid": posts.paid,
            "url": posts.url,
        }
    )
    return coerce_frame(frame, "posts")


def interactions_frame(spec, pop: Population, posts: Posts, rows: pd.DataFrame) -> pd.DataFrame:
    """The ``interactions`` table from the simulation's rows (see :func:`~libcommunity.demo.simulate.conversation`)."""
    member, post, reply = (rows[c].to_numpy() for c in ("member", "post", "reply_row"))
    frame = pd.DataFrame(
        {
            **_ids(spec),
            "interaction_id": rows["interaction_id"].to_numpy(),
            "member_id": np.where(member >= 0, pop.handle[np.maximum(member, 0)], spec.handle),
            "kind": rows["kind"].to_numpy(),
            "created_at": timestamps(rows["t"].to_numpy()),
            "post_id": np.where(post >= 0, posts.post_id[np.maximum(post, 0)], None),
            "reply_to": np.where(reply >= 0, rows["interaction_id"].to_numpy()[np.maximum(reply, 0)], None),
            "by_library": rows["by_library"].to_numpy(),
            "text": rows["text"].to_numpy(),
        }
    )
    return coerce_frame(frame, "interactions")


def members_frame(spec, pop: Population) -> pd.DataFrame:
    """The ``members`` table, sorted by ``member_id``."""
    frame = pd.DataFrame(
        {
            **_ids(spec),
            "member_id": pop.handle,
            "followed_at": timestamps(pop.followed_at),
            "unfollowed_at": timestamps(pop.unfollowed_at),
            "followers": pop.followers,
            "following": pop.following,
            "is_staff": pop.is_staff,
        }
    )
    return coerce_frame(frame.sort_values("member_id", ignore_index=True), "members")


def audience_frame(spec, cal: DemoCalendar, audience: DailyAudience) -> pd.DataFrame:
    """The ``audience`` table: one row per local date."""
    frame = pd.DataFrame(
        {
            **_ids(spec),
            "date": cal.days.astype("datetime64[s]"),
            "followers": audience.followers,
            "follows": audience.follows,
            "unfollows": audience.unfollows,
        }
    )
    return coerce_frame(frame, "audience")
