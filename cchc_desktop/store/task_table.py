"""What the task table shows: the matching tasks, in display order, kept inside SQLite.

The task table of the interface never loads the whole register: it asks for the matching
tasks in display order to be put in a temporary table of the connection
(:func:`select_tasks`), then reads the ids at the positions it shows (:func:`shown_ids`)
and their rows (:func:`task_rows`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.tasks import (
    DerivedState,
    SourceKind,
    Status,
    derived_state_sql,
    in_period_sql,
)
from cchc_desktop.core.text import vietnamese_sort_key
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import in_chunks, stored_date
from cchc_desktop.store.task_query import TaskFilter, ordered_selects, prefix_select, state_counts


@dataclass(frozen=True)
class TaskSelection:
    """What the task table shows: how many, and how many in each state.

    ``complete`` is False when only the first rows were put in (``first_rows``):
    ``count`` is then those rows only and ``counts`` is empty.
    """

    count: int
    counts: Counter[DerivedState]
    complete: bool = True


_SHOWN = "temp.shown_tasks"


def select_tasks(
    store: Store,
    flt: TaskFilter,
    today: date,
    due_soon_days: int,
    sort: str = "deadline",
    descending: bool = False,
    counts: Counter[DerivedState] | None = None,
    first_rows: int | None = None,
) -> TaskSelection:
    """Put the matching tasks, in display order, in a table of this connection.

    The list stays inside SQLite: the interface reads the rows it shows by position
    (:func:`shown_ids`), so neither filtering nor scrolling loads the register. Pass
    the ``counts`` of the previous selection when only the order changed.

    With ``first_rows``, only that many rows are put in — enough to fill a screen at
    once; a second call without it completes the selection, in the same order, so
    the first rows keep their positions. A selection that reads rows (text search,
    lead, issuer) looks for its first rows among the nearest deadlines only when it
    is ordered by deadline; otherwise it is made whole at once.
    """
    conn = store.conn
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {_SHOWN} "
        "(position INTEGER PRIMARY KEY, id INTEGER NOT NULL, state TEXT)"
    )
    conn.execute(f"DELETE FROM {_SHOWN}")
    states_known = True
    selects, walks_indexes = ordered_selects(store, flt, today, due_soon_days, sort, descending)
    if first_rows is not None and not walks_indexes and sort == "deadline" and not descending:
        sql, params = prefix_select(store, flt, today, due_soon_days)
        found = conn.execute(
            f"INSERT INTO {_SHOWN} (id, state) {sql} LIMIT :first_rows_limit",
            {**params, "first_rows_limit": first_rows + 1},
        ).rowcount
        if found > first_rows:  # more match: these are the head of the whole order
            conn.execute(f"DELETE FROM {_SHOWN} WHERE position > ?", (first_rows,))
            return TaskSelection(first_rows, Counter(), complete=False)
        conn.execute(f"DELETE FROM {_SHOWN}")  # too few so far: the whole selection below
    room = first_rows if walks_indexes else None
    for sql, params, with_state in selects:
        if room is None:
            conn.execute(f"INSERT INTO {_SHOWN} (id, state) {sql}", params)
        else:
            # one row more than there is room for tells whether more rows match
            limited = {**params, "first_rows_limit": room + 1}
            room -= conn.execute(
                f"INSERT INTO {_SHOWN} (id, state) {sql} LIMIT :first_rows_limit", limited
            ).rowcount
            if room < 0:
                conn.execute(f"DELETE FROM {_SHOWN} WHERE position > ?", (first_rows,))
                assert first_rows is not None
                return TaskSelection(first_rows, Counter(), complete=False)
        states_known &= with_state
    count = conn.execute(f"SELECT count(*) FROM {_SHOWN}").fetchone()[0]
    if counts is None and states_known:
        counts = Counter(
            {
                DerivedState(s): n
                for s, n in conn.execute(f"SELECT state, count(*) FROM {_SHOWN} GROUP BY state")
            }
        )
    elif counts is None:
        counts = state_counts(store, flt, today, due_soon_days)
    return TaskSelection(count, counts)


def shown_ids(store: Store, first: int, last: int) -> list[int]:
    """Ids at display positions [first, last) of the last :func:`select_tasks`."""
    return [
        row[0]
        for row in store.conn.execute(
            f"SELECT id FROM {_SHOWN} WHERE position > ? AND position <= ? ORDER BY position",
            (first, last),
        )
    ]


def shown_positions(store: Store, uuids: Sequence[str]) -> list[int]:
    """Where these tasks stand in the last selection (0-based, in order), to keep them selected."""
    positions: list[int] = []
    for chunk in in_chunks(list(uuids)):
        positions += [
            row[0] - 1
            for row in store.conn.execute(
                f"SELECT s.position FROM {_SHOWN} s JOIN tasks t ON t.id = s.id"
                f" WHERE t.uuid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        ]
    return sorted(positions)


def shown_uuids(store: Store, first: int, last: int) -> list[str]:
    """The uuids at display positions [first, last) of the last selection, in order."""
    return [
        row[0]
        for row in store.conn.execute(
            f"SELECT t.uuid FROM {_SHOWN} s JOIN tasks t ON t.id = s.id"
            " WHERE s.position > ? AND s.position <= ? ORDER BY s.position",
            (first, last),
        )
    ]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One line of the task table, ready to show."""

    id: int
    uuid: str
    content: str
    field_name: str
    kind: SourceKind
    self_assigned: bool
    source_number: str
    source_date: date | None
    issuer: str
    lead: str
    coordinators: tuple[str, ...]
    assigned_on: date
    deadline: date | None
    status: Status
    completed_on: date | None
    state: DerivedState
    results: str
    notes: str


def task_rows(store: Store, ids: Sequence[int], today: date, due_soon_days: int) -> list[TaskRow]:
    """The rows for ``ids``, in the order given."""
    if not ids:
        return []
    state_sql, state_params = derived_state_sql(today, due_soon_days)
    params: dict[str, object] = {**state_params}
    params.update({f"id{n}": value for n, value in enumerate(ids)})
    placeholders = ",".join(f":id{n}" for n in range(len(ids)))
    sql = (
        "SELECT t.id, t.uuid, t.content, COALESCE(f.name, ''), t.kind, t.self_assigned,"
        " COALESCE(d.number, ''), d.issued_on, COALESCE(d.issuer, ''), t.lead, t.coordinators,"
        " t.assigned_on, t.deadline, t.status, t.completed_on,"
        f" {state_sql},"
        " (SELECT group_concat(CASE WHEN r.number != '' THEN r.number ELSE r.summary END, '; ')"
        "   FROM task_documents td JOIN documents r ON r.uuid = td.document_uuid"
        "   WHERE td.task_uuid = t.uuid), t.notes"
        " FROM tasks t LEFT JOIN documents d ON d.uuid = t.source_document_uuid"
        " LEFT JOIN reform_fields f ON f.code = t.field_code"
        f" WHERE t.id IN ({placeholders})"
    )
    by_id = {}
    for r in store.conn.execute(sql, params):
        by_id[r[0]] = TaskRow(
            id=r[0],
            uuid=r[1],
            content=r[2],
            field_name=r[3],
            kind=SourceKind(r[4]),
            self_assigned=bool(r[5]),
            source_number=r[6],
            source_date=stored_date(r[7]),
            issuer=r[8],
            lead=r[9],
            coordinators=tuple(json.loads(r[10])),
            assigned_on=date.fromisoformat(r[11]),
            deadline=stored_date(r[12]),
            status=Status(r[13]),
            completed_on=stored_date(r[14]),
            state=DerivedState(r[15]),
            results=r[16] or "",
            notes=r[17],
        )
    return [by_id[i] for i in ids if i in by_id]


def _distinct(store: Store, index: str, key: str, value: str) -> list[str]:
    """The distinct values of an indexed column, in index order.

    Read by jumping from one value to the next in the index: as many seeks as there
    are values (a few dozen), rather than a pass over every task.
    """
    values: list[str] = []
    last = ""
    seek = (
        f"SELECT {key}, {value} FROM tasks INDEXED BY {index}"
        f" WHERE {key} > ? ORDER BY {key} LIMIT 1"
    )
    while (row := store.conn.execute(seek, (last,)).fetchone()) is not None:
        last = row[0]
        values.append(row[1])
    return values


def distinct_leads(store: Store) -> list[str]:
    """Everyone who leads a task, in Vietnamese order."""
    return _distinct(store, "tasks_lead_sort", "lead_sort", "lead")


def distinct_issuers(store: Store) -> list[str]:
    """The bodies that assigned tasks, in Vietnamese order."""
    issuers = _distinct(store, "tasks_source_issuer", "source_issuer", "source_issuer")
    return sorted((i for i in issuers if i), key=vietnamese_sort_key)


def task_count(store: Store) -> int:
    count: int = store.conn.execute("SELECT count(*) FROM tasks").fetchone()[0]
    return count


def period_task_rows(
    store: Store, start: date, end: date, as_of: date, due_soon_days: int
) -> list[TaskRow]:
    """The tasks of [start, end] (assigned in it or carried over into it) as they stood on
    ``as_of``: by reform field (in the fields' order), then deadline, then content."""
    where, params = in_period_sql(start, end)
    sql = (
        "SELECT t.id FROM tasks t LEFT JOIN reform_fields f ON f.code = t.field_code"
        f" WHERE {where} AND t.status != 'huy'"
        " ORDER BY f.code IS NULL, f.sort_order, f.code,"
        " t.deadline IS NULL, t.deadline, t.assigned_on, t.id"
    )
    ids = [r[0] for r in store.conn.execute(sql, params)]
    rows: list[TaskRow] = []
    for chunk in in_chunks(ids):
        rows.extend(task_rows(store, list(chunk), as_of, due_soon_days))
    return rows
