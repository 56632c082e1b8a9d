"""``backup``: a verified manual backup, the list of backups, a backup checked in full."""

from __future__ import annotations

import argparse

from cchc_desktop.cli.common import (
    Refused,
    existing_store,
    guarded,
    password_option,
    progress_printer,
    say,
)
from cchc_desktop.cli.parser import Commands, add_password_options, subcommand


def add_backup_command(commands: Commands) -> None:
    backup = subcommand(
        commands,
        "backup",
        "sao lưu tệp dữ liệu, hoặc liệt kê các bản sao lưu",
        "Tạo một bản sao lưu thủ công đã kiểm tra của tệp dữ liệu (chương trình không bao giờ "
        "tự xóa bản sao lưu thủ công), hoặc liệt kê các bản sao lưu (--list).",
    )
    backup.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    where = backup.add_mutually_exclusive_group()
    where.add_argument(
        "--out",
        metavar="THƯ_MỤC",
        help="thư mục nhận bản sao lưu, ví dụ ổ USB (mặc định: thư mục sao lưu cạnh tệp dữ "
        "liệu, không đặt mật khẩu)",
    )
    where.add_argument(
        "--list", action="store_true", help="liệt kê các bản sao lưu của tệp dữ liệu"
    )
    where.add_argument(
        "--verify",
        metavar="TỆP",
        help="kiểm tra toàn bộ một bản sao lưu (.db hoặc .cchcbak có mật khẩu) và cho biết "
        "khôi phục sẽ mang lại gì; không ghi gì",
    )
    add_password_options(
        backup,
        "đặt cho bản sao lưu ra --out (ít nhất 6 ký tự; tệp .cchcbak) hoặc của bản sao lưu "
        "cần kiểm tra (--verify)",
    )


def run_backup(args: argparse.Namespace) -> int:
    """``backup``: a manual backup, or the list of backups; 1 with the reason on a refusal."""
    if args.list:
        return guarded(_backup_list)(args)
    return guarded(_backup_verify if args.verify else _backup_make)(args)


def _backup_make(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.text import format_size
    from cchc_desktop.store.backup import REASON_MANUAL, make_backup
    from cchc_desktop.store.protected_backup import UNPROTECTED_USB_WARNING, make_protected_backup

    folder = Path(args.out) if args.out else None
    if folder is None and (args.password_env or args.password_stdin):
        raise Refused(
            "Bản sao lưu trong thư mục sao lưu trên máy không đặt mật khẩu. Mật khẩu dùng cho "
            "bản sao lưu mang ra khỏi máy: thêm --out THƯ_MỤC (ví dụ ổ USB). Chưa làm gì."
        )
    if folder is not None and not folder.is_dir():
        raise Refused(f"Không tìm thấy thư mục {folder}. Nếu đó là USB, hãy kiểm tra USB còn cắm.")
    password = password_option(args, new=True)
    with existing_store(args.db) as store:
        if password:
            assert folder is not None  # refused above: a password goes with --out only
            target = make_protected_backup(
                store.path, folder, password, REASON_MANUAL, progress=progress_printer()
            )
        else:
            target = make_backup(store.path, REASON_MANUAL, folder)
    if password:
        say(f"Đã sao lưu có mật khẩu (đã kiểm tra bản sao): {target}")
    else:
        say(f"Đã sao lưu (đã kiểm tra bản sao): {target}")
    say(f"Kích thước: {format_size(target.stat().st_size)}")
    if password:
        say(
            "Bản sao lưu được mã hóa bằng mật khẩu: quên mật khẩu thì không khôi phục được. "
            "Không ghi mật khẩu kèm USB."
        )
    elif folder is not None:
        say(
            f"{UNPROTECTED_USB_WARNING} Muốn đặt mật khẩu: thêm --password-env BIẾN hoặc "
            "--password-stdin."
        )
    return 0


def _backup_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.text import format_datetime, format_size
    from cchc_desktop.store.protected_backup import (
        BackupPasswordError,
        is_protected_backup,
        preview_backup,
        read_protected_header,
    )

    path = Path(args.verify)
    password = password_option(args)
    with existing_store(args.db) as store:
        protected = is_protected_backup(path)
        if protected:
            info = read_protected_header(path)
            if password is None:
                raise BackupPasswordError(
                    f"{info.description} Hãy cho biết mật khẩu bằng --password-env BIẾN hoặc "
                    "--password-stdin. Chưa làm gì.",
                    path,
                )
        preview = preview_backup(store.path, path, password, progress=progress_printer())
    say(f"Bản sao lưu: {path}")
    say(f"Kích thước: {format_size(preview.size)}")
    say(
        "Bảo vệ: có mật khẩu (mã hóa AES-256-GCM), mật khẩu đúng."
        if protected
        else "Bảo vệ: không có mật khẩu."
    )
    say(f"Đơn vị: {preview.commune_text}")
    newest = format_datetime(preview.newest_change) if preview.newest_change else "không có"
    say(f"Thay đổi gần nhất: {newest}")
    say(f"Cấu trúc dữ liệu: phiên bản {preview.schema_version}")
    say("Kiểm tra: bản sao lưu nguyên vẹn (SQLite kiểm tra toàn vẹn: tốt).")
    say("Số bản ghi (hiện tại → trong bản sao lưu):")
    for count in preview.counts:
        if count.current or count.source:
            say(f"  {count.label}: {_number(count.current)} → {_number(count.source)}")
    for warning in preview.warnings:
        say(f"Cảnh báo: {warning}")
    say("Chỉ kiểm tra: chưa có gì thay đổi trên máy.")
    return 0


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


def _backup_list(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.text import format_datetime, format_size
    from cchc_desktop.paths import backup_dir_for
    from cchc_desktop.store.backup import list_backups

    path = Path(args.db)
    if not path.is_file():
        raise Refused(f"Không tìm thấy tệp dữ liệu «{path}».")
    found = list_backups(path.absolute())
    folder = backup_dir_for(path.absolute())
    if not found:
        say(f"Chưa có bản sao lưu nào trong thư mục {folder}.")
        return 0
    say(f"{len(found)} bản sao lưu trong thư mục {folder} (mới nhất trước):")
    width = max(len(info.label) for info in found)
    for info in found:
        say(
            f"  {format_datetime(info.created)}  {info.label:<{width}}  "
            f"{format_size(info.size):>9}  {info.path.name}"
        )
    return 0
