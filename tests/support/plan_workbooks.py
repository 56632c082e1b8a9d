"""Plans shaped as a district really sent them, written in the test (no binary committed).

``ha_quang_plan``: the appendix of seed 001 (Kế hoạch số 45/KH-UBND ngày 10/3/2022 của UBND
huyện Hà Quảng) as an Excel table: the national title block, the subtitle naming the
plan, a «Thời gian hoàn thành» column with dates of 2022, «Thường xuyên», two rows due
«Trước ngày 03 hàng quý» and one «Trước 15/11 hằng năm».
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

HA_QUANG_SUBTITLE = "(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/3/2022 của UBND huyện Hà Quảng)"
QUARTERLY = "Trước ngày 03 hàng quý"
YEARLY = "Trước 15/11 hằng năm"

HA_QUANG_TASKS: list[tuple[str, str, object]] = [
    ("Tổ chức cuộc thi tìm hiểu về cải cách hành chính", "Phòng Nội vụ", "Quý III/2022"),
    ("Báo cáo định kỳ công tác cải cách hành chính", "Phòng Nội vụ", QUARTERLY),
    ("Kiểm tra công tác cải cách hành chính tại các xã", "Phòng Nội vụ", date(2022, 9, 30)),
    ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật", "Phòng Tư pháp", "30/6/2022"),
    ("Theo dõi tình hình thi hành pháp luật", "Phòng Tư pháp", "Thường xuyên"),
    (
        "Rà soát, đánh giá và đề xuất phân cấp trong giải quyết thủ tục hành chính",
        "Văn phòng HĐND và UBND",
        "Tháng 8/2022",
    ),
    (
        "Báo cáo kết quả kiểm soát thủ tục hành chính",
        "Văn phòng HĐND và UBND",
        QUARTERLY,
    ),
    ("Chuyển đổi vị trí công tác theo Nghị định số 59/2019/NĐ-CP", "Phòng Nội vụ", "Quý IV/2022"),
    ("Báo cáo kết quả công tác cải cách hành chính năm 2022", "Phòng Nội vụ", YEARLY),
    (
        "Ban hành quy chế chi tiêu nội bộ và quy chế sử dụng tài sản công",
        "Phòng Tài chính - Kế hoạch",
        date(2022, 6, 30),
    ),
    ("Tăng tỷ lệ hồ sơ trực tuyến mức độ 3, 4", "Phòng Văn hóa - Thông tin", "6 tháng cuối năm"),
    ("Trả kết quả qua dịch vụ bưu chính công ích", "Văn phòng HĐND và UBND", "Tháng 12/2022"),
]


def ha_quang_plan(
    folder: Path, *, subtitle: str | None = HA_QUANG_SUBTITLE, name: str = "ke-hoach-45.xlsx"
) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws["A1"] = "UBND HUYỆN HÀ QUẢNG"
    ws["D1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "Số: 45/KH-UBND"
    ws["D2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["D3"] = "Hà Quảng, ngày 10 tháng 3 năm 2022"
    ws["A5"] = "PHỤ LỤC"
    ws["A6"] = "NHIỆM VỤ, GIẢI PHÁP NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"
    if subtitle:
        ws["A7"] = subtitle
    for span in ("A1:C1", "D1:E1", "A2:C2", "D2:E2", "D3:E3", "A5:E5", "A6:E6", "A7:E7"):
        ws.merge_cells(span)
    header = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp"]
    header.append("Thời gian hoàn thành")
    for column, text in enumerate(header, start=1):
        ws.cell(row=9, column=column, value=text)
    for number, (content, lead, deadline) in enumerate(HA_QUANG_TASKS, start=1):
        row = 9 + number
        values = [number, content, lead, "UBND các xã, thị trấn", deadline]
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
    path = folder / name
    wb.save(path)
    return path
