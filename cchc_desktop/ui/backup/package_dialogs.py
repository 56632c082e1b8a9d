"""The dialogs of the «Gói dữ liệu» tab that ask before the work: create a package, restore
from one. The preview of an import is :mod:`~cchc_desktop.ui.backup.import_preview`.

They only ask and show; the tab (``packages.py``) runs the work in the background.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.crypto import MIN_PASSWORD_LENGTH
from cchc_desktop.transfer.model import Manifest, PackageOptions
from cchc_desktop.ui.backup.password_fields import PasswordFields
from cchc_desktop.ui.backup.widgets import (
    cell,
    fit_height,
    label_and_numbers,
    manifest_grid,
    read_only_table,
)
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons, headed_layout
from cchc_desktop.ui.toolkit.widgets import FieldErrorLabel, HeadingLabel, NoticeLabel


def _hint(text: str) -> QLabel:
    """A grey paragraph that wraps, under what it explains."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color:#555; }")
    return label


# --- creating a package -------------------------------------------------------------------


class CreatePackageDialog(QDialog):
    """What to put in a package: the whole store or some years, personal data, a password."""

    def __init__(self, years: Sequence[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Tạo gói dữ liệu")
        layout = headed_layout(
            self,
            "Tạo gói dữ liệu (.cchc)",
            "Gói dữ liệu là một tệp .cchc mang dữ liệu của đơn vị sang máy khác (qua USB). "
            "Nhập gói ở máy kia bằng «Nhập gói dữ liệu…»: chương trình cho xem trước; mục mà "
            "cả hai máy cùng sửa thì mọi máy giữ bản sửa sau cùng và ghi lại cả hai giá trị.",
        )
        layout.addWidget(self._build_content(years))
        layout.addWidget(self._build_personal())
        layout.addWidget(self._build_password())
        layout.addStretch(1)
        self.buttons, self.ok_button, self.cancel_button = default_accept_buttons(
            self, "Chọn nơi lưu và tạo gói…"
        )
        layout.addWidget(self.buttons)
        self.all_radio.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(640, self.sizeHint().height())

    def _build_content(self, years: Sequence[int]) -> QGroupBox:
        """«Nội dung»: the whole store, or the years ticked."""
        content = QGroupBox("Nội dung")
        column = QVBoxLayout(content)
        self.all_radio = QRadioButton("Toàn bộ dữ liệu")
        self.years_radio = QRadioButton("Chỉ các năm:")
        self.all_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.all_radio)
        group.addButton(self.years_radio)
        column.addWidget(self.all_radio)
        years_row = QHBoxLayout()
        years_row.addWidget(self.years_radio)
        self.year_checks: dict[int, QCheckBox] = {}
        for year in sorted(years):
            check = QCheckBox(str(year))
            check.setEnabled(False)
            check.toggled.connect(self._year_toggled)
            self.year_checks[year] = check
            years_row.addWidget(check)
        years_row.addStretch(1)
        column.addLayout(years_row)
        if not years:
            self.years_radio.setEnabled(False)
            self.years_radio.setText("Chỉ các năm: (chưa có dữ liệu theo năm)")
        self.years_error = FieldErrorLabel()
        column.addWidget(self.years_error)
        column.addWidget(
            _hint(
                "Theo năm: nhiệm vụ giao, đến hạn hoặc hoàn thành trong năm; phiếu chấm điểm của "
                "năm và bộ tiêu chí của phiếu. Danh sách cán bộ và bộ tiêu chuẩn luôn đi kèm."
            )
        )
        self.years_radio.toggled.connect(self._years_mode)
        return content

    def _build_personal(self) -> QGroupBox:
        """«Dữ liệu cá nhân»: whether it goes, and the warning while it does."""
        personal = QGroupBox("Dữ liệu cá nhân")
        column = QVBoxLayout(personal)
        self.personal_check = QCheckBox(
            "Kèm dữ liệu cá nhân của cán bộ (giới tính, ngày sinh, dân tộc)"
        )
        self.personal_check.setChecked(True)
        column.addWidget(self.personal_check)
        self.personal_warning = NoticeLabel(
            "Gói sẽ chứa dữ liệu cá nhân theo Nghị định 13/2023/NĐ-CP: nên đặt mật khẩu, giữ "
            "USB cẩn thận và xóa gói khi đã nhập xong.",
            "warning",
        )
        column.addWidget(self.personal_warning)
        self.personal_check.toggled.connect(self.personal_warning.setVisible)
        return personal

    def _build_password(self) -> QGroupBox:
        """«Mật khẩu»: whether the package has one, typed twice."""
        secret = QGroupBox("Mật khẩu")
        grid = QGridLayout(secret)
        self.password_check = QCheckBox("Đặt mật khẩu cho gói")
        grid.addWidget(self.password_check, 0, 0, 1, 2)
        self.passwords = PasswordFields(grid, 1)
        self.password, self.repeat = self.passwords.password, self.passwords.repeat
        self.password_error = self.passwords.password_error
        self.repeat_error = self.passwords.repeat_error
        note = _hint(
            f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự. Quên mật khẩu thì không mở được gói: báo "
            "mật khẩu cho người nhận bằng cách khác, không ghi kèm USB."
        )
        grid.addWidget(note, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.password_check.toggled.connect(self._password_mode)
        for edit in (self.password, self.repeat):
            edit.textEdited.connect(self.passwords.clear_errors)
        self._password_mode(False)
        return secret

    def _years_mode(self, on: bool) -> None:
        for check in self.year_checks.values():
            check.setEnabled(on)
        if not on:
            self.years_error.show_error("")

    def _year_toggled(self, _checked: bool) -> None:
        self.years_error.show_error("")

    def _password_mode(self, on: bool) -> None:
        for widget in (self.password, self.repeat):
            widget.setEnabled(on)
        if on:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.passwords.clear_errors()

    def selected_years(self) -> tuple[int, ...] | None:
        if not self.years_radio.isChecked():
            return None
        return tuple(year for year, check in self.year_checks.items() if check.isChecked())

    def errors(self) -> dict[str, str]:
        """The mistakes, by field: ``years``, ``password``, ``repeat``."""
        found: dict[str, str] = {}
        if self.years_radio.isChecked() and not self.selected_years():
            found["years"] = "Chọn ít nhất một năm, hoặc chọn «Toàn bộ dữ liệu»."
        if self.password_check.isChecked():
            found.update(
                self.passwords.errors("Nhập mật khẩu, hoặc bỏ chọn «Đặt mật khẩu cho gói».")
            )
        return found

    def show_errors(self, found: dict[str, str]) -> None:
        self.years_error.show_error(found.get("years", ""))
        if self.passwords.show_errors(found):
            return
        if "years" in found and self.year_checks:
            next(iter(self.year_checks.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        found = self.errors()
        self.show_errors(found)
        if found:
            return
        super().accept()

    def options(self) -> PackageOptions:
        password = self.password.text() if self.password_check.isChecked() else None
        return PackageOptions(
            years=self.selected_years(),
            personal_data=self.personal_check.isChecked(),
            password=password or None,
        )


# --- previewing a restore -----------------------------------------------------------------


class RestorePreviewDialog(QDialog):
    """Replacing everything on this PC with a package's data: what is in it, what is here."""

    def __init__(
        self,
        manifest: Manifest,
        file_name: str,
        rows: Sequence[tuple[str, int, int]],
        warnings: Sequence[str] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Khôi phục từ gói dữ liệu")
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(f"Khôi phục từ gói «{file_name}»", 1.2))
        layout.addWidget(manifest_grid(manifest))
        self.table = read_only_table(
            ["Loại dữ liệu", "Trong gói", "Hiện có trên máy này"], "So sánh"
        )
        self.table.setRowCount(len(rows))
        for row, (label, incoming, here) in enumerate(rows):
            self.table.setItem(row, 0, cell(label))
            self.table.setItem(row, 1, cell(str(incoming), True))
            self.table.setItem(row, 2, cell(str(here), True))
        label_and_numbers(self.table)
        fit_height(self.table, 10)
        layout.addWidget(self.table)
        for text in warnings:
            layout.addWidget(NoticeLabel(text, "warning"))
        self.notice = NoticeLabel(
            "Toàn bộ dữ liệu trên máy này sẽ được THAY bằng dữ liệu trong gói (khác với «Nhập "
            "gói dữ liệu…», vốn chỉ gộp thêm). Trước khi thay, chương trình tự sao lưu dữ liệu "
            "hiện tại để có thể lấy lại.",
            "warning",
        )
        layout.addWidget(self.notice)
        # Replacing everything is not what Enter should do by accident.
        buttons, self.restore_button, self.cancel_button = default_accept_buttons(
            self, "Khôi phục", accept_is_default=False
        )
        self.restore_button.setAutoDefault(False)
        layout.addWidget(buttons)
        layout.addStretch(1)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(760, self.sizeHint().height())
