"""The canonical store: Parquet files under ``data/store``, read through DuckDB.

One module per job:

* :mod:`~libcommunity.store.layout` — where things are: paths, the manifest, table columns and keys,
  permissions, the checks that keep every path inside the store;
* :mod:`~libcommunity.store.sql` — DuckDB connection setup and the one place that quotes SQL;
* :mod:`~libcommunity.store.lock` — the write lock and locked working folders;
* :mod:`~libcommunity.store.readers` — the registry of open readers that keeps their files in place;
* :mod:`~libcommunity.store.core` — :class:`Store`: reading, and opening transactions;
* :mod:`~libcommunity.store.snapshot` — :class:`StoreSnapshot`: one committed version, read-only;
* :mod:`~libcommunity.store.transaction` — :class:`Transaction`: upserts, rewrites, the atomic commit;
* :mod:`~libcommunity.store.check` — verifying every committed file, and dropping damaged ones.
"""

from __future__ import annotations

from .core import AccountInfo, Store, damaged_file_error
from .layout import (
    DEFAULT_STORE,
    FORMAT_VERSION,
    IDENTITIES_COLUMNS,
    INGEST_PREFIX,
    LINKS_COLUMNS,
    LOCK,
    MANIFEST,
    PROVENANCE_COLUMNS,
    READERS,
    SIDE_TABLES,
    SIGHTINGS_COLUMNS,
    STAGING,
    SUMMARIES_COLUMNS,
)
from .lock import LOCK_TIMEOUT_S
from .snapshot import StoreSnapshot
from .sql import MEMORY_ENV, file_list, memory_limit, new_connection, quote_ident, quote_literal
from .transaction import PAUSE_ENV, PAUSE_FILE_ENV, PAUSE_SECONDS_ENV, Transaction
from .transaction import pause_point as _pause_point

__all__ = [
    "Store",
    "StoreSnapshot",
    "Transaction",
    "AccountInfo",
    "DEFAULT_STORE",
    "new_connection",
    "memory_limit",
    "quote_literal",
    "quote_ident",
    "file_list",
]

# Older private names other modules used before the split (kept so that branches in flight still import).
_sql_str = quote_literal
_file_list_sql = file_list


def __getattr__(name):
    if name == "default_lang":  # moved to the report side
        from ..report.i18n import default_lang

        return default_lang
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
