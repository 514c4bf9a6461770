"""X analytics exports: tweet activity (fixture and the 60 real rOpenSci files) and account_analytics_content."""

import csv
import hashlib
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import LoadContext, load_file
from libcommunity.store import Store
from tests.conftest import REAL_DATA, TEST_KEY

FORMATS = Path(__file__).parent / "data" / "formats"
TZ = "America/New_York"  # rOpenSci's analyses are US-based; any IANA zone would do


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


# ------------------------------------------------------------------------------------------- fixtures
def test_swedish_excel_resaved_tweet_activity():
    res = load_file(FORMATS / "x_tweet_activity_sv.csv", LoadContext("lib", "Europe/Stockholm"))
    assert res.format == "x-tweet-activity"
    posts = res.tables["posts"]
    # "1,11222E+18" recovered from the permalink; decimal comma "1938,0" and "2 407,0" read as counts.
    assert posts["post_id"].tolist() == ["1112223334445556667", "1113334445556667778"]
    assert posts["impressions"].tolist() == [1938, 2407]
    assert posts["reactions"].tolist() == [9, 21]
    assert posts["shares"].tolist() == [3, 7]
    assert posts["comments"].tolist() == [1, 2]
    assert posts["clicks"].tolist() == [2 + 0 + 1 + 3 + 0, 6 + 19 + 0 + 6 + 0]
    assert posts["views"].tolist() == [12, 0]
    assert posts["paid"].tolist() == [False, True]  # "-" = not promoted; 120 promoted impressions
    assert posts["published_at"].tolist() == [pd.Timestamp("2025-10-26T01:30Z"), pd.Timestamp("2025-10-27T08:05Z")]
    assert posts["text"].iloc[0] == "Höstlovet börjar!\nPyssel i barnavdelningen hela veckan #höstlov"


def test_account_analytics_content_english():
    res = load_file(FORMATS / "x_content_en.csv", LoadContext("lib", "Europe/Madrid"))
    assert res.format == "x-account-analytics-content"
    posts = res.tables["posts"]
    assert posts["impressions"].tolist() == [1234, 212]
    assert posts["reactions"].tolist() == [41, 3]
    assert posts["shares"].tolist() == [11, 0]
    assert posts["saves"].tolist() == [6, 0]
    assert posts["clicks"].tolist() == [9 + 20 + 8 + 0 + 0, 2 + 4 + 0 + 0 + 0]
    # "Tue, Jul 14, 2026": a day, so midnight in Madrid (CEST).
    assert posts["published_at"].tolist() == [pd.Timestamp("2026-07-13T22:00Z"), pd.Timestamp("2026-07-14T22:00Z")]
    assert any("midnight" in n for n in res.notes)


def test_account_analytics_content_spanish_dates_and_thousands():
    posts = load_file(FORMATS / "x_content_es.csv", LoadContext("lib", "Europe/Madrid")).tables["posts"]
    assert posts["impressions"].tolist() == [2345, 980]  # "2.345" in a Spanish export
    # "dom, 25 oct 2026": the day the clocks go back; midnight is still CEST.
    assert posts["published_at"].tolist() == [pd.Timestamp("2026-07-13T22:00Z"), pd.Timestamp("2026-10-24T22:00Z")]


def test_bad_count_is_reported_with_row_and_column(tmp_path):
    text = (FORMATS / "x_content_en.csv").read_text("utf-8").replace(",41,97,", ",forty-one,97,")
    p = tmp_path / "c.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(
        InputError, match=r"c.csv, row 2, column 'Likes': expected a whole number \(a count\); got 'forty-one'"
    ):
        load_file(p, LoadContext("lib"))


# ------------------------------------------------------------------------------------------- real files
def _real_files(real_data):
    folder = real_data / "formats" / "twitter_analytics_tweet_activity"
    files = sorted(folder.glob("tweet_activity_metrics_*.csv"))
    assert len(files) == 60
    return files


def _independent_months(files, tz):
    """Per local month: tweet count and summed impressions, with the csv module and zoneinfo only."""
    out = defaultdict(lambda: [0, 0])
    ids = set()
    for f in files:
        with open(f, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                ids.add(row["Tweet id"])
                t = datetime.strptime(row["time"], "%Y-%m-%d %H:%M %z").astimezone(ZoneInfo(tz))
                key = f"{t.year:04d}-{t.month:02d}"
                out[key][0] += 1
                out[key][1] += int(float(row["impressions"]))
    assert len(ids) == sum(v[0] for v in out.values())  # no tweet in two files
    return {k: tuple(v) for k, v in sorted(out.items())}


@pytest.fixture(scope="module")
def ropensci_store(tmp_path_factory):
    """The 60 real files ingested once for the module (the real_data fixture is per test, so this checks itself)."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data folder {REAL_DATA} is absent (it lives in ../shared/data/real beside the project)")
    files = _real_files(REAL_DATA)
    root = tmp_path_factory.mktemp("ropensci") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        report = ingest_paths(files, account="ropensci", store=root, timezone=TZ)
    return Store(root), files, report


@pytest.mark.real_data
def test_real_tweet_activity_monthly_counts_and_impressions_match_the_files(ropensci_store, real_data):
    store, files, report = ropensci_store
    assert report.tables["posts"] == {"new": 1668, "updated": 0, "unchanged": 0}
    stored = store.sql(
        f"""SELECT strftime(published_at AT TIME ZONE '{TZ}', '%Y-%m') AS month, count(*) AS posts,
                   sum(impressions) AS impressions
            FROM posts WHERE account = 'ropensci' GROUP BY 1 ORDER BY 1"""
    )
    print("\nstored figures per month (x-tweet-activity, rOpenSci, " + TZ + "):\n" + stored.to_string(index=False))
    got = {r.month: (int(r.posts), int(r.impressions)) for r in stored.itertuples()}
    assert got == _independent_months(files, TZ)
    assert sum(v[1] for v in got.values()) == 9_723_067  # the README's total


@pytest.mark.real_data
def test_real_tweet_activity_ingested_twice_leaves_the_store_byte_for_byte_unchanged(ropensci_store, real_data):
    store, files, _ = ropensci_store
    before = tree_hash(store.root)
    again = ingest_paths(files, account="ropensci", store=store)
    assert again.changed is False
    assert again.tables["posts"] == {"new": 0, "updated": 0, "unchanged": 1668}
    single = ingest_paths([files[7]], account="ropensci", store=store)
    assert single.changed is False
    assert tree_hash(store.root) == before


@pytest.mark.real_data
def test_real_provenance_has_one_row_per_file_with_its_sha256(ropensci_store, real_data):
    store, files, _ = ropensci_store
    prov = store.sql(
        "SELECT file, sha256, format, rows, ingested_at FROM provenance WHERE account = 'ropensci' ORDER BY file"
    )
    assert len(prov) == 60 and set(prov["format"]) == {"x-tweet-activity"}
    first = prov[prov["file"] == "tweet_activity_metrics_rOpenSci_20161201_20170101_en.csv"].iloc[0]
    assert first["sha256"] == "2988d640780541bbc953f134e339adda096737a567dab371cd319b22c471cdc2"
    assert prov["rows"].sum() == 1668 and prov["ingested_at"].notna().all()


@pytest.mark.real_data
def test_a_later_export_of_the_same_month_replaces_its_figures(real_data, tmp_path):
    files = _real_files(real_data)
    store = Store(tmp_path / "store")
    ingest_paths(files[:2], account="ropensci", store=store, timezone=TZ)
    # The same month exported again later: every tweet has 10 more impressions.
    later = tmp_path / "later.csv"
    with open(files[1], newline="", encoding="utf-8") as fh, open(later, "w", newline="", encoding="utf-8") as out:
        rows = list(csv.reader(fh))
        w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(rows[0])
        for r in rows[1:]:
            r[4] = f"{float(r[4]) + 10:.1f}"
            w.writerow(r)
    n = len(rows) - 1
    before = store.sql("SELECT count(*) AS n, sum(impressions) AS imp FROM posts").iloc[0]
    report = ingest_paths([later], account="ropensci", store=store)
    after = store.sql("SELECT count(*) AS n, sum(impressions) AS imp FROM posts").iloc[0]
    assert report.tables["posts"] == {"new": 0, "updated": n, "unchanged": 0}
    assert after["n"] == before["n"] and after["imp"] == before["imp"] + 10 * n


def test_content_export_placeholder_rows_are_skipped_not_refused():
    res = load_file(FORMATS / "x_content_placeholders_en.csv", LoadContext("lib", "Europe/Madrid"))
    posts = res.tables["posts"]
    assert posts["post_id"].tolist() == ["1877001234567890123", "1877412345678901234"]
    assert res.skipped == {"a placeholder row (the link ends in status/undefined: no post)": [3, 5]}
