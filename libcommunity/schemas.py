"""The four canonical tables, declared once.

Each table is declared as a tuple of :class:`ColumnSpec`; from that single
declaration come the named pandera schemas (:data:`POSTS`, :data:`INTERACTIONS`,
:data:`MEMBERS`, :data:`AUDIENCE`), the Arrow schemas the store writes and the
SQL types used when files are read through DuckDB.

All timestamps are timezone-aware UTC; identifiers are strings; counts are
nullable integers as exported; ``audience.date`` is the account's local date.

Columns added after a store was first written (``posts.viewers``,
``posts.owner_id``) are optional: files written before them read as null in
those columns (:data:`ADDED_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa_arrow

__all__ = [
    "ColumnSpec",
    "TableSpec",
    "PLATFORMS",
    "ANONYMOUS_MEMBER",
    "LANGUAGES",
    "POST_KINDS",
    "INTERACTION_KINDS",
    "PARTICIPATION_KINDS",
    "TABLES",
    "ADDED_COLUMNS",
    "POSTS",
    "INTERACTIONS",
    "MEMBERS",
    "AUDIENCE",
    "table_spec",
    "empty_frame",
    "coerce_frame",
    "dictionary_columns",
]

#: ``member_id`` of an anonymous survey response: counted in survey figures, linked to no member.
ANONYMOUS_MEMBER = ""

from .constants import INTERACTION_KINDS, LANGUAGES, PARTICIPATION_KINDS, PLATFORMS, POST_KINDS  # noqa: E402

# Logical column types. One place maps them to pandas, Arrow and DuckDB.
_PANDAS = {
    "string": pd.StringDtype(),
    "timestamp": pd.DatetimeTZDtype("us", "UTC"),
    "date": "datetime64[s]",
    "count": "Int64",
    "bool": "boolean",
}
_ARROW = {
    "string": pa_arrow.string(),
    "timestamp": pa_arrow.timestamp("us", tz="UTC"),
    "date": pa_arrow.date32(),
    "count": pa_arrow.int64(),
    "bool": pa_arrow.bool_(),
}
_SQL = {
    "string": "VARCHAR",
    "timestamp": "TIMESTAMPTZ",
    "date": "DATE",
    "count": "BIGINT",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a canonical table.

    Parameters
    ----------
    name : str
        Column name, exactly as in the canonical CSV header.
    type : {"string", "timestamp", "date", "count", "bool"}
        Logical type.
    nullable : bool
        Whether empty values are allowed.
    required : bool
        Whether the column must be present in a canonical file. Optional
        columns may be left out of a hand-written CSV and are then null
        (or ``False`` for booleans that have a ``default``).
    choices : tuple of str, optional
        Allowed values.
    default : object, optional
        Value used when an optional column is absent.
    """

    name: str
    type: str
    nullable: bool = False
    required: bool = True
    choices: tuple | None = None
    default: object = None

    @property
    def pandas_dtype(self):
        return _PANDAS[self.type]

    @property
    def arrow_type(self):
        return _ARROW[self.type]

    @property
    def sql_type(self) -> str:
        return _SQL[self.type]


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its columns, natural key and partitioning column."""

    name: str
    columns: tuple
    key: tuple
    time_column: str | None
    description: str

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_names(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def arrow_schema(self) -> pa_arrow.Schema:
        return pa_arrow.schema(
            [pa_arrow.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns]
        )


def _count(name):
    return ColumnSpec(name, "count", nullable=True, required=False)


_ID = (
    ColumnSpec("account", "string"),
    ColumnSpec("platform", "string", choices=PLATFORMS),
)

POSTS_SPEC = TableSpec(
    name="posts",
    columns=_ID
    + (
        ColumnSpec("post_id", "string"),
        ColumnSpec("published_at", "timestamp"),
        ColumnSpec("kind", "string", choices=POST_KINDS, required=False, default="other"),
        ColumnSpec("text", "string", nullable=True, required=False),
        _count("reach"),
        _count("impressions"),
        _count("views"),
        _count("viewers"),
        _count("reactions"),
        _count("comments"),
        _count("shares"),
        _count("clicks"),
        _count("saves"),
        ColumnSpec("paid", "bool", nullable=True, required=False),
        ColumnSpec("url", "string", nullable=True, required=False),
        ColumnSpec("owner_id", "string", nullable=True, required=False),
    ),
    key=("account", "platform", "post_id"),
    time_column="published_at",
    description="one row per post published by a library account",
)

INTERACTIONS_SPEC = TableSpec(
    name="interactions",
    columns=_ID
    + (
        ColumnSpec("interaction_id", "string"),
        ColumnSpec("member_id", "string"),
        ColumnSpec("kind", "string", choices=INTERACTION_KINDS),
        ColumnSpec("created_at", "timestamp"),
        ColumnSpec("post_id", "string", nullable=True, required=False),
        ColumnSpec("reply_to", "string", nullable=True, required=False),
        ColumnSpec("by_library", "bool", required=False, default=False),
        ColumnSpec("text", "string", nullable=True, required=False),
    ),
    key=("account", "platform", "interaction_id"),
    time_column="created_at",
    description="one row per action of a member (or of the library itself)",
)

MEMBERS_SPEC = TableSpec(
    name="members",
    columns=_ID
    + (
        ColumnSpec("member_id", "string"),
        ColumnSpec("followed_at", "timestamp", nullable=True, required=False),
        ColumnSpec("unfollowed_at", "timestamp", nullable=True, required=False),
        _count("followers"),
        _count("following"),
        ColumnSpec("is_staff", "bool", required=False, default=False),
    ),
    key=("account", "platform", "member_id"),
    time_column=None,
    description="what is known about a member of one account",
)

AUDIENCE_SPEC = TableSpec(
    name="audience",
    columns=_ID
    + (
        ColumnSpec("date", "date"),
        _count("followers"),
        _count("follows"),
        _count("unfollows"),
    ),
    key=("account", "platform", "date"),
    time_column="date",
    description="daily account-level figures where only aggregates exist",
)

#: Columns added to a table after stores were first written: older files lack them and read as null.
ADDED_COLUMNS = {"posts": ("viewers", "owner_id")}

#: The canonical tables by name, in dependency order.
TABLES = {
    spec.name: spec for spec in (POSTS_SPEC, INTERACTIONS_SPEC, MEMBERS_SPEC, AUDIENCE_SPEC)
}


def table_spec(name: str) -> TableSpec:
    """Return the :class:`TableSpec` of a canonical table by name."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"table must be one of {sorted(TABLES)}; got {name!r} instead") from None


def _pandera_column(col: ColumnSpec) -> pa.Column:
    import pandera.pandas as pa

    checks = []
    if col.choices:
        checks.append(pa.Check.isin(list(col.choices), name=f"{col.name} in {list(col.choices)}"))
    if col.type == "count":
        checks.append(pa.Check.ge(0, name=f"{col.name} >= 0"))
    return pa.Column(col.pandas_dtype, nullable=col.nullable, checks=checks or None, coerce=False)


def _pandera_schema(spec: TableSpec) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {c.name: _pandera_column(c) for c in spec.columns},
        name=spec.name,
        strict=True,
        ordered=False,
        unique=list(spec.key),
        report_duplicates="exclude_first",
        description=spec.description,
    )


#: The named pandera schemas of the canonical tables (``POSTS``, ``INTERACTIONS``, ``MEMBERS``, ``AUDIENCE``, and
#: ``SCHEMAS`` by table name) are built when first used: pandera takes longer to import than most of the package,
#: and only validation needs it (a report never does).
_SCHEMA_NAMES = {"POSTS": "posts", "INTERACTIONS": "interactions", "MEMBERS": "members", "AUDIENCE": "audience"}


def __getattr__(name: str):
    if name == "SCHEMAS":
        value = {table: globals().get(const) or __getattr__(const) for const, table in _SCHEMA_NAMES.items()}
    elif name in _SCHEMA_NAMES:
        value = _pandera_schema(TABLES[_SCHEMA_NAMES[name]])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with the canonical columns and dtypes of ``table``."""
    spec = table_spec(table)
    return pd.DataFrame({c.name: pd.Series([], dtype=c.pandas_dtype) for c in spec.columns})


def coerce_frame(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Cast a frame read from the store (or from Arrow) to the canonical dtypes.

    Columns are put in canonical order; extra columns are dropped. Values are
    not validated here; use the pandera schema for that.
    """
    spec = table_spec(table)
    out = {}
    for c in spec.columns:
        s = df[c.name] if c.name in df.columns else pd.Series([c.default] * len(df), index=df.index)
        if c.type == "timestamp":
            s = pd.to_datetime(s, utc=True).astype(c.pandas_dtype)
        elif c.type == "date":
            s = pd.to_datetime(s).astype("datetime64[s]")
        else:
            s = s.astype(c.pandas_dtype)
        out[c.name] = s
    return pd.DataFrame(out, index=df.index)


def dictionary_columns(spec: TableSpec) -> list[str]:
    """The columns of ``spec`` whose values repeat: the account, columns with fixed choices, the post acted on.

    Staged files (:mod:`libcommunity.staged`) dictionary-encode only these, and the streaming reader reads them
    as dictionaries where a Parquet file stores them so. Ids, pseudonyms, texts and
    times are nearly all distinct, and a dictionary of them is built and then
    given up page by page: written plain (zstd), they make files about 15 %
    smaller and take 40 % less time to write (10M interactions).
    """
    return [
        c.name for c in spec.columns
        if c.name == "account" or c.choices or (c.name == "post_id" and "post_id" not in spec.key)
    ]
