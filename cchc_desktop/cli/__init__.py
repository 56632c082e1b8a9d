"""The command line: ``python -m cchc_desktop [--db PATH] [--demo] [--self-test]``.

Without options the interface opens on the default store in the per-user data
folder. This package stays free of Qt: the interface is imported only when it
is needed.

Commands that run without the interface (a refusal exits with 1 and the same
Vietnamese message the interface shows, on stderr; bad arguments exit with 2):

``export --db PATH --document self-assessment [--year 2025] --out DIR``
    writes a submission (PDF and Excel).
``package export --db PATH --out FILE_OR_FOLDER [--years 2025,2026] [--no-personal-data]
[--password-env VAR | --password-stdin] [--overwrite]``
    writes a data package (``.cchc``); the password never appears on the command line.
``package verify FILE [--db PATH] [--password-env VAR | --password-stdin]``
    checks the whole package; with ``--db`` also shows what importing it would change
    (per kind: new, updated, unchanged, deleted, conflicts, kept because locked) and
    the conflicts, and writes nothing.
``package import FILE --db PATH [--password-env VAR | --password-stdin]
[--conflicts giu-may-nay|lay-goi] [--yes]``
    shows the same summary, asks «Nhập gói này? (c/k)» (or takes ``--yes``), backs the
    store up, then imports in one transaction; conflicts keep this PC's version unless
    ``--conflicts lay-goi``.
``backup --db PATH [--out FOLDER [--password-env VAR | --password-stdin]]`` /
``backup --db PATH --list`` / ``backup --db PATH --verify FILE [--password-env VAR]``
    a verified manual backup (into the store's backup folder, or FOLDER: there it may be
    protected by a password, ``.cchcbak``) / the backups / a backup checked in full
    (a protected one decrypted beside the store, then removed) and what restoring it would
    bring, writing nothing.

Every command opens the store with :func:`~cchc_desktop.store.open_store` and
``create=False`` (its lock refuses a store the interface has open): a command never creates
a store, and an empty or cut-short file is refused as damaged.

One module a command group: ``export``, ``package`` (what it prints: ``package_lines``),
``backup``, ``users``; ``parser`` (Vietnamese help and errors, subcommands) and ``common``
(printing, refusals, the store, the password) are shared by them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.cli.backup import add_backup_command, run_backup
from cchc_desktop.cli.common import say, use_utf8_streams
from cchc_desktop.cli.export import add_export_command, run_export
from cchc_desktop.cli.package import add_package_command, run_package
from cchc_desktop.cli.parser import VietnameseHelp, VietnameseParser
from cchc_desktop.cli.users import add_users_command, run_users
from cchc_desktop.logs import setup_logging
from cchc_desktop.paths import log_dir

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="cchc-desktop",
        description=f"{APP_NAME} {__version__}: hỗ trợ công tác cải cách hành chính cấp xã.",
        add_help=False,
        formatter_class=VietnameseHelp,
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
    add_export_command(commands)
    add_package_command(commands)
    add_backup_command(commands)
    add_users_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_streams()
    args = build_parser().parse_args(argv)
    setup_logging(log_dir())
    if args.command == "export":
        return run_export(args)
    if args.command == "package":
        return run_package(args)
    if args.command == "backup":
        return run_backup(args)
    if args.command == "users":
        return run_users(args)
    if args.self_test:
        from cchc_desktop.ui.shell.selftest import run_self_test

        return run_self_test(args, say=say)
    from cchc_desktop.ui.shell.app import run_gui

    return run_gui(args)
