"""The conflicts of an import's dry run, and the officer's choice for each.

Preselected is what the rule decides, the same on every PC (the later edit wins); a
different choice is saved as a new edit here and goes to the other PCs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.transfer.model import KEEP_LOCAL, TAKE_INCOMING, Conflict
from cchc_desktop.ui.backup.widgets import (
    cell,
    fit_height,
    label_and_numbers,
    local_time,
    read_only_table,
)

CHOICE_TEXTS = {KEEP_LOCAL: "Giữ bản trên máy này", TAKE_INCOMING: "Lấy bản trong gói"}
CONFLICT_HEADERS = [
    "Bản ghi",
    "Loại dữ liệu",
    "Tình trạng",
    "Máy này sửa lúc",
    "Gói sửa lúc",
    "Chọn",
]
EXPLANATION = (
    "Cả hai máy đã sửa (hoặc một máy xóa, máy kia sửa) mà chưa thấy bản của nhau. "
    "Đã chọn sẵn bản sửa sau cùng — mọi máy đều chọn như vậy nên dữ liệu sẽ giống "
    "nhau. Nếu chọn khác, lựa chọn của bạn được lưu như một lần sửa mới và gửi sang "
    "máy kia ở lần trao đổi sau. Giá trị không được chọn vẫn được ghi lại trong lịch "
    "sử trao đổi."
)


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


class ConflictChooser(QGroupBox):
    """«Hai máy cùng sửa một mục»: the list, what differs in the one selected, the choice."""

    def __init__(self, conflicts: list[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(f"Hai máy cùng sửa một mục ({len(conflicts)})", parent)
        self._conflicts = conflicts
        self.choices: dict[str, str] = {c.key: c.rule_choice for c in conflicts}
        column = QVBoxLayout(self)
        self._build_top(column)
        self._build_list(column)
        self._build_choice(column)
        self._build_differences(column)
        self.conflicts.currentCellChanged.connect(lambda row, *_: self._show_conflict(row))
        self.keep_radio.clicked.connect(lambda: self._choose_current(KEEP_LOCAL))
        self.take_radio.clicked.connect(lambda: self._choose_current(TAKE_INCOMING))
        self.all_keep_button.clicked.connect(lambda: self.choose_all(KEEP_LOCAL))
        self.all_take_button.clicked.connect(lambda: self.choose_all(TAKE_INCOMING))

    def _build_top(self, column: QVBoxLayout) -> None:
        top = QHBoxLayout()
        explain = QLabel(EXPLANATION)
        explain.setWordWrap(True)
        top.addWidget(explain, 1)
        self.all_keep_button = QPushButton("Tất cả: giữ máy này")
        self.all_take_button = QPushButton("Tất cả: lấy trong gói")
        for button in (self.all_keep_button, self.all_take_button):
            button.setAutoDefault(False)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)

    def _build_list(self, column: QVBoxLayout) -> None:
        self.conflicts = read_only_table(CONFLICT_HEADERS, "Các xung đột")
        self.conflicts.setRowCount(len(self._conflicts))
        for row, conflict in enumerate(self._conflicts):
            cells = (
                conflict.title or "(không tên)",
                conflict.label,
                conflict.description,
                local_time(conflict.local_updated) or "–",
                local_time(conflict.incoming_updated) or "–",
                CHOICE_TEXTS[conflict.rule_choice],
            )
            for col, text in enumerate(cells):
                self.conflicts.setItem(row, col, cell(text))
        label_and_numbers(self.conflicts)
        fit_height(self.conflicts, 4)
        column.addWidget(self.conflicts)

    def _build_choice(self, column: QVBoxLayout) -> None:
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

    def _build_differences(self, column: QVBoxLayout) -> None:
        self.differences = read_only_table(["Mục", "Trên máy này", "Trong gói"], "Khác nhau")
        self.differences.setWordWrap(True)
        header = self.differences.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.differences.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.differences.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        fit_height(self.differences, 3)
        self.differences.setMinimumHeight(self.differences.height())
        self.differences.setMaximumHeight(16777215)
        column.addWidget(self.differences, 1)

    def current_conflict(self) -> Conflict | None:
        row = self.conflicts.currentRow() if self._conflicts else -1
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def _show_conflict(self, row: int) -> None:
        conflict = self._conflicts[row] if 0 <= row < len(self._conflicts) else None
        differences = conflict.differences if conflict else ()
        self.differences.setRowCount(len(differences))
        for index, difference in enumerate(differences):
            self.differences.setItem(index, 0, cell(difference.column))
            self.differences.setItem(index, 1, cell(difference.local or "(trống)"))
            self.differences.setItem(index, 2, cell(difference.incoming or "(trống)"))
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
        for row, conflict in enumerate(self._conflicts):
            if conflict.key == key:
                self.conflicts.item(row, len(CONFLICT_HEADERS) - 1).setText(CHOICE_TEXTS[choice])
        current = self.current_conflict()
        if current is not None and current.key == key:
            self.keep_radio.setChecked(choice == KEEP_LOCAL)
            self.take_radio.setChecked(choice == TAKE_INCOMING)

    def choose_all(self, choice: str) -> None:
        for conflict in self._conflicts:
            self.set_choice(conflict.key, choice)
