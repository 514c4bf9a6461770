"""Store snapshots: one committed version, its files kept while it is read; readers need no lock file."""

import errno
import os
import subprocess
import sys

import pandas as pd
import pytest

from libcommunity.errors import StoreError
from libcommunity.store import Store, StoreSnapshot
from tests.test_store import posts


def test_a_snapshot_reads_one_version_while_a_write_commits(build_store):
    store = build_store({"posts": posts(3)})
    with store.snapshot() as snap:
        old_files = snap.files("posts", "lib")
        build_store({"posts": posts(3, reach=99)}, store=store)  # replaces every posts file
        assert store.read("posts")["reach"].tolist() == [99, 99, 99]
        assert snap.read("posts")["reach"].tolist() == [10, 10, 10]  # the pinned version, files still there
        assert all(f.exists() for f in old_files)
        assert snap.generation == store.generation - 1
    # the reader is gone: the next write (or the reader letting go) deletes the superseded files
    build_store({"posts": posts(1, start="2025-12-01T00:00Z").assign(post_id="n")}, store=store)
    assert not any(f.exists() for f in old_files)
    assert "retired" not in store.manifest()


def test_superseded_files_go_as_soon_as_the_last_reader_lets_go(build_store):
    store = build_store({"posts": posts(3)})
    snap = store.snapshot()
    old = snap.files("posts", "lib")
    build_store({"posts": posts(3, reach=5)}, store=store)
    assert all(f.exists() for f in old)
    snap.close()
    assert not any(f.exists() for f in old)
    with pytest.raises(StoreError, match="closed"):
        snap.read("posts")


def test_the_snapshot_has_the_store_read_api(build_store):
    store = build_store({"posts": posts(3)}, timezone="Europe/Madrid")
    with store.snapshot() as snap:
        assert isinstance(snap, Store) and isinstance(snap, StoreSnapshot)
        assert snap.accounts() == store.accounts()
        assert snap.account("lib") == store.account("lib")
        assert snap.files("posts") == store.files("posts")
        assert snap.manifest() == store.manifest()
        pd.testing.assert_frame_equal(snap.read("posts", "lib"), store.read("posts", "lib"))
        pd.testing.assert_frame_equal(snap.sql("SELECT count(*) AS n FROM posts"), store.sql("SELECT count(*) AS n FROM posts"))
        with snap.connect(account="lib") as con:
            assert con.execute("SELECT count(*) FROM posts").fetchone() == (3,)
        with pytest.raises(StoreError, match="read-only"):
            with snap.transaction():
                pass


def test_another_process_opens_the_same_version_by_token(build_store, tmp_path):
    store = build_store({"posts": posts(3)})
    with store.snapshot() as snap:
        token = snap.token
        build_store({"posts": posts(3, reach=7)}, store=store)
        code = (
            "import sys; from libcommunity.store import Store; "
            f"s = Store({str(store.root)!r}).snapshot({token!r}); print(s.read('posts')['reach'].tolist())"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
        assert out.stdout.strip() == "[10, 10, 10]"
    with pytest.raises(StoreError, match="no longer held"):
        store.snapshot(token)


def test_a_read_only_store_is_readable_without_a_lock_file(build_store, monkeypatch):
    store = build_store({"posts": posts(3)})
    (store.root / ".lock").unlink()
    root = str(store.root.resolve())
    real_open, real_mkdir = os.open, os.mkdir

    def no_create(path, flags, *args, **kwargs):  # a published copy: nothing can be created in it
        if str(os.path.abspath(path)).startswith(root) and flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def no_mkdir(path, *args, **kwargs):
        if str(os.path.abspath(path)).startswith(root):
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_create)
    monkeypatch.setattr(os, "mkdir", no_mkdir)
    assert len(store.read("posts", "lib")) == 3
    with store.snapshot() as snap:
        assert snap.token is None and len(snap.read("posts")) == 3
    assert not (store.root / ".lock").exists()
