"""The sample commune's tasks (``tasks.json``) and this year's periodic reports."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cchc_desktop.core.periodic_reports import default_schedule, report_tasks
from cchc_desktop.core.tasks import Document, SourceKind, Status, Task
from cchc_desktop.demo.data import document, load, optional_date, relative_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.task_repo import add_periodic_reports, set_status


def demo_tasks(today: date) -> list[Task]:
    """About twenty tasks modelled on real plans and inspection conclusions.

    Dates are counted back from ``today`` so that, whenever the sample is made,
    some tasks are overdue, some due soon, some done on time or late, and one
    is carried over from the year before.
    """
    data = load("tasks")
    years = {name: relative_date(spec, today).year for name, spec in data["years"].items()}
    # One value per source document: tasks that share it share one stored document.
    sources = {name: document(spec, today, years) for name, spec in data["documents"].items()}
    return [_task(spec, today, years, sources) for spec in data["tasks"]]


def _task(
    spec: dict[str, Any], today: date, years: dict[str, int], sources: dict[str, Document]
) -> Task:
    source = sources[spec["source"]] if spec["source"] is not None else None
    return Task(
        content=spec["content"].format(**years),
        field_code=spec["field"],
        lead=spec["lead"],
        source=source,
        self_assigned=source is None,
        kind=SourceKind(spec["kind"]),
        assigned_on=relative_date(spec["assigned_on"], today),
        deadline=optional_date(spec["deadline"], today),
        status=Status(spec["status"]),
        completed_on=optional_date(spec.get("completed_on"), today),
        coordinators=tuple(spec.get("coordinators", ())),
        results=tuple(document(result, today, years) for result in spec.get("results", ())),
        notes=spec.get("notes", ""),
    )


def add_demo_periodic_reports(store: Store, today: date, lead: str) -> None:
    """This year's periodic reports; those already due are marked sent."""
    tasks = report_tasks(default_schedule(), today.year, lead)
    added, _ = add_periodic_reports(store, tasks, today)
    for task in added:
        if task.deadline and task.deadline < today and task.uuid:
            sent = task.deadline - timedelta(days=2)
            if task.recurrence_key and task.recurrence_key.endswith("6-thang"):
                sent = task.deadline + timedelta(days=3)  # one was sent late
            set_status(store, [task.uuid], Status.DONE, min(sent, today), today)
