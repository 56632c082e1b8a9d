"""The task register in the store: reading a task, saving, bulk changes, statistics facts.

Finding and ordering tasks is in :mod:`.task_query`, what the task table shows in
:mod:`.task_table`, the undo of a change in :mod:`.task_undo`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import cast

from cchc_desktop.core.task_stats import TaskFacts
from cchc_desktop.core.tasks import (
    Document,
    SourceKind,
    Status,
    Task,
    fingerprint,
    in_period_sql,
    normalized_task,
    validate_task,
)
from cchc_desktop.core.text import fold_for_search, vietnamese_sort_key
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.database import Store
from cchc_desktop.store.documents_repo import load_document, save_document
from cchc_desktop.store.records import iso_date, new_uuid, stable_uuid, stored_date, utc_now

# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReformField:
    code: str
    name: str


def reform_fields(store: Store) -> list[ReformField]:
    rows = store.conn.execute("SELECT code, name FROM reform_fields ORDER BY sort_order, code")
    return [ReformField(code, name) for code, name in rows]


def load_task(store: Store, uuid: str) -> Task | None:
    row = store.conn.execute(
        "SELECT content, lead, assigned_on, kind, field_code, self_assigned, "
        "source_document_uuid, coordinators, deadline, status, completed_on, notes, "
        "recurrence_key FROM tasks WHERE uuid = ?",
        (uuid,),
    ).fetchone()
    if row is None:
        return None
    results = tuple(
        document
        for (document_uuid,) in store.conn.execute(
            "SELECT document_uuid FROM task_documents WHERE task_uuid = ? ORDER BY position, id",
            (uuid,),
        )
        if (document := load_document(store, document_uuid)) is not None
    )
    return Task(
        content=row[0],
        lead=row[1],
        assigned_on=date.fromisoformat(row[2]),
        kind=SourceKind(row[3]),
        field_code=row[4],
        self_assigned=bool(row[5]),
        source=load_document(store, row[6]) if row[6] else None,
        coordinators=tuple(json.loads(row[7])),
        deadline=stored_date(row[8]),
        status=Status(row[9]),
        completed_on=stored_date(row[10]),
        notes=row[11],
        results=results,
        uuid=uuid,
        recurrence_key=row[12],
    )


def existing_fingerprints(store: Store) -> set[str]:
    """The identity of every task, to keep an import from adding one twice."""
    return {
        fingerprint(content, stored_date(deadline))
        for content, deadline in store.conn.execute("SELECT content, deadline FROM tasks")
    }


# --- writing -----------------------------------------------------------------------------


def _search_text(task: Task) -> str:
    parts = [task.content, task.lead, *task.coordinators, task.notes]
    for document in (task.source, *task.results):
        if document is not None:
            parts += [document.number, document.issuer, document.summary]
    return fold_for_search(" ".join(p for p in parts if p))


def _new_task_uuid(task: Task) -> str:
    """A periodic report's task is the same task on every PC (one per report and period)."""
    if task.recurrence_key:
        return stable_uuid("tasks", task.recurrence_key)
    return new_uuid()


def _write(store: Store, task: Task, now: str) -> tuple[Task, list[str]]:
    """Insert or update one normalized, validated task with its documents.

    Returns the task as stored and the uuids of existing documents whose text
    changed (other tasks citing them need their caches refreshed).
    """
    edited: list[str] = []
    source = None
    if task.source is not None:
        # the task form shows no files of the assigning document: leave them as they are
        source, source_edited = save_document(store, task.source, with_files=False)
        edited += [source.uuid] if source_edited and source.uuid else []
    results = []
    for document in task.results:
        result, result_edited = save_document(store, document)
        results.append(result)
        edited += [result.uuid] if result_edited and result.uuid else []
    uuid = task.uuid or _new_task_uuid(task)
    saved = replace(task, source=source, results=tuple(results), uuid=uuid)
    values = {
        "uuid": saved.uuid,
        "content": saved.content,
        "field_code": saved.field_code,
        "kind": saved.kind.value,
        "self_assigned": int(saved.self_assigned),
        "source_document_uuid": source.uuid if source else None,
        "lead": saved.lead,
        "coordinators": json.dumps(list(saved.coordinators), ensure_ascii=False),
        "assigned_on": saved.assigned_on.isoformat(),
        "deadline": iso_date(saved.deadline),
        "status": saved.status.value,
        "completed_on": iso_date(saved.completed_on),
        "notes": saved.notes,
        "recurrence_key": saved.recurrence_key,
        "search_text": _search_text(saved),
        "content_sort": vietnamese_sort_key(saved.content),
        "lead_sort": vietnamese_sort_key(saved.lead),
        **_source_caches(source),
        "updated_at": now,
        "created_at": now,
    }
    updates = ", ".join(f"{k} = excluded.{k}" for k in values if k not in ("uuid", "created_at"))
    store.conn.execute(
        f"INSERT INTO tasks ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})"
        f" ON CONFLICT (uuid) DO UPDATE SET {updates}",
        values,
    )
    _write_links(store, uuid, [d.uuid for d in saved.results if d.uuid], now)
    return saved, edited


def _write_links(store: Store, task_uuid: str, document_uuids: list[str], now: str) -> None:
    """Make the task's result links these documents in this order, touching only what differs."""
    wanted: dict[str, int] = {}
    for uuid in document_uuids:
        wanted.setdefault(uuid, len(wanted))
    current = {
        document_uuid: (uuid, position)
        for uuid, document_uuid, position in store.conn.execute(
            "SELECT uuid, document_uuid, position FROM task_documents WHERE task_uuid = ?",
            (task_uuid,),
        )
    }
    for document_uuid, (uuid, position) in current.items():
        if document_uuid not in wanted:
            store.conn.execute("DELETE FROM task_documents WHERE uuid = ?", (uuid,))
        elif wanted[document_uuid] != position:
            store.conn.execute(
                "UPDATE task_documents SET position = ?, updated_at = ? WHERE uuid = ?",
                (wanted[document_uuid], now, uuid),
            )
    for document_uuid, position in wanted.items():
        if document_uuid not in current:
            store.conn.execute(
                "INSERT INTO task_documents (uuid, updated_at, task_uuid, document_uuid,"
                " position) VALUES (?, ?, ?, ?, ?)",
                (
                    stable_uuid("task_documents", task_uuid, document_uuid),
                    now,
                    task_uuid,
                    document_uuid,
                    position,
                ),
            )


def _source_caches(source: Document | None) -> dict[str, str]:
    if source is None:
        return {"source_issuer": "", "source_sort": "", "issuer_sort": ""}
    return {
        "source_issuer": source.issuer,
        "source_sort": vietnamese_sort_key(source.number),
        "issuer_sort": vietnamese_sort_key(source.issuer),
    }


class _Connection:
    """Just a connection, where the readers below ask for a store (an import's transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn


def refresh_caches(
    conn: sqlite3.Connection, task_uuids: Iterable[str], document_uuids: Iterable[str]
) -> None:
    """Rebuild the search text, sort keys and source caches of these tasks and of the tasks
    citing these documents (after an import wrote them), inside the caller's transaction."""
    store = cast("Store", _Connection(conn))
    for uuid in set(task_uuids):
        task = load_task(store, uuid)
        if task is not None:
            conn.execute(
                "UPDATE tasks SET content_sort = :content_sort, lead_sort = :lead_sort "
                "WHERE uuid = :uuid",
                {
                    "content_sort": vietnamese_sort_key(task.content),
                    "lead_sort": vietnamese_sort_key(task.lead),
                    "uuid": uuid,
                },
            )
    refresh_document_caches(store, document_uuids, set(task_uuids))


def refresh_document_caches(
    store: Store, document_uuids: Iterable[str], task_uuids: Iterable[str] = ()
) -> None:
    """Shared documents changed: the tasks citing them must be found and sorted by the new text."""
    uuids: set[str] = set(task_uuids)
    for document_uuid in set(document_uuids):
        uuids.update(
            row[0]
            for row in store.conn.execute(
                "SELECT uuid FROM tasks WHERE source_document_uuid = ? UNION "
                "SELECT task_uuid FROM task_documents WHERE document_uuid = ?",
                (document_uuid, document_uuid),
            )
        )
    for uuid in uuids:
        task = load_task(store, uuid)
        if task is not None:
            store.conn.execute(
                "UPDATE tasks SET search_text = :search_text, source_issuer = :source_issuer,"
                " source_sort = :source_sort, issuer_sort = :issuer_sort WHERE uuid = :uuid",
                {"search_text": _search_text(task), "uuid": uuid, **_source_caches(task.source)},
            )


def save_task(store: Store, task: Task, today: date, known_fields: set[str] | None = None) -> Task:
    """Validate, then save a task and its documents in one transaction.

    Raises :class:`ValidationError` (nothing saved) when a field is wrong.
    Saving an unchanged task writes nothing.
    """
    if known_fields is None:
        known_fields = {f.code for f in reform_fields(store)}
    errors = validate_task(task, today, known_fields)
    if errors:
        raise ValidationError(errors)
    clean = normalized_task(task)
    with store.transaction():
        if clean.uuid and load_task(store, clean.uuid) == clean:
            return clean
        saved, edited = _write(store, clean, utc_now())
        refresh_document_caches(store, edited)
    return saved


def add_tasks(store: Store, tasks: Iterable[Task], today: date) -> list[Task]:
    """Add many tasks in one transaction (import, generated reports); all or none.

    Tasks that share a source document (same :class:`Document` value) share
    one stored document.
    """
    known = {f.code for f in reform_fields(store)}
    prepared = []
    for index, task in enumerate(tasks):
        errors = validate_task(task, today, known)
        if errors:
            raise ValidationError({f"{index}.{k}": v for k, v in errors.items()})
        prepared.append(normalized_task(task))
    saved_documents: dict[Document, Document] = {}
    added = []
    now = utc_now()
    with store.transaction():
        for task in prepared:
            source = task.source
            if source is not None and source.uuid is None:
                if source not in saved_documents:
                    saved_documents[source] = save_document(store, source)[0]
                source = saved_documents[source]
            added.append(_write(store, replace(task, source=source), now)[0])
    return added


def duplicate_task(store: Store, uuid: str, today: date) -> Task:
    """A copy to start again from: same content, source and lead; not started, no results."""
    task = load_task(store, uuid)
    if task is None:
        raise ValidationError({"task": "Nhiệm vụ này không còn trong dữ liệu."})
    copy = replace(
        task,
        uuid=None,
        status=Status.NOT_STARTED,
        completed_on=None,
        results=(),
        recurrence_key=None,
    )
    return save_task(store, copy, today)


@dataclass(frozen=True)
class BulkResult:
    changed: list[str]
    refused: list[tuple[str, str, str]]  # (uuid, content, reason)


def set_status(
    store: Store, uuids: Sequence[str], status: Status, completed_on: date | None, today: date
) -> BulkResult:
    """Change the status of many tasks at once; tasks that would break a rule are refused."""
    changed: list[str] = []
    refused: list[tuple[str, str, str]] = []
    now = utc_now()
    with store.transaction():
        for uuid in uuids:
            task = load_task(store, uuid)
            if task is None:
                continue
            updated = replace(
                task,
                status=status,
                completed_on=completed_on if status == Status.DONE else None,
            )
            errors = validate_task(updated, today)
            if errors:
                refused.append((uuid, task.content, " ".join(errors.values())))
                continue
            if updated != task:
                _write(store, updated, now)  # the same documents: none is edited
                changed.append(uuid)
    return BulkResult(changed, refused)


def delete_tasks(store: Store, uuids: Sequence[str]) -> int:
    """Delete tasks (their result links go too; tombstones are left by the triggers)."""
    with store.transaction():
        deleted = 0
        for uuid in uuids:
            deleted += store.conn.execute("DELETE FROM tasks WHERE uuid = ?", (uuid,)).rowcount
    return deleted


# --- statistics --------------------------------------------------------------------------


def task_facts(store: Store, start: date, end: date) -> list[TaskFacts]:
    """The tasks that belong to [start, end] (assigned in it or carried over into it)."""
    where, params = in_period_sql(start, end)
    sql = (
        "SELECT t.status, t.assigned_on, t.deadline, t.completed_on, t.field_code, t.kind,"
        f" t.source_issuer FROM tasks t WHERE {where}"
    )
    return [
        TaskFacts(
            Status(r[0]),
            date.fromisoformat(r[1]),
            stored_date(r[2]),
            stored_date(r[3]),
            r[4],
            SourceKind(r[5]),
            r[6],
        )
        for r in store.conn.execute(sql, params)
    ]


def add_periodic_reports(
    store: Store, tasks: Sequence[Task], today: date
) -> tuple[list[Task], int]:
    """Add the generated report tasks that are not there yet; returns (added, already there)."""
    keys = {t.recurrence_key for t in tasks}
    present = {
        row[0]
        for row in store.conn.execute(
            f"SELECT recurrence_key FROM tasks WHERE recurrence_key IN "
            f"({','.join('?' * len(keys))})",
            list(keys),
        )
    }
    missing = [t for t in tasks if t.recurrence_key not in present]
    return add_tasks(store, missing, today), len(tasks) - len(missing)


def task_years(store: Store) -> list[int]:
    """The years from the first task assigned to the last, newest first."""
    # Two queries: SQLite reads a lone min() or max() from the index in one step.
    first = store.conn.execute("SELECT min(assigned_on) FROM tasks").fetchone()[0]
    last = store.conn.execute("SELECT max(assigned_on) FROM tasks").fetchone()[0]
    if first is None:
        return []
    return list(range(int(last[:4]), int(first[:4]) - 1, -1))
