"""Simulate one library account: people, posts, interactions, audience and ground truth."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .accounts import AccountSpec
from .audience import daily_audience
from .frames import audience_frame, interactions_frame, members_frame, posts_frame
from .ids import snowflakes
from .interactions import simulate_actions
from .members import NEVER, Population, ground_truth, simulate_population
from .posts import simulate_posts
from .replies import library_replies, member_threads
from .member_texts import draw_intents, intent_of
from .texts import render_apologies, render_library_texts, render_member_texts
from .timeline import DemoCalendar, build_calendar

__all__ = ["DemoAccount", "simulate_account", "conversation", "rng_for", "text_truth", "library_handles"]


@dataclass(frozen=True)
class DemoAccount:
    """A simulated account: the four canonical tables and the ground truth.

    Attributes
    ----------
    spec : AccountSpec
    posts, interactions, members, audience : pandas.DataFrame
        Canonical tables (columns and dtypes of :mod:`libcommunity.schemas`),
        with original handles as ``member_id``.
    ground_truth : pandas.DataFrame
        ``account, platform, handle, month, segment, persona, following``:
        every person, every month.
    text_truth : pandas.DataFrame
        ``account, platform, interaction_id, kind, intent``: the intended kind
        (``question``, ``request``, ``complaint``, ``praise``, ``other``) of
        every member comment, mention, message and piece of content.
    people : DemoPeople or None
        The account's second platform, attendance lists, survey export, links
        kept by hand and who is who (:mod:`libcommunity.demo.people`), for the
        accounts that have them (added by :func:`~libcommunity.demo.write.write_demo`).
    """

    spec: AccountSpec
    posts: pd.DataFrame
    interactions: pd.DataFrame
    members: pd.DataFrame
    audience: pd.DataFrame
    ground_truth: pd.DataFrame
    text_truth: pd.DataFrame
    people: object = None


def rng_for(seed: int, account: str, part: str) -> np.random.Generator:
    """The random generator of one part of one account's simulation.

    Seeded from ``(seed, account, part)``, so accounts and parts are
    independent: adding an account or changing one part leaves the others'
    data unchanged.
    """
    return np.random.default_rng([int(seed), zlib.crc32(account.encode()), zlib.crc32(part.encode())])


def _mention_name(spec: AccountSpec) -> str:
    """How members mention the library in their texts."""
    if spec.platform == "facebook":
        return "@" + spec.hashtag.lstrip("#")
    return spec.handle if spec.handle.startswith("@") else "@" + spec.handle


def library_handles(spec: AccountSpec) -> list[str]:
    """The library's own handles, as ``libcommunity ingest --handle`` takes them: its handle and how members mention it."""
    return sorted({spec.handle, _mention_name(spec)})


def _content_tags(spec: AccountSpec, cal: DemoCalendar, months: np.ndarray) -> np.ndarray:
    """Hashtags members put on their own content: the month's campaign, else the library's."""
    month_num = np.array([int(label[5:]) for label in cal.labels])[months]
    return np.select(
        [month_num == 7, month_num == spec.fair_month], [spec.summer_tag, spec.fair_tag], spec.hashtag
    ).astype(object)


def _follow_rows(cal: DemoCalendar, pop: Population) -> pd.DataFrame:
    """``follow`` and ``unfollow`` rows at the times the members table gives."""
    follows = np.flatnonzero((pop.followed_at >= cal.start) & (pop.followed_at < cal.end))
    unfollows = np.flatnonzero(pop.unfollowed_at != NEVER)
    return pd.DataFrame(
        {
            "member": np.concatenate([follows, unfollows]),
            "kind": np.array(["follow"] * len(follows) + ["unfollow"] * len(unfollows), dtype=object),
            "t": np.concatenate([pop.followed_at[follows], pop.unfollowed_at[unfollows]]),
        }
    )


def _numbered(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` sorted by time, ``reply_row`` renumbered accordingly, with time-ordered ``interaction_id``."""
    order = np.argsort(rows["t"].to_numpy(), kind="stable")
    new_row = np.empty(len(rows), dtype=np.int64)
    new_row[order] = np.arange(len(rows))
    rows = rows.iloc[order].reset_index(drop=True)
    reply = rows["reply_row"].to_numpy()
    rows["reply_row"] = np.where(reply >= 0, new_row[np.maximum(reply, 0)], -1)
    rows["interaction_id"] = snowflakes(rows["t"].to_numpy(), first_seq=1 << 19)
    return rows


def conversation(
    spec: AccountSpec, cal: DemoCalendar, pop: Population, posts, rng: np.random.Generator, texts_rng=None
) -> pd.DataFrame:
    """Every interaction row of the account, sorted by time, with ids.

    Returns
    -------
    pandas.DataFrame
        Columns ``member`` (-1 for the library), ``kind``, ``t``, ``post``
        (-1 for none), ``reply_row`` (row answered, -1 for none), ``by_library``,
        ``text``, ``intent`` (intended kind of member texts, else None) and
        ``interaction_id``. ``texts_rng`` draws the intents and apologies (a
        child of ``rng`` when not given), so they leave the rest unchanged.
    """
    texts_rng = texts_rng if texts_rng is not None else rng.spawn(1)[0]
    actions = simulate_actions(cal, pop, posts, rng)
    reply_to = member_threads(rng, actions)
    kind, question = actions["kind"].to_numpy(), actions["question"].to_numpy()
    tags = _content_tags(spec, cal, actions["month"].to_numpy())
    pools = draw_intents(texts_rng, kind, question, reply_to >= 0)
    members = actions[["member", "kind", "t", "post"]].assign(
        reply_row=reply_to,
        by_library=False,
        text=render_member_texts(rng, spec.lang, kind, pools, _mention_name(spec), tags),
        intent=intent_of(pools),
    )
    library = library_replies(spec, cal, actions, reply_to, rng)
    replies = library[["kind", "t", "post"]].assign(
        member=-1,
        reply_row=library["item"],
        by_library=True,
        text=render_library_texts(rng, spec.lang, library["answer"].to_numpy()),
        intent=None,
    )
    complaint = intent_of(pools)[library["item"].to_numpy()] == "complaint"
    replies.loc[complaint, "text"] = render_apologies(texts_rng, spec.lang, int(complaint.sum()))
    follows = _follow_rows(cal, pop).assign(post=-1, reply_row=-1, by_library=False, text=None, intent=None)
    return _numbered(pd.concat([members, replies, follows], ignore_index=True))


def simulate_account(spec: AccountSpec, seed: int = 42) -> DemoAccount:
    """Simulate one library account.

    Parameters
    ----------
    spec : AccountSpec
        The account: platform, timezone, language, size, shape and months.
        Any spec works, so evaluation can simulate many small communities.
    seed : int
        Random seed; the same ``(spec, seed)`` always gives identical tables.

    Returns
    -------
    DemoAccount

    Examples
    --------
    >>> from libcommunity.demo import AccountSpec, simulate_account
    >>> spec = AccountSpec("test-lib", "mastodon", "Europe/Stockholm", "sv", followers=300,
    ...                    shape="lively", start="2026-01", end="2026-06")
    >>> demo = simulate_account(spec, seed=1)
    >>> sorted(demo.ground_truth["segment"].unique())
    ['active_participant', 'ambassador', 'silent_follower']
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative integer; got {seed!r} instead")
    cal = build_calendar(spec)
    pop = simulate_population(spec, cal, rng_for(seed, spec.account, "members"))
    audience = daily_audience(cal, pop)
    posts = simulate_posts(spec, cal, audience.followers, rng_for(seed, spec.account, "posts"))
    rows = conversation(
        spec, cal, pop, posts, rng_for(seed, spec.account, "interactions"), rng_for(seed, spec.account, "texts")
    )
    interactions = interactions_frame(spec, pop, posts, rows)
    return DemoAccount(
        spec=spec,
        posts=posts_frame(spec, posts, rows),
        interactions=interactions,
        members=members_frame(spec, pop),
        audience=audience_frame(spec, cal, audience),
        ground_truth=ground_truth(spec, cal, pop),
        text_truth=text_truth(spec, rows),
    )


def text_truth(spec: AccountSpec, rows: pd.DataFrame) -> pd.DataFrame:
    """The intended kind of each member text: ``account, platform, interaction_id, kind, intent``."""
    texts = rows[rows["intent"].notna()]
    return pd.DataFrame(
        {
            "account": spec.account,
            "platform": spec.platform,
            "interaction_id": texts["interaction_id"].astype(str).to_numpy(),
            "kind": texts["kind"].to_numpy(),
            "intent": texts["intent"].to_numpy(),
        }
    )
