"""Writes the sample plans the task importer is tested on, shaped as officials make them.

- ``ke-hoach-cchc-2026-xa-an-binh.xlsx``: an annual CCHC plan with the national
  title block, sections I–VII for the seven reform fields, a "(1) (2) …" row,
  Excel dates and period texts, the "Nơi nhận" list and signature below.
- ``ke-hoach-khac-phuc-chi-so.xlsx``: a remedial plan for lost index points,
  shaped differently: a guidance sheet first, a two-row header ("Thời gian"
  over "Bắt đầu | Hoàn thành"), lettered sections, lead and deadline cells
  merged down over several tasks, one deadline the importer must refuse, and a
  hidden list sheet.

Run it again after changing the samples (the tests check exact values):

    python tests/data/imports/make_samples.py
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
AN_BINH = HERE / "ke-hoach-cchc-2026-xa-an-binh.xlsx"
REMEDY = HERE / "ke-hoach-khac-phuc-chi-so.xlsx"

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _font(bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name="Times New Roman", size=size, bold=bold, italic=italic)


def _put(
    ws: Worksheet,
    cell: str,
    value: object,
    *,
    merge_to: str | None = None,
    bold: bool = False,
    italic: bool = False,
    centre: bool = True,
) -> None:
    ws[cell] = value
    ws[cell].font = _font(bold, italic)
    ws[cell].alignment = _CENTRE if centre else _WRAP
    if merge_to:
        ws.merge_cells(f"{cell}:{merge_to}")


def _table_row(ws: Worksheet, row: int, values: list[object], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=value)
        cell.font = _font(bold)
        cell.border = _BOX
        cell.alignment = _CENTRE if column == 1 else _WRAP
        if isinstance(value, date):
            cell.number_format = "dd/mm/yyyy"


# ------------------------------------------------------------------ the annual plan

AN_BINH_SECTIONS: list[tuple[str, str, list[tuple[object, ...]]]] = [
    (
        "I",
        "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        [
            (
                "Ban hành Kế hoạch cải cách hành chính năm 2026 của UBND xã",
                "Phòng Văn hóa - Xã hội",
                "Văn phòng HĐND và UBND",
                date(2026, 1, 15),
                "Kế hoạch của UBND xã",
                "",
            ),
            (
                "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026",
                "Phòng Văn hóa - Xã hội",
                "Văn phòng HĐND và UBND;\nĐài truyền thanh xã",
                "Quý I/2026",
                "Kế hoạch tuyên truyền",
                "",
            ),
            (
                "Báo cáo định kỳ công tác cải cách hành chính quý I, 6 tháng, 9 tháng gửi "
                "Sở Nội vụ",
                "Phòng Văn hóa - Xã hội",
                "Các phòng, ban chuyên môn",
                "Định kỳ hằng quý",
                "Báo cáo",
                "Trước ngày 03 của tháng cuối quý",
            ),
            (
                "Báo cáo kết quả công tác cải cách hành chính năm 2026",
                "Phòng Văn hóa - Xã hội",
                "Các phòng, ban chuyên môn",
                "Trước ngày 15/11/2026",
                "Báo cáo năm",
                "",
            ),
            (
                "Kiểm tra công tác cải cách hành chính, kỷ luật, kỷ cương hành chính tại các "
                "bộ phận thuộc UBND xã",
                "Văn phòng HĐND và UBND",
                "Phòng Văn hóa - Xã hội",
                "Quý III/2026",
                "Báo cáo kết quả kiểm tra",
                "",
            ),
            (
                "Tổ chức cuộc thi tìm hiểu về cải cách hành chính cho cán bộ, công chức và "
                "Nhân dân trên địa bàn xã",
                "Phòng Văn hóa - Xã hội",
                "- Đoàn Thanh niên xã\n- Hội Liên hiệp Phụ nữ xã",
                "Tháng 9/2026",
                "Kế hoạch, kết quả cuộc thi",
                "",
            ),
        ],
    ),
    (
        "II",
        "XÂY DỰNG VÀ TỔ CHỨC THỰC HIỆN VĂN BẢN QUY PHẠM PHÁP LUẬT",
        [
            (
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND xã ban hành",
                "Văn phòng HĐND và UBND",
                "Các phòng chuyên môn",
                "30/6/2026",
                "Danh mục văn bản được rà soát",
                "",
            ),
            (
                "Theo dõi tình hình thi hành pháp luật trên địa bàn xã",
                "Văn phòng HĐND và UBND",
                "Công an xã",
                "Thường xuyên",
                "Báo cáo theo dõi thi hành pháp luật",
                "",
            ),
            (
                "Lấy ý kiến đối tượng chịu sự tác động đối với 100% dự thảo văn bản quy phạm "
                "pháp luật",
                "Văn phòng HĐND và UBND",
                "",
                "Thường xuyên",
                "",
                "",
            ),
        ],
    ),
    (
        "III",
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        [
            (
                "Cập nhật, niêm yết công khai thủ tục hành chính tại Trung tâm phục vụ hành "
                "chính công xã",
                "Trung tâm phục vụ hành chính công",
                "Văn phòng HĐND và UBND",
                "Thường xuyên",
                "Danh mục thủ tục hành chính được niêm yết",
                "",
            ),
            (
                "Giải quyết hồ sơ thủ tục hành chính đúng hạn và trước hạn đạt 100%",
                "Trung tâm phục vụ hành chính công",
                "Các phòng chuyên môn",
                "Cả năm",
                "",
                "Chỉ tiêu Chỉ số CCHC",
            ),
            (
                "Rà soát, đề xuất đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết "
                "của cấp xã",
                "Văn phòng HĐND và UBND",
                "Phòng Kinh tế;\nPhòng Văn hóa - Xã hội",
                "Quý II/2026",
                "Báo cáo rà soát",
                "",
            ),
            (
                "Tiếp nhận, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính "
                "công ích",
                "Trung tâm phục vụ hành chính công",
                "Bưu điện văn hóa xã",
                "Năm 2026",
                "",
                "",
            ),
        ],
    ),
    (
        "IV",
        "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC",
        [
            (
                "Rà soát, sắp xếp vị trí việc làm của cán bộ, công chức xã theo Nghị định số "
                "150/2025/NĐ-CP",
                "Phòng Văn hóa - Xã hội",
                "Văn phòng HĐND và UBND",
                "Tháng 6/2026",
                "Đề án vị trí việc làm",
                "",
            ),
            (
                "Ban hành Quy chế làm việc của UBND xã nhiệm kỳ 2026 - 2031",
                "Văn phòng HĐND và UBND",
                "",
                "Trước 30/6/2026",
                "Quyết định ban hành Quy chế",
                "",
            ),
            (
                "Kiện toàn tổ chức, hoạt động của Trung tâm phục vụ hành chính công xã",
                "Phòng Văn hóa - Xã hội",
                "Trung tâm phục vụ hành chính công",
                date(2026, 3, 31),
                "Quyết định kiện toàn",
                "",
            ),
        ],
    ),
    (
        "V",
        "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        [
            (
                "Cử cán bộ, công chức tham gia các lớp bồi dưỡng kiến thức quản lý nhà nước, "
                "lý luận chính trị",
                "Phòng Văn hóa - Xã hội",
                "Các phòng, ban chuyên môn",
                "6 tháng cuối năm 2026",
                "Quyết định cử đi học",
                "",
            ),
            (
                "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026",
                "Phòng Văn hóa - Xã hội",
                "Các phòng, ban chuyên môn",
                "Tháng 12/2026",
                "Quyết định xếp loại",
                "",
            ),
            (
                "Thực hiện chuyển đổi vị trí công tác đối với công chức theo Nghị định số "
                "59/2019/NĐ-CP",
                "Phòng Văn hóa - Xã hội",
                "",
                "Quý IV/2026",
                "Quyết định chuyển đổi",
                "",
            ),
        ],
    ),
    (
        "VI",
        "CẢI CÁCH TÀI CHÍNH CÔNG",
        [
            (
                "Xây dựng, ban hành Quy chế chi tiêu nội bộ và Quy chế quản lý, sử dụng tài "
                "sản công năm 2026",
                "Phòng Kinh tế",
                "Văn phòng HĐND và UBND",
                date(2026, 2, 28),
                "Quyết định ban hành Quy chế",
                "",
            ),
            (
                "Công khai dự toán, quyết toán ngân sách xã theo quy định",
                "Phòng Kinh tế",
                "",
                "Định kỳ",
                "Thông báo công khai",
                "",
            ),
            (
                "Thực hành tiết kiệm chi thường xuyên để tăng thu nhập cho cán bộ, công chức",
                "Phòng Kinh tế",
                "",
                "Trong năm 2026",
                "",
                "",
            ),
        ],
    ),
    (
        "VII",
        "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
        [
            (
                "Sử dụng văn bản điện tử có ký số trong trao đổi giữa các cơ quan (trừ văn bản "
                "mật) đạt 100%",
                "Văn phòng HĐND và UBND",
                "Các phòng chuyên môn",
                "Thường xuyên",
                "",
                "",
            ),
            (
                "Tăng tỷ lệ hồ sơ trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia;\n"
                "hướng dẫn người dân nộp hồ sơ trực tuyến",
                "Trung tâm phục vụ hành chính công",
                "Đoàn Thanh niên xã;\nTổ công nghệ số cộng đồng",
                "6 tháng đầu năm 2026",
                "Báo cáo tỷ lệ hồ sơ trực tuyến",
                "",
            ),
            (
                "Cập nhật đầy đủ thông tin trên Trang thông tin điện tử của xã",
                "Văn phòng HĐND và UBND",
                "",
                "Hằng tháng",
                "",
                "",
            ),
            (
                "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
                "Trung tâm phục vụ hành chính công",
                "Phòng Kinh tế, Hạ tầng và Đô thị",
                "Tháng 10 năm 2026",
                "",
                "",
            ),
        ],
    ),
]


def build_an_binh() -> Workbook:
    """The annual plan of the (fictitious) commune An Bình."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for column, width in zip("ABCDEFG", (6, 48, 22, 24, 16, 22, 16), strict=True):
        ws.column_dimensions[column].width = width

    _put(ws, "A1", "UBND XÃ AN BÌNH", merge_to="C1", bold=True)
    _put(ws, "D1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", merge_to="G1", bold=True)
    _put(ws, "A2", "Số: 15/KH-UBND", merge_to="C2")
    _put(ws, "D2", "Độc lập - Tự do - Hạnh phúc", merge_to="G2", bold=True)
    _put(ws, "D3", "An Bình, ngày 10 tháng 01 năm 2026", merge_to="G3", italic=True)
    _put(ws, "A5", "KẾ HOẠCH", merge_to="G5", bold=True)
    _put(ws, "A6", "Cải cách hành chính năm 2026 của UBND xã An Bình", merge_to="G6", bold=True)
    _put(
        ws,
        "A7",
        "(Kèm theo Kế hoạch số 15/KH-UBND ngày 10/01/2026 của UBND xã An Bình)",
        merge_to="G7",
        italic=True,
    )

    header = [
        "STT",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời hạn\nhoàn thành",
        "Sản phẩm",
        "Ghi chú",
    ]
    _table_row(ws, 9, header, bold=True)
    _table_row(ws, 10, [f"({n})" for n in range(1, 8)])
    row = 11
    number = 0
    for roman, title, tasks in AN_BINH_SECTIONS:
        _table_row(ws, row, [roman, title, None, None, None, None, None], bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        row += 1
        for task in tasks:
            number += 1
            _table_row(ws, row, [number, *task])
            row += 1

    row += 1
    _put(ws, f"A{row}", "Nơi nhận:", merge_to=f"B{row}", bold=True, italic=True, centre=False)
    _put(ws, f"D{row}", "TM. ỦY BAN NHÂN DÂN", merge_to=f"G{row}", bold=True)
    for line in ("- Sở Nội vụ (b/c);", "- TT Đảng ủy, HĐND xã (b/c);", "- Lưu: VT, VHXH."):
        row += 1
        _put(ws, f"A{row}", line, merge_to=f"B{row}", centre=False)
    _put(ws, f"D{row - 2}", "CHỦ TỊCH", merge_to=f"G{row - 2}", bold=True)
    _put(ws, f"D{row + 2}", "Nguyễn Văn Bình", merge_to=f"G{row + 2}", bold=True)
    return wb


# ------------------------------------------------------------------ the remedial plan

# (criterion, [(content, lead, coordinators, start, deadline)]); None = merged from above.
REMEDY_SECTIONS: list[tuple[str, str, list[tuple[str, list[tuple[object, ...]]]]]] = [
    (
        "A",
        "LĨNH VỰC CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        [
            (
                "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn dưới 100%",
                [
                    (
                        "Rà soát quy trình tiếp nhận, giải quyết hồ sơ; nhắc việc hồ sơ sắp đến "
                        "hạn trên Hệ thống thông tin giải quyết thủ tục hành chính",
                        "Trung tâm phục vụ hành chính công",
                        "- Văn phòng HĐND và UBND\n- Phòng Kinh tế",
                        date(2026, 4, 1),
                        "Quý II/2026",
                    ),
                    (
                        "Công khai xin lỗi người dân đối với 100% hồ sơ trễ hạn",
                        None,
                        "Văn phòng HĐND và UBND",
                        date(2026, 4, 1),
                        None,
                    ),
                    (
                        "Báo cáo tình hình, kết quả kiểm soát thủ tục hành chính đúng thời hạn "
                        "quy định",
                        None,
                        "",
                        date(2026, 4, 1),
                        None,
                    ),
                ],
            ),
            (
                "Tỷ lệ kết quả giải quyết thủ tục hành chính trả qua dịch vụ bưu chính công "
                "ích chưa đạt",
                [
                    (
                        "Tuyên truyền, hướng dẫn người dân đăng ký nhận kết quả qua dịch vụ bưu "
                        "chính công ích",
                        "Trung tâm phục vụ hành chính công",
                        "Bưu điện văn hóa xã; Đài truyền thanh xã",
                        date(2026, 1, 15),
                        "6 tháng đầu năm 2026",
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "LĨNH VỰC CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        [
            (
                "Báo cáo kết quả đào tạo, bồi dưỡng chưa đạt chất lượng",
                [
                    (
                        "Cử công chức tham gia bồi dưỡng quản lý nhà nước ngạch chuyên viên",
                        "Phòng Văn hóa - Xã hội",
                        "Các phòng, ban chuyên môn",
                        date(2026, 3, 1),
                        "Cả năm",
                    ),
                    (
                        "Báo cáo kết quả đào tạo, bồi dưỡng cán bộ, công chức năm 2026",
                        None,
                        "",
                        date(2026, 10, 1),
                        "Trước ngày 15/11/2026",
                    ),
                ],
            ),
            (
                "Cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính",
                [
                    (
                        "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, văn hóa công vụ",
                        None,
                        "Văn phòng HĐND và UBND",
                        date(2026, 3, 1),
                        "Theo hướng dẫn của tỉnh",
                    ),
                ],
            ),
        ],
    ),
    (
        "C",
        "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        [
            (
                "Mức độ đa dạng trong tuyên truyền cải cách hành chính",
                [
                    (
                        "Đa dạng hóa hình thức tuyên truyền cải cách hành chính: chuyên mục trên "
                        "Đài truyền thanh xã, trang Zalo của UBND xã",
                        "Phòng Văn hóa - Xã hội",
                        "+ Đài truyền thanh xã\n+ Đoàn Thanh niên xã",
                        date(2026, 4, 1),
                        "Tháng 9/2026",
                    ),
                ],
            ),
            (
                "Không có sáng kiến cải cách hành chính được áp dụng",
                [
                    (
                        "Phát động, đánh giá sáng kiến, giải pháp cải cách hành chính của tập "
                        "thể, cá nhân",
                        "Văn phòng HĐND và UBND",
                        "Các phòng, ban chuyên môn",
                        date(2026, 4, 1),
                        "Quý III/2026",
                    ),
                ],
            ),
        ],
    ),
    (
        "D",
        "CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
        [
            (
                "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến dưới 40%",
                [
                    (
                        "Nâng tỷ lệ hồ sơ trực tuyến toàn trình lên ít nhất 40%",
                        "Trung tâm phục vụ hành chính công",
                        "Đoàn Thanh niên xã",
                        date(2026, 1, 15),
                        "Tháng 12/2026",
                    ),
                    (
                        "Nâng tỷ lệ văn bản điện tử có ký số lên 100% (trừ văn bản mật)",
                        None,
                        "Văn phòng HĐND và UBND",
                        date(2026, 1, 15),
                        None,
                    ),
                ],
            ),
            (
                "Dữ liệu dân cư chưa được khai thác khi giải quyết thủ tục hành chính",
                [
                    (
                        "Đối chiếu, làm sạch dữ liệu dân cư phục vụ giải quyết thủ tục hành chính",
                        "Công an xã",
                        "Trung tâm phục vụ hành chính công",
                        date(2026, 5, 1),
                        "30/9/2026",
                    ),
                ],
            ),
        ],
    ),
]


def _merge_down(ws: Worksheet, column: int, rows: list[int], values: list[object]) -> None:
    """Merge ``column`` over each run of rows whose value is None (continues the one above)."""
    start = rows[0]
    for row, value in zip(rows[1:], values[1:], strict=True):
        if value is not None:
            if row - 1 > start:
                ws.merge_cells(
                    start_row=start, start_column=column, end_row=row - 1, end_column=column
                )
            start = row
    if rows[-1] > start:
        ws.merge_cells(start_row=start, start_column=column, end_row=rows[-1], end_column=column)


def build_remedy() -> Workbook:
    """A remedial plan for the points lost in last year's index, laid out differently."""
    wb = Workbook()
    guide = wb.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "HƯỚNG DẪN CẬP NHẬT TIẾN ĐỘ"
    guide["A2"] = "Các đơn vị cập nhật kết quả vào trang «Phụ lục» trước ngày 03 hằng quý."
    guide["A3"] = "Không sửa tên cột, không chèn thêm cột."

    ws = wb.create_sheet("Phụ lục")
    for column, width in zip("ABCDEFGH", (5, 30, 46, 22, 24, 12, 16, 20), strict=True):
        ws.column_dimensions[column].width = width
    _put(ws, "A1", "UBND XÃ AN BÌNH", merge_to="C1", bold=True)
    _put(ws, "A2", "PHỤ LỤC", merge_to="H2", bold=True)
    _put(
        ws,
        "A3",
        "NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC TỒN TẠI, HẠN CHẾ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025",
        merge_to="H3",
        bold=True,
    )
    _put(
        ws,
        "A4",
        "(Kèm theo Kế hoạch số 32/KH-UBND ngày 20/3/2026 của UBND xã An Bình)",
        merge_to="H4",
        italic=True,
    )

    _table_row(
        ws,
        6,
        ["TT", "Tiêu chí, tiêu chí thành phần bị mất điểm", "Nhiệm vụ, giải pháp khắc phục"],
        bold=True,
    )
    for cell, text in (
        ("D6", "Trách nhiệm thực hiện"),
        ("F6", "Thời gian"),
        ("H6", "Kết quả,\nsản phẩm"),
        ("D7", "Chủ trì"),
        ("E7", "Phối hợp"),
        ("F7", "Bắt đầu"),
        ("G7", "Hoàn thành"),
    ):
        _put(ws, cell, text, bold=True)
        ws[cell].border = _BOX
    for span in ("A6:A7", "B6:B7", "C6:C7", "D6:E6", "F6:G6", "H6:H7"):
        ws.merge_cells(span)
    _table_row(ws, 8, list(range(1, 9)))

    row = 9
    number = 0
    for letter, title, criteria in REMEDY_SECTIONS:
        _table_row(ws, row, [letter, title], bold=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=8)
        row += 1
        for criterion, tasks in criteria:
            rows = list(range(row, row + len(tasks)))
            for offset, (content, lead, coordinators, start, deadline) in enumerate(tasks):
                number += 1
                values = [number, criterion if offset == 0 else None, content, lead]
                values += [coordinators, start, deadline, None]
                _table_row(ws, row, values)
                row += 1
            if len(rows) > 1:
                ws.merge_cells(start_row=rows[0], start_column=2, end_row=rows[-1], end_column=2)
        # Lead and deadline merged down wherever the next task leaves them as None.
        section_tasks = [task for _, tasks in criteria for task in tasks]
        section_rows = list(range(row - len(section_tasks), row))
        _merge_down(ws, 4, section_rows, [task[1] for task in section_tasks])
        _merge_down(ws, 7, section_rows, [task[4] for task in section_tasks])

    _put(
        ws,
        f"A{row + 1}",
        "Ghi chú: Các đơn vị báo cáo kết quả thực hiện trước ngày 03 hằng quý về Phòng Văn "
        "hóa - Xã hội để tổng hợp.",
        merge_to=f"H{row + 1}",
        italic=True,
        centre=False,
    )

    hidden = wb.create_sheet("DanhMuc")
    hidden.append(["STT", "Nội dung", "Đơn vị chủ trì"])
    hidden.append([1, "Dòng mẫu trong trang ẩn, không được đọc", "Không ai"])
    hidden.sheet_state = "hidden"
    return wb


def _save(wb: Workbook, path: Path) -> None:
    wb.properties.creator = "CCHC Desktop (tệp mẫu)"
    wb.properties.created = datetime(2026, 1, 10, 8, 0, 0)
    wb.save(path)
    print(f"{path.name}: {path.stat().st_size} byte")


def main() -> None:
    _save(build_an_binh(), AN_BINH)
    _save(build_remedy(), REMEDY)


if __name__ == "__main__":
    main()
