"""The task register in the store: saving, querying, bulk changes, undo, statistics facts.

The task table of the interface never loads the whole register: it asks for the
matching tasks in display order to be put in a temporary table of the connection
(:func:`select_tasks`), then reads the ids at the positions it shows
(:func:`shown_ids`) and their rows (:func:`task_rows`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar, cast

from cchc_desktop.core.task_stats import TaskFacts
from cchc_desktop.core.tasks import (
    DerivedState,
    Document,
    SourceKind,
    Status,
    Task,
    derived_state_sql,
    fingerprint,
    in_period_sql,
    normalized_task,
    states_named_by,
    validate_task,
)
from cchc_desktop.core.text import fold_for_search, vietnamese_sort_key
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.database import Store
from cchc_desktop.store.documents_repo import load_document, save_document
from cchc_desktop.store.errors import StoreError
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


@dataclass(frozen=True)
class TaskFilter:
    """What the officer asked to see. ``None`` means "any"."""

    start: date | None = None
    end: date | None = None
    field_code: str | None = None  # "" = tasks without a field
    status: Status | None = None
    state: DerivedState | None = None
    lead: str | None = None
    kind: SourceKind | None = None
    issuer: str | None = None  # "" = no assigning body named (NO_ISSUER_LABEL)
    text: str = ""

    @classmethod
    def for_year(cls, year: int, **values: Any) -> TaskFilter:
        """A calendar year, with the tasks carried over into it from earlier years."""
        return cls(start=date(year, 1, 1), end=date(year, 12, 31), **values)


# Sorting and filtering 100,000 tasks must stay well under a tenth of a second. Three
# paths, chosen by what the filter needs:
# 1. every condition is on columns of the covering index ``tasks_by_deadline`` and the
#    order is by deadline or by a group (state, status, kind, field): walk that index in
#    deadline order without touching the rows; groups are then ranked in Python with a
#    stable sort, so the nearest deadline comes first within each group;
# 2. no condition and a direct order (content, lead, dates …): walk that column's index;
# 3. anything else (text search, lead or issuer, other orders): one full scan, sorted by
#    SQLite — predictable, where an index walk would fetch rows at random.
# The order is the same on every path: ascending, by the column then by id, empty dates
# last (by id); descending reverses all but the empty dates; a group sort keeps, within
# each group, the nearest deadline first.
_DIRECT_SORTS = {
    "content": ("t.content_sort",),
    "lead": ("t.lead_sort", "t.lead"),  # as its index: equal keys then by the name itself
    "source": ("t.source_sort",),
    "issuer": ("t.issuer_sort",),
    "assigned_on": ("t.assigned_on",),
    "deadline": ("t.deadline",),
    "completed_on": ("t.completed_on",),
}
_NULLABLE_SORTS = {"deadline", "completed_on"}
_STATUS_ORDER = (
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.PAUSED,
    Status.DONE,
    Status.CANCELLED,
)
# Urgent first when sorting by state.
_STATE_ORDER = (
    DerivedState.OVERDUE,
    DerivedState.DUE_SOON,
    DerivedState.IN_TIME,
    DerivedState.NO_DEADLINE,
    DerivedState.PAUSED,
    DerivedState.DONE_LATE,
    DerivedState.DONE_ON_TIME,
    DerivedState.CANCELLED,
)
SORT_KEYS = (*_DIRECT_SORTS, "status", "state", "kind", "field")


def _case_rank(expression: str, values: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """``CASE expression WHEN :rank_0 THEN 0 …``: the values are passed as parameters."""
    cases = " ".join(f"WHEN :rank_{n} THEN {n}" for n in range(len(values)))
    params = {f"rank_{n}": value for n, value in enumerate(values)}
    return f"CASE {expression} {cases} ELSE {len(values)} END", params


def _rank_sql(
    store: Store, sort: str, today: date, due_soon_days: int
) -> tuple[str, dict[str, Any]]:
    """An integer expression ordering the groups of an enumerated sort."""
    if sort == "state":
        state_sql, params = derived_state_sql(today, due_soon_days)
        rank, rank_params = _case_rank(f"({state_sql})", [s.value for s in _STATE_ORDER])
        return rank, {**params, **rank_params}
    if sort == "status":
        return _case_rank("t.status", [s.value for s in _STATUS_ORDER])
    if sort == "kind":
        return _case_rank("t.kind", [k.value for k in SourceKind])
    if sort == "field":
        return _case_rank("t.field_code", [f.code for f in reform_fields(store)])
    raise ValueError(f"unknown sort key {sort!r}")


def _where(
    flt: TaskFilter,
    today: date,
    due_soon_days: int,
    *,
    with_state: bool = True,
    search_rows: bool = False,
) -> tuple[list[str], dict[str, Any], bool]:
    """The conditions of ``flt`` over ``tasks`` alone (no join).

    The flag says whether a condition needs columns outside ``tasks_by_deadline``.
    The text is looked up in its own index, or with ``search_rows`` in each row
    (for a few thousand rows already chosen).
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    needs_rows = False
    if flt.start is not None and flt.end is not None:
        sql, values = in_period_sql(flt.start, flt.end)
        clauses.append(sql)
        params.update(values)
    if flt.field_code is not None:
        if flt.field_code:
            clauses.append("t.field_code = :field_code")
            params["field_code"] = flt.field_code
        else:
            clauses.append("t.field_code IS NULL")
    if flt.status is not None:
        clauses.append("t.status = :status")
        params["status"] = flt.status.value
    if with_state and flt.state is not None:
        state_sql, state_params = derived_state_sql(today, due_soon_days)
        clauses.append(f"({state_sql}) = :state")
        params.update(state_params)
        params["state"] = flt.state.value
    if flt.kind is not None:
        clauses.append("t.kind = :kind")
        params["kind"] = flt.kind.value
    if flt.lead is not None:
        # through the index on (lead_sort, lead): the key and the name select the same rows
        clauses.append("t.lead_sort = :lead_sort AND t.lead = :lead")
        params["lead"] = flt.lead
        params["lead_sort"] = vietnamese_sort_key(flt.lead)
        needs_rows = True
    if flt.issuer is not None:
        # the cache is "" for a task set by the commune itself
        clauses.append("t.source_issuer = :issuer")
        params["issuer"] = flt.issuer
        needs_rows = True
    phrase = fold_for_search(flt.text)
    if phrase:
        # The words as typed, side by side: without diacritics almost every short word is
        # part of some syllable ("qua" of "quả", "han" of "hành"), so separate words would
        # find nearly everything; the phrase "qua han" finds "quá hạn".
        like = "search_text LIKE :phrase ESCAPE '\\'"
        text_clause = (
            f"t.{like}"
            if search_rows
            else f"t.id IN (SELECT id FROM tasks INDEXED BY tasks_search WHERE {like})"
        )
        # The words of a state or a status, as the table shows them («quá hạn», «hoàn
        # thành», «tạm dừng»), find those rows too.
        states, statuses = states_named_by(phrase)
        named = []
        if states:
            state_sql, state_params = derived_state_sql(today, due_soon_days)
            params.update(state_params)
            named.append(f"({state_sql}) IN ({', '.join(repr(s.value) for s in states)})")
        if statuses:
            named.append(f"t.status IN ({', '.join(repr(s.value) for s in statuses)})")
        clauses.append(f"({' OR '.join([text_clause, *named])})" if named else text_clause)
        escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["phrase"] = f"%{escaped}%"
        needs_rows = True
    return clauses, params, needs_rows


def _sql_where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def _group_parts(
    store: Store, sort: str, today: date, due_soon_days: int
) -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    """The groups of an enumerated sort as ordered index ranges: (condition, index, order).

    Read one after the other, in rank order, they give the rows grouped and, within each
    group, by deadline (empty deadlines last) then by entry — without sorting anything.
    """
    params: dict[str, Any] = {}
    parts: list[tuple[str, str, str]] = []
    if sort == "state":
        state_sql, params = derived_state_sql(today, due_soon_days)
        # Each state's rows lie in one range of the deadline index or of the status index;
        # the rule itself then picks them exactly.
        ranges = {
            DerivedState.OVERDUE: ("t.deadline < :state_today", "tasks_by_deadline"),
            DerivedState.DUE_SOON: (
                "t.deadline >= :state_today AND t.deadline <= :state_soon",
                "tasks_by_deadline",
            ),
            DerivedState.IN_TIME: ("t.deadline > :state_soon", "tasks_by_deadline"),
            DerivedState.NO_DEADLINE: ("t.deadline IS NULL", "tasks_by_deadline"),
            DerivedState.PAUSED: ("t.status = 'tam_dung'", "tasks_by_status"),
            DerivedState.DONE_LATE: ("t.status = 'hoan_thanh'", "tasks_by_status"),
            DerivedState.DONE_ON_TIME: ("t.status = 'hoan_thanh'", "tasks_by_status"),
            DerivedState.CANCELLED: ("t.status = 'huy'", "tasks_by_status"),
        }
        for state in _STATE_ORDER:
            condition, index = ranges[state]
            exact = f"{condition} AND ({state_sql}) = '{state.value}'"
            parts.append((f"{exact} AND t.deadline IS NOT NULL", index, "t.deadline, t.id"))
            parts.append((f"{exact} AND t.deadline IS NULL", index, "t.id"))
        return parts, params
    column, index, values = {
        "status": ("t.status", "tasks_by_status", [s.value for s in _STATUS_ORDER]),
        "kind": ("t.kind", "tasks_by_kind", [k.value for k in SourceKind]),
        "field": ("t.field_code", "tasks_by_field", [f.code for f in reform_fields(store)]),
    }[sort]
    for n, value in enumerate([*values, None]):
        if value is None:
            condition = f"{column} IS NULL"
        else:
            condition = f"{column} = :group{n}"
            params[f"group{n}"] = value
        parts.append((f"{condition} AND t.deadline IS NOT NULL", index, "t.deadline, t.id"))
        parts.append((f"{condition} AND t.deadline IS NULL", index, "t.id"))
    return parts, params


def _ordered_selects(
    store: Store,
    flt: TaskFilter,
    today: date,
    due_soon_days: int,
    sort: str,
    descending: bool,
) -> tuple[list[tuple[str, dict[str, Any], bool]], bool]:
    """SELECTs of (id, state) whose results, one after the other, are the display order.

    Each one's flag says whether the state column is filled (it is left NULL where
    computing it would mean reading every row at random). The second value says
    whether the SELECTs walk indexes in order — then their first rows come at once;
    a full scan must read everything before its first row.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    clauses, params, needs_rows = _where(flt, today, due_soon_days)
    state_sql, state_params = derived_state_sql(today, due_soon_days)
    direction = " DESC" if descending else ""
    direct = sort in _DIRECT_SORTS
    if not needs_rows and not direct:
        parts, part_params = _group_parts(store, sort, today, due_soon_days)
        params = {**params, **state_params, **part_params}
        if descending:  # groups in reverse, each still nearest deadline first
            pairs = [parts[i : i + 2] for i in range(0, len(parts), 2)]
            parts = [part for pair in reversed(pairs) for part in pair]
        return [
            (
                f"SELECT t.id, {state_sql} FROM tasks t INDEXED BY {index}"
                f"{_sql_where([*clauses, condition])} ORDER BY {order}",
                params,
                True,
            )
            for condition, index, order in parts
        ], True
    if not needs_rows and sort == "deadline":
        params = {**params, **state_params}
        select = f"SELECT t.id, {state_sql} FROM tasks t INDEXED BY tasks_by_deadline"
        dated = _sql_where([*clauses, "t.deadline IS NOT NULL"])
        undated = _sql_where([*clauses, "t.deadline IS NULL"])
        return [
            (f"{select}{dated} ORDER BY t.deadline{direction}, t.id{direction}", params, True),
            (f"{select}{undated} ORDER BY t.id", params, True),
        ], True
    columns = _DIRECT_SORTS.get(sort, ())
    ordering = ", ".join(f"{c}{direction}" for c in columns)
    if not clauses and direct:
        if sort in _NULLABLE_SORTS:
            column = columns[0]
            return [
                (
                    f"SELECT t.id, NULL FROM tasks t WHERE {column} IS NOT NULL"
                    f" ORDER BY {ordering}, t.id{direction}",
                    {},
                    False,
                ),
                (f"SELECT t.id, NULL FROM tasks t WHERE {column} IS NULL ORDER BY t.id", {}, False),
            ], True
        return [
            (f"SELECT t.id, NULL FROM tasks t ORDER BY {ordering}, t.id{direction}", {}, False)
        ], True
    params = {**params, **state_params}
    if direct:
        # The same order as the index walks: ties by id, reversed with the rest when
        # descending; empty dates last, by id.
        if sort in _NULLABLE_SORTS:
            column = columns[0]
            tie = (
                f"CASE WHEN {column} IS NULL THEN t.id ELSE t.id{' * -1' if descending else ''} END"
            )
            order = f"{column} IS NULL, {ordering}, {tie}"
        else:
            order = f"{ordering}, t.id{direction}"
    else:
        rank_sql, rank_params = _rank_sql(store, sort, today, due_soon_days)
        params.update(rank_params)
        order = f"{rank_sql}{direction}, t.deadline IS NULL, t.deadline, t.id"
    # With a search, a lead or an issuer, SQLite starts from that index and sorts the
    # rows found; otherwise one plain scan (an index walk would fetch rows at random).
    source = "tasks t" if needs_rows else "tasks t NOT INDEXED"
    sql = f"SELECT t.id, {state_sql} FROM {source}{_sql_where(clauses)} ORDER BY {order}"
    return [(sql, params, True)], False


# How many tasks, nearest deadline first, a search (or lead, issuer) looks through for
# the first screen before it reads everything: a few milliseconds of row reads.
PREFIX_ROWS = 4000


def _prefix_select(
    store: Store, flt: TaskFilter, today: date, due_soon_days: int
) -> tuple[str, dict[str, Any]]:
    """The matches among the first :data:`PREFIX_ROWS` dated tasks of the period, by deadline.

    For a filter that reads rows (text, lead, issuer) in deadline order: when enough
    of them match, they are the first rows of the whole selection, found without
    reading the register; otherwise the caller reads it all.
    """
    clauses, params, _ = _where(flt, today, due_soon_days, search_rows=True)
    period, period_params, _ = _where(
        TaskFilter(start=flt.start, end=flt.end), today, due_soon_days, with_state=False
    )
    state_sql, state_params = derived_state_sql(today, due_soon_days)
    inner = _sql_where([*period, "t.deadline IS NOT NULL"])
    sql = (
        f"SELECT t.id, {state_sql} FROM (SELECT t.id FROM tasks t INDEXED BY tasks_by_deadline"
        f"{inner} ORDER BY t.deadline, t.id LIMIT :prefix_rows) p JOIN tasks t ON t.id = p.id"
        f"{_sql_where(clauses)} ORDER BY t.deadline, t.id"
    )
    return sql, {**params, **period_params, **state_params, "prefix_rows": PREFIX_ROWS}


def task_ids(
    store: Store,
    flt: TaskFilter,
    today: date,
    due_soon_days: int,
    sort: str = "deadline",
    descending: bool = False,
) -> list[int]:
    """Ids of the matching tasks, in display order."""
    ids: list[int] = []
    selects, _ = _ordered_selects(store, flt, today, due_soon_days, sort, descending)
    for sql, params, _ in selects:
        ids += [row[0] for row in store.conn.execute(sql, params)]
    return ids


# The filters an empty result may come from, in the order they are suggested, with what the
# officer reads: the year first (a task of another year is the usual surprise).
_HELPFUL = (
    ("year", "năm"),
    ("state", "tình trạng"),
    ("status", "trạng thái"),
    ("field_code", "lĩnh vực"),
    ("kind", "loại nguồn"),
    ("lead", "chủ trì"),
    ("issuer", "cơ quan giao"),
    ("text", "nội dung tìm"),
)


def helpful_filter(
    store: Store, flt: TaskFilter, today: date, due_soon_days: int
) -> tuple[str, str, int] | None:
    """For a filter that shows nothing: the one filter whose removal shows some tasks, as
    (key, the filter's name as the screen labels it, how many tasks then), else None."""
    for key, label in _HELPFUL:
        if key == "year":
            if flt.start is None:
                continue
            wider = replace(flt, start=None, end=None)
        else:
            if getattr(flt, key) in (None, ""):
                continue
            cleared: dict[str, Any] = {key: "" if key == "text" else None}
            wider = replace(flt, **cleared)
        found = len(task_ids(store, wider, today, due_soon_days))
        if found:
            return key, label, found
    return None


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


_Value = TypeVar("_Value")


def _chunks(values: Sequence[_Value], size: int = 500) -> Iterator[Sequence[_Value]]:
    for first in range(0, len(values), size):
        yield values[first : first + size]


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
    selects, walks_indexes = _ordered_selects(store, flt, today, due_soon_days, sort, descending)
    if first_rows is not None and not walks_indexes and sort == "deadline" and not descending:
        sql, params = _prefix_select(store, flt, today, due_soon_days)
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
    for chunk in _chunks(list(uuids)):
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


def state_counts(
    store: Store, flt: TaskFilter, today: date, due_soon_days: int
) -> Counter[DerivedState]:
    """How many of the tasks matching ``flt`` (ignoring its state filter) are in each state."""
    clauses, params, needs_rows = _where(flt, today, due_soon_days, with_state=False)
    state_sql, state_params = derived_state_sql(today, due_soon_days)
    params.update(state_params)
    source = "tasks t" if needs_rows else "tasks t INDEXED BY tasks_by_deadline"
    sql = f"SELECT {state_sql} AS s, count(*) FROM {source}{_sql_where(clauses)} GROUP BY s"
    return Counter({DerivedState(s): n for s, n in store.conn.execute(sql, params)})


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
    _refresh_caches(store, document_uuids, set(task_uuids))


def _refresh_caches(
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
        _refresh_caches(store, edited)
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


# --- undo --------------------------------------------------------------------------------

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
    for chunk in _chunks(sorted(set(values))):
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
        for chunk in _chunks([u for u in snapshot.task_uuids if u not in kept]):
            conn.execute(f"DELETE FROM tasks WHERE uuid IN ({', '.join('?' * len(chunk))})", chunk)
        edited = [row["uuid"] for row in snapshot.rows["documents"] if put("documents", row)]
        documents = {row["uuid"] for row in snapshot.rows["documents"]}
        put_children("document_files", "document_uuid", documents)
        for row in snapshot.rows["tasks"]:
            put("tasks", row)
        put_children("task_documents", "task_uuid", kept)
        _refresh_caches(store, edited)


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
    for chunk in _chunks(ids):
        rows.extend(task_rows(store, list(chunk), as_of, due_soon_days))
    return rows


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


def added_snapshot(uuids: Sequence[str]) -> TaskSnapshot:
    """The "before" of tasks that did not exist: restoring it removes them (undo of adding)."""
    return TaskSnapshot(tuple(uuids), {table: [] for table in _SNAPSHOT_TABLES})
