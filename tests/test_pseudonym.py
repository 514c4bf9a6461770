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


def test_mentions_in_text_become_the_members_pseudonyms():
    p = Pseudonymizer(b"k")
    texts = pd.Series(["hi @Ana, write to ana@example.org", "@bob@other.social thanks", "(@x_y).", None, "no mention", "@"])
    out = p.mentions(texts, pd.Series(["x", "mastodon", "x", "x", "x", "x"])).tolist()
    assert out[0] == f"hi @{p('ana', 'x')}, write to ana@example.org"  # an e-mail address is not a mention
    assert out[1] == f"@{p('bob@other.social', 'mastodon')} thanks"
    assert out[2] == f"(@{p('x_y', 'x')})."
    assert out[3] is pd.NA and out[4:] == ["no mention", "@"]


def test_member_identifiers_inside_ids_become_pseudonyms():
    p = Pseudonymizer(b"k")
    did, lib = "did:plc:abc123", "did:plc:library"
    got = p.ids(
        ["favourite:Bob@Other.Social:115", f"like:{did}:at://{lib}/app.bsky.feed.post/3k", f"at://{did}/app.bsky.feed.post/r1",
         "event:ev-1:ana_reads", "c1", "status:123", None],
        ["Bob@Other.Social", did, did, "@ana_reads", "@ana", "bob", None],
        ["mastodon", "bluesky", "bluesky", "instagram", "x", "mastodon", "x"],
    )
    assert got[0] == f"favourite:{p('bob@other.social', 'mastodon')}:115"
    assert got[1] == f"like:{p(did, 'bluesky')}:at://{p(lib, 'bluesky')}/app.bsky.feed.post/3k"
    assert got[2] == f"at://{p(did, 'bluesky')}/app.bsky.feed.post/r1"  # as a reply_to naming it will read
    assert p.ids([f"at://{did}/app.bsky.feed.post/r1"], None, ["bluesky"]) == [got[2]]
    assert got[3] == f"event:ev-1:{p('ana_reads', 'instagram')}"
    assert got[4:] == ["c1", "status:123", None]  # ids that do not hold the member's handle stay as they are
    assert p.ids(["follow:ana:x", "follow:banana:x"], ["ana", "ana"], ["x", "x"])[1] == "follow:banana:x"  # whole segments only


@pytest.mark.parametrize("key", [b"", b"k", b"k" * 64, b"k" * 65, b"x" * 200, "clé".encode()])
def test_many_is_hmac_for_every_key_length(key):
    # many() writes HMAC out (pads, inner and outer hash); __call__ uses the hmac module
    p = Pseudonymizer(key)
    handles = ["@Ana", "ana", " bob ", "Çelik", "C\u0327elik", "m_00000001", "@", "@@x", "İstanbul", "ß", "\x1cana\x1c", "a\u00a0"]
    for platform in ("x", "facebook", "mastodon"):
        assert p.many(handles, platform) == [p(h, platform) for h in handles]


def test_id_columns_are_rewritten_exactly_where_a_row_can_change():
    import pyarrow as pa

    from libcommunity.pseudonym import may_contain, pseudonymise_id_columns

    p = Pseudonymizer(b"k")
    ids = ["1", "22_333", "favourite:ana:9", "at://did:plc:abc/app.bsky.feed.post/1", "event:Talk @bob@2026-10-03:ana",
           "x+34 612 34 56 78", "mail ana@example.org", "see www.x.com/ana", "n123456789012"]
    table = pa.table({"interaction_id": ids, "reply_to": [None] * len(ids), "member_id": ["ana"] * len(ids),
                      "platform": ["mastodon"] * len(ids)})
    got = pseudonymise_id_columns(p, table).column("interaction_id").to_pylist()
    expected = [p.scrub_id(v, "mastodon") for v in p.ids(ids, ["ana"] * len(ids), ["mastodon"] * len(ids))]
    assert got == expected and got[:2] == ids[:2] and got[-1] == ids[-1]
    plain = pa.table({"interaction_id": ["1", "22_333", "abc"], "reply_to": [None, "1", None],
                      "member_id": ["a", "b", "c"], "platform": ["x"] * 3})
    assert not may_contain(plain.column("interaction_id").combine_chunks(), b"@:.+( /")
    assert pseudonymise_id_columns(p, plain).equals(plain)
    assert may_contain(pa.array(["a", "b:c"]), b":") and not may_contain(pa.array([], pa.string()), b":")


def test_fixed_width_pseudonyms_are_the_pseudonyms():
    import numpy as np
    import pyarrow as pa

    p = Pseudonymizer(b"k" * 70)
    rng = np.random.default_rng(7)
    alphabet = list("abcXYZ019_.-") + ["@", " ", "é", "\u00a0"]
    handles = ["".join(rng.choice(alphabet, rng.integers(1, 9))) for _ in range(300)] + ["Ana", "ANA", "m_00000001"]
    simple = [h for h in handles if h.isascii() and h == h.strip() and not h.startswith("@") and h.isprintable()]
    for platform in ("x", "facebook", "mastodon"):
        for values in (handles, simple):  # the second takes the vectorised messages
            got = p.fixed(pa.array(values, pa.string()), platform)
            assert got.dtype == np.dtype("S22") and [m.decode() for m in got] == [p(h, platform) for h in values]
    assert len(p.fixed(pa.array([], pa.string()), "x")) == 0
