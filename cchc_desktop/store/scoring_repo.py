"""The self-assessment in the store: one sheet per year, its scores, its automatic lines and
the superior's appraisal (criteria sets: :mod:`.criteria_repo`; evidence and the tasks
serving a criterion: :mod:`.scoring_evidence`).

Every write checks the rules of ``core.scoring`` first and runs in one transaction.
A locked sheet refuses every change of the commune's own scoring (self-score, counts,
evidence, explanation); the superior's appraisal and the commune's response to it are
entered after the lock and stay open. A set that has scores is never changed in place
(the schema refuses it too); a correction is saved as a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from cchc_desktop.core.criteria import (
    AutoSource,
    CriteriaSet,
    Criterion,
    MethodKind,
    validate_criteria_set,
)
from cchc_desktop.core.scoring import AutoFigure, Score, Sheet, compute_sheet, validate_score
from cchc_desktop.core.tasks import SourceKind
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import users_repo
from cchc_desktop.store.criteria_repo import ensure_stored, load_criteria_set
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import new_uuid, stable_uuid, utc_now

# --- criteria sets --------------------------------------------------------------------------


# --- sheets (one per year) -------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    uuid: str
    year: int
    criteria_set_uuid: str
    locked_at: str | None = None
    locked_by: str = ""

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


@dataclass(frozen=True)
class AssessmentEvent:
    happened_at: str
    who: str
    action: str
    note: str

    @property
    def label(self) -> str:
        return {
            "chot": "Chốt bảng điểm",
            "mo_khoa": "Mở khóa bảng điểm",
            "doi_bo_tieu_chi": "Đổi bộ tiêu chí",
        }.get(self.action, self.action)


def _assessment(row: Sequence[Any]) -> Assessment:
    return Assessment(row[0], row[1], row[2], row[3], row[4])


LOCK_LEADER_ONLY = "Chỉ lãnh đạo được chốt hoặc mở khóa phiếu tự chấm điểm."
_ASSESSMENT_COLUMNS = "uuid, year, criteria_set_uuid, locked_at, locked_by"


def assessment_for_year(store: Store, year: int) -> Assessment | None:
    row = store.conn.execute(
        f"SELECT {_ASSESSMENT_COLUMNS} FROM assessments WHERE year = ?", (year,)
    ).fetchone()
    return _assessment(row) if row else None


def load_assessment(store: Store, uuid: str) -> Assessment | None:
    row = store.conn.execute(
        f"SELECT {_ASSESSMENT_COLUMNS} FROM assessments WHERE uuid = ?", (uuid,)
    ).fetchone()
    return _assessment(row) if row else None


def assessment_years(store: Store) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT year FROM assessments ORDER BY year")]


def start_assessment(store: Store, year: int, criteria: CriteriaSet) -> Assessment:
    """Open the sheet of ``year`` on ``criteria`` (stored now if it is a shipped sample)."""
    errors = validate_criteria_set(criteria)
    if errors:
        raise ValidationError(errors)
    if assessment_for_year(store, year) is not None:
        raise ValidationError({"year": f"Năm {year} đã có bảng tự chấm điểm."})
    now = utc_now()
    uuid = stable_uuid("assessments", year)
    with store.transaction():
        ensure_stored(store, criteria)
        store.conn.execute(
            "INSERT INTO assessments (uuid, updated_at, created_at, year, criteria_set_uuid) "
            "VALUES (?, ?, ?, ?, ?)",
            (uuid, now, now, year, criteria.uuid),
        )
    return Assessment(uuid, year, criteria.uuid)


def refuse_if_locked(assessment: Assessment) -> None:
    if assessment.locked:
        raise ValidationError(
            {
                "locked": f"Bảng điểm năm {assessment.year} đã chốt; muốn sửa phải mở khóa "
                "trước (việc mở khóa được ghi lại)."
            }
        )


def current_assessment(store: Store, assessment: Assessment) -> Assessment:
    """The sheet as stored now (another window may have locked it meanwhile)."""
    fresh = load_assessment(store, assessment.uuid)
    if fresh is None:
        raise ValidationError({"assessment": "Bảng điểm này không còn trong dữ liệu."})
    return fresh


def carried_codes(store: Store, assessment: Assessment, new: CriteriaSet) -> tuple[int, list[str]]:
    """If the sheet moved to ``new``: how many lines keep their scores, and the codes lost."""
    codes = [
        r[0]
        for r in store.conn.execute(
            "SELECT code FROM scores WHERE assessment_uuid = ? UNION "
            "SELECT code FROM score_evidence WHERE assessment_uuid = ?",
            (assessment.uuid, assessment.uuid),
        )
    ]
    leaves = {n.code for n in new.leaves()}
    kept = [c for c in codes if c in leaves]
    return len(kept), sorted(c for c in codes if c not in leaves)


def change_assessment_set(
    store: Store, assessment: Assessment, new: CriteriaSet, who: str
) -> Assessment:
    """Move an unlocked sheet to another set (a corrected version): scores and evidence of
    codes that are leaves of the new set stay; the others are removed (the caller showed
    them with ``carried_codes``). Recorded as an event."""
    assessment = current_assessment(store, assessment)
    refuse_if_locked(assessment)
    errors = validate_criteria_set(new)
    if errors:
        raise ValidationError(errors)
    leaves = [n.code for n in new.leaves()]
    marks = ", ".join("?" * len(leaves))
    now = utc_now()
    with store.transaction():
        ensure_stored(store, new)
        for table in ("scores", "score_evidence"):
            store.conn.execute(
                f"DELETE FROM {table} WHERE assessment_uuid = ? AND code NOT IN ({marks})",
                (assessment.uuid, *leaves),
            )
        store.conn.execute(
            "UPDATE assessments SET criteria_set_uuid = ?, updated_at = ? WHERE uuid = ?",
            (new.uuid, now, assessment.uuid),
        )
        _event(store, assessment, "doi_bo_tieu_chi", who, new.title)
    return replace(assessment, criteria_set_uuid=new.uuid)


def _event(store: Store, assessment: Assessment, action: str, who: str, note: str = "") -> None:
    now = utc_now()
    store.conn.execute(
        "INSERT INTO assessment_events (uuid, updated_at, assessment_uuid, happened_at, who, "
        "action, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (new_uuid(), now, assessment.uuid, now, normalize_text(who), action, note),
    )


def lock_assessment(store: Store, assessment: Assessment, who: str) -> Assessment:
    users_repo.require_leader(store, LOCK_LEADER_ONLY)
    who = normalize_text(who)
    if not who:
        raise ValidationError({"who": "Ghi tên người chốt bảng điểm."})
    assessment = current_assessment(store, assessment)
    if assessment.locked:
        return assessment
    now = utc_now()
    with store.transaction():
        store.conn.execute(
            "UPDATE assessments SET locked_at = ?, locked_by = ?, updated_at = ? WHERE uuid = ?",
            (now, who, now, assessment.uuid),
        )
        _event(store, assessment, "chot", who)
    return replace(assessment, locked_at=now, locked_by=who)


def unlock_assessment(store: Store, assessment: Assessment, who: str, reason: str) -> Assessment:
    users_repo.require_leader(store, LOCK_LEADER_ONLY)
    who = normalize_text(who)
    reason = normalize_text(reason)
    errors = {}
    if not who:
        errors["who"] = "Ghi tên người mở khóa."
    if not reason:
        errors["reason"] = "Ghi lý do mở khóa bảng điểm đã chốt."
    if errors:
        raise ValidationError(errors)
    assessment = current_assessment(store, assessment)
    if not assessment.locked:
        return assessment
    now = utc_now()
    with store.transaction():
        store.conn.execute(
            "UPDATE assessments SET locked_at = NULL, locked_by = '', updated_at = ? "
            "WHERE uuid = ?",
            (now, assessment.uuid),
        )
        _event(store, assessment, "mo_khoa", who, reason)
    return replace(assessment, locked_at=None, locked_by="")


def assessment_events(store: Store, assessment: Assessment) -> list[AssessmentEvent]:
    rows = store.conn.execute(
        "SELECT happened_at, who, action, note FROM assessment_events "
        "WHERE assessment_uuid = ? ORDER BY happened_at, id",
        (assessment.uuid,),
    )
    return [AssessmentEvent(*r) for r in rows]


# --- scores ----------------------------------------------------------------------------------

_SCORE_COLUMNS = (
    "value",
    "numerator",
    "denominator",
    "override",
    "override_reason",
    "explanation",
    "appraised_1",
    "appraisal_1_note",
    "appraised_2",
    "appraisal_2_note",
    "response",
)
_DECIMAL_COLUMNS = {"value", "numerator", "denominator", "override", "appraised_1", "appraised_2"}
# What the commune scores itself; closed by the lock. The rest (appraisal, response) stays open.
SELF_PARTS = ("value", "numerator", "denominator", "override", "override_reason", "explanation")


def _to_text(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def load_scores(store: Store, assessment: Assessment, code: str | None = None) -> dict[str, Score]:
    """The scored lines of a sheet (or only the line ``code``), by code."""
    sql = f"SELECT uuid, code, {', '.join(_SCORE_COLUMNS)} FROM scores WHERE assessment_uuid = ?"
    params: tuple[str, ...] = (assessment.uuid,)
    if code is not None:
        sql += " AND code = ?"
        params += (code,)
    rows = store.conn.execute(sql, params)
    scores = {}
    for row in rows:
        values: dict[str, Any] = {}  # Score's field name -> its value
        for name, value in zip(_SCORE_COLUMNS, row[2:], strict=True):
            values[name] = Decimal(value) if name in _DECIMAL_COLUMNS and value else value
            if name in _DECIMAL_COLUMNS and not value:
                values[name] = None
        scores[row[1]] = Score(code=row[1], uuid=row[0], **values)
    return scores


def save_score(store: Store, assessment: Assessment, node: Criterion, score: Score) -> Score:
    """Write one line. Refuses what ``validate_score`` refuses, and self-scoring of a
    locked sheet; an empty line is removed (with its tombstone)."""
    if not node.is_leaf:
        raise ValidationError({"value": "Chỉ chấm điểm ở tiêu chí không có tiêu chí con."})
    score = replace(
        score,
        code=node.code,
        override_reason=normalize_text(score.override_reason),
        explanation=score.explanation.strip(),
        appraisal_1_note=score.appraisal_1_note.strip(),
        appraisal_2_note=score.appraisal_2_note.strip(),
        response=score.response.strip(),
    )
    errors = validate_score(node, score)
    if errors:
        raise ValidationError(errors)
    assessment = current_assessment(store, assessment)
    stored = load_scores(store, assessment, node.code).get(node.code)
    if assessment.locked:
        before = stored or Score(node.code)
        if any(getattr(before, p) != getattr(score, p) for p in SELF_PARTS):
            refuse_if_locked(assessment)
    values = tuple(_to_text(getattr(score, c)) for c in _SCORE_COLUMNS)
    now = utc_now()
    with store.transaction():
        if score.is_empty:
            store.conn.execute(
                "DELETE FROM scores WHERE assessment_uuid = ? AND code = ?",
                (assessment.uuid, node.code),
            )
            return replace(score, uuid="")
        if stored is None:
            uuid = stable_uuid("scores", assessment.uuid, node.code)
            store.conn.execute(
                f"INSERT INTO scores (uuid, updated_at, assessment_uuid, code, "
                f"{', '.join(_SCORE_COLUMNS)}) VALUES (?, ?, ?, ?, "
                f"{', '.join('?' * len(_SCORE_COLUMNS))})",
                (uuid, now, assessment.uuid, node.code, *values),
            )
            return replace(score, uuid=uuid)
        if stored == replace(score, uuid=stored.uuid):
            return stored
        store.conn.execute(
            f"UPDATE scores SET {', '.join(c + ' = ?' for c in _SCORE_COLUMNS)}, updated_at = ? "
            "WHERE uuid = ?",
            (*values, now, stored.uuid),
        )
    return replace(score, uuid=stored.uuid)


# --- evidence --------------------------------------------------------------------------------


# --- automatic criteria ----------------------------------------------------------------------


def auto_figures(store: Store, year: int, today: date) -> dict[AutoSource, AutoFigure]:
    """The commune's own figures for the automatic criteria of ``year``, judged on
    31/12 of the year or today if earlier."""
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standard_checks import evaluate_on
    from cchc_desktop.core.standard_ratios import overall_ratio
    from cchc_desktop.core.task_stats import compute_statistics
    from cchc_desktop.store.staff_repo import load_standard_sets, officials_on
    from cchc_desktop.store.task_repo import task_facts

    start, end = date(year, 1, 1), date(year, 12, 31)
    as_of = min(end, today)
    detail = f"(tính đến ngày {format_date(as_of)})"
    facts = task_facts(store, start, end)
    plan = [f for f in facts if f.kind == SourceKind.ANNUAL_PLAN and f.assigned_on >= start]
    plan_stats = compute_statistics(plan, start, end, today)
    reports = [
        f
        for f in facts
        if f.kind == SourceKind.PERIODIC_REPORT
        and f.assigned_on >= start
        and f.deadline is not None
        and f.deadline <= as_of
    ]
    report_stats = compute_statistics(reports, start, end, today)
    lists = load_staff_lists()
    evaluations = evaluate_on(officials_on(store, as_of), load_standard_sets(store), lists, as_of)
    ratio = overall_ratio(evaluations)
    return {
        AutoSource.PLAN_TASKS_ON_TIME: AutoFigure(
            AutoSource.PLAN_TASKS_ON_TIME, plan_stats.done_on_time, plan_stats.total, detail
        ),
        AutoSource.REPORTS_ON_TIME: AutoFigure(
            AutoSource.REPORTS_ON_TIME, report_stats.done_on_time, report_stats.total, detail
        ),
        AutoSource.OFFICIALS_STANDARD: AutoFigure(
            AutoSource.OFFICIALS_STANDARD, ratio.met, ratio.total, detail
        ),
    }


@dataclass(frozen=True)
class SheetState:
    """A year's sheet as the screens show it."""

    assessment: Assessment
    criteria: CriteriaSet
    scores: dict[str, Score]
    sheet: Sheet
    figures: dict[AutoSource, AutoFigure]


def sheet_state(store: Store, assessment: Assessment, today: date) -> SheetState:
    criteria = load_criteria_set(store, assessment.criteria_set_uuid)
    if criteria is None:  # pragma: no cover - the foreign key keeps it
        raise ValidationError({"set": "Không tìm thấy bộ tiêu chí của bảng điểm."})
    scores = load_scores(store, assessment)
    figures = {}
    if any(n.kind == MethodKind.AUTO for n in criteria.leaves()):
        figures = auto_figures(store, assessment.year, today)
    sheet = compute_sheet(criteria, scores, evidence_counts(store, assessment), figures)
    return SheetState(assessment, criteria, scores, sheet, figures)


# --- comparison ------------------------------------------------------------------------------


# --- tasks serving a criterion ------------------------------------------------------------------


# --- the superior's appraisal, imported ---------------------------------------------------------


def save_appraisals(
    store: Store,
    assessment: Assessment,
    round_no: int,
    items: Sequence[tuple[str, Decimal, str]],
) -> int:
    """Write the appraised points and reasons of round ``round_no`` (1 or 2) for each
    ``(code, value, note)``, keeping everything else of the line, in one transaction.

    Every item is checked first (a leaf of the sheet's set, once, ``validate_score``);
    any refusal raises ``ValidationError`` keyed by code and nothing is written. Open on
    a locked sheet: the appraisal comes after the lock. Returns the lines changed.
    """
    if round_no not in (1, 2):
        raise ValidationError({"round": "Chỉ có thẩm định lần 1 hoặc lần 2."})
    assessment = current_assessment(store, assessment)
    criteria = load_criteria_set(store, assessment.criteria_set_uuid)
    if criteria is None:  # pragma: no cover - the foreign key keeps it
        raise ValidationError({"set": "Không tìm thấy bộ tiêu chí của bảng điểm."})
    value_name, note_name = f"appraised_{round_no}", f"appraisal_{round_no}_note"
    stored = load_scores(store, assessment)
    errors: dict[str, str] = {}
    planned: list[tuple[Criterion, Score]] = []
    seen: set[str] = set()
    for code, value, note in items:
        node = criteria.by_code.get(code)
        if node is None or not node.is_leaf:
            what = "không có trong bộ tiêu chí" if node is None else "có tiêu chí con"
            errors[code] = f"Tiêu chí {code} {what}: không ghi điểm thẩm định được."
            continue
        if code in seen:
            errors[code] = f"Tiêu chí {code} có hai điểm thẩm định lần {round_no}."
            continue
        seen.add(code)
        before = stored.get(code) or Score(code)
        given: dict[str, Any] = {value_name: value, note_name: (note or "").strip()}
        after = replace(before, **given)
        problems = validate_score(node, after)
        if problems:
            errors[code] = f"Tiêu chí {code}: " + " ".join(problems.values())
            continue
        if after != before:
            planned.append((node, after))
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        for node, score in planned:
            save_score(store, assessment, node, score)
    return len(planned)


def evidence_counts(store: Store, assessment: Assessment) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT code, COUNT(*) FROM score_evidence WHERE assessment_uuid = ? GROUP BY code",
        (assessment.uuid,),
    )
    return dict(rows.fetchall())
