"""``libcommunity collect``: secrets from the environment, raw files, ingest, clear errors (recorded responses)."""

import httpx
import pytest
import requests

import libcommunity.collect.bluesky as bluesky_module
from libcommunity.cli import main
from libcommunity.store import Store
from tests.test_collect_bluesky import Replay as BlueskyReplay
from tests.test_collect_mastodon import Replay as MastodonReplay
from tests.test_collect_mastodon import session_for


@pytest.fixture
def mastodon_http(monkeypatch):
    session = session_for(MastodonReplay(1))
    monkeypatch.setattr(requests, "Session", lambda: session)


@pytest.fixture
def bluesky_http(monkeypatch):
    replay = BlueskyReplay()
    real = bluesky_module.Request
    monkeypatch.setattr(bluesky_module, "Request", lambda **kw: real(**kw, transport=httpx.MockTransport(replay)))
    return replay


def test_collect_mastodon_saves_raw_and_ingests(tmp_path, monkeypatch, mastodon_http):
    monkeypatch.setenv("LIB_TOKEN", "t0k3n")
    args = [
        "collect",
        "mastodon",
        "--instance",
        "masto.example",
        "--token-env",
        "LIB_TOKEN",
        "--account",
        "biblio",
        "--raw",
        str(tmp_path / "raw"),
        "--store",
        str(tmp_path / "store"),
        "--timezone",
        "Europe/Madrid",
        "--refresh-days",
        "3650",
    ]
    assert main(args) == 0
    runs = [p for p in (tmp_path / "raw" / "biblio" / "mastodon").iterdir() if not p.name.startswith(".")]
    assert len(runs) == 1 and len(list(runs[0].glob("0*.json"))) == 14
    store = Store(tmp_path / "store")
    assert store.account("biblio").timezone == "Europe/Madrid"
    assert (
        store.sql("SELECT count(*) AS n FROM interactions")["n"].iloc[0] == 16
    )  # as in test_collect_mastodon: 3+1+1+2+5+4
    assert set(store.sql("SELECT DISTINCT format FROM provenance")["format"]) == {
        "mastodon-followers",
        "mastodon-statuses",
        "mastodon-favourited-by",
        "mastodon-reblogged-by",
        "mastodon-notifications",
    }


def test_collect_bluesky_without_ingest(tmp_path, monkeypatch, bluesky_http):
    monkeypatch.setenv("BSKY_PASS", "app-pass-1234")
    args = [
        "collect",
        "bluesky",
        "--handle",
        "@bibliolavapies.bsky.social",
        "--app-password-env",
        "BSKY_PASS",
        "--account",
        "biblio",
        "--raw",
        str(tmp_path / "raw"),
        "--store",
        str(tmp_path / "store"),
        "--no-ingest",
        "--debug",
        "--refresh-days",
        "3650",
    ]
    assert main(args) == 0
    assert not (tmp_path / "store").exists()
    assert len(list((tmp_path / "raw" / "biblio" / "bluesky").glob("*/0*.json"))) == 12


def test_missing_secret_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LIB_TOKEN", raising=False)
    args = [
        "collect",
        "mastodon",
        "--instance",
        "https://masto.example",
        "--token-env",
        "LIB_TOKEN",
        "--account",
        "biblio",
        "--raw",
        str(tmp_path / "raw"),
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "environment variable LIB_TOKEN must hold the library's Mastodon access token" in err
    assert not (tmp_path / "raw").exists()


def test_bad_account_and_refresh_days_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIB_TOKEN", "x")
    base = [
        "collect",
        "mastodon",
        "--instance",
        "https://masto.example",
        "--token-env",
        "LIB_TOKEN",
        "--raw",
        str(tmp_path / "raw"),
    ]
    assert main(base + ["--account", "../etc"]) == 2
    assert "account must be" in capsys.readouterr().err
    assert main(base + ["--account", "biblio", "--refresh-days", "0"]) == 2
    assert "--refresh-days must be 1 or more; got 0" in capsys.readouterr().err
