"""The rules of each kind of record: the repository's own reading, then the form's validation
in core."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import PureWindowsPath
from typing import Any, TypeVar

from cchc_desktop.core.criteria import parse_criteria_set
from cchc_desktop.core.criteria import validate_criteria_set as criteria_set_problems
from cchc_desktop.core.periodic_reports import schedule_with_overrides, validate_due
from cchc_desktop.core.profile import CommuneProfile, validate_profile
from cchc_desktop.core.score_comparison import CodeLink, LinkKind, validate_mapping
from cchc_desktop.core.scoring import Score, validate_score
from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, Birth, validate_official
from cchc_desktop.core.standard_plan import validate_action
from cchc_desktop.core.standards import parse_standard_set, validate_standard_set
from cchc_desktop.core.tasks import SourceKind, Status, Task, document_date_problem, validate_task
from cchc_desktop.store.scoring_repo import AssessmentEvent
from cchc_desktop.store.settings_repo import BACKUP_WARNING_DAYS, DUE_SOON_DAYS, REPORT_SCHEDULE
from cchc_desktop.store.staff_repo import ACTION_COLUMNS, official_from_values, plan_action_of
from cchc_desktop.transfer.validate.context import Context, lenient
from cchc_desktop.transfer.validate.names import (
    ACTION_KINDS,
    GENDERS,
    SOURCE_KINDS,
    STATUSES,
    Refused,
    column_name,
    read_choice,
    read_date,
    read_int,
    read_json,
    read_optional_text,
    read_text,
    refuse_problems,
    shown,
)

# The day-count settings, as their spin boxes allow them (tasks page, backups tab).
DAY_SETTINGS = {DUE_SOON_DAYS: (1, 90), BACKUP_WARNING_DAYS: (1, 90)}

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def _reform_field(row: dict[str, Any], ctx: Context) -> None:
    read_text("reform_fields", row, "code", required=True)
    read_text("reform_fields", row, "name", required=True)


def _setting(row: dict[str, Any], ctx: Context) -> None:
    key = read_text("settings", row, "key", required=True)
    value = read_json("settings", row, "value")
    if key in DAY_SETTINGS:
        low, high = DAY_SETTINGS[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise Refused(
                f"Số ngày phải là số nguyên từ {low} đến {high}, không phải «{shown(value)}»."
            )
    elif key == REPORT_SCHEDULE and value is not None:
        _report_schedule(value)


def _report_schedule(value: Any) -> None:
    """The commune's own due dates of the periodic reports, as the calendar dialog saves them."""
    if not isinstance(value, dict):
        raise Refused("Lịch báo cáo định kỳ không đúng dạng.")
    for key, due in value.items():
        if not due:
            continue
        day = due.get("day") if isinstance(due, dict) else None
        month = due.get("month") if isinstance(due, dict) else None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (day, month)):
            raise Refused(f"Hạn nộp báo cáo «{shown(key)}» không đúng dạng ngày, tháng.")
        assert isinstance(day, int) and isinstance(month, int)
        if problem := validate_due(day, month):
            raise Refused(f"Hạn nộp báo cáo «{shown(key)}»: {problem}")
    if lenient(lambda: schedule_with_overrides(value)) is None:
        raise Refused("Lịch báo cáo định kỳ không đúng dạng.")


_PROFILE_FIELDS = {f.name: f for f in fields(CommuneProfile)}


def _profile(row: dict[str, Any], ctx: Context) -> None:
    values: dict[str, Any] = {}
    for name in _PROFILE_FIELDS:
        if name not in row:
            continue
        if name == "assessment_year":
            values[name] = read_int("commune_profile", row, name)
        else:
            values[name] = read_text("commune_profile", row, name)
    refuse_problems(validate_profile(CommuneProfile(**values), ctx.today))


def _document(row: dict[str, Any], ctx: Context) -> None:
    for column in ("number", "issuer", "summary"):
        read_text("documents", row, column)
    if problem := document_date_problem(read_date("documents", row, "issued_on"), ctx.today):
        raise Refused(problem)


def _document_file(row: dict[str, Any], ctx: Context) -> None:
    name = read_text("document_files", row, "file_name", required=True)
    if PureWindowsPath(name).name in ("", ".", ".."):  # either kind of slash
        raise Refused(f"Tên tệp «{shown(name)}» không dùng được làm tên tệp.")
    if not _SHA256_RE.match(read_text("document_files", row, "sha256")):
        raise Refused("Mã kiểm tra nội dung tệp không đúng dạng.")
    if read_int("document_files", row, "size") < 0:
        raise Refused("Dung lượng tệp không được là số âm.")


def _task(row: dict[str, Any], ctx: Context) -> None:
    k = "tasks"
    assigned_on = read_date(k, row, "assigned_on")
    if assigned_on is None:
        raise Refused(f"«{column_name(k, 'assigned_on')}» để trống.")
    coordinators = read_json(k, row, "coordinators") if row.get("coordinators") is not None else []
    if not isinstance(coordinators, list) or not all(isinstance(c, str) for c in coordinators):
        raise Refused(
            f"«{column_name(k, 'coordinators')}» phải là một danh sách tên người, đơn vị."
        )
    self_assigned = row.get("self_assigned", 0)
    if self_assigned not in (0, 1) or isinstance(self_assigned, bool):
        raise Refused(
            f"«{column_name(k, 'self_assigned')}» có giá trị lạ «{shown(self_assigned)}»."
        )
    source_uuid = read_optional_text(k, row, "source_document_uuid")
    source = ctx.document(source_uuid) if source_uuid else None
    results = tuple(
        document
        for _position, uuid in sorted(ctx.results.get(str(row.get("uuid")), ()))
        if (document := ctx.document(uuid)) is not None
    )
    task = Task(
        content=read_text(k, row, "content"),
        lead=read_text(k, row, "lead"),
        assigned_on=assigned_on,
        kind=SourceKind(read_choice(k, row, "kind", SOURCE_KINDS)),
        field_code=read_optional_text(k, row, "field_code"),
        self_assigned=bool(self_assigned),
        source=source,
        coordinators=tuple(coordinators),
        deadline=read_date(k, row, "deadline"),
        status=Status(read_choice(k, row, "status", STATUSES)),
        completed_on=read_date(k, row, "completed_on"),
        notes=read_text(k, row, "notes"),
        results=results,
        uuid=row.get("uuid"),
        recurrence_key=read_optional_text(k, row, "recurrence_key"),
    )
    errors = validate_task(task, ctx.today, ctx.field_codes)
    if source_uuid and source is None:
        # The document is neither in the package nor on this PC: the merge decides on it.
        errors.pop("source_number", None)
    refuse_problems(errors)


def _task_document(row: dict[str, Any], ctx: Context) -> None:
    read_text("task_documents", row, "task_uuid", required=True)
    read_text("task_documents", row, "document_uuid", required=True)


_Parsed = TypeVar("_Parsed")


def _versioned_set(
    kind: str, row: dict[str, Any], parse: Callable[[Any], _Parsed], what: str
) -> _Parsed:
    """A set with versions (of standards, of criteria): its family, a version from 1, and
    its content read as the store reads it."""
    read_text(kind, row, "family", required=True)
    if read_int(kind, row, "version") < 1:
        raise Refused("Phiên bản phải từ 1 trở lên.")
    data = read_json(kind, row, "data")
    parsed = lenient(lambda: parse(data))
    if parsed is None:
        raise Refused(f"Nội dung {what} không đọc được (thiếu mục hoặc sai dạng).")
    return parsed


def _standard_set(row: dict[str, Any], ctx: Context) -> None:
    parsed = _versioned_set("standard_sets", row, parse_standard_set, "bộ tiêu chuẩn")
    refuse_problems(validate_standard_set(parsed, ctx.lists))


def _official_values(kind: str, values: dict[str, Any], ctx: Context) -> None:
    """A record of an official (the row, or an earlier record kept in the history), read as
    ``staff_repo`` reads it and validated as the form validates it."""
    if values.get("gender") is not None:
        read_choice(kind, values, "gender", GENDERS)
    birth = values.get("birth")
    if birth is not None:
        parsed = lenient(lambda: Birth.from_stored(birth)) if isinstance(birth, str) else None
        if parsed is None or parsed.stored() != birth:
            raise Refused(
                f"«{column_name(kind, 'birth')}» ghi «{shown(birth)}», không phải một ngày "
                "sinh có thật (cần dạng năm-tháng-ngày, hoặc chỉ năm sinh)."
            )
    for column in ("full_name", "category", "status"):
        read_text(kind, values, column)
    for column in ("ethnicity", "position_title", "field_of_study", "notes"):
        read_optional_text(kind, values, column)
    for column in ("standard_family", "position", "department", *LEVEL_ATTRIBUTES):
        read_optional_text(kind, values, column)
    read_date(kind, values, "started_on")
    read_date(kind, values, "status_on")
    training = values.get("training")
    if training:
        raw = read_json(kind, values, "training")
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(name, ""), str)
            for name in ("attribute", "level", "field_of_study", "name")
        ):
            raise Refused(f"«{column_name(kind, 'training')}» không đúng dạng.")
        for name in ("starts_on", "ends_on"):
            read_date(kind, {"training": raw.get(name)}, "training")
    official = lenient(lambda: official_from_values(values))
    if official is None:
        raise Refused("Hồ sơ cán bộ không đọc được (thiếu mục hoặc sai dạng).")
    refuse_problems(validate_official(official, ctx.today, ctx.lists, ctx.positions))


def _official(row: dict[str, Any], ctx: Context) -> None:
    _official_values("officials", row, ctx)


def _official_history(row: dict[str, Any], ctx: Context) -> None:
    k = "official_history"
    read_text(k, row, "official_uuid", required=True)
    if read_date(k, row, "valid_until") is None:
        raise Refused(f"«{column_name(k, 'valid_until')}» để trống.")
    data = read_json(k, row, "data")
    if not isinstance(data, dict):
        raise Refused("Hồ sơ cũ không đúng dạng.")
    _official_values(k, data, ctx)


def _standard_action(row: dict[str, Any], ctx: Context) -> None:
    k = "standard_actions"
    read_text(k, row, "official_uuid", required=True)
    read_text(k, row, "attribute", required=True)
    read_choice(k, row, "kind", ACTION_KINDS)
    for column in ("content", "responsible", "notes"):
        read_text(k, row, column)
    read_optional_text(k, row, "task_uuid")
    read_date(k, row, "deadline")
    action = lenient(lambda: plan_action_of(tuple(row.get(c) for c in ACTION_COLUMNS)))
    if action is None:
        raise Refused("Biện pháp không đọc được (thiếu mục hoặc sai dạng).")
    refuse_problems(validate_action(action))


def _criteria_set(row: dict[str, Any], ctx: Context) -> None:
    parsed = _versioned_set("criteria_sets", row, parse_criteria_set, "bộ tiêu chí")
    refuse_problems(criteria_set_problems(parsed))


def _criteria_mapping(row: dict[str, Any], ctx: Context) -> None:
    k = "criteria_mappings"
    data = read_json(k, row, "data")
    links: list[CodeLink] = []
    items: list[Any] = data if isinstance(data, list) else [None]  # None: refused below
    for item in items:
        try:
            old, new = item["old"], item["new"]
            if not all(isinstance(c, str) for c in (*old, *new)) or not isinstance(old, list):
                raise TypeError(k)
            links.append(CodeLink(LinkKind(item["kind"]), tuple(old), tuple(new)))
        except (TypeError, KeyError, ValueError):
            raise Refused("Bảng đối chiếu mã tiêu chí không đúng dạng.") from None
    old_set = ctx.criteria_set(row.get("old_set_uuid"))
    new_set = ctx.criteria_set(row.get("new_set_uuid"))
    if old_set is not None and new_set is not None:
        if problems := validate_mapping(links, old_set, new_set):
            raise Refused(" ".join(problems))


def _assessment(row: dict[str, Any], ctx: Context) -> None:
    k = "assessments"
    read_int(k, row, "year")
    read_text(k, row, "criteria_set_uuid", required=True)
    read_text(k, row, "locked_by")


def _assessment_event(row: dict[str, Any], ctx: Context) -> None:
    k = "assessment_events"
    action = row.get("action")
    if not isinstance(action, str) or AssessmentEvent("", "", action, "").label == action:
        raise Refused(f"«{column_name(k, 'action')}» có giá trị lạ «{shown(action)}».")
    read_text(k, row, "who")
    read_text(k, row, "note")


_SCORE_NUMBERS = ("value", "numerator", "denominator", "override", "appraised_1", "appraised_2")
_SCORE_TEXTS = (
    "override_reason",
    "explanation",
    "appraisal_1_note",
    "appraisal_2_note",
    "response",
)


def _score(row: dict[str, Any], ctx: Context) -> None:
    k = "scores"
    code = read_text(k, row, "code", required=True)
    values: dict[str, Any] = {}
    for column in _SCORE_NUMBERS:
        # as scoring_repo.load_scores reads them: empty is none, else a decimal number
        value = row.get(column)
        if value is None or value == "":
            values[column] = None
            continue
        try:
            number = Decimal(read_text(k, row, column))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise Refused(f"«{column_name(k, column)}» ghi «{shown(value)}», không phải một số.")
        values[column] = number
    for column in _SCORE_TEXTS:
        values[column] = read_text(k, row, column)
    score = Score(code=code, uuid=str(row.get("uuid")), **values)
    criteria = ctx.criteria_of(str(row.get("assessment_uuid")))
    node = criteria.by_code.get(code) if criteria else None
    if node is not None and node.is_leaf:
        refuse_problems(validate_score(node, score))


def _score_evidence(row: dict[str, Any], ctx: Context) -> None:
    read_text("score_evidence", row, "code", required=True)
    read_text("score_evidence", row, "document_uuid", required=True)


def _criterion_task(row: dict[str, Any], ctx: Context) -> None:
    read_text("criterion_tasks", row, "code", required=True)
    read_text("criterion_tasks", row, "task_uuid", required=True)


CHECKS: dict[str, Callable[[dict[str, Any], Context], None]] = {
    "reform_fields": _reform_field,
    "settings": _setting,
    "commune_profile": _profile,
    "documents": _document,
    "document_files": _document_file,
    "tasks": _task,
    "task_documents": _task_document,
    "standard_sets": _standard_set,
    "officials": _official,
    "official_history": _official_history,
    "standard_actions": _standard_action,
    "criteria_sets": _criteria_set,
    "criteria_mappings": _criteria_mapping,
    "assessments": _assessment,
    "assessment_events": _assessment_event,
    "scores": _score,
    "score_evidence": _score_evidence,
    "criterion_tasks": _criterion_task,
}
