"""The demo's accounts, their checks, the determinism of a simulation, the canonical CSV it writes, the account's
time zone and the platforms' handles (tests/test_demo.py checks what a simulation holds)."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from libcommunity import schemas
from libcommunity.demo import DEMO_ACCOUNTS, LATEST_MONTH, SHAPES, AccountSpec, generate_demo, simulate_account
from libcommunity.errors import ParameterError
from libcommunity.months import ACCOUNT_PATTERN
from libcommunity.pseudonym import normalize_handle
from tests.demo_helpers import LIVELY, TABLES, local_time, member_rows, month_of


def read_canonical_csv(path, table: str) -> pd.DataFrame:
    """Read a canonical CSV back into canonical dtypes (the test's own minimal reader)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(raw.columns) == schemas.table_spec(table).column_names
    out = {}
    for col in schemas.table_spec(table).columns:
        s = raw[col.name].mask(raw[col.name] == "")
        if col.type == "timestamp":
            assert s.dropna().str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00").all()
            s = pd.to_datetime(s, utc=True, format="ISO8601").astype(col.pandas_dtype)
        elif col.type == "date":
            s = pd.to_datetime(s, format="%Y-%m-%d").astype(col.pandas_dtype)
        elif col.type == "count":
            s = pd.to_numeric(s).astype("Int64")
        elif col.type == "bool":
            assert s.dropna().isin(["true", "false"]).all()
            s = s.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
        else:
            s = s.astype("string")
        out[col.name] = s
    return pd.DataFrame(out)


# --- the accounts -------------------------------------------------------------------------------


def test_demo_accounts_differ_in_platform_size_timezone_and_shape():
    assert len(DEMO_ACCOUNTS) >= 5
    assert len({s.platform for s in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
    assert len({s.timezone for s in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
    assert {s.shape for s in DEMO_ACCOUNTS} == set(SHAPES)
    assert {s.lang for s in DEMO_ACCOUNTS} == {"es", "sv", "en"}
    assert max(s.followers for s in DEMO_ACCOUNTS) >= 10 * min(s.followers for s in DEMO_ACCOUNTS)
    assert all(ACCOUNT_PATTERN.match(s.account) for s in DEMO_ACCOUNTS)
    assert {(s.start, s.end) for s in DEMO_ACCOUNTS} == {("2025-01", "2026-10")}
    assert LATEST_MONTH == "2026-10"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"platform": "myspace"}, "platform"),
        ({"shape": "busy"}, "shape"),
        ({"lang": "fr"}, "lang"),
        ({"followers": 10}, "followers"),
        ({"followers": "many"}, "followers"),
        ({"fair_month": 13}, "fair_month"),
        ({"survey_months": (3, 0)}, "survey_months"),
        ({"start": "2026-05", "end": "2026-01"}, "end"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"account": "Bad Name"}, "account"),
        ({"unanswered": 1.5}, "unanswered"),
    ],
)
def test_account_spec_rejects_bad_values(change, field):
    args = {"account": "lib", "platform": "x", "timezone": "UTC", "lang": "en", "followers": 100} | change
    with pytest.raises(ParameterError, match=field if field != "timezone" else "IANA"):
        AccountSpec(**args)


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_simulate_account_rejects_bad_seeds(seed):
    with pytest.raises(ParameterError, match="seed must be a non-negative integer"):
        simulate_account(LIVELY, seed=seed)


def test_custom_spec_of_one_month_works():
    spec = AccountSpec("tiny", "facebook", "America/Mexico_City", "es", followers=60, start="2026-03", end="2026-03")
    demo = simulate_account(spec, seed=1)
    assert set(demo.ground_truth["month"]) == {"2026-03"}
    assert len(demo.audience) == 31
    assert month_of(demo.interactions["created_at"], spec.timezone).eq("2026-03").all()



# --- determinism and the canonical CSV ----------------------------------------------------------


def test_same_seed_gives_identical_frames_and_another_seed_does_not():
    spec = AccountSpec("det", "x", "America/New_York", "en", followers=200, start="2026-01", end="2026-04")
    a, b, c = simulate_account(spec, seed=5), simulate_account(spec, seed=5), simulate_account(spec, seed=6)
    for table in TABLES + ("ground_truth", "text_truth"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    assert not a.interactions.equals(c.interactions)
    assert not a.members["member_id"].equals(c.members["member_id"])


def test_generate_demo_writes_byte_identical_canonical_csv(tmp_path):
    specs = (
        AccountSpec("one", "mastodon", "Europe/Stockholm", "sv", followers=150, start="2026-08", end="2026-10"),
        AccountSpec("two", "facebook", "America/Mexico_City", "es", followers=200, start="2026-08", end="2026-10"),
    )
    summary = generate_demo(tmp_path / "a", seed=9, accounts=specs)
    generate_demo(tmp_path / "b", seed=9, accounts=specs)
    generate_demo(tmp_path / "c", seed=10, accounts=specs)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert [str(f) for f in files] == [
        "accounts.json",
        "ground_truth.csv",
        "one/audience.csv",
        "one/interactions.csv",
        "one/members.csv",
        "one/posts.csv",
        "text_truth.csv",
        "two/audience.csv",
        "two/interactions.csv",
        "two/members.csv",
        "two/posts.csv",
    ]
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    assert (tmp_path / "a" / "one/interactions.csv").read_bytes() != (
        tmp_path / "c" / "one/interactions.csv"
    ).read_bytes()
    assert json.loads((tmp_path / "a" / "accounts.json").read_text("utf-8")) == [
        {"account": "one", "platform": "mastodon", "timezone": "Europe/Stockholm", "lang": "sv", "shape": "typical"},
        {"account": "two", "platform": "facebook", "timezone": "America/Mexico_City", "lang": "es", "shape": "typical"},
    ]
    demo = simulate_account(specs[0], seed=9)
    for table in TABLES:
        back = read_canonical_csv(tmp_path / "a" / "one" / f"{table}.csv", table)
        schemas.SCHEMAS[table].validate(back)
        pd.testing.assert_frame_equal(back, getattr(demo, table))
        assert summary["one"][table] == len(back)
    truth = pd.read_csv(tmp_path / "a" / "ground_truth.csv", dtype=str, keep_default_na=False)
    assert len(truth) == summary["one"]["ground_truth"] + summary["two"]["ground_truth"]
    assert set(truth["following"]) <= {"true", "false"}


def test_generate_demo_rejects_duplicate_accounts(tmp_path):
    with pytest.raises(ParameterError, match="distinct"):
        generate_demo(tmp_path, accounts=(LIVELY, LIVELY))



# --- time zones and handles ---------------------------------------------------------------------


def test_local_hours_follow_the_account_timezone():
    spec = AccountSpec(
        "kiwi", "x", "Pacific/Auckland", "en", followers=1500, shape="lively", start="2026-01", end="2026-04"
    )
    demo = simulate_account(spec, seed=4)
    published = demo.posts["published_at"]
    assert local_time(published, spec.timezone).dt.hour.between(7, 21).mean() > 0.97
    assert published.dt.hour.between(7, 21).mean() < 0.5  # the same posts in UTC are mostly at night
    rows = member_rows(demo)
    own = rows[rows["kind"].isin(["mention", "message", "ugc"])]
    hours = local_time(own["created_at"], spec.timezone).dt.hour
    assert hours.between(18, 22).mean() > 0.28  # the evening peak, local time (UTC evenings hold about 0.2)
    assert own["created_at"].dt.hour.between(18, 22).mean() < 0.28
    assert hours.between(2, 5).mean() < 0.05  # people sleep


@pytest.mark.parametrize(
    "platform, lang, pattern",
    [
        ("instagram", "es", r"@[\w.]+"),
        ("x", "en", r"@\w+"),
        ("mastodon", "sv", r"@\w+@[a-z0-9.]+\.[a-z]+"),
        ("bluesky", "en", r"[a-z0-9-]+(\.[a-z0-9-]+)+"),
        ("facebook", "es", r"\d{15}"),
    ],
)
def test_handles_are_platform_styled_and_unique(platform, lang, pattern):
    spec = AccountSpec(f"h-{platform}", platform, "UTC", lang, followers=1200, start="2026-01", end="2026-02")
    demo = simulate_account(spec, seed=8)
    handles = demo.members["member_id"]
    assert handles.str.fullmatch(pattern).all()
    assert handles.map(lambda h: normalize_handle(h, platform)).is_unique
    assert spec.handle not in set(handles)
    if platform in ("instagram", "mastodon"):
        assert handles.map(lambda h: not h.isascii()).mean() > 0.05  # ñ, å, ö, é kept by some



# --- the full demo ------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_demo_is_fast_and_of_the_planned_size(tmp_path):
    started = time.perf_counter()
    summary = generate_demo(tmp_path, seed=42)
    elapsed = time.perf_counter() - started
    assert elapsed < 60
    assert list(summary) == [s.account for s in DEMO_ACCOUNTS]
    total = sum(s["interactions"] for s in summary.values())
    assert 150_000 <= total <= 400_000
    assert all(s["audience"] == 669 for s in summary.values())  # 2025-01-01 .. 2026-10-31


@pytest.mark.parametrize("dtype", ["string", "object", "str"])
def test_handles_are_renamed_all_at_once_as_series_replace_does(dtype):
    from libcommunity.demo.people import _replaced

    values = pd.Series(["@a", "@b", None, "@c", "@b", "@d"], dtype=dtype)
    mapping = {"@a": "@b", "@b": "@c", "@x": "@y"}  # a chain: each value is replaced once, by what it maps to
    got = _replaced(values, mapping)
    pd.testing.assert_series_equal(got, values.replace(mapping))
    assert got.tolist()[:2] == ["@b", "@c"] and got.tolist()[3:] == ["@c", "@c", "@d"] and pd.isna(got[2])
