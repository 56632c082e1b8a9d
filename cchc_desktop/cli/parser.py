"""The parser's pieces: Vietnamese help and errors, a subcommand, the password options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import NoReturn, TypeAlias


class VietnameseHelp(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # argparse passes prefix="" when it builds a subcommand's name: keep it empty there.
        prefix = "Cách dùng: " if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


_ARGPARSE_MESSAGES = {
    "unrecognized arguments": "không nhận ra tham số",
    "the following arguments are required": "thiếu tham số bắt buộc",
    "expected one argument": "cần đúng một giá trị",
    "invalid choice": "giá trị không hợp lệ",
    "ambiguous option": "tùy chọn không rõ ràng",
    "not allowed with argument": "không dùng được cùng với tham số",
    "argument ": "tham số ",
}


class VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_MESSAGES.items():
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi tham số dòng lệnh: {message}\n")


Commands: TypeAlias = "argparse._SubParsersAction[VietnameseParser]"


def subcommand(
    commands: Commands,
    name: str,
    summary: str,
    description: str,
) -> VietnameseParser:
    command = commands.add_parser(
        name,
        help=summary,
        description=description,
        add_help=False,
        formatter_class=VietnameseHelp,
    )
    command._optionals.title = "tùy chọn"
    command._positionals.title = "tham số"
    command.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    return command


def add_password_options(command: argparse.ArgumentParser, what: str) -> None:
    secret = command.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-env",
        metavar="BIẾN",
        help=f"lấy mật khẩu {what} từ biến môi trường tên BIẾN (không ghi mật khẩu vào dòng lệnh)",
    )
    secret.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"đọc mật khẩu {what} từ dòng đầu tiên của đầu vào chuẩn (stdin)",
    )


def command_group(
    commands: Commands, name: str, summary: str, description: str, *, dest: str
) -> Commands:
    """A command made of actions (``package export``, ``users list`` …): the actions to
    add to; the chosen one is ``args.<dest>``, and one must be chosen."""
    group = subcommand(commands, name, summary, description)
    actions = group.add_subparsers(dest=dest, title="lệnh", metavar="LỆNH")
    actions.required = True
    return actions
