"""The sample commune's officials (``staff.json``): every kind of result the staff screens show.

Written through the staff repository, like the officer's own entries. Dates are
counted from ``today`` so that the sample looks the same whenever it is made.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from cchc_desktop.core.staff import Birth, Gender, Official, Training
from cchc_desktop.core.standard_plan import ActionKind, PlanAction
from cchc_desktop.core.tasks import Status
from cchc_desktop.demo.data import load, optional_date, relative_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import (
    add_officials,
    create_task_for_action,
    save_action,
    save_official,
)
from cchc_desktop.store.task_repo import set_status

_DATE_FIELDS = ("started_on", "status_on")


def demo_officials(today: date) -> list[Official]:
    data = load("staff")
    return [_official({**data["defaults"], **spec}, today) for spec in data["officials"]]


def _official(spec: dict[str, Any], today: date) -> Official:
    values = dict(spec)
    for name in _DATE_FIELDS:
        if name in values:
            values[name] = optional_date(values[name], today)
    values["gender"] = Gender(values["gender"])
    values["birth"] = _birth(values["birth"], today)
    if values.get("training") is not None:
        training = dict(values["training"])
        training["starts_on"] = optional_date(training.get("starts_on"), today)
        training["ends_on"] = optional_date(training.get("ends_on"), today)
        values["training"] = Training(**training)
    return Official(**values)


def _birth(spec: dict[str, int] | None, today: date) -> Birth | None:
    """A full birth date, or ``{"year": k}`` alone when only the year is known."""
    if spec is None:
        return None
    if "month" not in spec:
        return Birth(today.year + spec["year"])
    return Birth.of(relative_date(spec, today))


def fill_demo_staff(store: Store, today: date) -> None:
    """The sample officials, one earlier record, and a plan with a task done on time."""
    data = load("staff")
    added = add_officials(store, demo_officials(today), today)
    by_name = {o.full_name: o for o in added}
    earlier = data["earlier_record"]
    official = by_name[earlier["official"]]
    save_official(store, replace(official, **earlier["before"]), today)
    changed_on = min(relative_date(earlier["changed_on"], today), today)
    save_official(store, official, today, change_from=changed_on)

    for spec in data["plan_actions"]:
        official = by_name[spec["official"]]
        action = save_action(
            store,
            PlanAction(
                official.uuid or "",
                spec["attribute"],
                ActionKind(spec["kind"]),
                relative_date(spec["deadline"], today),
                spec["responsible"],
                spec["content"],
            ),
        )
        task_spec = spec.get("task")
        if task_spec is None:
            continue
        assigned = relative_date(task_spec["assigned"], today)
        _action, task = create_task_for_action(
            store, action, official.full_name, task_spec["gap_label"], assigned
        )
        if task.uuid:
            completed = relative_date(task_spec["completed"], today)
            set_status(store, [task.uuid], Status.DONE, completed, today)
