"""The command line: ``python -m cchc_desktop [--db PATH] [--demo] [--self-test]``.

Without options the interface opens on the default store in the per-user data
folder. This module stays free of Qt: the interface is imported only when it
is needed.

``python -m cchc_desktop export --db PATH --document self-assessment --year 2025 --out DIR``
writes a submission (PDF and Excel) without the interface; a refusal exits with 1 and
the Vietnamese message on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.logs import setup_logging
from cchc_desktop.paths import log_dir


class _VietnameseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix or "Cách dùng: ")


_ARGPARSE_MESSAGES = {
    "unrecognized arguments": "không nhận ra tham số",
    "the following arguments are required": "thiếu tham số bắt buộc",
    "expected one argument": "cần đúng một giá trị",
    "invalid choice": "giá trị không hợp lệ",
    "ambiguous option": "tùy chọn không rõ ràng",
    "argument ": "tham số ",
}


class _VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        for english, vietnamese in _ARGPARSE_MESSAGES.items():
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi tham số dòng lệnh: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _VietnameseParser(
        prog="cchc-desktop",
        description=f"{APP_NAME} {__version__}: hỗ trợ công tác cải cách hành chính cấp xã.",
        add_help=False,
        formatter_class=_VietnameseHelp,
    )
    parser._optionals.title = "tùy chọn"
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="hiện số phiên bản rồi thoát",
    )
    parser.add_argument(
        "--db",
        metavar="ĐƯỜNG_DẪN",
        help="mở tệp dữ liệu này thay cho tệp mặc định (tạo mới nếu chưa có)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="mở tệp dữ liệu mẫu riêng (với --db: ghi dữ liệu mẫu vào tệp đó)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra cài đặt: tạo tệp dữ liệu, kiểm tra, dựng cửa sổ rồi thoát",
    )
    parser.add_argument("--measure-startup", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", title="lệnh", metavar="LỆNH")
    _add_export_command(commands)
    return parser


def _add_export_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = commands.add_parser(
        "export",
        help="xuất hồ sơ nộp (báo cáo PDF và Excel) không cần mở giao diện",
        description="Xuất báo cáo theo thể thức Nghị định 30/2020/NĐ-CP (PDF) và tệp Excel "
        "vào một thư mục «hồ sơ nộp».",
        add_help=False,
        formatter_class=_VietnameseHelp,
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
    export.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
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


def _use_utf8_streams() -> None:
    """A Windows console may not be UTF-8; Vietnamese must not crash a print."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _say(text: str) -> None:
    stream = sys.stdout or sys.stderr  # a windowed bundle may have neither
    if stream is not None:
        print(text, file=stream, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    _use_utf8_streams()
    args = build_parser().parse_args(argv)
    setup_logging(log_dir())
    if args.command == "export":
        return run_export(args)
    if args.self_test:
        from cchc_desktop.ui.selftest import run_self_test

        return run_self_test(args, say=_say)
    from cchc_desktop.ui.app import run_gui

    return run_gui(args)


def _fail(message: str) -> int:
    print(message, file=sys.stderr, flush=True)
    return 1


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command; 0 when every file is written, 1 with the reason otherwise."""
    from datetime import date
    from pathlib import Path

    from cchc_desktop.core.text import parse_date
    from cchc_desktop.exports import ExportError
    from cchc_desktop.exports.reports import DOCUMENT_ALIASES, DOCUMENT_KEYS, ReportOptions
    from cchc_desktop.exports.submission import (
        FORMATS,
        SubmissionRequest,
        build_documents,
        folder_name,
        write_submission,
    )
    from cchc_desktop.paths import default_store_path
    from cchc_desktop.store import StoreError, open_store
    from cchc_desktop.store.profile_repo import load_profile

    day = date.today()
    if args.date:
        try:
            parsed = parse_date(args.date)
        except ValueError:
            parsed = None
        if parsed is None:
            return _fail(f"Ngày «{args.date}» không đúng dạng ngày/tháng/năm (ví dụ 05/02/2026).")
        day = parsed
    chosen = set()
    for name in args.document:
        chosen |= set(DOCUMENT_KEYS) if name == "all" else {DOCUMENT_ALIASES[name]}
    request = SubmissionRequest(
        documents=tuple(k for k in DOCUMENT_KEYS if k in chosen),
        year=args.year,
        period=args.period,
        formats=FORMATS if args.format == "all" else (args.format,),
        make_zip=args.zip,
    )
    path = Path(args.db) if args.db else default_store_path()
    if not path.is_file():
        return _fail(f"Không tìm thấy tệp dữ liệu «{path}».")
    try:
        with open_store(path) as store:
            profile = load_profile(store)
            documents = build_documents(store, request, ReportOptions(day, number=args.number))
        result = write_submission(
            documents,
            request,
            args.out,
            folder_name(profile.unit_name if profile else "", request),
            progress=lambda _done, _total, text: _say(text) if text else None,
        )
    except (ExportError, StoreError) as exc:
        return _fail(exc.message)
    _say(f"Đã xuất hồ sơ vào thư mục {result.folder}:")
    for file in result.files:
        _say(f"  {file.name}")
    if result.zip_path:
        _say(f"Tệp nén: {result.zip_path}")
    return 0
