import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.privacy import forget_member
from tests.test_ingest import INTERACTIONS, MEMBERS, POSTS, write


@pytest.fixture
def store_dir(tmp_path):
    files = [write(tmp_path, "p.csv", POSTS), write(tmp_path, "i.csv", INTERACTIONS), write(tmp_path, "m.csv", MEMBERS)]
    assert main(["ingest", *map(str, files), "--account", "lib", "--platform", "x", "--store", str(tmp_path / "st")]) == 0
    return tmp_path / "st"


def test_forget_erases_identity_interactions_member_and_library_replies(store_dir, tmp_path, capsys):
    from libcommunity.store import Store

    store = Store(store_dir)
    ana = store.identities("lib").set_index("handle").loc["@Ana", "member_id"]
    assert main(["forget", "--account", "lib", "--member", "@ana", "--store", str(store_dir)]) == 0
    err = capsys.readouterr().err
    assert "interactions: 2 row(s) removed" in err  # her comment and the library's reply to it
    assert ana not in set(store.read("interactions")["member_id"])
    assert ana not in set(store.read("members")["member_id"])
    assert "@Ana" not in set(store.identities("lib")["handle"])
    # a later ingest of the same export does not bring her back
    files = [write(tmp_path, "i2.csv", INTERACTIONS), write(tmp_path, "m2.csv", MEMBERS)]
    assert main(["ingest", *map(str, files), "--account", "lib", "--platform", "x", "--store", str(store_dir)]) == 0
    assert ana not in set(store.read("interactions")["member_id"])
    assert "@Ana" not in set(store.identities("lib")["handle"])
    assert len(store.read("interactions")) == 1  # @bob's reaction stays


def test_forget_nobody_changes_nothing(store_dir):
    from libcommunity.store import Store
    from tests.test_store import tree_hash

    before = tree_hash(store_dir)
    report = forget_member(Store(store_dir), "lib", "@nobody")
    assert report.member_ids == [] and "nothing changed" in report.lines()[0]
    assert tree_hash(store_dir) == before


def test_forget_errors(store_dir):
    from libcommunity.store import Store

    with pytest.raises(UnknownAccountError):
        forget_member(Store(store_dir), "other", "@ana")
    with pytest.raises(ParameterError):
        forget_member(Store(store_dir), "lib", " @")
