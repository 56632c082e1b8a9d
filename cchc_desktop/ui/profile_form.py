"""The commune profile form, used by the first-run dialog and the profile screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCollator, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.profile import (
    FIRST_ASSESSMENT_YEAR,
    SIGNER_TITLES,
    UNIT_KINDS,
    CommuneProfile,
    normalized,
    province_names,
    superior_body_suggestions,
)
from cchc_desktop.ui.widgets import FieldErrorLabel, HeadingLabel, mark_invalid


def vietnamese_sorted(items: list[str] | tuple[str, ...]) -> list[str]:
    """Vietnamese alphabetical order (a ă â b … đ …), not code-point order."""
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return sorted(items, key=collator.sortKey)


def _editable_combo(items: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(items)
    combo.setCurrentIndex(-1)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


class ProfileForm(QWidget):
    """Fields of :class:`CommuneProfile` with a message under each mistaken one."""

    changed = Signal()

    def __init__(self, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        today = today or date.today()
        self._errors: dict[str, FieldErrorLabel] = {}
        self.editors: dict[str, QWidget] = {}

        self.province = _editable_combo(vietnamese_sorted(province_names()))
        self.province.lineEdit().setPlaceholderText("ví dụ: Tỉnh Gia Lai")
        self.unit_kind = QComboBox()
        for kind in UNIT_KINDS:
            self.unit_kind.addItem(kind.capitalize(), kind)
        self.commune_name = QLineEdit()
        self.commune_name.setPlaceholderText("chỉ ghi tên, ví dụ: Vân Canh")
        self.commune_code = QLineEdit()
        self.commune_code.setMaxLength(5)
        self.commune_code.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,5}"), self.commune_code)
        )
        self.commune_code.setPlaceholderText("5 chữ số theo danh mục đơn vị hành chính")
        self.place_name = QLineEdit()
        self.place_name.setPlaceholderText("để trống nếu trùng với tên xã, phường")
        self.superior_body = _editable_combo([])
        self.superior_body.lineEdit().setPlaceholderText("ví dụ: Sở Nội vụ tỉnh Gia Lai")
        self.preparer_name = QLineEdit()
        self.preparer_title = QLineEdit()
        self.preparer_title.setPlaceholderText("ví dụ: Công chức Văn phòng HĐND và UBND")
        self.preparer_phone = QLineEdit()
        self.preparer_email = QLineEdit()
        self.signer_name = QLineEdit()
        self.signer_title = _editable_combo(list(SIGNER_TITLES))
        self.assessment_year = QSpinBox()
        self.assessment_year.setRange(FIRST_ASSESSMENT_YEAR, today.year + 1)
        self.assessment_year.setValue(today.year)
        self.assessment_year.setGroupSeparatorShown(False)

        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(QLabel("Các mục có dấu * là bắt buộc."))
        self._section(layout, "Đơn vị")
        self._rows(
            layout,
            [
                ("province", "Tỉnh, thành phố *", self.province),
                ("unit_kind", "Loại đơn vị *", self.unit_kind),
                ("commune_name", "Tên xã, phường, đặc khu *", self.commune_name),
                ("commune_code", "Mã đơn vị hành chính *", self.commune_code),
                ("place_name", "Địa danh ghi trên văn bản", self.place_name),
            ],
        )
        self._section(layout, "Cấp trên nhận báo cáo")
        self._rows(layout, [("superior_body", "Cơ quan nhận báo cáo *", self.superior_body)])
        hint = QLabel(
            "Từ ngày 01/7/2025 (chính quyền địa phương hai cấp), xã, phường báo cáo lên cấp "
            "tỉnh, thường là Sở Nội vụ; trước đó là Phòng Nội vụ cấp huyện."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color:#555; }")
        layout.addRow("", hint)
        self._section(layout, "Người lập báo cáo")
        self._rows(
            layout,
            [
                ("preparer_name", "Họ và tên *", self.preparer_name),
                ("preparer_title", "Chức vụ", self.preparer_title),
                ("preparer_phone", "Điện thoại", self.preparer_phone),
                ("preparer_email", "Thư điện tử", self.preparer_email),
            ],
        )
        self._section(layout, "Người ký báo cáo")
        self._rows(
            layout,
            [
                ("signer_name", "Họ và tên *", self.signer_name),
                ("signer_title", "Chức vụ *", self.signer_title),
            ],
        )
        self._section(layout, "Năm đánh giá")
        self._rows(
            layout,
            [("assessment_year", "Năm đánh giá Chỉ số CCHC hiện tại *", self.assessment_year)],
        )

        self.province.currentTextChanged.connect(self._refresh_superior_suggestions)
        for editor in self.editors.values():
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(self._on_edited)
            elif isinstance(editor, QComboBox):
                editor.currentTextChanged.connect(self._on_edited)
            elif isinstance(editor, QSpinBox):
                editor.valueChanged.connect(self._on_edited)

    def _section(self, layout: QFormLayout, title: str) -> None:
        heading = HeadingLabel(title, 1.1)
        heading.setContentsMargins(0, 10, 0, 2)
        layout.addRow(heading)

    def _rows(self, layout: QFormLayout, rows: list[tuple[str, str, QWidget]]) -> None:
        for name, label, editor in rows:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            error = FieldErrorLabel()
            column.addWidget(error)
            caption = QLabel(label)
            caption.setBuddy(editor)
            layout.addRow(caption, holder)
            self.editors[name] = editor
            self._errors[name] = error

    def _refresh_superior_suggestions(self, province: str) -> None:
        current = self.superior_body.currentText()
        self.superior_body.blockSignals(True)
        self.superior_body.clear()
        self.superior_body.addItems(superior_body_suggestions(province))
        self.superior_body.setEditText(current)
        self.superior_body.blockSignals(False)

    def _on_edited(self, *_: object) -> None:
        sender = self.sender()
        for name, editor in self.editors.items():
            if editor is sender or getattr(editor, "lineEdit", lambda: None)() is sender:
                self._set_error(name, "")
        self.changed.emit()

    # --- values ---------------------------------------------------------------------------

    def profile(self) -> CommuneProfile:
        return CommuneProfile(
            province=self.province.currentText(),
            unit_kind=self.unit_kind.currentData() or "",
            commune_name=self.commune_name.text(),
            commune_code=self.commune_code.text(),
            place_name=self.place_name.text(),
            superior_body=self.superior_body.currentText(),
            preparer_name=self.preparer_name.text(),
            preparer_title=self.preparer_title.text(),
            preparer_phone=self.preparer_phone.text(),
            preparer_email=self.preparer_email.text(),
            signer_name=self.signer_name.text(),
            signer_title=self.signer_title.currentText(),
            assessment_year=self.assessment_year.value(),
        )

    def set_profile(self, profile: CommuneProfile | None) -> None:
        profile = profile or CommuneProfile(assessment_year=self.assessment_year.value())
        for widget in self.editors.values():
            widget.blockSignals(True)
        try:
            self.province.setEditText(profile.province)
            self._refresh_superior_suggestions(profile.province)
            index = self.unit_kind.findData(profile.unit_kind)
            self.unit_kind.setCurrentIndex(max(index, 0))
            self.commune_name.setText(profile.commune_name)
            self.commune_code.setText(profile.commune_code)
            self.place_name.setText(profile.place_name)
            self.superior_body.setEditText(profile.superior_body)
            self.preparer_name.setText(profile.preparer_name)
            self.preparer_title.setText(profile.preparer_title)
            self.preparer_phone.setText(profile.preparer_phone)
            self.preparer_email.setText(profile.preparer_email)
            self.signer_name.setText(profile.signer_name)
            self.signer_title.setEditText(profile.signer_title)
            if profile.assessment_year:
                self.assessment_year.setValue(profile.assessment_year)
        finally:
            for widget in self.editors.values():
                widget.blockSignals(False)
        self.show_errors({})

    def differs_from(self, profile: CommuneProfile | None) -> bool:
        if profile is None:
            return normalized(self.profile()) != normalized(
                CommuneProfile(assessment_year=self.profile().assessment_year)
            )
        return normalized(self.profile()) != normalized(profile)

    # --- mistakes -------------------------------------------------------------------------

    def _set_error(self, name: str, message: str) -> None:
        self._errors[name].show_error(message)
        mark_invalid(self.editors[name], bool(message))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field and put the cursor in the first one."""
        for name in self.editors:
            self._set_error(name, errors.get(name, ""))
        for name, editor in self.editors.items():
            if name in errors:
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def error_text(self, name: str) -> str:
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""
