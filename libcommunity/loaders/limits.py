"""Limits every input format shares."""

__all__ = ["MAX_FIELD_CHARS"]

#: Longest text one cell, field or JSON value may hold, in characters (the same for every input format).
MAX_FIELD_CHARS = 64 * 1024 * 1024
