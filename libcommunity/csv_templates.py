"""Blank canonical CSV files to fill in (``libcommunity template``).

One file per canonical table (``posts.csv``, ``interactions.csv``,
``members.csv``, ``audience.csv``) with the header of every column in
canonical order and one example row, commented out: its first cell starts
with ``#``, so ingesting the file as it is adds nothing and says "1 row
skipped: commented out ... (row 2)". Delete the ``#`` (or the row) and add
your own rows; the columns are documented in docs/canonical.md.

The files are written by :mod:`libcommunity.export` (UTF-8 with a byte-order
mark, the delimiter of the language's spreadsheets), so they open cleanly in
Excel or LibreOffice; the loader reads either delimiter.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParameterError

__all__ = ["EXAMPLE_ROWS", "TEMPLATE_TABLES", "write_templates"]

#: The tables, in the order they are best filled in and ingested.
TEMPLATE_TABLES = ("posts", "interactions", "members", "audience")

#: One example row per table (every column; empty where the example has no value).
EXAMPLE_ROWS = {
    "posts": {
        "account": "my-library", "platform": "facebook", "post_id": "1001", "published_at": "2026-10-03T10:30:00+02:00",
        "kind": "photo", "text": "Storytime this Saturday at 11, for all ages!", "reach": "850", "impressions": "1200",
        "views": "", "viewers": "", "reactions": "96", "comments": "14", "shares": "5", "clicks": "22", "saves": "3",
        "paid": "false", "url": "https://www.facebook.com/mylibrary/posts/1001", "owner_id": "",
    },
    "interactions": {
        "account": "my-library", "platform": "facebook", "interaction_id": "c-1", "member_id": "@ana_lee",
        "kind": "comment", "created_at": "2026-10-03T12:05:00+02:00", "post_id": "1001", "reply_to": "",
        "by_library": "false", "text": "Can I bring my two-year-old?",
    },
    "members": {
        "account": "my-library", "platform": "facebook", "member_id": "@ana_lee", "followed_at": "2024-05-12T18:00:00+02:00",
        "unfollowed_at": "", "followers": "230", "following": "410", "is_staff": "false",
    },
    "audience": {
        "account": "my-library", "platform": "facebook", "date": "2026-10-03", "followers": "1530", "follows": "12",
        "unfollows": "3",
    },
}


def write_templates(directory, *, lang: str = "en") -> list[Path]:
    """Write the four blank canonical CSV files into ``directory``; the paths written.

    Raises
    ------
    ParameterError
        When one of the files exists already (nothing is written: a filled-in
        template is never overwritten).
    """
    import pandas as pd

    from .export import write_safe_csv
    from .schemas import TABLES

    directory = Path(directory)
    targets = [directory / f"{table}.csv" for table in TEMPLATE_TABLES]
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise ParameterError(f"{', '.join(existing)} already exist(s); choose another --dir or move the file(s) away")
    for table, target in zip(TEMPLATE_TABLES, targets):
        columns = TABLES[table].column_names
        example = dict(EXAMPLE_ROWS[table])
        first = columns[0]
        example[first] = "# " + example[first]
        frame = pd.DataFrame([[example[c] for c in columns]], columns=columns, dtype="string")
        write_safe_csv(frame, target, lang=lang)
    return targets
