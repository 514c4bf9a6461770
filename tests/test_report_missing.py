"""Accounts with only aggregate data, and empty months, still give a whole report that says what is missing."""

from __future__ import annotations

import pytest

from libcommunity.ingest import ingest_paths
from libcommunity.report import sections
from libcommunity.report.build import build_report
from libcommunity.report.recommend import recommend
from libcommunity.store import Store
from tests.report_fixtures import ACCOUNT, tiny_store  # noqa: F401

from .conftest import ROOT

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


def test_meta_account_in_a_month_without_posts(meta_store):
    text = whole(build_report(meta_store, "meta-only", "2026-09", lang="en"))
    assert "No post and no interaction was recorded in September 2026." in text
    assert "Check that the exports of September 2026 were ingested" in text


@pytest.mark.parametrize("lang", ["en", "es", "sv"])
def test_an_empty_month(tiny_store, lang):  # noqa: F811
    r = build_report(tiny_store, ACCOUNT, "2026-03", lang=lang)
    text = whole(r)
    expected = {"en": "No post and no interaction was recorded in March 2026.",
                "es": "No hay ninguna publicación ni interacción registrada en marzo de 2026.",
                "sv": "Inga inlägg och inga interaktioner finns registrerade för mars 2026."}[lang]
    assert expected in text
    assert sum(line.startswith("## ") for line in text.splitlines()) == 6  # all six sections are there
    assert [rec.rule for rec in recommend(r.data)] == ["missing_month"]  # nothing else is advised on no data
