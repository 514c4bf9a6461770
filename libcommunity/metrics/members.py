"""Who counts as a member, and the per-account views every metric query reads.

The rule (``docs/metrics.md``, "Members"): an identity is on the *library
side* when it is flagged staff (``members.is_staff``) or when it ever acts as
the library (it authors an interaction with ``by_library = true``) on that
platform. An interaction is on the library side when it is ``by_library`` or
its author is a library-side identity; every other interaction is a *member
interaction*. Members are identified by ``(platform, member_id)``:
pseudonyms are keyed by platform, so the same person on two platforms is two
members.

:func:`prepare` creates, on a DuckDB connection that has the store's views
(``posts``, ``interactions``, ``members``, ``audience``), these temporary
views restricted to one account (and, optionally, one platform); a
:class:`~libcommunity.metrics.scope.Scope` holds one such connection:

``lc_lib_ids``   (platform, member_id) of library-side identities (a small table)
``lc_posts``     the account's posts
``lc_all_acts``  the account's interactions as stored
``lc_acts``      the account's interactions with a boolean ``library_side``
``lc_member_acts`` member interactions only (``NOT library_side``)
``lc_members``   the account's ``members`` rows, library-side identities removed
``lc_audience``  the account's ``audience`` rows
``lc_observed_from`` one row: when interactions were observed from (a pruned account's cutoff; NULL otherwise)
``lc_persons``   (platform, member_id, person) of the account's linked identities (the store's ``links``)

A *person* is a ``(platform, member_id)`` identity, or, for identities the
store's ``links`` join, the person they are linked into: :func:`person_sql`
is the key every person-level figure counts (``docs/metrics.md``, "People").

Event-level data never leaves DuckDB; metric functions pull aggregates.
"""

from __future__ import annotations

import duckdb

__all__ = ["prepare", "keep_in_memory", "IN_MEMORY_VIEWS", "sql_literal", "person_sql"]

#: The views :func:`keep_in_memory` replaces with tables, and the store table each reads.
IN_MEMORY_VIEWS = {"lc_all_acts": "interactions", "lc_posts": "posts"}


def person_sql(identity: str, persons: str) -> str:
    """SQL of the person an identity is: its linked person (``lc_persons`` aliased ``persons``), else itself.

    ``identity`` is the alias of a relation with ``platform`` and ``member_id``.
    """
    return f"coalesce({persons}.person, {identity}.platform || ':' || {identity}.member_id)"


def sql_literal(value: str) -> str:
    """A SQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def prepare(con: duckdb.DuckDBPyConnection, account: str, *, platform: str | None = None) -> duckdb.DuckDBPyConnection:
    """Create the ``lc_*`` views of ``account`` on ``con`` (see the module docstring).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection with views ``posts``, ``interactions``, ``members`` and ``audience``
        (as :meth:`libcommunity.store.Store.connect` gives).
    account : str
    platform : str, optional
        Restrict every view to this platform.

    Returns
    -------
    duckdb.DuckDBPyConnection
        ``con``, for chaining.
    """
    a = sql_literal(account) + ("" if platform is None else f" AND platform = {sql_literal(platform)}")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE lc_lib_ids AS
        SELECT platform, member_id FROM members WHERE account = {a} AND is_staff
        UNION
        SELECT DISTINCT platform, member_id FROM interactions WHERE account = {a} AND by_library
        """
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW lc_posts AS SELECT * FROM posts WHERE account = {a}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW lc_all_acts AS SELECT * FROM interactions WHERE account = {a}")
    con.execute(
        """
        CREATE OR REPLACE TEMP VIEW lc_acts AS
        SELECT i.platform, i.interaction_id, i.member_id, i.kind, i.created_at, i.post_id,
               i.reply_to, i.text, (i.by_library OR l.member_id IS NOT NULL) AS library_side
        FROM lc_all_acts i
        LEFT JOIN lc_lib_ids l ON l.platform = i.platform AND l.member_id = i.member_id
        """
    )
    # Anonymous survey responses (empty member_id) belong to no member: they count only in survey figures.
    con.execute("CREATE OR REPLACE TEMP VIEW lc_member_acts AS SELECT * FROM lc_acts WHERE NOT library_side AND member_id <> ''")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW lc_members AS
        SELECT m.* FROM members m
        WHERE m.account = {a}
          AND NOT EXISTS (SELECT 1 FROM lc_lib_ids l WHERE l.platform = m.platform AND l.member_id = m.member_id)
        """
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW lc_audience AS SELECT * FROM audience WHERE account = {a}")
    # When interactions were observed from (a pruned account's cutoff, set by the Scope; NULL: from the first row on).
    con.execute("CREATE OR REPLACE TEMP TABLE lc_observed_from AS SELECT NULL::TIMESTAMPTZ AS t")
    # Identities linked into people (libcommunity.people.links); an identity without a row is a person of its own.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE lc_persons AS SELECT platform, member_id, person_id AS person FROM links "
        f"WHERE account = {sql_literal(account)}"
    )
    # A conversation table built by response.ensure_conversation belongs to the previous account.
    con.execute("DROP TABLE IF EXISTS lc_conv")
    return con


def keep_in_memory(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Read the account's interactions and posts once into temporary tables and point the views at them.

    Every later query of ``con`` that reads ``lc_all_acts``, ``lc_acts``,
    ``lc_member_acts`` or ``lc_posts`` scans those tables instead of decoding
    the Parquet files again: the same rows, columns and types (a temporary
    table keeps the order the files are read in). Call it after
    :func:`prepare`, for an account small enough to hold in memory (a
    :class:`~libcommunity.metrics.scope.Scope` decides).

    Returns
    -------
    duckdb.DuckDBPyConnection
        ``con``, for chaining.
    """
    for view in IN_MEMORY_VIEWS:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {view}_rows AS SELECT * FROM {view}")
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {view}_rows")
    return con
