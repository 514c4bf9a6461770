"""CueMatcher gives exactly the answer of one alternation of all its fragments, only faster."""

from __future__ import annotations

import re

import pytest

from libcommunity.conversation import cues_en, cues_es, cues_sv
from libcommunity.conversation.matcher import CueMatcher, fragment_prefixes, words
from libcommunity.conversation.text import normalise
from libcommunity.demo.member_texts import MEMBER_TEXTS
from libcommunity.demo.texts import TEXTS

FLAGS = re.IGNORECASE | re.MULTILINE
CUES = {"en": cues_en, "es": cues_es, "sv": cues_sv}
LISTS = ("QUESTION_ANY", "REQUEST", "COMPLAINT_WORDS", "COMPLAINT_PROBLEMS", "THANKS", "PRAISE", "POLITENESS", "SARCASM")


def _texts(lang: str) -> list[str]:
    t = TEXTS[lang] | MEMBER_TEXTS[lang]
    pool = [s for key, value in t.items() if isinstance(value, list) for s in value if isinstance(s, str)]
    # every fragment's words, and the same words glued inside other words (which must not match at a boundary)
    for name in LISTS:
        for fragment in getattr(CUES[lang], name):
            bare = re.sub(r"\\[bwWsSd]|[()?:*+|^$\[\]{}<>=!]", " ", fragment)
            pool += [bare, "x" + bare.replace(" ", ""), "Ya " + bare.upper() + "!", bare + "?"]
    return [normalise(s) for s in pool]


@pytest.mark.parametrize("lang", ["en", "es", "sv"])
@pytest.mark.parametrize("name", LISTS)
def test_same_answer_as_one_alternation(lang, name):
    fragments = getattr(CUES[lang], name)
    matcher = CueMatcher(fragments, FLAGS)
    plain = re.compile("|".join(f"(?:{f})" for f in fragments), FLAGS)
    texts = _texts(lang)
    for text in texts:
        assert matcher.search(text, words(text)) == (plain.search(text) is not None), (name, text)


def test_fragment_prefixes():
    assert fragment_prefixes(r"\b(?:worst|bad)\b") == frozenset({"wor", "bad"})
    assert fragment_prefixes(r"\bno (?:me|nos) deja") == frozenset({"no"})
    assert fragment_prefixes(r"\b[oó]k\b") == frozenset({"ok", "ók"})
    assert fragment_prefixes(r"\bu+gh") == frozenset({"u"})
    assert fragment_prefixes(r"\b\w+ar") is None
    assert fragment_prefixes(r"(?<!i'll )\bbring") is None
    assert fragment_prefixes(r"\bfoo|bar") is None  # an alternative that may start inside a word
    assert fragment_prefixes("[😡]") is None
