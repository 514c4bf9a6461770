"""Taking an ingest back: the store after ``uningest`` is, row for row, the store without that ingest.

Three batches overlap: B gives some of A's rows again unchanged, changes some, adds new ones (and a
second platform, a new timezone and language); C changes some of B's. For every way of taking batches
back, in any order, the store equals the one built by ingesting the remaining batches in their order:
every canonical table, identities, links, the account's settings, and the undo record itself (which
must stay exact for the next uningest).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.errors import ParameterError, StoreError, UnknownAccountError
from libcommunity.ingest import ingest_paths, sha256_of
from libcommunity.privacy import forget_member
from libcommunity.retention import prune
from libcommunity.store import Store, Transaction
from libcommunity.store.layout import UNDONE_TABLES, undo_table
from libcommunity.uningest import INGEST_FIELDS, list_ingests, uningest

from .conftest import write_canonical_csv
from .test_store_crash import _cli, _run_paused, files_of, leftovers

ACCOUNT = "lib"


def _posts(rows):
    return pd.DataFrame(
        [{"account": ACCOUNT, "platform": p, "post_id": i, "published_at": pd.Timestamp(t), "kind": "text", "text": x,
          "reach": r} for p, i, t, x, r in rows]
    )


def _interactions(rows):
    return pd.DataFrame(
        [{"account": ACCOUNT, "platform": p, "interaction_id": i, "member_id": m, "kind": "comment", "created_at": pd.Timestamp(t),
          "post_id": "p1", "by_library": False, "text": x} for p, i, m, t, x in rows]
    )


def _members(rows):
    return pd.DataFrame(
        [{"account": ACCOUNT, "platform": p, "member_id": m, "followed_at": pd.Timestamp(t), "followers": f, "is_staff": False}
         for p, m, t, f in rows]
    )


def _audience(rows):
    return pd.DataFrame([{"account": ACCOUNT, "platform": p, "date": d, "followers": f} for p, d, f in rows])


#: Batch A; B: p2 again unchanged, p3 changed, p4 new, a Mastodon post (new platform), i1 changed, i2 the same,
#: i3 new by a new member (@cy), @bo's follower count changed, one audience day changed and one new;
#: C: p3 and p4 changed again, i3 changed, @dee new.
BATCHES = {
    "A": {
        "posts": _posts([("x", "p1", "2025-10-01T10:00Z", "hello", 10), ("x", "p2", "2025-10-02T10:00Z", "two", 20),
                         ("x", "p3", "2025-10-03T10:00Z", "three", 30)]),
        "interactions": _interactions([("x", "i1", "@ana", "2025-09-20T11:00Z", "hi @bo"),
                                       ("x", "i2", "@bo", "2025-09-21T11:00Z", "nice")]),
        "members": _members([("x", "@ana", "2025-09-01T00:00Z", 5), ("x", "@bo", "2025-09-02T00:00Z", 7)]),
        "audience": _audience([("x", "2025-10-01", 100), ("x", "2025-10-02", 101)]),
    },
    "B": {
        "posts": _posts([("x", "p2", "2025-10-02T10:00Z", "two", 20), ("x", "p3", "2025-10-03T10:00Z", "three", 35),
                         ("x", "p4", "2025-10-04T10:00Z", "four", 40), ("mastodon", "m1", "2025-10-04T12:00Z", "toot", 3)]),
        "interactions": _interactions([("x", "i1", "@ana", "2025-09-20T11:00Z", "hi @bo, thanks"),
                                       ("x", "i2", "@bo", "2025-09-21T11:00Z", "nice"),
                                       ("x", "i3", "@cy", "2025-10-03T11:00Z", "where is @ana?")]),
        "members": _members([("x", "@bo", "2025-09-02T00:00Z", 9), ("x", "@cy", "2025-10-03T00:00Z", 1)]),
        "audience": _audience([("x", "2025-10-02", 102), ("x", "2025-10-03", 103)]),
    },
    "C": {
        "posts": _posts([("x", "p3", "2025-10-03T10:00Z", "three!", 36), ("x", "p4", "2025-10-04T10:00Z", "four", 41)]),
        "interactions": _interactions([("x", "i3", "@cy", "2025-10-03T11:00Z", "where is @ana now?"),
                                       ("x", "i4", "@dee", "2025-10-05T11:00Z", "hola")]),
    },
}
#: Settings each batch is ingested with.
SETTINGS = {"A": {"timezone": "Europe/Madrid", "lang": "es"}, "B": {"timezone": "Europe/Stockholm", "lang": "sv"}, "C": {}}


def ingest(store: Store, name: str, tmp: Path, **extra):
    folder = tmp / f"src-{name}-{len(list(tmp.glob('src-*')))}"
    paths = [write_canonical_csv(df, folder / f"{table}.csv") for table, df in BATCHES[name].items()]
    return ingest_paths(paths, account=ACCOUNT, store=store, **{**SETTINGS[name], **extra})


#: ``{(batch names, key): folder}`` of the stores built so far in this process (see :func:`build`).
_BUILT: dict[tuple[str, str | None], Path] = {}


def build(tmp: Path, names, label: str) -> Store:
    """The store after ingesting ``names`` (of :data:`BATCHES`, or the people files of :func:`_people_file`) in order,
    at ``tmp / label``, with the batches' source folders in ``tmp``.

    The ingests run once per process for the same batches and key; every later call copies that store's files and
    source folders (byte for byte), so each test owns its store and may change it.
    """
    key = ("|".join(names), os.environ.get("LIBCOMMUNITY_KEY"))
    if key not in _BUILT:
        built = Path(tempfile.mkdtemp(prefix="libcommunity-uningest-"))
        atexit.register(shutil.rmtree, built, ignore_errors=True)
        store = Store(built / "store")
        for name in names:
            if name in BATCHES:
                ingest(store, name, built)
            else:  # "list" or "profiles": see _people_file
                ingest_paths([_people_file(built, name)], account=ACCOUNT, store=store, timezone="Europe/Madrid")
        _BUILT[key] = built
    shutil.copytree(_BUILT[key] / "store", tmp / label)
    for src in sorted([*_BUILT[key].glob("src-*"), *_BUILT[key].glob("people-*")]):
        shutil.copytree(src, tmp / src.name, dirs_exist_ok=True)
    return Store(tmp / label)


def _files(store: Store, table: str) -> list:
    return store.manifest()["files"].get(table, {}).get(ACCOUNT, [])


def _table(store: Store, table: str, ranks: dict | None = None) -> pd.DataFrame:
    """Every row of a store table (undo tables included), sorted; batch ids replaced by their rank."""
    files = _files(store, table)
    if not files:
        return pd.DataFrame()
    import duckdb

    con = duckdb.connect()
    df = con.execute("SELECT * FROM read_parquet(?, union_by_name = true)", [[str(store.root / f) for f in files]]).df()
    if "batch_id" in df.columns and ranks is not None:
        df["batch_id"] = df["batch_id"].map(ranks)
    return df.sort_values(list(df.columns), ignore_index=True)


def snapshot(store: Store) -> dict:
    """The store's content: every table row for row (batch ids as ranks), the account's settings."""
    manifest = store.manifest()
    batches = sorted(_table(store, "undo_batches")["batch_id"]) if _files(store, "undo_batches") else []
    ranks = {b: i for i, b in enumerate(batches)}
    out = {t: _table(store, t, ranks) for t in (*UNDONE_TABLES, *map(undo_table, UNDONE_TABLES), "undo_keys", "undo_batches")}
    prov = _table(store, "provenance", ranks)
    out["provenance"] = prov.drop(columns=["ingested_at"]) if len(prov) else prov
    out["account"] = manifest["accounts"].get(ACCOUNT)
    return out


def assert_same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for name in want:
        if isinstance(want[name], pd.DataFrame):
            if want[name].empty or got[name].empty:
                assert got[name].empty and want[name].empty, name
            else:
                pd.testing.assert_frame_equal(got[name], want[name], obj=name)
        else:
            assert got[name] == want[name], name


def test_taking_b_back_gives_the_store_after_a_alone(tmp_path):
    store = build(tmp_path, "AB", "ab")
    before = Store(tmp_path / "ab").manifest()
    report = uningest(store, ACCOUNT, 2)
    assert_same(snapshot(store), snapshot(build(tmp_path, "A", "a")))
    assert report.tables["posts"] == {"removed": 2, "restored": 1, "kept": 1}  # p4, m1 go; p3 back; p2 given by A too
    assert report.tables["interactions"] == {"removed": 1, "restored": 1, "kept": 1}
    assert report.tables["identities"]["removed"] == 1  # @cy only came with B
    info = store.account(ACCOUNT)
    assert (info.timezone, info.lang, info.platforms) == ("Europe/Madrid", "es", ["x"])
    assert store.manifest()["key"] == before["key"]  # the key fingerprint stays


def test_taking_a_back_keeps_the_rows_b_gave_too(tmp_path):
    store = build(tmp_path, "AB", "ab")
    uningest(store, ACCOUNT, 1)
    got, alone = snapshot(store), snapshot(build(tmp_path, "B", "b"))
    # B alone has B's timezone and language; so does the store once A is gone (B set them last).
    assert_same(got, alone)
    assert set(store.read("posts")["post_id"]) == {"p2", "p3", "p4", "m1"}
    assert store.read("posts").set_index("post_id").loc["p3", "reach"] == 35


@pytest.mark.parametrize(
    "order",
    [[2], [3], [1], [2, 3], [3, 2], [1, 3], [3, 1], [2, 1], [1, 2], [2, 3, 1], [3, 1, 2]],
    ids=lambda o: "-".join(map(str, o)),
)
def test_any_batches_in_any_order_give_the_store_of_the_others(tmp_path, order):
    store = build(tmp_path, "ABC", "abc")
    for batch in order:
        uningest(store, ACCOUNT, batch)
    remaining = [name for i, name in enumerate("ABC", start=1) if i not in order]
    if not remaining:
        assert ACCOUNT not in store.accounts()
        assert all(not _files(store, t) for t in store.manifest()["files"])
        return
    assert_same(snapshot(store), snapshot(build(tmp_path, remaining, "rest")))


def test_dry_run_changes_nothing_and_says_what_would_change(tmp_path):
    store = build(tmp_path, "ABC", "abc")
    before = files_of(store.root)
    dry = uningest(store, ACCOUNT, 2, dry_run=True)
    assert files_of(store.root) == before
    done = uningest(store, ACCOUNT, 2)
    assert dry.tables == done.tables and dry.dry_run and not done.dry_run
    assert dry.lines()[-1].startswith("dry run: uningest would remove") and dry.lines()[-1].endswith("nothing was changed")


def test_a_killed_uningest_changes_nothing(tmp_path):
    store = build(tmp_path, "AB", "ab")
    before_files = files_of(store.root)
    before = snapshot(store)
    args = ["uningest", "--account", ACCOUNT, "--batch", "2", "--store", store.root]
    proc = _run_paused(_cli(*args), "manifest-written", tmp_path / "paused")
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    after_files = files_of(store.root)
    assert {k: after_files.get(k) for k in before_files} == before_files
    assert leftovers(store.root, before_files, after_files)
    assert_same(snapshot(store), before)
    assert main([str(a) for a in args]) == 0  # the next run sweeps and lands
    assert_same(snapshot(store), snapshot(build(tmp_path, "A", "a")))


def test_an_ingest_that_changed_nothing_is_not_a_batch(tmp_path):
    store = build(tmp_path, "A", "a")
    before = files_of(store.root)
    ingest(store, "A", tmp_path)
    assert files_of(store.root) == before
    assert [i["batch"] for i in list_ingests(store, ACCOUNT)] == [1]


def test_list_says_when_what_and_how_many(tmp_path):
    store = build(tmp_path, "AB", "ab")
    ingests = list_ingests(store, ACCOUNT)
    assert [i["batch"] for i in ingests] == [1, 2]
    assert all(tuple(i) == INGEST_FIELDS and i["undoable"] for i in ingests)
    b = ingests[1]
    src = sorted(tmp_path.glob("src-B-*"))[0]
    assert {f["file"]: f["sha256"] for f in b["files"]} == {p.name: sha256_of(p) for p in src.iterdir()}
    assert {f["format"] for f in b["files"]} == {"canonical-csv"}
    assert b["tables"]["posts"] == {"added": 2, "changed": 1, "unchanged": 1}
    assert b["tables"]["audience"] == {"added": 1, "changed": 1, "unchanged": 0}
    assert pd.Timestamp(b["ingested_at"]).tzinfo is not None


def test_erased_members_stay_erased(tmp_path):
    store = build(tmp_path, "AB", "ab")
    report = forget_member(store, ACCOUNT, "@ana")
    (ana,) = report.member_ids
    for table in map(undo_table, ("interactions", "members", "identities")):  # erasure reached the undo record
        df = _table(store, table)
        assert df.empty or ana not in set(df["member_id"])
    assert not any(ana in t for t in _table(store, undo_table("interactions")).get("text", pd.Series(dtype=str)).dropna())
    uningest(store, ACCOUNT, 2)  # B changed @ana's comment i1: the version before B must not come back
    inter = store.read("interactions")
    assert ana not in set(inter["member_id"]) and "i1" not in set(inter["interaction_id"])
    assert not inter["text"].str.contains(ana, regex=False).any()
    assert ana not in set(store.identities(ACCOUNT)["member_id"])
    assert ana in store.forgotten(ACCOUNT)


def test_pruned_interactions_do_not_come_back(tmp_path):
    store = build(tmp_path, "AB", "ab")
    prune(store, ACCOUNT, before="2025-10")  # i1 and i2 are before it
    assert _table(store, undo_table("interactions")).empty  # B's replaced i1 is pruned from the record too
    report = uningest(store, ACCOUNT, 2)
    assert set(store.read("interactions")["interaction_id"]) == set()  # i3 (B's) goes; i1/i2 stay pruned
    assert any("pruned" in n for n in report.notes)


def test_a_batch_recorded_before_undo_records_existed_is_refused(tmp_path, monkeypatch):
    store = Store(tmp_path / "old")
    with monkeypatch.context() as m:
        m.setattr(Transaction, "record_undo", lambda self, account: None)
        ingest(store, "A", tmp_path)
    ingest(store, "B", tmp_path)
    assert [i["undoable"] for i in list_ingests(store, ACCOUNT)] == [False, True]
    with pytest.raises(ParameterError, match="batch 1 of lib cannot be taken back exactly"):
        uningest(store, ACCOUNT, 1)
    uningest(store, ACCOUNT, 2)  # later ingests are exact
    assert_same(
        {k: v for k, v in snapshot(store).items() if k in ("posts", "interactions", "members", "audience", "identities")},
        {k: v for k, v in snapshot(build(tmp_path, "A", "a")).items() if k in ("posts", "interactions", "members", "audience", "identities")},
    )


def test_bad_batches_and_accounts_are_one_clear_error(tmp_path, capfd):
    store = build(tmp_path, "A", "a")
    with pytest.raises(ParameterError, match=r"batch must be one of the ingests of lib still in the store \(1;"):
        uningest(store, ACCOUNT, 7)
    with pytest.raises(ParameterError, match="batch must be a whole number"):
        uningest(store, ACCOUNT, "seven")
    with pytest.raises(UnknownAccountError, match="account must be one of the store's accounts"):
        uningest(store, "nobody", 1)
    with pytest.raises(StoreError, match="no libcommunity store here"):
        uningest(tmp_path / "none", ACCOUNT, 1)
    for argv in (["uningest", "--account", ACCOUNT, "--batch", "x"], ["uningest", "--account", "nobody", "--batch", "1"],
                 ["ingest", "--list", "--account", "nobody"], ["ingest", "--account", ACCOUNT]):
        assert main([*argv, "--store", str(store.root)]) == 2, argv
        err = capfd.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(f"libcommunity {argv[0]}: error: "), err


def test_the_commands(tmp_path, capfd):
    store = build(tmp_path, "AB", "ab")
    root = str(store.root)
    assert main(["ingest", "--list", "--account", ACCOUNT, "--store", root, "--json"]) == 0
    out, err = capfd.readouterr()
    doc = json.loads(out)
    assert doc["account"] == ACCOUNT and [i["batch"] for i in doc["ingests"]] == [1, 2]
    assert main(["ingest", "--list", "--account", ACCOUNT, "--store", root]) == 0
    out, err = capfd.readouterr()
    assert out.startswith("batch 1  ") and "posts: 2 added, 1 changed, 1 unchanged" in out
    assert err.strip() == "lib: 2 ingests in the store; take one back with: libcommunity uningest --account lib --batch N"
    before = files_of(store.root)
    assert main(["uningest", "--account", ACCOUNT, "--batch", "2", "--dry-run", "--store", root, "-q"]) == 0
    out, err = capfd.readouterr()
    # removed: p4, m1, i3, @cy's member row, 2025-10-03, @cy's identity; restored: p3, i1, @bo's member row, 2025-10-02
    assert out == "" and err.strip().splitlines() == [
        "dry run: uningest would remove 6 row(s) and restore 4; nothing was changed"
    ]
    assert files_of(store.root) == before
    assert main(["uningest", "--account", ACCOUNT, "--batch", "2", "--store", root, "--json"]) == 0
    out, err = capfd.readouterr()
    doc = json.loads(out)
    assert set(doc) == {"account", "batch", "dry_run", "ingest", "tables", "notes"} and doc["batch"] == 2
    assert err.strip().splitlines()[-1] == "batch 2 of lib taken back: 6 row(s) removed, 4 restored"
    assert [i["batch"] for i in list_ingests(store, ACCOUNT)] == [1]


def _people_file(tmp: Path, name: str) -> Path:
    """An attendance list (names, e-mails, handles beside each other) or Bluesky profiles naming X accounts."""
    folder = tmp / f"people-{name}"
    folder.mkdir(exist_ok=True)
    if name == "list":
        path = folder / "attendance.csv"
        path.write_text("Event,Date,Name,E-mail,Library card,Handle,Platform\n"
                        "Book club,2025-10-01 18:00,Ana Berg,ana@example.org,,@ana,X\n"
                        "Book club,2025-10-01 18:00,Bo Lind,bo@example.org,2 1234 56789,,\n"
                        "Language café,2025-10-03 17:00,Ana Berg,ana@example.org,,,\n", encoding="utf-8")
    else:
        path = folder / "profiles.json"
        path.write_text(json.dumps({"profiles": [
            {"did": "did:plc:anaberg2x7q4m", "handle": "ana-berg.bsky.social", "description": "X: @ana"},
            {"did": "did:plc:bolind5k2m9z", "handle": "bo-lind.bsky.social", "description": "Also on X: @bo\nX: @cy"},
        ]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("order", [[2], [3], [2, 3], [3, 2], [1]], ids=lambda o: "-".join(map(str, o)))
def test_batches_with_sightings_and_links_are_taken_back_like_the_others(tmp_path, order):
    """Sightings (several columns tell a row apart) and Bluesky links come and go with their batch."""
    names = ["A", "list", "profiles"]
    store = build(tmp_path, names, "all")
    assert len(_table(store, "sightings")) >= 4 and len(_table(store, "links")) == 4
    for batch in order:
        uningest(store, ACCOUNT, batch)
    remaining = [name for i, name in enumerate(names, start=1) if i not in order]

    def timeless(snap):  # a link's time is when it was made: two builds differ by seconds
        return {k: v.drop(columns=["linked_at"]) if isinstance(v, pd.DataFrame) and "linked_at" in v.columns else v
                for k, v in snap.items()}

    assert_same(timeless(snapshot(store)), timeless(snapshot(build(tmp_path, remaining, "rest"))))
