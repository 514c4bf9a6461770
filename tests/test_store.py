import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import StoreError, UnknownAccountError
from libcommunity.report.i18n import account_lang, default_lang
from libcommunity.store import Store


def tree_hash(root: Path) -> str:
    """Hash of every file's path and bytes under root (the lock file excluded: flock does not change it)."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def posts(n=3, start="2025-10-01T10:00Z", text="t", reach=10):
    return pd.DataFrame(
        {
            "account": "lib",
            "platform": "x",
            "post_id": [str(i) for i in range(n)],
            "published_at": pd.date_range(start, periods=n, freq="15D", tz="UTC"),
            "kind": "text",
            "text": text,
            "reach": reach,
        }
    )


def test_reading_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no libcommunity store"):
        Store(tmp_path / "nowhere").read("posts")


def test_upsert_counts_and_latest_wins(build_store):
    store = build_store({"posts": posts()})
    assert store.read("posts")["reach"].tolist() == [10, 10, 10]
    build_store({"posts": posts(reach=99).iloc[:1]}, store=store)
    got = store.read("posts")
    assert got["reach"].tolist() == [99, 10, 10]
    assert len(got) == 3


def test_same_rows_twice_leave_store_byte_for_byte_unchanged(build_store):
    store = build_store({"posts": posts()})
    before = tree_hash(store.root)
    build_store({"posts": posts()}, store=store)
    assert tree_hash(store.root) == before


def test_partitioned_by_table_account_and_utc_month(build_store):
    store = build_store({"posts": posts(n=3)})  # Oct 1, Oct 16, Oct 31 UTC
    build_store({"posts": posts(n=1, start="2025-11-02T00:00Z").assign(post_id="n1")}, store=store)
    files = [p.relative_to(store.root).as_posix() for p in store.files("posts", "lib")]
    assert all(f.startswith("posts/account=lib/month=") for f in files)
    assert {f.split("/")[2] for f in files} == {"month=2025-10", "month=2025-11"}
    assert not (store.root / "_staging").exists()


def test_a_row_that_moves_month_is_not_kept_twice(build_store):
    store = build_store({"posts": posts(n=1)})
    build_store({"posts": posts(n=1, start="2025-12-05T00:00Z")}, store=store)
    got = store.read("posts")
    assert len(got) == 1 and got["published_at"][0] == pd.Timestamp("2025-12-05T00:00Z")


def test_failed_transaction_changes_nothing(build_store):
    store = build_store({"posts": posts()})
    before = tree_hash(store.root)
    with pytest.raises(RuntimeError):
        with store.transaction() as txn:
            txn.upsert("posts", "lib", store.read("posts").assign(reach=1))
            raise RuntimeError("boom")
    assert tree_hash(store.root) == before
    assert store.read("posts")["reach"].tolist() == [10, 10, 10]


def test_crash_after_staging_is_invisible_and_swept(build_store):
    store = build_store({"posts": posts()})
    # Simulate a process killed after moving a new file into place but before the manifest was replaced.
    orphan = store.root / "posts" / "account=lib" / "month=2025-10" / "part-b999999-0001_0.parquet"
    orphan.write_bytes(store.files("posts", "lib")[0].read_bytes())
    (store.root / "_staging" / "dead").mkdir(parents=True)
    assert len(store.read("posts")) == 3
    build_store({"posts": posts(n=1, start="2026-01-01T00:00Z").assign(post_id="z")}, store=store)
    assert not orphan.exists()
    assert not (store.root / "_staging").exists()
    assert len(store.read("posts")) == 4


def test_accounts_timezone_and_language(build_store):
    store = build_store({"posts": posts()}, timezone="Europe/Stockholm")
    info = store.account("lib")
    assert (info.timezone, info.lang, info.platforms) == ("Europe/Stockholm", None, ["x"])
    assert account_lang(info) == "sv"  # the report side chooses the language; the store keeps what ingest was told
    with pytest.raises(UnknownAccountError, match="lib"):
        store.account("other")
    assert default_lang("America/Mexico_City") == "es"
    assert default_lang("Europe/London") == "en"


def test_views_and_sql(build_store):
    store = build_store({"posts": posts()})
    assert store.sql("SELECT count(*) AS n FROM posts")["n"][0] == 3
    assert store.sql("SELECT count(*) AS n FROM interactions")["n"][0] == 0
    with store.connect() as con:
        with pytest.raises(Exception):
            con.execute("SELECT * FROM identities").fetchall()
    assert store.sql("SELECT account, timezone FROM accounts").to_dict("records") == [{"account": "lib", "timezone": "UTC"}]


def test_a_connection_scoped_to_one_account_reads_only_its_files(build_store):
    store = build_store({"posts": posts(3)}, account="lib")
    other = posts(2).assign(account="other")
    build_store({"posts": other}, account="other", store=store)
    with store.connect(account="other") as con:
        assert con.execute("SELECT account, count(*) FROM posts GROUP BY account").fetchall() == [("other", 2)]
        assert con.execute("SELECT count(*) FROM interactions").fetchone() == (0,)
        assert sorted(a for (a,) in con.execute("SELECT account FROM accounts").fetchall()) == ["lib", "other"]
    with store.connect(account="nobody") as con:
        assert con.execute("SELECT count(*) FROM posts").fetchone() == (0,)
    with store.connect() as con:
        assert con.execute("SELECT count(*) FROM posts").fetchone() == (5,)


def _cli(*args):
    import sys

    return [sys.executable, "-m", "libcommunity", *map(str, args)]


def _cli_env(**extra):
    import os

    from tests.conftest import TEST_KEY

    return {**os.environ, "LIBCOMMUNITY_KEY": TEST_KEY, **extra}


def _start_paused(cmd, marker: Path, seconds: float):
    """Start a real ``libcommunity`` process that holds the write lock, paused before its commit, for ``seconds``
    or until ``marker`` is removed (the test lets it go on when it has seen what it needs, however loaded the
    machine is)."""
    import subprocess
    import time

    env = _cli_env(LIBCOMMUNITY_PAUSE_AT="staged", LIBCOMMUNITY_PAUSE_FILE=str(marker), LIBCOMMUNITY_PAUSE_SECONDS=str(seconds))
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proc


def _has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (Linux /proc)."""
    import os

    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            continue
    return False


def test_two_concurrent_cli_ingests_into_one_store_both_land(tmp_path):
    """Two real ``libcommunity ingest`` processes at once, same store and account: both land, nothing is lost.

    The first is held inside its transaction (write lock taken, files staged) until the second has
    started and is waiting for the lock, so the two really overlap.
    """
    import subprocess
    import time

    from tests.conftest import write_canonical_csv

    root = tmp_path / "store"
    a = write_canonical_csv(posts(n=20).assign(post_id=lambda d: "a-" + d.post_id), tmp_path / "a.csv")
    b = write_canonical_csv(posts(n=20, start="2025-11-01T10:00Z").assign(post_id=lambda d: "b-" + d.post_id), tmp_path / "b.csv")
    first = _start_paused(_cli("ingest", a, "--account", "lib", "--store", root), tmp_path / "a.paused", seconds=120)
    second = subprocess.Popen(_cli("ingest", b, "--account", "lib", "--store", root), env=_cli_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the second process has read and validated its file and opened the lock file: it is waiting for the lock
    lock = (root / ".lock").resolve()
    deadline = time.monotonic() + 60
    while not _has_open(second.pid, lock):
        assert second.poll() is None, second.communicate()
        assert time.monotonic() < deadline, "the second ingest never reached the lock"
        time.sleep(0.02)
    assert first.poll() is None, "the first ingest should still be holding the lock"
    time.sleep(0.3)
    assert second.poll() is None, "the second ingest did not wait for the first one's lock"
    (tmp_path / "a.paused").unlink()  # let the first one commit
    assert first.wait(timeout=120) == 0, first.communicate()
    assert second.wait(timeout=120) == 0, second.communicate()
    store = Store(root)
    ids = store.sql("SELECT post_id FROM posts ORDER BY post_id")["post_id"].tolist()
    assert ids == sorted([f"a-{i}" for i in range(20)] + [f"b-{i}" for i in range(20)])
    manifest = json.loads((root / "_manifest.json").read_text())
    assert manifest["generation"] == 2
    live = {f for t in manifest["files"].values() for fs in t.values() for f in fs}
    assert {p.relative_to(root).as_posix() for p in root.rglob("*.parquet")} == live
    assert not (root / "_staging").exists()
    # and the result is the one a serial run of the same command gives (in this process: the reference needs no
    # process of its own; the key is the test key, as in _cli_env)
    from libcommunity.cli import main

    serial = tmp_path / "serial"
    for f in (a, b):
        assert main(["ingest", str(f), "--account", "lib", "--store", str(serial), "-q"]) == 0
    assert Store(serial).read("posts").equals(store.read("posts"))


def test_many_concurrent_cli_ingests_of_different_accounts(tmp_path):
    """Four processes started at once, four accounts: every account and row lands, one generation each."""
    import subprocess

    from tests.conftest import write_canonical_csv

    root = tmp_path / "store"
    procs = []
    for i, acc in enumerate(["alpha", "beta", "gamma", "delta"]):
        df = posts(n=20).assign(account=acc, post_id=lambda d, i=i: d.post_id + f"-{i}")
        src = write_canonical_csv(df, tmp_path / f"{acc}.csv")
        procs.append(subprocess.Popen(_cli("ingest", src, "--account", acc, "--store", root, "-q"), env=_cli_env(),
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        assert p.wait(timeout=300) == 0, p.communicate()
    store = Store(root)
    assert store.accounts() == ["alpha", "beta", "delta", "gamma"]
    assert store.sql("SELECT count(*) AS n FROM posts")["n"][0] == 80
    assert json.loads((root / "_manifest.json").read_text())["generation"] == 4


def test_a_writer_that_cannot_get_the_lock_in_time_fails_clearly_and_changes_nothing(tmp_path):
    import subprocess

    from tests.conftest import write_canonical_csv

    root = tmp_path / "store"
    a = write_canonical_csv(posts(n=5).assign(post_id=lambda d: "a-" + d.post_id), tmp_path / "a.csv")
    b = write_canonical_csv(posts(n=5).assign(post_id=lambda d: "b-" + d.post_id), tmp_path / "b.csv")
    first = _start_paused(_cli("ingest", a, "--account", "lib", "--store", root), tmp_path / "a.paused", seconds=120)
    late = subprocess.run(_cli("ingest", b, "--account", "lib", "--store", root), env=_cli_env(LIBCOMMUNITY_LOCK_TIMEOUT="0.5"),
                          capture_output=True, text=True, timeout=120)
    (tmp_path / "a.paused").unlink()  # the late writer has given up: let the first one commit
    assert late.returncode == 2
    lines = late.stderr.strip().splitlines()
    assert len(lines) == 1 and "the store is busy" in lines[0] and "Traceback" not in late.stderr
    assert first.wait(timeout=120) == 0
    assert Store(root).sql("SELECT post_id FROM posts ORDER BY 1")["post_id"].tolist() == [f"a-{i}" for i in range(5)]


def test_a_store_written_before_viewers_and_owner_id_reads_them_as_null(tmp_path):
    """Posts files without the columns added later (viewers, owner_id) still read, as null, and take upserts."""
    import pyarrow.parquet as pq

    from libcommunity.ingest import ingest_paths

    src = tmp_path / "p.csv"
    src.write_text(
        "account,platform,post_id,published_at,reach\nlib,x,1,2025-10-01T08:00Z,100\nlib,x,2,2025-11-02T08:00Z,50\n"
    )
    store = Store(tmp_path / "st")
    ingest_paths([src], account="lib", store=store)
    for f in (store.root / "posts").rglob("*.parquet"):  # what a store of the previous version holds
        table = pq.read_table(f)
        pq.write_table(table.drop_columns(["viewers", "owner_id"]), f)
    posts = store.read("posts")
    assert posts["viewers"].isna().all() and posts["owner_id"].isna().all()
    assert posts["reach"].tolist() == [100, 50]
    assert store.sql("SELECT count(viewers) AS n FROM posts")["n"].tolist() == [0]
    # An upsert into the old files works and keeps the old rows.
    src.write_text("account,platform,post_id,published_at,viewers,owner_id\nlib,x,2,2025-11-02T08:00Z,40,me\n")
    ingest_paths([src], account="lib", store=store)
    posts = store.read("posts").set_index("post_id")
    assert posts.loc["1", "reach"] == 100 and pd.isna(posts.loc["1", "viewers"])
    assert posts.loc["2", "viewers"] == 40 and posts.loc["2", "owner_id"] == "me"


def test_posts_written_by_an_older_tool_without_the_new_columns_upsert_as_null(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from libcommunity.schemas import TABLES

    spec = TABLES["posts"]
    old = pa.schema([f for f in spec.arrow_schema if f.name not in ("viewers", "owner_id")])
    rows = {f.name: [None] for f in old}
    rows.update(account=["lib"], platform=["x"], post_id=["1"], kind=["text"],
                published_at=[pd.Timestamp("2025-10-01T08:00Z")], reach=[7])
    pq.write_table(pa.table(rows, schema=old), tmp_path / "posts.parquet")
    store = Store(tmp_path / "st")
    with store.transaction() as txn:
        txn.set_account("lib", timezone="UTC")
        txn.upsert("posts", "lib", str(tmp_path / "posts.parquet"))
    posts = store.read("posts")
    assert posts["reach"].tolist() == [7] and posts["viewers"].isna().all() and posts["owner_id"].isna().all()
