"""``users``: the users of this PC (recovery of a forgotten password)."""

from __future__ import annotations

import argparse
import sys

from cchc_desktop.cli.common import Refused, existing_store, guarded, say
from cchc_desktop.cli.parser import Commands, command_group, subcommand


def add_users_command(commands: Commands) -> None:
    actions = command_group(
        commands,
        "users",
        "người dùng của máy này: đặt lại mật khẩu quên, tắt đăng nhập",
        "Khi người lãnh đạo duy nhất quên mật khẩu: đặt lại mật khẩu (reset-password) hoặc tắt "
        "đăng nhập (disable-sign-in). Cần quyền mở chính tệp dữ liệu trên máy này.",
        dest="users_command",
    )
    listed = subcommand(actions, "list", "liệt kê người dùng", "Liệt kê người dùng và vai trò.")
    listed.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    reset = subcommand(
        actions,
        "reset-password",
        "đặt mật khẩu mới cho một người dùng",
        "Đặt mật khẩu mới cho một người dùng (hỏi mật khẩu hai lần, không hiện trên màn hình). "
        "Dữ liệu không thay đổi gì khác.",
    )
    reset.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    reset.add_argument("--name", required=True, metavar="TÊN", help="tên người dùng")
    reset.add_argument(
        "--password-stdin",
        action="store_true",
        help="đọc mật khẩu mới từ dòng đầu tiên của đầu vào chuẩn (stdin)",
    )
    disable = subcommand(
        actions,
        "disable-sign-in",
        "tắt đăng nhập trên máy này",
        "Tắt đăng nhập: chương trình mở thẳng, không hỏi tên và mật khẩu. Danh sách người "
        "dùng được giữ lại để bật lại sau.",
    )
    disable.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")


def run_users(args: argparse.Namespace) -> int:
    """``users``: list, reset a password, turn sign-in off; 1 with the reason on a refusal."""
    command = {
        "list": _users_list,
        "reset-password": _users_reset_password,
        "disable-sign-in": _users_disable_sign_in,
    }[args.users_command]
    return guarded(command)(args)


def _users_list(args: argparse.Namespace) -> int:
    from cchc_desktop.store import users_repo

    with existing_store(args.db) as store:
        found = users_repo.users(store)
        enabled = users_repo.sign_in_enabled(store)
    say("Đăng nhập: " + ("đang bật." if enabled else "đang tắt."))
    if not found:
        say("Chưa có người dùng nào.")
    for user in found:
        say(f"  {user.name} ({user.role_label})")
    return 0


def _new_user_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Mật khẩu mới: ")
    second = getpass.getpass("Nhập lại mật khẩu mới: ")
    if first != second:
        raise Refused("Hai lần nhập mật khẩu không giống nhau. Chưa làm gì.")
    return first


def _users_reset_password(args: argparse.Namespace) -> int:
    from cchc_desktop.core.validation import ValidationError
    from cchc_desktop.store import users_repo

    with existing_store(args.db) as store:
        user = users_repo.find_user(store, args.name)
        if user is None:
            raise Refused(f"Không có người dùng «{args.name}» trong tệp dữ liệu này. Chưa làm gì.")
        password = _new_user_password(args)
        try:
            users_repo.set_password(store, user.name, password)
        except ValidationError as exc:
            raise Refused(" ".join(exc.errors.values()) + " Chưa làm gì.") from exc
    say(f"Đã đặt mật khẩu mới cho {user.name} ({user.role_label}).")
    return 0


def _users_disable_sign_in(args: argparse.Namespace) -> int:
    from cchc_desktop.store import users_repo

    with existing_store(args.db) as store:
        users_repo.disable_sign_in(store)
    say("Đã tắt đăng nhập. Danh sách người dùng được giữ lại để bật lại sau.")
    return 0
