"""What backs the lines of a sheet: evidence documents, the tasks that serve a criterion, and
the year's task results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.lost_points import LostPoints, remedial_task_content
from cchc_desktop.core.tasks import Document, SourceKind, Status, Task
from cchc_desktop.core.text import normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.criteria_repo import load_criteria_set
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import stable_uuid, stored_date, utc_now
from cchc_desktop.store.scoring_repo import Assessment, current_assessment, refuse_if_locked


def evidence_of(store: Store, assessment: Assessment, code: str) -> list[Document]:
    from cchc_desktop.store.documents_repo import load_document

    rows = store.conn.execute(
        "SELECT document_uuid FROM score_evidence WHERE assessment_uuid = ? AND code = ? "
        "ORDER BY position, id",
        (assessment.uuid, code),
    ).fetchall()
    return [d for (uuid,) in rows if (d := load_document(store, uuid)) is not None]


def evidence_uses(store: Store, document_uuid: str) -> int:
    """How many lines (any year) and tasks cite this document: editing it edits it for all."""
    lines: int = store.conn.execute(
        "SELECT COUNT(*) FROM score_evidence WHERE document_uuid = ?", (document_uuid,)
    ).fetchone()[0]
    tasks: int = store.conn.execute(
        "SELECT COUNT(*) FROM task_documents WHERE document_uuid = ?", (document_uuid,)
    ).fetchone()[0]
    return lines + tasks


def _document_problems(document: Document, today: date) -> dict[str, str]:
    from cchc_desktop.core.tasks import document_date_problem

    errors = {}
    if not (document.number or document.summary or document.files):
        errors["summary"] = "Ghi số, ký hiệu hoặc trích yếu của tài liệu, hoặc đính kèm tệp."
    problem = document_date_problem(document.issued_on, today)
    if problem:
        errors["issued_on"] = problem
    return errors


def add_evidence(
    store: Store,
    assessment: Assessment,
    code: str,
    document: Document,
    today: date,
    *,
    with_files: bool = True,
) -> Document:
    """Save ``document`` (new, or an existing one edited) with its files and link it to the
    line. An existing document (a task's result, another line's evidence) is linked once."""
    from cchc_desktop.store.documents_repo import save_document

    errors = _document_problems(document, today)
    if errors:
        raise ValidationError(errors)
    assessment = current_assessment(store, assessment)
    refuse_if_locked(assessment)
    with store.transaction():
        saved, _edited = save_document(store, document, with_files=with_files)
        (position,) = store.conn.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM score_evidence "
            "WHERE assessment_uuid = ? AND code = ?",
            (assessment.uuid, code),
        ).fetchone()
        store.conn.execute(
            "INSERT OR IGNORE INTO score_evidence (uuid, updated_at, assessment_uuid, code, "
            "document_uuid, position) VALUES (?, ?, ?, ?, ?, ?)",
            (
                stable_uuid("score_evidence", assessment.uuid, code, saved.uuid),
                utc_now(),
                assessment.uuid,
                code,
                saved.uuid,
                position,
            ),
        )
    return saved


def remove_evidence(store: Store, assessment: Assessment, code: str, document_uuid: str) -> None:
    """Unlink a document from a line; the document (used elsewhere perhaps) stays."""
    assessment = current_assessment(store, assessment)
    refuse_if_locked(assessment)
    with store.transaction():
        store.conn.execute(
            "DELETE FROM score_evidence WHERE assessment_uuid = ? AND code = ? "
            "AND document_uuid = ?",
            (assessment.uuid, code, document_uuid),
        )


@dataclass(frozen=True)
class TaskResult:
    """A result document of a task, offered as evidence."""

    document: Document
    task_content: str
    completed_on: date | None


def task_results(store: Store, year: int) -> list[TaskResult]:
    """Result documents of the tasks of ``year`` (assigned or completed in it), newest first."""
    from cchc_desktop.store.documents_repo import load_document

    rows = store.conn.execute(
        "SELECT DISTINCT td.document_uuid, t.content, t.completed_on FROM task_documents td "
        "JOIN tasks t ON t.uuid = td.task_uuid "
        "WHERE substr(t.assigned_on, 1, 4) = ? OR substr(COALESCE(t.completed_on, ''), 1, 4) = ? "
        "ORDER BY COALESCE(t.completed_on, t.assigned_on) DESC, t.id DESC",
        (str(year), str(year)),
    ).fetchall()
    found = []
    for uuid, content, completed_on in rows:
        document = load_document(store, uuid)
        if document is not None:
            found.append(TaskResult(document, content, stored_date(completed_on)))
    return found


def create_remedial_task(
    store: Store,
    assessment: Assessment,
    item: LostPoints,
    field_code: str | None,
    lead: str,
    deadline: date | None,
    today: date,
) -> Task:
    """A self-assigned task "khắc phục" for a line that lost points, linked to the line."""
    from cchc_desktop.store.task_repo import add_tasks, reform_fields

    known = {f.code for f in reform_fields(store)}
    task = Task(
        content=remedial_task_content(item, assessment.year),
        lead=normalize_text(lead),
        assigned_on=today,
        kind=SourceKind.INDEX_REMEDY,
        field_code=field_code if field_code in known else None,
        self_assigned=True,
        deadline=deadline,
        status=Status.NOT_STARTED,
    )
    try:
        with store.transaction():
            (saved,) = add_tasks(store, [task], today)
            assert saved.uuid is not None  # a stored task has its uuid
            link_task(store, assessment, item.code, saved.uuid)
    except ValidationError as exc:  # keyed "0.lead" by the batch: give the field names back
        raise ValidationError(
            {key.split(".", 1)[-1]: message for key, message in exc.errors.items()}
        ) from exc
    return saved


def link_task(store: Store, assessment: Assessment, code: str, task_uuid: str) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO criterion_tasks (uuid, updated_at, assessment_uuid, code, task_uuid) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (task_uuid) DO UPDATE SET "
            "assessment_uuid = excluded.assessment_uuid, code = excluded.code, "
            "updated_at = excluded.updated_at",
            (
                stable_uuid("criterion_tasks", task_uuid),
                utc_now(),
                assessment.uuid,
                code,
                task_uuid,
            ),
        )


def line_tasks(store: Store, assessment: Assessment) -> dict[str, list[tuple[str, Status]]]:
    """Per code, the tasks (uuid, status) that serve the line; deleted tasks left out."""
    rows = store.conn.execute(
        "SELECT ct.code, t.uuid, t.status FROM criterion_tasks ct "
        "JOIN tasks t ON t.uuid = ct.task_uuid WHERE ct.assessment_uuid = ? ORDER BY t.id",
        (assessment.uuid,),
    )
    found: dict[str, list[tuple[str, Status]]] = {}
    for code, uuid, status in rows:
        found.setdefault(code, []).append((uuid, Status(status)))
    return found


def criterion_of_task(store: Store, task_uuid: str) -> str | None:
    """``"Tiêu chí 3.2 «…» (Chỉ số CCHC năm 2025)"`` for the task editor, if linked."""
    row = store.conn.execute(
        "SELECT a.year, a.criteria_set_uuid, ct.code FROM criterion_tasks ct "
        "JOIN assessments a ON a.uuid = ct.assessment_uuid WHERE ct.task_uuid = ?",
        (task_uuid,),
    ).fetchone()
    if row is None:
        return None
    year, set_uuid, code = row
    criteria = load_criteria_set(store, set_uuid)
    node = criteria.by_code.get(code) if criteria else None
    title = f" «{node.title}»" if node else ""
    return f"Tiêu chí {code}{title} (Chỉ số CCHC năm {year})"
