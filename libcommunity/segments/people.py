"""Segments and the ladder per person: each person's highest step on any channel, cross-platform ambassadors.

:func:`segment_members` gives one row per identity (``platform``,
``member``). Where the store's links join identities into people
(:mod:`libcommunity.people`), :func:`people_of_members` gives one row per
person: the highest segment and ladder step any of their identities reached
in the window, what they did summed over their identities, and on how many
channels they took part. :func:`summarise_people` is the ``people`` block of
the segment summary (``segment --json``). Definitions (``docs/segmentation.md``,
"People"):

* a person's **segment** is the most engaged segment of their identities
  (ambassador > active participant > silent follower), their **ladder step**
  the highest step of their identities (the ladder per person);
* a person's **platforms** in the window: the platforms of their identities
  that took part (any kind but following; people known from the library's
  own attendance lists and surveys by e-mail, card number or name are the
  platform ``other``);
* a **cross-platform ambassador** is a person in the ambassador segment who
  took part on two or more platforms.

Without links every identity is a person of its own and the person-level
counts equal the identity-level ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .ladder import LADDER, ladder_level
from .naming import SEGMENTS

__all__ = ["people_of_members", "summarise_people", "PEOPLE_COLUMNS"]

#: Columns of :func:`people_of_members`.
PEOPLE_COLUMNS = (
    "person", "identities", "platforms", "segment", "ladder_step", "ladder_level", "active_platforms", "participation",
    "offline", "follows",
)


def _person_keys(members: pd.DataFrame, persons: pd.DataFrame | None) -> pd.Series:
    """The person each identity row is: its linked person, else ``platform:member``."""
    own = members["platform"].astype("string") + ":" + members["member"].astype("string")
    if persons is None or persons.empty:
        return own.rename("person")
    keys = members[["platform", "member"]].astype("string").merge(
        persons[["platform", "member", "person"]].astype("string"), on=["platform", "member"], how="left")
    return keys["person"].fillna(own).set_axis(members.index).rename("person")


def _platforms(frame: pd.DataFrame) -> pd.Series:
    """Per person (in order of first appearance), the sorted distinct platforms of their identities, comma-separated.

    Vectorised: one grouped ``any`` per platform (a handful), each person's set of platforms as a bit mask, one
    string per distinct mask. (A Python function per group took minutes for a million members.)
    """
    platform = frame["platform"].astype("string")
    names = sorted(platform.dropna().unique())
    present = pd.DataFrame({i: platform.eq(name).fillna(False).to_numpy(dtype=bool) for i, name in enumerate(names)},
                           index=frame.index)
    has = present.groupby(frame["person"], sort=False).any()
    mask = np.zeros(len(has), dtype=np.int64)  # one bit per platform: the canonical platforms are a dozen
    for i in range(len(names)):
        mask |= has[i].to_numpy(dtype=np.int64) << i
    masks, which = np.unique(mask, return_inverse=True)
    text = np.array([",".join(name for i, name in enumerate(names) if (int(m) >> i) & 1) for m in masks], dtype=object)
    return pd.Series(text[which.ravel()], index=has.index, dtype=object)


def people_of_members(members: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person of a :func:`~libcommunity.segments.segment_members` frame (see the module docstring).

    Parameters
    ----------
    members : DataFrame
        ``segment_members`` (needs ``platform``, ``member``, ``segment``,
        ``ladder_step``, ``participation``, ``offline``, ``follows``).
    persons : DataFrame, optional
        ``platform, member, person`` of the linked identities
        (:func:`libcommunity.metrics.people.persons_frame`); without it every
        identity is a person.

    Returns
    -------
    DataFrame
        :data:`PEOPLE_COLUMNS`: ``identities`` (how many of the window's
        members are this person), ``platforms`` (sorted, comma-separated),
        ``segment``, ``ladder_step`` and ``ladder_level`` (the highest),
        ``active_platforms`` (see the module docstring), ``participation`` and
        ``offline`` (summed), ``follows`` (any identity follows). Sorted like
        ``segment_members``: ambassadors first, then by ladder and participation.
    """
    if members.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PEOPLE_COLUMNS})
    frame = members.assign(person=_person_keys(members, persons))
    frame.attrs = {}  # pandas deep-copies attrs into every derived frame: the members' model is not needed here
    rank = {s: i for i, s in enumerate(SEGMENTS)}
    frame["_seg"] = frame["segment"].map(rank).fillna(-1).astype("int64")
    frame["_level"] = ladder_level(frame["ladder_step"].astype("object").to_numpy())
    frame["_active_platform"] = frame["platform"].astype("string").where(frame["participation"] > 0)
    grouped = frame.groupby("person", sort=False)
    out = pd.DataFrame({
        "identities": grouped.size(),
        "platforms": _platforms(frame),
        "_seg": grouped["_seg"].max(),
        "ladder_level": grouped["_level"].max().astype("int64"),
        "active_platforms": grouped["_active_platform"].nunique().astype("int64"),
        "participation": grouped["participation"].sum().astype("int64"),
        "offline": grouped["offline"].sum().astype("int64"),
        "follows": grouped["follows"].any(),
    })
    out["segment"] = pd.Series(np.array(SEGMENTS, dtype=object)[out["_seg"].clip(lower=0).to_numpy()],
                               index=out.index).where(out["_seg"] >= 0).astype("string")
    out["ladder_step"] = pd.Series(np.array(("",) + LADDER, dtype=object)[out["ladder_level"].to_numpy()],
                                   index=out.index).replace("", pd.NA).astype("string")
    out = out.reset_index().sort_values(["_seg", "ladder_level", "participation", "person"],
                                        ascending=[False, False, False, True], kind="stable", ignore_index=True)
    out["person"] = out["person"].astype("string")
    return out[list(PEOPLE_COLUMNS)]


def summarise_people(members: pd.DataFrame, persons: pd.DataFrame | None = None) -> dict:
    """The ``people`` block of the segment summary: people, linked identities, segments and ladder per person.

    Returns
    -------
    dict
        ``people`` (people among the window's members), ``linked_identities``
        (members whose person has two or more of them), ``segments`` (people
        per segment, by their highest), ``ladder`` (people per highest step:
        the ladder per person), ``ambassadors``, ``cross_platform_ambassadors``.
    """
    if persons is None or persons.empty:
        return _summarise_identities(members)
    people = people_of_members(members, persons)
    seg = people["segment"].value_counts()
    steps = people["ladder_step"].value_counts()
    amb = people["segment"].eq("ambassador")
    return {
        "people": int(len(people)),
        "linked_identities": int(people.loc[people["identities"] >= 2, "identities"].sum()),
        "segments": {s: int(seg.get(s, 0)) for s in SEGMENTS},
        "ladder": {s: int(steps.get(s, 0)) for s in LADDER},
        "ambassadors": int(amb.sum()),
        "cross_platform_ambassadors": int((amb & (people["active_platforms"] >= 2)).sum()),
    }


def _summarise_identities(members: pd.DataFrame) -> dict:
    """:func:`summarise_people` without links: every identity (one row of ``members``) is a person of its own.

    The same counts as through :func:`people_of_members`, read off the members' own columns: a person's segment
    and ladder step are their one identity's, nobody is linked, and nobody takes part on two platforms.
    """
    seg = members["segment"].value_counts()
    steps = members["ladder_step"].value_counts()
    return {
        "people": int(len(members)),
        "linked_identities": 0,
        "segments": {s: int(seg.get(s, 0)) for s in SEGMENTS},
        "ladder": {s: int(steps.get(s, 0)) for s in LADDER},
        "ambassadors": int(seg.get("ambassador", 0)),
        "cross_platform_ambassadors": 0,
    }
