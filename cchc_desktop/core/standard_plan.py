"""The standardisation plan: for each gap an action with a deadline and a person in charge.

An action can become a task of the task register; the two stay linked by the
task's uuid, so completing the task shows on the action.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from cchc_desktop.core.standard_checks import Check, Evaluation, Outcome
from cchc_desktop.core.tasks import SourceKind, Status, Task
from cchc_desktop.core.text import format_date, normalize_text

# The reform field of staff standardisation: cải cách chế độ công vụ.
STAFF_FIELD_CODE = "CDCV"


class ActionKind(enum.StrEnum):
    TRAINING = "dao_tao"
    COURSE = "boi_duong"
    REASSIGN = "bo_tri_lai"
    STREAMLINE = "tinh_gian"
    OTHER = "khac"

    @property
    def label(self) -> str:
        return {
            ActionKind.TRAINING: "Đào tạo",
            ActionKind.COURSE: "Bồi dưỡng",
            ActionKind.REASSIGN: "Bố trí lại vị trí",
            ActionKind.STREAMLINE: "Tinh giản biên chế",
            ActionKind.OTHER: "Khác",
        }[self]


@dataclass(frozen=True)
class PlanAction:
    official_uuid: str
    attribute: str  # the requirement whose gap it closes ("professional", "field", "age" …)
    kind: ActionKind
    deadline: date | None
    responsible: str
    content: str = ""
    notes: str = ""
    task_uuid: str | None = None
    uuid: str | None = None


def normalized_action(action: PlanAction) -> PlanAction:
    return replace(
        action,
        responsible=normalize_text(action.responsible),
        content=normalize_text(action.content),
        notes=normalize_text(action.notes),
    )


def validate_action(action: PlanAction) -> dict[str, str]:
    a = normalized_action(action)
    errors: dict[str, str] = {}
    if a.deadline is None:
        errors["deadline"] = "Nhập thời hạn hoàn thành biện pháp."
    if not a.responsible:
        errors["responsible"] = "Nhập người hoặc bộ phận chịu trách nhiệm."
    return errors


# The kind of action that closes the gap of each requirement: a missing degree is studied
# for, a missing certificate taken on a course, a post that does not fit is changed.
_KIND_OF_GAP = {
    "professional": ActionKind.TRAINING,
    "field": ActionKind.TRAINING,
    "general_education": ActionKind.TRAINING,
    "political_theory": ActionKind.COURSE,
    "state_management": ActionKind.COURSE,
    "it": ActionKind.COURSE,
    "foreign_language": ActionKind.COURSE,
    "ethnic_language": ActionKind.COURSE,
    "position": ActionKind.REASSIGN,
}


def suggested_kind(check: Check) -> ActionKind:
    """The kind of action that usually closes ``check``'s gap (:attr:`ActionKind.OTHER`
    when none does, e.g. age)."""
    return _KIND_OF_GAP.get(check.attribute, ActionKind.OTHER)


def proposed_action(official_uuid: str, check: Check) -> PlanAction:
    """The action offered for a gap before the officer fills it in: the usual kind, and,
    when the official is already studying for it, the day that study ends as deadline."""
    return PlanAction(official_uuid, check.attribute, suggested_kind(check), check.meets_on, "")


def task_for_action(action: PlanAction, official_name: str, gap_label: str, today: date) -> Task:
    """The task that carries out an action in the task register (self-assigned, chế độ công vụ)."""
    a = normalized_action(action)
    content = f"Chuẩn hóa cán bộ, công chức: {a.kind.label.lower()} cho {official_name}"
    content += f" ({gap_label.lower()})"
    if a.content:
        content += f" — {a.content}"
    assigned = today if a.deadline is None or a.deadline >= today else a.deadline
    return Task(
        content=content,
        lead=a.responsible,
        assigned_on=assigned,
        kind=SourceKind.OTHER,
        field_code=STAFF_FIELD_CODE,
        self_assigned=True,
        deadline=a.deadline,
        status=Status.NOT_STARTED,
        notes=a.notes,
    )


def action_state_text(
    task_status: Status | None, task_completed_on: date | None, linked: bool
) -> str:
    """How an action's progress reads on the plan: from its task when it has one."""
    if not linked:
        return "Chưa tạo nhiệm vụ"
    if task_status is None:
        return "Nhiệm vụ đã bị xóa"
    if task_status == Status.DONE and task_completed_on is not None:
        return f"Hoàn thành ngày {format_date(task_completed_on)}"
    return task_status.label


# --- the gaps and their actions ---------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    evaluation: Evaluation
    check: Check
    position: str
    action: PlanAction | None
    task_state: tuple[Status, date | None] | None

    @property
    def name(self) -> str:
        return self.evaluation.official.full_name


CLOSED = "closed"  # the check of an action whose gap is closed (or whose person left)


def gap_rows(
    evaluations: list[Evaluation],
    actions: list[PlanAction],
    position_names: dict[tuple[str, str], str],
    states: dict[str, tuple[Status, date | None]],
    in_post: set[str] | None = None,
) -> list[GapRow]:
    """One row per gap and action (a gap with no action yet has one row, without action).

    An action whose gap has closed, or whose person is no longer in post, keeps a row
    that says so: it stays visible, and can be removed. ``states`` holds the status and
    completion date of the actions' tasks.
    """
    by_gap: dict[tuple[str, str], list[PlanAction]] = {}
    for a in actions:
        by_gap.setdefault((a.official_uuid, a.attribute), []).append(a)
    rows = []
    shown: set[str] = set()
    for e in evaluations:
        o = e.official
        position = ""
        if o.standard_family and o.position:
            position = position_names.get((o.standard_family, o.position), o.position_title)
        position = position or o.position_title
        working = in_post is None or o.uuid in in_post
        gaps = e.gaps if working else []
        for check in gaps:
            planned = by_gap.get((o.uuid or "", check.attribute), [])
            choices: Sequence[PlanAction | None] = planned or [None]
            for action in choices:
                state = states.get(action.task_uuid) if action and action.task_uuid else None
                rows.append(GapRow(e, check, position, action, state))
                if action is not None:
                    shown.add(action.uuid or "")
        for a in actions:
            if a.official_uuid != o.uuid or a.uuid in shown:
                continue
            why = "tiêu chuẩn này nay đã đạt" if working else "người này không còn công tác"
            check = Check(CLOSED, _label_of(a.attribute, e), Outcome.MET, why.capitalize())
            state = states.get(a.task_uuid) if a.task_uuid else None
            rows.append(GapRow(e, check, position, a, state))
    return rows


def _label_of(attribute: str, e: Evaluation) -> str:
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standards import attribute_label

    try:
        return attribute_label(attribute, load_staff_lists())
    except KeyError:
        return attribute
