"""Alias tables: every tabular format's fields in English, Spanish and Swedish (and more), whatever the case or accents."""

import pytest

from libcommunity.loaders import header_formats
from libcommunity.loaders.aliases import LANGS, REQUIRED_LANGS, match_header, normalize_header
from libcommunity.loaders.meta import META_POSTS
from libcommunity.loaders.x_analytics import X_TWEET_ACTIVITY
from libcommunity.loaders.youtube import YOUTUBE

FORMATS = header_formats()


def test_normalize_header_drops_accents_case_quotes_bom_and_repeated_spaces():
    assert normalize_header('\ufeff "Título  del Vídeo" ') == "titulo del video"
    assert normalize_header("Räckvidd") == "rackvidd"
    assert normalize_header("Tweet_id") == "tweet id"


@pytest.mark.parametrize("fmt", list(FORMATS.values()), ids=list(FORMATS))
def test_every_field_of_every_format_has_names_in_each_language(fmt):
    for field in fmt.fields:
        for lang in REQUIRED_LANGS:
            assert field.names[lang], f"{fmt.name}.{field.name} has no {lang} header name"
        assert set(field.names) <= set(LANGS)


@pytest.mark.parametrize("fmt", list(FORMATS.values()), ids=list(FORMATS))
def test_a_header_name_means_one_field_per_format(fmt):
    seen = {}
    for field in fmt.fields:
        for names in field.normalized().values():
            for n in names:
                assert seen.setdefault(n, field.name) == field.name, f"{n!r} names both {seen[n]} and {field.name}"


@pytest.mark.parametrize("fmt", list(FORMATS.values()), ids=list(FORMATS))
@pytest.mark.parametrize("lang", REQUIRED_LANGS)
def test_a_header_written_in_one_language_is_recognised_as_that_language(fmt, lang):
    header = [f.names[lang][0] for f in fmt.fields]
    match = match_header(header, fmt)
    assert match.complete
    assert set(match.columns) == {f.name for f in fmt.fields}
    # Names shared by several languages (e.g. "Reposts") make ties, which go to English.
    assert match.lang == lang or all(
        normalize_header(f.names[lang][0]) in {normalize_header(n) for n in f.names["en"]} for f in fmt.fields
    )


def test_match_keeps_the_file_spelling_and_reports_missing_required_fields():
    m = match_header(["CONTENIDO", "titulo del video", "Visualizaciones"], YOUTUBE)
    assert m.columns == {"content": "CONTENIDO", "title": "titulo del video", "views": "Visualizaciones"}
    assert m.lang == "es" and m.complete
    m = match_header(["Tweet id", "time", "impressions"], X_TWEET_ACTIVITY)
    assert m.missing == ["permalink"]


def test_first_matching_cell_wins_and_a_cell_serves_one_field():
    m = match_header(["Post ID", "Post ID", "Publish time", "Permalink"], META_POSTS)
    assert m.columns["post_id"] == "Post ID"
    assert list(m.columns.values()).count("Post ID") == 1
