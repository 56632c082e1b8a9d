"""What goes into the staff workbook: the officer chooses whether personal data goes too."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from cchc_desktop.core.standard_plan import GapRow
from cchc_desktop.core.text import format_date
from cchc_desktop.ui.toolkit.dialog_buttons import accept_cancel_buttons
from cchc_desktop.ui.toolkit.widgets import NoticeLabel


def plan_lines(rows: Iterable[GapRow], shown: set[str]) -> list[tuple[str, str, str, str]]:
    """The plan sheet of the workbook: who, which standard, the action and its deadline, for
    the officials shown."""
    return [
        (
            r.name,
            r.check.label,
            f"{r.action.kind.label}: {r.action.content}".rstrip(": ") if r.action else "",
            format_date(r.action.deadline) if r.action and r.action.deadline else "",
        )
        for r in rows
        if r.evaluation.official.uuid in shown
    ]


class ExportChoiceDialog(QDialog):
    """What goes into the staff workbook: personal data only when asked for."""

    def __init__(self, shown: int, total: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Xuất danh sách cán bộ ra Excel")
        layout = QVBoxLayout(self)
        scope = QLabel(
            f"Xuất {shown} người đang hiện trong danh sách"
            + (f" (trên tổng số {total}; bỏ lọc để xuất tất cả)" if shown < total else "")
            + ", kết quả đối chiếu tiêu chuẩn, tỷ lệ đạt chuẩn và kế hoạch chuẩn hóa của họ."
        )
        scope.setWordWrap(True)
        layout.addWidget(scope)
        self.include_personal = QCheckBox("Kèm dữ liệu cá nhân: giới tính, ngày sinh, dân tộc")
        layout.addWidget(self.include_personal)
        note = NoticeLabel(
            "Dữ liệu cá nhân được bảo vệ theo Nghị định 13/2023/NĐ-CP. Chỉ chọn khi nơi nhận "
            "cần đến; tệp có dữ liệu cá nhân ghi rõ điều đó ở đầu trang.",
            "warning",
        )
        layout.addWidget(note)
        buttons = accept_cancel_buttons(self, "Chọn nơi lưu…")
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
