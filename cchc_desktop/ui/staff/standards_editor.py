"""The standards of positions (tiêu chuẩn chức danh, vị trí việc làm), seen and edited as a matrix.

Positions run down, requirements across. Only the newest version of a set can
be edited: changes gather in an edited copy, marked in the matrix, and are kept
as a new version with the day it applies from and what changed. An earlier
version is never changed, so ratios at an earlier date keep the standard then
in force.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import MIN_AGE, StaffLists, load_staff_lists
from cchc_desktop.core.standard_checks import deadline_text, lower_name
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    Position,
    Requirement,
    StandardSet,
    attribute_label,
    standard_in_force,
    with_position_requirement,
)
from cchc_desktop.core.text import fold_for_search, format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import load_officials, load_standard_sets, save_standard_version
from cchc_desktop.ui.profile.form import vietnamese_sorted
from cchc_desktop.ui.staff.standards_model import (
    DEPARTMENT_COLUMN,
    NAME_COLUMN,
    Change,
    RequirementMatrixModel,
    common_requirement,
    requirement_text,
    standard_changes,
)
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, editable_combo, scroll_area

NO_REQUIREMENT_LABEL = "Không yêu cầu"
SHIPPED_LABEL = "bản mặc định của chương trình"
CHANGE_NOTE_MISSING = "Ghi ngắn gọn nội dung thay đổi (ví dụ: theo văn bản nào)."
_NOTE_IN_COMBO = 60  # characters of a change note shown in the version list


def _buttons(ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    return buttons


def _same_field(a: str, b: str) -> bool:
    return fold_for_search(a) == fold_for_search(b)


# --- one requirement of one position ---------------------------------------------------------


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
            self.fields = AcceptedFieldsEditor(
                self._own.accepted if self._own else (), known_fields
            )
            self.form.add_field("accepted", "Các ngành được nhận", self.fields.list)
            self.form.layout_.addRow("Thêm ngành", self.fields)
            self.form.add_hint(
                "Người có chuyên ngành chứa tên một ngành trong danh sách là phù hợp (ngành "
                "«Luật» nhận cả «Luật kinh tế»). Để trống danh sách: "
                + ("theo yêu cầu chung." if self._common else "không yêu cầu về chuyên ngành.")
            )
            self.fields.problem.connect(lambda text: self.form.set_error("accepted", text))
        elif attribute == AGE:
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
        else:
            self.level = QComboBox()
            self.level.addItem(none_label, None)
            scale = lists.scales[attribute]
            current = self._own.min_level if self._own else None
            for lv in scale.levels:
                # "Chưa qua đào tạo" as a minimum asks nothing; offered only if already set.
                if lv.rank > 0 or lv.code == current:
                    self.level.addItem(lv.name, lv.code)
            self.level.setCurrentIndex(max(self.level.findData(current), 0))
            self.form.add_field("level", "Tối thiểu phải có", self.level)
            self.form.add_hint("Người có mức này hoặc cao hơn là đạt.")
        buttons = _buttons("Đồng ý")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._initial = self.requirement()
        self.resize(560, 460 if attribute == FIELD else self.sizeHint().height())
        first = self.fields.entry if self.fields else (self.level or self.min_age)
        assert first is not None
        first.setFocus()

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


# --- a position ------------------------------------------------------------------------------


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
        buttons = _buttons("Đồng ý")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
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


# --- saving a new version --------------------------------------------------------------------


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
        buttons = _buttons("Lưu phiên bản mới")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
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


# --- the panel -------------------------------------------------------------------------------


class MatrixView(QTableView):
    """The matrix: Enter (or F2) edits the current cell, Delete removes its position.

    Columns share the width the way a printed table would: each gets at least
    its longest word and, as far as the width allows, its longest text, so that
    the whole matrix fits the screen with as few wrapped lines as possible.
    When even the longest words do not fit, the table scrolls sideways.
    """

    edit_requested = Signal(QModelIndex)
    remove_requested = Signal()

    PADDING = 14  # pixels around a cell's text
    MAX_CHARS = 34  # a column is never made wider than this many average characters

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if self.currentIndex().isValid():
                self.edit_requested.emit(self.currentIndex())
            event.accept()
            return
        if key == Qt.Key.Key_Delete:
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _needs(self, column: int) -> tuple[int, int]:
        """The least width of a column (its longest word) and the width of its longest line."""
        model = self.model()
        cells = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        heading = QFontMetrics(bold)
        texts = [
            (cells, str(model.data(model.index(row, column)) or ""))
            for row in range(model.rowCount())
        ]
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        texts += [(heading, line) for line in title.split("\n")]
        least = max((m.horizontalAdvance(w) for m, t in texts for w in t.split()), default=0)
        ideal = max((m.horizontalAdvance(t) for m, t in texts), default=0)
        cap = self.MAX_CHARS * cells.averageCharWidth()
        least += self.PADDING
        return least, max(least, min(ideal + self.PADDING, cap))

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        shown = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        if not shown:
            return
        needs = {c: self._needs(c) for c in shown}
        least = sum(n[0] for n in needs.values())
        ideal = sum(n[1] for n in needs.values())
        available = (
            self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        )
        for c, (low, high) in needs.items():
            if ideal <= available:  # everything on one line; spread what is left
                width = high * available / ideal
            elif least >= available:  # too narrow even for whole words: scroll sideways
                width = low
            else:  # wrap, giving each column a share of the room in proportion to its wish
                width = low + (high - low) * (available - least) / (ideal - least)
            self.setColumnWidth(c, int(width))
        self.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class StandardsPanel(QWidget):
    """Pick a standard set and a version; see its matrix; edit the newest into a new version."""

    standards_saved = Signal()

    def __init__(self, store: Store, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._lists = load_staff_lists()
        self._sets: list[StandardSet] = []
        self._shown: StandardSet | None = None  # the saved version on screen
        self._edited: StandardSet | None = None  # its edited copy (== shown when unchanged)
        self._changes: list[Change] = []

        self.family = QComboBox()
        self.family.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.family.setMinimumContentsLength(30)
        self.version = QComboBox()
        self.version.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.version.setMinimumContentsLength(30)
        family_label = QLabel("&Bộ tiêu chuẩn")
        family_label.setBuddy(self.family)
        version_label = QLabel("&Phiên bản")
        version_label.setBuddy(self.version)
        pick = QGridLayout()
        pick.addWidget(family_label, 0, 0)
        pick.addWidget(self.family, 0, 1)
        pick.addWidget(version_label, 1, 0)
        pick.addWidget(self.version, 1, 1)
        pick.setColumnStretch(1, 1)

        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_note = NoticeLabel("", "warning")
        self.mode_note = NoticeLabel("", "info")
        self.mode_note.hide()

        self.model = RequirementMatrixModel(self._lists, self)
        self.table = MatrixView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName("Bảng tiêu chuẩn theo chức danh, vị trí việc làm")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.legend = QLabel(
            "Chữ nghiêng màu xám: yêu cầu áp dụng chung cho cả đối tượng. Chữ đậm trên nền "
            "vàng: đã sửa, chưa lưu. Chọn một ô rồi nhấn Enter (hoặc bấm đúp) để sửa."
        )
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("QLabel { color:#555; }")

        self.edit_button = QPushButton("Sửa yêu cầu…")
        self.edit_button.setToolTip("Sửa yêu cầu ở ô đang chọn (Enter)")
        self.add_button = QPushButton("Thêm chức danh / vị trí…")
        self.remove_button = QPushButton("Xóa chức danh")
        self.remove_button.setToolTip("Xóa chức danh, vị trí ở dòng đang chọn (Delete)")
        self.changes_label = QLabel()
        self.changes_label.setStyleSheet("QLabel { color:#5c4300; font-weight:bold; }")
        self.discard_button = QPushButton("Bỏ thay đổi")
        self.save_button = QPushButton("Lưu thành phiên bản mới…")
        actions = QHBoxLayout()
        for button in (self.edit_button, self.add_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.changes_label)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.save_button)
        self.notice = NoticeLabel("", "info")
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.info)
        layout.addWidget(self.set_note)
        layout.addWidget(self.mode_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        chain = [
            self.family,
            self.version,
            self.table,
            self.edit_button,
            self.add_button,
            self.remove_button,
            self.discard_button,
            self.save_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.family.activated.connect(lambda _i: self._family_picked())
        self.version.activated.connect(lambda _i: self._version_picked())
        self.table.doubleClicked.connect(self.edit_cell)
        self.table.edit_requested.connect(self.edit_cell)
        self.table.remove_requested.connect(self.remove_position)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.edit_button.clicked.connect(self.edit_current)
        self.add_button.clicked.connect(self.add_position)
        self.remove_button.clicked.connect(self.remove_position)
        self.discard_button.clicked.connect(self.discard_changes)
        self.save_button.clicked.connect(self.save_version)
        self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the sets again; unsaved edits stay if their version is still the newest."""
        family = self.family.currentData()
        # An older version looked at stays on screen; the newest gives way to a newer one.
        shown = self._shown
        version = None if shown is None or self._is_newest(shown) else shown.version
        self._sets = load_standard_sets(self._store)
        newest = self._newest_versions()
        self.family.blockSignals(True)
        self.family.clear()
        for s in newest:
            self.family.addItem(s.name, s.family)
            self.family.setItemData(self.family.count() - 1, s.name, Qt.ItemDataRole.ToolTipRole)
        self.family.setCurrentIndex(max(self.family.findData(family), 0))
        self.family.blockSignals(False)
        edited, changes = self._edited, self._changes
        base_uuid = self._shown.uuid if self._shown else None
        self._fill_versions(version)
        current = self.current_version()
        if changes and edited is not None and current is not None and self._is_newest(current):
            if edited.family == current.family and base_uuid == current.uuid:
                self._set_edited(edited)

    def _newest_versions(self) -> list[StandardSet]:
        newest: dict[str, StandardSet] = {}
        for s in sorted(self._sets, key=lambda s: s.version):
            newest[s.family] = s
        return list(newest.values())

    def _versions(self, family: str | None) -> list[StandardSet]:
        return sorted((s for s in self._sets if s.family == family), key=lambda s: s.version)

    def _is_newest(self, s: StandardSet) -> bool:
        return s.version == max(v.version for v in self._versions(s.family))

    def _fill_versions(self, version: int | None = None) -> None:
        family = self.family.currentData()
        versions = self._versions(family)
        in_force = standard_in_force(self._sets, family, self._today) if family else None
        self.version.blockSignals(True)
        self.version.clear()
        for s in reversed(versions):  # the newest first
            self.version.addItem(self._version_text(s, in_force), s.version)
            tip = f"Phiên bản {s.version}, áp dụng từ {format_date(s.effective_from)}"
            tip += f"\n{SHIPPED_LABEL.capitalize()}" if s.shipped else f"\n{s.change_note}"
            self.version.setItemData(self.version.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        index = self.version.findData(version) if version is not None else -1
        self.version.setCurrentIndex(max(index, 0))
        self.version.blockSignals(False)
        self._show(self.current_version())

    @staticmethod
    def _version_text(s: StandardSet, in_force: StandardSet | None) -> str:
        text = f"Phiên bản {s.version}, áp dụng từ {format_date(s.effective_from)}"
        if in_force is not None and s.uuid == in_force.uuid:
            text += " (đang áp dụng)"
        note = SHIPPED_LABEL if s.shipped else s.change_note
        if len(note) > _NOTE_IN_COMBO:
            note = note[: _NOTE_IN_COMBO - 1].rstrip() + "…"
        return f"{text} — {note}" if note else text

    def current_version(self) -> StandardSet | None:
        """The saved version on screen (not the unsaved edits: see :meth:`edited_standard`)."""
        version = self.version.currentData()
        return next(
            (s for s in self._versions(self.family.currentData()) if s.version == version), None
        )

    def edited_standard(self) -> StandardSet | None:
        return self._edited

    def is_editable(self) -> bool:
        return self._shown is not None and self._is_newest(self._shown)

    def has_unsaved_changes(self) -> bool:
        return bool(self._changes)

    def changes(self) -> list[Change]:
        return list(self._changes)

    def _show(self, s: StandardSet | None) -> None:
        self._shown = s
        self._edited = s
        self._changes = []
        self.notice.hide()
        if s is None:
            self.model.set_standard(_empty_set())
            self.info.setText("Chưa có bộ tiêu chuẩn nào.")
            self.set_note.hide()
            self.mode_note.hide()
            self._update_buttons()
            return
        lines = []
        if s.legal_basis:
            lines.append(f"Căn cứ: {s.legal_basis}")
        if s.deadline is not None:
            label = s.deadline_label or "Hạn đạt chuẩn"
            lines.append(f"{label}: {deadline_text(s.deadline, self._today)}")
        if not s.shipped and s.change_note:
            lines.append(f"Nội dung thay đổi của phiên bản {s.version}: {s.change_note}")
        self.info.setText("\n".join(lines))
        self.set_note.setText(s.note)
        self.set_note.setVisible(bool(s.note))
        if self._is_newest(s):
            self.mode_note.hide()
        else:
            newest = self._versions(s.family)[-1]
            self.mode_note.say(
                f"Phiên bản {s.version} là phiên bản cũ, chỉ để xem, không sửa được. Muốn sửa "
                f"tiêu chuẩn, chọn phiên bản mới nhất (phiên bản {newest.version}); khi lưu, "
                "chương trình tạo phiên bản mới và giữ nguyên các phiên bản cũ.",
                "info",
            )
        self.model.set_standard(s, s)
        self._fit_columns()
        if self.model.rowCount():  # Tab into the table, then Enter: something to edit
            self.table.setCurrentIndex(self.model.index(0, NAME_COLUMN))
        self._update_buttons()

    def _fit_columns(self) -> None:
        s = self._edited
        self.table.setColumnHidden(
            DEPARTMENT_COLUMN, s is None or all(p.department is None for p in s.positions)
        )
        self.table.fit_columns()

    # --- choosing another set or version ---------------------------------------------------

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the officer agrees to drop it."""
        if not self.has_unsaved_changes():
            return True
        return ask_yes_no(
            self,
            "Tiêu chuẩn chức danh",
            f"Có {len(self._changes)} thay đổi tiêu chuẩn chưa lưu. Bỏ các thay đổi đó?",
        )

    def _family_picked(self) -> None:
        shown = self._shown
        if shown is not None and self.family.currentData() == shown.family:
            return
        if not self.confirm_discard():
            assert shown is not None
            self.family.setCurrentIndex(self.family.findData(shown.family))
            return
        self._fill_versions()

    def _version_picked(self) -> None:
        shown = self._shown
        if shown is not None and self.version.currentData() == shown.version:
            return
        if not self.confirm_discard():
            assert shown is not None
            self.version.setCurrentIndex(self.version.findData(shown.version))
            return
        self._show(self.current_version())

    def select(self, family: str, version: int | None = None) -> bool:
        """Show a set (its newest version unless told); False when the officer keeps edits."""
        shown = self._shown
        if shown is not None and shown.family == family and version in (None, shown.version):
            return True
        if not self.confirm_discard():
            return False
        self.family.setCurrentIndex(max(self.family.findData(family), 0))
        self._fill_versions(version)
        return True

    # --- editing ---------------------------------------------------------------------------

    def _set_edited(self, edited: StandardSet) -> None:
        assert self._shown is not None
        self._edited = edited
        self._changes = standard_changes(self._shown, edited, self._lists)
        current = self.table.currentIndex()
        self.model.set_standard(edited, self._shown)
        self._fit_columns()
        if current.isValid():
            row = min(current.row(), self.model.rowCount() - 1)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, current.column()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = self.is_editable()
        has_cell = self.table.currentIndex().isValid()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(editable and has_cell)
        self.add_button.setEnabled(editable)
        count = len(self._changes)
        self.discard_button.setEnabled(count > 0)
        self.save_button.setEnabled(count > 0)
        self.changes_label.setText(f"Có {count} thay đổi chưa lưu" if count else "")
        self.changes_label.setToolTip("\n".join(c.text for c in self._changes))

    def _refuse_old_version(self) -> bool:
        if self.is_editable():
            return False
        self.notice.say(
            "Phiên bản cũ chỉ để xem. Chọn phiên bản mới nhất để sửa tiêu chuẩn.", "warning"
        )
        return True

    def _known_fields(self) -> list[str]:
        names: dict[str, str] = {}
        for s in self._sets:
            for p in s.positions:
                for name in (r.accepted for r in p.requirements if r.attribute == FIELD):
                    for n in name:
                        names.setdefault(fold_for_search(n), n)
        return vietnamese_sorted(list(names.values()))

    def edit_current(self) -> None:
        self.edit_cell(self.table.currentIndex())

    def edit_cell(self, index: QModelIndex) -> None:
        """Edit the requirement in a cell (or the position, from its own columns)."""
        if not index.isValid() or self._refuse_old_version():
            return
        assert self._edited is not None
        position = self.model.position(index.row())
        attribute = self.model.attribute(index.column())
        if attribute is None:
            self._edit_position(position)
            return
        dialog = RequirementDialog(
            self._edited, position, attribute, self._lists, self._known_fields(), self
        )
        if dialog.exec() != RequirementDialog.DialogCode.Accepted:
            return
        requirement = dialog.requirement()
        if requirement == position.requirement(attribute):
            return
        self._set_edited(
            with_position_requirement(self._edited, position.code, requirement, attribute)
        )
        self.notice.hide()

    def _edit_position(self, position: Position) -> None:
        assert self._edited is not None
        dialog = PositionDialog(self._edited, position, self._lists, self)
        if dialog.exec() != PositionDialog.DialogCode.Accepted:
            return
        changed = dialog.position()
        positions = tuple(changed if p.code == position.code else p for p in self._edited.positions)
        self._set_edited(replace(self._edited, positions=positions))

    def add_position(self) -> None:
        if self._edited is None or self._refuse_old_version():
            return
        dialog = PositionDialog(self._edited, None, self._lists, self)
        if dialog.exec() != PositionDialog.DialogCode.Accepted:
            return
        added = dialog.position()
        self._set_edited(replace(self._edited, positions=(*self._edited.positions, added)))
        row = self.model.row_of(added.code)
        self.table.setCurrentIndex(self.model.index(row, NAME_COLUMN))
        self.table.scrollTo(self.table.currentIndex())
        self.table.setFocus()
        self.notice.say(
            f"Đã thêm «{added.name}» vào cuối bảng. Sửa từng ô của dòng này để đặt yêu cầu "
            "riêng, rồi bấm «Lưu thành phiên bản mới…».",
            "info",
        )

    def _holders(self, family: str, code: str) -> int:
        return sum(
            1
            for o in load_officials(self._store)
            if o.standard_family == family
            and o.position == code
            and self._lists.is_active(o.status)
        )

    def remove_position(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or self._edited is None or self._refuse_old_version():
            return
        position = self.model.position(index.row())
        question = f"Xóa «{position.name}» khỏi bộ tiêu chuẩn?"
        holders = self._holders(self._edited.family, position.code)
        if holders:
            question += (
                f"\n\n{holders} người đang giữ chức danh này. Từ ngày phiên bản mới áp dụng, "
                "hồ sơ của họ sẽ không còn đối chiếu được với tiêu chuẩn cho đến khi chọn "
                "chức danh khác."
            )
        question += "\n\nViệc xóa chỉ có hiệu lực khi lưu thành phiên bản mới."
        if not ask_yes_no(
            self,
            "Xóa chức danh",
            question,
        ):
            return
        positions = tuple(p for p in self._edited.positions if p.code != position.code)
        self._set_edited(replace(self._edited, positions=positions))
        self.notice.say(f"Đã xóa «{position.name}» (chưa lưu).", "info")

    def discard_changes(self) -> None:
        """Back to the saved version, without asking (the button says what it does)."""
        self._show(self._shown)
        self.notice.say("Đã bỏ các thay đổi chưa lưu.", "info")

    def save_version(self) -> StandardSet | None:
        """Ask for the day and the reason, then keep the edits as a new version."""
        if not self._changes or self._edited is None or self._shown is None:
            return None
        dialog = SaveVersionDialog(
            self._store,
            self._edited,
            self._shown,
            self._changes,
            self._today,
            self._lists,
            self,
        )
        dialog.exec()
        saved = dialog.saved
        if saved is None:
            return None
        self._changes = []
        self._sets = load_standard_sets(self._store)
        self._fill_versions(saved.version)
        self.notice.say(
            f"Đã lưu phiên bản {saved.version} của «{saved.name}», áp dụng từ "
            f"{format_date(saved.effective_from)}. Các phiên bản trước được giữ nguyên.",
            "info",
        )
        self.standards_saved.emit()
        return saved


def _empty_set() -> StandardSet:
    """An empty set, for a store without any (the matrix then shows no rows)."""
    return StandardSet(family="", name="", legal_basis="", effective_from=date.min, positions=())
