"""Record counts and content fingerprints of a store's tables, for the migration tests.

A fingerprint is a SHA-256 over a table's rows (the chosen columns, each row as JSON),
sorted, so that it does not depend on the order SQLite returns them in.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from cchc_desktop.store import open_store
from tests.support.paths import STORE_FIXTURES

FIXTURES = STORE_FIXTURES
RECORDED = FIXTURES / "upgraded.json"

Row = tuple[object, ...]

# What changes by design at every upgrade, whatever the data: when each migration ran, the
# clock of this PC (0008 starts it from the time of the upgrade), and the version of the
# program that last opened the file.
VOLATILE_COLUMNS = {"_sqlite_migrations": ("applied_at",), "sync_clock": ("hlc",)}
VOLATILE_META = ("last_opened_by_version",)


def tables(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def rows(conn: sqlite3.Connection, table: str, names: Sequence[str]) -> list[Row]:
    quoted = ", ".join(f'"{name}"' for name in names)
    return [tuple(row) for row in conn.execute(f'SELECT {quoted} FROM "{table}"')]


def _text(row: Iterable[object]) -> str:
    return json.dumps(
        [value.hex() if isinstance(value, bytes) else value for value in row], ensure_ascii=False
    )


def sorted_texts(table_rows: Iterable[Row]) -> list[str]:
    return sorted(_text(row) for row in table_rows)


def fingerprint(table_rows: Iterable[Row]) -> str:
    digest = hashlib.sha256()
    for text in sorted_texts(table_rows):
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


def stable_rows(conn: sqlite3.Connection, table: str) -> list[Row]:
    """Every column of ``table``, the values that change by design at any upgrade masked."""
    names = columns(conn, table)
    masked = {names.index(name) for name in VOLATILE_COLUMNS.get(table, ())}
    result = []
    for row in rows(conn, table, names):
        if table == "store_meta" and row[0] in VOLATILE_META:
            row = (row[0], "*")
        result.append(tuple("*" if i in masked else v for i, v in enumerate(row)))
    return result


def summary(path: Path) -> dict[str, dict[str, object]]:
    """Every table of the store at ``path``: its record count and content fingerprint."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, dict[str, object]] = {}
        for table in tables(conn):
            table_rows = stable_rows(conn, table)
            found[table] = {"rows": len(table_rows), "sha256": fingerprint(table_rows)}
        return found
    finally:
        conn.close()


def upgraded_copy(fixture: Path, folder: Path) -> Path:
    """A copy of ``fixture`` in ``folder``, opened once (and so upgraded) by the program."""
    target = folder / fixture.name
    shutil.copy(fixture, target)
    with open_store(target):
        pass
    return target
