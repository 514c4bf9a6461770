"""``libcommunity check [--repair]``: damaged committed files named, and dropped after saying what is lost."""

import os
import stat

from libcommunity.cli import main
from libcommunity.store import Store
from tests.test_store import posts


def test_check_passes_on_a_whole_store_and_names_a_damaged_file(build_store, capsys):
    store = build_store({"posts": posts(3)})
    build_store({"posts": posts(1, start="2025-12-05T00:00Z").assign(post_id="d")}, store=store)
    capsys.readouterr()
    assert main(["check", "--store", str(store.root)]) == 0
    assert "0 damaged" in capsys.readouterr().err
    damaged = next(f for f in store.files("posts", "lib") if "month=2025-12" in str(f))
    damaged.write_bytes(damaged.read_bytes()[:-30])
    assert main(["check", "--store", str(store.root)]) == 2
    err = capsys.readouterr().err
    assert "1 damaged" in err and "month=2025-12" in err and "posts of lib" in err and "--repair" in err


def test_repair_drops_the_damaged_file_after_saying_what_is_lost(build_store, capsys):
    store = build_store({"posts": posts(3)})
    build_store({"posts": posts(1, start="2025-12-05T00:00Z").assign(post_id="d")}, store=store)
    damaged = next(f for f in store.files("posts", "lib") if "month=2025-12" in str(f))
    damaged.unlink()
    capsys.readouterr()
    assert main(["check", "--repair", "--store", str(store.root)]) == 0
    err = capsys.readouterr().err
    assert "missing" in err and "dropped 1 damaged file" in err
    assert sorted(Store(store.root).read("posts")["post_id"]) == ["0", "1", "2"]
    assert main(["check", "--store", str(store.root)]) == 0


def test_repair_makes_the_store_owner_only(build_store, capsys):
    store = build_store({"posts": posts(3)})
    some = store.files("posts", "lib")[0]
    os.chmod(some, 0o644)
    os.chmod(store.root, 0o755)
    capsys.readouterr()
    assert main(["check", "--store", str(store.root)]) == 0
    assert "readable by others" in capsys.readouterr().err
    assert main(["check", "--repair", "--store", str(store.root)]) == 0
    assert stat.S_IMODE(some.stat().st_mode) == 0o600 and stat.S_IMODE(store.root.stat().st_mode) == 0o700
