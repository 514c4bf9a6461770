"""Identity links: groups merged and removed as whole people, written once, older stores' alias pairs still read."""

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError
from libcommunity.people.links import (
    BLUESKY_RULE,
    empty_links,
    link_identities,
    merge_groups,
    person_id_for,
    read_links,
    remove_links,
    write_links,
)
from libcommunity.store import Store
from libcommunity.store.check import check_store
from tests.test_store import tree_hash
from tests.test_store_issue13 import _bluesky_capture

T0 = pd.Timestamp("2026-01-05T10:00Z")
T1 = pd.Timestamp("2026-02-07T09:00Z")
A, B, C, D = ("instagram", "m_a"), ("mastodon", "m_b"), ("other", "m_c"), ("bluesky", "m_d")


def people(links) -> dict:
    """{person_id: set of identities}."""
    return {p: set(zip(g["platform"], g["member_id"])) for p, g in links.groupby("person_id")}


def test_a_group_becomes_one_person_with_its_source_and_time():
    links = merge_groups(empty_links(), [[A, B]], "manual", now=T0)
    assert people(links) == {person_id_for([A, B]): {A, B}}
    assert set(links["source"]) == {"manual"} and set(links["linked_at"]) == {T0}
    assert person_id_for([A, B]).startswith("p_") and len(person_id_for([A, B])) == 22


def test_groups_sharing_an_identity_merge_and_keep_the_smaller_person_id():
    first = merge_groups(empty_links(), [[A, B], [C, D]], "manual", now=T0)
    ab, cd = person_id_for([A, B]), person_id_for([C, D])
    merged = merge_groups(first, [[B, C]], "rule:same-email", now=T1)
    assert people(merged) == {min(ab, cd): {A, B, C, D}}
    moved = merged.set_index(["platform", "member_id"])
    kept = [A, B] if ab < cd else [C, D]
    for ident in kept:  # already with the person kept: their source and time stay
        assert moved.loc[ident, "source"] == "manual" and moved.loc[ident, "linked_at"] == T0
    for ident in {A, B, C, D} - set(kept):  # joined the person by this change
        assert moved.loc[ident, "source"] == "rule:same-email" and moved.loc[ident, "linked_at"] == T1


def test_groups_of_several_sources_in_one_pass_give_the_links_of_one_call_per_group():
    E, F = ("youtube", "m_e"), ("x", "m_f")
    start = merge_groups(empty_links(), [[A, B]], "manual", now=T0)
    sourced = [("rule:same-email", [B, C]), ("rule:same-name", [D, E]), ("rule:profile", [E, C]), ("rule:same-name", [F]),
               ("rule:same-handle", [A, F])]
    one_by_one = start
    for source, group in sourced:
        one_by_one = merge_groups(one_by_one, [group], source, now=T1)
    together = merge_groups(start, sourced, None, now=T1)
    pd.testing.assert_frame_equal(together, one_by_one)
    assert list(people(together).values()) == [{A, B, C, D, E, F}] and together["source"].nunique() > 1
    with pytest.raises(ParameterError):
        merge_groups(start, [("same-email", [B, C])], None, now=T1)


def test_the_same_group_twice_changes_nothing_and_single_identities_are_no_link():
    once = merge_groups(empty_links(), [[A, B]], "manual", now=T0)
    twice = merge_groups(once, [[B, A], [C], [C, C]], "manual", now=T1)
    pd.testing.assert_frame_equal(once, twice)


def test_removing_identities_and_people():
    links = merge_groups(empty_links(), [[A, B, C], [D, ("x", "m_e")]], "manual", now=T0)
    without_a = remove_links(links, identities=[A])
    assert people(without_a)[person_id_for([A, B, C])] == {B, C}  # the person keeps its id
    assert {i for ids in people(without_a).values() for i in ids} == {B, C, D, ("x", "m_e")}
    # a person left with one identity is no link any more
    assert {i for ids in people(remove_links(links, identities=[A, B])).values() for i in ids} == {D, ("x", "m_e")}
    assert people(remove_links(links, persons=[person_id_for([A, B, C])])) == {person_id_for([D, ("x", "m_e")]): {D, ("x", "m_e")}}


def test_sources_are_manual_or_a_named_rule():
    with pytest.raises(ParameterError, match="source must be 'manual' or 'rule:<name>'"):
        merge_groups(empty_links(), [[A, B]], "guess")
    merge_groups(empty_links(), [[A, B]], "rule:same-handle")


def _bluesky_store(tmp_path):
    root = tmp_path / "st"
    assert main(["ingest", str(_bluesky_capture(tmp_path / "notifications.json")), "--account", "lib", "--store", str(root)]) == 0
    return Store(root)


def test_ingest_links_a_bluesky_did_and_its_handle_as_one_person(tmp_path):
    store = _bluesky_store(tmp_path)
    links = read_links(store, "lib")
    assert set(links["source"]) == {BLUESKY_RULE}
    assert len(links) == 4 and links["person_id"].nunique() == 2  # Ana and Carla: DID and handle each
    before = tree_hash(store.root)
    assert main(["ingest", str(tmp_path / "notifications.json"), "--account", "lib", "--store", str(store.root)]) == 0
    assert tree_hash(store.root) == before  # the same capture twice changes nothing


def test_writing_the_same_links_writes_nothing(tmp_path):
    store = _bluesky_store(tmp_path)
    before = tree_hash(store.root)
    with store.transaction() as txn:
        assert write_links(txn, "lib", read_links(txn, "lib")) is False
        assert link_identities(txn, "lib", [], "manual")["changed"] is False
    assert tree_hash(store.root) == before


def _make_legacy(store):
    """Rewrite the account's links file in the layout of earlier versions: alias_id -> member_id (DID)."""
    links = read_links(store, "lib")
    rows = []
    for _, g in links.groupby("person_id"):
        did, alias = sorted(g["member_id"])  # either way round: the pair is what matters
        rows.append({"account": "lib", "platform": "bluesky", "alias_id": alias, "member_id": did})
    (path,) = store.files("links", "lib")
    pq.write_table(pa.Table.from_pylist(rows), path)
    return rows


def test_links_of_an_earlier_layout_read_as_people_and_are_rewritten_by_the_next_change(tmp_path):
    store = _bluesky_store(tmp_path)
    rows = _make_legacy(store)
    assert check_store(store).ok  # a file of the earlier layout is not damaged
    links = read_links(store, "lib")
    assert len(links) == 4 and links["person_id"].nunique() == 2
    for r in rows:
        pair = links[links["member_id"].isin([r["alias_id"], r["member_id"]])]
        assert pair["person_id"].nunique() == 1 and set(pair["source"]) == {BLUESKY_RULE}
    (ana_alias, ana_did), (carla_alias, carla_did) = ((r["alias_id"], r["member_id"]) for r in rows)
    with store.transaction() as txn:
        link_identities(txn, "lib", [[("bluesky", ana_did), ("bluesky", carla_did)]], "manual")
    (path,) = store.files("links", "lib")
    assert "person_id" in pq.read_schema(path).names and "alias_id" not in pq.read_schema(path).names
    assert read_links(store, "lib")["person_id"].nunique() == 1


@pytest.mark.parametrize("member", ["@ana.bsky.social", "did:plc:ana4readsq2w"])
def test_erasure_follows_links_of_an_earlier_layout(tmp_path, member, capsys):
    store = _bluesky_store(tmp_path)
    _make_legacy(store)
    assert main(["forget", "--account", "lib", "--member", member, "--store", str(store.root)]) == 0
    assert store.read("interactions")["text"].tolist() == ["Estoy con @[erased], el mejor"]
    assert len(read_links(store, "lib")) == 2  # Carla's pair is all that is left
    manifest = json.loads((store.root / "_manifest.json").read_text())
    assert len(manifest["accounts"]["lib"]["forgotten"]) == 2  # Ana's DID and handle
