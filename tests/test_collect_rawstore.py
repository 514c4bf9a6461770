"""Raw capture directories: atomic files, all-or-nothing runs, resumable state."""

import json

import pandas as pd
import pytest

from libcommunity.collect.rawstore import RawRun, atomic_write
from libcommunity.errors import CollectError, ParameterError

NOW = pd.Timestamp("2025-10-08T06:00:00Z")


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    atomic_write(tmp_path / "a" / "x.json", b"[1]")
    assert (tmp_path / "a" / "x.json").read_bytes() == b"[1]"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["x.json"]


def test_a_run_is_invisible_until_committed(tmp_path):
    run = RawRun(tmp_path, "lib", "mastodon", NOW).start()
    name = run.save("Followers", b'[{"id":"1"}]', {"endpoint": "/api/v1/accounts/1/followers"})
    assert name == "0001-followers.json"
    base = tmp_path / "lib" / "mastodon"
    assert [p.name for p in base.iterdir()] == [".20251008T060000Z.partial"]
    final = run.commit({"notifications_newest_id": "9"})
    assert final == base / "20251008T060000Z"
    assert sorted(p.name for p in final.iterdir()) == [".0001-followers.json.meta.json", "0001-followers.json"]
    assert (
        json.loads((final / ".0001-followers.json.meta.json").read_text())["endpoint"] == "/api/v1/accounts/1/followers"
    )
    assert run.state() == {"notifications_newest_id": "9"}
    assert run.files() == [final / "0001-followers.json"]


def test_a_failed_run_leaves_nothing(tmp_path):
    run = RawRun(tmp_path, "lib", "bluesky", NOW).start()
    run.save("feed", b"{}", {})
    run.abort()
    assert list((tmp_path / "lib" / "bluesky").iterdir()) == []
    assert run.state() == {}


def test_leftovers_of_a_killed_run_are_swept_by_the_next(tmp_path):
    killed = tmp_path / "lib" / "mastodon" / ".20251001T000000Z.partial"
    killed.mkdir(parents=True)
    (killed / "0001-statuses.json").write_bytes(b"[]")
    RawRun(tmp_path, "lib", "mastodon", NOW).start()
    assert not killed.exists()


def test_history_lists_pages_of_every_run_oldest_first(tmp_path):
    for t in ("2025-10-15T06:00Z", "2025-10-08T06:00Z"):
        run = RawRun(tmp_path, "lib", "mastodon", pd.Timestamp(t)).start()
        run.save("statuses", b"[]", {})
        run.save("notifications", b"[]", {})
        run.commit({})
    got = [f"{p.parent.name}/{p.name}" for p in run.history("notifications")]
    assert got == ["20251008T060000Z/0002-notifications.json", "20251015T060000Z/0002-notifications.json"]


def test_account_names_cannot_escape_the_raw_folder(tmp_path):
    with pytest.raises(ParameterError):
        RawRun(tmp_path, "../x", "mastodon", NOW)


def test_unreadable_state_is_a_clear_error(tmp_path):
    run = RawRun(tmp_path, "lib", "mastodon", NOW)
    run.base.mkdir(parents=True)
    run.state_path.write_text("{not json")
    with pytest.raises(CollectError, match="collector state cannot be read"):
        run.state()
