"""From a read task sheet to the tasks to add: defaults, duplicates, rules.

Qt-free. The preview shows the three lists of :class:`TaskImportPlan`; nothing
is written until the officer confirms, and then all the tasks are added in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc_desktop.core.tasks import (
    Document,
    SourceKind,
    Status,
    Task,
    fingerprint,
    guess_field,
    validate_task,
)
from cchc_desktop.importers.sheet import ImportProblem
from cchc_desktop.importers.tasks_excel import TaskRow, TaskSheetReading

_FIELD_LABELS = {
    "content": "Nội dung nhiệm vụ",
    "lead": "Chủ trì",
    "deadline": "Thời hạn hoàn thành",
    "source_number": "Văn bản giao",
    "source_issued_on": "Văn bản giao",
    "field_code": "Lĩnh vực",
}


@dataclass(frozen=True)
class ImportDefaults:
    """What the sheet does not say, chosen by the officer for every row."""

    assigned_on: date
    kind: SourceKind = SourceKind.ANNUAL_PLAN
    source: Document | None = None  # None: the commune set these tasks itself
    lead: str = ""  # for rows whose "chủ trì" cell is empty
    field_code: str | None = None  # for rows under no recognisable section


@dataclass
class TaskImportPlan:
    to_add: list[tuple[TaskRow, Task]] = field(default_factory=list)
    already_there: list[TaskRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return [task for _, task in self.to_add]


def plan_task_import(
    reading: TaskSheetReading,
    defaults: ImportDefaults,
    existing: set[str],
    today: date,
    known_fields: set[str],
) -> TaskImportPlan:
    """Decide, row by row, what an import would add; nothing is written here."""
    plan = TaskImportPlan(problems=list(reading.problems))
    seen = set(existing)
    for row in reading.rows:
        task = Task(
            content=row.content,
            lead=row.lead or defaults.lead,
            assigned_on=defaults.assigned_on,
            kind=defaults.kind,
            field_code=guess_field(row.section) or defaults.field_code,
            self_assigned=defaults.source is None,
            source=defaults.source,
            coordinators=row.coordinators,
            deadline=row.deadline,
            status=Status.NOT_STARTED,
            notes="; ".join(p for p in (row.result and f"Sản phẩm: {row.result}", row.notes) if p),
        )
        errors = validate_task(task, today, known_fields)
        if errors:
            for key, message in errors.items():
                if key == "lead" and not row.lead:
                    message = "Ô chủ trì để trống; hãy ghi trong tệp hoặc chọn «Chủ trì mặc định»."
                plan.problems.append(
                    ImportProblem(row.sheet, row.row, _FIELD_LABELS.get(key), message)
                )
            continue
        identity = fingerprint(task.content, task.deadline)
        if identity in seen:
            plan.already_there.append(row)
            continue
        seen.add(identity)
        plan.to_add.append((row, task))
    plan.problems.sort(key=lambda p: (p.sheet, p.row))
    return plan
