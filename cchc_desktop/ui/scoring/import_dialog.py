"""Importing a province's criteria set from its Excel sheet: read, preview, complete, save.

The file is read off the GUI thread. The dialog then shows which sheet was read and how
many rows; every error with its sheet, row, column and reason (while there is one the set
cannot be saved); the warnings, which do not block; and the tree of the set with its total.
The officer completes the set's details (name, province, years, the issuing decision) and
saves it as a new set, or as a new version (a correction) of a set already stored. Nothing
is written before «Lưu bộ tiêu chí». The checks of the details are the importer's
(:mod:`cchc_desktop.importers.criteria_import`); the flow is the shared import dialog's
(:mod:`cchc_desktop.ui.toolkit.import_dialog`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.clock import Clock
from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.profile import province_names
from cchc_desktop.core.text import os_error_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.core.year_list import YEAR_CHARACTERS, years_text
from cchc_desktop.importers.criteria_excel import (
    CriteriaProblem,
    CriteriaReading,
    read_criteria_workbook,
)
from cchc_desktop.importers.criteria_import import (
    CriteriaDetails,
    CriteriaImportPlan,
    CriteriaImportState,
    criteria_import_state,
    family_label,
    plan_criteria_import,
    set_summary,
)
from cchc_desktop.importers.pipeline import ImportSource, simple_reader, unreadable_text
from cchc_desktop.store import StoreError
from cchc_desktop.store.criteria_repo import StoredSet
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import apply_criteria_import
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.scoring.criteria_tree import CriteriaTree, rich_tooltip
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, text_box
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog
from cchc_desktop.ui.toolkit.widgets import editable_combo, scroll_area

_ERROR_BACKGROUND = "#fdeaea"
_WARNING_BACKGROUND = "#fff4d6"
CRITERIA_FILE = ImportSource[CriteriaReading](
    choose_caption="Chọn tệp Excel có bảng tiêu chí của tỉnh",
    read=simple_reader(read_criteria_workbook),
)


def _problem_list(name: str, background: str) -> QListWidget:
    problems = QListWidget()
    problems.setAccessibleName(name)
    problems.setWordWrap(True)
    problems.setAlternatingRowColors(False)
    problems.setProperty("background", background)
    problems.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    problems.setSpacing(2)
    return problems


def _fill_problems(widget: QListWidget, problems: list[CriteriaProblem]) -> None:
    widget.clear()
    background = widget.property("background")
    for problem in problems:
        item = QListWidgetItem(problem.text)
        item.setToolTip(rich_tooltip(problem.text))
        item.setBackground(QBrush(QColor(background)))
        widget.addItem(item)


# --- the dialog ----------------------------------------------------------------------------------


class ImportCriteriaDialog(ImportDialog):
    """``ImportCriteriaDialog(store, today, path=None, parent)``: with no ``path`` the dialog
    asks for the file as it opens (and closes if none is chosen). ``load(path)`` reads a file
    (off the GUI thread; ``read_finished`` follows). After «Lưu bộ tiêu chí», ``saved`` holds
    the stored set."""

    def __init__(
        self,
        store: Store,
        today: Clock,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            CRITERIA_FILE,
            parent,
            confirm_text="Lưu bộ tiêu chí",
            notice="Chọn tệp Excel có bảng tiêu chí (STT | Nội dung tiêu chí | Điểm tối đa | …) "
            "do tỉnh ban hành. Chưa có gì được lưu.",
        )
        self._store = store
        self._today = today
        self._initial: tuple[object, ...] | None = None
        self.reading: CriteriaReading | None = None
        self.saved: CriteriaSet | None = None
        self._state: CriteriaImportState | None = None  # the stored families
        self._families: list[StoredSet] = []  # the latest version of each stored family
        self.setWindowTitle("Nhập bộ tiêu chí từ tệp Excel")

        self._build_preview_tabs()
        self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.save_button = self.confirm_button
        for button in (self.save_button, self.close_button):
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 40)

        layout = QVBoxLayout(self)
        layout.addLayout(self._file_row())
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)

        self.as_new.toggled.connect(self._mode_changed)
        self.family.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.name.textEdited.connect(lambda _t: self._check_same_name())
        self._load_families()
        self._set_form_enabled(False)
        self.resize(1180, 740)
        self.splitter.setSizes([700, 480])
        self.read_when_open(path, ask=True)

    # --- layout ----------------------------------------------------------------------------------

    def _file_row(self) -> QHBoxLayout:
        self.file_label.setText("Chưa chọn tệp.")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button.setToolTip("Chọn tệp .xlsx có bảng tiêu chí của tỉnh")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.reread_button)
        file_row.addWidget(self.choose_button)
        return file_row

    def _build_preview_tabs(self) -> None:
        """Left: the preview, the errors, the warnings."""
        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.preview = CriteriaTree("Xem trước bộ tiêu chí", detailed=False)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.setContentsMargins(4, 4, 4, 4)
        preview_layout.addWidget(self.total_label)
        preview_layout.addWidget(self.preview, 1)
        self.errors = _problem_list("Lỗi trong tệp", _ERROR_BACKGROUND)
        self.warnings = _problem_list("Lưu ý khi đọc tệp", _WARNING_BACKGROUND)
        errors_page = QWidget()
        errors_layout = QVBoxLayout(errors_page)
        errors_layout.setContentsMargins(4, 4, 4, 4)
        errors_hint = QLabel(
            "Mỗi lỗi ghi trang, dòng và cột trong Excel. Sửa trong Excel, lưu lại, rồi bấm "
            "«Đọc lại tệp». Khi còn lỗi thì không lưu được bộ tiêu chí."
        )
        errors_hint.setWordWrap(True)
        errors_layout.addWidget(errors_hint)
        errors_layout.addWidget(self.errors, 1)
        warnings_page = QWidget()
        warnings_layout = QVBoxLayout(warnings_page)
        warnings_layout.setContentsMargins(4, 4, 4, 4)
        warnings_hint = QLabel("Những điều chương trình đã tự xử lý khi đọc; không chặn việc lưu.")
        warnings_hint.setWordWrap(True)
        warnings_layout.addWidget(warnings_hint)
        warnings_layout.addWidget(self.warnings, 1)
        self.tabs.addTab(preview_page, "Xem trước")
        self.tabs.addTab(errors_page, "Lỗi (0)")
        self.tabs.addTab(warnings_page, "Lưu ý (0)")

    def _build_details(self) -> None:
        """Right: the set's details and what to save it as."""
        self.form = FieldForm()
        self.form.add_section("Thông tin bộ tiêu chí")
        self.name = QLineEdit()
        self.form.add_field("name", "Tên bộ tiêu chí (*)", self.name)
        self.province = editable_combo(list(province_names()))
        self.form.add_field("province", "Tỉnh, thành phố", self.province)
        self.years = QLineEdit()
        self.years.setPlaceholderText("ví dụ: 2026 hoặc 2025, 2026")
        self.years.setValidator(
            QRegularExpressionValidator(QRegularExpression(YEAR_CHARACTERS), self.years)
        )
        self.form.add_field("years", "Năm áp dụng", self.years)
        self.form.add_hint("Để trống nếu bộ tiêu chí không gắn với năm nào.")
        self.decision_number = QLineEdit()
        self.decision_number.setPlaceholderText("ví dụ: 123/QĐ-UBND")
        self.form.add_field("decision_number", "Quyết định số", self.decision_number)
        self.decision_date = DateField()
        self.form.add_field("decision_date", "Ngày ban hành", self.decision_date)
        self.decision_issuer = QLineEdit()
        self.decision_issuer.setPlaceholderText("ví dụ: UBND tỉnh Lai Châu")
        self.form.add_field("decision_issuer", "Cơ quan ban hành", self.decision_issuer)
        self.note = text_box(3)
        self.form.add_field("note", "Ghi chú", self.note)
        self._add_save_as()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.form)
        holder_layout.addStretch(1)
        self.details = scroll_area(holder)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _add_save_as(self) -> None:
        """A new set, or a corrected version of a stored one."""
        self.form.add_section("Lưu thành")
        self.as_new = QRadioButton("Bộ mới")
        self.as_version = QRadioButton("Phiên bản mới (đính chính) của bộ:")
        self.as_new.setChecked(True)
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.as_new)
        self._mode.addButton(self.as_version)
        self.family = QComboBox()
        self.family.setAccessibleName("Bộ tiêu chí được đính chính")
        self.family.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.family.setMinimumContentsLength(20)
        mode_box = QWidget()
        mode_layout = QVBoxLayout(mode_box)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        mode_layout.addWidget(self.as_new)
        mode_layout.addWidget(self.as_version)
        mode_layout.addWidget(self.family)
        self.form.add_field("mode", "", mode_box)
        self.mode_hint = self.form.add_hint("")
        self.same_name_hint = QLabel()
        self.same_name_hint.setWordWrap(True)
        self.same_name_hint.setStyleSheet("QLabel { color:#5c4300; }")
        self.same_name_hint.hide()
        self.form.layout_.addRow("", self.same_name_hint)

    # --- what today is -------------------------------------------------------------------------

    def today(self) -> date:
        return self._today()

    # --- reading ------------------------------------------------------------------------------

    def reading_started(self, path: Path) -> None:
        super().reading_started(path)
        self.file_label.setText(f"Tệp: {path}")
        self.file_label.setToolTip(str(path))
        self.choose_button.setText("Chọn tệp khác…")
        self.reread_button.setEnabled(True)
        self.notice.say(f"Đang đọc tệp «{path.name}»…", "info")
        self._show_reading(None)

    def show_reading(self, reading: CriteriaReading) -> None:
        self._show_reading(reading)

    def failure_text(self, exc: BaseException, path: Path) -> str | None:
        if isinstance(exc, OSError) and not isinstance(exc, PermissionError):
            reason: str | None = (
                f"Tệp có thể đã bị chuyển, xóa, hoặc nằm trên ổ USB, ổ mạng vừa bị ngắt "
                f"({os_error_text(exc)})."
            )
        else:
            reason = unreadable_text(exc, path)
        return self._unreadable(path, reason) if reason is not None else None

    def unexpected_text(self, path: Path) -> str:
        return self._unreadable(path, "Đã xảy ra lỗi không mong muốn khi đọc tệp.")

    @staticmethod
    def _unreadable(path: Path, reason: str) -> str:
        return f"Không đọc được tệp «{path.name}». {reason} Chưa có gì được lưu."

    def show_read_failure(self, text: str | None) -> None:
        self._show_reading(None)
        self.notice.say(text or "", "error")

    # --- showing what was read ----------------------------------------------------------------

    def _show_reading(self, reading: CriteriaReading | None) -> None:
        errors = reading.errors if reading else []
        warnings = reading.warnings if reading else []
        criteria = reading.criteria_set if reading and reading.ok else None
        _fill_problems(self.errors, errors)
        _fill_problems(self.warnings, warnings)
        self.tabs.setTabText(1, f"Lỗi ({len(errors)})")
        self.tabs.setTabText(2, f"Lưu ý ({len(warnings)})")
        self.preview.show_set(criteria)
        self.total_label.setText(set_summary(criteria) if criteria else "")
        self._fill_details(criteria)
        self._set_form_enabled(criteria is not None)
        self.save_button.setEnabled(criteria is not None)
        if reading is None:
            return
        where = f"Đã đọc trang «{reading.sheet}»"
        if reading.header is not None:
            where += f" (dòng tiêu đề của bảng: dòng {reading.header.row})"
        where += f": {reading.rows_read} dòng."
        if criteria is None:
            self.tabs.setCurrentIndex(1)
            self.notice.say(
                f"{where} Tệp có {len(errors)} lỗi nên chưa lưu được bộ tiêu chí này; xem từng "
                "lỗi ở thẻ «Lỗi» (trang, dòng, cột và lý do), sửa trong Excel rồi bấm «Đọc lại "
                "tệp». Chưa có gì được lưu.",
                "error",
            )
            return
        self.tabs.setCurrentIndex(0)
        text = (
            f"{where} {set_summary(criteria)} Kiểm tra thông tin bên phải rồi bấm «Lưu bộ tiêu "
            "chí»; chưa có gì được lưu."
        )
        if warnings:
            text += f" Có {len(warnings)} lưu ý (thẻ «Lưu ý»), không ảnh hưởng việc lưu."
        self.notice.say(text, "warning" if warnings else "info")

    def _fill_details(self, criteria: CriteriaSet | None) -> None:
        self.form.show_errors({}, focus=False)
        if criteria is None:
            for editor in (self.name, self.years, self.decision_number, self.decision_issuer):
                editor.clear()
            self.province.setEditText("")
            self.decision_date.set_date(None)
            self.note.setPlainText("")
            self._initial = None
            self.same_name_hint.hide()
            return
        self.name.setText(criteria.name)
        self.name.setCursorPosition(0)
        province = criteria.province
        if not province:
            profile = load_profile(self._store)
            province = profile.province if profile else ""
        self.province.setEditText(province)
        self.years.setText(years_text(criteria.years))
        self.decision_number.setText(criteria.decision.number)
        self.decision_date.set_date(criteria.decision.issued_on)
        self.decision_issuer.setText(criteria.decision.issuer)
        self.note.setPlainText(criteria.note)
        self.as_new.setChecked(True)
        same = self._same_name(criteria.name)
        if same is not None:  # ready, should the officer choose «Phiên bản mới»
            self.family.setCurrentIndex(max(self.family.findData(same.uuid), 0))
        self._initial = self._typed()
        self._check_same_name()
        self._mode_changed()

    def _set_form_enabled(self, enabled: bool) -> None:
        self.form.setEnabled(enabled)
        if enabled:
            self._mode_changed()

    # --- the stored families -----------------------------------------------------------------

    def _load_families(self) -> None:
        self._state = criteria_import_state(self._store)
        self._families = self._state.families
        self.family.clear()
        for s in self._families:
            self.family.addItem(family_label(s.criteria), s.uuid)
            self.family.setItemData(
                self.family.count() - 1, family_label(s.criteria), Qt.ItemDataRole.ToolTipRole
            )
        if not self._families:
            self.as_version.setEnabled(False)
            self.as_version.setToolTip("Chưa có bộ tiêu chí nào đã nhập để đính chính.")

    def family_uuids(self) -> list[str]:
        """The sets offered for a correction (the latest version of each stored family)."""
        return [s.uuid for s in self._families]

    def choose_version_of(self, uuid: str) -> bool:
        """Save as a new version of the family of the stored set ``uuid``."""
        index = self.family.findData(uuid)
        if index < 0:
            return False
        self.as_version.setChecked(True)
        self.family.setCurrentIndex(index)
        return True

    def _corrected(self) -> StoredSet | None:
        return self._state.family(self.family.currentData()) if self._state else None

    def _mode_changed(self, *_: object) -> None:
        as_version = self.as_version.isChecked()
        self.family.setEnabled(as_version and bool(self._families))
        self.form.set_error("mode", "")
        if as_version and (old := self._corrected()) is not None:
            self.mode_hint.setText(
                f"Lưu thành phiên bản mới của «{old.criteria.name}»; các phiên bản trước vẫn "
                "giữ nguyên (bảng điểm đã chấm trên đó không thay đổi)."
            )
        elif not self._families:
            self.mode_hint.setText(
                "Lưu thành một bộ tiêu chí mới. Khi tỉnh đính chính bộ này, nhập tệp mới và chọn "
                "«Phiên bản mới (đính chính)»."
            )
        else:
            self.mode_hint.setText("Lưu thành một bộ tiêu chí mới, phiên bản 1.")
        self._check_same_name()

    def _check_same_name(self) -> None:
        """A new set named like a stored one: perhaps it is a correction of it."""
        same = self._same_name(self.name.text())
        if same is None or self.as_version.isChecked():
            self.same_name_hint.hide()
            return
        self.same_name_hint.setText(
            f"Đã có bộ «{same.criteria.title}» cùng tên. Nếu tệp này đính chính bộ đó, chọn "
            "«Phiên bản mới (đính chính)»; nếu là bộ của năm khác, giữ «Bộ mới»."
        )
        self.same_name_hint.show()

    def _same_name(self, name: str) -> StoredSet | None:
        return self._state.same_name(name) if self._state else None

    # --- saving -------------------------------------------------------------------------------

    def _typed(self) -> tuple[object, ...]:
        return (
            self.name.text(),
            self.province.currentText(),
            self.years.text(),
            self.decision_number.text(),
            self.decision_date.edit.text(),
            self.decision_issuer.text(),
            self.note.toPlainText(),
            self.as_version.isChecked(),
            self.family.currentData(),
        )

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self._initial is not None and self._typed() != self._initial

    def set_to_save(self) -> CriteriaSet | None:
        """The set read, with the details typed; None after showing what is wrong."""
        plan = self._plan()
        return plan.criteria if plan is not None else None

    def _plan(self) -> CriteriaImportPlan | None:
        reading = self.reading
        if reading is None or not reading.ok or reading.criteria_set is None:
            return None
        dates, date_errors = self.form.read_dates(["decision_date"])
        details = CriteriaDetails(
            name=self.name.text(),
            province=self.province.currentText(),
            years=self.years.text(),
            decision_number=self.decision_number.text(),
            decision_date=dates["decision_date"],
            decision_issuer=self.decision_issuer.text(),
            note=self.note.toPlainText(),
            as_version=self.as_version.isChecked(),
            corrected=self._corrected(),
        )
        basis = self._state.basis if self._state else None
        plan, errors = plan_criteria_import(reading, details, self.today(), basis)
        errors = {**date_errors, **errors}
        if errors or plan is None:
            self.form.show_errors(errors)
            self.notice.say("Sửa các mục ghi chú màu đỏ bên phải rồi lưu lại.", "error")
            return None
        return plan

    def confirm(self) -> None:
        self.save()

    def save(self) -> None:
        """Store the set (a new family, or the next version of the chosen one), then close."""
        if not self.save_button.isEnabled():
            return
        plan = self._plan()
        if plan is None:
            return
        saved = self.apply(lambda: apply_criteria_import(self._store, plan))
        if saved is None:
            return
        self.saved = saved
        self.accept()

    def rules_refused(self, exc: ValidationError) -> None:
        at_fields = {k: v for k, v in exc.errors.items() if k in self.form.editors}
        self.form.show_errors(at_fields)
        others = [v for k, v in exc.errors.items() if k not in self.form.editors]
        self.notice.say(
            "Chưa lưu được bộ tiêu chí: " + " ".join(others or list(at_fields.values())), "error"
        )

    def store_refused(self, exc: StoreError) -> None:
        QMessageBox.critical(self, "Không lưu được", exc.message)

    def store_changed(self) -> None:
        """The stored sets changed: offer the families as they are now."""
        chosen = self.family.currentData()
        self._load_families()
        self.family.setCurrentIndex(max(self.family.findData(chosen), 0))
        self._mode_changed()
