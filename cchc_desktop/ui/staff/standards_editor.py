"""The standards of positions (tiêu chuẩn chức danh, vị trí việc làm), seen and edited as a matrix.

Positions run down, requirements across. Only the newest version of a set can
be edited: changes gather in an edited copy, marked in the matrix, and are kept
as a new version with the day it applies from and what changed. An earlier
version is never changed, so ratios at an earlier date keep the standard then
in force.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import load_staff_lists
from cchc_desktop.core.standard_checks import deadline_text
from cchc_desktop.core.standards import (
    FIELD,
    Position,
    StandardSet,
    standard_in_force,
    with_position_requirement,
)
from cchc_desktop.core.text import fold_for_search, format_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import load_officials, load_standard_sets
from cchc_desktop.ui.profile.form import vietnamese_sorted
from cchc_desktop.ui.staff.matrix_view import MatrixView
from cchc_desktop.ui.staff.standards_dialogs import (
    PositionDialog,
    RequirementDialog,
    SaveVersionDialog,
)
from cchc_desktop.ui.staff.standards_model import (
    DEPARTMENT_COLUMN,
    NAME_COLUMN,
    Change,
    RequirementMatrixModel,
    standard_changes,
)
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

SHIPPED_LABEL = "bản mặc định của chương trình"
_NOTE_IN_COMBO = 60  # characters of a change note shown in the version list


# --- the panel -------------------------------------------------------------------------------


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

        pick = self._version_pickers()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_note = NoticeLabel("", "warning")
        self.mode_note = NoticeLabel("", "info")
        self.mode_note.hide()

        self._build_table()
        actions = self._action_row()
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
        self._connect()
        self.reload()

    # --- layout ----------------------------------------------------------------------------

    def _version_pickers(self) -> QGridLayout:
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
        return pick

    def _build_table(self) -> None:
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

    def _action_row(self) -> QHBoxLayout:
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
        return actions

    def _connect(self) -> None:
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
