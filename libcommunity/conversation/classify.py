"""Which member texts need a reply: questions, requests and complaints; and which are praise.

Rules per language (:mod:`.cues_en`, :mod:`.cues_es`, :mod:`.cues_sv`) plus
signs every language shares (question marks, emoji). Every language also
reads the English cues for thanks, requests and complaints, because members
mix languages ("thanks!!", "please", "wtf"). Deterministic, offline, no
model: the same texts always give the same table. Definitions, the labelled
evaluation and its figures are in ``docs/conversation.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import ParameterError
from . import cues_en, cues_es, cues_sv
from .matcher import CueMatcher, words
from .text import as_text, normalise

__all__ = ["LANGUAGES", "COLUMNS", "classify", "unjudged", "judge"]

#: Languages with their own rules.
LANGUAGES = ("en", "es", "sv")
#: The columns of :func:`classify`, in order (the contract).
COLUMNS = ("question", "request", "complaint", "praise", "needs_reply")
_CUES = {"en": cues_en, "es": cues_es, "sv": cues_sv}

#: Quoted passages (someone else's words: a quoted headline's "?" is not the writer's question).
_QUOTED = re.compile(r'"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»')
#: Quoted passages of two words or more: a quoted headline's or share text's words are not the writer's
#: request or complaint (one quoted word is more often the writer's scare quotes: 'the "service"').
_QUOTED_WORDS = re.compile(r'"[^"\n]*\w\s+\w[^"\n]*"|“[^”\n]*\w\s+\w[^”\n]*”|«[^»\n]*\w\s+\w[^»\n]*»')
#: Where a clause starts: the start of the text, or after sentence punctuation, a bracket or a quote mark.
_CLAUSE_END = re.compile(r"[.!?:;\n¡¿()\"“”«»]+\s*")
#: A greeting that may open a clause before the question ("Hola, ¿abrís…", "Hi, when…").
_GREETING = r"(?:(?:hi|hello|hey|hola|buenas(?: tardes| noches)?|buenos d[ií]as|hej|hejsan|hallå|tjena)[\s,!]+)?\s*"

def _alt(fragments) -> str:
    """One alternation of the fragments; those starting with a word boundary share a single ``\\b``.

    Python's regular expressions try every alternative at every position; testing the word boundary
    once per position instead of once per alternative makes the big cue patterns several times faster.
    """
    at_word = [f[2:] for f in fragments if f.startswith(r"\b")]
    other = [f for f in fragments if not f.startswith(r"\b")]
    parts = ([r"\b(?:" + "|".join(f"(?:{f})" for f in at_word) + ")"] if at_word else []) + [f"(?:{f})" for f in other]
    return "(?:" + "|".join(parts) + ")"


class _Rules:
    """Compiled patterns of one language (built once per language)."""

    def __init__(self, lang: str):
        own = _CUES[lang]
        extra = [] if lang == "en" else [cues_en]
        flags = re.IGNORECASE | re.MULTILINE
        self.question_mark = re.compile("[?¿]")
        self.question_start = re.compile(_GREETING + _alt(own.QUESTION_START), flags)
        self.question_any = CueMatcher(own.QUESTION_ANY, flags)
        self.modal_request = CueMatcher(own.MODAL_REQUEST, flags)
        self.modal_request_all = re.compile(_alt(own.MODAL_REQUEST), flags)
        self.request = CueMatcher(own.REQUEST + [r for m in extra for r in m.REQUEST[:3]], flags)
        self.complaint = CueMatcher(
            own.COMPLAINT_WORDS
            + own.COMPLAINT_PROBLEMS
            + [r for m in extra for r in m.COMPLAINT_WORDS[4:5]]
            + [own.NEGATION + r"\W+(?:\w+\W+){0,2}?" + _alt(own.PRAISE[:2])]  # "not great", "inte bra"
            + [f"[{own.NEGATIVE_EMOJI}]"],
            flags,
        )
        not_complaint = getattr(own, "NOT_COMPLAINT", [])
        self.not_complaint = re.compile(_alt(not_complaint), flags) if not_complaint else None
        self.thanks = CueMatcher(own.THANKS, flags)
        self.praise = CueMatcher(own.PRAISE + [f"[{own.POSITIVE_EMOJI}]"], flags)
        self.politeness = CueMatcher(own.POLITENESS, flags)
        self.sarcasm = CueMatcher(own.SARCASM, flags)
        condolence = getattr(own, "CONDOLENCE", [])
        self.condolence = CueMatcher(condolence, flags) if condolence else None
        self.problem = CueMatcher(own.COMPLAINT_PROBLEMS, flags)
        rhetorical = getattr(own, "RHETORICAL_MARK", [])
        self.rhetorical_mark = re.compile(_alt(rhetorical), flags) if rhetorical else None
        self.unquote_feedback = getattr(own, "UNQUOTE_FEEDBACK", False)

    def _asks(self, t: str, t_words) -> bool:
        """Whether a clause of ``t`` opens like a question or ``t`` holds a question phrase."""
        if self.question_start.match(t) is not None:
            return True
        for m in _CLAUSE_END.finditer(t):
            if self.question_start.match(t, m.end()) is not None:
                return True
        return self.question_any.search(t, t_words)

    def judge(self, t: str) -> tuple[bool, bool, bool, bool]:
        """``(question, request, complaint, praise)`` of one normalised text."""
        t_words = words(t)
        if self.unquote_feedback and ('"' in t or "“" in t or "«" in t):
            # requests and complaints are read on the writer's own words
            said = _QUOTED_WORDS.sub(" ", t)
            said_words = t_words if said == t else words(said)
        else:
            said, said_words = t, t_words
        request = self.request.search(said, said_words)
        # a quoted question is someone else's; "Could you open later?" is a request: its modal
        # opening and its "?" do not make it a question as well
        own = _QUOTED.sub(" ", t)
        modal = self.modal_request.search(own, t_words if own == t else words(own))
        if modal:
            own = self.modal_request_all.sub(" ", own)
        own_words = t_words if own == t else words(own)
        marked = own
        if self.rhetorical_mark is not None and "?" in own:
            # an echo ("Seriöst?") or exclamative ("…!?") question mark does not ask anything
            marked = self.rhetorical_mark.sub(" ", own)
        question = self._asks(own, own_words) or (not modal and self.question_mark.search(marked) is not None)
        sarcasm = self.sarcasm.search(said, said_words)
        complaint = sarcasm or self.complaint.search(said, said_words)
        if complaint and not sarcasm and self.condolence is not None and self.condolence.search(said, said_words):
            # anger or sadness about a sad story is not feedback; a problem report still is
            complaint = self.problem.search(said, said_words)
        if complaint and not sarcasm and self.not_complaint is not None and self.not_complaint.search(said):
            # a problem that was solved or never happened ("utan problem") is not a complaint
            heard = self.not_complaint.sub(" ", said)
            complaint = self.complaint.search(heard, words(heard))
        compliment = self.praise.search(t, t_words)
        thanks = self.thanks.search(t, t_words) and not self.politeness.search(t, t_words)
        if sarcasm:
            praise = False
        elif question or request or complaint:
            # A closing "thanks" after a question or a complaint is politeness; a compliment still counts
            # unless the text is mostly negative feedback.
            praise = compliment and not complaint
        else:
            praise = compliment or thanks
        return question, request, complaint, praise


@lru_cache(maxsize=None)
def _rules(lang: str) -> _Rules:
    return _Rules(lang)


def _check_lang(lang) -> str:
    if not isinstance(lang, str) or lang not in LANGUAGES:
        supported = ", ".join(repr(code) for code in LANGUAGES)
        raise ParameterError(f"lang must be one of {supported}; got {lang!r} instead")
    return lang


def _as_list(texts) -> list:
    if isinstance(texts, (str, bytes)):
        raise ParameterError(
            "texts must be a sequence of texts (a list, a pandas Series or an array), not a single string; "
            f"got {type(texts).__name__} instead"
        )
    if isinstance(texts, pd.DataFrame):
        raise ParameterError(f"texts must be one column of texts (a Series), not a table of {texts.shape[1]} columns")
    if isinstance(texts, pd.Series):
        return texts.tolist()
    if isinstance(texts, np.ndarray):
        return texts.ravel().tolist()
    if isinstance(texts, Iterable):
        return list(texts)
    raise ParameterError(f"texts must be a sequence of texts; got {type(texts).__name__} instead")


def judge(text, lang: str) -> tuple[bool, bool, bool, bool] | None:
    """``(question, request, complaint, praise)`` of one text, or ``None`` when it cannot be judged.

    Parameters
    ----------
    text : object
        One cell of an export's text column.
    lang : {"en", "es", "sv"}
        The language whose rules apply.
    """
    t = as_text(text)
    if t is None:
        return None
    return _rules(_check_lang(lang)).judge(normalise(t))


def unjudged(texts) -> pd.Series:
    """Which texts cannot be judged: missing, empty or blank, or not text at all.

    These rows of :func:`classify` have ``needs_reply`` True (answer everyone)
    and the four kinds False; count them separately as *unjudged*.

    Parameters
    ----------
    texts : sequence
        The same sequence given to :func:`classify`.

    Returns
    -------
    pandas.Series of bool
        One value per text, with the same index as :func:`classify`'s table.
    """
    values = _as_list(texts)
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(values))
    return pd.Series([as_text(v) is None for v in values], index=index, dtype=bool, name="unjudged")


def classify(texts, lang) -> pd.DataFrame:
    """Classify member texts as questions, requests, complaints and praise.

    Parameters
    ----------
    texts : sequence of str
        Comments, mentions, messages: a list, a NumPy array or a pandas
        Series. Any value is accepted: missing values, blanks and non-text
        values are *unjudged* (see :func:`unjudged`); texts longer than
        :data:`~libcommunity.conversation.text.MAX_CHARS` characters are
        judged on their beginning.
    lang : {"en", "es", "sv"}
        The language of the account (its rules are used; English cues for
        thanks, requests and strong complaints are read in every language).

    Returns
    -------
    pandas.DataFrame
        One row per text, in order (the Series' index when ``texts`` is a
        Series, else 0..n-1), boolean columns ``question`` (asks for
        information), ``request`` (asks the library to do something),
        ``complaint`` (negative feedback about the library, its service,
        staff, space or content), ``praise`` (thanks, compliments,
        enthusiasm) and ``needs_reply`` (question, request or complaint;
        True for unjudged texts).

    Raises
    ------
    ParameterError
        When ``lang`` is not one of :data:`LANGUAGES`, or ``texts`` is a
        single string instead of a sequence.

    Examples
    --------
    >>> from libcommunity.conversation import classify
    >>> classify(["¿Abrís en agosto?", "Gracias por todo lo que hacéis", "Ya van tres veces que el wifi no funciona"], "es")
       question  request  complaint  praise  needs_reply
    0      True    False      False   False         True
    1     False    False      False    True        False
    2     False    False       True   False         True
    """
    rules = _rules(_check_lang(lang))
    values = _as_list(texts)
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(values))
    out = np.zeros((len(values), 4), dtype=bool)
    missing = np.zeros(len(values), dtype=bool)
    seen: dict[str, tuple] = {}
    for i, value in enumerate(values):
        t = as_text(value)
        if t is None:
            missing[i] = True
            continue
        flags = seen.get(t)
        if flags is None:
            flags = seen[t] = rules.judge(normalise(t))
        out[i] = flags
    needs_reply = out[:, 0] | out[:, 1] | out[:, 2] | missing
    return pd.DataFrame(
        {
            "question": out[:, 0],
            "request": out[:, 1],
            "complaint": out[:, 2],
            "praise": out[:, 3],
            "needs_reply": needs_reply,
        },
        index=index,
    )
