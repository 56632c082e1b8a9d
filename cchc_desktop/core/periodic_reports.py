"""The periodic CCHC reports (quý I, 6 tháng, quý III, năm) as tasks of a year.

Due dates and data periods are data (``resources/data/periodic_reports.json``);
a province that sets earlier dates for communes changes them in the program,
and the change is kept in the store's settings.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cchc_desktop.core.tasks import SourceKind, Status, Task
from cchc_desktop.core.text import format_date


@dataclass(frozen=True)
class PeriodicReport:
    key: str
    name: str
    due_day: int
    due_month: int
    due_next_year: bool
    start_day: int
    start_month: int
    start_previous_year: bool
    end_day: int
    end_month: int

    def due_date(self, year: int) -> date:
        return _day(year + self.due_next_year, self.due_month, self.due_day)

    def period(self, year: int) -> tuple[date, date]:
        start = _day(year - self.start_previous_year, self.start_month, self.start_day)
        return start, _day(year, self.end_month, self.end_day)

    def recurrence_key(self, year: int) -> str:
        return f"bao-cao-dinh-ky:{year}:{self.key}"


def _day(year: int, month: int, day: int) -> date:
    """A day of a month, moved back to the month's last day when it has fewer (29/2)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _from_json(item: dict[str, Any]) -> PeriodicReport:
    due, period = item["due"], item["period"]
    return PeriodicReport(
        key=item["key"],
        name=item["name"],
        due_day=due["day"],
        due_month=due["month"],
        due_next_year=bool(due.get("next_year", False)),
        start_day=period["start"]["day"],
        start_month=period["start"]["month"],
        start_previous_year=bool(period["start"].get("previous_year", False)),
        end_day=period["end"]["day"],
        end_month=period["end"]["month"],
    )


def default_schedule() -> list[PeriodicReport]:
    from cchc_desktop.paths import data_resource

    with open(data_resource("periodic_reports.json"), encoding="utf-8") as handle:
        return [_from_json(item) for item in json.load(handle)["reports"]]


def schedule_with_overrides(overrides: dict[str, Any] | None) -> list[PeriodicReport]:
    """The default calendar with the commune's own due dates (setting ``reports.schedule``)."""
    schedule = default_schedule()
    if not overrides:
        return schedule
    result = []
    for report in schedule:
        due = overrides.get(report.key)
        if due:
            report = replace(
                report,
                due_day=int(due["day"]),
                due_month=int(due["month"]),
                due_next_year=bool(due.get("next_year", False)),
            )
        result.append(report)
    return result


def overrides_of(schedule: list[PeriodicReport]) -> dict[str, Any]:
    """What differs from the default calendar, as stored in the settings."""
    defaults = {r.key: r for r in default_schedule()}
    return {
        r.key: {"day": r.due_day, "month": r.due_month, "next_year": r.due_next_year}
        for r in schedule
        if (r.due_day, r.due_month, r.due_next_year)
        != (defaults[r.key].due_day, defaults[r.key].due_month, defaults[r.key].due_next_year)
    }


def validate_due(day: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return "Tháng phải từ 1 đến 12."
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:
        return f"Tháng {month} không có ngày {day}."
    return None


def report_tasks(schedule: list[PeriodicReport], year: int, lead: str) -> list[Task]:
    """One task per report of ``year``, identified by its recurrence key."""
    tasks = []
    for report in schedule:
        start, end = report.period(year)
        tasks.append(
            Task(
                content=f"{report.name} {year}",
                lead=lead,
                assigned_on=date(year, 1, 1),
                kind=SourceKind.PERIODIC_REPORT,
                field_code="CDDH",
                self_assigned=True,
                deadline=report.due_date(year),
                status=Status.NOT_STARTED,
                notes=f"Số liệu từ {format_date(start)} đến {format_date(end)}.",
                recurrence_key=report.recurrence_key(year),
            )
        )
    return tasks
