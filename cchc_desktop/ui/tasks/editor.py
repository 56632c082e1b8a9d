"""Entering and editing one task, with its source and result documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.tasks import (
    Document,
    SourceKind,
    Status,
    Task,
    validate_task,
)
from cchc_desktop.core.text import format_date
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.documents_repo import (
    document_usage,
    documents_for_choice,
)
from cchc_desktop.store.task_repo import reform_fields, save_task
from cchc_desktop.store.task_table import distinct_issuers, distinct_leads
from cchc_desktop.ui.toolkit.documents import DocumentDialog
from cchc_desktop.ui.toolkit.forms import (
    DateField,
    FieldForm,
    GuardedDialog,
    text_box,
    unsaved_text,
)
from cchc_desktop.ui.toolkit.widgets import (
    NoticeLabel,
    editable_combo,
    enum_of,
    field_combo,
    fill_enum_combo,
    scroll_area,
    select_enum,
)


class TaskForm(FieldForm):
    """The fields of a task."""

    def __init__(self, store: Store, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._results: list[Document] = []

        self.content = text_box(3)
        self.field_code = field_combo(reform_fields(store))
        self.kind = QComboBox()
        fill_enum_combo(self.kind, SourceKind)
        self.self_assigned = QCheckBox("Đơn vị tự đặt (không có văn bản giao)")
        self.source_choice = QComboBox()
        self.source_choice.addItem("— Văn bản mới —", None)
        for document in documents_for_choice(store):
            self.source_choice.addItem(document.title() or document.summary, document)
        self.source_number = QLineEdit()
        self.source_number.setPlaceholderText("ví dụ: 45/KH-UBND")
        self.source_issued_on = DateField()
        self.source_issuer = editable_combo(distinct_issuers(store))
        self.source_issuer.lineEdit().setPlaceholderText("ví dụ: UBND tỉnh Gia Lai")
        self.source_summary = QLineEdit()
        self.lead = editable_combo(distinct_leads(store))
        self.lead.lineEdit().setPlaceholderText("cá nhân hoặc bộ phận chủ trì")
        self.coordinators = QLineEdit()
        self.coordinators.setPlaceholderText("nhiều đơn vị thì cách nhau bằng dấu ;")
        self.assigned_on = DateField()
        self.deadline = DateField()
        self.deadline.edit.setPlaceholderText("để trống nếu không có thời hạn")
        self.status = QComboBox()
        fill_enum_combo(self.status, Status)
        self.completed_on = DateField()
        self.results = QListWidget()
        self.results.setMinimumHeight(70)
        self.notes = text_box(2)

        self.add_note("Các mục có dấu * là bắt buộc. Ngày ghi theo dạng ngày/tháng/năm.")
        self.add_field("content", "Nội dung nhiệm vụ *", self.content)
        self.add_field("field_code", "Lĩnh vực", self.field_code)
        self.add_field("kind", "Loại nguồn *", self.kind)
        self.add_section("Văn bản giao nhiệm vụ")
        self.add_field("self_assigned", "", self.self_assigned)
        self.add_field("source_choice", "Chọn văn bản đã có", self.source_choice)
        self.add_field("source_number", "Số, ký hiệu *", self.source_number)
        self.add_field("source_issued_on", "Ngày ban hành", self.source_issued_on)
        self.add_field("source_issuer", "Cơ quan ban hành", self.source_issuer)
        self.add_field("source_summary", "Trích yếu", self.source_summary)
        self.shared_note = self.add_hint("")
        self.add_section("Thực hiện")
        self.add_field("lead", "Chủ trì *", self.lead)
        self.add_field("coordinators", "Phối hợp", self.coordinators)
        self.add_field("assigned_on", "Ngày giao *", self.assigned_on)
        self.add_field("deadline", "Thời hạn", self.deadline)
        self.add_field("status", "Trạng thái *", self.status)
        self.add_field("completed_on", "Ngày hoàn thành", self.completed_on)
        self.add_section("Kết quả")
        self.add_field("results", "Văn bản kết quả, tài liệu kiểm chứng", self.results)
        buttons = QHBoxLayout()
        self.add_result_button = QPushButton("Thêm văn bản…")
        self.edit_result_button = QPushButton("Sửa…")
        self.remove_result_button = QPushButton("Bỏ")
        for button in (self.add_result_button, self.edit_result_button, self.remove_result_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        holder = QWidget()
        holder.setLayout(buttons)
        self.layout_.addRow("", holder)
        self.add_field("notes", "Ghi chú", self.notes)

        self.self_assigned.toggled.connect(self._update_source_rows)
        self.source_choice.currentIndexChanged.connect(self._source_chosen)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.add_result_button.clicked.connect(self._add_result)
        self.edit_result_button.clicked.connect(self._edit_result)
        self.remove_result_button.clicked.connect(self._remove_result)
        self.results.itemDoubleClicked.connect(lambda _item: self._edit_result())

    # --- behaviour ------------------------------------------------------------------------

    def _update_source_rows(self) -> None:
        by_document = not self.self_assigned.isChecked()
        for name in (
            "source_choice",
            "source_number",
            "source_issued_on",
            "source_issuer",
            "source_summary",
        ):
            self.set_row_visible(name, by_document)
        self.shared_note.setVisible(by_document and bool(self.shared_note.text()))

    def _source_chosen(self) -> None:
        document: Document | None = self.source_choice.currentData()
        self._fill_source(document)

    def _fill_source(self, document: Document | None) -> None:
        self.source_number.setText(document.number if document else "")
        self.source_issued_on.set_date(document.issued_on if document else None)
        self.source_issuer.setEditText(document.issuer if document else "")
        self.source_summary.setText(document.summary if document else "")
        uses = document_usage(self._store, document.uuid) if document and document.uuid else 0
        self.shared_note.setText(
            f"Văn bản này đang dùng cho {uses} nhiệm vụ: sửa số, ngày, cơ quan, trích yếu ở đây "
            f"là sửa cho cả {uses} nhiệm vụ."
            if uses > 1
            else ""
        )
        self.shared_note.setVisible(uses > 1)

    def _status_changed(self) -> None:
        done = enum_of(self.status, Status) == Status.DONE
        self.completed_on.setEnabled(done)
        if done and not self.completed_on.edit.text():
            # back to «Hoàn thành»: the date it had; never a date nobody typed (a silent
            # «today» made one Enter record «Hoàn thành quá hạn»). The officer types it.
            self.completed_on.edit.setText(self._completion_text)
            if not self._completion_text:
                self.completed_on.setFocus(Qt.FocusReason.OtherFocusReason)
        self.completed_on.edit.setPlaceholderText(
            f"gõ ngày hoàn thành, ví dụ {format_date(self._today)}" if done else "ngày/tháng/năm"
        )
        if not done:
            if self.completed_on.edit.text():
                self._completion_text: str = self.completed_on.edit.text()
            self.completed_on.set_date(None)

    def _refresh_results(self) -> None:
        self.results.clear()
        for document in self._results:
            files = f" — {len(document.files)} tệp" if document.files else ""
            title = document.title() or document.summary
            summary = f": {document.summary}" if document.summary and document.title() else ""
            self.results.addItem(f"{title}{summary}{files}")

    def _add_result(self) -> None:
        dialog = DocumentDialog(self._store, None, self._today, self)
        if dialog.exec():
            self._results.append(dialog.document())
            self._refresh_results()
            self.set_error("results", "")

    def _edit_result(self) -> None:
        row = self.results.currentRow()
        if row < 0:
            return
        dialog = DocumentDialog(self._store, self._results[row], self._today, self)
        if dialog.exec():
            self._results[row] = dialog.document()
            self._refresh_results()

    def _remove_result(self) -> None:
        row = self.results.currentRow()
        if row >= 0:
            del self._results[row]
            self._refresh_results()

    # --- values ---------------------------------------------------------------------------

    def set_task(self, task: Task | None) -> None:
        task = task or Task(content="", lead="", assigned_on=self._today)
        self._task = task
        self.content.setPlainText(task.content)
        self.field_code.setCurrentIndex(max(self.field_code.findData(task.field_code), 0))
        select_enum(self.kind, task.kind)
        self.self_assigned.setChecked(task.self_assigned)
        self._completion_text = ""
        index = 0
        if task.source is not None and task.source.uuid:
            for i in range(1, self.source_choice.count()):
                if self.source_choice.itemData(i).uuid == task.source.uuid:
                    index = i
            if index == 0:  # older than the documents listed: list it too, so it stays shared
                self.source_choice.insertItem(
                    1, task.source.title() or task.source.summary, task.source
                )
                index = 1
        self.source_choice.blockSignals(True)
        self.source_choice.setCurrentIndex(index)
        self.source_choice.blockSignals(False)
        self._fill_source(task.source)
        self.lead.setEditText(task.lead)
        self.coordinators.setText("; ".join(task.coordinators))
        self.assigned_on.set_date(task.assigned_on)
        self.deadline.set_date(task.deadline)
        self.status.blockSignals(True)
        select_enum(self.status, task.status)
        self.status.blockSignals(False)
        self.completed_on.set_date(task.completed_on)
        self.completed_on.setEnabled(task.status == Status.DONE)
        self._results = list(task.results)
        self._refresh_results()
        self.notes.setPlainText(task.notes)
        self._update_source_rows()
        self.show_errors({})

    def task(self) -> tuple[Task, dict[str, str]]:
        """The task as typed, and the messages of dates that cannot be read."""
        dates, errors = self.read_dates(
            ["source_issued_on", "assigned_on", "deadline", "completed_on"]
        )
        if dates["assigned_on"] is None and "assigned_on" not in errors:
            errors["assigned_on"] = "Chưa nhập ngày giao nhiệm vụ."
        chosen: Document | None = self.source_choice.currentData()
        if chosen is not None and self._task.source and self._task.source.uuid == chosen.uuid:
            chosen = self._task.source  # as loaded, with its files
        source = replace(
            chosen or Document(),
            number=self.source_number.text(),
            issued_on=dates["source_issued_on"],
            issuer=self.source_issuer.currentText(),
            summary=self.source_summary.text(),
        )
        task = replace(
            self._task,
            content=self.content.toPlainText(),
            field_code=self.field_code.currentData(),
            kind=enum_of(self.kind, SourceKind) or SourceKind.OTHER,
            self_assigned=self.self_assigned.isChecked(),
            source=None if self.self_assigned.isChecked() else source,
            lead=self.lead.currentText(),
            coordinators=tuple(self.coordinators.text().split(";")),
            assigned_on=dates["assigned_on"] or self._today,
            deadline=dates["deadline"],
            status=enum_of(self.status, Status) or Status.NOT_STARTED,
            completed_on=dates["completed_on"],
            results=tuple(self._results),
            notes=self.notes.toPlainText(),
        )
        return task, errors


def staff_plan_link(store: Store, task_uuid: str | None) -> str:
    """What a task carries out in the standardisation plan, in words; "" for none."""
    if not task_uuid:
        return ""
    from cchc_desktop.core.standard_plan import ActionKind
    from cchc_desktop.store.staff_repo import action_for_task, load_official

    action = action_for_task(store, task_uuid)
    if action is None:
        return ""
    official = load_official(store, action.official_uuid)
    name = official.full_name if official else "(người đã bị xóa khỏi danh sách)"
    return (
        f"Nhiệm vụ này thực hiện biện pháp chuẩn hóa «{ActionKind(action.kind).label}» cho "
        f"{name} (trang Cán bộ & chuẩn hóa). Khi nhiệm vụ hoàn thành, kế hoạch chuẩn hóa "
        "ghi nhận ngày hoàn thành."
    )


def criterion_link(store: Store, task_uuid: str | None) -> str:
    """The criterion of the CCHC index this task serves, in words; "" for none."""
    if not task_uuid:
        return ""
    from cchc_desktop.store.scoring_evidence import criterion_of_task

    line = criterion_of_task(store, task_uuid)
    return f"Nhiệm vụ này phục vụ {line} (trang Tự chấm điểm)." if line else ""


def _field_of(key: str) -> str:
    """Where a rule's message is shown: result_0 → the results list."""
    return "results" if key.startswith("result_") else key


class TaskEditorDialog(GuardedDialog):
    """Add or edit a task; nothing is saved until every field is right."""

    def __init__(self, store: Store, task: Task | None, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._known_fields = {f.code for f in reform_fields(store)}
        self.saved: Task | None = None
        self.setWindowTitle("Sửa nhiệm vụ" if task and task.uuid else "Thêm nhiệm vụ")
        layout = QVBoxLayout(self)
        self.notice = NoticeLabel("", "error")
        self.notice.hide()
        layout.addWidget(self.notice)
        uuid = task.uuid if task else None
        links = (staff_plan_link(store, uuid), criterion_link(store, uuid))
        self.link_note = NoticeLabel("\n".join(text for text in links if text))
        self.link_note.setVisible(bool(self.link_note.text()))
        layout.addWidget(self.link_note)
        self.form = TaskForm(store, today)
        self.form.follow_with(self.notice)
        layout.addWidget(scroll_area(self.form), 1)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip("Lưu (Ctrl+S)")
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.form.set_task(task)
        self._initial = self.form.task()
        self.resize(760, 720)
        self.form.content.setFocus()
        self.form.content.moveCursor(QTextCursor.MoveOperation.End)  # to add to what is there

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self.form.task() != self._initial

    def save(self) -> None:
        task, date_errors = self.form.task()
        errors: dict[str, str] = {}
        if date_errors:
            # Every mistake at once: the rules on what could be read, then the unreadable dates.
            rule_errors = validate_task(task, self._today, self._known_fields)
            errors = {**{_field_of(k): v for k, v in rule_errors.items()}, **date_errors}
        else:
            try:
                self.saved = save_task(self._store, task, self._today, self._known_fields)
            except ValidationError as exc:
                errors = {_field_of(k): v for k, v in exc.errors.items()}
            except StoreError as exc:
                self.notice.setText(exc.message)
                self.notice.show()
                return
        if errors:
            self.form.show_errors(errors)
            self.notice.setText(unsaved_text(self.form.error_count() or len(errors)))
            self.notice.show()
            return
        self.accept()
