"""Rules every table must follow, so that later USB merges stay safe."""

from __future__ import annotations

from cchc_desktop.store.database import CONTENT_TABLES, LOCAL_TABLES


def _tables(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def test_every_shared_table_has_uuid_updated_at_and_a_tombstone_trigger(store) -> None:  # type: ignore[no-untyped-def]
    shared = [t for t in _tables(store) if t not in LOCAL_TABLES | CONTENT_TABLES]
    assert shared, "the schema has no shared tables at all"
    assert store.travelling_tables() == sorted(shared)
    for table in shared:
        columns = {row[1]: row for row in store.conn.execute(f'PRAGMA table_info("{table}")')}
        assert "uuid" in columns and columns["uuid"][3] == 1, f"{table}.uuid NOT NULL"
        assert "updated_at" in columns and columns["updated_at"][3] == 1, f"{table}.updated_at"
        unique = [
            index
            for index in store.conn.execute(f'PRAGMA index_list("{table}")')
            if index[2] == 1
            and [c[2] for c in store.conn.execute(f'PRAGMA index_info("{index[1]}")')] == ["uuid"]
        ]
        assert unique, f"{table}.uuid must be UNIQUE"
        triggers = store.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type='trigger' AND tbl_name=?", (table,)
        ).fetchall()
        assert any("AFTER DELETE" in sql.upper() and "tombstones" in sql for (sql,) in triggers), (
            f"{table} needs an AFTER DELETE trigger writing a tombstone"
        )


def test_content_addressed_tables_are_keyed_by_hash(store) -> None:  # type: ignore[no-untyped-def]
    for table in CONTENT_TABLES:
        columns = {row[1]: row for row in store.conn.execute(f'PRAGMA table_info("{table}")')}
        assert columns["sha256"][5] == 1, f"{table} is keyed by sha256"
