"""report/messages.py and i18n.py: every text in English, Spanish and Swedish with the same placeholders,
every key the report asks for exists, numbers and dates follow the locale."""

from __future__ import annotations

import ast
import re
import string

import pytest

from libcommunity.metrics.posts import RATE_COLUMNS
from libcommunity.report import recommend
from libcommunity.report.i18n import LANGUAGES, Translator
from libcommunity.report.messages import MESSAGES
from libcommunity.report.sections.conversation import BUCKETS
from libcommunity.report.sections.layout import SECTIONS
from libcommunity.report.sections.next_steps import PLURAL_RULES, WITHHELD_VARIANTS
from libcommunity.report.sections.people import WHY_COUNTS
from libcommunity.schemas import POST_KINDS
from libcommunity.segments.ladder import LADDER
from libcommunity.segments.naming import SEGMENTS
from libcommunity.segments.transitions import CHANGES

from .conftest import ROOT

REPORT = ROOT / "libcommunity" / "report"


def placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_text_in_every_language_with_the_same_placeholders(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), f"{key}: languages {sorted(entry)}"
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    ph = {lang: placeholders(entry[lang]) for lang in LANGUAGES}
    assert ph["es"] == ph["en"] and ph["sv"] == ph["en"], f"{key}: {ph}"


def test_no_key_is_defined_twice():
    """Neither inside one module's table nor in two modules (a later table would silently replace a text)."""
    where: dict = {}
    for path in (REPORT / "messages.py", *REPORT.glob("messages_*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
                assert len(keys) == len(set(keys)), f"{path.name}: {[k for k in keys if keys.count(k) > 1]}"
                for k in keys:
                    where.setdefault(k, []).append(path.name)
    assert len(where) > 400
    twice = {k: v for k, v in where.items() if len(v) > 1}
    assert not twice, twice


def _literal_keys() -> set[str]:
    """Keys passed as string literals to ``t(...)``, ``t.plural(...)`` and ``missing(report, ...)`` in the report code."""
    keys = set()
    for path in [*REPORT.glob("sections/*.py"), REPORT / "build.py", REPORT / "recommend.py", REPORT / "i18n.py",
                 REPORT / "index.py", REPORT / "network.py"]:
        src = path.read_text("utf-8")
        keys |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", src))
        plural = re.findall(r"\bt\.(?:people_)?plural\(\s*\"([a-z0-9_]+)\"", src)
        keys |= {k + "_one" for k in plural} | {k + "_other" for k in plural}
        keys |= set(re.findall(r"missing\(report, \"([a-z0-9_]+)\"", src))
    return keys


def _dynamic_keys() -> set[str]:
    """Keys built from the library's vocabularies (segments, ladder, kinds, rules, ...)."""
    keys = {f"seg_{s}" for s in SEGMENTS} | {f"ladder_{s}" for s in LADDER} | {f"change_{c}" for c in CHANGES}
    keys |= {f"reason_{r}" for r in ("left", "stepped_back", "unlikely_active")}
    keys |= {f"kind_{k}" for k in POST_KINDS} | {f"item_{k}" for k in ("comment", "mention", "message")}
    keys |= {f"offline_{k}" for k in ("event", "survey")} | {k for _, k in BUCKETS} | {"bucket_unanswered"}
    for m in (*RATE_COLUMNS, "engagements"):
        keys |= {f"metric_{m}", f"denominator_{m}"}
    keys |= {f"why_{c}_{f}" for c in WHY_COUNTS for f in ("one", "other")}
    for _a, title, question in SECTIONS:
        keys |= {title, question}
    for rule in recommend.RULES:
        name = rule.__name__
        keys |= {f"rec_{name}_why"} | ({f"rec_{name}_one", f"rec_{name}_other"} if name in PLURAL_RULES else {f"rec_{name}"})
        if name in WITHHELD_VARIANTS:
            keys |= {f"rec_{name}_few_one", f"rec_{name}_few_other"}
    return keys


def test_every_key_the_report_uses_exists():
    used = _literal_keys() | _dynamic_keys()
    assert len(used) > 200
    assert sorted(used - set(MESSAGES)) == []


def test_plural_and_points():
    t = Translator("en", "Europe/London")
    assert t.plural("posts_n", 1) == "1 post" and t.plural("posts_n", 1200) == "1,200 posts"
    assert t.plural("posts_n", 0) == "0 posts" and t.plural("posts_n", 2, n="fewer than 5") == "fewer than 5 posts"
    assert t.points(0.012) == "+1.2 pp" and t.points(-0.05) == "−5 pp" and t.points(None) == "–"
    assert Translator("es", "Europe/Madrid").points(0.012) == "+1,2 p. p."


@pytest.mark.parametrize(
    ("lang", "tz", "number", "pct", "month"),
    [
        ("en", "Europe/London", "12,345.7", "10.3%", "October 2026"),
        ("en", "Europe/Madrid", "12,345.7", "10.3%", "October 2026"),  # an English reader, not Spanish separators
        ("en", "Europe/Stockholm", "12,345.7", "10.3%", "October 2026"),
        ("es", "America/New_York", "12,345.7", "10.3%", "octubre de 2026"),  # Spanish is official in the US (regionally)
        ("es", "Europe/Madrid", "12.345,7", "10,3\xa0%", "octubre de 2026"),
        ("es", "America/Mexico_City", "12,345.7", "10.3%", "octubre de 2026"),
        ("sv", "Europe/Stockholm", "12\xa0345,7", "10,3\xa0%", "oktober 2026"),
    ],
)
def test_locale_formats(lang, tz, number, pct, month):
    from libcommunity.months import parse_month

    t = Translator(lang, tz)
    assert t.num(12345.67, 1) == number
    assert t.pct(0.1031).replace("\u202f", "\xa0") == pct
    assert t.month(parse_month("2026-10")) == month
