"""Tổng quan: who this store belongs to; the dashboard itself comes later."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.ui.pages.placeholder import not_built_notice, planned_list
from cchc_desktop.ui.widgets import HeadingLabel, NoticeLabel

PLANNED = [
    "Xem ngay các việc cần chú ý: nhiệm vụ quá hạn và sắp đến hạn, báo cáo định kỳ sắp "
    "đến hạn, cán bộ chưa đạt chuẩn, tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng.",
    "Biểu đồ tình hình thực hiện nhiệm vụ theo lĩnh vực, điểm tự chấm theo lĩnh vực so với "
    "năm trước, tỷ lệ cán bộ đạt chuẩn theo phòng ban.",
    "Nhắc việc khi mở chương trình và lịch sử thay đổi dữ liệu (ai sửa gì, khi nào).",
]


class OverviewPage(QWidget):
    title = "Tổng quan"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        box = QGroupBox("Đơn vị đang làm việc")
        form = QFormLayout(box)
        self.unit_label = QLabel()
        self.province_label = QLabel()
        self.year_label = QLabel()
        self.superior_label = QLabel()
        for label in (self.unit_label, self.province_label, self.year_label, self.superior_label):
            label.setWordWrap(True)
        form.addRow("Đơn vị:", self.unit_label)
        form.addRow("Tỉnh, thành phố:", self.province_label)
        form.addRow("Cơ quan nhận báo cáo:", self.superior_label)
        form.addRow("Năm đánh giá:", self.year_label)
        layout.addWidget(box)
        self.missing_profile = NoticeLabel(
            "Chưa khai báo thông tin đơn vị. Hãy vào mục «Thông tin đơn vị» để khai báo.",
            "warning",
        )
        layout.addWidget(self.missing_profile)
        layout.addWidget(NoticeLabel("Bảng tổng quan: " + not_built_notice(), "info"))
        layout.addWidget(planned_list(PLANNED))
        layout.addStretch(1)

    def set_profile(self, profile: CommuneProfile | None) -> None:
        self.missing_profile.setVisible(profile is None)
        if profile is None:
            for label in (self.unit_label, self.province_label, self.year_label):
                label.setText("—")
            self.superior_label.setText("—")
            return
        self.unit_label.setText(f"{profile.committee_name} (mã {profile.commune_code})")
        self.province_label.setText(profile.province)
        self.superior_label.setText(profile.superior_body)
        self.year_label.setText(str(profile.assessment_year))
