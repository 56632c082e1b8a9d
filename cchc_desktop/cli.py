"""The command line: ``python -m cchc_desktop [--db PATH] [--demo] [--self-test]``.

Without options the interface opens on the default store in the per-user data
folder. This module stays free of Qt: the interface is imported only when it
is needed.
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
    return parser


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
    if args.self_test:
        from cchc_desktop.ui.selftest import run_self_test

        return run_self_test(args, say=_say)
    from cchc_desktop.ui.app import run_gui

    return run_gui(args)
