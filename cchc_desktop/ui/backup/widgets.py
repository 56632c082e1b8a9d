"""What the screens of «Sao lưu & trao đổi dữ liệu» show alike: a package's facts, labels
that can be copied, read-only tables sized to their rows.

The texts of a package (its time on this PC, its years) are those of the transfer layer;
here they are laid out.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from cchc_desktop.core.text import format_size, format_utc_time
from cchc_desktop.transfer.model import Manifest
from cchc_desktop.transfer.model import years_text as package_years_text

PAIRS_PER_LINE = 3


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


def selectable_label(text: str) -> QLabel:
    """A label that wraps and whose text can be selected (a path, a unit's name)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        text = selectable_label(value)
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


def cell(text: str, number: bool = False) -> QTableWidgetItem:
    """A cell showing ``text`` (whole in its tooltip); a number stands right."""
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def fit_height(table: QTableWidget, most_rows: int) -> None:
    """Tall enough for its rows (at most ``most_rows``), so short tables waste no space."""
    rows = max(1, min(table.rowCount(), most_rows))
    row_height = table.verticalHeader().defaultSectionSize()
    height = table.horizontalHeader().sizeHint().height() + rows * row_height
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def label_and_numbers(table: QTableWidget, first: int = 1) -> None:
    """The first column takes the room left; the numbers from ``first`` on fit their text."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(first, table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
