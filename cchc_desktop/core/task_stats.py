"""Figures that superiors ask for: "35/35 nhiệm vụ hoàn thành", "có 43 nhiệm vụ quá hạn".

Counted for a period [start, end] as it stood on ``as_of`` = the earlier of
``end`` and today. The period holds the tasks assigned in it and those carried
over into it (assigned earlier, still open at its start): unfinished tasks do
not disappear at New Year. Cancelled tasks are counted apart and left out of
the total; paused tasks are in the total but never overdue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from cchc_desktop.core.tasks import (
    DEFAULT_DUE_SOON_DAYS,
    DerivedState,
    SourceKind,
    Status,
    derived_state,
    in_period,
)
from cchc_desktop.core.text import format_decimal


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What the statistics need of one task (the store reads them in one query)."""

    status: Status
    assigned_on: date
    deadline: date | None
    completed_on: date | None
    field_code: str | None
    kind: SourceKind
    issuer: str  # "" when no assigning body is named (see NO_ISSUER_LABEL)


@dataclass
class TaskStatistics:
    start: date
    end: date
    as_of: date
    total: int = 0
    cancelled: int = 0
    carried_over: int = 0
    by_state: Counter[DerivedState] = field(default_factory=Counter)
    by_status: Counter[Status] = field(default_factory=Counter)
    by_field: dict[str | None, Counter[DerivedState]] = field(default_factory=dict)
    overdue_by_field: Counter[str | None] = field(default_factory=Counter)
    overdue_by_kind: Counter[SourceKind] = field(default_factory=Counter)
    overdue_by_issuer: Counter[str] = field(default_factory=Counter)
    overdue_carried_over: int = 0

    @property
    def done_on_time(self) -> int:
        return self.by_state[DerivedState.DONE_ON_TIME]

    @property
    def done_late(self) -> int:
        return self.by_state[DerivedState.DONE_LATE]

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def overdue(self) -> int:
        return self.by_state[DerivedState.OVERDUE]

    @property
    def open(self) -> int:
        """Not finished on ``as_of`` and not overdue: in time, due soon, without deadline."""
        return (
            self.by_state[DerivedState.IN_TIME]
            + self.by_state[DerivedState.DUE_SOON]
            + self.by_state[DerivedState.NO_DEADLINE]
        )

    @property
    def on_time_rate(self) -> float | None:
        """Tasks done on time, as a share of the period's tasks (cancelled left out)."""
        return self.done_on_time / self.total if self.total else None

    def sentences(self) -> list[str]:
        """The figures as an officer writes them in a report."""
        lines = [
            f"{self.done}/{self.total} nhiệm vụ hoàn thành "
            f"({self.done_on_time} đúng hạn, {self.done_late} quá hạn)."
        ]
        if self.on_time_rate is not None:
            lines.append(
                f"Tỷ lệ hoàn thành đúng hạn {format_decimal(self.on_time_rate * 100, 1)}%."
            )
        overdue = f"Có {self.overdue} nhiệm vụ quá hạn chưa hoàn thành"
        if self.overdue_carried_over:
            overdue += f" (trong đó {self.overdue_carried_over} nhiệm vụ từ các năm trước)"
        lines.append(overdue + ".")
        if self.open:
            lines.append(f"{self.open} nhiệm vụ đang thực hiện, chưa đến hạn.")
        if self.by_state[DerivedState.PAUSED]:
            lines.append(f"{self.by_state[DerivedState.PAUSED]} nhiệm vụ tạm dừng.")
        if self.cancelled:
            lines.append(f"{self.cancelled} nhiệm vụ đã hủy (không tính vào tổng số).")
        return lines

    def status_line(self) -> str:
        """``"Theo trạng thái: Chưa thực hiện 3; Đang thực hiện 5; …"``."""
        parts = [f"{s.label} {self.by_status[s]}" for s in Status if self.by_status[s]]
        return "Theo trạng thái: " + "; ".join(parts) + "." if parts else ""


_DONE_STATES = (DerivedState.DONE_ON_TIME, DerivedState.DONE_LATE)


def compute_statistics(
    facts: Iterable[TaskFacts],
    start: date,
    end: date,
    today: date,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> TaskStatistics:
    as_of = min(end, today)
    stats = TaskStatistics(start=start, end=end, as_of=as_of)
    for fact in facts:
        if not in_period(fact.assigned_on, fact.status, fact.completed_on, start, end):
            continue
        state = derived_state(fact.status, fact.deadline, fact.completed_on, as_of, due_soon_days)
        if state == DerivedState.CANCELLED:
            stats.cancelled += 1
            continue
        stats.total += 1
        stats.by_state[state] += 1
        finished_later = fact.status == Status.DONE and state not in _DONE_STATES
        # a task finished after the day it is judged on was still in progress that day
        stats.by_status[Status.IN_PROGRESS if finished_later else fact.status] += 1
        stats.by_field.setdefault(fact.field_code, Counter())[state] += 1
        carried = fact.assigned_on < start
        stats.carried_over += carried
        if state == DerivedState.OVERDUE:
            stats.overdue_by_field[fact.field_code] += 1
            stats.overdue_by_kind[fact.kind] += 1
            stats.overdue_by_issuer[fact.issuer] += 1
            stats.overdue_carried_over += carried
    return stats
