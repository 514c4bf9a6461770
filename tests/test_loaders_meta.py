"""Meta Business Suite post exports (Facebook and Instagram), in English, Spanish and Swedish."""

from pathlib import Path

import pandas as pd
import pytest

from libcommunity.errors import InputError
from libcommunity.loaders import LoadContext, detect, load_file
from libcommunity.loaders.meta import meta_post_kind

FORMATS = Path(__file__).parent / "data" / "formats"


def load(name, tz="Europe/Madrid", platform=None):
    return load_file(FORMATS / name, LoadContext("lib", tz, platform))


def test_facebook_english_export():
    res = load("meta_facebook_en.csv")
    assert res.format == "meta-business-suite"
    posts = res.tables["posts"]
    assert list(posts.index) == [2, 3, 4, 5]
    assert posts["platform"].unique().tolist() == ["facebook"]
    assert posts["post_id"].tolist() == [
        "122158000000000101",
        "122158000000000202",
        "122158000000000303",
        "122158000000000404",
    ]
    # "1,520" with a thousands comma; Reactions, not the "Reactions, Comments and Shares" column.
    assert posts["reach"].tolist() == [1520, 9876, 754, 402]
    assert posts["impressions"].tolist() == [2340, 12004, 988, 611]
    assert posts["reactions"].tolist() == [87, 310, 21, 12]
    assert posts["clicks"].tolist() == [143, 1204, 97, 5]
    assert posts["kind"].tolist() == ["photo", "reel", "link", "text"]
    # 10:00 in Madrid the day before and the day of the spring DST change.
    assert posts["published_at"].tolist()[:2] == [pd.Timestamp("2026-03-28T09:00Z"), pd.Timestamp("2026-03-29T08:00Z")]
    assert (
        posts.loc[2, "text"]
        == 'Book club this Saturday!\nWe read "Nada" by Carmen Laforet.\nBring a friend, coffee is on us.'
    )
    assert posts["url"].iloc[1] == "https://www.facebook.com/reel/122158000000000202"
    assert "no per-member data" in res.notes[0]


def test_instagram_spanish_export_semicolon_bom_dayfirst_thousands_dot():
    posts = load("meta_instagram_es.csv").tables["posts"]
    assert posts["platform"].unique().tolist() == ["instagram"]
    assert posts["views"].tolist() == [15000, 48213, 3120]
    assert posts["reach"].tolist() == [9800, 31007, 2455]
    assert posts["reactions"].tolist() == [410, 1902, 198]  # "Me gusta"
    assert posts["shares"].tolist() == [120, 644, 12]
    assert posts["saves"].tolist() == [55, 802, 17]
    assert posts["kind"].tolist() == ["photo", "reel", "photo"]
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2026-03-27T17:00Z"),  # 27/03 18:00 CET
        pd.Timestamp("2026-03-30T17:30Z"),  # 30/03 19:30 CEST
        pd.Timestamp("2026-04-01T08:05Z"),
    ]
    assert posts["text"].iloc[0] == "Novedades de marzo 📚\nDesliza para ver las 10 portadas; ¡reserva la tuya!"
    assert posts["impressions"].isna().all() and posts["clicks"].isna().all()


def test_facebook_swedish_export_utf16_tab_nbsp_thousands_autumn_dst():
    res = load("meta_facebook_sv.tsv", tz="Europe/Stockholm")
    posts = res.tables["posts"]
    assert posts["impressions"].tolist() == [3410, 1012]
    assert posts["reach"].tolist() == [2207, 845]
    assert posts["kind"].tolist() == ["photo", "text"]
    # 02:30 on 26 October 2025 happens twice in Stockholm; the first (CEST) is taken.
    assert posts["published_at"].tolist() == [pd.Timestamp("2025-10-25T07:00Z"), pd.Timestamp("2025-10-26T00:30Z")]


def test_platform_option_overrides_what_the_header_implies():
    assert load("meta_facebook_en.csv", platform="instagram").tables["posts"]["platform"].unique().tolist() == [
        "instagram"
    ]


def _write(tmp_path, text, name="meta.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


HEADER = "Post ID,Page ID,Page name,Description,Publish time,Permalink,Post type,Date,Impressions,Reach,Reactions,Comments,Shares\n"


def test_excel_mangled_facebook_id_is_recovered_from_the_permalink(tmp_path):
    p = _write(
        tmp_path,
        HEADER
        + "1.22158E+17,6.1571E+13,Lib,Hi,11/10/2025 21:00,https://www.facebook.com/reel/122158123456789012,Reels,Lifetime,10,9,1,0,0\n",
    )
    assert load_file(p, LoadContext("lib")).tables["posts"]["post_id"].tolist() == ["122158123456789012"]


def test_mangled_instagram_id_cannot_be_recovered(tmp_path):
    header = "Post ID,Account ID,Account username,Description,Publish time,Permalink,Post type,Date,Views,Reach\n"
    p = _write(
        tmp_path,
        header
        + "1.79123E+16,1.78414E+16,lib,Hi,03/27/2026 06:08,https://www.instagram.com/p/DEMO01/,IG image,Lifetime,160,45\n",
    )
    with pytest.raises(InputError, match=r"row 2, column 'Post ID': the id '1.79123E\+16' was shortened"):
        load_file(p, LoadContext("lib"))


def test_daily_breakdown_export_is_refused(tmp_path):
    p = _write(
        tmp_path,
        HEADER + "1,2,Lib,Hi,11/10/2025 21:00,https://www.facebook.com/2/posts/1,Photos,2025-11-10,10,9,1,0,0\n",
    )
    with pytest.raises(InputError, match=r"row 2, column 'Date': this export has one row per post and day"):
        load_file(p, LoadContext("lib"))


def test_unknown_platform_needs_the_option(tmp_path):
    p = _write(
        tmp_path,
        "Post ID,Description,Publish time,Permalink,Post type,Reach\n1,Hi,11/10/2025 21:00,https://example.org/1,Photos,9\n",
    )
    with pytest.raises(InputError, match="give --platform facebook or --platform instagram"):
        load_file(p, LoadContext("lib"))
    assert load_file(p, LoadContext("lib", "UTC", "facebook")).tables["posts"]["reach"].tolist() == [9]


def test_sniffed_from_content_not_name(tmp_path):
    p = tmp_path / "tweets.json"
    p.write_bytes((FORMATS / "meta_facebook_en.csv").read_bytes())
    loader, _ = detect(p)
    assert loader.name == "meta-business-suite"


@pytest.mark.parametrize(
    "value, kind",
    [
        ("Secuencia de Instagram", "photo"),
        ("Reel de Instagram", "reel"),
        ("Imagen de Instagram", "photo"),
        ("Photos", "photo"),
        ("IG carousel", "photo"),
        ("IG-karusell", "photo"),
        ("Vídeos", "video"),
        ("Reels", "reel"),
        ("IG reel", "reel"),
        ("Links", "link"),
        ("Enlaces", "link"),
        ("Länkar", "link"),
        ("Status", "text"),
        ("Estado", "text"),
        ("Stories", "story"),
        ("Historias", "story"),
        ("Live", "video"),
        ("Event", "event"),
        ("Mystery", "other"),
    ],
)
def test_post_kinds(value, kind):
    assert meta_post_kind(value) == kind


def test_2026_export_views_viewers_owner_and_skipped_rows():
    res = load("meta_facebook_2026_en.csv")
    posts = res.tables["posts"]
    assert posts["post_id"].tolist() == [
        "122158000000000505", "122158000000000606", "122158000000000707", "122158000000000808"
    ]
    assert posts["views"].tolist() == [3120, 18455, 2044, 1412]
    assert posts["viewers"].tolist() == [1870, 11002, 1533, 980]
    assert posts["reach"].isna().all() and posts["impressions"].isna().all()
    assert posts["reactions"].tolist() == [51, 350, 30, 39]
    # The collaboration post carries its owner's Page ID, kept as it is.
    assert posts["owner_id"].tolist() == ["61571000000000", "61571000000000", "61572000000099", "61571000000000"]
    assert res.owner_names["61572000000099"] == "Ateneo Cultural de Lavapiés"
    assert posts["paid"].tolist() == [False, True, False, False]  # Ad impressions above zero
    assert res.skipped == {"no publish time (a draft, scheduled or removed post)": [4]}
    assert any("instead of reach" in n for n in res.notes)


def test_spanish_instagram_saves_and_carousels_as_meta_names_them():
    posts = load("meta_instagram_es.csv").tables["posts"]
    assert posts["saves"].tolist() == [55, 802, 17]  # "Veces que se guardó"
    assert posts["kind"].tolist() == ["photo", "reel", "photo"]  # "Secuencia de Instagram" is a carousel
    assert posts["owner_id"].unique().tolist() == ["17841400000000000"]
