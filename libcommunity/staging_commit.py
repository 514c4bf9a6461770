"""An ingest's staged tables given to one store transaction (:meth:`libcommunity.staging.IngestStaging.commit`).

Each table goes as it was staged when nothing has to change: adopted as it is
(:meth:`~libcommunity.store.Transaction.adopt`) by an account that has none of
its rows yet, otherwise upserted. A query over the staged files is upserted
instead when some key was given by several files (the row of the file given
last is kept), when members were erased by another process since the ingest
began (their rows, the library's replies to them and their mentions go), when
interactions fall before the account's retention cutoff, or when a mention
was written before this ingest showed it to be the library's. Identities are
then kept only for members who still have a row.
"""

from __future__ import annotations

import pyarrow as pa

from .own_mentions import library_mention
from .repeated_keys import key_sql
from .schemas import TABLES
from .store.sql import file_list as _file_list_sql
from .store.sql import quote_literal as _sql_str
from .store.sql import string_list as _sql_list

__all__ = ["commit_staged", "PSEUDONYMISED"]

#: Tables whose member ids are pseudonymised (and whose handles become identities).
PSEUDONYMISED = ("interactions", "members")


def commit_staged(staging, txn, account: str, *, late_forgotten=(), prune_before=None) -> dict:
    """Give every table ``staging`` (an :class:`~libcommunity.staging.IngestStaging`) staged to the transaction ``txn``.

    Parameters
    ----------
    staging : IngestStaging
    txn : Transaction
        Open on the same store.
    account : str
    late_forgotten : set of str
        Members erased by another process since the ingest began (read
        under the transaction's lock): dropped now, with the library's
        replies to them, and their mentions redacted.
    prune_before : pandas.Timestamp, optional
        The account's retention cutoff (``libcommunity prune``):
        interactions before it are left out, and so are the identities of
        people left with no row. ``staging.pruned`` says how many.

    Returns
    -------
    dict
        ``{table: {"rows", "new", "updated", "unchanged"}}`` for every table
        that received rows.
    """
    from .privacy import ERASED, _mention_pattern

    late = set(late_forgotten) - staging.forgotten
    # Mentions of an identity this ingest showed to be the library only after they were staged.
    if staging._left:
        staging._stored_library()
    named_late = sorted(staging.library_ids & staging._left) if staging.library_name is not None else []
    staging.pruned = 0
    if prune_before is not None:
        files = [str(f) for p in staging.parts.get("interactions", []) for f in p.paths()]
        if files:
            (staging.pruned,) = staging.con.execute(
                f"SELECT count(*) FROM read_parquet({_file_list_sql(files)}) WHERE created_at < ?::TIMESTAMPTZ",
                [prune_before.isoformat()],
            ).fetchall()[0]
    erased = set(staging.erased_ids)
    if late:
        for part in staging.parts.get("interactions", []):
            if part.rows:
                erased.update(
                    r[0]
                    for r in staging.con.execute(
                        f"SELECT interaction_id FROM read_parquet({_file_list_sql([str(f) for f in part.paths()])}) "
                        "WHERE list_contains(?, member_id)",
                        [sorted(late)],
                    ).fetchall()
                )
    plans, deduped = {}, set()
    for table in TABLES:
        parts = [p for p in staging.parts.get(table, []) if p.rows]
        if not parts:
            continue
        spec = TABLES[table]
        files = [str(f) for p in parts for f in p.paths()]
        overlap = len(parts) > 1 and staging.has_repeated_keys(parts)
        conditions = []
        if late and table in PSEUDONYMISED:
            conditions.append(f"NOT list_contains({_sql_list(late)}, member_id)")
        if erased and "reply_to" in spec.column_names:
            conditions.append(f"NOT coalesce(by_library AND list_contains({_sql_list(erased)}, reply_to), false)")
        if staging.pruned and table == "interactions":
            conditions.append(f"created_at >= {_sql_str(prune_before.isoformat())}::TIMESTAMPTZ")
        redact = bool(late) and "text" in spec.column_names
        rename = bool(named_late) and "text" in spec.column_names
        if not (overlap or conditions or redact or rename):
            plans[table] = (parts, None)
            continue
        if overlap:
            deduped.add(table)
        query = _latest_rows(staging, table) if overlap else f"SELECT * FROM read_parquet({_file_list_sql(files)})"
        if conditions:
            query = f"SELECT * FROM ({query}) WHERE " + " AND ".join(conditions)
        if rename:
            query = (
                f"SELECT * REPLACE (regexp_replace(text, {_sql_str(_mention_pattern(named_late))}, "
                f"{_sql_str(library_mention(staging.library_name))}, 'g') AS text) FROM ({query})"
            )
        if redact:
            query = (
                f"SELECT * REPLACE (regexp_replace(text, {_sql_str(_mention_pattern(late))}, "
                f"{_sql_str(ERASED)}, 'g') AS text) FROM ({query})"
            )
        plans[table] = (parts, query)
    if staging.pruned:
        deduped.add("interactions")
    # Identities are settled while every staged file is still in place (adoption moves them).
    _restrict_identities(staging, deduped, {t: q for t, (_, q) in plans.items() if q})
    staging.handles.drop(staging.forgotten | late)
    for key in [k for k in staging.seen_identities if k[1] in staging.forgotten or k[1] in late]:
        del staging.seen_identities[key]
    results = {}
    for table, (parts, query) in plans.items():
        if query is None and not txn._live(table, account):
            files = {}
            for p in parts:
                for month, paths in p.files.items():
                    files.setdefault(month, []).extend(paths)
            results[table] = txn.adopt(table, account, files, sum(p.rows for p in parts))
        elif query is None:
            results[table] = txn.upsert(table, account, [f for p in parts for f in p.paths()])
        elif txn.con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]:
            results[table] = txn.upsert(table, account, txn.con.sql(query))
    return results


def _latest_rows(staging, table: str) -> str:
    """SQL of the table's staged rows; for a key given by several files, the row of the last file."""
    spec = TABLES[table]
    parts = [p for p in staging.parts.get(table, []) if p.rows]
    cols = ", ".join(f'"{c}"' for c in spec.column_names)
    union = " UNION ALL ".join(
        f"SELECT {cols}, {p.index} AS _file FROM read_parquet({_file_list_sql([str(f) for f in p.paths()])})"
        for p in parts
    )
    return (
        f"SELECT {cols} FROM ({union}) "
        f"QUALIFY row_number() OVER (PARTITION BY {key_sql(spec)} ORDER BY _file DESC) = 1"
    )


def _restrict_identities(staging, deduped: set, queries: dict) -> None:
    """Keep only identities of members who still have a row (when rows were replaced or left out)."""
    if not deduped & set(PSEUDONYMISED):
        return
    queries = [
        queries.get(table) or f"SELECT * FROM read_parquet({_file_list_sql([str(f) for p in parts for f in p.paths()])})"
        for table in PSEUDONYMISED
        for parts in [[p for p in staging.parts.get(table, []) if p.rows]]
        if parts
    ]
    if not queries:
        present = pa.table({"platform": pa.array([], pa.string()), "member_id": pa.array([], pa.string())})
    else:
        union = " UNION ".join(f"SELECT DISTINCT platform, member_id FROM ({q})" for q in queries)
        present = staging.con.sql(union).to_arrow_table()
    staging.handles.keep_only(present)
