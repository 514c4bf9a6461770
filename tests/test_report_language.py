"""One account's report in English, Spanish and Swedish: grouping and decimal separators, percentages, times and
plurals follow the report's language (``--lang``), whatever the account's own country.

``bib`` is a library in Madrid with 12,345 followers and 1,300 engaged members in October 2025 (community ratio
10.5 %); ``uno``, also in Madrid, has one engaged member (shown with ``reveal``: the singular). An English report of
a Spanish account must read "12,345" and "10.5%", not "12.345" (twelve) and "10,5 %".
"""

from __future__ import annotations

import pandas as pd
import pytest

from libcommunity.report.i18n import Translator
from libcommunity.report.marks import plain
from libcommunity.report.sections import headline
from libcommunity.report.smallgroups import SmallGroups
from libcommunity.report.sections._common import pct_axis
from libcommunity.report.sections.headline import headline_cards
from tests.report_fixtures import ReportsByLanguage, ingest_tables

MONTH = "2025-10"
TZ = "Europe/Madrid"
NBSP = "\xa0"
#: The reports of the module's store (only read): each account's data collected once, by ``build_report`` in the first
#: language asked for (English: the parameters run en, es, sv), then shown in the others.
REPORTS = ReportsByLanguage()


def _tables(account: str, followers: int, engaged: int) -> dict:
    handles = [f"{account}{i:05d}" for i in range(followers)]
    members = pd.DataFrame({"account": account, "platform": "mastodon", "member_id": handles})
    members["followed_at"] = pd.Timestamp("2025-01-01", tz="UTC")
    members["unfollowed_at"] = pd.NaT
    members["unfollowed_at"] = members["unfollowed_at"].dt.tz_localize("UTC")
    members["is_staff"] = False
    acts = pd.DataFrame({
        "account": account, "platform": "mastodon", "interaction_id": [f"{account}-r{i}" for i in range(engaged)],
        "member_id": handles[:engaged], "kind": "reaction",
        "created_at": pd.Timestamp("2025-10-14T16:00:00Z") + pd.to_timedelta(range(engaged), unit="min"),
        "post_id": f"{account}-p1", "reply_to": None, "by_library": False, "text": None,
    })
    posts = pd.DataFrame({
        "account": account, "platform": "mastodon", "post_id": [f"{account}-p1"],
        "published_at": [pd.Timestamp("2025-10-14T15:00:00Z")], "kind": ["photo"], "text": ["Otoño"],
        "reach": pd.array([20000], dtype="Int64"), "impressions": pd.array([25000], dtype="Int64"),
        "reactions": pd.array([engaged], dtype="Int64"), "comments": pd.array([0], dtype="Int64"),
        "shares": pd.array([0], dtype="Int64"), "saves": pd.array([0], dtype="Int64"),
    })
    return {"posts": posts, "members": members, "interactions": acts}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("language")
    ingest_tables(root, _tables("bib", 12_345, 1_300), account="bib", timezone=TZ, platform="mastodon")
    return ingest_tables(root, _tables("uno", 3, 1), account="uno", timezone=TZ, platform="mastodon")


#: lang -> (followers, engaged, ratio, a plural of the engaged, the singular of one engaged member)
EXPECTED = {
    "en": ("12,345", "1,300", "10.5%", "1,300 members took part in October 2025: 10.5% of the 12,345 followers.",
           "1 member took part in October 2025: 33.3% of the 3 followers."),
    "es": ("12.345", "1.300", f"10,5{NBSP}%",
           f"1.300 miembros participaron en octubre de 2025: el 10,5{NBSP}% de los 12.345 seguidores.",
           f"1 miembro participó en octubre de 2025: el 33,3{NBSP}% de los 3 seguidores."),
    "sv": (f"12{NBSP}345", f"1{NBSP}300", f"10,5{NBSP}%",
           f"1{NBSP}300 medlemmar deltog under oktober 2025: 10,5{NBSP}% av de 12{NBSP}345 följarna.",
           f"1 medlem deltog under oktober 2025: 33,3{NBSP}% av de 3 följarna."),
}


def _norm(text: str) -> str:
    return text.replace("\u202f", NBSP)


@pytest.mark.parametrize("lang", ["en", "es", "sv"])
def test_numbers_percentages_and_plurals_follow_the_report_language(store, lang):
    followers, engaged, ratio, plural, singular = EXPECTED[lang]
    report = REPORTS(store, "bib", MONTH, lang)
    cards = _norm(headline_cards(report).text).splitlines()
    assert cards[0].split(": ", 1)[1].startswith(followers), cards[0]
    assert cards[1].split(": ", 1)[1].startswith(engaged), cards[1]
    assert cards[2].split(": ", 1)[1].startswith(ratio), cards[2]
    assert plural in _norm(headline(report).text)
    # The chart axes format through the same Translator (one decimal when every value is under 10 %).
    assert _norm(pct_axis(report, [0.01, 0.05])(0.105)) == ratio
    # The singular: one engaged member (shown with reveal).
    one = REPORTS(store, "uno", MONTH, lang, reveal=True)
    assert singular in _norm(headline(one).text)


def test_english_report_of_a_spanish_account_is_not_formatted_in_spanish(store):
    """The issue's "4.017 followers and 10,3%": an English reader reads 4.017 as four."""
    text = _norm(headline(REPORTS(store, "bib", MONTH, "en")).text)
    assert "12,345" in text and "10.5%" in text
    assert "12.345" not in text and "10,5" not in text


@pytest.mark.parametrize(("lang", "one", "many", "few"), [
    ("en", "This month 1 person could take part.", "This month 12,345 people could take part.",
     "This month fewer than 5 people could take part."),
    ("es", "Este mes 1 persona podía participar.", "Este mes 12.345 personas podían participar.",
     "Este mes menos de 5 personas podían participar."),
    ("sv", "Den här månaden kunde 1 person delta.", f"Den här månaden kunde 12{NBSP}345 personer delta.",
     "Den här månaden kunde färre än 5 personer delta."),
])
def test_counts_of_people_take_the_languages_plural_forms(lang, one, many, few):
    t = Translator(lang, TZ)
    shown = Translator(lang, TZ, small=SmallGroups(5, reveal=True))
    assert _norm(plain(t.people_plural("concentration_population", 12_345))) == many
    assert plain(shown.people_plural("concentration_population", 1)) == one
    assert plain(t.people_plural("concentration_population", 1)) == few  # withheld: the plural of "fewer than 5"


def test_plural_categories_other_than_one_and_other_fall_back_to_other():
    t = Translator("es", TZ)
    assert t.plural_form(1_000_000) == "many"  # CLDR: Spanish round millions ("un millón de publicaciones")
    assert t.plural("posts_n", 1_000_000) == "1.000.000 publicaciones"
    assert t.plural("posts_n", 1) == "1 publicación" and t.plural("posts_n", 0) == "0 publicaciones"
