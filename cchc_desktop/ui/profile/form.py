"""The commune profile form, used by the first-run dialog and the profile screen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCollator, QLocale, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSpinBox,
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
from cchc_desktop.ui.toolkit.forms import FieldForm
from cchc_desktop.ui.toolkit.widgets import editable_combo


def vietnamese_sorted(items: list[str] | tuple[str, ...]) -> list[str]:
    """Vietnamese alphabetical order (a ă â b … đ …), not code-point order."""
    collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return sorted(items, key=collator.sortKey)


class ProfileForm(FieldForm):
    """Fields of :class:`CommuneProfile` with a message under each mistaken one."""

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)

        self.province = editable_combo(vietnamese_sorted(province_names()))
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
        self.superior_body = editable_combo([])
        self.superior_body.lineEdit().setPlaceholderText("ví dụ: Sở Nội vụ tỉnh Gia Lai")
        self.preparer_name = QLineEdit()
        self.preparer_title = QLineEdit()
        self.preparer_title.setPlaceholderText("ví dụ: Công chức Văn phòng HĐND và UBND")
        self.preparer_phone = QLineEdit()
        self.preparer_email = QLineEdit()
        self.signer_name = QLineEdit()
        self.signer_title = editable_combo(list(SIGNER_TITLES))
        self.assessment_year = QSpinBox()
        self.assessment_year.setRange(FIRST_ASSESSMENT_YEAR, today.year + 1)
        self.assessment_year.setValue(today.year)
        self.assessment_year.setGroupSeparatorShown(False)

        self.add_note("Các mục có dấu * là bắt buộc.")
        self.add_section("Đơn vị")
        self.add_field("province", "Tỉnh, thành phố *", self.province)
        self.add_field("unit_kind", "Loại đơn vị *", self.unit_kind)
        self.add_field("commune_name", "Tên xã, phường, đặc khu *", self.commune_name)
        self.add_field("commune_code", "Mã đơn vị hành chính *", self.commune_code)
        self.add_field("place_name", "Địa danh ghi trên văn bản", self.place_name)
        self.add_section("Cấp trên nhận báo cáo")
        self.add_field("superior_body", "Cơ quan nhận báo cáo *", self.superior_body)
        self.add_hint(
            "Từ ngày 01/7/2025 (chính quyền địa phương hai cấp), xã, phường báo cáo lên cấp "
            "tỉnh, thường là Sở Nội vụ; trước đó là Phòng Nội vụ cấp huyện."
        )
        self.add_section("Người lập báo cáo")
        self.add_field("preparer_name", "Họ và tên *", self.preparer_name)
        self.add_field("preparer_title", "Chức vụ", self.preparer_title)
        self.add_field("preparer_phone", "Điện thoại", self.preparer_phone)
        self.add_field("preparer_email", "Thư điện tử", self.preparer_email)
        self.add_section("Người ký báo cáo")
        self.add_field("signer_name", "Họ và tên *", self.signer_name)
        self.add_field("signer_title", "Chức vụ *", self.signer_title)
        self.add_section("Năm đánh giá")
        self.add_field(
            "assessment_year", "Năm đánh giá Chỉ số CCHC hiện tại *", self.assessment_year
        )
        self.province.currentTextChanged.connect(self._refresh_superior_suggestions)

    def _refresh_superior_suggestions(self, province: str) -> None:
        current = self.superior_body.currentText()
        self.superior_body.blockSignals(True)
        self.superior_body.clear()
        self.superior_body.addItems(superior_body_suggestions(province))
        self.superior_body.setEditText(current)
        self.superior_body.blockSignals(False)

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
