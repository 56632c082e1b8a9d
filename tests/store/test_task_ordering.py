"""Every filter and order of the task table against a plain-Python reference.

The repository answers through three query paths (covering index, index walk, full
scan); whichever it takes, the result must be exactly what the rules say.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from cchc_desktop.core.tasks import (
    DerivedState,
    Document,
    SourceKind,
    Status,
    derived_state,
    in_period,
)
from cchc_desktop.core.text import fold_for_search, vietnamese_sort_key
from cchc_desktop.store import task_query
from cchc_desktop.store.task_query import (
    SORT_KEYS,
    TaskFilter,
    ordered_selects,
    state_counts,
    task_ids,
)
from cchc_desktop.store.task_repo import add_tasks, load_task, reform_fields
from cchc_desktop.store.task_table import select_tasks, shown_ids
from tests.support.task_factory import task

TODAY = date(2026, 11, 22)
SOON = 7
_STATE_RANK = [
    DerivedState.OVERDUE,
    DerivedState.DUE_SOON,
    DerivedState.IN_TIME,
    DerivedState.NO_DEADLINE,
    DerivedState.PAUSED,
    DerivedState.DONE_LATE,
    DerivedState.DONE_ON_TIME,
    DerivedState.CANCELLED,
]
_STATUS_RANK = [
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.PAUSED,
    Status.DONE,
    Status.CANCELLED,
]


@pytest.fixture(scope="module")
def register(tmp_path_factory):  # type: ignore[no-untyped-def]
    from cchc_desktop.store import open_store

    store = open_store(tmp_path_factory.mktemp("ordering") / "cchc.db")
    random.seed(42)
    words = ["rà soát", "Quá hạn", "đăng tải", "công bố", "ứng dụng", "ước tính", "báo cáo"]
    issuers = ["UBND tỉnh Gia Lai", "UBND xã An Bình", "Sở Nội vụ tỉnh Gia Lai", ""]
    leads = ["Công an xã", "Văn phòng HĐND và UBND", "Đỗ Văn Út", "Ánh", "anh"]
    tasks = []
    # Deadlines from a few days around today: every derived state occurs, with many ties.
    offsets = [-400, -40, -1, 0, 3, 7, 8, 60]
    for n in range(300):
        status = random.choice(list(Status))
        deadline = TODAY + timedelta(days=random.choice(offsets)) if n % 6 else None
        assigned = min(deadline or TODAY, TODAY) - timedelta(days=random.randint(0, 500))
        completed = (
            min(TODAY, assigned + timedelta(days=random.randint(0, 300)))
            if status == Status.DONE
            else None
        )
        self_set = random.random() < 0.2
        source = Document(
            number=random.choice(["45/KH-UBND", "111/TB-UBND", "9/KH"]),
            issued_on=date(2023, 12, 1),
            issuer=random.choice(issuers),
        )
        tasks.append(
            task(
                f"{random.choice(words)} {random.choice(words)} {n % 7}",
                lead=random.choice(leads),
                assigned_on=assigned,
                deadline=deadline,
                status=status,
                completed_on=completed,
                field_code=random.choice(["CDDH", "TTHC", "CQS", None]),
                kind=random.choice(list(SourceKind)),
                self_assigned=self_set,
                source=None if self_set else source,
            )
        )
    # some exact ties
    tasks += [replace(tasks[0], uuid=None) for _ in range(3)]
    saved = add_tasks(store, tasks, TODAY)
    states = {t.state(TODAY, SOON) for t in saved}
    assert states == set(DerivedState), "the fixture must hold every state"
    ids = dict(store.conn.execute("SELECT uuid, id FROM tasks").fetchall())
    records = [(ids[t.uuid], load_task(store, t.uuid)) for t in saved]
    yield store, records
    store.close()


def _reference(records, flt: TaskFilter, sort: str, descending: bool, fields) -> list[int]:  # type: ignore[no-untyped-def]
    def state(t):  # type: ignore[no-untyped-def]
        return derived_state(t.status, t.deadline, t.completed_on, TODAY, SOON)

    def keep(t) -> bool:  # type: ignore[no-untyped-def]
        if flt.start and not in_period(t.assigned_on, t.status, t.completed_on, flt.start, flt.end):
            return False
        if flt.field_code is not None and (t.field_code or "") != flt.field_code:
            return False
        if flt.status is not None and t.status != flt.status:
            return False
        if flt.state is not None and state(t) != flt.state:
            return False
        if flt.kind is not None and t.kind != flt.kind:
            return False
        if flt.lead is not None and t.lead != flt.lead:
            return False
        if flt.issuer is not None:
            issuer = "" if t.self_assigned else t.source.issuer
            if issuer != flt.issuer:
                return False
        haystack = fold_for_search(
            " ".join(
                [
                    t.content,
                    t.lead,
                    *t.coordinators,
                    t.notes,
                    *(x for d in [t.source] if d for x in (d.number, d.issuer, d.summary)),
                ]
            )
        )
        phrase = fold_for_search(flt.text)
        # the words of the state or the status the table shows find the row too
        named = fold_for_search(state(t).label) + "\n" + fold_for_search(t.status.label)
        return phrase in haystack or bool(phrase and phrase in named)

    chosen = [(i, t) for i, t in records if keep(t)]
    direct = {
        "content": lambda t: vietnamese_sort_key(t.content),
        "lead": lambda t: vietnamese_sort_key(t.lead),
        "source": lambda t: vietnamese_sort_key(t.source.number) if t.source else "",
        "issuer": lambda t: vietnamese_sort_key(t.source.issuer) if t.source else "",
        "assigned_on": lambda t: t.assigned_on,
        "deadline": lambda t: t.deadline,
        "completed_on": lambda t: t.completed_on,
    }
    if sort in direct:
        key = direct[sort]
        present = sorted(
            (p for p in chosen if key(p[1]) is not None), key=lambda p: (key(p[1]), p[0])
        )
        empty = sorted((p for p in chosen if key(p[1]) is None), key=lambda p: p[0])
        if descending:
            present.reverse()
        return [i for i, _ in present + empty]
    rank = {
        "state": lambda t: _STATE_RANK.index(state(t)),
        "status": lambda t: _STATUS_RANK.index(t.status),
        "kind": lambda t: list(SourceKind).index(t.kind),
        "field": lambda t: fields.index(t.field_code) if t.field_code in fields else len(fields),
    }[sort]
    by_deadline = sorted(
        chosen, key=lambda p: (p[1].deadline is None, p[1].deadline or date.min, p[0])
    )
    by_deadline.sort(key=lambda p: rank(p[1]), reverse=descending)
    return [i for i, _ in by_deadline]


FILTERS = [
    TaskFilter(),
    TaskFilter.for_year(2026),
    TaskFilter.for_year(2025, state=DerivedState.OVERDUE),
    TaskFilter(state=DerivedState.DUE_SOON),
    TaskFilter(field_code="TTHC", status=Status.IN_PROGRESS),
    TaskFilter(field_code=""),
    TaskFilter(kind=SourceKind.INSPECTION),
    TaskFilter(lead="Công an xã"),
    TaskFilter(issuer="UBND tỉnh Gia Lai"),
    TaskFilter(issuer=""),
    TaskFilter(text="qua han"),
    TaskFilter.for_year(2026, text="Ứng dụng"),
]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_order_under_every_filter(register, sort: str, descending: bool) -> None:  # type: ignore[no-untyped-def]
    store, records = register
    fields = [f.code for f in reform_fields(store)]
    for flt in FILTERS:
        expected = _reference(records, flt, sort, descending, fields)
        assert task_ids(store, flt, TODAY, SOON, sort, descending) == expected, flt


def test_state_counts_match_the_rule(register) -> None:  # type: ignore[no-untyped-def]
    store, records = register
    for flt in FILTERS:
        counts = state_counts(store, flt, TODAY, SOON)
        unstated = replace(flt, state=None)
        expected = {}
        for i in _reference(records, unstated, "deadline", False, []):
            t = dict(records)[i]
            s = derived_state(t.status, t.deadline, t.completed_on, TODAY, SOON)
            expected[s] = expected.get(s, 0) + 1
        assert dict(counts) == expected, flt


@pytest.mark.parametrize("sort", ["deadline", "content", "state", "lead"])
def test_selection_in_the_store_matches(register, sort: str) -> None:  # type: ignore[no-untyped-def]
    store, records = register
    for flt in FILTERS:
        for descending in (False, True):
            selection = select_tasks(store, flt, TODAY, SOON, sort, descending)
            expected = task_ids(store, flt, TODAY, SOON, sort, descending)
            assert selection.count == len(expected)
            assert shown_ids(store, 0, selection.count) == expected
            assert shown_ids(store, 5, 9) == expected[5:9]
            shown = dict(records)
            expected_counts: dict[DerivedState, int] = {}
            for i in expected:
                t = shown[i]
                s = derived_state(t.status, t.deadline, t.completed_on, TODAY, SOON)
                expected_counts[s] = expected_counts.get(s, 0) + 1
            assert dict(selection.counts) == expected_counts, (flt, sort)


@pytest.mark.parametrize("prefix_rows", [40, 4000])
@pytest.mark.parametrize("sort", ["deadline", "state", "content", "field"])
def test_first_rows_are_the_head_of_the_full_order(
    register, sort: str, prefix_rows: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store, _ = register
    monkeypatch.setattr(task_query, "PREFIX_ROWS", prefix_rows)
    stopped_early = 0
    for flt in FILTERS:
        expected = task_ids(store, flt, TODAY, SOON, sort, False)
        first = select_tasks(store, flt, TODAY, SOON, sort, False, first_rows=25)
        _, walks_indexes = ordered_selects(store, flt, TODAY, SOON, sort, False)
        if len(expected) > 25 and walks_indexes:
            assert not first.complete
        if first.complete:
            assert first.count == len(expected), flt
        else:
            assert first.count == 25 and not first.counts, flt
            stopped_early += not walks_indexes  # a search's head found among the nearest
        assert shown_ids(store, 0, first.count) == expected[: first.count], (flt, sort)
    if sort == "deadline" and prefix_rows == 4000:
        assert stopped_early  # the shortcut for searches was taken at least once
