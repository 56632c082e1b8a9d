"""A remedial task for a criterion that lost points: who leads it and by when."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.lost_points import remedial_task_content
from cchc_desktop.core.tasks import SourceKind, Task
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import create_remedial_task
from cchc_desktop.store.scoring_repo import Assessment
from cchc_desktop.store.task_repo import reform_fields
from cchc_desktop.store.task_table import distinct_leads
from cchc_desktop.ui.scoring.comparison_rows import LostRow
from cchc_desktop.ui.toolkit.dialog_buttons import save_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog, text_box
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, editable_combo


def default_deadline(year: int, today: date) -> date:
    """30/09 of the year after the assessed one (the remedy is done then), if still ahead;
    otherwise 90 days from today."""
    candidate = date(year + 1, 9, 30)
    return candidate if candidate > today else today + timedelta(days=90)


class RemedialTaskDialog(GuardedDialog):
    """A remedial task (khắc phục) for one line that lost points: lead and deadline."""

    def __init__(
        self,
        store: Store,
        assessment: Assessment,
        criteria: CriteriaSet,
        row: LostRow,
        lead: str,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._assessment = assessment
        self._row = row
        self._today = today
        self.saved: Task | None = None
        self.setWindowTitle("Tạo nhiệm vụ khắc phục")
        self.form = FieldForm()
        self.content = text_box(3)
        self.content.setReadOnly(True)
        self.content.setPlainText(remedial_task_content(row.item, assessment.year))
        self.form.add_field("content", "Nội dung nhiệm vụ", self.content)
        field_names = {f.code: f.name for f in reform_fields(store)}
        field_name = field_names.get(row.field_code or "", "(Chưa xác định)")
        self.form.add_hint(
            f"Lĩnh vực: {field_name}. Loại: {SourceKind.INDEX_REMEDY.label}; đơn vị tự đặt, "
            f"giao ngày {format_date(today)}."
        )
        if row.tasks:
            self.form.add_hint(
                f"Tiêu chí này đã có {len(row.tasks)} nhiệm vụ khắc phục ({row.task_text()})."
            )
        self.lead = editable_combo(distinct_leads(store))
        self.lead.setEditText(lead)
        self.form.add_field("lead", "Chủ trì (*)", self.lead)
        self.deadline = DateField()
        self.deadline.set_date(default_deadline(assessment.year, today))
        self.form.add_field("deadline", "Hạn hoàn thành", self.deadline)
        self.notice = NoticeLabel(kind="error")
        self.notice.hide()
        buttons = save_cancel_buttons(self, self.save, "Tạo nhiệm vụ")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self._initial = self._typed()
        self.resize(640, self.sizeHint().height())
        self.lead.setFocus()

    def _typed(self) -> tuple[str, str]:
        return normalize_text(self.lead.currentText()), normalize_text(self.deadline.edit.text())

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self._typed() != self._initial

    def save(self) -> None:
        lead = normalize_text(self.lead.currentText())
        dates, errors = self.form.read_dates(["deadline"])
        deadline = dates["deadline"]
        if not lead:
            errors["lead"] = "Nhập người hoặc bộ phận chủ trì thực hiện nhiệm vụ."
        if deadline is not None and deadline < self._today:
            errors["deadline"] = (
                f"Hạn hoàn thành {format_date(deadline)} đã qua; "
                f"chọn từ hôm nay ({format_date(self._today)}) trở đi."
            )
        if errors:
            self.form.show_errors(errors)
            return
        self.notice.hide()
        try:
            self.saved = create_remedial_task(
                self._store,
                self._assessment,
                self._row.item,
                self._row.field_code,
                lead,
                deadline,
                self._today,
            )
        except ValidationError as exc:
            # add_tasks keys its messages by the task's place in the batch ("0.lead").
            found = {key.split(".", 1)[-1]: text for key, text in exc.errors.items()}
            at_fields = {k: v for k, v in found.items() if k in self.form.editors}
            if at_fields:
                self.form.show_errors(at_fields)
            others = [v for k, v in found.items() if k not in self.form.editors]
            if others:
                self.notice.say(" ".join(others), "error")
            return
        except StoreError as exc:
            show_user_error(self, self.windowTitle(), exc)
            return
        self.accept()
