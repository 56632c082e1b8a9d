"""Undo of a change to tasks: the stored rows before it, put back as they were."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.records import in_chunks, utc_now
from cchc_desktop.store.task_repo import refresh_document_caches

_SNAPSHOT_TABLES = ("documents", "document_files", "tasks", "task_documents")


@dataclass(frozen=True)
class TaskSnapshot:
    """The stored rows of some tasks (and their documents) before a change, to undo it."""

    task_uuids: tuple[str, ...]
    rows: dict[str, list[dict[str, Any]]]


def _rows_where_in(
    store: Store, table: str, column: str, values: Iterable[str]
) -> list[dict[str, Any]]:
    """Every row of ``table`` whose ``column`` is one of ``values`` (each row once)."""
    found: list[dict[str, Any]] = []
    for chunk in in_chunks(sorted(set(values))):
        cursor = store.conn.execute(
            f"SELECT * FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk
        )
        names = [c[0] for c in cursor.description]
        found += [dict(zip(names, row, strict=True)) for row in cursor]
    return found


def snapshot_tasks(store: Store, uuids: Sequence[str]) -> TaskSnapshot:
    tasks = _rows_where_in(store, "tasks", "uuid", uuids)
    links = _rows_where_in(store, "task_documents", "task_uuid", uuids)
    document_uuids = {link["document_uuid"] for link in links}
    document_uuids |= {t["source_document_uuid"] for t in tasks if t["source_document_uuid"]}
    rows = {
        "tasks": tasks,
        "task_documents": links,
        "documents": _rows_where_in(store, "documents", "uuid", document_uuids),
        "document_files": _rows_where_in(store, "document_files", "document_uuid", document_uuids),
    }
    return TaskSnapshot(tuple(uuids), rows)


def restore_tasks(store: Store, snapshot: TaskSnapshot) -> None:
    """Put the snapshot's rows back as they were (undo), changing only what differs.

    Tasks in the snapshot that did not exist then are deleted; deleted ones come
    back with their uuid (and their id when it is free) and their tombstones
    removed. Documents are updated in place (other tasks may cite them) and get
    back exactly the files they had; the tasks citing a document whose text comes
    back are sorted and found by it again. A restored row gets a new
    ``updated_at``, since for another PC the undo is a change like any other; a
    row that did not change keeps its own.

    Raises :class:`StoreError` (nothing restored) when a periodic report deleted
    by the change has been generated again since.
    """
    now = utc_now()
    conn = store.conn

    def put(table: str, row: dict[str, Any]) -> bool:
        """Insert or update one row to its snapshot values; True if anything changed."""
        current = conn.execute(f"SELECT * FROM {table} WHERE uuid = ?", (row["uuid"],))
        names = [c[0] for c in current.description]
        found = current.fetchone()
        ignored = ("id", "updated_at")
        if found is not None and all(
            value == row[name]
            for name, value in zip(names, found, strict=True)
            if name not in ignored
        ):
            return False
        values = {**row, "updated_at": now}
        if (
            found is not None
            or conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row["id"],)).fetchone()
        ):
            values.pop("id")  # keep the row's id, or take a new one if another row has it
        updates = ", ".join(f"{c} = excluded.{c}" for c in values if c not in ("uuid", "id"))
        conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES"
            f" ({', '.join(':' + c for c in values)}) ON CONFLICT (uuid) DO UPDATE SET {updates}",
            values,
        )
        conn.execute("DELETE FROM tombstones WHERE uuid = ?", (row["uuid"],))
        return True

    def put_children(table: str, parent_column: str, parents: set[str]) -> None:
        """The rows of ``table`` under these parents become exactly the snapshot's."""
        wanted: dict[str, set[str]] = {parent: set() for parent in parents}
        for row in snapshot.rows[table]:
            wanted[row[parent_column]].add(row["uuid"])
            put(table, row)
        for parent, uuids in wanted.items():
            for (uuid,) in conn.execute(
                f"SELECT uuid FROM {table} WHERE {parent_column} = ?", (parent,)
            ).fetchall():
                if uuid not in uuids:
                    conn.execute(f"DELETE FROM {table} WHERE uuid = ?", (uuid,))

    with store.transaction():
        for row in snapshot.rows["tasks"]:
            if not row["recurrence_key"]:
                continue
            holder = conn.execute(
                "SELECT uuid FROM tasks WHERE recurrence_key = ?", (row["recurrence_key"],)
            ).fetchone()
            if holder is not None and holder[0] != row["uuid"]:
                raise StoreError(
                    f"Không hoàn tác được: nhiệm vụ «{row['content']}» đã được tạo lại sau "
                    "thao tác đó (Báo cáo định kỳ). Chưa có gì thay đổi."
                )
        kept = {row["uuid"] for row in snapshot.rows["tasks"]}
        for chunk in in_chunks([u for u in snapshot.task_uuids if u not in kept]):
            conn.execute(f"DELETE FROM tasks WHERE uuid IN ({', '.join('?' * len(chunk))})", chunk)
        edited = [row["uuid"] for row in snapshot.rows["documents"] if put("documents", row)]
        documents = {row["uuid"] for row in snapshot.rows["documents"]}
        put_children("document_files", "document_uuid", documents)
        for row in snapshot.rows["tasks"]:
            put("tasks", row)
        put_children("task_documents", "task_uuid", kept)
        refresh_document_caches(store, edited)


def added_snapshot(uuids: Sequence[str]) -> TaskSnapshot:
    """The "before" of tasks that did not exist: restoring it removes them (undo of adding)."""
    return TaskSnapshot(tuple(uuids), {table: [] for table in _SNAPSHOT_TABLES})
