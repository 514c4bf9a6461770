"""Repeated keys inside one ingested file: identical repeats dropped, conflicting ones refused (ingest).

When the 64-bit hashes of a file's keys repeat (:mod:`libcommunity.rowhash`),
:func:`exact_dedupe` looks at the rows themselves, with the semantics of
:func:`~libcommunity.validate.drop_repeated_rows`.
"""

from __future__ import annotations

import pandas as pd

from .schemas import TableSpec, coerce_frame
from .store.sql import file_list as _file_list_sql

__all__ = ["exact_dedupe", "key_sql"]


def key_sql(spec: TableSpec, alias: str = "") -> str:
    """The key columns of ``spec`` as a SQL list (``alias``: a table alias with its dot)."""
    return ", ".join(f'{alias}"{k}"' for k in spec.key)


def exact_dedupe(con, raw_files: list, spec: TableSpec, *, path) -> tuple[str, int]:
    """Rows of one file without identical repeats, or the whole-file loader's error for a key given twice.

    ``raw_files`` hold the file's typed rows with the handles as exported and
    a ``_row`` column (source row number). Exactly as
    :func:`~libcommunity.validate.drop_repeated_rows`: rows repeated
    identically keep their first occurrence; two rows sharing a key with
    different content raise :class:`~libcommunity.errors.ValidationError`
    naming both rows and the first column where they differ.

    Returns
    -------
    tuple
        SQL of the rows to keep (``_row`` order, ``_row`` column included)
        and how many there are.
    """
    from .validate import drop_repeated_rows

    files = _file_list_sql([str(f) for f in raw_files])
    cols = ", ".join(f'"{c}"' for c in spec.column_names)
    key = key_sql(spec)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _raw AS SELECT * FROM read_parquet({files})")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _repeated AS
        SELECT {key}, min(_row) AS first_row, count(DISTINCT ({cols})) AS variants
        FROM _raw GROUP BY {key} HAVING count(*) > 1"""
    )
    clash = con.execute("SELECT * FROM _repeated WHERE variants > 1 ORDER BY first_row LIMIT 1").fetchdf()
    if len(clash):
        on = " AND ".join(f'r."{k}" IS NOT DISTINCT FROM c."{k}"' for k in spec.key)
        rows = con.execute(
            f"SELECT r.* FROM _raw r JOIN (SELECT * FROM _repeated WHERE variants > 1 ORDER BY first_row LIMIT 1) c "
            f"ON {on} ORDER BY r._row"
        ).fetchdf()
        frame = coerce_frame(rows, spec.name)
        frame.index = pd.Index(rows["_row"].astype("int64"), name="row")
        drop_repeated_rows(frame, spec.name, path=path)  # raises the message of the whole-file loader
        raise AssertionError("rows sharing a key differ but drop_repeated_rows accepted them")  # pragma: no cover
    on = " AND ".join(f'r."{k}" IS NOT DISTINCT FROM d."{k}"' for k in spec.key)
    keep = (
        f"SELECT r.* FROM _raw r LEFT JOIN _repeated d ON {on} "
        f"WHERE d.first_row IS NULL OR r._row = d.first_row ORDER BY r._row"
    )
    (n,) = con.execute(f"SELECT count(*) FROM ({keep})").fetchall()[0]
    return keep, int(n)

