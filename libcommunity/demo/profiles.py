"""The demo's API captures of profiles: what people say about their other accounts (:mod:`libcommunity.demo.people`).

* :func:`followers_capture` — the first platform's followers at the end as
  the Mastodon API lists them (notes and fields);
* :func:`second_profiles_capture` — the second platform's people as Bluesky's
  ``app.bsky.actor.getProfiles`` describes them: DID, handle, description.

In both, a twin (a person of both platforms) who did not reuse their user
name names their other account more often than not; one who reused it
sometimes does too; a few other people mention someone else's account in
passing ("married to ..."), which is not a claim of their own and must not be
read as one.
"""

from __future__ import annotations

import base64
import hashlib

import pandas as pd

__all__ = ["followers_capture", "second_profiles_capture", "demo_did"]

_NOTES = {
    "sv": ("Läser deckare och fantasy.", "Bokcirkelns trogna medlem.", "Pensionär, läser allt.", "Lärare. Böcker och kaffe.",
           "", "", "Föräldraledig med bok i handen."),
    "es": ("Leo novela negra y fantasía.", "Socia del club de lectura.", "Jubilada, lo leo todo.", "Profe. Libros y café.",
           "", "", "Con un libro siempre."),
    "en": ("I read crime and fantasy.", "Book club regular.", "Retired, reads everything.", "Teacher. Books and coffee.",
           "", "", "Always with a book."),
}
#: Shares of profiles that name the member's other account (user name not reused / reused) and someone else's.
_OWN_SHARE, _REUSED_SHARE, _OTHERS_SHARE = 0.6, 0.25, 0.02
_OWN_TEXT = {"sv": "Också på {p}: {h}", "es": "También en {p}: {h}", "en": "Also on {p}: {h}"}
_OTHERS_TEXT = {"sv": "Gift med @{h}", "es": "Casada con @{h}", "en": "Married to @{h}"}


def followers_capture(rng, demo, twins: dict, reused: set, cp) -> tuple:
    """The first platform's followers at the end as a Mastodon API followers list, and its request metadata.

    Twins who did not reuse their user name name their other account in their
    profile more often than not (a ``Bluesky`` field or "also on Bluesky: ..."
    in the note); a few others' notes mention someone else's account in passing.
    """
    if demo.spec.platform != "mastodon":
        return ()
    lang = demo.spec.lang
    m = demo.members
    current = m[m["followed_at"].notna() & m["unfollowed_at"].isna() & ~m["is_staff"].astype(bool)]
    by_first = {h1: h2 for h2, h1 in twins.items()}
    seconds = sorted(twins)
    label = cp.platform.capitalize()
    accounts = []
    for i, row in enumerate(current.itertuples(index=False)):
        user, host = row.member_id.lstrip("@").split("@", 1)
        note, fields = _NOTES[lang][int(rng.integers(len(_NOTES[lang])))], []
        other = by_first.get(row.member_id)
        u = rng.random()
        if other is not None and (other not in reused and u < _OWN_SHARE or other in reused and u < _REUSED_SHARE):
            if rng.random() < 0.5:
                fields.append({"name": label, "value": f'<a href="https://bsky.app/profile/{other}" rel="me">{other}</a>',
                               "verified_at": None})
            else:
                note = (note + " " if note else "") + _OWN_TEXT[lang].format(p=label, h=other)
        elif other is None and rng.random() < _OTHERS_SHARE and seconds:
            note = (note + " " if note else "") + _OTHERS_TEXT[lang].format(h=seconds[int(rng.integers(len(seconds)))])
        created = (pd.Timestamp(row.followed_at) - pd.Timedelta(days=float(rng.uniform(30, 900)))).tz_convert("UTC")
        accounts.append({
            "id": str(109_000_000_000_000_000 + i * 7_919 + int(rng.integers(7_919))), "username": user,
            "acct": f"{user}@{host}", "display_name": "", "locked": False, "bot": False,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "note": f"<p>{note}</p>" if note else "", "url": f"https://{host}/@{user}", "uri": f"https://{host}/users/{user}",
            "followers_count": int(row.followers) if pd.notna(row.followers) else 0,
            "following_count": int(row.following) if pd.notna(row.following) else 0,
            "statuses_count": int(rng.integers(0, 3000)), "emojis": [], "fields": fields,
        })
    user, host = demo.spec.handle.lstrip("@").split("@", 1)
    meta = {
        "url": f"https://{host}/api/v1/accounts/109000000000000001/followers",
        "endpoint": "/api/v1/accounts/109000000000000001/followers",
        "params": {"limit": 80}, "status": 200, "fetched_at": demo.spec.months[-1].end(demo.spec.timezone).isoformat(),
        "library": {"id": "109000000000000001", "acct": user, "url": f"https://{host}/@{user}",
                    "created_at": "2016-03-01T00:00:00.000Z"},
    }
    return accounts, meta


def demo_did(account: str, handle: str) -> str:
    """A made-up, stable ``did:plc:`` of the demo's ``handle`` (24 base32 characters, as PLC DIDs have)."""
    digest = hashlib.sha256(f"{account}\0{handle.lower()}".encode()).digest()
    return "did:plc:" + base64.b32encode(digest).decode("ascii").lower()[:24]


def second_profiles_capture(rng, demo, second, twins: dict, reused: set) -> list:
    """The second platform's people (not staff) as Bluesky's ``getProfiles`` describes them; [] if not Bluesky.

    A twin names their account on the first platform in the description
    ("Also on Mastodon: @user@host", or "Mastodon: https://host/@user") with
    the same shares as the followers' profiles of :func:`followers_capture`.
    """
    if second.spec.platform != "bluesky" or demo.spec.platform != "mastodon":
        return []
    lang = demo.spec.lang
    m = second.members
    inter = second.interactions
    staff = set(m.loc[m["is_staff"].astype(bool), "member_id"])
    people = sorted((set(m["member_id"]) | set(inter.loc[~inter["by_library"].astype(bool), "member_id"])) - staff)
    counts = m.set_index("member_id")[["followers", "following"]]
    firsts = sorted(set(twins.values()))
    out = []
    for handle in people:
        text = _NOTES[lang][int(rng.integers(len(_NOTES[lang])))]
        other = twins.get(handle)
        u = rng.random()
        if other is not None and (u < _OWN_SHARE if handle not in reused else u < _REUSED_SHARE):
            if rng.random() < 0.5:
                mention = _OWN_TEXT[lang].format(p="Mastodon", h=other)
            else:
                user, host = other.lstrip("@").split("@", 1)
                mention = f"Mastodon: https://{host}/@{user}"
            text = (text + "\n" if text else "") + mention
        elif other is None and rng.random() < _OTHERS_SHARE and firsts:
            text = (text + " " if text else "") + _OTHERS_TEXT[lang].format(h=firsts[int(rng.integers(len(firsts)))].lstrip("@"))
        followers = counts["followers"].get(handle) if handle in counts.index else None
        following = counts["following"].get(handle) if handle in counts.index else None
        created = demo.spec.months[0].start(demo.spec.timezone) - pd.Timedelta(days=float(rng.uniform(30, 700)))
        out.append({
            "did": demo_did(demo.spec.account, handle), "handle": handle, "displayName": "",
            "description": text, "avatar": None,
            "followersCount": int(followers) if followers is not None and pd.notna(followers) else 0,
            "followsCount": int(following) if following is not None and pd.notna(following) else 0,
            "postsCount": int(rng.integers(0, 2000)), "labels": [],
            "createdAt": created.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "indexedAt": created.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        })
    return out
