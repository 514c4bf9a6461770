"""metrics/judged.py: each conversation item's text judged once per scope, in the account's language."""

from __future__ import annotations

import pandas as pd

from libcommunity.metrics.contract import contract_figures
from libcommunity.metrics.core import core_figures_of
from libcommunity.metrics.response import ensure_conversation
from libcommunity.metrics.scope import Scope
from libcommunity.metrics.window import Window
from libcommunity.months import Month
from libcommunity.store import AccountInfo
from tests.test_metrics_data import FrameStore

OCT = Month(2025, 10)


def _inter(rows):
    df = pd.DataFrame(rows, columns=["interaction_id", "member_id", "kind", "created_at", "reply_to", "by_library", "text"])
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    return df.assign(account="lib", platform="x", post_id=None)


def _scope(rows, lang="en"):
    store = FrameStore({"interactions": _inter(rows)}, "lib", "UTC")
    store.info = AccountInfo("lib", "UTC", lang, ["x"])
    return Scope(store, "lib")


ROWS = [
    ("a", "ana", "comment", "2025-10-02T10:00:00Z", None, False, "When do you open?"),
    ("b", "ben", "comment", "2025-10-03T10:00:00Z", None, False, "When do you open?"),  # the same text again
    ("c", "cai", "comment", "2025-09-03T10:00:00Z", None, False, "When do you open?"),  # and in September
    ("d", "dan", "comment", "2025-09-04T10:00:00Z", None, False, "Lovely!"),
    ("e", "eva", "comment", "2025-10-04T10:00:00Z", "a", False, "Not a question for the library?"),  # to ana: no item
    ("f", "fay", "ugc", "2025-10-05T10:00:00Z", None, False, "My library haul?"),  # thanked, never judged
    ("g", "gus", "comment", "2025-10-06T10:00:00Z", None, False, None),  # nothing to judge
]


def test_each_distinct_text_is_classified_once_per_scope():
    with _scope(ROWS) as scope:
        figures = contract_figures(scope, Window("lib", "UTC", OCT))
        # October's items a, b ("When do you open?") and g (no text): one text classified.
        assert scope.stats["texts_classified"] == 1
        assert figures["response"]["items"] == 3 and figures["response"]["unjudged"] == 1
        # September is not in the conversation table: it is rebuilt for both months, and only "Lovely!" is new.
        core_figures_of(scope, [OCT.previous, OCT])
        assert scope.stats["conversation_builds"] == 2 and scope.stats["texts_classified"] == 2
        ensure_conversation(scope, Window("lib", "UTC", OCT.previous))
        assert scope.stats["conversation_builds"] == 2 and scope.stats["texts_classified"] == 2
    with _scope(ROWS) as scope:  # a new scope judges again (the verdicts belong to the scope)
        contract_figures(scope, Window("lib", "UTC", OCT))
        assert scope.stats["texts_classified"] == 1


def test_texts_are_judged_in_the_account_language():
    rows = [("a", "ana", "comment", "2025-10-02T10:00:00Z", None, False, "Har ni öppet på söndag")]
    october = Window("lib", "UTC", OCT)
    with _scope(rows, lang="sv") as scope:  # a Swedish question without "?": verb first
        assert contract_figures(scope, october)["response"]["items"] == 1
    with _scope(rows, lang="en") as scope:  # the English rules see no question in it
        assert contract_figures(scope, october)["response"]["items"] == 0
    # without a language given at ingest, the timezone's: Stockholm -> Swedish
    store = FrameStore({"interactions": _inter(rows)}, "lib", "Europe/Stockholm")
    store.info = AccountInfo("lib", "Europe/Stockholm", None, ["x"])
    with Scope(store, "lib") as scope:
        assert contract_figures(scope, Window("lib", "Europe/Stockholm", OCT))["response"]["items"] == 1


def test_the_conversation_table_says_what_each_row_is():
    with _scope(ROWS) as scope:
        ensure_conversation(scope, Window("lib", "UTC", OCT))
        df = scope.df("SELECT * FROM lc_conv ORDER BY interaction_id").set_index("interaction_id")
    assert df["item"].to_dict() == {"a": True, "b": True, "e": False, "f": False, "g": True}
    assert df["needs_reply"].to_dict() == {"a": True, "b": True, "e": False, "f": False, "g": True}
    assert df["unjudged"].to_dict() == {"a": False, "b": False, "e": False, "f": False, "g": True}
    assert df["thanks_due"].to_dict() == {"a": False, "b": False, "e": False, "f": True, "g": False}
    # rows that are not items are not judged: their kinds stay False whatever their text says
    assert not df.loc[["e", "f"], ["question", "request", "complaint", "praise"]].any().any()
