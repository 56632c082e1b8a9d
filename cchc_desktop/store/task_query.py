"""Finding tasks and ordering them: the filter, the sort keys, and the SQL of the display order.

The display order is read from the indexes where it can be (each group of a sort key is an
index walk, nearest deadline first), so the first screen comes at once; a search, a lead or
an issuer reads the matching rows and sorts them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cchc_desktop.core.tasks import (
    DerivedState,
    SourceKind,
    Status,
    derived_state_sql,
    in_period_sql,
    states_named_by,
)
from cchc_desktop.core.text import fold_for_search, vietnamese_sort_key
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_repo import reform_fields


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


_Select = tuple[str, dict[str, Any], bool]


def ordered_selects(
    store: Store,
    flt: TaskFilter,
    today: date,
    due_soon_days: int,
    sort: str,
    descending: bool,
) -> tuple[list[_Select], bool]:
    """SELECTs of (id, state) whose results, one after the other, are the display order.

    Each one's flag says whether the state column is filled (it is left NULL where
    computing it would mean reading every row at random). The second value says
    whether the SELECTs walk indexes in order — then their first rows come at once;
    a full scan must read everything before its first row.
    """
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")
    clauses, params, needs_rows = _where(flt, today, due_soon_days)
    order = _Order(store, today, due_soon_days, sort, descending)
    walks = _index_walks(order, clauses, params, needs_rows)
    if walks is not None:
        return walks, True
    return [_sorted_scan(order, clauses, params, needs_rows)], False


@dataclass(frozen=True)
class _Order:
    """A display order asked for: the sort key, its direction, and the day its states are
    judged on."""

    store: Store
    today: date
    due_soon_days: int
    sort: str
    descending: bool

    @property
    def direct(self) -> bool:
        return self.sort in _DIRECT_SORTS

    @property
    def direction(self) -> str:
        return " DESC" if self.descending else ""


def _index_walks(
    order: _Order, clauses: list[str], params: dict[str, Any], needs_rows: bool
) -> list[_Select] | None:
    """The SELECTs that walk indexes in the display order; None when the rows found must be
    sorted instead (a filter that reads rows, or one on a sort by a column)."""
    state_sql, state_params = derived_state_sql(order.today, order.due_soon_days)
    direction = order.direction
    if not needs_rows and not order.direct:
        parts, part_params = _group_parts(order.store, order.sort, order.today, order.due_soon_days)
        params = {**params, **state_params, **part_params}
        if order.descending:  # groups in reverse, each still nearest deadline first
            pairs = [parts[i : i + 2] for i in range(0, len(parts), 2)]
            parts = [part for pair in reversed(pairs) for part in pair]
        return [
            (
                f"SELECT t.id, {state_sql} FROM tasks t INDEXED BY {index}"
                f"{_sql_where([*clauses, condition])} ORDER BY {by}",
                params,
                True,
            )
            for condition, index, by in parts
        ]
    if not needs_rows and order.sort == "deadline":
        params = {**params, **state_params}
        select = f"SELECT t.id, {state_sql} FROM tasks t INDEXED BY tasks_by_deadline"
        dated = _sql_where([*clauses, "t.deadline IS NOT NULL"])
        undated = _sql_where([*clauses, "t.deadline IS NULL"])
        return [
            (f"{select}{dated} ORDER BY t.deadline{direction}, t.id{direction}", params, True),
            (f"{select}{undated} ORDER BY t.id", params, True),
        ]
    if clauses or not order.direct:
        return None
    columns = _DIRECT_SORTS[order.sort]
    ordering = ", ".join(f"{c}{direction}" for c in columns)
    if order.sort in _NULLABLE_SORTS:
        column = columns[0]
        return [
            (
                f"SELECT t.id, NULL FROM tasks t WHERE {column} IS NOT NULL"
                f" ORDER BY {ordering}, t.id{direction}",
                {},
                False,
            ),
            (f"SELECT t.id, NULL FROM tasks t WHERE {column} IS NULL ORDER BY t.id", {}, False),
        ]
    return [(f"SELECT t.id, NULL FROM tasks t ORDER BY {ordering}, t.id{direction}", {}, False)]


def _sorted_scan(
    order: _Order, clauses: list[str], params: dict[str, Any], needs_rows: bool
) -> _Select:
    """One SELECT that finds the matching rows and sorts them into the display order."""
    state_sql, state_params = derived_state_sql(order.today, order.due_soon_days)
    params = {**params, **state_params}
    direction = order.direction
    if order.direct:
        # The same order as the index walks: ties by id, reversed with the rest when
        # descending; empty dates last, by id.
        columns = _DIRECT_SORTS[order.sort]
        ordering = ", ".join(f"{c}{direction}" for c in columns)
        if order.sort in _NULLABLE_SORTS:
            column = columns[0]
            tie = (
                f"CASE WHEN {column} IS NULL THEN t.id "
                f"ELSE t.id{' * -1' if order.descending else ''} END"
            )
            by = f"{column} IS NULL, {ordering}, {tie}"
        else:
            by = f"{ordering}, t.id{direction}"
    else:
        rank_sql, rank_params = _rank_sql(order.store, order.sort, order.today, order.due_soon_days)
        params.update(rank_params)
        by = f"{rank_sql}{direction}, t.deadline IS NULL, t.deadline, t.id"
    # With a search, a lead or an issuer, SQLite starts from that index and sorts the
    # rows found; otherwise one plain scan (an index walk would fetch rows at random).
    source = "tasks t" if needs_rows else "tasks t NOT INDEXED"
    return (
        f"SELECT t.id, {state_sql} FROM {source}{_sql_where(clauses)} ORDER BY {by}",
        params,
        True,
    )


# How many tasks, nearest deadline first, a search (or lead, issuer) looks through for
# the first screen before it reads everything: a few milliseconds of row reads.
PREFIX_ROWS = 4000


def prefix_select(
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
    selects, _ = ordered_selects(store, flt, today, due_soon_days, sort, descending)
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
