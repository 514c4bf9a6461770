"""The conversation items' texts, judged once per scope: what needs a reply, what deserves thanks.

:func:`judge_conversation` adds to the conversation table (``lc_conv``, built by
:func:`~libcommunity.metrics.response.ensure_conversation`) what
:func:`libcommunity.conversation.classify` says of each item's text, in the
account's language (:func:`libcommunity.locales.account_lang`):

``question``, ``request``, ``complaint``, ``praise``
    the text's kinds (False for texts that cannot be judged and for rows that
    are not items);
``unjudged``
    the item's text is missing, empty or not text;
``needs_reply``
    the item needs the library's reply: a direct message (always), an
    unjudged text (answer everyone), a question, a request or a complaint;
``thanks_due``
    something to thank the member for: a ``share``, a ``ugc`` or an item
    whose text is praise.

Each distinct text is classified once per :class:`~libcommunity.metrics.scope.Scope`:
the verdicts are memoised on the scope (``("text_kinds", lang)``), so the
thirteen months of a report, and the conversation table rebuilt for a window
it did not cover, classify no text twice. ``scope.stats["texts_classified"]``
counts the texts classified.
"""

from __future__ import annotations

import pandas as pd

from ..conversation import classify, unjudged
from ..locales import account_lang

__all__ = ["judge_conversation", "conversation_lang", "KIND_COLUMNS"]

#: The columns :func:`judge_conversation` adds, after those of the raw conversation table.
KIND_COLUMNS = ("question", "request", "complaint", "praise", "unjudged", "needs_reply", "thanks_due")


def conversation_lang(scope) -> str:
    """The language whose rules judge the account's texts: the account's report language."""
    return account_lang(scope.info)


def _verdicts(scope, texts: list[str]) -> dict:
    """``{text: (question, request, complaint, praise, unjudged)}`` for ``texts``, classifying only new ones."""
    lang = conversation_lang(scope)
    known = scope.memo(("text_kinds", lang), dict)
    new = [t for t in texts if t not in known]
    if new:
        table = classify(new, lang)
        blank = unjudged(new).to_numpy()
        flags = table[["question", "request", "complaint", "praise"]].to_numpy()
        for text, row, b in zip(new, flags, blank):
            known[text] = (bool(row[0]), bool(row[1]), bool(row[2]), bool(row[3]), bool(b))
        scope.stats["texts_classified"] += len(new)
    return known


def judge_conversation(scope, raw: str, out: str) -> None:
    """Create the temporary table ``out``: ``raw``'s rows with the columns of :data:`KIND_COLUMNS`.

    ``raw`` has at least ``kind``, ``text`` and ``item`` (a member comment,
    mention or message that does not reply to another member). Only items'
    texts are classified.
    """
    texts = [t for (t,) in scope.rows(f"SELECT DISTINCT text FROM {raw} WHERE item AND text IS NOT NULL")]
    known = _verdicts(scope, texts)
    frame = pd.DataFrame(
        [(t, *known[t]) for t in texts],
        columns=["text", "question", "request", "complaint", "praise", "unjudged"],
    ).astype({"text": "string", "question": bool, "request": bool, "complaint": bool, "praise": bool, "unjudged": bool})
    con = scope.con
    con.register("lc_text_kinds", frame)
    try:
        scope.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {out} AS
            WITH judged AS (
              SELECT c.*,
                     c.item AND coalesce(k.question, false) AS question,
                     c.item AND coalesce(k.request, false) AS request,
                     c.item AND coalesce(k.complaint, false) AS complaint,
                     c.item AND coalesce(k.praise, false) AS praise,
                     c.item AND coalesce(k.unjudged, true) AS unjudged
              FROM {raw} c
              LEFT JOIN lc_text_kinds k ON c.item AND k.text = c.text
            )
            SELECT *,
                   item AND (kind = 'message' OR unjudged OR question OR request OR complaint) AS needs_reply,
                   kind IN ('share', 'ugc') OR praise AS thanks_due
            FROM judged
            """
        )
    finally:
        con.unregister("lc_text_kinds")
