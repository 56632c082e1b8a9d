"""From a read task sheet to the tasks to add: defaults, duplicates, rules, deadlines.

Qt-free. The preview shows the three lists of :class:`TaskImportPlan`; nothing
is written until the officer confirms, and then the store's
:func:`~cchc_desktop.store.imports.apply_task_import` adds all the tasks in one
transaction, when the tasks are still as :func:`task_import_state` read them. A deadline
cell that is no date («Trước ngày 03 hàng quý») is read
the way the officer chooses (:class:`DeadlineChoices`): as a recurring duty (one
task per due date of the year, from the assigned date on), as a chosen date, or
as no deadline; for one row or for every row that prints the same text. Until it
is chosen, the row is a problem and is not added.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
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
from cchc_desktop.core.text import fold_for_search, format_date, normalize_text
from cchc_desktop.importers.sheet import ImportProblem, Recurrence
from cchc_desktop.importers.tasks_excel import TaskRow, TaskSheetReading
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import TASK_TABLES, Basis, snapshot, take_basis
from cchc_desktop.store.task_repo import existing_fingerprints, reform_fields

# The columns a task field is read from: a problem names the column as the sheet prints it.
_SHEET_COLUMNS = {"content": "content", "lead": "lead", "deadline": "deadline"}
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


class DeadlineMapping(enum.StrEnum):
    RECURRING = "dinh_ky"  # one task per due date of the year
    DATE = "ngay"  # a date the officer types
    NONE = "khong_thoi_han"


@dataclass(frozen=True)
class DeadlineChoice:
    kind: DeadlineMapping
    day: date | None = None  # DATE: None while not typed yet
    recurrence: Recurrence | None = None  # RECURRING: the reading chosen (its variant)


@dataclass(frozen=True)
class DeadlineOption:
    """One way to read a row's deadline, as the preview offers it."""

    label: str
    choice: DeadlineChoice | None  # None: not chosen yet (the row waits)


def deadline_key(text: str) -> str:
    """Texts that read the same («Trước ngày 03 hàng quý», «trước ngày 03 hằng quý.»)."""
    return fold_for_search(normalize_text(text)).rstrip(" .;,")


@dataclass
class DeadlineChoices:
    """How the officer reads the deadlines that are no date: per text, and per row.

    A row's own choice wins over the choice for its text; choosing for a text drops
    the rows' own choices for that text.
    """

    by_text: dict[str, DeadlineChoice] = field(default_factory=dict)
    by_row: dict[tuple[str, int], tuple[str, DeadlineChoice]] = field(default_factory=dict)

    def choose_text(self, text: str, choice: DeadlineChoice | None) -> None:
        key = deadline_key(text)
        self.by_row = {place: kept for place, kept in self.by_row.items() if kept[0] != key}
        if choice is None:
            self.by_text.pop(key, None)
        else:
            self.by_text[key] = choice

    def choose_row(self, row: TaskRow, choice: DeadlineChoice | None) -> None:
        place = (row.sheet, row.row)
        if choice is None:
            self.by_row.pop(place, None)
        else:
            self.by_row[place] = (deadline_key(row.deadline_text), choice)

    def for_row(self, row: TaskRow) -> DeadlineChoice | None:
        own = self.by_row.get((row.sheet, row.row))
        if own is not None:
            return own[1]
        return self.by_text.get(deadline_key(row.deadline_text))


def needs_mapping(row: TaskRow) -> bool:
    """A deadline the officer may read otherwise: not a date, or a recurring one."""
    return bool(row.deadline_problem) or row.recurrence is not None


def rows_to_map(reading: TaskSheetReading) -> list[TaskRow]:
    return [row for row in reading.rows if needs_mapping(row)]


def _dates_text(days: list[date]) -> str:
    if len(days) > 4:
        return f"{len(days)} lần: {format_date(days[0])} … {format_date(days[-1])}"
    return ", ".join(format_date(d) for d in days)


def recurring_dates(recurrence: Recurrence, assigned_on: date) -> list[date]:
    """The due dates of the assigned date's year, from that date on."""
    return [d for d in recurrence.occurrences(assigned_on.year) if d >= assigned_on]


def deadline_options(row: TaskRow, assigned_on: date) -> list[DeadlineOption]:
    """The ways the preview offers to read ``row``'s deadline, the current reading first."""
    options = []
    if row.deadline_problem:
        options.append(DeadlineOption("Chưa chọn (dòng chưa được thêm)", None))
    if row.recurrence is not None:
        for variant in row.recurrence.variants():
            days = recurring_dates(variant, assigned_on)
            shown = _dates_text(days) or f"không còn kỳ nào từ ngày giao {format_date(assigned_on)}"
            options.append(
                DeadlineOption(
                    f"Định kỳ: {variant.text()} ({shown})",
                    DeadlineChoice(DeadlineMapping.RECURRING, recurrence=variant),
                )
            )
    options.append(
        DeadlineOption("Một ngày cụ thể (nhập ở cột «Ngày»)", DeadlineChoice(DeadlineMapping.DATE))
    )
    options.append(DeadlineOption("Không thời hạn", DeadlineChoice(DeadlineMapping.NONE)))
    return options


@dataclass
class TaskImportPlan:
    to_add: list[tuple[TaskRow, Task]] = field(default_factory=list)
    already_there: list[TaskRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    unmapped: list[TaskRow] = field(default_factory=list)  # a deadline still to choose
    basis: Basis | None = None  # the store as the plan saw it

    @property
    def tasks(self) -> list[Task]:
        return [task for _, task in self.to_add]


def _column(reading: TaskSheetReading, sheet: str, key: str) -> str | None:
    """The column a field comes from, named as the sheet prints it when it has one."""
    if key in _SHEET_COLUMNS and (printed := reading.column_label(sheet, _SHEET_COLUMNS[key])):
        return printed
    return _FIELD_LABELS.get(key)


def _deadlines(
    row: TaskRow, choice: DeadlineChoice | None, assigned_on: date
) -> list[date | None] | str:
    """The deadlines the row gives under ``choice``, or why it cannot be added yet."""
    if choice is None:
        if row.deadline_problem:
            ways = "định kỳ, " if row.recurrence is not None else ""
            return (
                f"{row.deadline_problem} Chọn cách hiểu ở thẻ «Thời hạn cần chọn» ({ways}một "
                "ngày cụ thể hoặc không thời hạn), hoặc sửa trong tệp Excel."
            )
        return [row.deadline]
    if choice.kind == DeadlineMapping.NONE:
        return [None]
    if choice.kind == DeadlineMapping.DATE:
        if choice.day is None:
            return (
                f"Đã chọn «Một ngày cụ thể» cho thời hạn «{row.deadline_text}» nhưng chưa nhập "
                "ngày ở thẻ «Thời hạn cần chọn»."
            )
        return [choice.day]
    assert choice.recurrence is not None
    days = recurring_dates(choice.recurrence, assigned_on)
    if not days:
        return (
            f"Thời hạn «{row.deadline_text}» ({choice.recurrence.text()}) không còn kỳ nào "
            f"từ ngày giao {format_date(assigned_on)} đến hết năm {assigned_on.year}."
        )
    return list(days)


@dataclass(frozen=True)
class TaskImportState:
    """What a task import reads of the store before planning."""

    fingerprints: set[str]  # the identity of every stored task
    field_names: dict[str, str]  # code -> name of every reform field
    basis: Basis


def task_import_state(store: Store) -> TaskImportState:
    with snapshot(store):
        return TaskImportState(
            fingerprints=existing_fingerprints(store),
            field_names={f.code: f.name for f in reform_fields(store)},
            basis=take_basis(store, TASK_TABLES),
        )


def plan_task_import(
    reading: TaskSheetReading,
    defaults: ImportDefaults,
    existing: set[str],
    today: date,
    known_fields: set[str],
    choices: DeadlineChoices | None = None,
    *,
    basis: Basis | None = None,
) -> TaskImportPlan:
    """Decide, row by row, what an import would add; nothing is written here.

    ``choices``: how the officer reads the deadlines that are no date (none chosen: such
    a row waits in ``unmapped`` and is a problem; a recurring text without a day, such
    as «Hằng quý», keeps no deadline). ``basis``: the store ``existing`` was read from,
    checked again when the plan is applied.
    """
    plan = TaskImportPlan(problems=list(reading.problems), basis=basis)
    seen = set(existing)
    for row in reading.rows:
        choice = choices.for_row(row) if choices is not None and needs_mapping(row) else None
        deadlines = _deadlines(row, choice, defaults.assigned_on)
        if isinstance(deadlines, str):
            plan.unmapped.append(row)
            plan.problems.append(
                ImportProblem(
                    row.sheet, row.row, _column(reading, row.sheet, "deadline"), deadlines
                )
            )
            continue
        notes = [p for p in (row.result and f"Sản phẩm: {row.result}", row.notes) if p]
        if choice is not None:
            notes.append(f"Thời hạn trong kế hoạch: «{row.deadline_text}»")
        tasks = [
            Task(
                content=row.content,
                lead=row.lead or defaults.lead,
                assigned_on=defaults.assigned_on,
                kind=defaults.kind,
                field_code=guess_field(row.section) or defaults.field_code,
                self_assigned=defaults.source is None,
                source=defaults.source,
                coordinators=row.coordinators,
                deadline=deadline,
                status=Status.NOT_STARTED,
                notes="; ".join(notes),
            )
            for deadline in deadlines
        ]
        errors: dict[str, str] = {}
        for task in tasks:
            for key, message in validate_task(task, today, known_fields).items():
                errors.setdefault(key, message)
        if errors:
            for key, message in errors.items():
                if key == "lead" and not row.lead:
                    message = "Ô chủ trì để trống; hãy ghi trong tệp hoặc chọn «Chủ trì mặc định»."
                plan.problems.append(
                    ImportProblem(row.sheet, row.row, _column(reading, row.sheet, key), message)
                )
            continue
        for task in tasks:
            identity = fingerprint(task.content, task.deadline)
            shown = replace(row, deadline=task.deadline) if choice is not None else row
            if identity in seen:
                plan.already_there.append(shown)
                continue
            seen.add(identity)
            plan.to_add.append((shown, task))
    plan.problems.sort(key=lambda p: (p.sheet, p.row))
    return plan
