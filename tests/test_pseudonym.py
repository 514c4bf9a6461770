import os
import stat

import pandas as pd
import pytest

from libcommunity.errors import StoreError
from libcommunity.pseudonym import KEY_ENV, Pseudonymizer, load_key, normalize_handle


def test_pseudonym_is_keyed_hmac_sha256_prefix():
    import hashlib
    import hmac

    p = Pseudonymizer(b"k")
    expected = "m_" + hmac.new(b"k", b"x:ana", hashlib.sha256).hexdigest()[:20]
    assert p("@Ana", "x") == expected
    assert p("ana", "x") == p(" @ANA ", "x")


def test_case_matters_where_the_platform_is_case_sensitive():
    p = Pseudonymizer(b"k")
    assert p("UCabc", "youtube") != p("ucabc", "youtube")
    assert normalize_handle("@Erik@Mastodon.nu", "mastodon") == "erik@mastodon.nu"


def test_different_keys_and_platforms_give_different_pseudonyms():
    assert Pseudonymizer(b"a")("ana", "x") != Pseudonymizer(b"b")("ana", "x")
    assert Pseudonymizer(b"a")("ana", "x") != Pseudonymizer(b"a")("ana", "bluesky")


def test_series_keeps_nulls_and_matches_scalar():
    p = Pseudonymizer(b"k")
    out = p.series(pd.Series(["a", None, "b", "a"]), pd.Series(["x"] * 4))
    assert out.isna().tolist() == [False, True, False, False]
    assert out[0] == out[3] == p("a", "x")


def test_key_file_created_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    key = load_key(tmp_path)
    path = tmp_path / ".key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(tmp_path) == key
    assert len(key) == 64


def test_env_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "from-env")
    assert load_key(tmp_path) == b"from-env"
    assert not (tmp_path / ".key").exists()


def test_empty_key_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    (tmp_path / ".key").write_text("")
    with pytest.raises(StoreError, match="empty"):
        load_key(tmp_path)
