"""own_mentions.py: the library's own identities are the library in texts, written as its name, never as a pseudonym.

At ingest (the store is right for new data), and again where a report shows texts (stores ingested before, and
identities recognised as the library only by a later ingest); in every mode, with or without --reveal.
"""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.ingest import ingest_paths
from libcommunity.own_mentions import mentioned_pseudonyms, name_library_mentions
from libcommunity.pseudonym import Pseudonymizer, store_key
from libcommunity.report.build import build_report
from libcommunity.report.sections import conversation
from libcommunity.store import Store
from tests.conftest import TEST_KEY, write_canonical_csv

ACCOUNT, PLATFORM, TZ = "lib", "mastodon", "Europe/Madrid"


def acts(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to",
                                     "by_library", "text"])
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    df["by_library"] = df["by_library"].astype(bool)
    df.insert(0, "platform", PLATFORM)
    df.insert(0, "account", ACCOUNT)
    return df


def staff(handles) -> pd.DataFrame:
    df = pd.DataFrame({"account": ACCOUNT, "platform": PLATFORM, "member_id": list(handles)})
    df["followed_at"] = pd.to_datetime(["2025-01-01T00:00:00Z"] * len(df), utc=True)
    df["unfollowed_at"] = pd.to_datetime(pd.Series([None] * len(df), dtype="object"), utc=True)
    df["is_staff"] = [h.startswith("staff") for h in handles]
    return df


MENTIONS = [
    ("c1", "ana", "comment", "2025-10-03T12:00:00Z", None, None, False, "Hola @biblio.lavapies, ¿abrís el domingo?"),
    ("c2", "ben", "comment", "2025-10-04T12:00:00Z", None, None, False, "Gracias @staff_eva y @ana por todo"),
    ("c3", "cai", "mention", "2025-10-05T12:00:00Z", None, None, False, "Me encanta @Biblio.Lavapies"),
]
REPLY = [("r1", "biblio.lavapies", "comment", "2025-10-03T13:00:00Z", None, "c1", True, "¡Sí, de 10 a 14 @ana!")]


def ingest(tmp_path, files: dict, **kw):
    paths = [write_canonical_csv(frame, tmp_path / "src" / name) for name, frame in files.items()]
    return ingest_paths(paths, account=ACCOUNT, store=Store(tmp_path / "store"), timezone=TZ, **kw)


def texts(tmp_path) -> dict:
    df = Store(tmp_path / "store").read("interactions", ACCOUNT)
    return dict(zip(df["interaction_id"], df["text"]))


def pseudonym(tmp_path, handle) -> str:
    return Pseudonymizer(store_key(Store(tmp_path / "store")).key)(handle, PLATFORM)


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("LIBCOMMUNITY_KEY", TEST_KEY)


def test_name_library_mentions_names_only_the_library():
    lib, member = "m_" + "a" * 20, "m_" + "b" * 20
    out = name_library_mentions(pd.Series([f"hi @{lib} and @{member}", f"@{lib}x", None, "mail x@y.org"]), {lib}, "lib")
    assert out.tolist()[:2] == [f"hi @lib and @{member}", f"@{lib}x"] and out.isna().tolist()[2]
    assert out.tolist()[3] == "mail x@y.org"
    assert mentioned_pseudonyms(out.dropna()) == {member}


def test_ingest_stores_the_library_and_staff_by_name_and_members_by_pseudonym(tmp_path):
    ingest(tmp_path, {"interactions.csv": acts(MENTIONS + REPLY), "members.csv": staff(["ana", "ben", "staff_eva"])})
    t = texts(tmp_path)
    assert t["c1"] == "Hola @lib, ¿abrís el domingo?"  # the author of the library's replies
    assert t["c3"] == "Me encanta @lib"  # the same handle, another spelling
    assert t["c2"] == f"Gracias @lib y @{pseudonym(tmp_path, 'ana')} por todo"  # staff acts as the library; ana is a member
    assert t["r1"] == f"¡Sí, de 10 a 14 @{pseudonym(tmp_path, 'ana')}!"
    assert "biblio.lavapies" not in " ".join(t.values()).lower()


def test_a_mention_staged_before_the_library_showed_itself_is_named_at_commit(tmp_path):
    """Two files of one ingest: the mentions first, the library's reply after them."""
    ingest(tmp_path, {"a-mentions.csv": acts(MENTIONS), "b-reply.csv": acts(REPLY)})
    t = texts(tmp_path)
    assert t["c1"] == "Hola @lib, ¿abrís el domingo?" and t["c3"] == "Me encanta @lib"


def test_handles_given_for_the_account_are_the_library_in_later_ingests_too(tmp_path):
    ingest(tmp_path, {"interactions.csv": acts(MENTIONS[:1])}, handles=["@Biblio.Lavapies"])
    assert texts(tmp_path)["c1"] == "Hola @lib, ¿abrís el domingo?"
    assert Store(tmp_path / "store").account(ACCOUNT).handles == ["@Biblio.Lavapies"]
    ingest(tmp_path, {"more.csv": acts(MENTIONS[2:])})  # no --handle this time: the account keeps it
    assert texts(tmp_path)["c3"] == "Me encanta @lib"


def test_a_handle_must_be_one_word(tmp_path):
    from libcommunity.errors import ParameterError

    with pytest.raises(ParameterError, match="handle must be one word"):
        ingest(tmp_path, {"interactions.csv": acts(MENTIONS[:1])}, handles=["biblio lavapies"])


@pytest.mark.parametrize("reveal", [False, True])
def test_reports_name_the_library_in_a_store_ingested_before(tmp_path, reveal):
    """The mention was stored as a pseudonym (the library was not known yet); a later ingest shows the library's
    reply: the report writes the library's name, with or without --reveal."""
    ingest(tmp_path, {"mentions.csv": acts(MENTIONS[:1])})
    lib = pseudonym(tmp_path, "biblio.lavapies")
    assert texts(tmp_path)["c1"] == f"Hola @{lib}, ¿abrís el domingo?"  # as an older version stored it
    later = [("r0", "biblio.lavapies", "comment", "2025-10-30T13:00:00Z", None, None, True, "Novedades")]
    ingest(tmp_path, {"reply.csv": acts(later)})
    assert texts(tmp_path)["c1"] == f"Hola @{lib}, ¿abrís el domingo?"  # the stored row is left as it was
    report = build_report(Store(tmp_path / "store"), ACCOUNT, "2025-10", lang="es", reveal=reveal, min_group=1)
    shown = conversation(report).text
    assert "Hola @lib, ¿abrís el domingo?" in shown and lib not in shown
