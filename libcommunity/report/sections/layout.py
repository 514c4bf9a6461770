"""The order of the monthly report: anchor, title and question of every section."""

from __future__ import annotations

__all__ = ["SECTIONS", "title", "question"]

#: ``(anchor, title key, question key)`` of each section, in report order.
SECTIONS = (
    ("headline", "sec_headline", "sec_headline_q"),
    ("conversation", "sec_conversation", "sec_conversation_q"),
    ("community", "sec_community", "sec_community_q"),
    ("content", "sec_content", "sec_content_q"),
    ("offline", "sec_offline", "sec_offline_q"),
    ("next-steps", "sec_next", "sec_next_q"),
)
_BY_ANCHOR = {a: (tk, qk) for a, tk, qk in SECTIONS}


def title(report, anchor: str) -> str:
    """The translated title of a section."""
    return report.t(_BY_ANCHOR[anchor][0])


def question(report, anchor: str) -> str:
    """The translated question a section answers."""
    return report.t(_BY_ANCHOR[anchor][1])
