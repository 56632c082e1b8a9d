"""Entering and editing one official, with the standard check shown as the officer types."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.staff import (
    LEVEL_ATTRIBUTES,
    Gender,
    Official,
    StaffLists,
    Training,
    parse_birth,
    validate_official,
)
from cchc_desktop.core.standard_checks import Outcome, evaluate
from cchc_desktop.core.standards import FIELD, StandardSet, latest_versions
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import known_positions, load_standard_sets, save_official
from cchc_desktop.ui.toolkit.dialog_buttons import save_cancel_buttons
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.forms import DateField, FieldForm, GuardedDialog, text_box
from cchc_desktop.ui.toolkit.widgets import NoticeLabel, editable_combo, scroll_area

_NO_VALUE = "(Chưa có thông tin)"
_OTHER_POSITION = "(Chức danh khác — ghi tên bên dưới)"


def level_combo(lists: StaffLists, attribute: str, empty: str = _NO_VALUE) -> QComboBox:
    combo = QComboBox()
    combo.addItem(empty, None)
    for level in lists.scales[attribute].levels:
        combo.addItem(level.name, level.code)
    return combo


def list_combo(lists: StaffLists, kind: str, empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for item in getattr(lists, kind):
        combo.addItem(item.name, item.code)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


OTHER_POSITION = "/"


def position_key(family: str, code: str) -> str:
    """A position as a combo box keeps it: Python tuples do not survive Qt's item data."""
    return f"{family}/{code}"


def position_combo(sets: list[StandardSet]) -> QComboBox:
    """Positions of the newest version of each set, grouped under the set's name."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    combo = QComboBox()
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    combo.addItem("(Chưa chọn)", None)
    combo.addItem(_OTHER_POSITION, OTHER_POSITION)
    for s in latest_versions(sets):
        heading = QStandardItem(s.name)
        heading.setFlags(Qt.ItemFlag.NoItemFlags)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        model.appendRow(heading)
        for p in s.positions:
            combo.addItem(f"   {p.name}", position_key(s.family, p.code))
    return combo


class OfficialForm(QWidget):
    """The fields of one official; reads and writes :class:`Official` values."""

    def __init__(self, store: Store, lists: StaffLists, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._lists = lists
        self._today = today
        self._uuid: str | None = None
        self.sets = load_standard_sets(store)
        self._positions = known_positions(self.sets)
        self.form = FieldForm()
        f = self.form

        self._add_personal()
        self._add_post()
        self._add_levels()
        self._add_training()
        f.add_section("Ghi chú")
        self.notes = text_box(3)
        f.add_field("notes", "Ghi chú", self.notes)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(f)

        self.training_attribute.currentIndexChanged.connect(self._fill_training_levels)
        self.in_training.toggled.connect(self._update_rows)
        self.position.currentIndexChanged.connect(self._position_chosen)
        self.status.currentIndexChanged.connect(self._update_rows)
        self._fill_training_levels()
        self.training_attribute.setCurrentIndex(self.training_attribute.findData("professional"))
        self._update_rows()

    def _add_personal(self) -> None:
        """Name, gender, birth, ethnicity: personal data."""
        f = self.form
        f.add_section("Thông tin cá nhân")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("ví dụ: Nguyễn Thị Minh Khai")
        f.add_field("full_name", "Họ và tên (*)", self.full_name)
        self.gender = QComboBox()
        self.gender.addItem(_NO_VALUE, None)
        for g in Gender:
            self.gender.addItem(g.label, g.value)
        f.add_field("gender", "Giới tính", self.gender)
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("ngày/tháng/năm, hoặc chỉ năm sinh")
        self.birth.setMaxLength(10)
        f.add_field("birth", "Ngày sinh", self.birth)
        self.ethnicity = editable_combo(
            [
                "Kinh",
                "Tày",
                "Thái",
                "Mường",
                "Khmer",
                "Hoa",
                "Nùng",
                "H'Mông",
                "Dao",
                "Gia Rai",
                "Ê Đê",
                "Ba Na",
            ]
        )
        f.add_field("ethnicity", "Dân tộc", self.ethnicity)
        f.add_hint("Ngày sinh, giới tính, dân tộc là dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP).")

    def _add_post(self) -> None:
        """Category, position, department, and the status of the post."""
        f = self.form
        f.add_section("Công tác")
        self.category = list_combo(self._lists, "categories")
        f.add_field("category", "Đối tượng (*)", self.category)
        self.position = position_combo(self.sets)
        f.add_field("position", "Chức danh, vị trí việc làm", self.position)
        self.position_title = QLineEdit()
        self.position_title.setPlaceholderText("tên chức danh khi không có trong bộ tiêu chuẩn")
        f.add_field("position_title", "Tên chức danh khác", self.position_title)
        self.department = list_combo(self._lists, "departments", "(Không thuộc phòng nào)")
        f.add_field("department", "Phòng, bộ phận", self.department)
        self.started_on = DateField()
        f.add_field("started_on", "Giữ chức danh, vị trí từ ngày", self.started_on)
        self.status = list_combo(self._lists, "statuses")
        f.add_field("status", "Tình trạng công tác", self.status)
        self.status_on = DateField()
        f.add_field("status_on", "Từ ngày", self.status_on)

    def _add_levels(self) -> None:
        """The levels reached, with the field of study after the professional one."""
        f = self.form
        f.add_section("Trình độ")
        self.levels: dict[str, QComboBox] = {}
        for attribute in LEVEL_ATTRIBUTES:
            combo = level_combo(self._lists, attribute)
            self.levels[attribute] = combo
            f.add_field(attribute, self._lists.scales[attribute].label, combo)
            if attribute == "professional":
                self.field_of_study = editable_combo(self._accepted_fields())
                self.field_of_study.lineEdit().setPlaceholderText("ví dụ: Luật, Kế toán")
                f.add_field("field_of_study", "Chuyên ngành đào tạo", self.field_of_study)

    def _add_training(self) -> None:
        """A course under way: what it raises, to which level, when it ends."""
        f = self.form
        f.add_section("Đang đào tạo, bồi dưỡng")
        self.in_training = QCheckBox("Đang đi học (khóa học chưa kết thúc)")
        f.add_field("in_training", "", self.in_training)
        self.training_attribute = QComboBox()
        for attribute in LEVEL_ATTRIBUTES:
            self.training_attribute.addItem(self._lists.scales[attribute].label, attribute)
        f.add_field("training_attribute", "Học để nâng", self.training_attribute)
        self.training_level = QComboBox()
        f.add_field("training_level", "Trình độ sẽ đạt", self.training_level)
        self.training_field = editable_combo(self._accepted_fields())
        f.add_field("training_field", "Chuyên ngành", self.training_field)
        self.training_name = QLineEdit()
        self.training_name.setPlaceholderText("ví dụ: Đại học Luật hệ vừa làm vừa học, Trường …")
        f.add_field("training_name", "Khóa học, cơ sở đào tạo", self.training_name)
        self.training_starts_on = DateField()
        f.add_field("training_starts_on", "Bắt đầu", self.training_starts_on)
        self.training_ends_on = DateField()
        f.add_field("training_ends_on", "Dự kiến kết thúc", self.training_ends_on)

    def _accepted_fields(self) -> list[str]:
        names: set[str] = set()
        for s in latest_versions(self.sets):
            for p in s.positions:
                for r in p.requirements:
                    if r.attribute == FIELD:
                        names.update(r.accepted)
        from cchc_desktop.core.text import vietnamese_sort_key

        return sorted(names, key=vietnamese_sort_key)

    def _fill_training_levels(self) -> None:
        attribute = self.training_attribute.currentData() or "professional"
        current = self.training_level.currentData()
        self.training_level.clear()
        for level in self._lists.scales[attribute].levels:
            if level.rank > 0:
                self.training_level.addItem(level.name, level.code)
        select_data(self.training_level, current)
        self.form.set_row_visible(
            "training_field", attribute == "professional" and self.in_training.isChecked()
        )

    def _position_chosen(self) -> None:
        data = self.position.currentData()
        if data and data != OTHER_POSITION:
            family, code = data.split("/", 1)
            s = next((x for x in latest_versions(self.sets) if x.family == family), None)
            p = s.position(code) if s else None
            if p is not None:
                select_data(self.category, p.category)
                if p.department:
                    select_data(self.department, p.department)
        self._update_rows()

    def _update_rows(self) -> None:
        data = self.position.currentData()
        self.form.set_row_visible("position_title", data == OTHER_POSITION)
        training = self.in_training.isChecked()
        for name in (
            "training_attribute",
            "training_level",
            "training_name",
            "training_starts_on",
            "training_ends_on",
        ):
            self.form.set_row_visible(name, training)
        attribute = self.training_attribute.currentData()
        self.form.set_row_visible("training_field", training and attribute == "professional")
        active = self._lists.is_active(self.status.currentData() or "")
        self.form.set_row_visible("status_on", not active)

    # --- values ---------------------------------------------------------------------------

    def set_official(self, o: Official | None) -> None:
        o = o or Official("", "cong_chuc")
        self._uuid = o.uuid
        self.full_name.setText(o.full_name)
        select_data(self.gender, o.gender.value if o.gender else None)
        self.birth.setText(o.birth.text() if o.birth else "")
        self.ethnicity.setEditText(o.ethnicity)
        select_data(self.category, o.category)
        if o.standard_family and o.position:
            key = position_key(o.standard_family, o.position)
            if self.position.findData(key) < 0:
                # A position the newest version no longer has stays the person's until the
                # officer chooses another: opening and saving never drops it.
                name = next(
                    (
                        p.name
                        for s in sorted(self.sets, key=lambda s: -s.version)
                        if s.family == o.standard_family
                        for p in s.positions
                        if p.code == o.position
                    ),
                    o.position,
                )
                self.position.addItem(f"   {name} (không còn trong phiên bản mới nhất)", key)
            select_data(self.position, key)
        elif o.position_title:
            select_data(self.position, OTHER_POSITION)
        else:
            self.position.setCurrentIndex(0)
        self.position_title.setText(o.position_title)
        select_data(self.category, o.category)
        select_data(self.department, o.department)
        self.started_on.set_date(o.started_on)
        select_data(self.status, o.status)
        self.status_on.set_date(o.status_on)
        for attribute, combo in self.levels.items():
            select_data(combo, o.level_of(attribute))
        self.field_of_study.setEditText(o.field_of_study)
        t = o.training
        self.in_training.setChecked(t is not None)
        if t is not None:
            select_data(self.training_attribute, t.attribute)
            self._fill_training_levels()
            select_data(self.training_level, t.level)
            self.training_field.setEditText(t.field_of_study)
            self.training_name.setText(t.name)
            self.training_starts_on.set_date(t.starts_on)
            self.training_ends_on.set_date(t.ends_on)
        self.notes.setPlainText(o.notes)
        self._update_rows()

    def official(self) -> tuple[Official, dict[str, str]]:
        """The record as typed, and the messages of what cannot be read at all."""
        errors: dict[str, str] = {}
        try:
            birth = parse_birth(self.birth.text())
        except ValueError as exc:
            birth, errors["birth"] = None, str(exc)
        dates, date_errors = self.form.read_dates(
            ["started_on", "status_on", "training_starts_on", "training_ends_on"]
        )
        errors.update(date_errors)
        position = self.position.currentData()
        family, code = (
            position.split("/", 1) if position and position != OTHER_POSITION else (None, None)
        )
        training = None
        if self.in_training.isChecked():
            attribute = self.training_attribute.currentData()
            training = Training(
                attribute=attribute,
                level=self.training_level.currentData() or "",
                field_of_study=self.training_field.currentText()
                if attribute == "professional"
                else "",
                name=self.training_name.text(),
                starts_on=dates["training_starts_on"],
                ends_on=dates["training_ends_on"],
            )
        active = self._lists.is_active(self.status.currentData() or "")
        official = Official(
            full_name=self.full_name.text(),
            category=self.category.currentData() or "",
            gender=Gender(self.gender.currentData()) if self.gender.currentData() else None,
            birth=birth,
            ethnicity=self.ethnicity.currentText(),
            standard_family=family,
            position=code,
            position_title=self.position_title.text() if position == OTHER_POSITION else "",
            department=self.department.currentData(),
            started_on=dates["started_on"],
            field_of_study=self.field_of_study.currentText(),
            training=training,
            status=self.status.currentData() or "",
            status_on=None if active else dates["status_on"],
            notes=self.notes.toPlainText(),
            uuid=self._uuid,
            **{a: c.currentData() for a, c in self.levels.items()},
        )
        return official, errors

    def problems(self) -> dict[str, str]:
        official, errors = self.official()
        rules = validate_official(official, self._today, self._lists, self._positions)
        return {**rules, **errors}


class OfficialEditorDialog(GuardedDialog):
    """Add or edit one official; the evaluation under the form follows the typing."""

    def __init__(
        self,
        store: Store,
        lists: StaffLists,
        official: Official | None,
        today: date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._lists = lists
        self._today = today
        self.saved: Official | None = None
        self._editing = official is not None
        self.setWindowTitle(
            "Sửa thông tin cán bộ, công chức" if official else "Thêm cán bộ, công chức"
        )
        self.form = OfficialForm(store, lists, today)
        self.form.set_official(official)
        self._initial = self.form.official()[0]

        self.change_box = QWidget()
        change_layout = QVBoxLayout(self.change_box)
        change_layout.setContentsMargins(0, 0, 0, 0)
        change_layout.addWidget(QLabel("Thay đổi này là:"))
        self.correction = QRadioButton("Sửa thông tin nhập sai (đúng cho mọi thời điểm)")
        self.real_change = QRadioButton("Thay đổi thực tế (tốt nghiệp, chuyển vị trí …) từ ngày:")
        group = QButtonGroup(self)
        group.addButton(self.correction)
        group.addButton(self.real_change)
        self.correction.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.real_change)
        self.change_from = DateField()
        self.change_from.set_date(today)
        self.change_from.setEnabled(False)
        row.addWidget(self.change_from)
        row.addStretch(1)
        change_layout.addWidget(self.correction)
        change_layout.addLayout(row)
        self.change_error = QLabel()
        self.change_error.setStyleSheet("QLabel { color:#b00020; }")
        self.change_error.setVisible(False)
        change_layout.addWidget(self.change_error)
        self.change_box.setVisible(official is not None)
        self.real_change.toggled.connect(self.change_from.setEnabled)

        self.evaluation = NoticeLabel()
        self.evaluation.setTextFormat(Qt.TextFormat.PlainText)
        buttons = save_cancel_buttons(self, self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll_area(self.form), 1)
        layout.addWidget(self.evaluation)
        layout.addWidget(self.change_box)
        layout.addWidget(buttons)
        self.form.form.changed.connect(self._show_evaluation)
        for combo in self.form.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self._show_evaluation)
        self._show_evaluation()
        screen = self.screen().availableGeometry()
        self.resize(min(720, screen.width() - 40), min(760, screen.height() - 60))
        self.form.full_name.setFocus()

    def _show_evaluation(self) -> None:
        official, _errors = self.form.official()
        if not official.full_name.strip():
            self.evaluation.say("Đối chiếu tiêu chuẩn: nhập họ tên và thông tin để xem kết quả.")
            return
        if self.form.problems():
            self.evaluation.say(
                "Đối chiếu tiêu chuẩn: sửa các ô đang báo lỗi (khi bấm «Lưu») để xem kết quả."
            )
            return
        e = evaluate(official, self.form.sets, self._lists, self._today)
        lines = [f"Đối chiếu tiêu chuẩn hôm nay: {e.summary()}"]
        lines += [f"• {c.outcome.label}: {c.reason}" for c in e.gaps]
        kind = {
            Outcome.MET: "success",
            Outcome.NOT_MET: "error",
            Outcome.UNKNOWN: "warning",
        }.get(e.outcome, "info")
        self.evaluation.say("\n".join(lines), kind)

    def has_unsaved_changes(self) -> bool:
        return self.saved is None and self.form.official()[0] != self._initial

    def save(self) -> None:
        problems = self.form.problems()
        change_from = None
        self.change_error.setVisible(False)
        if self._editing and self.real_change.isChecked():
            try:
                change_from = self.change_from.date()
            except ValueError as exc:
                problems["change_from"] = str(exc)
            if change_from is None and "change_from" not in problems:
                problems["change_from"] = "Nhập ngày thay đổi có hiệu lực."
        if problems:
            self._show_problems(problems)
            return
        official, _ = self.form.official()
        try:
            self.saved = save_official(
                self._store, official, self._today, change_from=change_from, lists=self._lists
            )
        except ValidationError as exc:
            self._show_problems(exc.errors)
            return
        except StoreError as exc:
            show_user_error(self, self.windowTitle(), exc)
            return
        self.accept()

    def _show_problems(self, problems: dict[str, str]) -> None:
        message = problems.pop("change_from", "")
        self.change_error.setText(message)
        self.change_error.setVisible(bool(message))
        self.form.form.show_errors(problems)
        if message and not problems:
            self.change_from.setFocus()
