"""Fast "does any cue match?" over many regular-expression fragments.

Python's regular expressions try every alternative of a pattern at every
position of a text, so one pattern made of two hundred cue words costs a
few hundred checks per character. :class:`CueMatcher` avoids most of them:
for each fragment it works out, from the parsed pattern, the first letters
(up to three) any match must start with; a text is then searched only with
the fragments whose first letters begin one of its words, and each of
them only at the positions where such a word starts. Fragments whose
start cannot be worked out (a class such as ``\\w``, an anchor, an emoji
class) are always searched. The answer is exactly the one of searching every
fragment (``tests/test_conversation_matcher.py`` checks it on real texts).
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c
    import sre_parse as _sre

__all__ = ["CueMatcher", "fragment_prefixes", "words"]

_PREFIX = 3
_WORD = re.compile(r"\w+")


def words(text: str) -> list[tuple[int, str]]:
    """``(position, word)`` of every word of ``text``."""
    return [(m.start(), m[0]) for m in _WORD.finditer(text)]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _extend(prefixes: set[tuple[str, bool]], items) -> set[tuple[str, bool]]:
    """Extend ``(prefix, open)`` pairs with the parsed ``items``; closed pairs cannot grow any more."""
    for op, av in items:
        if all(not is_open or len(p) >= _PREFIX for p, is_open in prefixes):
            return prefixes
        if op is _c.AT:  # zero width (word boundary): nothing to add
            continue
        if op is _c.LITERAL:
            chars = [chr(av)]
        elif op is _c.IN and all(o is _c.LITERAL for o, _ in av):
            chars = [chr(a) for _, a in av]
        elif op is _c.SUBPATTERN:
            prefixes = _extend(prefixes, av[-1])
            continue
        elif op is _c.BRANCH:
            merged: set[tuple[str, bool]] = set()
            for alternative in av[1]:
                merged |= _extend(set(prefixes), alternative)
            prefixes = merged
            continue
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            grown = _extend(set(prefixes), av[2])
            return {(p, False) for p, _ in grown}  # at least once, then unknown: stop here
        else:
            return {(p, False) for p, _ in prefixes}
        grown = set()
        for p, is_open in prefixes:
            if not is_open or len(p) >= _PREFIX:
                grown.add((p, False))
                continue
            for ch in chars:
                if _is_word_char(ch):
                    grown.add((p + ch, True))
                else:
                    grown.add((p, False))
        prefixes = grown
    return prefixes


def fragment_prefixes(fragment: str) -> frozenset[str] | None:
    """First letters (1 to 3) every match of ``fragment`` starts with, or ``None`` when unknown.

    Only fragments that start with a word boundary (``\\b``) qualify: their
    match starts at the beginning of a word, so the text must have a word
    starting with one of the returned prefixes.
    """
    if not fragment.startswith(r"\b"):
        return None
    try:
        parsed = _sre.parse(fragment[2:])
    except re.error:
        return None
    items = list(parsed)
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        # every top-level alternative must itself start at a word boundary or at the start of the text
        for alternative in items[0][1][1]:
            if alternative is not items[0][1][1][0] and not (alternative and alternative[0][0] is _c.AT):
                return None
    found = _extend({("", True)}, items)
    if any(p == "" for p, _ in found):
        return None
    return frozenset(p.lower() for p, _ in found)


class CueMatcher:
    """Whether any of ``fragments`` matches a text (the same answer as one alternation of them all).

    Fragments with known first letters are tried only where a word with
    those first letters starts (``pattern.match`` at that position), the
    others are searched in the whole text.

    Parameters
    ----------
    fragments : sequence of str
        Regular-expression fragments.
    flags : int
        ``re`` flags for every fragment.
    """

    #: Distinct words whose candidate fragments are remembered (the cache is emptied past this).
    CACHE_WORDS = 200_000

    def __init__(self, fragments, flags: int = 0):
        self.patterns = [re.compile(f, flags) for f in fragments]
        self.always: list[re.Pattern] = []
        self.by_prefix: dict[str, list[int]] = {}
        for i, fragment in enumerate(fragments):
            prefixes = fragment_prefixes(fragment)
            if prefixes is None:
                self.always.append(self.patterns[i])
            else:
                for p in prefixes:
                    self.by_prefix.setdefault(p, []).append(i)
        self._cache: dict[str, tuple[re.Pattern, ...]] = {}

    def _candidates(self, word: str) -> tuple[re.Pattern, ...]:
        found = self._cache.get(word)
        if found is None:
            w = word.lower()
            ids = set(self.by_prefix.get(w[:1], ())) | set(self.by_prefix.get(w[:2], ())) | set(self.by_prefix.get(w[:3], ()))
            found = tuple(self.patterns[i] for i in sorted(ids))
            if len(self._cache) >= self.CACHE_WORDS:
                self._cache.clear()
            self._cache[word] = found
        return found

    def search(self, text: str, text_words: list[tuple[int, str]]) -> bool:
        """Whether a fragment matches ``text``; ``text_words`` is :func:`words` of ``text``."""
        for pattern in self.always:
            if pattern.search(text) is not None:
                return True
        cache = self._cache
        for pos, word in text_words:
            found = cache.get(word)
            if found is None:
                found = self._candidates(word)
            for pattern in found:
                if pattern.match(text, pos) is not None:
                    return True
        return False
