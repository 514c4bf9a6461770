"""Real communities: two Stack Exchange data dumps converted to canonical tables and segmented.

Conversion (a test helper, documented in docs/segmentation.md):

* users (``Id`` -1, the Community bot, left out) are members who follow since ``CreationDate``;
* questions (``PostTypeId`` 1) are member content, kind ``ugc``;
* answers (``PostTypeId`` 2) are member-to-member replies: kind ``comment`` with ``reply_to`` the question;
* comments are kind ``comment`` with ``reply_to`` the question or answer commented on (comments on tag
  wikis have no ``reply_to``);
* bookmarks (``VoteTypeId`` 5, the only votes that name their voter) are kind ``reaction``.

Posts and comments whose author was deleted (no ``OwnerUserId`` / ``UserId``) are left out; so are tag
wikis and moderator nominations. Timestamps in the dumps are UTC.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from libcommunity.ingest import ingest_paths
from libcommunity.segments import segment_members
from libcommunity.store import Store

from .conftest import REAL_DATA as REAL_DATA_DEFAULT
from .conftest import write_canonical_csv

pytestmark = pytest.mark.real_data

SITES = {
    # site folder: (report month, window months) covering the site's whole life up to its last complete month
    "stackexchange_cardano": ("2021-11", 7),
    "stackexchange_conlang_meta": ("2020-07", 24),
}


def _rows(path: Path):
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "row":
            yield dict(elem.attrib)
            elem.clear()


def _utc(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="string"), format="ISO8601").dt.tz_localize("UTC")


def stackexchange_tables(folder: Path, account: str = "se") -> dict:
    """Canonical ``members`` and ``interactions`` of a Stack Exchange dump (member ids are ``user<Id>``).

    Also returns ``users``: ``member_id`` (handle), ``reputation``.
    """
    users = [u for u in _rows(folder / "Users.xml") if u["Id"] != "-1"]
    members = pd.DataFrame(
        {
            "account": account,
            "platform": "other",
            "member_id": ["user" + u["Id"] for u in users],
            "followed_at": _utc([u["CreationDate"] for u in users]),
        }
    )
    reputation = pd.DataFrame(
        {"member_id": members["member_id"], "reputation": [int(u["Reputation"]) for u in users]}
    )
    posts = list(_rows(folder / "Posts.xml"))
    kind_of_post = {p["Id"]: p["PostTypeId"] for p in posts}
    rows = []
    for p in posts:
        if "OwnerUserId" not in p or p["OwnerUserId"] == "-1":
            continue
        if p["PostTypeId"] == "1":
            rows.append(("q" + p["Id"], "user" + p["OwnerUserId"], "ugc", p["CreationDate"], None))
        elif p["PostTypeId"] == "2":
            rows.append(("a" + p["Id"], "user" + p["OwnerUserId"], "comment", p["CreationDate"], "q" + p["ParentId"]))
    for c in _rows(folder / "Comments.xml"):
        if "UserId" not in c or c["UserId"] == "-1":
            continue
        target = {"1": "q", "2": "a"}.get(kind_of_post.get(c["PostId"], ""))
        rows.append(("c" + c["Id"], "user" + c["UserId"], "comment", c["CreationDate"], target and target + c["PostId"]))
    for v in _rows(folder / "Votes.xml"):
        if v["VoteTypeId"] == "5" and "UserId" in v:
            rows.append(("v" + v["Id"], "user" + v["UserId"], "reaction", v["CreationDate"], None))
    frame = pd.DataFrame(rows, columns=["interaction_id", "member_id", "kind", "created_at", "reply_to"])
    # a reply to a post of a deleted user or of the Community bot answers no member
    frame["reply_to"] = frame["reply_to"].where(frame["reply_to"].isin(frame["interaction_id"]))
    interactions = pd.DataFrame(
        {
            "account": account,
            "platform": "other",
            "interaction_id": frame["interaction_id"],
            "member_id": frame["member_id"],
            "kind": frame["kind"],
            "created_at": _utc(frame["created_at"]),
            "reply_to": frame["reply_to"],
            "by_library": False,
        }
    )
    return {"members": members, "interactions": interactions, "users": reputation}


def stackexchange_store(folder: Path, root: Path, account: str = "se") -> tuple[Store, pd.DataFrame]:
    """Ingest a dump through the real path; returns the store and ``member`` (pseudonym) -> reputation."""
    tables = stackexchange_tables(folder, account)
    paths = [write_canonical_csv(tables[t], root / "src" / f"{t}.csv") for t in ("members", "interactions")]
    store = Store(root / "store")
    ingest_paths(paths, account=account, store=store, timezone="UTC")
    ids = store.identities(account).rename(columns={"member_id": "member", "handle": "member_id"})
    reputation = ids.merge(tables["users"], on="member_id")[["member", "reputation"]]
    return store, reputation


def _kinds(t) -> dict:
    ia = t["interactions"]
    return {
        "questions": int((ia["kind"] == "ugc").sum()),
        "answers": int(ia["interaction_id"].str.startswith("a").sum()),
        "comments": int(ia["interaction_id"].str.startswith("c").sum()),
        "bookmarks": int((ia["kind"] == "reaction").sum()),
    }


def test_conversion_matches_the_readme_figures(real_data):
    t = stackexchange_tables(real_data / "stackexchange_cardano")
    assert len(t["members"]) == 3987
    # README: 1042 questions (2 by deleted users), 1496 answers, 1829 comments (2 without UserId; 7 more are
    # by the Community bot, Id -1, counted with grep), 291 bookmarks with a UserId.
    assert _kinds(t) == {"questions": 1040, "answers": 1496, "comments": 1829 - 2 - 7, "bookmarks": 291}
    assert t["interactions"]["member_id"].isin(t["members"]["member_id"]).all()
    answered = t["interactions"]["reply_to"].dropna()
    assert answered.str.match(r"^[qa]\d+$").all()
    assert answered.isin(t["interactions"]["interaction_id"]).all()
    assert len(answered) > 1496  # every answer to a kept question, and comments


def test_conversion_of_the_tiny_meta_site(real_data):
    t = stackexchange_tables(real_data / "stackexchange_conlang_meta")
    assert len(t["members"]) == 271
    # README: 54 questions (1 owned by the Community bot), 115 answers (6 posts by deleted users, all answers),
    # 230 comments (14 without UserId), 10 bookmarks.
    assert _kinds(t) == {"questions": 53, "answers": 109, "comments": 216, "bookmarks": 10}
    assert t["users"]["reputation"].median() == 101


def segment_site(real_data, tmp_path, site):
    month, window = SITES[site]
    store, reputation = stackexchange_store(real_data / site, tmp_path)
    members = segment_members(store, "se", month, window_months=window)
    return members.merge(reputation, on="member", how="left")


def high_reputation(members) -> pd.Series:
    """Reputation in the top quarter of the members who took part in the window."""
    threshold = members.loc[members["participation"] > 0, "reputation"].quantile(0.75)
    return members["reputation"] >= threshold


def counted_from_xml(folder: Path, start: str, end: str) -> tuple[int, int]:
    """Users created before ``end`` and users who asked, answered, commented or bookmarked in [start, end),
    counted straight from the XML (no store, no DuckDB)."""
    users = {u["Id"] for u in _rows(folder / "Users.xml") if u["Id"] != "-1" and u["CreationDate"] < end}
    acting = set()
    for p in _rows(folder / "Posts.xml"):
        if p["PostTypeId"] in ("1", "2") and start <= p["CreationDate"] < end:
            acting.add(p.get("OwnerUserId"))
    for c in _rows(folder / "Comments.xml"):
        if start <= c["CreationDate"] < end:
            acting.add(c.get("UserId"))
    for v in _rows(folder / "Votes.xml"):
        if v["VoteTypeId"] == "5" and start <= v["CreationDate"] < end:
            acting.add(v.get("UserId"))
    acting -= {None, "-1"}
    return len(users | acting), len(acting)


def test_cardano_segments_and_reputation(real_data, tmp_path):
    m = segment_site(real_data, tmp_path, "stackexchange_cardano")
    sizes = m["segment"].value_counts().to_dict()
    members, participants = counted_from_xml(real_data / "stackexchange_cardano", "2021-05-01", "2021-12-01")
    assert len(m) == members and m["reputation"].notna().all()
    assert sizes["silent_follower"] == (m["participation"] == 0).sum() == members - participants
    assert sizes["ambassador"] + sizes["active_participant"] == participants
    assert 150 <= sizes["ambassador"] <= 350  # a minority of the participants (see docs/segmentation.md)
    high = high_reputation(m)
    share = high.groupby(m["segment"]).mean()
    assert share["ambassador"] > 0.5  # most ambassadors are high-reputation users
    assert share["ambassador"] > 3 * share["active_participant"] > share["silent_follower"]
    # ambassadors answer others: the members who gave the most answers are ambassadors
    top = m.sort_values("replies_given", ascending=False).head(20)
    assert (top["segment"] == "ambassador").all()


def test_tiny_meta_site(real_data, tmp_path):
    m = segment_site(real_data, tmp_path, "stackexchange_conlang_meta")
    sizes = m["segment"].value_counts().to_dict()
    members, participants = counted_from_xml(real_data / "stackexchange_conlang_meta", "2018-08-01", "2020-08-01")
    assert len(m) == members == 271
    assert sizes["silent_follower"] == members - participants
    assert sizes.get("ambassador", 0) <= 5 and sizes["active_participant"] >= 5
    assert (m.loc[m["segment"] == "ambassador", "reputation"] >= 1000).all()


#: Calibration month of the MBG/NBD check on each site (three held-out months follow it).
ACTIVITY_CALIBRATION = {"stackexchange_cardano": "2021-08", "stackexchange_conlang_meta": "2019-12"}


def test_cardano_activity_model_on_held_out_months(real_data, tmp_path):
    """MBG/NBD fitted up to August 2021 and checked on September-November: it ranks who comes back far better than
    chance and predicts better than a constant (the figures are in docs/segmentation.md)."""
    from libcommunity.segments.evidence import activity_check

    store, _ = stackexchange_store(real_data / "stackexchange_cardano", tmp_path)
    check = activity_check(store, "se", ACTIVITY_CALIBRATION["stackexchange_cardano"], horizon_months=3)
    s = check.summary
    assert s["converged"] and s["members"] == len(check.members) > 400
    assert s["auc"] > 0.7 and s["brier"] < s["brier_constant"]
    assert 0.7 < s["expected_days"] / s["observed_days"] < 1.3


def report(real: Path = REAL_DATA_DEFAULT) -> None:  # pragma: no cover - prints the docs' table
    """``python -m tests.test_segments_stackexchange``: segment sizes and reputation, as in docs/segmentation.md."""
    import os
    import tempfile

    from libcommunity.segments.evidence import activity_check

    os.environ.setdefault("LIBCOMMUNITY_KEY", "libcommunity-docs")
    for site, (month, window) in SITES.items():
        with tempfile.TemporaryDirectory() as tmp:
            m = segment_site(real, Path(tmp), site)
            store, _ = stackexchange_store(real / site, Path(tmp) / "check")
            check = activity_check(store, "se", ACTIVITY_CALIBRATION[site], horizon_months=3).summary
        high = high_reputation(m)
        thr = m.loc[m["participation"] > 0, "reputation"].quantile(0.75)
        print(f"\n{site}: report month {month}, window {window} months, {len(m)} members; top quarter of participants: reputation >= {thr:g}")
        for seg in ("silent_follower", "active_participant", "ambassador"):
            part = m[m["segment"] == seg]
            print(
                f"  {seg:<20} {len(part):>5}  high reputation {int(high[part.index].sum()):>4} ({100 * high[part.index].mean():.1f}%)"
                f"  reputation >= 1000: {int((part['reputation'] >= 1000).sum())}  median reputation {part['reputation'].median():g}"
            )
        participants = m[m["participation"] > 0]
        print(f"  high-reputation participants: {int(high[participants.index].sum())}, of whom ambassadors "
              f"{int((high & (m['segment'] == 'ambassador')).sum())}")
        top = m.sort_values(["replies_given", "member"], ascending=[False, True]).head(20)
        print(f"  the 20 members who answered others most: {int((top['segment'] == 'ambassador').sum())} ambassadors")
        print("  ladder: " + ", ".join(f"{k} {v}" for k, v in m["ladder_step"].value_counts().items()))
        print(f"  MBG/NBD fitted up to {check['calibration_month']}, checked on {check['holdout']}: {check['members']} members, "
              f"expected {check['expected_days']:.0f} active days, observed {check['observed_days']}; acted again "
              f"{check['acted']:.3f} (predicted {check['predicted_acted']:.3f}); AUC {check['auc']:.3f} "
              f"(recency alone {check['auc_recency']:.3f}); Brier {check['brier']:.3f} (constant {check['brier_constant']:.3f})")


if __name__ == "__main__":  # pragma: no cover
    report()
