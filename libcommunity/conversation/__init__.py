"""What members say: questions, requests, complaints and praise in member texts.

``classify(texts, lang)`` returns one row per text with boolean columns
``question``, ``request``, ``complaint``, ``praise`` and ``needs_reply``
(question, request or complaint); ``unjudged(texts)`` marks the texts that
cannot be judged (missing or empty: they need a reply all the same). Rules
per language (``en``, ``es``, ``sv``), offline and deterministic; see
``docs/conversation.md`` for the definitions and the measured accuracy.
"""

from .classify import COLUMNS, LANGUAGES, classify, judge, unjudged

__all__ = ["COLUMNS", "LANGUAGES", "classify", "judge", "unjudged"]
