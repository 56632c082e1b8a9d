"""Giving the records that are one thing by nature the uuid every PC computes alike.

Stores of 0.6.0 made a random uuid for every record, so the same year's self-assessment
started on two PCs had two uuids and the packages paired them by a guess. Migration 0008
calls :func:`rekey_natural_records` once: each record with a natural key
(``store.kinds``) takes ``records.stable_uuid(kind, *key)``, and every reference to it
(other records, versions, exchange state, history) follows.
"""

from __future__ import annotations

import sqlite3

from cchc_desktop.store.kinds import KINDS, Kind

# Local tables that name a travelling record by its uuid.
_LOCAL_REFERENCES = (
    ("field_versions", "uuid"),
    ("sync_state", "uuid"),
    ("change_log", "record_uuid"),
)


def _referrers(kind: Kind) -> list[tuple[str, str]]:
    found = []
    for other in KINDS:
        for column, target in other.hard_refs + other.soft_refs:
            if target == kind.name:
                found.append((other.name, column))
    return found


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def rename_record(conn: sqlite3.Connection, kind: Kind, old: str, new: str) -> None:
    """Give the record ``old`` of ``kind`` the uuid ``new``, references included (inside the
    caller's transaction, foreign keys deferred, clock and history paused)."""
    tables = _tables(conn)
    conn.execute(f'UPDATE "{kind.name}" SET uuid = ? WHERE uuid = ?', (new, old))
    for table, column in _referrers(kind):
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (new, old))
    for table, column in _LOCAL_REFERENCES:
        if table in tables:
            conn.execute(
                f'UPDATE OR REPLACE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (new, old)
            )


def rekey_natural_records(conn: sqlite3.Connection) -> int:
    """Move every record with a natural key to its stable uuid; returns how many moved.

    Reads only, when every record already has its uuid (the usual case at each export and
    import): the clock and the history are paused only once a record has to move."""
    tables = _tables(conn)
    moved = 0
    for kind in KINDS:
        if kind.natural_key is None or not kind.stable:
            continue
        columns = ["uuid", *kind.natural_key]
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = conn.execute(f'SELECT {quoted} FROM "{kind.name}"').fetchall()
        for values in rows:
            row = dict(zip(columns, values, strict=True))
            new = kind.stable_uuid(row)
            if new is None or new == row["uuid"]:
                continue
            if not moved:
                _pause(conn, tables, True)
            rename_record(conn, kind, row["uuid"], new)
            moved += 1
    if moved:
        _pause(conn, tables, False)
    return moved


def _pause(conn: sqlite3.Connection, tables: set[str], on: bool) -> None:
    """Renaming is no edit: no new versions, no history entries (foreign keys checked at the
    end of the caller's transaction)."""
    if on:
        conn.execute("PRAGMA defer_foreign_keys = ON")
    if "change_actor" in tables:
        conn.execute("UPDATE change_actor SET paused = ? WHERE id = 1", (int(on),))
    conn.execute("UPDATE sync_clock SET paused = ? WHERE id = 1", (int(on),))
