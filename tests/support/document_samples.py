"""A synthetic official document for the PDF and Excel writers' tests (no store needed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cchc_desktop.exports.document import (
    Column,
    Difference,
    Kind,
    OfficialDocument,
    Paragraph,
    ParagraphStyle,
    Ratio,
    Row,
    RowStyle,
    Signing,
    Term,
    make_table,
    official_date_line,
    signing_lines,
)

D = Decimal


def score_table(lines: int = 6):
    """Two fields, a bonus line and a penalty line, a total with its percentage.

    Row 0: field I (sum of its lines); rows 1..lines: its lines; then field II with two
    lines; a bonus line and a penalty line (outside the maxima); the total.
    """
    columns = (
        Column("STT", Kind.TEXT, 6),
        Column("Nội dung tiêu chí", Kind.TEXT, 40),
        Column("Điểm tối đa", Kind.POINTS, 9, summed=True),
        Column("Điểm tự đánh giá", Kind.POINTS, 10, summed=True),
        Column("Tỷ lệ", Kind.PERCENT, 8, derived=Ratio(3, 2)),
        Column("Tài liệu kiểm chứng", Kind.TEXT, 30),
        Column("Giải trình", Kind.TEXT, 30),
    )
    rows: list[Row] = []
    first = [
        Row(
            (
                str(n),
                f"Tiêu chí số {n}: ban hành kế hoạch cải cách hành chính đúng thời hạn",
                D("2"),
                D("1.5") if n % 2 else D("2"),
                None,
                "Quyết định số 12/QĐ-UBND ngày 05/01/2026",
                "=SUM(A1:A9) là chữ, không phải công thức" if n == 1 else "",
            )
        )
        for n in range(1, lines + 1)
    ]
    field_1_max = D(2) * lines
    field_1_score = sum((r.cells[3] for r in first), D(0))
    rows.append(
        Row(
            ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", field_1_max, field_1_score, None, "", ""),
            RowStyle.GROUP,
            tuple(Term(i) for i in range(1, lines + 1)),
        )
    )
    rows.extend(first)
    second = len(rows)
    rows.append(
        Row(
            ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", D("7"), D("6.25"), None, "", ""),
            RowStyle.GROUP,
            (Term(second + 1), Term(second + 2)),
        )
    )
    rows.append(Row(("1", "Tỷ lệ hồ sơ giải quyết đúng hạn", D("4"), D("4"), None, "", "")))
    rows.append(Row(("2", "Công khai thủ tục hành chính", D("3"), D("2.25"), None, "", "")))
    bonus = len(rows)
    rows.append(
        Row(("III", "Điểm thưởng: sáng kiến được công nhận", "tối đa 1", D("1"), None, "", ""))
    )
    penalty = len(rows)
    rows.append(Row(("IV", "Điểm trừ: để xảy ra sai phạm", "tối đa 2", D("0.5"), None, "", "")))
    total_max = field_1_max + D(7)
    total = field_1_score + D("6.25") + D(1) - D("0.5")
    rows.append(
        Row(
            ("", "TỔNG ĐIỂM", total_max, total, total * 100 / total_max, "", ""),
            RowStyle.TOTAL,
            (Term(0), Term(second), Term(bonus), Term(penalty, -1)),
        )
    )
    return make_table(
        "bang-diem",
        "Bảng tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025",
        "Bảng điểm",
        columns,
        rows,
        landscape=True,
        notes=("Điểm trừ được trừ vào tổng điểm.",),
    )


def comparison_table():
    columns = (
        Column("Lĩnh vực", Kind.TEXT, 30),
        Column("Năm 2024", Kind.POINTS, 9, summed=True),
        Column("Năm 2025", Kind.POINTS, 9, summed=True),
        Column("Tăng (+), giảm (−)", Kind.POINTS, 9, derived=Difference(2, 1)),
        Column("Ghi chú", Kind.TEXT, 20),
    )
    rows = [
        Row(("Công tác chỉ đạo, điều hành", D("10"), D("10.5"), D("0.5"), "Tăng 0,5 điểm")),
        Row(("Cải cách thủ tục hành chính", D("7"), D("6.25"), D("-0.75"), "Giảm 0,75 điểm")),
        Row(("Lĩnh vực mới", None, D("3"), None, "Lĩnh vực mới")),
    ]
    rows.append(
        Row(
            ("Tổng điểm", D("17"), D("19.75"), D("2.75"), ""),
            RowStyle.TOTAL,
            (Term(0), Term(1), Term(2)),
        )
    )
    return make_table("so-sanh", "So sánh với năm trước", "So sánh", columns, rows)


def count_table():
    columns = (
        Column("Lĩnh vực", Kind.TEXT, 30),
        Column("Tổng số", Kind.INTEGER, 8, summed=True),
        Column("Hoàn thành đúng hạn", Kind.INTEGER, 10, summed=True),
        Column("Tỷ lệ đúng hạn", Kind.PERCENT, 9, derived=Ratio(2, 1)),
        Column("Hạn xử lý", Kind.DATE, 11),
    )
    rows = [
        Row(("Cải cách thể chế", 1200, 900, D(900) * 100 / 1200, date(2026, 3, 14))),
        Row(("Hiện đại hóa hành chính", 670, 84, D(84) * 100 / 670, date(2026, 2, 5))),
        Row(("Không xác định", 0, 0, None, None)),
    ]
    rows.append(
        Row(
            ("Tổng số", 1870, 984, D(984) * 100 / 1870, None),
            RowStyle.TOTAL,
            (Term(0), Term(1), Term(2)),
        )
    )
    return make_table("theo-linh-vuc", "Số nhiệm vụ theo lĩnh vực", "Theo lĩnh vực", columns, rows)


def sample_document(lines: int = 6) -> OfficialDocument:
    tables = (score_table(lines), comparison_table(), count_table())
    return OfficialDocument(
        key="tu-danh-gia",
        file_stem="bao-cao-tu-danh-gia-chi-so-cchc-2025-xa-van-canh",
        parent_lines=("UBND TỈNH GIA LAI",),
        issuer_lines=("ỦY BAN NHÂN DÂN", "XÃ VÂN CANH"),
        number="Số:        /BC-UBND",
        place_date=official_date_line("Vân Canh", date(2026, 2, 5)),
        doc_type="BÁO CÁO",
        summary="Kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025",
        blocks=(
            Paragraph(
                "Thực hiện Kế hoạch số 15/KH-UBND ngày 20/01/2025 của Ủy ban nhân dân tỉnh, "
                "Ủy ban nhân dân xã Vân Canh báo cáo kết quả tự đánh giá, chấm điểm như sau:"
            ),
            Paragraph("I. KẾT QUẢ TỰ ĐÁNH GIÁ", ParagraphStyle.HEADING),
            Paragraph("1. Tổng điểm", ParagraphStyle.SUBHEADING),
            Paragraph("Tổng điểm tự đánh giá đạt 79,5/99 điểm, tỷ lệ 80,3%, xếp loại Tốt."),
            tables[1],
            tables[2],
            Paragraph("Số liệu tính đến ngày 14/12/2025.", ParagraphStyle.NOTE),
        ),
        appendix=(tables[0],),
        issuer_name="Ủy ban nhân dân xã Vân Canh",
        recipients=(
            "- Sở Nội vụ tỉnh Gia Lai (b/c);",
            "- TT Đảng ủy, HĐND xã;",
            "- Chủ tịch, các PCT UBND xã;",
            "- Lưu: VT, VP.",
        ),
        signing=Signing(signing_lines("Phó Chủ tịch"), "Nguyễn Thị Ánh Tuyết"),
        data={
            "format": "cchc-desktop/ho-so-nop",
            "format_version": 1,
            "document": "tu-danh-gia",
            "unit_code": "21607",
            "unit_name": "xã Vân Canh",
            "year": 2025,
            "criteria_set": {"family": "mau-xa", "version": 2, "name": "Bộ tiêu chí mẫu"},
        },
    )
