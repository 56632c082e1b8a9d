"""Tổng quan: what needs attention today, as figure cards, a short list and three charts."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.context import AppContext
from cchc_desktop.core.points import format_percent, format_points
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.tasks import DerivedState, SourceKind
from cchc_desktop.core.text import format_date, format_datetime, format_decimal
from cchc_desktop.store.overview_repo import Overview, overview
from cchc_desktop.ui.overview.cards import Card
from cchc_desktop.ui.overview.charts import (
    CROSS,
    DIAGONAL,
    PLAIN,
    SOLID,
    Bar,
    BarChart,
    Row,
    series,
)
from cchc_desktop.ui.overview.reminder import due_text
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel

CARD_COLUMNS = 4


def _days(n: int) -> str:
    return f"{n} ngày"


class OverviewPage(QWidget):
    title = "Tổng quan"

    # what the officer asked to see; the main window switches screens
    open_tasks_requested = Signal(object, object)  # DerivedState | None, SourceKind | None
    open_task_requested = Signal(str)
    open_staff_requested = Signal()
    open_scoring_requested = Signal(int)  # the assessment year
    open_missing_evidence_requested = Signal(int)  # the year whose lines lack evidence
    open_backup_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.data: Overview | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        layout.addWidget(self._build_unit_box())
        self.missing_profile = NoticeLabel(
            "Chưa khai báo thông tin đơn vị. Hãy vào mục «Thông tin đơn vị» để khai báo.",
            "warning",
        )
        layout.addWidget(self.missing_profile)
        layout.addWidget(HeadingLabel("Việc cần chú ý", 1.2))
        layout.addLayout(self._build_cards())
        layout.addWidget(self._build_urgent_box())
        layout.addWidget(HeadingLabel("Biểu đồ", 1.2))
        self._build_charts(layout)
        layout.addStretch(1)

    def _build_unit_box(self) -> QGroupBox:
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
        return box

    def _build_cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        self.overdue_card = Card("Nhiệm vụ quá hạn")
        self.due_soon_card = Card("Nhiệm vụ sắp đến hạn")
        self.report_card = Card("Báo cáo định kỳ tiếp theo")
        self.staff_card = Card("Cán bộ, công chức chưa đạt chuẩn")
        self.score_card = Card("Tự chấm điểm Chỉ số CCHC")
        self.evidence_card = Card("Tiêu chí thiếu tài liệu kiểm chứng")
        self.backup_card = Card("Sao lưu gần nhất")
        self.cards = [
            self.overdue_card,
            self.due_soon_card,
            self.report_card,
            self.staff_card,
            self.score_card,
            self.evidence_card,
            self.backup_card,
        ]
        for index, card in enumerate(self.cards):
            grid.addWidget(card, index // CARD_COLUMNS, index % CARD_COLUMNS)
        for column in range(CARD_COLUMNS):
            grid.setColumnStretch(column, 1)
        self._connect_cards()
        return grid

    def _connect_cards(self) -> None:
        self.overdue_card.activated.connect(
            lambda: self.open_tasks_requested.emit(DerivedState.OVERDUE, None)
        )
        self.due_soon_card.activated.connect(
            lambda: self.open_tasks_requested.emit(DerivedState.DUE_SOON, None)
        )
        self.report_card.activated.connect(
            lambda: self.open_tasks_requested.emit(None, SourceKind.PERIODIC_REPORT)
        )
        self.staff_card.activated.connect(self.open_staff_requested.emit)
        self.score_card.activated.connect(self._open_scoring)
        self.evidence_card.activated.connect(
            lambda: self.open_missing_evidence_requested.emit(self._year())
        )
        self.backup_card.activated.connect(self.open_backup_requested.emit)

    def _build_urgent_box(self) -> QGroupBox:
        self.urgent_box = QGroupBox("Nhiệm vụ cần làm gấp")
        urgent_layout = QVBoxLayout(self.urgent_box)
        self.urgent_label = QLabel()
        self.urgent_label.setWordWrap(True)
        self.urgent_label.setOpenExternalLinks(False)
        self.urgent_label.linkActivated.connect(self.open_task_requested.emit)
        urgent_layout.addWidget(self.urgent_label)
        return self.urgent_box

    def _build_charts(self, layout: QVBoxLayout) -> None:
        self.status_chart = BarChart(
            "Tình hình thực hiện nhiệm vụ theo lĩnh vực",
            "Chưa có dữ liệu để vẽ biểu đồ: năm nay chưa có nhiệm vụ nào trong sổ theo dõi.",
        )
        self.points_chart = BarChart(
            "Điểm tự chấm theo lĩnh vực so với điểm tối đa",
            "Chưa có dữ liệu để vẽ biểu đồ: chưa có bảng tự chấm điểm của năm đánh giá.",
        )
        self.ratio_chart = BarChart(
            "Tỷ lệ cán bộ, công chức đạt chuẩn theo phòng, bộ phận",
            "Chưa có dữ liệu để vẽ biểu đồ: chưa có cán bộ, công chức nào thuộc diện chuẩn hóa.",
        )
        for chart in (self.status_chart, self.points_chart, self.ratio_chart):
            layout.addWidget(chart)

    # --- profile ------------------------------------------------------------------------

    def set_profile(self, profile: CommuneProfile | None) -> None:
        self.missing_profile.setVisible(profile is None)
        if profile is None:
            for label in (self.unit_label, self.province_label, self.year_label):
                label.setText("—")
            self.superior_label.setText("—")
        else:
            self.unit_label.setText(f"{profile.committee_name} (mã {profile.commune_code})")
            self.province_label.setText(profile.province)
            self.superior_label.setText(profile.superior_body)
            self.year_label.setText(str(profile.assessment_year))
        if self.isVisible():
            self.refresh()

    # --- figures ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def _year(self) -> int:
        if self.data is not None:
            return self.data.assessment_year
        return self._context.working_year()

    def _open_scoring(self) -> None:
        self.open_scoring_requested.emit(self._year())

    def refresh(self) -> None:
        self.data = data = overview(self._context.store, self._context.today())
        self._fill_cards(data)
        self._fill_urgent(data)
        self._fill_charts(data)

    def _fill_cards(self, d: Overview) -> None:
        self._fill_task_cards(d)
        self._fill_report_card(d)
        self._fill_staff_card(d)
        self._fill_score_cards(d)
        self._fill_backup_card(d)

    def _fill_task_cards(self, d: Overview) -> None:
        self.overdue_card.set_figure(
            str(d.overdue),
            "nhiệm vụ đã quá thời hạn mà chưa hoàn thành"
            if d.overdue
            else "Không có nhiệm vụ nào quá hạn.",
            "warning" if d.overdue else "good",
        )
        self.due_soon_card.set_figure(
            str(d.due_soon),
            f"nhiệm vụ đến hạn trong {_days(d.due_soon_days)} tới (số ngày đặt ở mục "
            "«Nhiệm vụ CCHC»)",
            "warning" if d.due_soon else "normal",
        )

    def _fill_report_card(self, d: Overview) -> None:
        if d.next_report is None:
            self.report_card.set_figure("—", "Không có báo cáo định kỳ nào sắp đến hạn.")
        else:
            left = (d.next_report.due - d.today).days
            when = "hạn hôm nay" if left == 0 else f"còn {_days(left)}"
            self.report_card.set_figure(
                format_date(d.next_report.due),
                f"{d.next_report.name} ({when})",
                "warning" if left <= d.due_soon_days else "normal",
            )

    def _fill_staff_card(self, d: Overview) -> None:
        if not d.staff_counted:
            self.staff_card.set_figure("—", "Chưa có cán bộ, công chức thuộc diện chuẩn hóa.")
        else:
            parts = [f"trên {d.staff_counted} người thuộc diện chuẩn hóa"]
            if d.staff_will_meet:
                parts.append(f"{d.staff_will_meet} người sẽ đạt khi học xong")
            if d.staff_unknown:
                parts.append(f"{d.staff_unknown} người thiếu thông tin")
            if d.trainings_ending:
                names = ", ".join(
                    f"{t.name} ({format_date(t.ends_on)})" for t in d.trainings_ending[:3]
                )
                more = len(d.trainings_ending) - 3
                parts.append(
                    f"kết thúc đào tạo trong {_days(d.due_soon_days)} tới: {names}"
                    + (f" và {more} người khác" if more > 0 else "")
                )
            self.staff_card.set_figure(
                str(d.staff_not_met),
                "; ".join(parts) + ".",
                "warning" if d.staff_not_met else "good",
            )

    def _fill_score_cards(self, d: Overview) -> None:
        if d.score is None:
            self.score_card.set_figure(
                "—", f"Năm {d.assessment_year} chưa có bảng tự chấm điểm.", "warning"
            )
            self.evidence_card.set_figure("—", "Chưa có bảng tự chấm điểm để kiểm tra.")
        else:
            s = d.score
            text = f"Năm {s.year}: {format_percent(s.percent)}"
            if s.band:
                text += f", xếp loại {s.band}"
            text += ", đã chốt" if s.locked else ", chưa chốt"
            if d.last_score is not None:
                text += (
                    f". Năm {d.last_score.year}: {format_points(d.last_score.total)} điểm "
                    f"({format_percent(d.last_score.percent)})"
                )
                if d.last_score.band:
                    text += f", {d.last_score.band}"
            else:
                text += f". Năm {d.assessment_year - 1} chưa có bảng điểm"
            self.score_card.set_figure(
                f"{format_points(s.total)}/{format_points(s.maximum)}", text + "."
            )
            detail = "tiêu chí đã chấm điểm nhưng chưa có tài liệu kiểm chứng hoặc giải trình"
            if d.unscored:
                detail += f"; còn {d.unscored} tiêu chí chưa chấm"
            self.evidence_card.set_figure(
                str(d.without_evidence),
                detail + ".",
                "warning" if d.without_evidence else "good",
            )

    def _fill_backup_card(self, d: Overview) -> None:
        if d.last_backup is None:
            self.backup_card.set_figure(
                "Chưa có", "Chưa sao lưu lần nào. Hãy sao lưu ngay.", "warning"
            )
        else:
            age = (d.today - d.last_backup.date()).days
            ago = "hôm nay" if age <= 0 else f"cách đây {_days(age)}"
            detail = f"Lúc {format_datetime(d.last_backup)} ({ago})"
            if d.backup_is_old:
                detail += f": đã quá {_days(d.backup_warning_days)}, hãy sao lưu"
            self.backup_card.set_figure(
                format_date(d.last_backup.date()),
                detail + ".",
                "warning" if d.backup_is_old else "good",
            )

    def _fill_urgent(self, d: Overview) -> None:
        if not d.urgent:
            self.urgent_label.setText("Không có nhiệm vụ nào quá hạn hoặc sắp đến hạn.")
            return
        items = []
        for task in d.urgent:
            when = due_text(task.days_late)
            items.append(
                f'<li><a href="{html.escape(task.uuid)}">{html.escape(task.content)}</a>'
                f" — hạn {format_date(task.deadline)} ({when})</li>"
            )
        total = d.overdue + d.due_soon
        more = (
            f"<p>Và {total - len(d.urgent)} nhiệm vụ khác: nhấp vào thẻ ở trên để xem đủ.</p>"
            if total > len(d.urgent)
            else ""
        )
        self.urgent_label.setText(f"<ul style='margin-left:-20px'>{''.join(items)}</ul>{more}")

    def _fill_charts(self, d: Overview) -> None:
        self.status_chart.title = f"Tình hình thực hiện nhiệm vụ năm {d.task_year} theo lĩnh vực"
        self.status_chart.set_data(
            [
                Row(
                    f.name,
                    (
                        Bar(
                            (
                                (f.done, 0),
                                (f.in_progress, 1),
                                (f.overdue, 2),
                                (f.paused, 3),
                            ),
                            f"{f.done}/{f.total} hoàn thành"
                            + (f", {f.overdue} quá hạn" if f.overdue else ""),
                        ),
                    ),
                )
                for f in d.status_by_field
                if f.total
            ],
            [
                series("Hoàn thành", SOLID),
                series("Đang thực hiện", PLAIN),
                series("Quá hạn", DIAGONAL),
                series("Tạm dừng", CROSS),
            ],
        )
        this_year, last_year = d.assessment_year, d.assessment_year - 1
        self.points_chart.title = (
            f"Điểm theo lĩnh vực năm {this_year} so với năm {last_year} "
            "(khung nét đứt: điểm tối đa)"
        )
        rows = []
        for f in d.points_by_field:
            bars = [
                Bar(
                    ((float(f.score or 0), 0),),
                    f"{this_year}: {format_points(f.score, '—')}/{format_points(f.maximum)}",
                    float(f.maximum),
                )
            ]
            if f.last_score is not None and f.last_maximum is not None:
                bars.append(
                    Bar(
                        ((float(f.last_score), 1),),
                        f"{last_year}: {format_points(f.last_score)}/"
                        f"{format_points(f.last_maximum)}",
                        float(f.last_maximum),
                    )
                )
            rows.append(Row(f.title, tuple(bars)))
        self.points_chart.set_data(
            rows, [series(f"Năm {this_year}", SOLID), series(f"Năm {last_year}", DIAGONAL)]
        )
        self.ratio_chart.set_data(
            [
                Row(
                    r.name,
                    (
                        Bar(
                            ((r.met, 0), (r.total - r.met, 1)),
                            f"{r.met}/{r.total} người ({format_decimal(r.percent, 1)}%)",
                        ),
                    ),
                )
                for r in d.ratio_by_department
            ],
            [series("Đạt chuẩn", SOLID), series("Chưa đạt, thiếu thông tin", DIAGONAL)],
        )
