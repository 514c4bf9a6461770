"""The store stays inside itself (no link followed, no manifest path outside), owner-only, and fails clearly."""

import errno
import json
import os
import stat

import pyarrow.parquet as pq
import pytest

from libcommunity.cli import main
from libcommunity.errors import StoreError
from libcommunity.store import Store
from tests.test_ingest import INTERACTIONS, MEMBERS, POSTS, write
from tests.test_store import posts, tree_hash


def _outside(tmp_path):
    victim = tmp_path / "outside"
    victim.mkdir()
    (victim / "precious.parquet").write_bytes(b"not the store's")
    (victim / "notes.txt").write_text("keep me")
    return victim


@pytest.mark.parametrize("where", ["_staging", "posts"])
def test_a_link_inside_the_store_is_never_followed(build_store, tmp_path, where):
    store = build_store({"posts": posts(3)})
    victim = _outside(tmp_path)
    target = store.root / where
    if target.exists():
        import shutil

        moved = tmp_path / "moved"
        shutil.move(str(target), str(moved))
    os.symlink(victim, target)
    with pytest.raises(StoreError, match="symbolic link"):
        build_store({"posts": posts(3, reach=1)}, store=store)
    assert sorted(p.name for p in victim.iterdir()) == ["notes.txt", "precious.parquet"]


@pytest.mark.parametrize("entry", ["../x.parquet", "/etc/passwd", "posts/account=lib/month=2025-10/../../../x.parquet"])
def test_a_manifest_path_outside_the_store_is_refused(build_store, tmp_path, entry):
    store = build_store({"posts": posts(3)})
    outside = tmp_path / "x.parquet"
    pq.write_table(pq.read_table(store.files("posts", "lib")[0]), outside)
    manifest = json.loads(store.manifest_path.read_text())
    manifest["files"]["posts"]["lib"].append(entry)
    store.manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="not a file of the store"):
        store.read("posts")
    with pytest.raises(StoreError, match="not a file of the store"):
        build_store({"posts": posts(1, reach=3)}, store=store)
    assert outside.exists()


def test_identities_key_and_folders_are_owner_only(tmp_path):
    files = [write(tmp_path, "p.csv", POSTS), write(tmp_path, "i.csv", INTERACTIONS), write(tmp_path, "m.csv", MEMBERS)]
    os.environ.pop("LIBCOMMUNITY_KEY")  # a key file this time
    root = tmp_path / "st"
    assert main(["ingest", *map(str, files), "--account", "lib", "--platform", "x", "--store", str(root)]) == 0
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / ".key").stat().st_mode) == 0o600
    for path in root.rglob("*"):
        if path.name == ".lock":
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert list((root / "identities").rglob("*.parquet"))


def test_a_full_disk_is_reported_as_such_and_changes_nothing(build_store, tmp_path, monkeypatch, capsys):
    store = build_store({"posts": posts(3)})
    before = tree_hash(store.root)
    import libcommunity.store.layout as layout

    real = layout.write_manifest

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("libcommunity.store.transaction.write_manifest", full)
    new = write(tmp_path, "p2.csv", POSTS.replace("lib,x,1,", "lib,x,9,"))
    capsys.readouterr()
    code = main(["ingest", str(new), "--account", "lib", "--store", str(store.root)])
    err = capsys.readouterr().err
    assert code == 2 and "disk is full" in err and "internal error" not in err, err
    assert tree_hash(store.root) == before
    monkeypatch.setattr("libcommunity.store.transaction.write_manifest", real)


def test_a_damaged_file_of_the_store_is_named(build_store):
    store = build_store({"posts": posts(3)})
    path = store.files("posts", "lib")[0]
    path.write_bytes(path.read_bytes()[:40])  # truncated
    with pytest.raises(StoreError) as info:
        store.read("posts", "lib")
    assert str(path) in str(info.value) and "libcommunity check" in str(info.value)
