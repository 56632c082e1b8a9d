"""``export``: a submission (PDF and Excel) written without the interface."""

from __future__ import annotations

import argparse

from cchc_desktop.cli.common import fail, say
from cchc_desktop.cli.parser import Commands, VietnameseHelp


def add_export_command(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="xuất hồ sơ nộp (báo cáo PDF và Excel) không cần mở giao diện",
        description="Xuất báo cáo theo thể thức Nghị định 30/2020/NĐ-CP (PDF) và tệp Excel "
        "vào một thư mục «hồ sơ nộp».",
        add_help=False,
        formatter_class=VietnameseHelp,
    )
    export._optionals.title = "tùy chọn"
    export.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    export.add_argument(
        "--db", metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu (mặc định: tệp dữ liệu của máy này)"
    )
    export.add_argument(
        "--document",
        action="append",
        required=True,
        choices=["self-assessment", "tasks", "staff", "all"],
        metavar="BÁO_CÁO",
        help="self-assessment (tự đánh giá Chỉ số CCHC), tasks (kết quả nhiệm vụ CCHC), "
        "staff (chuẩn hóa cán bộ, công chức) hoặc all; có thể ghi nhiều lần",
    )
    export.add_argument(
        "--year",
        type=int,
        metavar="NĂM",
        help="năm báo cáo (mặc định: năm đánh giá trong thông tin đơn vị, chưa có thì năm nay)",
    )
    export.add_argument(
        "--period",
        default="nam",
        choices=["quy-1", "6-thang", "quy-3", "nam"],
        metavar="KỲ",
        help="kỳ của báo cáo nhiệm vụ: quy-1, 6-thang, quy-3 hoặc nam (mặc định nam)",
    )
    export.add_argument(
        "--format",
        default="all",
        choices=["pdf", "xlsx", "all"],
        help="pdf, xlsx hoặc all (mặc định: cả hai)",
    )
    export.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục nhận hồ sơ")
    export.add_argument("--zip", action="store_true", help="nén thêm thành một tệp .zip")
    export.add_argument(
        "--date",
        metavar="NGÀY",
        help="ngày của văn bản, dd/mm/yyyy (mặc định hôm nay); số liệu tính đến ngày này",
    )
    export.add_argument("--number", default="", metavar="SỐ", help="số văn bản, ví dụ 15")


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command; 0 when every file is written, 1 with the reason otherwise."""
    from pathlib import Path

    from cchc_desktop.core.clock import system_clock
    from cchc_desktop.core.profile import working_year
    from cchc_desktop.core.text import parse_date
    from cchc_desktop.exports import ExportError
    from cchc_desktop.exports.reports.common import (
        DOCUMENT_ALIASES,
        DOCUMENT_KEYS,
        DOCUMENT_NAMES,
        ReportOptions,
    )
    from cchc_desktop.exports.request import (
        FORMATS,
        SubmissionRequest,
        check_request,
        document_lines,
    )
    from cchc_desktop.exports.submission import build_documents, folder_name, write_submission
    from cchc_desktop.paths import default_store_path
    from cchc_desktop.store import StoreError, open_store
    from cchc_desktop.store.profile_repo import load_profile

    today = system_clock()
    day = today
    if args.date:
        try:
            parsed = parse_date(args.date)
        except ValueError:
            parsed = None
        if parsed is None:
            return fail(f"Ngày «{args.date}» không đúng dạng ngày/tháng/năm (ví dụ 05/02/2026).")
        day = parsed
    chosen = set()
    for name in args.document:
        chosen |= set(DOCUMENT_KEYS) if name == "all" else {DOCUMENT_ALIASES[name]}
    path = Path(args.db) if args.db else default_store_path()
    if not path.is_file():
        return fail(f"Không tìm thấy tệp dữ liệu «{path}».")
    try:
        with open_store(path, create=False) as store:
            profile = load_profile(store)
            request = SubmissionRequest(
                documents=tuple(k for k in DOCUMENT_KEYS if k in chosen),
                year=args.year if args.year is not None else working_year(profile, today),
                period=args.period,
                formats=FORMATS if args.format == "all" else (args.format,),
                make_zip=args.zip,
            )
            # the superior line and recipients the screen last used with this data
            lines = document_lines(store, profile)
            options = ReportOptions(
                day,
                number=args.number,
                parent_line=lines.parent_line,
                recipients=lines.recipients,
            )
            # the rules the screen applies, from the same place (exports.request)
            readiness = check_request(store, request, options, today)
            for key, ready in readiness.items():
                if ready.caution:
                    say(f"Lưu ý — {DOCUMENT_NAMES[key]}: {ready.text}")
            documents = build_documents(store, request, options)
        result = write_submission(
            documents,
            request,
            args.out,
            folder_name(profile.unit_name if profile else "", request),
            progress=lambda _done, _total, text: say(text) if text else None,
        )
    except (ExportError, StoreError) as exc:
        return fail(exc.message)
    say(f"Đã xuất hồ sơ vào thư mục {result.folder}:")
    for file in result.files:
        say(f"  {file.name}")
    if result.zip_path:
        say(f"Tệp nén: {result.zip_path}")
    return 0
