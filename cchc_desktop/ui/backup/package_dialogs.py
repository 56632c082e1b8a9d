"""The dialogs of the «Gói dữ liệu» tab: create a package, preview an import, preview a restore.

They only ask and show; the tab (``packages.py``) runs the work in the background.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import format_size, format_utc_time
from cchc_desktop.crypto import MIN_PASSWORD_LENGTH
from cchc_desktop.transfer.model import (
    KEEP_LOCAL,
    TAKE_INCOMING,
    Conflict,
    ImportPlan,
    Manifest,
    PackageOptions,
)
from cchc_desktop.transfer.model import years_text as package_years_text
from cchc_desktop.transfer.summary import SUMMARY_COLUMNS, summary_rows
from cchc_desktop.ui.toolkit.dialogs import default_accept_buttons, headed_layout
from cchc_desktop.ui.toolkit.widgets import (
    FieldErrorLabel,
    HeadingLabel,
    NoticeLabel,
    mark_invalid,
    scroll_area,
)

CHOICE_TEXTS = {KEEP_LOCAL: "Giữ bản trên máy này", TAKE_INCOMING: "Lấy bản trong gói"}
PERSONAL_DATA_TEXT = "giới tính, ngày sinh, dân tộc của cán bộ"
PAIRS_PER_LINE = 3


# --- small helpers ------------------------------------------------------------------------


def local_time(value: str) -> str:
    """A stored UTC time as dd/mm/yyyy HH:MM on this PC."""
    return format_utc_time(value)


def years_text(years: Sequence[int] | None) -> str:
    """«Toàn bộ dữ liệu» / «Các năm 2025, 2026»: the package's content, on its own."""
    text = package_years_text(tuple(years) if years else None)
    return text[:1].upper() + text[1:]


def manifest_rows(manifest: Manifest) -> list[tuple[str, str]]:
    """What the officer reads about a package before anything is done with it."""
    unit = manifest.unit_name or "(chưa có tên đơn vị)"
    if manifest.province:
        unit = f"{unit}, {manifest.province}"
    rows = [
        ("Đơn vị", unit),
        ("Mã đơn vị", manifest.unit_code or "(chưa có)"),
        ("Tạo lúc", local_time(manifest.created_at)),
        ("Phiên bản chương trình", manifest.app_version),
        ("Nội dung", years_text(manifest.years)),
        (
            "Dữ liệu cá nhân",
            "Có" if manifest.personal_data else "Không",
        ),
        ("Mật khẩu", "Có" if manifest.encrypted else "Không"),
    ]
    files = manifest.counts.get("files", 0)
    if files:
        rows.append(("Tệp đính kèm", f"{files} tệp ({format_size(manifest.files_size)})"))
    if manifest.demo:
        rows.append(("Lưu ý", "Gói DỮ LIỆU MẪU"))
    return rows


def manifest_grid(manifest: Manifest) -> QGroupBox:
    """The package's facts, three to a line."""
    box = QGroupBox("Gói dữ liệu")
    grid = QGridLayout(box)
    grid.setHorizontalSpacing(12)
    for pair in range(PAIRS_PER_LINE):
        grid.setColumnStretch(pair * 2 + 1, 1)
    for index, (caption, value) in enumerate(manifest_rows(manifest)):
        row, pair = divmod(index, PAIRS_PER_LINE)
        name = QLabel(caption + ":")
        name.setStyleSheet("QLabel { color:#444; }")
        text = QLabel(value)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(name, row, pair * 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
    return box


def read_only_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _cell(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _fit_height(table: QTableWidget, most_rows: int) -> None:
    """Tall enough for its rows (at most ``most_rows``), so short tables waste no space."""
    rows = max(1, min(table.rowCount(), most_rows))
    row_height = table.verticalHeader().defaultSectionSize()
    height = table.horizontalHeader().sizeHint().height() + rows * row_height
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def password_rows(
    grid: QGridLayout, row: int
) -> tuple[QLineEdit, FieldErrorLabel, QLineEdit, FieldErrorLabel]:
    """A password and its repetition, each with the note of its mistake, from ``row`` of
    ``grid`` on (four rows): for a package and for a backup alike."""
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    password.setAccessibleName("Mật khẩu")
    repeat = QLineEdit()
    repeat.setEchoMode(QLineEdit.EchoMode.Password)
    repeat.setAccessibleName("Nhập lại mật khẩu")
    password_error, repeat_error = FieldErrorLabel(), FieldErrorLabel()
    for offset, (text, edit, error) in enumerate(
        (("Mật khẩu:", password, password_error), ("Nhập lại mật khẩu:", repeat, repeat_error))
    ):
        label = QLabel(text)
        label.setBuddy(edit)
        grid.addWidget(label, row + 2 * offset, 0)
        grid.addWidget(edit, row + 2 * offset, 1)
        grid.addWidget(error, row + 2 * offset + 1, 1)
    return password, password_error, repeat, repeat_error


def _who_and_when(conflict: Conflict) -> str:
    """Who made each version and when, as the officer reads it."""

    def side(who: str, when: str) -> str:
        parts = [p for p in (who, local_time(when) if when else "") if p]
        return ", ".join(parts) or "không rõ"

    rule = "máy này" if conflict.winner == "here" else "gói"
    return (
        f"(Máy này: {side(conflict.local_who, conflict.local_updated)}; gói: "
        f"{side(conflict.incoming_who, conflict.incoming_updated)}. Theo quy tắc giữ bản "
        f"của {rule}.)"
    )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit_on_screen(dialog: QDialog, width: int, height: int) -> None:
    """The wanted size, or less on a small screen (the content scrolls then)."""
    screen = dialog.screen() or QApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, int(available.width() * 0.95))
        height = min(height, int(available.height() * 0.9))
    dialog.resize(width, height)


def _number_columns(table: QTableWidget, first: int) -> None:
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(first, table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


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
        years_hint = QLabel(
            "Theo năm: nhiệm vụ giao, đến hạn hoặc hoàn thành trong năm; phiếu chấm điểm của "
            "năm và bộ tiêu chí của phiếu. Danh sách cán bộ và bộ tiêu chuẩn luôn đi kèm."
        )
        years_hint.setWordWrap(True)
        years_hint.setStyleSheet("QLabel { color:#555; }")
        column.addWidget(years_hint)
        layout.addWidget(content)
        self.years_radio.toggled.connect(self._years_mode)

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
        layout.addWidget(personal)
        self.personal_check.toggled.connect(self.personal_warning.setVisible)

        secret = QGroupBox("Mật khẩu")
        grid = QGridLayout(secret)
        self.password_check = QCheckBox("Đặt mật khẩu cho gói")
        grid.addWidget(self.password_check, 0, 0, 1, 2)
        self.password, self.password_error, self.repeat, self.repeat_error = password_rows(grid, 1)
        note = QLabel(
            f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự. Quên mật khẩu thì không mở được gói: báo "
            "mật khẩu cho người nhận bằng cách khác, không ghi kèm USB."
        )
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color:#555; }")
        grid.addWidget(note, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addWidget(secret)
        self.password_check.toggled.connect(self._password_mode)
        for edit in (self.password, self.repeat):
            edit.textEdited.connect(self._clear_password_errors)
        self._password_mode(False)

        layout.addStretch(1)
        self.buttons, self.ok_button, self.cancel_button = default_accept_buttons(
            self, "Chọn nơi lưu và tạo gói…"
        )
        layout.addWidget(self.buttons)
        self.all_radio.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(640, self.sizeHint().height())

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
            self._clear_password_errors()

    def _clear_password_errors(self) -> None:
        for edit, label in ((self.password, self.password_error), (self.repeat, self.repeat_error)):
            label.show_error("")
            mark_invalid(edit, False)

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
            password = self.password.text()
            if not password:
                found["password"] = "Nhập mật khẩu, hoặc bỏ chọn «Đặt mật khẩu cho gói»."
            elif len(password) < MIN_PASSWORD_LENGTH:
                found["password"] = f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
            elif self.repeat.text() != password:
                found["repeat"] = "Hai lần nhập mật khẩu không giống nhau."
        return found

    def show_errors(self, found: dict[str, str]) -> None:
        self.years_error.show_error(found.get("years", ""))
        for name, edit, label in (
            ("password", self.password, self.password_error),
            ("repeat", self.repeat, self.repeat_error),
        ):
            label.show_error(found.get(name, ""))
            mark_invalid(edit, name in found)
        if "password" in found:
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif "repeat" in found:
            self.repeat.setFocus(Qt.FocusReason.OtherFocusReason)
            self.repeat.selectAll()
        elif "years" in found and self.year_checks:
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


# --- previewing an import -----------------------------------------------------------------

SUMMARY_HEADERS = ["Loại dữ liệu", *SUMMARY_COLUMNS]
CONFLICT_HEADERS = [
    "Bản ghi",
    "Loại dữ liệu",
    "Tình trạng",
    "Máy này sửa lúc",
    "Gói sửa lúc",
    "Chọn",
]


class ImportPreviewDialog(QDialog):
    """The dry run: what importing the package would change, and a choice for each conflict."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        # Preselected: what the rule decides, the same on every PC (the later edit wins); a
        # different choice is saved as a new edit here and goes to the other PCs.
        self.choices: dict[str, str] = {c.key: c.rule_choice for c in plan.conflicts}
        self.setWindowTitle("Xem trước khi nhập gói dữ liệu")
        outer = QVBoxLayout(self)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(HeadingLabel(f"Nhập gói «{plan.package.path.name}»", 1.2))
        layout.addWidget(manifest_grid(plan.package.manifest))

        self.summary = read_only_table(SUMMARY_HEADERS, "Thay đổi theo loại dữ liệu")
        shown = summary_rows(plan.summaries)
        self.summary.setRowCount(len(shown))
        for row, (label, values) in enumerate(shown):
            self.summary.setItem(row, 0, _cell(label))
            for column, value in enumerate(values, start=1):
                self.summary.setItem(row, column, _cell(str(value) if value else "–", True))
        _number_columns(self.summary, 1)
        _fit_height(self.summary, 4 if plan.conflicts else 12)
        layout.addWidget(self.summary)

        facts: list[str] = []
        if plan.new_files:
            facts.append(
                f"Tệp đính kèm mới: {plan.new_files} tệp ({format_size(plan.new_file_bytes)})."
            )
        facts.extend(plan.notes)
        self.facts = QLabel("\n".join(f"• {fact}" for fact in facts))
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setVisible(bool(facts))
        layout.addWidget(self.facts)

        self.conflict_box = self._build_conflicts()
        layout.addWidget(self.conflict_box, 1)
        self.conflict_box.setVisible(bool(plan.conflicts))
        if not plan.conflicts:
            layout.addStretch(1)
        outer.addWidget(scroll_area(content, framed=False), 1)

        if plan.has_changes:
            self.notice = NoticeLabel(
                "Trước khi nhập, chương trình tự sao lưu dữ liệu hiện tại. Dữ liệu được ghi trong "
                "một lần: hoặc nhập xong hết, hoặc không thay đổi gì.",
                "info",
            )
        else:
            self.notice = NoticeLabel("Gói này không có gì mới so với dữ liệu trên máy.", "success")
        outer.addWidget(self.notice)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(plan.has_changes)
        self.import_button.setDefault(plan.has_changes)
        self.cancel_button.setDefault(not plan.has_changes)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        _fit_on_screen(self, 900, content.sizeHint().height() + 110)
        if plan.conflicts:
            self.conflicts.selectRow(0)
            self.conflicts.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_conflicts(self) -> QGroupBox:
        box = QGroupBox(f"Hai máy cùng sửa một mục ({len(self.plan.conflicts)})")
        column = QVBoxLayout(box)
        top = QHBoxLayout()
        explain = QLabel(
            "Cả hai máy đã sửa (hoặc một máy xóa, máy kia sửa) mà chưa thấy bản của nhau. "
            "Đã chọn sẵn bản sửa sau cùng — mọi máy đều chọn như vậy nên dữ liệu sẽ giống "
            "nhau. Nếu chọn khác, lựa chọn của bạn được lưu như một lần sửa mới và gửi sang "
            "máy kia ở lần trao đổi sau. Giá trị không được chọn vẫn được ghi lại trong lịch "
            "sử trao đổi."
        )
        explain.setWordWrap(True)
        top.addWidget(explain, 1)
        self.all_keep_button = QPushButton("Tất cả: giữ máy này")
        self.all_take_button = QPushButton("Tất cả: lấy trong gói")
        for button in (self.all_keep_button, self.all_take_button):
            button.setAutoDefault(False)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)

        self.conflicts = read_only_table(CONFLICT_HEADERS, "Các xung đột")
        self.conflicts.setRowCount(len(self.plan.conflicts))
        for row, conflict in enumerate(self.plan.conflicts):
            cells = (
                conflict.title or "(không tên)",
                conflict.label,
                conflict.description,
                local_time(conflict.local_updated) or "–",
                local_time(conflict.incoming_updated) or "–",
                CHOICE_TEXTS[conflict.rule_choice],
            )
            for col, text in enumerate(cells):
                self.conflicts.setItem(row, col, _cell(text))
        header = self.conflicts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(CONFLICT_HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        _fit_height(self.conflicts, 4)
        column.addWidget(self.conflicts)

        choice_row = QHBoxLayout()
        self.differences_label = QLabel("Khác nhau ở:")
        self.differences_label.setWordWrap(True)
        choice_row.addWidget(self.differences_label, 1)
        self.keep_radio = QRadioButton(CHOICE_TEXTS[KEEP_LOCAL])
        self.take_radio = QRadioButton(CHOICE_TEXTS[TAKE_INCOMING])
        group = QButtonGroup(self)
        group.addButton(self.keep_radio)
        group.addButton(self.take_radio)
        choice_row.addWidget(self.keep_radio)
        choice_row.addWidget(self.take_radio)
        column.addLayout(choice_row)

        self.differences = read_only_table(["Mục", "Trên máy này", "Trong gói"], "Khác nhau")
        self.differences.setWordWrap(True)
        header = self.differences.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.differences.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.differences.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        _fit_height(self.differences, 3)
        self.differences.setMinimumHeight(self.differences.height())
        self.differences.setMaximumHeight(16777215)
        column.addWidget(self.differences, 1)

        self.conflicts.currentCellChanged.connect(lambda row, *_: self._show_conflict(row))
        self.keep_radio.clicked.connect(lambda: self._choose_current(KEEP_LOCAL))
        self.take_radio.clicked.connect(lambda: self._choose_current(TAKE_INCOMING))
        self.all_keep_button.clicked.connect(lambda: self.choose_all(KEEP_LOCAL))
        self.all_take_button.clicked.connect(lambda: self.choose_all(TAKE_INCOMING))
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.plan.conflicts:
            self.differences.resizeRowsToContents()

    def current_conflict(self) -> Conflict | None:
        row = self.conflicts.currentRow() if self.plan.conflicts else -1
        return self.plan.conflicts[row] if 0 <= row < len(self.plan.conflicts) else None

    def _show_conflict(self, row: int) -> None:
        conflict = self.plan.conflicts[row] if 0 <= row < len(self.plan.conflicts) else None
        differences = conflict.differences if conflict else ()
        self.differences.setRowCount(len(differences))
        for index, difference in enumerate(differences):
            self.differences.setItem(index, 0, _cell(difference.column))
            self.differences.setItem(index, 1, _cell(difference.local or "(trống)"))
            self.differences.setItem(index, 2, _cell(difference.incoming or "(trống)"))
        self.differences.resizeRowsToContents()
        if conflict is None:
            self.differences_label.setText("Khác nhau ở:")
        elif differences:
            self.differences_label.setText(f"«{_short(conflict.title)}» khác nhau ở:")
        else:
            self.differences_label.setText(
                f"«{_short(conflict.title)}»: {conflict.description.lower()}."
            )
        if conflict is not None:
            self.differences_label.setText(
                self.differences_label.text() + " " + _who_and_when(conflict)
            )
        choice = self.choices.get(conflict.key, conflict.rule_choice) if conflict else KEEP_LOCAL
        self.keep_radio.setChecked(choice == KEEP_LOCAL)
        self.take_radio.setChecked(choice == TAKE_INCOMING)
        for radio in (self.keep_radio, self.take_radio):
            radio.setEnabled(conflict is not None)

    def _choose_current(self, choice: str) -> None:
        conflict = self.current_conflict()
        if conflict is not None:
            self.set_choice(conflict.key, choice)

    def set_choice(self, key: str, choice: str) -> None:
        self.choices[key] = choice
        for row, conflict in enumerate(self.plan.conflicts):
            if conflict.key == key:
                self.conflicts.item(row, len(CONFLICT_HEADERS) - 1).setText(CHOICE_TEXTS[choice])
        current = self.current_conflict()
        if current is not None and current.key == key:
            self.keep_radio.setChecked(choice == KEEP_LOCAL)
            self.take_radio.setChecked(choice == TAKE_INCOMING)

    def choose_all(self, choice: str) -> None:
        for conflict in self.plan.conflicts:
            self.set_choice(conflict.key, choice)

    def resolutions(self) -> dict[str, str]:
        return dict(self.choices)


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
            self.table.setItem(row, 0, _cell(label))
            self.table.setItem(row, 1, _cell(str(incoming), True))
            self.table.setItem(row, 2, _cell(str(here), True))
        _number_columns(self.table, 1)
        _fit_height(self.table, 10)
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
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Khôi phục", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        # Replacing everything is not what Enter should do by accident.
        self.restore_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.addStretch(1)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(760, self.sizeHint().height())
