"""Texts of the simulated posts, comments, questions and library replies, in es, sv and en.

Member texts follow the intended kind drawn for each item
(:mod:`~libcommunity.demo.member_texts`): questions with a question mark
(and ``¿`` in Spanish) and without one, requests, complaints, praise and
other remarks. Member texts never contain other members' handles.
"""

from __future__ import annotations

import numpy as np

from .member_texts import MEMBER_TEXTS
from .texts_en import TEXTS_EN
from .texts_es import TEXTS_ES
from .texts_sv import TEXTS_SV

__all__ = ["TEXTS", "render_posts", "render_member_texts", "render_library_texts", "render_apologies"]

TEXTS = {"es": TEXTS_ES, "sv": TEXTS_SV, "en": TEXTS_EN}


def _pick(rng: np.random.Generator, options, n: int) -> np.ndarray:
    """Indices into ``options`` for ``n`` texts."""
    return rng.integers(0, len(options), size=n)


def _hour(lang: str, seconds: int) -> str:
    """A local clock time as a library would write it."""
    h, m = divmod(int(seconds) // 60, 60)
    if lang == "en":
        suffix = "pm" if h >= 12 else "am"
        h12 = h - 12 if h > 12 else h
        return f"{h12}:{m:02d} {suffix}" if m else f"{h12} {suffix}"
    return f"{h}.{m:02d}" if lang == "sv" else f"{h}:{m:02d}"


def _date(t: dict, local: int, us_style: bool) -> str:
    """A local date such as ``jueves 12 de marzo`` or ``Thursday, March 12``."""
    d = np.datetime64(int(local), "s").astype("datetime64[D]")
    day = int((d - d.astype("datetime64[M]")).astype(int)) + 1
    weekday = t["weekdays"][int((d.astype("int64") + 3) % 7)]
    month = t["months"][int(d.astype("datetime64[M]").astype(int) % 12)]
    if us_style:
        return f"{weekday}, {month} {day}"
    return t["date"].format(weekday=weekday, day=day, month=month)


def render_posts(
    rng, lang: str, topics: np.ndarray, tags: np.ndarray, event_local: np.ndarray, us_style: bool
) -> np.ndarray:
    """Texts of library posts.

    Parameters
    ----------
    rng : numpy.random.Generator
    lang : str
    topics : numpy.ndarray of str
        One of the keys of ``TEXTS[lang]["post"]`` per post.
    tags : numpy.ndarray of str
        The hashtags closing each post.
    event_local : numpy.ndarray of int
        Naive local seconds of each post's event (ignored for other topics).
    us_style : bool
        Write dates the US way (``Thursday, March 12``).
    """
    t = TEXTS[lang]
    books = _pick(rng, t["books"], len(topics))
    events = _pick(rng, t["events"], len(topics))
    variants = rng.integers(0, 1_000, size=len(topics))
    out = []
    for topic, tag, when, b, e, v in zip(topics, tags, event_local, books, events, variants):
        templates = t["post"][topic]
        title, author = t["books"][b]
        event = t["events"][e]
        is_event = topic == "event"
        out.append(
            templates[v % len(templates)].format(
                title=title,
                author=author,
                event=event,
                Event=event[:1].upper() + event[1:],
                date=_date(t, when, us_style) if is_event else "",
                hour=_hour(lang, when % 86_400) if is_event else "",
                tags=tag,
            )
        )
    return np.array(out, dtype=object)


def render_member_texts(rng, lang: str, kinds: np.ndarray, pools: np.ndarray, lib: str, tags: np.ndarray) -> np.ndarray:
    """Texts of member interactions; None where the kind carries no text.

    Parameters
    ----------
    kinds : numpy.ndarray of str
        Interaction kinds.
    pools : numpy.ndarray of str
        The text pool of each item, from :func:`~libcommunity.demo.member_texts.draw_intents`.
    lib : str
        How members mention the library (its handle).
    tags : numpy.ndarray of str
        Hashtags members add to their own content.
    """
    t = TEXTS[lang] | MEMBER_TEXTS[lang]
    prefixed = {p: [f"{{lib}} {s[:1].lower()}{s[1:]}" for s in t[p]] for p in ("question_plain", "request", "complaint")}
    pick = {
        ("comment", "question"): t["question"],
        ("mention", "question"): t["mention_question"],
        ("message", "question"): t["message_question"],
        ("comment", "praise"): t["comment"],
        ("comment", "other"): t["comment_other"],
        ("comment", "reply"): t["reply"],
        ("mention", "praise"): t["mention"],
        ("mention", "other"): t["mention"],
        ("message", "other"): t["message"],
        ("ugc", "other"): t["ugc"],
    }
    for p in ("question_plain", "request", "complaint"):
        pick[("comment", p)] = pick[("message", p)] = t[p]
        pick[("mention", p)] = prefixed[p]
    variants = rng.integers(0, 10_000, size=len(kinds))
    books = _pick(rng, t["books"], len(kinds))
    out = []
    for kind, pool_name, v, b, tag in zip(kinds, pools, variants, books, tags):
        pool = pick.get((kind, pool_name))
        if pool is None:
            out.append(None)
            continue
        out.append(pool[v % len(pool)].format(lib=lib, title=t["books"][b][0], tags=tag))
    return np.array(out, dtype=object)


def render_apologies(rng, lang: str, n: int) -> np.ndarray:
    """Library replies to complaints: an apology and a next step."""
    pool = MEMBER_TEXTS[lang]["apology"]
    return np.array(pool, dtype=object)[_pick(rng, pool, n)]


def render_library_texts(rng, lang: str, answers: np.ndarray) -> np.ndarray:
    """Texts of the library's replies: answers to questions, thanks otherwise."""
    t = TEXTS[lang]
    a = np.array(t["answer"], dtype=object)[_pick(rng, t["answer"], len(answers))]
    k = np.array(t["thanks"], dtype=object)[_pick(rng, t["thanks"], len(answers))]
    return np.where(answers, a, k)
