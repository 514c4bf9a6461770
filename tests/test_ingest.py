import codecs

import pandas as pd
import pytest

from libcommunity.cli import main
from libcommunity.errors import InputError, ParameterError, UnknownFormatError, ValidationError
from libcommunity.ingest import ingest_paths
from libcommunity.store import Store
from tests.test_store import tree_hash

POSTS = """account,platform,post_id,published_at,kind,text,reach,impressions,views,reactions,comments,shares,clicks,saves,paid,url
lib,x,1,2025-10-01T10:00:00+02:00,photo,"Hola
mundo",100,150,,5,2,1,,,false,https://x.com/lib/1
lib,x,2,2025-10-31T23:30:00,text,¿Qué lees?,50,80,,1,0,0,,,True,
"""
INTERACTIONS = """account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text
lib,x,i1,@Ana,comment,2025-10-01T11:00:00+02:00,1,,false,¿Abrís el domingo?
lib,x,i2,@lib,comment,2025-10-01T13:00:00Z,1,i1,1,Sí
lib,x,i3,@bob,reaction,2025-10-02T13:00:00Z,1,,0,
"""
MEMBERS = """member_id,followed_at,unfollowed_at,followers,following,is_staff
@Ana,2024-01-01T00:00:00Z,,10,20,FALSE
@bob,2025-03-30T02:30:00,,,,
"""
AUDIENCE = """account,platform,date,followers,follows,unfollows
lib,x,2025-10-01,100,3,1
"""


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


@pytest.fixture
def files(tmp_path):
    return [
        write(tmp_path, "p.csv", POSTS),
        write(tmp_path, "i.csv", INTERACTIONS),
        write(tmp_path, "m.csv", MEMBERS),
        write(tmp_path, "a.csv", AUDIENCE),
    ]


def test_four_tables_recognised_typed_and_stored(tmp_path, files):
    store = Store(tmp_path / "st")
    report = ingest_paths(files, account="lib", store=store, timezone="Europe/Madrid", platform="x")
    assert {f.format for f in report.files} == {"canonical-csv"}
    assert report.tables["posts"]["new"] == 2
    p = store.read("posts")
    assert p["published_at"].tolist() == [pd.Timestamp("2025-10-01T08:00Z"), pd.Timestamp("2025-10-31T22:30Z")]
    assert p["text"][0] == "Hola\nmundo"
    assert p["paid"].tolist() == [False, True]
    assert p["views"].isna().all() and p["reach"].tolist() == [100, 50]
    i = store.read("interactions")
    assert i["by_library"].tolist() == [False, True, False]
    assert i["reply_to"].tolist()[1] == "i1"
    m = store.read("members")
    # 02:30 on 2025-03-30 does not exist in Madrid (spring gap): moved forward to 03:00 CEST = 01:00Z
    assert pd.Timestamp("2025-03-30T01:00Z") in m["followed_at"].tolist()
    assert m["is_staff"].tolist() == [False, False]
    a = store.read("audience")
    assert a["date"][0] == pd.Timestamp("2025-10-01") and a["followers"][0] == 100


def test_member_ids_are_pseudonyms_and_handles_live_only_in_identities(tmp_path, files):
    store = Store(tmp_path / "st")
    ingest_paths(files, account="lib", store=store, platform="x")
    ids = set(store.read("interactions")["member_id"]) | set(store.read("members")["member_id"])
    assert all(i.startswith("m_") and len(i) == 22 for i in ids)
    ident = store.identities("lib")
    assert set(ident["handle"]) == {"@Ana", "@lib", "@bob"}
    for path in store.root.rglob("*.parquet"):
        if "identities" not in path.parts[-4]:
            data = path.read_bytes()
            assert b"Ana" not in data and b"@bob" not in data, path


def test_ambiguous_autumn_time_is_the_first_occurrence(tmp_path):
    text = "account,platform,post_id,published_at\nlib,x,1,2025-10-26T02:30:00\n"
    store = Store(tmp_path / "st")
    ingest_paths([write(tmp_path, "p.csv", text)], account="lib", store=store, timezone="Europe/Madrid")
    assert store.read("posts")["published_at"][0] == pd.Timestamp("2025-10-26T00:30Z")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "latin-1"])
def test_encodings_and_semicolons(tmp_path, encoding):
    text = POSTS.replace(",", ";").replace("¿Qué lees?", "Qué lees")
    if encoding == "utf-16":
        raw = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        path = tmp_path / "p.csv"
        path.write_bytes(raw)
    else:
        path = write(tmp_path, "p.csv", text, encoding)
    store = Store(tmp_path / "st")
    ingest_paths([path], account="lib", store=store)
    assert store.read("posts")["text"].tolist() == ["Hola\nmundo", "Qué lees"]


def test_parquet_canonical(tmp_path, files):
    store = Store(tmp_path / "st")
    ingest_paths(files[:1], account="lib", store=store)
    src = store.files("posts", "lib")[0]
    other = Store(tmp_path / "st2")
    ingest_paths([src], account="lib", store=other)
    pd.testing.assert_frame_equal(other.read("posts"), store.read("posts"))


def test_later_file_wins_for_a_key_given_twice(tmp_path):
    a = write(tmp_path, "a.csv", "account,platform,post_id,published_at,reach\nlib,x,1,2025-10-01T00:00Z,5\n")
    b = write(tmp_path, "b.csv", "account,platform,post_id,published_at,reach\nlib,x,1,2025-10-01T00:00Z,7\n")
    store = Store(tmp_path / "st")
    ingest_paths([a, b], account="lib", store=store)
    assert store.read("posts")["reach"].tolist() == [7]


def test_provenance_records_file_hash_and_rows(tmp_path, files):
    store = Store(tmp_path / "st")
    report = ingest_paths(files, account="lib", store=store, platform="x")
    prov = store.sql("SELECT file, sha256, rows, format FROM provenance ORDER BY file")
    assert prov["file"].tolist() == ["a.csv", "i.csv", "m.csv", "p.csv"]
    assert prov["rows"].tolist() == [1, 3, 2, 2]
    assert set(prov["sha256"]) == {f.sha256 for f in report.files}


BAD = {
    "empty.csv": ("", "empty"),
    "timestamp.csv": ("account,platform,post_id,published_at\nlib,x,1,2025-13-45\n", "row 2, column 'published_at'"),
    "kind.csv": (
        "account,platform,interaction_id,member_id,kind,created_at\nlib,x,1,a,like,2025-01-01T00:00Z\n",
        "column 'kind': expected one of",
    ),
    "negative.csv": ("account,platform,post_id,published_at,reach\nlib,x,1,2025-01-01T00:00Z,-4\n", "count of 0 or more"),
    "fraction.csv": ("account,platform,post_id,published_at,reach\nlib,x,1,2025-01-01T00:00Z,4.5\n", "whole number"),
    "bool.csv": (
        "account,platform,interaction_id,member_id,kind,created_at,by_library\nlib,x,1,a,comment,2025-01-01T00:00Z,maybe\n",
        "true/false",
    ),
    "account.csv": ("account,platform,post_id,published_at\nother,x,1,2025-01-01T00:00Z\n", "belong to account 'lib'"),
    "noplatform.csv": ("account,post_id,published_at\nlib,1,2025-01-01T00:00Z\n", "platform"),
    "missingid.csv": ("account,platform,post_id,published_at\nlib,x,,2025-01-01T00:00Z\n", "row 2, column 'post_id'"),
    "conflict.csv": (
        "account,platform,post_id,published_at,reach\nlib,x,1,2025-01-01T00:00Z,1\nlib,x,1,2025-01-01T00:00Z,2\n",
        "appears twice with different content",
    ),
    "unknown.csv": ("name,likes\nfoo,1\n", "headers found: ['name', 'likes']"),
    "quote.csv": ('account,platform,post_id,published_at,text\nlib,x,1,2025-01-01T00:00Z,"never closed\n', "quoted field"),
    "xlsx.csv": (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "a ZIP archive that is not an Excel or OpenDocument workbook"),
    "nul.csv": (b"account,platform\x00\x00\x00\x01\x02", "binary"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_clear_message_and_store_untouched(tmp_path, files, name, capsys):
    content, expected = BAD[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    store_dir = tmp_path / "st"
    assert main(["ingest", *map(str, files), "--account", "lib", "--platform", "x", "--store", str(store_dir)]) == 0
    before = tree_hash(store_dir)
    capsys.readouterr()
    status = main(["ingest", str(files[0]), str(path), "--account", "lib", "--store", str(store_dir)])
    err = capsys.readouterr().err
    assert status == 2
    assert expected in err, err
    assert str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert tree_hash(store_dir) == before


def test_missing_file_and_bad_parameters():
    with pytest.raises(InputError, match="file not found"):
        ingest_paths(["/nonexistent/x.csv"], account="lib", store="/tmp/never")
    with pytest.raises(ParameterError, match="platform must be"):
        ingest_paths(["x"], account="lib", platform="myspace")
    with pytest.raises(ParameterError, match="timezone"):
        ingest_paths(["x"], account="lib", timezone="Nowhere/City")


def test_error_classes_are_in_one_hierarchy():
    from libcommunity.errors import LibcommunityError

    for cls in (InputError, ValidationError, UnknownFormatError, ParameterError):
        assert issubclass(cls, LibcommunityError)


# --------------------------------------------------------------------------- rows that are not posts, owners
FORMATS = __import__("pathlib").Path(__file__).parent / "data" / "formats"


def test_summary_lists_skipped_rows_with_their_reason(tmp_path, capsys):
    store_dir = tmp_path / "st"
    assert main(["ingest", str(FORMATS / "youtube_2025_en.csv"), "--account", "lib", "--store", str(store_dir)]) == 0
    err = capsys.readouterr().err
    assert "1 row skipped: no publish time (an unlisted, private, scheduled or never published video) (row 5)" in err
    assert "1 row skipped: a footer, not a video ('Showing top 500 results') (row 7)" in err
    assert "1 row skipped: the channel total, not a video (row 2)" in err
    assert len(Store(store_dir).read("posts")) == 3


def test_posts_of_other_owners_are_counted_and_own_posts_only_keeps_the_account(tmp_path):
    export = FORMATS / "meta_facebook_2026_en.csv"
    store = Store(tmp_path / "all")
    report = ingest_paths([export], account="lib", store=store)
    f = report.files[0]
    assert f.owners == {"61571000000000": 3, "61572000000099": 1} and f.own == "61571000000000"
    line = "\n".join(report.lines())
    assert (
        "posts by owner: 3 of the account (61571000000000 (Biblioteca Municipal Lavapiés)); 1 of other accounts "
        "(collaborations or another Page's rows): 1 of 61572000000099 (Ateneo Cultural de Lavapiés)"
    ) in line
    assert store.read("posts")["owner_id"].tolist().count("61572000000099") == 1  # kept as the export presents it

    own = Store(tmp_path / "own")
    report = ingest_paths([export], account="lib", store=own, own_posts_only=True)
    assert own.read("posts")["owner_id"].unique().tolist() == ["61571000000000"]
    assert report.files[0].skipped[
        "a post of another account than the account's own (61571000000000): --own-posts-only"
    ] == [5]


def test_own_posts_only_on_the_command_line(tmp_path, capsys):
    store_dir = tmp_path / "st"
    args = ["ingest", str(FORMATS / "tiktok_content_en.csv"), "--account", "lib", "--store", str(store_dir)]
    assert main([*args, "--own-posts-only"]) == 0
    assert "1 row skipped: a post of another account than the account's own (bibliolavapies)" in capsys.readouterr().err
    assert len(Store(store_dir).read("posts")) == 2


def test_load_file_reads_canonical_files_through_the_ingest_stream(tmp_path, files, monkeypatch):
    """load_file and ingest are one code path: the canonical CSV goes through the batched reader."""
    import libcommunity.loaders.streaming as streaming
    from libcommunity.loaders import LoadContext, load_file

    calls = []
    real = streaming.stream_canonical
    monkeypatch.setattr(streaming, "stream_canonical", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    res = load_file(files[0], LoadContext("lib", "UTC", "x"))
    assert calls == [files[0]]
    assert res.format == "canonical-csv" and list(res.tables["posts"].index) == [2, 3]
