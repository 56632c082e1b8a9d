"""Task rules: validation at each field, derived states, the period a task belongs to."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from cchc_desktop.core.tasks import (
    DerivedState,
    Document,
    Status,
    derived_state,
    derived_state_sql,
    in_period,
    in_period_sql,
    normalized_task,
    validate_task,
)
from tests.support.task_factory import task

TODAY = date(2026, 11, 22)


def test_a_valid_task_has_no_errors() -> None:
    assert validate_task(task(), TODAY, {"TTHC"}) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"content": "   "}, "content", "Chưa nhập nội dung nhiệm vụ."),
        ({"lead": ""}, "lead", "Chưa nhập người hoặc đơn vị chủ trì."),
        (
            {"deadline": date(2026, 1, 31)},
            "deadline",
            "Thời hạn 31/01/2026 trước ngày giao 01/02/2026.",
        ),
        (
            {"status": Status.DONE},
            "completed_on",
            "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.",
        ),
        (
            {"status": Status.DONE, "completed_on": date(2026, 12, 1)},
            "completed_on",
            "Ngày hoàn thành 01/12/2026 chưa tới (hôm nay là 22/11/2026).",
        ),
        (
            {"status": Status.DONE, "completed_on": date(2026, 1, 5)},
            "completed_on",
            "Ngày hoàn thành 05/01/2026 trước ngày giao 01/02/2026.",
        ),
        (
            {"completed_on": date(2026, 5, 1)},
            "completed_on",
            "Chỉ nhiệm vụ có trạng thái «Hoàn thành» mới có ngày hoàn thành.",
        ),
        (
            {"source": Document(summary="Kế hoạch")},
            "source_number",
            "Nhập số, ký hiệu văn bản giao nhiệm vụ, hoặc chọn «Đơn vị tự đặt».",
        ),
        (
            {"source": Document(number="9/KH", issued_on=date(2027, 1, 1))},
            "source_issued_on",
            "Ngày ban hành 01/01/2027 không được sau hôm nay.",
        ),
        ({"field_code": "XYZ"}, "field_code", "Lĩnh vực này không có trong danh mục."),
    ],
)
def test_each_mistake_is_named_at_its_field(changes: dict, field: str, message: str) -> None:
    errors = validate_task(task(**changes), TODAY, {"TTHC"})
    assert errors == {field: message}


def test_self_assigned_task_needs_no_document() -> None:
    clean = normalized_task(task(self_assigned=True))
    assert validate_task(clean, TODAY) == {}
    assert clean.source is None


def test_normalization_tidies_text_and_lists() -> None:
    clean = normalized_task(
        task(content="  Rà soát   TTHC ", coordinators=(" Công an xã ", "", "Tư pháp"))
    )
    assert clean.content == "Rà soát TTHC"
    assert clean.coordinators == ("Công an xã", "Tư pháp")


@pytest.mark.parametrize(
    ("status", "deadline", "completed", "expected"),
    [
        (Status.CANCELLED, date(2026, 1, 1), None, DerivedState.CANCELLED),
        (Status.DONE, date(2026, 6, 30), date(2026, 6, 30), DerivedState.DONE_ON_TIME),
        (Status.DONE, None, date(2026, 6, 30), DerivedState.DONE_ON_TIME),
        (Status.DONE, date(2026, 6, 30), date(2026, 7, 1), DerivedState.DONE_LATE),
        (Status.PAUSED, date(2026, 1, 1), None, DerivedState.PAUSED),
        (Status.IN_PROGRESS, None, None, DerivedState.NO_DEADLINE),
        (Status.IN_PROGRESS, date(2026, 11, 21), None, DerivedState.OVERDUE),
        (Status.NOT_STARTED, date(2026, 11, 22), None, DerivedState.DUE_SOON),
        (Status.NOT_STARTED, date(2026, 11, 29), None, DerivedState.DUE_SOON),
        (Status.NOT_STARTED, date(2026, 11, 30), None, DerivedState.IN_TIME),
        # judged on an earlier day, a task completed later was still open
        (Status.DONE, date(2026, 11, 1), date(2026, 11, 25), DerivedState.OVERDUE),
    ],
)
def test_derived_state(status, deadline, completed, expected) -> None:  # type: ignore[no-untyped-def]
    assert derived_state(status, deadline, completed, TODAY, 7) == expected


def _all_combinations() -> list[tuple[Status, date | None, date | None]]:
    days = [None, *(TODAY + timedelta(days=d) for d in (-40, -1, 0, 1, 6, 7, 8, 30))]
    combos = []
    for status, deadline, completed in itertools.product(Status, days, days):
        if (status == Status.DONE) != (completed is not None):
            continue
        combos.append((status, deadline, completed))
    return combos


def test_sql_rule_agrees_with_python_rule(store) -> None:  # type: ignore[no-untyped-def]
    sql, params = derived_state_sql(TODAY, 7)
    for status, deadline, completed in _all_combinations():
        query = sql.replace(":state_today", "?1").replace(":state_soon", "?2")
        value = store.conn.execute(
            f"SELECT {query} FROM (SELECT ?3 AS status, ?4 AS deadline, ?5 AS completed_on)",
            (
                params["state_today"],
                params["state_soon"],
                status.value,
                deadline.isoformat() if deadline else None,
                completed.isoformat() if completed else None,
            ),
        ).fetchone()[0]
        assert value == derived_state(status, deadline, completed, TODAY, 7).value, (
            status,
            deadline,
            completed,
        )


def test_period_rule_sql_agrees_with_python(store) -> None:  # type: ignore[no-untyped-def]
    random.seed(7)
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    sql, params = in_period_sql(start, end)
    for _ in range(400):
        status = random.choice(list(Status))
        assigned = date(2024, 1, 1) + timedelta(days=random.randint(0, 1200))
        completed = (
            assigned + timedelta(days=random.randint(0, 400)) if status == Status.DONE else None
        )
        value = store.conn.execute(
            f"SELECT {sql} FROM (SELECT :a AS assigned_on, :s AS status, :c AS completed_on)",
            {
                **params,
                "a": assigned.isoformat(),
                "s": status.value,
                "c": completed.isoformat() if completed else None,
            },
        ).fetchone()[0]
        assert bool(value) == in_period(assigned, status, completed, start, end)


def test_open_task_of_an_earlier_year_belongs_to_later_years() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert in_period(date(2024, 3, 1), Status.IN_PROGRESS, None, start, end)
    assert in_period(date(2024, 3, 1), Status.DONE, date(2026, 2, 1), start, end)
    assert not in_period(date(2024, 3, 1), Status.DONE, date(2025, 12, 31), start, end)
    assert not in_period(date(2024, 3, 1), Status.CANCELLED, None, start, end)
    assert not in_period(date(2027, 1, 2), Status.IN_PROGRESS, None, start, end)
