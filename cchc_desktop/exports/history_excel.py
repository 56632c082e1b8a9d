"""The change history (as filtered on screen) as an Excel workbook.

One row per entry, one line per changed field ("Hạn: 15/03/2026 → 30/03/2026"). The
history holds officials' personal data too, so the sheet says so under its title.
openpyxl is imported when the export runs, not with this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cchc_desktop.exports.workbook import (
    fit_columns,
    print_setup,
    save_workbook,
    table,
    title_block,
)
from cchc_desktop.store.history import HistoryEntry

SHEET = "Lịch sử thay đổi"
TITLE = "LỊCH SỬ THAY ĐỔI DỮ LIỆU"
HEADERS = (
    "Thời điểm",
    "Người thực hiện",
    "Thao tác",
    "Loại dữ liệu",
    "Bản ghi",
    "Nội dung thay đổi",
)
_BOUNDS = ((16, 18), (14, 26), (8, 18), (14, 30), (20, 50), (30, 80))
_CENTRED = (True, False, True, False, False, False)
PERSONAL_NOTICE = (
    "Lịch sử có thể chứa dữ liệu cá nhân của cán bộ (giới tính, ngày sinh, dân tộc) theo "
    "Nghị định 13/2023/NĐ-CP: chỉ dùng cho công việc được giao, lưu giữ an toàn."
)


def history_rows(entries: Sequence[HistoryEntry]) -> list[list[object]]:
    return [
        [
            e.time_text,
            e.who,
            e.action_label,
            e.kind_label,
            e.record_title,
            e.changes_text(),
        ]
        for e in entries
    ]


def export_history(
    entries: Sequence[HistoryEntry], path: Path | str, *, unit: str = "", scope: str = ""
) -> Path:
    """Write ``entries`` (newest first) to ``path``; ``ExportError`` if it cannot be saved."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET
    rows = history_rows(entries)
    widths = fit_columns(ws, HEADERS, rows, _BOUNDS)
    lines = [(TITLE, "title")]
    if unit:
        lines.append((unit, "bold"))
    if scope:
        lines.append((scope, "italic"))
    lines.append((PERSONAL_NOTICE, "notice"))
    header_row = title_block(ws, lines, len(HEADERS), sum(widths))
    table(ws, header_row, HEADERS, rows, _CENTRED)
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    print_setup(ws, header_row)
    return save_workbook(workbook, Path(path))
