"""The command line: ``python -m cchc_desktop [--db PATH] [--demo] [--self-test]``.

Without options the interface opens on the default store in the per-user data
folder. This module stays free of Qt: the interface is imported only when it
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
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn, TypeAlias

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.core.errors import UserError
from cchc_desktop.logs import setup_logging
from cchc_desktop.paths import log_dir

if TYPE_CHECKING:  # imported on use: building the parser loads nothing heavy
    from pathlib import Path

    from cchc_desktop.jobs import ProgressFn
    from cchc_desktop.store import Store
    from cchc_desktop.transfer.model import ImportPlan, Manifest, VerifiedPackage

_Command = Callable[[argparse.Namespace], int]

# The values of ``package import --conflicts`` (those of transfer.model, kept here so that
# building the parser imports nothing heavy).
RULE_CHOICE = "theo-quy-tac"
KEEP_LOCAL_CHOICE = "giu-may-nay"
TAKE_INCOMING_CHOICE = "lay-goi"


class _VietnameseHelp(argparse.HelpFormatter):
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


class _VietnameseParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
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
    _add_package_command(commands)
    _add_backup_command(commands)
    _add_users_command(commands)
    return parser


def _add_export_command(commands: _Commands) -> None:
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


_Commands: TypeAlias = "argparse._SubParsersAction[_VietnameseParser]"


def _subcommand(
    commands: _Commands,
    name: str,
    summary: str,
    description: str,
) -> _VietnameseParser:
    command = commands.add_parser(
        name,
        help=summary,
        description=description,
        add_help=False,
        formatter_class=_VietnameseHelp,
    )
    command._optionals.title = "tùy chọn"
    command._positionals.title = "tham số"
    command.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    return command


def _add_password_options(command: argparse.ArgumentParser, what: str) -> None:
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


def _add_package_command(commands: _Commands) -> None:
    package = _subcommand(
        commands,
        "package",
        "tạo, kiểm tra, nhập gói dữ liệu (.cchc) không cần mở giao diện",
        "Gói dữ liệu (.cchc) mang dữ liệu của xã sang máy khác: tạo gói (export), kiểm tra "
        "và xem trước (verify), nhập gói (import).",
    )
    actions = package.add_subparsers(dest="package_command", title="lệnh", metavar="LỆNH")
    actions.required = True

    export = _subcommand(
        actions,
        "export",
        "tạo gói dữ liệu từ tệp dữ liệu",
        "Tạo gói dữ liệu (.cchc) từ tệp dữ liệu: toàn bộ hoặc một số năm, có hoặc không có "
        "dữ liệu cá nhân, có thể đặt mật khẩu.",
    )
    export.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    export.add_argument(
        "--out",
        required=True,
        metavar="TỆP_HOẶC_THƯ_MỤC",
        help="tệp gói cần tạo, hoặc thư mục nhận gói (tên tệp đặt tự động theo xã, nội dung "
        "và ngày)",
    )
    export.add_argument(
        "--years",
        metavar="NĂM",
        help="chỉ đưa vào các năm này, cách nhau bằng dấu phẩy, ví dụ 2025,2026, hoặc một "
        "khoảng 2025-2027 (mặc định: toàn bộ dữ liệu)",
    )
    export.add_argument(
        "--no-personal-data",
        action="store_true",
        help="không kèm dữ liệu cá nhân (giới tính, ngày sinh, dân tộc của cán bộ)",
    )
    _add_password_options(export, "đặt cho gói (ít nhất 6 ký tự)")
    export.add_argument(
        "--overwrite", action="store_true", help="ghi đè khi tệp gói cùng tên đã có"
    )

    verify = _subcommand(
        actions,
        "verify",
        "kiểm tra gói và xem trước khi nhập (không ghi gì)",
        "Kiểm tra toàn bộ gói (mã kiểm tra SHA-256 của từng thành phần, phiên bản, mật khẩu, "
        "từng bản ghi). Với --db: cho biết nhập gói sẽ thay đổi gì trong tệp dữ liệu đó, "
        "theo từng loại dữ liệu, và các xung đột; không ghi gì vào tệp dữ liệu.",
    )
    verify.add_argument("file", metavar="TỆP_GÓI", help="tệp gói dữ liệu (.cchc)")
    verify.add_argument(
        "--db", metavar="ĐƯỜNG_DẪN", help="so với tệp dữ liệu này (xem trước khi nhập)"
    )
    _add_password_options(verify, "của gói")

    imported = _subcommand(
        actions,
        "import",
        "nhập gói dữ liệu vào tệp dữ liệu (tự sao lưu trước)",
        "Kiểm tra gói, cho xem trước thay đổi, hỏi xác nhận (hoặc --yes), tự sao lưu tệp dữ "
        "liệu rồi nhập trong một lần: hoặc nhập xong hết, hoặc không thay đổi gì.",
    )
    imported.add_argument("file", metavar="TỆP_GÓI", help="tệp gói dữ liệu (.cchc)")
    imported.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu nhận")
    _add_password_options(imported, "của gói")
    imported.add_argument(
        "--conflicts",
        default=RULE_CHOICE,
        choices=[RULE_CHOICE, KEEP_LOCAL_CHOICE, TAKE_INCOMING_CHOICE],
        metavar="CÁCH",
        help=f"xử lý xung đột: {RULE_CHOICE} (bản sửa sau cùng, mọi máy chọn như nhau; mặc "
        f"định), {KEEP_LOCAL_CHOICE} (giữ bản trên máy này) hoặc {TAKE_INCOMING_CHOICE} (lấy "
        "bản trong gói); chọn khác quy tắc thì được lưu như một lần sửa mới",
    )
    imported.add_argument(
        "--yes", action="store_true", help="nhập luôn, không hỏi xác nhận (dùng trong tập lệnh)"
    )

    conflicts = _subcommand(
        actions,
        "conflicts",
        "xem các mục hai máy cùng sửa mà các lần nhập gói đã gặp",
        "Liệt kê các xung đột mà các lần nhập gói đã gặp (mặc định: những mục chưa xem): cả hai "
        "giá trị, người sửa, thời điểm và bản đang được giữ theo quy tắc. Không ghi gì.",
    )
    conflicts.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    conflicts.add_argument(
        "--all", action="store_true", help="kể cả những xung đột đã xem hoặc đã xử lý"
    )


def _add_backup_command(commands: _Commands) -> None:
    backup = _subcommand(
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
    _add_password_options(
        backup,
        "đặt cho bản sao lưu ra --out (ít nhất 6 ký tự; tệp .cchcbak) hoặc của bản sao lưu "
        "cần kiểm tra (--verify)",
    )


def _add_users_command(commands: _Commands) -> None:
    users = _subcommand(
        commands,
        "users",
        "người dùng của máy này: đặt lại mật khẩu quên, tắt đăng nhập",
        "Khi người lãnh đạo duy nhất quên mật khẩu: đặt lại mật khẩu (reset-password) hoặc tắt "
        "đăng nhập (disable-sign-in). Cần quyền mở chính tệp dữ liệu trên máy này.",
    )
    actions = users.add_subparsers(dest="users_command", title="lệnh", metavar="LỆNH")
    actions.required = True
    listed = _subcommand(actions, "list", "liệt kê người dùng", "Liệt kê người dùng và vai trò.")
    listed.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")
    reset = _subcommand(
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
    disable = _subcommand(
        actions,
        "disable-sign-in",
        "tắt đăng nhập trên máy này",
        "Tắt đăng nhập: chương trình mở thẳng, không hỏi tên và mật khẩu. Danh sách người "
        "dùng được giữ lại để bật lại sau.",
    )
    disable.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu")


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
    if args.command == "package":
        return run_package(args)
    if args.command == "backup":
        return run_backup(args)
    if args.command == "users":
        return run_users(args)
    if args.self_test:
        from cchc_desktop.ui.shell.selftest import run_self_test

        return run_self_test(args, say=_say)
    from cchc_desktop.ui.shell.app import run_gui

    return run_gui(args)


def _fail(message: str) -> int:
    print(message, file=sys.stderr, flush=True)
    return 1


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command; 0 when every file is written, 1 with the reason otherwise."""
    from pathlib import Path

    from cchc_desktop.core.clock import system_clock
    from cchc_desktop.core.profile import working_year
    from cchc_desktop.core.text import parse_date
    from cchc_desktop.exports import ExportError
    from cchc_desktop.exports.reports import (
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
            return _fail(f"Ngày «{args.date}» không đúng dạng ngày/tháng/năm (ví dụ 05/02/2026).")
        day = parsed
    chosen = set()
    for name in args.document:
        chosen |= set(DOCUMENT_KEYS) if name == "all" else {DOCUMENT_ALIASES[name]}
    path = Path(args.db) if args.db else default_store_path()
    if not path.is_file():
        return _fail(f"Không tìm thấy tệp dữ liệu «{path}».")
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
                    _say(f"Lưu ý — {DOCUMENT_NAMES[key]}: {ready.text}")
            documents = build_documents(store, request, options)
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


# --- data packages and backups ----------------------------------------------------------------


class _Refused(UserError):
    """A refusal found by the command line itself (bad option value, missing file …)."""


def _refusal_text(exc: BaseException) -> str:
    """The refusal as the interface shows it (a package's damaged member named)."""
    from cchc_desktop.transfer import PackageError

    text = str(getattr(exc, "message", exc))
    if isinstance(exc, PackageError) and exc.member and exc.member not in text:
        text += f"\n\nPhần bị lỗi trong gói: {exc.member}"
    return text


def _guarded(command: _Command) -> _Command:
    """Run ``command(args)``; every refusal becomes exit 1 with its message on stderr."""
    from cchc_desktop.jobs import JobCancelled
    from cchc_desktop.store import StoreError
    from cchc_desktop.transfer import PackageError

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (_Refused, PackageError, StoreError) as exc:
            return _fail(_refusal_text(exc))
        except (JobCancelled, KeyboardInterrupt):
            return _fail("Đã dừng theo yêu cầu; dữ liệu trên máy không thay đổi.")
        except Exception as exc:  # a defect, not a refusal: logged in full, told briefly
            import logging

            logging.getLogger(__name__).exception("Command %s failed", command.__name__)
            return _fail(
                f"Lỗi ngoài dự kiến ({type(exc).__name__}: {exc}). Chi tiết đã ghi vào nhật ký "
                f"trong thư mục {log_dir()}."
            )

    return run


def _existing_store(value: str) -> Store:
    """The store at ``value``, opened (and locked); these commands never create one."""
    from pathlib import Path

    from cchc_desktop.store import open_store

    path = Path(value)
    if not path.is_file():
        raise _Refused(f"Không tìm thấy tệp dữ liệu «{path}».")
    # create=False: should the file vanish meanwhile, nothing is created in its place; an
    # empty (0-byte) or cut-short file is reported as damage, never taken for a new store.
    return open_store(path, create=False)


def _password(args: argparse.Namespace, *, new: bool = False) -> str | None:
    """The password from ``--password-env`` or ``--password-stdin``, never from argv."""
    import os

    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise _Refused(
                f"Biến môi trường «{args.password_env}» (ghi ở --password-env) chưa được đặt. "
                "Chưa làm gì."
            )
    elif args.password_stdin:
        line = sys.stdin.readline()
        value = line.rstrip("\r\n")
    else:
        return None
    if not value:
        raise _Refused("Mật khẩu trống. Hãy đặt mật khẩu, hoặc bỏ tùy chọn mật khẩu.")
    from cchc_desktop.crypto import MIN_PASSWORD_LENGTH

    if new and len(value) < MIN_PASSWORD_LENGTH:
        raise _Refused(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    return value


def _progress_printer() -> ProgressFn:
    """A progress callback that prints each new step once (not every chunk)."""
    shown = {"text": ""}

    def progress(_done: int, _total: int, text: str) -> None:
        if text and text != shown["text"]:
            shown["text"] = text
            _say(text)

    return progress


def _scope_text(manifest: Manifest) -> str:
    from cchc_desktop.transfer.model import years_text

    return (
        f"{years_text(manifest.years)}; "
        + ("có" if manifest.personal_data else "không có")
        + " dữ liệu cá nhân; "
        + ("có mật khẩu" if manifest.encrypted else "không đặt mật khẩu")
    )


def _counts_lines(counts: dict[str, int]) -> list[str]:
    """One line per kind of record in the package (labels of store.kinds)."""
    from cchc_desktop.store.kinds import KINDS

    rows = [(kind.label, counts.get(kind.name, 0)) for kind in KINDS if counts.get(kind.name)]
    if counts.get("tombstones"):
        rows.append(("Bản ghi đã xóa (để xóa ở máy nhận)", counts["tombstones"]))
    if counts.get("files"):
        rows.append(("Nội dung tệp đính kèm", counts["files"]))
    if not rows:
        return ["  (không có bản ghi nào)"]
    width = max(len(label) for label, _ in rows)
    return [f"  {label:<{width}}  {count:>7}" for label, count in rows]


def _manifest_lines(manifest: Manifest, size: int) -> list[str]:
    from cchc_desktop.core.text import format_size, format_utc_time

    unit = manifest.unit_name or "(chưa có tên đơn vị)"
    if manifest.province:
        unit = f"{unit}, {manifest.province}"
    lines = [
        f"Đơn vị: {unit} (mã {manifest.unit_code or 'chưa có'})",
        f"Tạo lúc: {format_utc_time(manifest.created_at)}, "
        f"bằng CCHC Desktop {manifest.app_version}",
        f"Nội dung: {_scope_text(manifest)}",
        f"Kích thước gói: {format_size(size)}",
    ]
    if manifest.counts.get("files"):
        lines.append(
            f"Tệp đính kèm: {manifest.counts['files']} tệp ({format_size(manifest.files_size)})"
        )
    if manifest.demo:
        lines.append("Lưu ý: đây là gói DỮ LIỆU MẪU, không phải dữ liệu thật của đơn vị.")
    return lines


_SUMMARY_HEADERS = ("Mới", "Cập nhật", "Không đổi", "Xóa", "Xung đột")


def _plan_lines(plan: ImportPlan, store_path: Path, choice: str) -> list[str]:
    """The dry run as the interface's preview shows it: per kind, then the conflicts."""
    from cchc_desktop.core.text import format_size, format_utc_time

    lines = [f"So với tệp dữ liệu {store_path}:"]
    shown = [s for s in plan.summaries if s.changes or s.unchanged]
    if shown:
        first = "Loại dữ liệu"
        width = max(len(first), *(len(s.label) for s in shown))
        lines.append(f"  {first:<{width}}  " + "  ".join(_SUMMARY_HEADERS))
        for item in shown:
            values = (
                item.new,
                item.updated,
                item.unchanged,
                item.deleted,
                item.conflicts,
            )
            cells = [
                f"{(str(v) if v else '–'):>{len(h)}}"
                for v, h in zip(values, _SUMMARY_HEADERS, strict=True)
            ]
            lines.append(f"  {item.label:<{width}}  " + "  ".join(cells))
    new = sum(s.new for s in plan.summaries)
    updated = sum(s.updated for s in plan.summaries)
    deleted = sum(s.deleted for s in plan.summaries)
    unchanged = sum(s.unchanged for s in plan.summaries)
    total = (
        f"Tổng: {new} mới, {updated} cập nhật, {unchanged} không đổi, {deleted} xóa, "
        f"{len(plan.conflicts)} xung đột"
    )
    lines.append(total + ".")
    if plan.new_files:
        lines.append(
            f"Tệp đính kèm mới: {plan.new_files} tệp ({format_size(plan.new_file_bytes)})."
        )
    lines.extend(f"• {note}" for note in plan.notes)
    if plan.conflicts:
        lines.append(
            f"Xung đột ({len(plan.conflicts)}): sửa ở cả hai máy kể từ lần trao đổi trước "
            "(hoặc một máy xóa, máy kia sửa)."
        )
        for number, conflict in enumerate(plan.conflicts, start=1):
            lines.append(
                f"  {number}. {conflict.title or '(không tên)'} — {conflict.label} — "
                f"{conflict.description}; máy này sửa lúc "
                f"{format_utc_time(conflict.local_updated) or '–'}, gói sửa lúc "
                f"{format_utc_time(conflict.incoming_updated) or '–'}"
            )
            for difference in conflict.differences:
                lines.append(
                    f"       {difference.column}: máy này «{difference.local}», "
                    f"gói «{difference.incoming}»"
                )
        lines.append(f"Cách xử lý xung đột: {_choice_text(choice, len(plan.conflicts))}.")
    if not plan.has_changes:
        lines.append("Gói này không có gì mới so với dữ liệu trên máy.")
    return lines


def _choice_text(choice: str, count: int) -> str:
    if choice == TAKE_INCOMING_CHOICE:
        return f"lấy bản trong gói cho cả {count} xung đột (--conflicts {TAKE_INCOMING_CHOICE})"
    if choice == RULE_CHOICE:
        return (
            f"giữ bản sửa sau cùng cho cả {count} xung đột, như mọi máy khác (mặc định; muốn "
            f"chọn khác thì thêm --conflicts {KEEP_LOCAL_CHOICE} hoặc {TAKE_INCOMING_CHOICE})"
        )
    return (
        f"giữ bản trên máy này cho cả {count} xung đột (mặc định; muốn lấy bản trong gói thì "
        f"thêm --conflicts {TAKE_INCOMING_CHOICE})"
    )


def run_package(args: argparse.Namespace) -> int:
    """``package export|verify|import|conflicts``; 0 when done, 1 with the reason otherwise."""
    commands = {
        "export": _package_export,
        "verify": _package_verify,
        "import": _package_import,
        "conflicts": _package_conflicts,
    }
    return _guarded(commands[args.package_command])(args)


def _parse_years(text: str | None) -> tuple[int, ...] | None:
    """``--years``: the same reader as the interface's fields of years (lists and ranges);
    whether each year has data is judged against the store."""
    from cchc_desktop.core.year_list import parse_years

    if text is None:
        return None
    try:
        years = parse_years(text, bounds=None)
    except ValueError as exc:
        raise _Refused(f"{exc} (ví dụ đúng: --years 2025,2026 hoặc --years 2025-2027).") from exc
    if not years:
        raise _Refused("Hãy chọn ít nhất một năm để đưa vào gói (ví dụ --years 2025).")
    return years


def _package_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.clock import system_clock
    from cchc_desktop.core.text import format_size
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.transfer import FILE_SUFFIX
    from cchc_desktop.transfer.model import PackageOptions
    from cchc_desktop.transfer.writer import available_years, export_package, package_file_name

    years = _parse_years(args.years)
    password = _password(args, new=True)
    options = PackageOptions(
        years=years, personal_data=not args.no_personal_data, password=password
    )
    with _existing_store(args.db) as store:
        if years:
            present = available_years(store.conn)
            missing = [y for y in years if y not in present]
            if missing:
                having = ", ".join(str(y) for y in present) or "chưa có năm nào"
                raise _Refused(
                    f"Năm {', '.join(str(y) for y in missing)} không có dữ liệu trong tệp "
                    f"{store.path} (các năm có dữ liệu: {having})."
                )
        target = Path(args.out)
        if target.is_dir():
            profile = load_profile(store)
            name = package_file_name(profile.unit_name if profile else "", options, system_clock())
            target = target / name
        elif target.suffix.lower() != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        if target.exists() and not args.overwrite:
            raise _Refused(
                f"Tệp «{target}» đã có. Hãy chọn tên khác, hoặc thêm --overwrite để ghi đè."
            )
        result = export_package(store.conn, target, options, progress=_progress_printer())
    manifest = result.manifest
    _say(f"Đã tạo gói dữ liệu: {result.path}")
    _say(f"Kích thước: {format_size(result.size)}. Nội dung: {_scope_text(manifest)}.")
    _say("Gồm:")
    for line in _counts_lines(manifest.counts):
        _say(line)
    if manifest.encrypted:
        _say("Hãy báo mật khẩu cho người nhận bằng cách khác, không ghi kèm USB.")
    return 0


def _verified(args: argparse.Namespace, *, counts: bool = True) -> VerifiedPackage:
    """The package checked in full (password read first when the package has one)."""
    from pathlib import Path

    from cchc_desktop.transfer.reader import read_manifest, verify_package

    path = Path(args.file)
    manifest = read_manifest(path)
    password = _password(args)
    if manifest.encrypted and password is None:
        from cchc_desktop.transfer import WrongPasswordError

        raise WrongPasswordError(
            "Gói này có mật khẩu. Hãy cho biết mật khẩu của gói bằng --password-env BIẾN "
            "hoặc --password-stdin."
        )
    package = verify_package(path, password, progress=_progress_printer())
    _say(f"Gói dữ liệu: {path}")
    for line in _manifest_lines(package.manifest, path.stat().st_size):
        _say(line)
    members = len(package.manifest.members)
    _say(
        f"Kiểm tra: gói nguyên vẹn ({members} thành phần, mã kiểm tra SHA-256 đều khớp với bản kê)."
    )
    if counts:
        _say("Gồm:")
        for line in _counts_lines(package.manifest.counts):
            _say(line)
    return package


def _package_verify(args: argparse.Namespace) -> int:
    from cchc_desktop.transfer.merge import plan_import

    if args.db:
        # The store is opened (and locked) before the package is read: a store the
        # interface holds is refused at once.
        with _existing_store(args.db) as store:
            package = _verified(args, counts=False)
            plan = plan_import(store.conn, package)
            for line in _plan_lines(plan, store.path, RULE_CHOICE):
                _say(line)
        _say("Chỉ kiểm tra và xem trước: chưa có gì thay đổi trên máy.")
        return 0
    _verified(args)
    return 0


def _package_conflicts(args: argparse.Namespace) -> int:
    from cchc_desktop.core.text import format_utc_time
    from cchc_desktop.transfer.conflicts import list_conflicts

    with _existing_store(args.db) as store:
        found = list_conflicts(store.conn, only_open=not args.all)
    if not found:
        _say(
            "Không có xung đột nào."
            if args.all
            else "Không có xung đột nào chưa xem (thêm --all để xem cả những xung đột cũ)."
        )
        return 0
    _say(f"{len(found)} xung đột{'' if args.all else ' chưa xem'}:")
    for entry in found:
        seen = "đã xem" if entry.seen else "chưa xem"
        _say(
            f"- {format_utc_time(entry.found_at)} · {entry.kind_label} «{entry.title}» · "
            f"{entry.description} · đang giữ: {entry.kept_text.lower()} · {seen}"
        )
        for label, here, there in entry.fields:
            _say(
                f"    {label}: máy này «{here.text}» ({here.who_and_when}), máy kia "
                f"«{there.text}» ({there.who_and_when})"
            )
    return 0


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    stdin = sys.stdin
    if stdin is None or not stdin.isatty() or args.password_stdin:
        raise _Refused(
            "Chưa nhập: cần xác nhận trước khi nhập gói, nhưng lệnh không chạy ở cửa sổ dòng "
            "lệnh có người trả lời. Xem trước bằng «package verify», rồi thêm --yes để nhập. "
            "Chưa có gì thay đổi."
        )
    print("Nhập gói này? (c/k) ", end="", flush=True)
    answer = stdin.readline().strip().lower()
    return answer in ("c", "có", "co", "y", "yes")


def _package_import(args: argparse.Namespace) -> int:
    from cchc_desktop.transfer.merge import apply_import, plan_import
    from cchc_desktop.transfer.model import BY_RULE, KEEP_LOCAL, TAKE_INCOMING

    choice = {TAKE_INCOMING_CHOICE: TAKE_INCOMING, KEEP_LOCAL_CHOICE: KEEP_LOCAL}.get(
        args.conflicts, BY_RULE
    )
    with _existing_store(args.db) as store:
        package = _verified(args, counts=False)
        plan = plan_import(store.conn, package)
        for line in _plan_lines(plan, store.path, args.conflicts):
            _say(line)
        if not plan.has_changes:
            _say("Không cần nhập: chưa có gì thay đổi trên máy.")
            return 0
        if not _confirmed(args):
            _say("Đã hủy; dữ liệu trên máy không thay đổi.")
            return 1
        resolutions = {conflict.key: choice for conflict in plan.conflicts}
        result = apply_import(
            store.conn, store.path, plan, resolutions, progress=_progress_printer()
        )
    new = sum(s.new for s in result.summaries)
    updated = sum(s.updated for s in result.summaries)
    deleted = sum(s.deleted for s in result.summaries)
    _say(
        f"Đã nhập gói «{package.path.name}»: {new} bản ghi mới, {updated} cập nhật, "
        f"{deleted} xóa" + (f"; {result.new_files} tệp đính kèm mới." if result.new_files else ".")
    )
    if plan.conflicts:
        if choice == TAKE_INCOMING:
            _say(f"{len(plan.conflicts)} xung đột: đã lấy bản trong gói.")
        elif choice == KEEP_LOCAL:
            _say(f"{len(plan.conflicts)} xung đột: đã giữ bản trên máy này.")
        else:
            _say(
                f"{len(plan.conflicts)} xung đột: đã giữ bản sửa sau cùng, như mọi máy khác "
                "(giá trị còn lại được ghi trong lịch sử trao đổi)."
            )
    if result.backup is not None:
        _say(f"Bản sao lưu dữ liệu trước khi nhập: {result.backup}")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    """``backup``: a manual backup, or the list of backups; 1 with the reason on a refusal."""
    if args.list:
        return _guarded(_backup_list)(args)
    return _guarded(_backup_verify if args.verify else _backup_make)(args)


def _backup_make(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.text import format_size
    from cchc_desktop.store.backup import REASON_MANUAL, make_backup
    from cchc_desktop.store.protected_backup import UNPROTECTED_USB_WARNING, make_protected_backup

    folder = Path(args.out) if args.out else None
    if folder is None and (args.password_env or args.password_stdin):
        raise _Refused(
            "Bản sao lưu trong thư mục sao lưu trên máy không đặt mật khẩu. Mật khẩu dùng cho "
            "bản sao lưu mang ra khỏi máy: thêm --out THƯ_MỤC (ví dụ ổ USB). Chưa làm gì."
        )
    if folder is not None and not folder.is_dir():
        raise _Refused(f"Không tìm thấy thư mục {folder}. Nếu đó là USB, hãy kiểm tra USB còn cắm.")
    password = _password(args, new=True)
    with _existing_store(args.db) as store:
        if password:
            assert folder is not None  # refused above: a password goes with --out only
            target = make_protected_backup(
                store.path, folder, password, REASON_MANUAL, progress=_progress_printer()
            )
        else:
            target = make_backup(store.path, REASON_MANUAL, folder)
    if password:
        _say(f"Đã sao lưu có mật khẩu (đã kiểm tra bản sao): {target}")
    else:
        _say(f"Đã sao lưu (đã kiểm tra bản sao): {target}")
    _say(f"Kích thước: {format_size(target.stat().st_size)}")
    if password:
        _say(
            "Bản sao lưu được mã hóa bằng mật khẩu: quên mật khẩu thì không khôi phục được. "
            "Không ghi mật khẩu kèm USB."
        )
    elif folder is not None:
        _say(
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
    password = _password(args)
    with _existing_store(args.db) as store:
        protected = is_protected_backup(path)
        if protected:
            info = read_protected_header(path)
            if password is None:
                raise BackupPasswordError(
                    f"{info.description} Hãy cho biết mật khẩu bằng --password-env BIẾN hoặc "
                    "--password-stdin. Chưa làm gì.",
                    path,
                )
        preview = preview_backup(store.path, path, password, progress=_progress_printer())
    _say(f"Bản sao lưu: {path}")
    _say(f"Kích thước: {format_size(preview.size)}")
    _say(
        "Bảo vệ: có mật khẩu (mã hóa AES-256-GCM), mật khẩu đúng."
        if protected
        else "Bảo vệ: không có mật khẩu."
    )
    _say(f"Đơn vị: {preview.commune_text}")
    newest = format_datetime(preview.newest_change) if preview.newest_change else "không có"
    _say(f"Thay đổi gần nhất: {newest}")
    _say(f"Cấu trúc dữ liệu: phiên bản {preview.schema_version}")
    _say("Kiểm tra: bản sao lưu nguyên vẹn (SQLite kiểm tra toàn vẹn: tốt).")
    _say("Số bản ghi (hiện tại → trong bản sao lưu):")
    for count in preview.counts:
        if count.current or count.source:
            _say(f"  {count.label}: {_number(count.current)} → {_number(count.source)}")
    for warning in preview.warnings:
        _say(f"Cảnh báo: {warning}")
    _say("Chỉ kiểm tra: chưa có gì thay đổi trên máy.")
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
        raise _Refused(f"Không tìm thấy tệp dữ liệu «{path}».")
    found = list_backups(path.absolute())
    folder = backup_dir_for(path.absolute())
    if not found:
        _say(f"Chưa có bản sao lưu nào trong thư mục {folder}.")
        return 0
    _say(f"{len(found)} bản sao lưu trong thư mục {folder} (mới nhất trước):")
    width = max(len(info.label) for info in found)
    for info in found:
        _say(
            f"  {format_datetime(info.created)}  {info.label:<{width}}  "
            f"{format_size(info.size):>9}  {info.path.name}"
        )
    return 0


# --- users of this PC (recovery of a forgotten password) ----------------------------------


def run_users(args: argparse.Namespace) -> int:
    """``users``: list, reset a password, turn sign-in off; 1 with the reason on a refusal."""
    command = {
        "list": _users_list,
        "reset-password": _users_reset_password,
        "disable-sign-in": _users_disable_sign_in,
    }[args.users_command]
    return _guarded(command)(args)


def _users_list(args: argparse.Namespace) -> int:
    from cchc_desktop.store import users_repo

    with _existing_store(args.db) as store:
        found = users_repo.users(store)
        enabled = users_repo.sign_in_enabled(store)
    _say("Đăng nhập: " + ("đang bật." if enabled else "đang tắt."))
    if not found:
        _say("Chưa có người dùng nào.")
    for user in found:
        _say(f"  {user.name} ({user.role_label})")
    return 0


def _new_user_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Mật khẩu mới: ")
    second = getpass.getpass("Nhập lại mật khẩu mới: ")
    if first != second:
        raise _Refused("Hai lần nhập mật khẩu không giống nhau. Chưa làm gì.")
    return first


def _users_reset_password(args: argparse.Namespace) -> int:
    from cchc_desktop.core.validation import ValidationError
    from cchc_desktop.store import users_repo

    with _existing_store(args.db) as store:
        user = users_repo.find_user(store, args.name)
        if user is None:
            raise _Refused(f"Không có người dùng «{args.name}» trong tệp dữ liệu này. Chưa làm gì.")
        password = _new_user_password(args)
        try:
            users_repo.set_password(store, user.name, password)
        except ValidationError as exc:
            raise _Refused(" ".join(exc.errors.values()) + " Chưa làm gì.") from exc
    _say(f"Đã đặt mật khẩu mới cho {user.name} ({user.role_label}).")
    return 0


def _users_disable_sign_in(args: argparse.Namespace) -> int:
    from cchc_desktop.store import users_repo

    with _existing_store(args.db) as store:
        users_repo.disable_sign_in(store)
    _say("Đã tắt đăng nhập. Danh sách người dùng được giữ lại để bật lại sau.")
    return 0
