"""Contact details in member texts are redacted wherever texts leave the library, unless --reveal."""

import pandas as pd
import pytest

from libcommunity.export import write_safe_csv
from libcommunity.redact import find_contacts, redact_contacts, redact_texts


@pytest.mark.parametrize(
    "text, expected",
    [
        # en
        ("mail me at jane.doe+lib@example.co.uk please", "mail me at [email] please"),
        ("call (555) 123-4567 or 555-123-4567", "call [tel] or [tel]"),
        ("UK: 020 7946 0958, mobile 07700 900123, +44 20 7946 0958", "UK: [tel], mobile [tel], [tel]"),
        ("+1 555 123 4567", "[tel]"),
        # es
        ("Escríbeme a ana@correo.es o al +34 612 34 56 78", "Escríbeme a [email] o al [tel]"),
        ("llama al 612 345 678, al 91 123 45 67 o al 612345678", "llama al [tel], al [tel] o al [tel]"),
        ("0034 612 345 678", "[tel]"),
        # sv
        ("ring 070-123 45 67 eller 08-123 456 78", "ring [tel] eller [tel]"),
        ("+46 (0)70-123 45 67 eller 0701234567", "[tel] eller [tel]"),
        # profile links
        ("mi perfil https://instagram.com/ana.lopez y https://mastodon.social/@ana", "mi perfil [url] y [url]"),
        ("https://bsky.app/profile/ana.bsky.social", "[url]"),
        ("https://example.org/users/ana/posts", "[url]"),
    ],
)
def test_contact_details_are_redacted(text, expected):
    assert redact_contacts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Abrimos el 2025-10-01 a las 10:00",
        "2.500.000.000 de lectores, 1 234 likes, año 2026",
        "Agenda: https://www.biblioteca.es/agenda/2026 y https://x.com/hashtag/libros",
        "thanks @m_3413575a25e9f0477412",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert redact_contacts(text) == text and find_contacts(text) == []


def test_series_keep_index_nulls_and_non_texts():
    s = pd.Series(["a", "x@y.org", None, "612 345 678"], index=[5, 6, 7, 8], dtype="string")
    out = redact_texts(s)
    assert out.tolist()[:2] == ["a", "[email]"] and out.isna().tolist() == [False, False, True, False]
    assert list(out.index) == [5, 6, 7, 8] and out.iloc[3] == "[tel]"


def test_csv_exports_redact_texts_unless_reveal(tmp_path):
    frame = pd.DataFrame({"member_id": ["m_1"], "text": ["ring 070-123 45 67 / ana@x.se"]})
    write_safe_csv(frame, tmp_path / "a.csv")
    assert "[tel]" in (tmp_path / "a.csv").read_text() and "ana@x.se" not in (tmp_path / "a.csv").read_text()
    write_safe_csv(frame, tmp_path / "b.csv", reveal=True)
    assert "ana@x.se" in (tmp_path / "b.csv").read_text()


def test_report_shows_no_contact_detail_without_reveal():
    from types import SimpleNamespace

    from libcommunity.report.i18n import Translator
    from libcommunity.report.sections.conversation import unanswered_table

    unanswered = pd.DataFrame(
        {
            "text": ["¿Me llamáis al +34 612 34 56 78? ana@correo.es"],
            "created_at": [pd.Timestamp("2026-10-02T10:00Z")],
            "kind": ["comment"],
            "hours_waiting": [72.0],
            "platform": ["x"],
            "member_id": ["m_1"],
        }
    )
    data = SimpleNamespace(unanswered=unanswered, platforms=["x"], reveal=False)
    report = SimpleNamespace(data=data, t=Translator("es", "Europe/Madrid"))
    html = unanswered_table(report).html
    assert "612" not in html and "ana@correo.es" not in html and "[tel]" in html and "[email]" in html
