"""Importing a province's criteria set from its Excel sheet: read, preview, complete, save.

The file is read off the GUI thread. The dialog then shows which sheet was read and how
many rows; every error with its sheet, row, column and reason (while there is one the set
cannot be saved); the warnings, which do not block; and the tree of the set with its total.
The officer completes the set's details (name, province, years, the issuing decision) and
saves it as a new set, or as a new version (a correction) of a set already stored. Nothing
is written before «Lưu bộ tiêu chí».
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.criteria import (
    CriteriaSet,
    Criterion,
    Decision,
    MethodKind,
    format_points,
)
from cchc_desktop.core.profile import province_names
from cchc_desktop.core.tasks import document_date_problem
from cchc_desktop.core.text import ascii_slug, fold_for_search, normalize_text, os_error_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.exports.criteria_excel import method_text
from cchc_desktop.importers.criteria_excel import CriteriaProblem, CriteriaReading
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.store import StoreError
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.scoring_repo import (
    StoredSet,
    correct_criteria_set,
    list_criteria_sets,
    save_new_criteria_set,
)
from cchc_desktop.ui.background import BackgroundTask, report_failure, run_in_background
from cchc_desktop.ui.forms import DateField, FieldForm, GuardedDialog, text_box
from cchc_desktop.ui.widgets import NoticeLabel, editable_combo, scroll_area

FIRST_YEAR, LAST_YEAR = 2000, 2100
_YEAR_CHARACTERS = r"[0-9 ,;\-–]*"
_ERROR_BACKGROUND = "#fdeaea"
_WARNING_BACKGROUND = "#fff4d6"


# --- texts ------------------------------------------------------------------------------------


def parse_years(text: str) -> tuple[int, ...]:
    """``"2026"``, ``"2025, 2026"``, ``"2025 - 2027"`` → the years, sorted; empty → ``()``.

    Raises ``ValueError`` (Vietnamese, for the field) for a year outside 2000–2100 or any
    other text.
    """
    raw = normalize_text(text).replace("–", "-")
    if not raw:
        return ()
    years: set[int] = set()
    for part in re.split(r"[,;]", raw):
        part = part.strip()
        if not part:
            continue
        bounds = [b.strip() for b in part.split("-")]
        if len(bounds) > 2 or not all(re.fullmatch(r"\d{4}", b) for b in bounds):
            raise ValueError(
                f"«{part}» không phải năm. Ghi năm áp dụng như 2026, hoặc 2025, 2026, "
                "hoặc 2025 - 2027."
            )
        low, high = int(bounds[0]), int(bounds[-1])
        for year in (low, high):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError(
                    f"Năm {year} không hợp lệ: năm áp dụng phải từ {FIRST_YEAR} đến {LAST_YEAR}."
                )
        if high < low:
            raise ValueError(f"Khoảng năm «{part}»: năm đầu phải trước năm cuối.")
        years.update(range(low, high + 1))
    return tuple(sorted(years))


def years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years)


def node_details(node: Criterion) -> str:
    """A criterion in full (title, maximum, method, guidance, evidence), as plain text."""
    lines = [f"{node.label} — tối đa {format_points(node.maximum)} điểm"]
    if node.outside_maximum:
        lines.append("(tính ngoài tổng điểm tối đa)")
    if method := method_text(node):
        lines.append(f"Cách chấm: {method}")
    if node.guidance:
        lines.append(f"Hướng dẫn chấm:\n{node.guidance}")
    if node.evidence:
        lines.append(f"Tài liệu kiểm chứng:\n{node.evidence}")
    return "\n".join(lines)


def rich_tooltip(text: str) -> str:
    """Plain text as a tooltip that wraps its long lines (Qt wraps rich text only)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line + (" …" if "\n" in text.strip() else "")


def set_summary(s: CriteriaSet) -> str:
    """ "Tổng điểm tối đa 99 điểm: 7 lĩnh vực, 18 tiêu chí chấm điểm …" """
    leaves = list(s.leaves())
    bonus = sum(1 for n in leaves if n.kind == MethodKind.BONUS)
    penalty = sum(1 for n in leaves if n.kind == MethodKind.PENALTY)
    text = (
        f"Tổng điểm tối đa {format_points(s.total)} điểm: {len(s.fields)} lĩnh vực, "
        f"{len(leaves) - bonus - penalty} tiêu chí chấm điểm"
    )
    if s.survey_maximum:
        text += f" (trong đó {format_points(s.survey_maximum)} điểm điều tra xã hội học)"
    extra = []
    if bonus:
        extra.append(f"{bonus} dòng điểm thưởng")
    if penalty:
        extra.append(f"{penalty} dòng điểm trừ")
    if extra:
        text += "; " + ", ".join(extra) + " tính ngoài tổng"
    return text + "."


def family_label(s: CriteriaSet) -> str:
    label = s.title
    if s.province:
        label += f" — {s.province}"
    if s.years:
        label += f" (năm {s.years_text})"
    return label


def new_family_id(name: str, taken: set[str]) -> str:
    """An ASCII family id from the set's name, not used by any set stored or shipped.

    The store would otherwise derive it from the name alone, and a new set named like an
    existing one (every year's set is often called the same) would become a version of it.
    """
    base = ascii_slug(name, 60) or "bo-tieu-chi"
    family, number = base, 2
    while family in taken:
        family = f"{base}-{number}"
        number += 1
    return family


# --- the criteria tree (shared with the sets tab) ------------------------------------------------

CODE, TITLE, MAXIMUM, METHOD, GUIDANCE, EVIDENCE = range(6)
TREE_HEADERS = (
    "Mã",
    "Nội dung",
    "Điểm tối đa",
    "Cách chấm",
    "Hướng dẫn chấm",
    "Tài liệu kiểm chứng",
)
CODE_ROLE = Qt.ItemDataRole.UserRole


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as the wrapped text of some columns at their current width."""

    def __init__(self, tree: QTreeWidget, columns: tuple[int, ...]):
        super().__init__(tree)
        self._tree = tree
        self._columns = columns

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.column() not in self._columns:
            return size
        text = index.data() or ""
        width = self._tree.columnWidth(index.column()) - 10
        if not text or width <= 20:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or self._tree.font()
        rect = QFontMetrics(font).boundingRect(
            QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(size.width(), max(size.height(), rect.height() + 6))


class CriteriaTree(QTreeWidget):
    """A criteria set as a read-only tree: fields in bold, the full text of a line in its
    tooltip. ``detailed`` adds the guidance and evidence columns."""

    def __init__(self, name: str, *, detailed: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._detailed = detailed
        headers = TREE_HEADERS if detailed else TREE_HEADERS[:4]
        self.setColumnCount(len(headers))
        self.setHeaderLabels(list(headers))
        self.setAccessibleName(name)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        metrics = self.fontMetrics()
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(CODE, metrics.horizontalAdvance("VII.10.10") + 56)
        header.resizeSection(MAXIMUM, metrics.horizontalAdvance("Điểm tối đa") + 20)
        if detailed:
            # The title and the guidance share the room left by the others.
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(GUIDANCE, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(METHOD, metrics.horizontalAdvance("x" * 24))
            header.resizeSection(EVIDENCE, metrics.horizontalAdvance("x" * 26))
        else:
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(METHOD, metrics.horizontalAdvance("x" * 30))
        # Titles and methods wrap (the guidance and evidence show their first line and the
        # tooltip the rest): the rows follow the width of their columns.
        self.setItemDelegate(_WrappingDelegate(self, (TITLE, METHOD)))
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())

    def show_set(self, s: CriteriaSet | None) -> None:
        self.clear()
        if s is None:
            return
        for f in s.fields:
            self.addTopLevelItem(self._item(f, 0))
        self.expandAll()
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def _item(self, node: Criterion, depth: int) -> QTreeWidgetItem:
        method = node.method.kind.label if node.is_leaf and node.method else ""
        texts = [node.code, node.title, format_points(node.maximum), method]
        if self._detailed:
            texts += [first_line(node.guidance), first_line(node.evidence)]
        item = QTreeWidgetItem(texts)
        item.setData(CODE, CODE_ROLE, node.code)
        tooltip = rich_tooltip(node_details(node))
        for column in range(len(texts)):
            item.setToolTip(column, tooltip)
        item.setTextAlignment(MAXIMUM, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if depth == 0:
            for column in range(len(texts)):
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(column, font)
        for child in node.children:
            item.addChild(self._item(child, depth + 1))
        return item

    def codes(self) -> list[str]:
        """Every code shown, in order (for tests and checks)."""
        found: list[str] = []

        def visit(item: QTreeWidgetItem) -> None:
            found.append(item.data(CODE, CODE_ROLE))
            for i in range(item.childCount()):
                visit(item.child(i))

        for i in range(self.topLevelItemCount()):
            visit(self.topLevelItem(i))
        return found

    def item_of(self, code: str) -> QTreeWidgetItem | None:
        for item in self.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive):
            if item.data(CODE, CODE_ROLE) == code:
                return item
        return None

    def current_code(self) -> str | None:
        item = self.currentItem()
        return item.data(CODE, CODE_ROLE) if item is not None else None


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


class ImportCriteriaDialog(GuardedDialog):
    """``ImportCriteriaDialog(store, today, path=None, parent)``: with no ``path`` the dialog
    asks for the file as it opens (and closes if none is chosen). ``load(path)`` reads a file
    (off the GUI thread; ``read_finished`` follows). After «Lưu bộ tiêu chí», ``saved`` holds
    the stored set."""

    read_finished = Signal()  # a read ended: the preview, or the reason it failed, is shown

    def __init__(  # type: ignore[no-untyped-def]
        self,
        store: Store,
        today: date | Callable[[], date],
        path: Path | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._path: Path | None = None
        self._first_path = Path(path) if path is not None else None
        self._opened = False
        self._read_serial = 0  # a newer read (or closing) makes an older one's result stale
        self._read_task: BackgroundTask | None = None
        self._initial: tuple[object, ...] | None = None
        self.reading: CriteriaReading | None = None
        self.read_error: str | None = None  # why the last file could not be read
        self.saved: CriteriaSet | None = None
        self._families: list[StoredSet] = []  # the latest version of each stored family
        self._taken_families: set[str] = set()
        self.setWindowTitle("Nhập bộ tiêu chí từ tệp Excel")

        # --- the file
        self.file_label = QLabel("Chưa chọn tệp.")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Chọn tệp Excel…")
        self.choose_button.setToolTip("Chọn tệp .xlsx có bảng tiêu chí của tỉnh")
        self.reread_button = QPushButton("Đọc lại tệp")
        self.reread_button.setToolTip("Đọc lại tệp này sau khi đã sửa trong Excel")
        self.reread_button.setEnabled(False)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.reread_button)
        file_row.addWidget(self.choose_button)
        self.notice = NoticeLabel(
            "Chọn tệp Excel có bảng tiêu chí (STT | Nội dung tiêu chí | Điểm tối đa | …) do tỉnh "
            "ban hành. Chưa có gì được lưu.",
            "info",
        )

        # --- left: preview, errors, warnings
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
        self.tabs = QTabWidget()
        self.tabs.addTab(preview_page, "Xem trước")
        self.tabs.addTab(errors_page, "Lỗi (0)")
        self.tabs.addTab(warnings_page, "Lưu ý (0)")

        # --- right: the set's details
        self.form = FieldForm()
        self.form.add_section("Thông tin bộ tiêu chí")
        self.name = QLineEdit()
        self.form.add_field("name", "Tên bộ tiêu chí (*)", self.name)
        self.province = editable_combo(list(province_names()))
        self.form.add_field("province", "Tỉnh, thành phố", self.province)
        self.years = QLineEdit()
        self.years.setPlaceholderText("ví dụ: 2026 hoặc 2025, 2026")
        self.years.setValidator(
            QRegularExpressionValidator(QRegularExpression(_YEAR_CHARACTERS), self.years)
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
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.form)
        holder_layout.addStretch(1)
        self.details = scroll_area(holder)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox()
        self.save_button: QPushButton = buttons.addButton(
            "Lưu bộ tiêu chí", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setEnabled(False)
        self.close_button = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, self.close_button):
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 40)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.reread_button.clicked.connect(self.reload_file)
        self.as_new.toggled.connect(self._mode_changed)
        self.family.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.name.textEdited.connect(lambda _t: self._check_same_name())
        self._load_families()
        self._set_form_enabled(False)
        self.resize(1180, 740)
        self.splitter.setSizes([700, 480])

    # --- what today is -------------------------------------------------------------------------

    def today(self) -> date:
        return self._today() if callable(self._today) else self._today

    # --- choosing and reading ----------------------------------------------------------------

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._opened:
            self._opened = True
            QTimer.singleShot(0, self._first_read)

    def _first_read(self) -> None:
        if self._read_serial or self.reading is not None or self.read_error is not None:
            return  # a file was given to load() already
        if self._first_path is not None:
            self.load(self._first_path)
        elif not self.choose_file():
            self.reject()  # «Nhập từ Excel…» then no file: nothing to do

    def choose_file(self) -> bool:
        """Ask for the workbook; reading starts at once. False when none was chosen."""
        start = str(self._path.parent) if self._path is not None else ""
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp Excel có bảng tiêu chí của tỉnh",
            start,
            "Tệp Excel (*.xlsx *.xlsm);;Mọi tệp (*)",
        )
        if not name:
            return False
        self.load(Path(name))
        return True

    def reload_file(self) -> BackgroundTask | None:
        return self.load(self._path) if self._path is not None else None

    def load(self, path: Path | str) -> BackgroundTask:
        """Read ``path`` off the GUI thread; the preview (or the reason) follows."""
        from cchc_desktop.importers.criteria_excel import read_criteria_workbook

        path = Path(path)
        self._path = path
        self._read_serial += 1
        serial = self._read_serial
        self.reading = None
        self.read_error = None
        self.file_label.setText(f"Tệp: {path}")
        self.file_label.setToolTip(str(path))
        self.choose_button.setText("Chọn tệp khác…")
        self.reread_button.setEnabled(True)
        self.notice.say(f"Đang đọc tệp «{path.name}»…", "info")
        self._show_reading(None)

        def job(progress, cancelled):  # type: ignore[no-untyped-def]
            progress(0, 0, "Đang đọc tệp Excel…")
            return read_criteria_workbook(path)

        self._read_task = run_in_background(
            self,
            "Đọc tệp Excel",
            job,
            lambda reading: self._read_done(reading, serial),
            lambda exc: self._read_failed(exc, path, serial),
        )
        return self._read_task

    def done(self, result: int) -> None:
        """Closing (Lưu, Đóng, Esc, the window's ×): a read still under way is not wanted."""
        self._read_serial += 1
        super().done(result)

    def _read_done(self, reading: CriteriaReading, serial: int) -> None:
        if serial != self._read_serial:
            return
        self.reading = reading
        self._show_reading(reading)
        self.read_finished.emit()

    def _read_failed(self, exc: BaseException, path: Path, serial: int) -> None:
        if serial != self._read_serial:
            return
        name = path.name
        if isinstance(exc, ImportFileError):
            reason = exc.message
        elif isinstance(exc, PermissionError):
            reason = (
                f"Không có quyền đọc tệp «{name}». Hãy đóng tệp nếu đang mở ở chương trình khác, "
                "hoặc chép tệp sang thư mục khác rồi chọn lại."
            )
        elif isinstance(exc, OSError):
            reason = (
                f"Tệp có thể đã bị chuyển, xóa, hoặc nằm trên ổ USB, ổ mạng vừa bị ngắt "
                f"({os_error_text(exc)})."
            )
        else:
            report_failure(self, self.windowTitle(), exc)
            reason = "Đã xảy ra lỗi không mong muốn khi đọc tệp."
        self.read_error = f"Không đọc được tệp «{name}». {reason} Chưa có gì được lưu."
        self._show_reading(None)
        self.notice.say(self.read_error, "error")
        self.read_finished.emit()

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
        sets = list_criteria_sets(self._store)
        self._taken_families = {s.criteria.family for s in sets}
        latest: dict[str, StoredSet] = {}
        for s in sets:
            if not s.stored or s.criteria.sample:
                continue  # a correction is of a province's set, not of a sample
            known = latest.get(s.criteria.family)
            if known is None or s.criteria.version > known.criteria.version:
                latest[s.criteria.family] = s
        self._families = sorted(latest.values(), key=lambda s: fold_for_search(s.criteria.name))
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
        uuid = self.family.currentData()
        return next((s for s in self._families if s.uuid == uuid), None)

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
        folded = fold_for_search(normalize_text(name))
        return next(
            (s for s in self._families if folded and fold_for_search(s.criteria.name) == folded),
            None,
        )

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
        reading = self.reading
        if reading is None or not reading.ok or reading.criteria_set is None:
            return None
        errors: dict[str, str] = {}
        name = normalize_text(self.name.text())
        if not name:
            errors["name"] = "Chưa nhập tên bộ tiêu chí."
        years: tuple[int, ...] = ()
        try:
            years = parse_years(self.years.text())
        except ValueError as exc:
            errors["years"] = str(exc)
        dates, date_errors = self.form.read_dates(["decision_date"])
        errors.update(date_errors)
        issued_on = dates["decision_date"]
        if problem := document_date_problem(issued_on, self.today()):
            errors["decision_date"] = problem
        if self.as_version.isChecked() and self._corrected() is None:
            errors["mode"] = "Chọn bộ tiêu chí được đính chính."
        if errors:
            self.form.show_errors(errors)
            self.notice.say("Sửa các mục ghi chú màu đỏ bên phải rồi lưu lại.", "error")
            return None
        return replace(
            reading.criteria_set,
            name=name,
            province=normalize_text(self.province.currentText()),
            years=years,
            decision=Decision(
                number=normalize_text(self.decision_number.text()),
                issued_on=issued_on,
                issuer=normalize_text(self.decision_issuer.text()),
            ),
            note=self.note.toPlainText().strip(),
        )

    def save(self) -> None:
        """Store the set (a new family, or the next version of the chosen one), then close."""
        if not self.save_button.isEnabled():
            return
        criteria = self.set_to_save()
        if criteria is None:
            return
        old = self._corrected() if self.as_version.isChecked() else None
        try:
            if old is not None:
                saved = correct_criteria_set(self._store, old.criteria, criteria)
            else:
                family = new_family_id(criteria.name, self._taken_families)
                saved = save_new_criteria_set(self._store, replace(criteria, family=family))
        except ValidationError as exc:
            at_fields = {k: v for k, v in exc.errors.items() if k in self.form.editors}
            self.form.show_errors(at_fields)
            others = [v for k, v in exc.errors.items() if k not in self.form.editors]
            self.notice.say(
                "Chưa lưu được bộ tiêu chí: " + " ".join(others or list(at_fields.values())),
                "error",
            )
            return
        except StoreError as exc:
            QMessageBox.critical(self, "Không lưu được", exc.message)
            return
        self.saved = saved
        self.accept()
