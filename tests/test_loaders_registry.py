"""The loader registry: detection from content, clear errors for unknown files, every format end to end."""

import hashlib
import shutil
from pathlib import Path

import pytest

from libcommunity.cli import main
from libcommunity.errors import UnknownFormatError
from libcommunity.ingest import ingest_paths, sha256_of
from libcommunity.loaders import LOADERS, detect, known_formats
from libcommunity.loaders.textio import sniff_text
from libcommunity.store import Store

FORMATS = Path(__file__).parent / "data" / "formats"

#: fixture -> (format, --platform needed, rows per table)
FIXTURES = {
    "meta_facebook_en.csv": ("meta-business-suite", None, {"posts": 4}),
    "meta_instagram_es.csv": ("meta-business-suite", None, {"posts": 3}),
    "meta_facebook_sv.tsv": ("meta-business-suite", None, {"posts": 2}),
    "facebook_legacy_en.csv": ("facebook-insights-legacy", None, {"posts": 3}),
    "facebook_legacy_es.csv": ("facebook-insights-legacy", None, {"posts": 2}),
    "x_tweet_activity_sv.csv": ("x-tweet-activity", None, {"posts": 2}),
    "x_content_en.csv": ("x-account-analytics-content", None, {"posts": 2}),
    "x_content_es.csv": ("x-account-analytics-content", None, {"posts": 2}),
    "tweets.js": ("x-archive-tweets", None, {"posts": 3}),
    "youtube_es.csv": ("youtube-studio", None, {"posts": 3}),
    "youtube_sv.tsv": ("youtube-studio", None, {"posts": 2}),
    "events_en.csv": ("offline-events", None, {"interactions": 4}),
    "events_es.csv": ("offline-events", None, {"interactions": 2}),
    "events_sv.csv": ("offline-events", "instagram", {"interactions": 2}),
    "surveys_en.csv": ("offline-surveys", None, {"interactions": 2}),
    "surveys_es.csv": ("offline-surveys", None, {"interactions": 2}),
    "surveys_sv.csv": ("offline-surveys", "instagram", {"interactions": 2}),
    "mastodon/notifications.json": ("mastodon-api", None, {"interactions": 9, "members": 1}),
    "mastodon/statuses.json": ("mastodon-api", None, {"posts": 3, "interactions": 2}),
    "mastodon/followers.json": ("mastodon-api", None, {"members": 3}),
    "mastodon/favourited_by.json": ("mastodon-api", None, {"interactions": 2}),
    "mastodon/reblogged_by.json": ("mastodon-api", None, {"interactions": 1}),
    "mastodon/outbox.json": ("mastodon-archive", None, {"posts": 3, "interactions": 2}),
    "bluesky/author_feed.json": ("bluesky-api", None, {"posts": 3, "interactions": 1}),
    "bluesky/likes.json": ("bluesky-api", None, {"interactions": 2}),
    "bluesky/reposted_by.json": ("bluesky-api", None, {"interactions": 2}),
    "bluesky/followers.json": ("bluesky-api", None, {"members": 3, "interactions": 1}),
    "bluesky/notifications.json": ("bluesky-api", None, {"interactions": 7, "members": 1}),
    "bluesky/notifications_via_repost.json": ("bluesky-api", None, {"interactions": 3}),
    "mastodon/grouped_notifications.json": ("mastodon-api", None, {"interactions": 5, "members": 2}),
    "meta_facebook_2026_en.csv": ("meta-business-suite", None, {"posts": 4}),
    "youtube_2025_en.csv": ("youtube-studio", None, {"posts": 3}),
    "x_content_placeholders_en.csv": ("x-account-analytics-content", None, {"posts": 2}),
    "surveys_google_forms_anonymous_en.csv": ("offline-surveys", None, {"interactions": 4}),
    "surveys_google_forms_es.csv": ("offline-surveys", None, {"interactions": 3}),
    "surveys_microsoft_forms_en.xlsx": ("offline-surveys", None, {"interactions": 3}),
    "tiktok_content_en.csv": ("tiktok-studio", None, {"posts": 3}),
    "tiktok_content_es.csv": ("tiktok-studio", None, {"posts": 2}),
    "tiktok_followers_en.csv": ("tiktok-followers", None, {"audience": 3}),
    "linkedin_content_en.xlsx": ("linkedin-content", None, {"posts": 3}),
    "linkedin_followers_en.xlsx": ("linkedin-followers", None, {"audience": 3}),
    "linkedin_followers_en.xls": ("linkedin-followers", None, {"audience": 3}),
    "threads/media.json": ("threads-api", None, {"posts": 2}),
    "threads/media_insights.json": ("threads-api", None, {"posts": 1}),
    "threads/account_insights.json": ("threads-api", None, {"audience": 1}),
}
NEEDS_SIDECAR = {
    "mastodon/followers.json",
    "mastodon/favourited_by.json",
    "mastodon/reblogged_by.json",
    "threads/media_insights.json",
    "threads/account_insights.json",
}


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_every_fixture_is_listed():
    on_disk = {
        p.relative_to(FORMATS).as_posix()
        for p in FORMATS.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and "recorded" not in p.parts  # recorded/: HTTP replays for collectors
    }
    assert on_disk - set(FIXTURES) == {"mastodon/accounts_without_metadata.json", "make_workbooks.py"}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_exactly_one_loader_recognises_each_fixture(name):
    sample = sniff_text(FORMATS / name)
    claimed = [ld.name for ld in LOADERS if ld.sniff(sample)]
    assert claimed == [FIXTURES[name][0]]


@pytest.mark.parametrize("name", sorted(set(FIXTURES) - NEEDS_SIDECAR))
def test_detection_ignores_the_file_name(name, tmp_path):
    p = tmp_path / "download (3).txt"
    shutil.copy(FORMATS / name, p)
    assert detect(p)[0].name == FIXTURES[name][0]


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_fixture_ingests_and_a_second_ingest_changes_nothing(name, tmp_path):
    fmt, platform, counts = FIXTURES[name]
    store = Store(tmp_path / "store")
    report = ingest_paths([FORMATS / name], account="lib", store=store, platform=platform, timezone="Europe/Madrid")
    assert {t: c["new"] for t, c in report.tables.items()} == counts
    prov = store.sql("SELECT file, sha256, rows, format FROM provenance")
    assert prov["file"].tolist() == [Path(name).name]
    assert prov["sha256"].tolist() == [sha256_of(FORMATS / name)]
    assert prov["rows"].tolist() == [sum(counts.values())]
    assert prov["format"].iloc[0].startswith(fmt.split("-")[0])
    before = tree_hash(store.root)
    assert ingest_paths([FORMATS / name], account="lib", store=store, platform=platform).changed is False
    assert tree_hash(store.root) == before


def test_unknown_file_lists_known_formats_and_the_headers_found(tmp_path):
    p = tmp_path / "mystery.csv"
    p.write_text("Fecha;Préstamos;Sucursal\n2025-10-01;12;Centro\n", encoding="utf-8")
    with pytest.raises(UnknownFormatError) as err:
        detect(p)
    msg = str(err.value)
    assert "headers found: ['Fecha', 'Préstamos', 'Sucursal']" in msg
    for line in known_formats():
        assert line.split(":")[0] in msg
    assert len(known_formats()) == len(LOADERS) >= 13


def test_json_that_is_no_known_capture_is_unknown(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"data": [1, 2, 3]}', encoding="utf-8")
    with pytest.raises(UnknownFormatError, match="it starts with JSON"):
        detect(p)


def test_command_line_ingest_of_several_formats_at_once(tmp_path, capsys):
    store = tmp_path / "store"
    files = [str(FORMATS / n) for n in ("meta_facebook_en.csv", "events_en.csv", "mastodon/notifications.json")]
    assert (
        main(["ingest", *files, "--account", "biblio-lavapies", "--store", str(store), "--timezone", "Europe/Madrid"])
        == 0
    )
    got = Store(store).sql("SELECT platform, count(*) AS n FROM interactions GROUP BY 1 ORDER BY 1")
    assert dict(zip(got["platform"], got["n"])) == {"instagram": 3, "mastodon": 10}
    assert Store(store).account("biblio-lavapies").platforms == ["facebook", "instagram", "mastodon"]
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    before = tree_hash(store)
    assert main(["ingest", str(bad), "--account", "biblio-lavapies", "--store", str(store)]) == 2
    assert "not a format libcommunity knows" in capsys.readouterr().err
    assert tree_hash(store) == before


# ------------------------------------------------------------------------------------------- real samples
#: Files of ../shared/data/real/formats that are not exports: the hand-typed monthly summary of rOpenSci
#: (its README: "typed in by hand once a month") is a reference for tests, not a platform format.
NOT_EXPORTS = {"twitter_metrics_monthly_rOpenSci.csv"}


@pytest.mark.real_data
def test_every_real_sample_ingests(real_data, tmp_path):
    folder = real_data / "formats"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md" and p.name not in NOT_EXPORTS)
    assert len(files) == 60 + 1 + 4 + 1
    store = Store(tmp_path / "store")
    formats = {}
    for sub in sorted({f.parent for f in files}):
        group = [f for f in files if f.parent == sub]
        report = ingest_paths(group, account=sub.name.replace("_", "-"), store=store, timezone="UTC")
        formats.update({Path(f.path).name: f.format for f in report.files})
    assert formats["Table data.csv"] == "youtube-studio"
    assert formats["tweets_sample.js"] == "x-archive-tweets"
    assert formats["outbox_sample.json"] == "mastodon-archive-outbox"
    assert {formats[f.name] for f in files if f.name.startswith("tweet_activity")} == {"x-tweet-activity"}
    per_source = store.sql(
        """SELECT p.account, v.format, count(*) AS posts, sum(p.impressions) AS impressions, sum(p.views) AS views
           FROM posts p JOIN (SELECT DISTINCT account, format FROM provenance WHERE rows > 0) v USING (account)
           GROUP BY 1, 2 ORDER BY 1"""
    )
    print("\nstored posts per real source:\n" + per_source.to_string(index=False))
    assert dict(zip(per_source["format"], per_source["posts"])) == {
        "mastodon-archive-outbox": 3,
        "x-tweet-activity": 1668,
        "x-archive-tweets": 3,
        "youtube-studio": 102,
    }
