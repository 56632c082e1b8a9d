"""The dialogs of the standards editor: one requirement of one position, one position, and the
new version's day and change note."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import MIN_AGE, StaffLists
from cchc_desktop.core.standard_checks import lower_name
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    Position,
    Requirement,
    StandardSet,
    attribute_label,
)
from cchc_desktop.core.text import fold_for_search, format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import save_standard_version
from cchc_desktop.ui.staff.standards_model import Change, common_requirement, requirement_text
from cchc_desktop.ui.toolkit.dialog_buttons import accept_cancel_buttons
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, editable_combo, scroll_area

NO_REQUIREMENT_LABEL = "Không yêu cầu"


CHANGE_NOTE_MISSING = "Ghi ngắn gọn nội dung thay đổi (ví dụ: theo văn bản nào)."


def _lay_out_form(dialog: QDialog, form: QWidget, buttons: QDialogButtonBox) -> None:
    """A dialog's form on top, its buttons at the foot."""
    layout = QVBoxLayout(dialog)
    layout.addWidget(form)
    layout.addStretch(1)
    layout.addWidget(buttons)


def _same_field(a: str, b: str) -> bool:
    return fold_for_search(a) == fold_for_search(b)


class AcceptedFieldsEditor(QWidget):
    """A line to add a field of study to ``list`` (the accepted ones), and a button to remove one.

    The list itself sits in the form, so that its mistakes show under it; ``problem``
    carries the message of a refused addition (empty: none).
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(self, accepted: tuple[str, ...], known: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMinimumHeight(140)
        self.list.setAccessibleName("Các ngành được nhận")
        for name in accepted:
            self._append(name)
        self.entry = editable_combo(known)
        self.entry.lineEdit().setPlaceholderText("gõ hoặc chọn tên ngành, ví dụ: Luật")
        self.entry.setAccessibleName("Ngành cần thêm")
        self.add_button = QPushButton("Thêm ngành")
        self.remove_button = QPushButton("Xóa ngành đang chọn")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.add_button)
        layout.addWidget(self.remove_button)
        self.add_button.clicked.connect(self.add_entry)
        self.entry.lineEdit().returnPressed.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self._update()

    def _append(self, name: str) -> None:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)

    def _update(self) -> None:
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    def accepted(self) -> tuple[str, ...]:
        names = [normalize_text(self.list.item(i).text()) for i in range(self.list.count())]
        unique: list[str] = []
        for name in names:
            if name and not any(_same_field(name, u) for u in unique):
                unique.append(name)
        return tuple(unique)

    def add_entry(self) -> bool:
        name = normalize_text(self.entry.currentText())
        if not name:
            self.problem.emit("Gõ tên ngành cần thêm vào ô bên dưới danh sách.")
            return False
        if any(_same_field(name, have) for have in self.accepted()):
            self.problem.emit(f"Ngành «{name}» đã có trong danh sách.")
            return False
        self._append(name)
        self.list.setCurrentRow(self.list.count() - 1)
        self.entry.setEditText("")
        self.problem.emit("")
        self.changed.emit()
        return True

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._update()
        self.problem.emit("")
        self.changed.emit()


class RequirementDialog(GuardedDialog):
    """Set one position's requirement on one attribute: a level, accepted fields, or ages."""

    def __init__(
        self,
        standard: StandardSet,
        position: Position,
        attribute: str,
        lists: StaffLists,
        known_fields: list[str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._position = position
        self._attribute = attribute
        self._lists = lists
        self._own = position.requirement(attribute)
        self._common = common_requirement(standard, position, attribute)
        label = attribute_label(attribute, lists)
        self.setWindowTitle(f"{label} — {position.name}")
        self.form = FieldForm()
        self.form.add_note(f"Yêu cầu về {lower_name(label)} của «{position.name}».")
        if self._common is not None:
            category = lists.name("categories", position.category).lower()
            self.form.add_hint(
                f"Yêu cầu chung cho {category} của bộ tiêu chuẩn: "
                f"{requirement_text(self._common, lists)}. Yêu cầu đặt ở đây chỉ áp dụng "
                "cho chức danh này và thay cho yêu cầu chung."
            )
        none_label = (
            f"Theo yêu cầu chung ({requirement_text(self._common, lists)})"
            if self._common is not None
            else NO_REQUIREMENT_LABEL
        )
        self.level: QComboBox | None = None
        self.fields: AcceptedFieldsEditor | None = None
        self.min_age: QSpinBox | None = None
        self.max_age: QSpinBox | None = None
        if attribute == FIELD:
            self._add_fields(known_fields)
        elif attribute == AGE:
            self._add_ages()
        else:
            self._add_level(none_label)
        _lay_out_form(self, self.form, accept_cancel_buttons(self, "Đồng ý"))
        self._initial = self.requirement()
        self.resize(560, 460 if attribute == FIELD else self.sizeHint().height())
        first = self.fields.entry if self.fields else (self.level or self.min_age)
        assert first is not None
        first.setFocus()

    def _add_fields(self, known_fields: list[str]) -> None:
        """The fields of study accepted."""
        self.fields = AcceptedFieldsEditor(self._own.accepted if self._own else (), known_fields)
        self.form.add_field("accepted", "Các ngành được nhận", self.fields.list)
        self.form.layout_.addRow("Thêm ngành", self.fields)
        self.form.add_hint(
            "Người có chuyên ngành chứa tên một ngành trong danh sách là phù hợp (ngành "
            "«Luật» nhận cả «Luật kinh tế»). Để trống danh sách: "
            + ("theo yêu cầu chung." if self._common else "không yêu cầu về chuyên ngành.")
        )
        self.fields.problem.connect(lambda text: self.form.set_error("accepted", text))

    def _add_ages(self) -> None:
        """The youngest and the oldest age."""
        self.min_age = self._age_box("Không quy định")
        self.max_age = self._age_box("Không giới hạn")
        if self._own is not None:
            self.min_age.setValue(self._own.min_age or 0)
            self.max_age.setValue(self._own.max_age or 0)
        self.form.add_field("min_age", "Từ (tuổi)", self.min_age)
        self.form.add_field("max_age", "Không quá (tuổi)", self.max_age)
        self.form.add_hint(
            "Để cả hai ô ở mức thấp nhất: "
            + ("theo yêu cầu chung." if self._common else "không yêu cầu về tuổi.")
        )

    def _add_level(self, none_label: str) -> None:
        """The lowest level that meets the requirement."""
        self.level = QComboBox()
        self.level.addItem(none_label, None)
        scale = self._lists.scales[self._attribute]
        current = self._own.min_level if self._own else None
        for lv in scale.levels:
            # "Chưa qua đào tạo" as a minimum asks nothing; offered only if already set.
            if lv.rank > 0 or lv.code == current:
                self.level.addItem(lv.name, lv.code)
        self.level.setCurrentIndex(max(self.level.findData(current), 0))
        self.form.add_field("level", "Tối thiểu phải có", self.level)
        self.form.add_hint("Người có mức này hoặc cao hơn là đạt.")

    @staticmethod
    def _age_box(empty: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 100)
        box.setSpecialValueText(empty)
        box.setSuffix(" tuổi")
        return box

    def requirement(self) -> Requirement | None:
        """The position's own requirement as set; None when it has none (common applies)."""
        keep: dict[str, Any] = {"note": self._own.note} if self._own else {}
        if self.fields is not None:
            accepted = self.fields.accepted()
            return Requirement(FIELD, accepted=accepted, **keep) if accepted else None
        if self.min_age is not None and self.max_age is not None:
            low, high = self.min_age.value() or None, self.max_age.value() or None
            if low is None and high is None:
                return None
            return Requirement(AGE, min_age=low, max_age=high, **keep)
        assert self.level is not None
        code = self.level.currentData()
        return Requirement(self._attribute, min_level=code, **keep) if code else None

    def has_unsaved_changes(self) -> bool:
        return self.result() != self.DialogCode.Accepted and self.requirement() != self._initial

    def problems(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.fields is not None and normalize_text(self.fields.entry.currentText()):
            errors["accepted"] = (
                "Còn ngành vừa gõ chưa được thêm: bấm «Thêm ngành» hoặc xóa dòng đã gõ."
            )
        if self.min_age is not None and self.max_age is not None:
            low, high = self.min_age.value(), self.max_age.value()
            if 0 < low < MIN_AGE:
                errors["min_age"] = f"Cán bộ, công chức phải từ {MIN_AGE} tuổi trở lên."
            if high and low and high < low:
                errors["max_age"] = f"Tuổi tối đa {high} nhỏ hơn tuổi tối thiểu {low}."
            elif 0 < high < MIN_AGE:
                errors["max_age"] = f"Tuổi tối đa không thể dưới {MIN_AGE}."
        return errors

    def accept(self) -> None:
        errors = self.problems()
        if errors:
            self.form.show_errors(errors)
            return
        super().accept()


def new_position_code(name: str, taken: set[str]) -> str:
    """A code from the name: ``"Chuyên viên văn hóa"`` → ``"chuyen_vien_van_hoa"``, unique."""
    base = re.sub(r"[^0-9a-z]+", "_", fold_for_search(name)).strip("_")[:40] or "chuc_danh"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


class PositionDialog(GuardedDialog):
    """Add a position to a set, or change its name, category and department."""

    def __init__(
        self,
        standard: StandardSet,
        position: Position | None,
        lists: StaffLists,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._standard = standard
        self._position = position
        self.setWindowTitle("Sửa chức danh, vị trí" if position else "Thêm chức danh / vị trí")
        self.form = FieldForm()
        self.name = QLineEdit()
        self.name.setPlaceholderText("ví dụ: Chuyên viên văn hóa – xã hội")
        self.category = QComboBox()
        for item in lists.categories:
            if item.flag or (position and position.category == item.code):
                self.category.addItem(item.name, item.code)
        self.department = QComboBox()
        self.department.addItem("(Không thuộc phòng nào)", None)
        for item in lists.departments:
            self.department.addItem(item.name, item.code)
        self.form.add_note(
            "Đổi tên chức danh không làm thay đổi hồ sơ của người đang giữ chức danh."
            if position
            else "Chức danh mới có các yêu cầu chung của bộ tiêu chuẩn; sau khi thêm, sửa "
            "từng ô của dòng đó để đặt yêu cầu riêng."
        )
        self.form.add_field("name", "Tên chức danh, vị trí *", self.name)
        self.form.add_field("category", "Đối tượng *", self.category)
        self.form.add_field("department", "Phòng, bộ phận", self.department)
        self.copy_from: QComboBox | None = None
        if position is None:
            self.copy_from = QComboBox()
            self.copy_from.addItem("(Không — chỉ có yêu cầu chung)", None)
            for p in standard.positions:
                self.copy_from.addItem(p.name, p.code)
            self.form.add_field("copy_from", "Lấy yêu cầu giống chức danh", self.copy_from)
        if position is not None:
            self.name.setText(position.name)
            self.category.setCurrentIndex(max(self.category.findData(position.category), 0))
            self.department.setCurrentIndex(max(self.department.findData(position.department), 0))
        else:
            self.category.setCurrentIndex(max(self.category.findData("cong_chuc"), 0))
        _lay_out_form(self, self.form, accept_cancel_buttons(self, "Đồng ý"))
        self._initial = self.position()
        self.resize(560, 280)
        self.name.setFocus()

    def position(self) -> Position:
        name = normalize_text(self.name.text())
        if self._position is not None:
            return replace(
                self._position,
                name=name,
                category=self.category.currentData(),
                department=self.department.currentData(),
            )
        source = self._standard.position(self.copy_from.currentData() if self.copy_from else None)
        taken = {p.code for p in self._standard.positions}
        return Position(
            code=new_position_code(name, taken),
            name=name,
            category=self.category.currentData(),
            department=self.department.currentData(),
            requirements=source.requirements if source else (),
        )

    def has_unsaved_changes(self) -> bool:
        return self.result() != self.DialogCode.Accepted and self.position() != self._initial

    def accept(self) -> None:
        p = self.position()
        errors: dict[str, str] = {}
        if not p.name:
            errors["name"] = "Chưa nhập tên chức danh, vị trí việc làm."
        else:
            twin = next(
                (
                    other
                    for other in self._standard.positions
                    if other.code != (self._position.code if self._position else None)
                    and _same_field(other.name, p.name)
                ),
                None,
            )
            if twin is not None:
                errors["name"] = f"Bộ tiêu chuẩn đã có chức danh «{twin.name}»."
        if errors:
            self.form.show_errors(errors)
            return
        super().accept()


class SaveVersionDialog(GuardedDialog):
    """The day a new version applies from and what changed; saves it, or shows what is wrong."""

    def __init__(
        self,
        store: Store,
        edited: StandardSet,
        newest: StandardSet,
        changes: list[Change],
        today: date,
        lists: StaffLists,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._edited = edited
        self._newest = newest
        self._lists = lists
        self.saved: StandardSet | None = None
        self.setWindowTitle("Lưu thành phiên bản mới")
        self.notice = NoticeLabel("", "error")
        self.notice.hide()
        summary = QLabel(
            f"«{edited.name}» sẽ có phiên bản {newest.version + 1}; phiên bản "
            f"{newest.version} và các phiên bản trước được giữ nguyên.\n"
            f"{len(changes)} thay đổi:\n" + "\n".join(f"• {c.text}" for c in changes)
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        summary_area = scroll_area(summary)
        summary_area.setMaximumHeight(170)
        self.form = FieldForm()
        self.effective_from = DateField()
        self.effective_from.set_date(max(today, newest.effective_from))
        self.change_note = QPlainTextEdit()
        self.change_note.setTabChangesFocus(True)
        self.change_note.setPlaceholderText(
            "ví dụ: Theo Quyết định số …/QĐ-UBND ngày … của UBND tỉnh, chấp nhận thêm ngành …"
        )
        self.change_note.setFixedHeight(self.change_note.fontMetrics().lineSpacing() * 4 + 12)
        self.form.add_field("effective_from", "Áp dụng từ ngày *", self.effective_from)
        self.form.add_hint(
            "Tỷ lệ đạt chuẩn tính cho những ngày trước ngày này vẫn theo phiên bản cũ."
        )
        self.form.add_field("change_note", "Nội dung thay đổi / căn cứ *", self.change_note)
        buttons = accept_cancel_buttons(self, "Lưu phiên bản mới", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(summary_area)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 480)
        self.change_note.setFocus()

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and bool(normalize_text(self.change_note.toPlainText()))

    def save(self) -> None:
        note = self.change_note.toPlainText()
        errors: dict[str, str] = {}
        effective_from: date | None = None
        try:
            effective_from = self.effective_from.date()
        except ValueError as exc:
            errors["effective_from"] = str(exc)
        else:
            if effective_from is None:
                errors["effective_from"] = "Nhập ngày bắt đầu áp dụng phiên bản mới."
            elif effective_from < self._newest.effective_from:
                errors["effective_from"] = (
                    "Phiên bản mới không thể áp dụng trước phiên bản đang có "
                    f"(phiên bản {self._newest.version} áp dụng từ "
                    f"{format_date(self._newest.effective_from)})."
                )
        if errors or effective_from is None:
            if not normalize_text(note):
                errors["change_note"] = CHANGE_NOTE_MISSING
            self._show(errors)
            return
        try:
            self.saved = save_standard_version(
                self._store, self._edited, effective_from, note, self._lists
            )
        except ValidationError as exc:
            self._show(exc.errors)
            return
        except StoreError as exc:
            self.notice.say(exc.message, "error")
            return
        self.accept()

    def _show(self, errors: dict[str, str]) -> None:
        at_fields = {k: v for k, v in errors.items() if k in self.form.editors}
        elsewhere = [v for k, v in errors.items() if k not in self.form.editors]
        self.form.show_errors(at_fields)
        if elsewhere:
            self.notice.say("Chưa lưu: " + " ".join(elsewhere), "error")
        else:
            self.notice.hide()
