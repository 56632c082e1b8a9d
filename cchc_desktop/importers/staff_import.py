"""From a read staff list to what an import would do, person by person.

Qt-free. Every row gets one :class:`Outcome`: added, already there (skipped),
an update of the existing record (only when the officer ticks it), a match
that needs the officer's decision, or an error. Nothing is written here: the store's
:func:`~cchc_desktop.store.imports.apply_staff_import` adds and updates what was chosen
in one transaction, when the store is still as :func:`staff_import_state` read it.

People are matched on their name (folded: case and accents ignored) and
birth: the same birth, or a year alone equal to the other's year.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from cchc_desktop.core.staff import (
    LEVEL_ATTRIBUTES,
    Birth,
    Official,
    StaffLists,
    normalized_official,
    validate_official,
)
from cchc_desktop.core.standards import StandardSet
from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.sheet import ImportProblem
from cchc_desktop.importers.staff_excel import (
    CATEGORY_GUESS_REMARK,
    StaffRow,
    StaffSheetReading,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import STAFF_TABLES, Basis, snapshot, take_basis
from cchc_desktop.store.staff_repo import (
    current_standard_sets,
    known_positions,
    load_officials,
    load_standard_sets,
)


class Outcome(enum.StrEnum):
    ADD = "them_moi"
    SAME = "da_co"
    UPDATE = "cap_nhat"
    CONFIRM = "can_xac_nhan"
    ERROR = "loi"

    @property
    def label(self) -> str:
        return {
            Outcome.ADD: "Thêm mới",
            Outcome.SAME: "Đã có – bỏ qua",
            Outcome.UPDATE: "Cập nhật",
            Outcome.CONFIRM: "Cần xác nhận",
            Outcome.ERROR: "Lỗi",
        }[self]


class Choice(enum.StrEnum):
    """What the officer decided for a row (only updates and matches to confirm have a say)."""

    SKIP = "bo_qua"
    ADD = "them_moi"
    UPDATE = "cap_nhat"

    @property
    def label(self) -> str:
        return {
            Choice.SKIP: "Bỏ qua",
            Choice.ADD: "Thêm người mới",
            Choice.UPDATE: "Cập nhật",
        }[self]


_CHOICES = {
    Outcome.ADD: (Choice.ADD,),
    Outcome.SAME: (Choice.SKIP,),
    Outcome.ERROR: (Choice.SKIP,),
    Outcome.UPDATE: (Choice.SKIP, Choice.UPDATE, Choice.ADD),
    Outcome.CONFIRM: (Choice.SKIP, Choice.ADD),
}

FIELD_LABELS = {
    "full_name": "họ và tên",
    "category": "đối tượng",
    "gender": "giới tính",
    "birth": "ngày sinh",
    "ethnicity": "dân tộc",
    "position": "chức danh",
    "department": "phòng, bộ phận",
    "started_on": "ngày giữ chức danh",
    "general_education": "giáo dục phổ thông",
    "professional": "trình độ chuyên môn",
    "field_of_study": "chuyên ngành",
    "political_theory": "lý luận chính trị",
    "state_management": "quản lý nhà nước",
    "it": "tin học",
    "foreign_language": "ngoại ngữ",
    "ethnic_language": "tiếng dân tộc",
    "notes": "ghi chú",
}
_POSITION_FIELDS = ("standard_family", "position", "position_title")
_COMPARED = (
    "full_name",
    "category",
    "gender",
    "birth",
    "ethnicity",
    "position",
    "department",
    "started_on",
    *LEVEL_ATTRIBUTES,
    "field_of_study",
    "notes",
)


@dataclass
class PlannedRow:
    """One row of the file and what the import would do with it."""

    row: StaffRow
    outcome: Outcome
    reason: str = ""  # Vietnamese: why (the match, the errors, what differs)
    official: Official | None = None  # what would be written: new, or the updated record
    existing: tuple[Official, ...] = ()  # the stored people it was matched with
    changes: tuple[str, ...] = ()  # UPDATE: labels of the fields that differ
    choice: Choice = Choice.SKIP

    @property
    def choices(self) -> tuple[Choice, ...]:
        return _CHOICES[self.outcome]

    @property
    def writes(self) -> bool:
        return self.choice in (Choice.ADD, Choice.UPDATE)


@dataclass
class StaffImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    basis: Basis | None = None  # the store as the plan saw it

    def choose(self, index: int, choice: Choice) -> None:
        """The officer's decision for ``rows[index]``; ValueError when not open to it."""
        planned = self.rows[index]
        if choice not in planned.choices:
            raise ValueError(f"row {planned.row.row}: {choice} is not one of {planned.choices}")
        planned.choice = choice

    def count(self, outcome: Outcome) -> int:
        return sum(1 for p in self.rows if p.outcome == outcome)

    @property
    def to_add(self) -> list[Official]:
        return [p.official for p in self.rows if p.choice == Choice.ADD and p.official]

    @property
    def to_update(self) -> list[Official]:
        return [p.official for p in self.rows if p.choice == Choice.UPDATE and p.official]

    @property
    def write_count(self) -> int:
        return sum(1 for p in self.rows if p.writes)


def name_key(full_name: str) -> str:
    """Names compare with their diacritics: Hùng and Hưng are two people."""
    return " ".join(normalize_text(full_name).casefold().split())


def loose_name_key(full_name: str) -> str:
    """Without diacritics: a file typed without them may still name someone already there."""
    return fold_for_search(full_name)


def births_match(a: Birth | None, b: Birth | None) -> bool | None:
    """Same birth, or a year alone equal to the other's year; None when one is missing."""
    if a is None or b is None:
        return None
    if a.day is None or b.day is None:
        return a.year == b.year
    return a == b


def merged_record(existing: Official, row: StaffRow) -> Official:
    """The stored record with the fields the file gives; what the file leaves empty stays."""
    new = row.official
    values: dict[str, Any] = {}  # Official's field name -> its value
    for name in row.provided:
        if name == "position":
            # A title the file writes differently (not recognised, or the same post under
            # the other standard set) never replaces a position the officer chose.
            keeps = existing.position is not None and (
                new.position is None or new.standard_family != existing.standard_family
            )
            if not keeps:
                values.update({f: getattr(new, f) for f in _POSITION_FIELDS})
        elif name == "birth":
            keeps_day = (
                new.birth is not None
                and new.birth.day is None
                and existing.birth is not None
                and existing.birth.year == new.birth.year
            )
            if not keeps_day:  # a year alone never erases the full date stored
                values["birth"] = new.birth
        else:
            values[name] = getattr(new, name)
    return normalized_official(replace(existing, **values))


def differences(old: Official, new: Official) -> tuple[str, ...]:
    changed = []
    for name in _COMPARED:
        fields = _POSITION_FIELDS if name == "position" else (name,)
        if any(getattr(old, f) != getattr(new, f) for f in fields):
            changed.append(FIELD_LABELS[name])
    return tuple(changed)


def _person(o: Official) -> str:
    birth = f", sinh {o.birth.text()}" if o.birth else ", chưa có ngày sinh"
    return f"{o.full_name}{birth}"


def _row_problems(row: StaffRow, errors: dict[str, str]) -> list[ImportProblem]:
    """The reading's problems, then the rules' (a field already said is not said again)."""
    said = {p.column for p in row.problems}
    problems = list(row.problems)
    for key, message in errors.items():
        column = row.column_of(key)
        if column is not None and column in said:
            continue
        problems.append(ImportProblem(row.sheet, row.row, column, message))
    return problems


@dataclass(frozen=True)
class StaffImportState:
    """What a staff import reads of the store before planning."""

    officials: list[Official]
    known_positions: set[tuple[str, str]]  # (family, code) of every version of every set
    standard_sets: list[StandardSet]  # the current version of each set, to read titles
    basis: Basis


def staff_import_state(store: Store) -> StaffImportState:
    with snapshot(store):
        return StaffImportState(
            officials=load_officials(store),
            known_positions=known_positions(load_standard_sets(store)),
            standard_sets=current_standard_sets(store),
            basis=take_basis(store, STAFF_TABLES),
        )


def plan_staff_import(
    reading: StaffSheetReading,
    existing: Sequence[Official],
    today: date,
    lists: StaffLists,
    known_positions: set[tuple[str, str]],
    *,
    basis: Basis | None = None,
) -> StaffImportPlan:
    """Decide, row by row, what an import would do; nothing is written here.

    ``existing``: the stored officials; ``known_positions``: (family, code) of
    every version of every standard set (as the store validates with); ``basis``: the
    store they were read from, checked again when the plan is applied.
    """
    plan = StaffImportPlan(basis=basis)
    by_name: dict[str, list[Official]] = {}
    by_loose_name: dict[str, list[Official]] = {}
    for o in existing:
        by_name.setdefault(name_key(o.full_name), []).append(o)
        by_loose_name.setdefault(loose_name_key(o.full_name), []).append(o)
    earlier: dict[str, list[PlannedRow]] = {}  # readable rows of the file, by name
    claimed: dict[str, PlannedRow] = {}  # uuid of a stored person -> the row matched to it

    for row in reading.rows:
        official = normalized_official(row.official)
        errors = validate_official(official, today, lists, known_positions)
        if row.problems or errors:
            problems = _row_problems(row, errors)
            plan.problems.extend(problems)
            reason = " ".join(p.message for p in problems)
            plan.rows.append(PlannedRow(row, Outcome.ERROR, reason))
            continue
        key = name_key(official.full_name)
        planned = _exact_or_close_in_file(row, official, earlier.get(key, []))
        if planned is None and not by_name.get(key):
            planned = _spelt_differently(
                row, official, by_loose_name.get(loose_name_key(official.full_name), [])
            )
        if planned is None:
            planned = _against_store(row, official, by_name.get(key, []), claimed)
        if planned.outcome == Outcome.ADD:
            planned = _same_name_in_file(row, official, earlier.get(key, [])) or planned
        if planned.outcome == Outcome.UPDATE and planned.official is not None:
            update_errors = validate_official(planned.official, today, lists, known_positions)
            if update_errors:
                problems = _row_problems(row, update_errors)
                plan.problems.extend(problems)
                planned = PlannedRow(
                    row,
                    Outcome.ERROR,
                    "Cập nhật người đã có sẽ sai: " + " ".join(p.message for p in problems),
                )
        if planned.outcome in (Outcome.SAME, Outcome.UPDATE) and planned.existing:
            claimed[planned.existing[0].uuid or ""] = planned
        remarks = list(row.remarks) if planned.outcome != Outcome.SAME else []
        if row.category_guessed and planned.outcome in (Outcome.ADD, Outcome.CONFIRM):
            remarks.append(CATEGORY_GUESS_REMARK)
        planned.reason = " ".join(filter(None, (planned.reason, *remarks)))
        planned.choice = Choice.ADD if planned.outcome == Outcome.ADD else Choice.SKIP
        plan.rows.append(planned)
        earlier.setdefault(key, []).append(planned)
    plan.problems.sort(key=lambda p: (p.sheet, p.row))
    return plan


def _spelt_differently(
    row: StaffRow, official: Official, similar: list[Official]
) -> PlannedRow | None:
    """Someone already there whose name differs only in diacritics: asked, never merged."""
    if not similar:
        return None
    people = "; ".join(_person(o) for o in similar)
    return PlannedRow(
        row,
        Outcome.CONFIRM,
        f"Họ tên gần giống người đã có, chỉ khác dấu ({people}); nếu là người khác, chọn "
        "thêm người mới, nếu cùng một người thì bỏ qua và sửa trong danh sách.",
        official=official,
        existing=tuple(similar),
    )


def _exact_or_close_in_file(
    row: StaffRow, official: Official, same_name: list[PlannedRow]
) -> PlannedRow | None:
    """The row repeats an earlier row of the file: exactly (skipped), or with other details."""
    for before in same_name:
        if normalized_official(before.row.official) == official:
            return PlannedRow(
                row, Outcome.SAME, f"Trùng hoàn toàn với dòng {before.row.row} trong tệp."
            )
    for before in same_name:
        other = normalized_official(before.row.official)
        if births_match(official.birth, other.birth):
            changed = ", ".join(differences(other, official)) or "cách ghi"
            return PlannedRow(
                row,
                Outcome.CONFIRM,
                f"Cùng họ tên, ngày sinh với dòng {before.row.row} trong tệp nhưng khác ở: "
                f"{changed}; chọn thêm người mới hay bỏ qua.",
                official=official,
            )
    return None


def _same_name_in_file(
    row: StaffRow, official: Official, same_name: list[PlannedRow]
) -> PlannedRow | None:
    """An earlier row of the file has the name, with another birth or none to compare."""
    for before in same_name:
        differs = births_match(official.birth, before.row.official.birth) is False
        how = "ngày sinh khác" if differs else "thiếu ngày sinh để đối chiếu"
        return PlannedRow(
            row,
            Outcome.CONFIRM,
            f"Trùng họ tên với dòng {before.row.row} trong tệp ({how}); chọn thêm người mới "
            "hay bỏ qua.",
            official=official,
        )
    return None


def _against_store(
    row: StaffRow,
    official: Official,
    same_name: list[Official],
    claimed: dict[str, PlannedRow],
) -> PlannedRow:
    if not same_name:
        return PlannedRow(row, Outcome.ADD, official=official)
    strong = [o for o in same_name if births_match(official.birth, o.birth)]
    if len(strong) == 1:
        person = strong[0]
        if person.uuid in claimed:
            first = claimed[person.uuid].row.row
            return PlannedRow(
                row,
                Outcome.CONFIRM,
                f"Người đã có ({_person(person)}) đã khớp với dòng {first} của tệp; "
                "chọn thêm người mới hay bỏ qua.",
                official=official,
                existing=(person,),
            )
        merged = merged_record(person, row)
        if merged == normalized_official(person):
            return PlannedRow(
                row, Outcome.SAME, "Đã có trong danh sách.", merged, existing=(person,)
            )
        changes = differences(person, merged)
        return PlannedRow(
            row,
            Outcome.UPDATE,
            "Đã có trong danh sách; tệp ghi khác ở: "
            + ", ".join(changes)
            + ". Cập nhật là sửa thông tin cho mọi thời điểm; thay đổi thực tế có ngày (tốt "
            "nghiệp, chuyển vị trí) hãy sửa trong danh sách.",
            merged,
            existing=(person,),
            changes=changes,
        )
    people = "; ".join(_person(o) for o in same_name)
    if len(strong) > 1:
        why = f"Trùng họ tên và ngày sinh với {len(strong)} người đã có ({people})"
    elif len(same_name) > 1:
        why = f"Trùng họ tên với {len(same_name)} người đã có ({people})"
    elif official.birth is None or same_name[0].birth is None:
        why = f"Trùng họ tên với người đã có ({people}) nhưng thiếu ngày sinh để đối chiếu"
    else:
        why = f"Trùng họ tên với người đã có ({people}) nhưng ngày sinh khác"
    return PlannedRow(
        row,
        Outcome.CONFIRM,
        why + "; chọn thêm người mới hay bỏ qua.",
        official=official,
        existing=tuple(same_name),
    )


def plan_from_state(
    reading: StaffSheetReading, state: StaffImportState, today: date, lists: StaffLists
) -> StaffImportPlan:
    """The plan against the state read with :func:`staff_import_state`."""
    return plan_staff_import(
        reading, state.officials, today, lists, state.known_positions, basis=state.basis
    )
