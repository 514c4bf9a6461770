"""The months each file of the store holds (store/coverage.py): recorded at commit, exact through every write."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from libcommunity.privacy import forget_member
from libcommunity.retention import prune
from libcommunity.store import Store
from libcommunity.store.coverage import COVERAGE_TABLES, account_months
from libcommunity.store.layout import live_files

from .conftest import copy_store

TZ = "Europe/Madrid"


def _tables():
    posts = pd.DataFrame(
        {
            "account": "lib",
            "platform": ["instagram", "instagram", "mastodon"],
            "post_id": ["p1", "p2", "p3"],
            # p2 is 2025-10-31T23:30Z: 1 November in Madrid.
            "published_at": pd.to_datetime(["2025-09-10T10:00Z", "2025-10-31T23:30Z", "2025-10-05T10:00Z"], utc=True),
        }
    )
    inter = pd.DataFrame(
        {
            "account": "lib",
            "platform": ["instagram", "instagram", "instagram", "mastodon"],
            "interaction_id": ["a", "b", "c", "d"],
            "member_id": ["@ann", "@bob", "@ann", "@cai@m.social"],
            "kind": ["comment", "reaction", "comment", "reaction"],
            "created_at": pd.to_datetime(
                ["2025-08-31T22:30Z", "2025-09-20T10:00Z", "2025-11-02T10:00Z", "2025-10-06T10:00Z"], utc=True
            ),
        }
    )
    members = pd.DataFrame(
        {
            "account": "lib",
            "platform": "instagram",
            "member_id": ["@ann", "@bob", "@dan"],
            "followed_at": pd.to_datetime(["2024-01-15T10:00Z", "2025-09-01T10:00Z", None], utc=True),
        }
    )
    audience = pd.DataFrame(
        {
            "account": "lib",
            "platform": "instagram",
            "date": pd.to_datetime(["2025-09-30", "2025-10-01", "2025-12-01"]),
            "followers": pd.array([100, 101, None], dtype="Int64"),
            "follows": pd.array([1, 1, None], dtype="Int64"),
        }
    )
    return {"posts": posts, "interactions": inter, "members": members, "audience": audience}


def truth(store: Store, account: str = "lib") -> dict:
    """The months of every table, from the rows with pandas (independent of the recorded entries)."""
    tz = store.timezone(account)
    out = {}
    for table, col in (("posts", "published_at"), ("interactions", "created_at"), ("members", "followed_at")):
        df = store.read(table, account)
        df = df[df[col].notna()]
        months = df[col].dt.tz_convert(tz).dt.strftime("%Y-%m")
        out[table] = _nested(df["platform"], months)
    aud = store.read("audience", account)
    aud = aud[aud[["followers", "follows", "unfollows"]].notna().any(axis=1)]
    out["audience"] = _nested(aud["platform"], pd.to_datetime(aud["date"]).dt.strftime("%Y-%m"))
    return out


def _nested(platforms, months) -> dict:
    counts = pd.DataFrame({"p": list(platforms), "m": list(months)}).value_counts()
    out: dict = {}
    for (p, m), n in sorted(counts.items()):
        out.setdefault(p, {})[m] = int(n)
    return out


def recorded(store: Store, account: str = "lib") -> dict:
    return account_months(store.manifest(), account)


@pytest.fixture(scope="module")
def built(build_module_store):
    return build_module_store(_tables(), timezone=TZ)


@pytest.fixture
def store(built, tmp_path):
    """The test's own copy of the module's store (tests write to it)."""
    return copy_store(built, tmp_path / "store")


def test_every_live_file_has_an_entry_with_local_months(store):
    manifest = store.manifest()
    entries = manifest["coverage"]["files"]
    canonical = {f for t in COVERAGE_TABLES for fs in manifest["files"].get(t, {}).values() for f in fs}
    assert canonical and set(entries) == canonical
    assert manifest["coverage"]["timezones"] == {"lib": TZ}
    got = recorded(store)
    # p2 (2025-10-31T23:30Z) is a November post in Madrid; interaction a (2025-08-31T22:30Z) is of September.
    assert got["posts"] == {"instagram": {"2025-09": 1, "2025-11": 1}, "mastodon": {"2025-10": 1}}
    assert got["interactions"] == {"instagram": {"2025-09": 2, "2025-11": 1}, "mastodon": {"2025-10": 1}}
    assert got["members"] == {"instagram": {"2024-01": 1, "2025-09": 1}}  # dan has no followed_at
    assert got["audience"] == {"instagram": {"2025-09": 1, "2025-10": 1}}  # the December row has no figure
    assert got == truth(store)


def test_upserts_keep_it_exact(store, build_store):
    moved = _tables()["interactions"].iloc[[2]].copy()
    moved["created_at"] = pd.to_datetime(["2025-12-24T10:00Z"], utc=True)  # c moves from November to December
    build_store({"interactions": moved}, timezone=TZ, store=store)
    got = recorded(store)
    assert got["interactions"]["instagram"] == {"2025-09": 2, "2025-12": 1}
    assert got == truth(store)
    assert set(store.manifest()["coverage"]["files"]) == {
        f for f in live_files(store.manifest()) if f.split("/")[0] in COVERAGE_TABLES
    }


def test_forget_and_prune_keep_it_exact(store):
    forget_member(store, "lib", "@ann")  # a, c and ann's follow go
    got = recorded(store)
    assert got["interactions"]["instagram"] == {"2025-09": 1}
    assert got["members"] == {"instagram": {"2025-09": 1}}
    assert got == truth(store)
    prune(store, "lib", before="2025-10")  # b (September) goes
    assert "instagram" not in recorded(store)["interactions"]
    assert recorded(store) == truth(store)


def test_removing_rows_in_a_transaction_keeps_it_exact(store):
    # Any write that removes rows (uningest, check --repair) goes through the transaction: so does this one.
    with store.transaction() as txn:
        txn.replace("posts", "lib", "SELECT * FROM current WHERE platform <> 'mastodon'")
    assert recorded(store)["posts"] == {"instagram": {"2025-09": 1, "2025-11": 1}}
    with store.transaction() as txn:
        txn.drop_account_table("audience", "lib")
    assert recorded(store)["audience"] == {}
    assert recorded(store) == truth(store)


def test_a_new_timezone_recomputes_the_months(store, build_store):
    build_store({"interactions": _tables()["interactions"].iloc[[0]]}, timezone="UTC", store=store)
    manifest = store.manifest()
    assert manifest["accounts"]["lib"]["timezone"] == "UTC" and manifest["coverage"]["timezones"]["lib"] == "UTC"
    got = recorded(store)
    assert got["posts"]["instagram"] == {"2025-09": 1, "2025-10": 1}  # p2 is an October post in UTC
    assert got["interactions"]["instagram"] == {"2025-08": 1, "2025-09": 1, "2025-11": 1}
    assert got == truth(store)


def test_an_older_store_is_read_from_its_rows_and_recorded_at_the_next_write(store, build_store):
    from libcommunity.metrics import Scope

    path = store.root / "_manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    expected = account_months(manifest, "lib")
    del manifest["coverage"]  # as written before coverage existed
    path.write_text(json.dumps(manifest), "utf-8")
    assert all(v is None for v in account_months(store.manifest(), "lib").values())
    with Scope(store, "lib") as scope:  # read side: computed from the rows
        cov = scope.coverage
        assert {str(m) for m in cov.months["posts"]["instagram"]} == set(expected["posts"]["instagram"])
        assert cov.data_span() is not None
    extra = pd.DataFrame({"account": "lib", "platform": "instagram", "date": pd.to_datetime(["2025-11-15"]),
                          "followers": pd.array([103], dtype="Int64")})
    build_store({"audience": extra}, timezone=TZ, store=store)  # the next write records every file
    assert recorded(store) == truth(store)
    assert set(store.manifest()["coverage"]["files"]) == {
        f for f in live_files(store.manifest()) if f.split("/")[0] in COVERAGE_TABLES
    }


def test_a_damaged_section_is_recomputed(store):
    path = store.root / "_manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    rel = next(iter(manifest["coverage"]["files"]))
    manifest["coverage"]["files"][rel] = {"instagram": "not months"}
    path.write_text(json.dumps(manifest), "utf-8")
    table = rel.split("/")[0]
    assert account_months(store.manifest(), "lib")[table] is None  # not trusted: read from the rows instead
    with store.transaction() as txn:  # the next write that changes something records it again
        txn.set_account("lib", lang="sv")
    assert recorded(store) == truth(store)


def test_the_same_ingest_twice_changes_nothing(store, build_store, tmp_path):
    before = (store.root / "_manifest.json").read_bytes()
    build_store(_tables(), timezone=TZ, store=store)
    assert (store.root / "_manifest.json").read_bytes() == before


@pytest.mark.parametrize("timezone", ["Europe/Madrid", "America/Santiago", "Asia/Kathmandu", "Pacific/Kiritimati",
                                      "Pacific/Apia", "Europe/Dublin", "America/St_Johns"])
def test_large_files_are_counted_as_the_sql_counts_them(tmp_path, monkeypatch, timezone):
    # Large files skip the per-row timezone conversion except within a day of a UTC month's start; the counts
    # must be those of the SQL GROUP BY, also in timezones with odd offsets, DST changes at midnight, a skipped day
    # (Apia, 2011-12-30), and local mean time (Dublin before 1916).
    import duckdb
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from libcommunity.store import coverage

    rng = np.random.default_rng(7)
    starts = [np.datetime64(m, "us") for m in ("1911-03", "2011-12", "2016-05", "2024-03", "2024-10", "2025-01")]
    files = {}
    for i, start in enumerate(starts):
        base = start.astype(np.int64)
        # one file within one UTC month (as the store writes them) and one across months, rows near every edge
        for j, span in enumerate((31 * 86_400, 95 * 86_400)):
            offsets = np.concatenate([rng.integers(0, span, 3000), rng.integers(0, 3 * 86_400, 500),
                                      span - rng.integers(1, 3 * 86_400, 500)]) * 1_000_000
            if j == 0:
                offsets = np.minimum(offsets, (np.datetime64(start, "M") + 1).astype("datetime64[us]").astype(np.int64) - base - 1)
            times = pa.array(base + offsets, pa.timestamp("us", tz="UTC"))
            times = pc_nulls(times, rng)
            plats = pa.array(rng.choice(["x", "instagram", "bluesky"], len(times))).dictionary_encode()
            path = tmp_path / f"f{i}-{j}.parquet"
            pq.write_table(pa.table({"platform": plats, "created_at": times}), path)
            files[f"interactions/r{i}-{j}"] = path
    con = duckdb.connect()
    monkeypatch.setattr(coverage, "_LARGE_FILE", 0)
    counted, real = [], coverage._timestamp_months
    monkeypatch.setattr(coverage, "_timestamp_months", lambda *a: counted.append(real(*a)) or counted[-1])
    fast = coverage.file_months(con, "interactions", files, timezone)
    assert counted and counted[0] is not None and len(counted[0]) == len(files), "the large files took the fast path"
    monkeypatch.setattr(coverage, "_LARGE_FILE", 1 << 62)
    slow = coverage.file_months(con, "interactions", files, timezone)
    assert fast == slow
    assert sum(n for entry in fast.values() for months in entry.values() for n in months.values()) > 40_000


def pc_nulls(times, rng):
    """``times`` with a few values made null (not counted)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = pa.array(rng.random(len(times)) < 0.01)
    return pc.if_else(mask, pa.scalar(None, times.type), times)
