"""Ingests of an account and taking one back: ``libcommunity ingest --list`` and ``libcommunity uningest``.

Every ingest that changed the store is one *batch*: its files (name, SHA-256,
format) are in the store's ``provenance`` table, and what it gave and
replaced is in its undo record (:mod:`libcommunity.store.undo`).
:func:`list_ingests` lists them; :func:`uningest` takes one back, in one
store transaction (all of it, or nothing):

* a row the batch added goes, unless a later ingest still in the store gave
  the same key (then that ingest's row stays, as it is);
* a row the batch replaced comes back as it was before the batch, unless a
  later ingest gave the key again (its row stays);
* a row the batch gave again unchanged stays (an earlier ingest gave it);
* identities and links (Bluesky handle pairs) follow the same rules, so the
  original handles only the batch brought in go too;
* the batch's provenance rows and undo record go, and the record of the next
  ingest that gave the same keys is rewritten so that it can still be taken
  back exactly;
* account settings are treated like rows: the timezone and language an
  ingest was given (``--timezone``, ``--lang``) stay while it is in the
  store, unless a later ingest gave others; taking back the latest ingest
  that gave one restores the value before it (no ingest left that gave one:
  UTC, and the report side's choice of language). Platforms the batch added go
  when no row of theirs is left. An account left with nothing (no row, no
  ingest, no erased member, never pruned) leaves the store.

Taking the store back never undoes an erasure or a prune: rows of erased
members, mentions of them and interactions before a prune month are never
restored (erasure and pruning remove them from the undo record too). The key
fingerprint stays. Monthly documents kept by ``prune`` were computed from the
rows as they were and stay as they are.

Stores written before ingests recorded their undo record: those older
batches are listed (``undoable: false``) and refused by :func:`uningest`, which
cannot know which rows they replaced; later batches are undone exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .errors import ParameterError
from .months import validate_account
from .store import Store
from .store.layout import UNDONE_TABLES, columns_of, undo_table
from .store.sql import new_connection, quote_ident, quote_literal, sql_type
from .store.undo import NEW, SAME, UPDATED, key_column, key_columns, key_sql, source_sql

#: An account's timezone when no ingest gave one.
DEFAULT_TIMEZONE = "UTC"

__all__ = ["list_ingests", "uningest", "UningestReport", "INGEST_FIELDS"]

#: Keys of each ingest of :func:`list_ingests` (``ingest --list --json``).
INGEST_FIELDS = ("batch", "ingested_at", "files", "tables", "undoable")


def _check_batch(batch) -> int:
    if isinstance(batch, bool) or not isinstance(batch, int):
        try:
            batch = int(str(batch).strip())
        except ValueError:
            raise ParameterError(f"batch must be a whole number (libcommunity ingest --list shows them); got {batch!r} instead") from None
    if batch < 1:
        raise ParameterError(f"batch must be a whole number from 1 (libcommunity ingest --list shows them); got {batch} instead")
    return batch


class _Reader:
    """The account's rows of any store table, as SQL of ``con``: from a snapshot's files or a transaction's live ones."""

    def __init__(self, con, paths_of):
        self.con = con
        self._paths_of = paths_of

    def __call__(self, table: str) -> str:
        return source_sql(self.con, table, self._paths_of(table))

    @classmethod
    def of_snapshot(cls, con, snap, account):
        return cls(con, lambda table: snap.files(table, account))

    @classmethod
    def of_transaction(cls, txn, account):
        return cls(txn.con, lambda table: [txn._path_of(r) for r in txn._live(table, account)])


# ---------------------------------------------------------------------------------- listing
def _ingests(con, src) -> list[dict]:
    prov = con.execute(
        "SELECT batch_id, file, sha256, format, strftime(ingested_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), rows, tables "
        f"FROM {src('provenance')} ORDER BY batch_id, file"
    ).fetchall()
    counts = con.execute(
        f"SELECT batch_id, table_name, change, count(*) FROM {src('undo_keys')} GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    recorded = {r[0] for r in con.execute(f"SELECT batch_id FROM {src('undo_batches')}").fetchall()}
    out: dict[int, dict] = {}
    for batch, file, sha, fmt, at, rows, tables in prov:
        entry = out.setdefault(
            int(batch),
            {"batch": int(batch), "ingested_at": at, "files": [], "tables": {},
             "undoable": int(batch) in recorded},
        )
        entry["files"].append(
            {"file": file, "sha256": sha, "format": fmt, "rows": int(rows or 0),
             "tables": [t for t in (tables or "").split(",") if t]}
        )
    names = {NEW: "added", UPDATED: "changed", SAME: "unchanged"}
    for batch, table, change, n in counts:
        if int(batch) in out:
            per = out[int(batch)]["tables"].setdefault(table, {"added": 0, "changed": 0, "unchanged": 0})
            per[names[change]] += int(n)
    for entry in out.values():  # tables in the store's order
        entry["tables"] = {t: entry["tables"][t] for t in UNDONE_TABLES if t in entry["tables"]}
    return [out[b] for b in sorted(out)]


def list_ingests(store, account: str) -> list[dict]:
    """The ingests of ``account`` still in the store, oldest first.

    Returns
    -------
    list of dict
        One per batch: ``batch`` (its id), ``ingested_at`` (ISO-8601, UTC),
        ``files`` (``file``, ``sha256``, ``format``, ``rows``, ``tables``),
        ``tables`` (``{table: {"added", "changed", "unchanged"}}``: the rows
        of each table it gave, as they stand against the ingests still in the
        store; empty for an ingest made before undo records existed) and
        ``undoable``.

    Raises
    ------
    UnknownAccountError, StoreError
    """
    store = store if isinstance(store, Store) else Store(store)
    with store.snapshot() as snap:
        snap.account(account)
        con = new_connection()
        try:
            return _ingests(con, _Reader.of_snapshot(con, snap, account))
        finally:
            con.close()


# ---------------------------------------------------------------------------------- the plan
@dataclass
class UningestReport:
    """What taking a batch back removed, restored and kept (or would, with ``dry_run``)."""

    account: str
    batch: int
    dry_run: bool = False
    ingest: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def removed(self) -> int:
        return sum(t["removed"] for t in self.tables.values())

    @property
    def restored(self) -> int:
        return sum(t["restored"] for t in self.tables.values())

    def to_dict(self) -> dict:
        return {"account": self.account, "batch": self.batch, "dry_run": self.dry_run, "ingest": self.ingest,
                "tables": self.tables, "notes": self.notes}

    def lines(self) -> list[str]:
        files = ", ".join(f["file"] for f in self.ingest.get("files", []))
        out = [f"batch {self.batch} of {self.account} (ingested {self.ingest.get('ingested_at')}: {files})"]
        for table, c in self.tables.items():
            out.append(f"  {table}: {c['removed']} removed, {c['restored']} restored to their earlier version, "
                       f"{c['kept']} kept (given by another ingest too)")
        out += [f"  note: {n}" for n in self.notes]
        if self.dry_run:
            out.append(f"dry run: uningest would remove {self.removed} row(s) and restore {self.restored}; nothing was changed")
        else:
            out.append(f"batch {self.batch} of {self.account} taken back: {self.removed} row(s) removed, {self.restored} restored")
        return out


def _forgotten_filter(table: str, forgotten: list, cutoff: str | None) -> str:
    """SQL condition on a replaced row ``u`` that may come back: not an erased member's, not before a prune."""
    conditions = []
    if forgotten:
        ids = "[" + ", ".join(quote_literal(m) for m in forgotten) + "]::VARCHAR[]"
        if "member_id" in columns_of(table):
            conditions.append(f"NOT list_contains({ids}, u.member_id)")
    if cutoff is not None and table == "interactions":
        conditions.append(f"u.created_at >= {quote_literal(cutoff)}::TIMESTAMPTZ")
    return " AND ".join(conditions) or "true"


def _plan(con, src, account: str, batch: int, forgotten: list, cutoff: str | None) -> dict:
    """Temp tables of ``con``: ``_uningest_plan`` (the batch's keys, the next ingest that gave each),
    ``_uningest_fix`` (changes to that next ingest's record), and per table ``_uningest_delete_<t>`` (keys whose
    current row goes) and ``_uningest_restore_<t>`` (rows that come back). Returns the counts per table."""
    from .privacy import ERASED, _mention_pattern

    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _uningest_plan AS
        WITH k AS (SELECT batch_id, table_name, platform, key, change FROM {src('undo_keys')}),
        x AS (SELECT table_name, platform, key, change FROM k WHERE batch_id = {batch}),
        later AS (
          SELECT k.* FROM k SEMI JOIN x ON k.table_name = x.table_name AND k.platform IS NOT DISTINCT FROM x.platform
                                          AND k.key = x.key
          WHERE k.batch_id > {batch}
          QUALIFY row_number() OVER (PARTITION BY k.table_name, k.platform, k.key ORDER BY k.batch_id) = 1
        )
        SELECT x.*, later.batch_id AS next_batch, later.change AS next_change
        FROM x LEFT JOIN later USING (table_name, platform, key)"""
    )
    # The next ingest's record: it now follows what came before this batch.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _uningest_fix AS
        SELECT table_name, platform, key, next_batch,
               CASE WHEN change = '{NEW}' THEN '{NEW}' ELSE '{UPDATED}' END AS new_change
        FROM _uningest_plan
        WHERE next_batch IS NOT NULL AND (change = '{NEW}' OR (change = '{UPDATED}' AND next_change <> '{NEW}'))"""
    )
    counts = {}
    for table in UNDONE_TABLES:
        (given,) = con.execute("SELECT count(*) FROM _uningest_plan WHERE table_name = ?", [table]).fetchall()[0]
        col = key_column(table)
        gone = (f"SELECT platform, key FROM _uningest_plan WHERE table_name = {quote_literal(table)} "
                f"AND next_batch IS NULL AND change IN ('{NEW}', '{UPDATED}')")
        if len(key_columns(table)) == 1:
            ctype = sql_type(columns_of(table)[col])
            con.execute(f"CREATE OR REPLACE TEMP TABLE _uningest_delete_{table} AS "
                        f"SELECT platform, CAST(key AS {ctype}) AS {quote_ident(col)} FROM ({gone})")
        else:  # the rows' whole keys, read back from the rows the record names (see store.undo.key_sql)
            # A record written before keys of several columns named the first alone (not a JSON array).
            legacy = f"(left(p.key, 1) <> '[' AND CAST(c.{quote_ident(col)} AS VARCHAR) = p.key)"
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _uningest_delete_{table} AS
                SELECT DISTINCT c.platform, {', '.join(f'c.{quote_ident(k)}' for k in key_columns(table))}
                FROM {src(table)} c SEMI JOIN ({gone}) p
                  ON c.platform IS NOT DISTINCT FROM p.platform AND ({key_sql(table, 'c.')} = p.key OR {legacy})"""
            )
        cols = ", ".join(f"u.{quote_ident(c)}" for c in columns_of(table))
        restore = (
            f"SELECT {cols} FROM {src(undo_table(table))} u "
            f"SEMI JOIN (SELECT platform, key FROM _uningest_plan WHERE table_name = {quote_literal(table)} "
            f"AND next_batch IS NULL AND change = '{UPDATED}') p ON u.platform IS NOT DISTINCT FROM p.platform "
            f"AND {key_sql(table, 'u.')} = p.key "
            f"WHERE u.batch_id = {batch} AND {_forgotten_filter(table, forgotten, cutoff)}"
        )
        if forgotten and "text" in columns_of(table):  # mentions of erased people read as erasure leaves them
            restore = (f"SELECT * REPLACE (regexp_replace(text, {quote_literal(_mention_pattern(forgotten))}, "
                       f"{quote_literal(ERASED)}, 'g') AS text) FROM ({restore})")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _uningest_restore_{table} AS {restore}")
        on = " AND ".join(f"c.{quote_ident(k)} IS NOT DISTINCT FROM d.{quote_ident(k)}"
                          for k in ("platform", *key_columns(table)))
        (removed,) = con.execute(
            f"""SELECT count(*) FROM {src(table)} c
            WHERE EXISTS (SELECT 1 FROM _uningest_delete_{table} d WHERE {on})
              AND NOT EXISTS (SELECT 1 FROM _uningest_restore_{table} d WHERE {on})"""
        ).fetchall()[0]
        (restored,) = con.execute(f"SELECT count(*) FROM _uningest_restore_{table}").fetchall()[0]
        (dropped,) = con.execute(f"SELECT count(*) FROM _uningest_delete_{table}").fetchall()[0]
        if given:
            counts[table] = {"removed": int(removed), "restored": int(restored), "kept": int(given - dropped)}
    return counts


# ---------------------------------------------------------------------------------- taking it back
def _apply(txn, account: str, batch: int, settings: dict) -> None:
    """Carry out the plan in ``txn`` (see the module docstring)."""
    con = txn.con
    for table in UNDONE_TABLES:
        txn.delete_keys(table, account, f"SELECT * FROM _uningest_delete_{table}")
        (n,) = con.execute(f"SELECT count(*) FROM _uningest_restore_{table}").fetchall()[0]
        if n:
            txn.upsert(table, account, con.sql(f"SELECT * FROM _uningest_restore_{table}"))
    for table in UNDONE_TABLES:  # the replaced rows: the batch's go, or become the next ingest's
        key = key_sql(table, "u.")
        txn.replace(
            undo_table(table),
            account,
            f"""SELECT * FROM current u WHERE u.batch_id <> {batch} AND NOT EXISTS (
                  SELECT 1 FROM _uningest_fix f WHERE f.table_name = {quote_literal(table)} AND f.next_batch = u.batch_id
                  AND f.platform IS NOT DISTINCT FROM u.platform AND f.key = {key})
                UNION ALL
                SELECT u.* REPLACE (f.next_batch AS batch_id) FROM current u JOIN _uningest_fix f
                  ON f.table_name = {quote_literal(table)} AND f.new_change = '{UPDATED}' AND u.batch_id = {batch}
                  AND f.platform IS NOT DISTINCT FROM u.platform AND f.key = {key}""",
            rewrite=True,
        )
    txn.replace(
        "undo_keys",
        account,
        f"""SELECT k.account, k.batch_id, k.table_name, k.platform, k.key, coalesce(f.new_change, k.change) AS change
        FROM current k LEFT JOIN _uningest_fix f ON f.next_batch = k.batch_id AND f.table_name = k.table_name
          AND f.platform IS NOT DISTINCT FROM k.platform AND f.key = k.key
        WHERE k.batch_id <> {batch}""",
        rewrite=True,
    )
    txn.replace("provenance", account, "SELECT * FROM current WHERE batch_id <> ?", [batch])
    _settings(txn, account, batch, settings)


def _settings(txn, account: str, batch: int, settings: dict) -> None:
    """Account settings back as they were before the batch; the batch's row of ``undo_batches`` goes."""
    import pyarrow as pa

    con = txn.con
    rows = con.execute(
        f"SELECT batch_id, settings FROM {source_sql(con, 'undo_batches', [txn._path_of(r) for r in txn._live('undo_batches', account)])} "
        f"WHERE batch_id > {batch} ORDER BY batch_id"
    ).fetchall()
    later = [(b, json.loads(s)) for b, s in rows]
    first = later[0] if later else None
    info = txn.manifest["accounts"][account]
    rewritten = {}
    for platform in settings.get("platforms", []):  # a platform the batch added goes when none of its rows is left
        if platform in info.get("platforms", []) and not _has_rows(txn, account, platform):
            info["platforms"] = [p for p in info["platforms"] if p != platform]
            txn.changed = True
    for name in ("timezone", "lang"):  # like a row: the latest ingest still in the store that gave it wins
        if name not in settings:
            continue
        before, _ = settings[name]
        nxt = next(((b, s) for b, s in later if name in s), None)
        if nxt is not None:  # a later ingest gave it too: it now follows what came before this batch
            nxt[1][name][0] = before
            rewritten[nxt[0]] = nxt[1]
        elif before is not None:
            if info.get(name) != before:
                info[name] = before
                txn.changed = True
        elif name == "lang" and "lang" in info:  # no ingest gave one: the report side chooses
            del info["lang"]
            txn.changed = True
        elif name == "timezone" and info.get(name) != DEFAULT_TIMEZONE:
            info[name] = DEFAULT_TIMEZONE
            txn.changed = True
    if first is not None and (settings.get("created") or settings.get("platforms")):
        # The next ingest now created the account and added the platforms that are still the account's.
        first[1]["created"] = bool(first[1].get("created") or settings.get("created"))
        kept = set(settings.get("platforms", [])) & set(info.get("platforms", []))
        if kept - set(first[1].get("platforms", [])):
            first[1]["platforms"] = sorted(set(first[1].get("platforms", [])) | kept)
        rewritten[first[0]] = first[1]
    table = pa.table({
        "account": pa.array([account] * len(rewritten), pa.string()),
        "batch_id": pa.array(list(rewritten), pa.int64()),
        "settings": pa.array([json.dumps(s, sort_keys=True) for s in rewritten.values()], pa.string()),
    })
    con.register("_uningest_settings", table)
    txn.replace(
        "undo_batches", account,
        f"SELECT c.account, c.batch_id, coalesce(s.settings, c.settings) AS settings FROM current c "
        f"LEFT JOIN _uningest_settings s USING (batch_id) WHERE c.batch_id <> {batch}",
        rewrite=True,
    )
    files = txn.manifest["files"]
    if not any(files.get(t, {}).get(account) for t in files) and not info.get("forgotten") and not info.get("pruned_before"):
        del txn.manifest["accounts"][account]  # nothing of the account is left: as if it had never been ingested
        for t in [t for t, by_account in files.items() if not by_account]:
            del files[t]
        txn.changed = True


def _has_rows(txn, account: str, platform: str) -> bool:
    """Whether any canonical table still holds a row of ``platform`` for ``account`` (in ``txn``)."""
    for table in ("posts", "interactions", "members", "audience"):
        paths = [txn._path_of(r) for r in txn._live(table, account)]
        if paths and txn.con.execute(
            f"SELECT count(*) > 0 FROM {source_sql(txn.con, table, paths)} WHERE platform = ?", [platform]
        ).fetchall()[0][0]:
            return True
    return False


def uningest(store, account: str, batch, *, dry_run: bool = False) -> UningestReport:
    """Take back ingest ``batch`` of ``account`` (see the module docstring), in one transaction.

    Parameters
    ----------
    store : Store or path-like
    account : str
    batch : int
        The batch id :func:`list_ingests` shows.
    dry_run : bool, default False
        Say what would change; change nothing.

    Returns
    -------
    UningestReport

    Raises
    ------
    ParameterError
        If ``batch`` is not an ingest of the account still in the store, or was
        made before ingests recorded what they replaced (it cannot be taken back exactly).
    UnknownAccountError, StoreError
    """
    validate_account(account)
    batch = _check_batch(batch)
    store = store if isinstance(store, Store) else Store(store)
    report = UningestReport(account, batch, dry_run=dry_run)
    if dry_run:
        store._require_store()
        with store.snapshot() as snap:
            snap.account(account)  # UnknownAccountError listing the store's accounts
            info = snap.manifest()["accounts"][account]
            con = new_connection()
            try:
                src = _Reader.of_snapshot(con, snap, account)
                settings = _prepare(report, con, src, info)
            finally:
                con.close()
        return report
    store._require_store()
    store.account(account)
    with store.transaction() as txn:
        if account not in txn.manifest["accounts"]:  # taken out by another process since
            store.account(account)
        info = txn.manifest["accounts"][account]
        src = _Reader.of_transaction(txn, account)
        settings = _prepare(report, txn.con, src, info)
        _apply(txn, account, batch, settings)
    return report


def _prepare(report: UningestReport, con, src, info: dict) -> dict:
    """Check the batch, fill ``report`` with the plan; return the batch's settings record."""
    account, batch = report.account, report.batch
    ingests = {i["batch"]: i for i in _ingests(con, src)}
    if batch not in ingests:
        known = ", ".join(str(b) for b in ingests) or "none"
        raise ParameterError(
            f"batch must be one of the ingests of {account} still in the store ({known}; libcommunity ingest --list "
            f"--account {account} lists them); got {batch} instead"
        )
    report.ingest = ingests[batch]
    rows = con.execute(f"SELECT settings FROM {src('undo_batches')} WHERE batch_id = ?", [batch]).fetchall()
    if not rows:
        raise ParameterError(
            f"batch {batch} of {account} cannot be taken back exactly: it was ingested by a version of libcommunity "
            "that did not record which rows each ingest replaced. Later ingests can be taken back; to remove this "
            "one, build a new store from the raw exports without its files (docs/sources.md, 'Taking an ingest back')"
        )
    cutoff = None
    if info.get("pruned_before"):
        from .months import parse_month

        cutoff = parse_month(info["pruned_before"]).start(info.get("timezone", "UTC")).isoformat()
        report.notes.append(
            f"the account was pruned before {info['pruned_before']}: interactions before it are not restored, and the "
            "monthly figures kept for pruned months stay as they were computed"
        )
    report.tables = _plan(con, src, account, batch, sorted(info.get("forgotten", [])), cutoff)
    return json.loads(rows[0][0])
