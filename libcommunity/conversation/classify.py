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
from .text import as_text, normalise

__all__ = ["LANGUAGES", "COLUMNS", "classify", "unjudged", "judge"]

#: Languages with their own rules.
LANGUAGES = ("en", "es", "sv")
#: The columns of :func:`classify`, in order (the contract).
COLUMNS = ("question", "request", "complaint", "praise", "needs_reply")
_CUES = {"en": cues_en, "es": cues_es, "sv": cues_sv}

#: Quoted passages (someone else's words: a quoted headline's "?" is not the writer's question).
_QUOTED = re.compile(r'"[^"\n]{3,}"|“[^”\n]{3,}”|«[^»\n]{3,}»')
_CLAUSE = r"(?:^|[.!?:;\n¡¿()\"“”«»]\s*|(?:hi|hello|hey|hola|buenas(?: tardes| noches)?|buenos d[ií]as|hej|hejsan|hallå|tjena)[\s,!]+)\s*"


def _alt(fragments) -> str:
    return "(?:" + "|".join(f"(?:{f})" for f in fragments) + ")"


class _Rules:
    """Compiled patterns of one language (built once per language)."""

    def __init__(self, lang: str):
        own = _CUES[lang]
        en = cues_en
        extra = [] if lang == "en" else [en]
        flags = re.IGNORECASE | re.MULTILINE
        self.question = re.compile(
            "[?¿]|" + _CLAUSE + _alt(own.QUESTION_START) + "|" + _alt(own.QUESTION_ANY), flags
        )
        self.request = re.compile(_alt(own.REQUEST + [r for m in extra for r in m.REQUEST[:3]]), flags)
        self.complaint = re.compile(
            _alt(own.COMPLAINT_WORDS + own.COMPLAINT_PROBLEMS + [r for m in extra for r in m.COMPLAINT_WORDS[4:5]])
            + f"|[{own.NEGATIVE_EMOJI}]",
            flags,
        )
        self.thanks = re.compile(_alt(own.THANKS), flags)
        self.praise = re.compile(_alt(own.PRAISE) + f"|[{own.POSITIVE_EMOJI}]", flags)
        self.politeness = re.compile(_alt(own.POLITENESS), flags)
        self.sarcasm = re.compile(_alt(own.SARCASM), flags)
        self.negated_praise = re.compile(own.NEGATION + r"\W+(?:\w+\W+){0,2}?" + _alt(own.PRAISE[:2]), flags)

    def judge(self, t: str) -> tuple[bool, bool, bool, bool]:
        """``(question, request, complaint, praise)`` of one normalised text."""
        question = self.question.search(_QUOTED.sub(" ", t)) is not None
        request = self.request.search(t) is not None
        sarcasm = self.sarcasm.search(t) is not None
        complaint = sarcasm or self.complaint.search(t) is not None or self.negated_praise.search(t) is not None
        compliment = self.praise.search(t) is not None
        thanks = self.thanks.search(t) is not None and self.politeness.search(t) is None
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
