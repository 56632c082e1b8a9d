"""The standardisation plan: for each gap an action with a deadline and a person in charge.

An action can become a task of the task register; the two stay linked by the
task's uuid, so completing the task shows on the action.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date

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
