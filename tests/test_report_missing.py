"""Accounts with only aggregate data, and empty months, still give a whole report that says what is missing."""

from __future__ import annotations

import pytest

from libcommunity.errors import NoDataError
from libcommunity.ingest import ingest_paths
from libcommunity.report import sections
from libcommunity.report.build import build_report
from libcommunity.report.recommend import recommend
from libcommunity.store import Store
from tests.report_fixtures import ACCOUNT, EMPTY_MONTH, ReportsByLanguage, audience, ingest_tables, tiny_tables

from .conftest import ROOT, write_canonical_csv

META = ROOT / "tests" / "data" / "formats" / "meta_instagram_es.csv"


@pytest.fixture(scope="module")
def meta_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("meta") / "store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", "libcommunity-test-key")
        ingest_paths([META], account="meta-only", store=store, timezone="Europe/Madrid")
    return store


def whole(report) -> str:
    return "\n".join(f(report).text for f in sections.ALL)


def test_meta_post_exports_only(meta_store):
    r = build_report(meta_store, "meta-only", "2026-03", lang="es")
    text = whole(r)
    assert "Los datos de esta cuenta solo contienen publicaciones y totales (por ejemplo, exportaciones de Meta)" in text
    assert "Se publicaron 2 publicaciones en marzo de 2026." in text
    assert "Miembros activos: –" in text  # unknown, not zero
    assert "No hay interacciones por miembro en los datos: no se pueden seguir los comentarios" in text
    assert "no se puede segmentar a los miembros" in text
    assert "Tasa de interacción sobre alcance" in text  # posts still ranked, by reach (Meta gives reach)
    assert "Los datos no incluyen seguidores de esta cuenta" in text
    assert "Importa datos por miembro (comentarios, reacciones, seguidores)" in text  # what to do next


@pytest.fixture(scope="module")
def meta_audience_store(tmp_path_factory):
    """The Meta post export (March and April 2026) and the account's follower figure of May 2026, nothing else."""
    root = tmp_path_factory.mktemp("meta-audience")
    audience_csv = write_canonical_csv(audience([("2026-05-31", 4017)], account="meta-only", platform="instagram"),
                                       root / "audience.csv")
    store = Store(root / "store")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", "libcommunity-test-key")
        ingest_paths([META, audience_csv], account="meta-only", store=store, timezone="Europe/Madrid")
    return store


def test_meta_account_in_a_month_without_posts(meta_audience_store):
    # May 2026 is inside the account's data (a follower figure) but has no post: the report says so
    text = whole(build_report(meta_audience_store, "meta-only", "2026-05", lang="en"))
    assert "No post and no interaction was recorded in May 2026." in text
    assert "Check that the exports of May 2026 were ingested" in text


def test_a_month_outside_the_data_is_refused(meta_store, meta_audience_store):
    # a month without any data is refused, not rendered as a month of zeros
    with pytest.raises(NoDataError, match=r"^no data for meta-only in 2026-09: data covers 2026-03\.\.2026-04$"):
        build_report(meta_store, "meta-only", "2026-09", lang="en")
    with pytest.raises(NoDataError, match=r"^no data for meta-only in 2026-09: data covers 2026-03\.\.2026-05$"):
        build_report(meta_audience_store, "meta-only", "2026-09", lang="en")


@pytest.fixture(scope="module")
def tiny_empty_store(tmp_path_factory):
    """``tiny`` with an audience figure of November 2025 and nothing else in that month (report_fixtures)."""
    return ingest_tables(tmp_path_factory.mktemp("tiny-empty"), tiny_tables(empty_month=True))


#: The empty month's report (the store is only read): built once, in the first language, and shown in the others.
EMPTY_MONTH_REPORTS = ReportsByLanguage()


@pytest.mark.parametrize("lang", ["en", "es", "sv"])
def test_an_empty_month(tiny_empty_store, lang):
    # November 2025: inside the data (2025-10..2025-11), no post and no interaction
    r = EMPTY_MONTH_REPORTS(tiny_empty_store, ACCOUNT, EMPTY_MONTH, lang)  # the month's data collected once
    text = whole(r)
    expected = {"en": "No post and no interaction was recorded in November 2025.",
                "es": "No hay ninguna publicación ni interacción registrada en noviembre de 2025.",
                "sv": "Inga inlägg och inga interaktioner finns registrerade för november 2025."}[lang]
    assert expected in text
    assert sum(line.startswith("## ") for line in text.splitlines()) == 6  # all six sections are there
    assert [rec.rule for rec in recommend(r.data)] == ["missing_month"]  # nothing else is advised on no data
    # no interaction data in November: no conversation figure (null, not "0 waiting" or "nothing is waiting")
    # and no daily chart of zeros
    conv = sections.conversation(r).text
    no_interactions = {"en": "No interaction was recorded in November 2025",
                       "es": "No hay ninguna interacción registrada en noviembre de 2025",
                       "sv": "Inga interaktioner finns registrerade för november 2025"}[lang]
    assert no_interactions in conv and conv.count("\n") == 2  # title, question, the note
    assert sections.content(r).text.count("[chart]") == 0
    if lang == "en":
        assert "Posts: – (no data for Nov 2024)" in text and "Engaged members: – (no data for Nov 2024)" in text
        assert "Still waiting" not in text and "Nothing is waiting" not in text


def test_an_empty_month_outside_the_data_is_refused(tiny_store):
    with pytest.raises(NoDataError, match=r"^no data for lib in 2026-03: data covers 2025-10\.\.2025-10$"):
        build_report(tiny_store, ACCOUNT, "2026-03", lang="en")
