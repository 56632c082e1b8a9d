"""``package export|verify|import|conflicts``: data packages (.cchc) without the interface."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cchc_desktop.cli.common import (
    Refused,
    existing_store,
    guarded,
    password_option,
    progress_printer,
    say,
)
from cchc_desktop.cli.package_lines import (
    KEEP_LOCAL_CHOICE,
    RULE_CHOICE,
    TAKE_INCOMING_CHOICE,
    counts_lines,
    manifest_lines,
    plan_lines,
    scope_text,
)
from cchc_desktop.cli.parser import Commands, add_password_options, command_group, subcommand

if TYPE_CHECKING:
    from cchc_desktop.transfer.model import VerifiedPackage


def add_package_command(commands: Commands) -> None:
    actions = command_group(
        commands,
        "package",
        "tạo, kiểm tra, nhập gói dữ liệu (.cchc) không cần mở giao diện",
        "Gói dữ liệu (.cchc) mang dữ liệu của xã sang máy khác: tạo gói (export), kiểm tra "
        "và xem trước (verify), nhập gói (import).",
        dest="package_command",
    )
    _add_export(actions)
    _add_verify(actions)
    _add_import(actions)
    _add_conflicts(actions)


def _add_export(actions: Commands) -> None:
    export = subcommand(
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
    add_password_options(export, "đặt cho gói (ít nhất 6 ký tự)")
    export.add_argument(
        "--overwrite", action="store_true", help="ghi đè khi tệp gói cùng tên đã có"
    )


def _add_verify(actions: Commands) -> None:
    verify = subcommand(
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
    add_password_options(verify, "của gói")


def _add_import(actions: Commands) -> None:
    imported = subcommand(
        actions,
        "import",
        "nhập gói dữ liệu vào tệp dữ liệu (tự sao lưu trước)",
        "Kiểm tra gói, cho xem trước thay đổi, hỏi xác nhận (hoặc --yes), tự sao lưu tệp dữ "
        "liệu rồi nhập trong một lần: hoặc nhập xong hết, hoặc không thay đổi gì.",
    )
    imported.add_argument("file", metavar="TỆP_GÓI", help="tệp gói dữ liệu (.cchc)")
    imported.add_argument("--db", required=True, metavar="ĐƯỜNG_DẪN", help="tệp dữ liệu nhận")
    add_password_options(imported, "của gói")
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


def _add_conflicts(actions: Commands) -> None:
    conflicts = subcommand(
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


def run_package(args: argparse.Namespace) -> int:
    """``package export|verify|import|conflicts``; 0 when done, 1 with the reason otherwise."""
    commands = {
        "export": _package_export,
        "verify": _package_verify,
        "import": _package_import,
        "conflicts": _package_conflicts,
    }
    return guarded(commands[args.package_command])(args)


def years_option(text: str | None) -> tuple[int, ...] | None:
    """``--years``: the same reader as the interface's fields of years (lists and ranges);
    whether each year has data is judged against the store."""
    from cchc_desktop.core.year_list import parse_years

    if text is None:
        return None
    try:
        years = parse_years(text, bounds=None)
    except ValueError as exc:
        raise Refused(f"{exc} (ví dụ đúng: --years 2025,2026 hoặc --years 2025-2027).") from exc
    if not years:
        raise Refused("Hãy chọn ít nhất một năm để đưa vào gói (ví dụ --years 2025).")
    return years


def _package_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cchc_desktop.core.clock import system_clock
    from cchc_desktop.core.text import format_size
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.transfer import FILE_SUFFIX
    from cchc_desktop.transfer.model import PackageOptions
    from cchc_desktop.transfer.writer import available_years, export_package, package_file_name

    years = years_option(args.years)
    password = password_option(args, new=True)
    options = PackageOptions(
        years=years, personal_data=not args.no_personal_data, password=password
    )
    with existing_store(args.db) as store:
        if years:
            present = available_years(store.conn)
            missing = [y for y in years if y not in present]
            if missing:
                having = ", ".join(str(y) for y in present) or "chưa có năm nào"
                raise Refused(
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
            raise Refused(
                f"Tệp «{target}» đã có. Hãy chọn tên khác, hoặc thêm --overwrite để ghi đè."
            )
        result = export_package(store.conn, target, options, progress=progress_printer())
    manifest = result.manifest
    say(f"Đã tạo gói dữ liệu: {result.path}")
    say(f"Kích thước: {format_size(result.size)}. Nội dung: {scope_text(manifest)}.")
    say("Gồm:")
    for line in counts_lines(manifest.counts):
        say(line)
    if manifest.encrypted:
        say("Hãy báo mật khẩu cho người nhận bằng cách khác, không ghi kèm USB.")
    return 0


def _verified(args: argparse.Namespace, *, counts: bool = True) -> VerifiedPackage:
    """The package checked in full (password read first when the package has one)."""
    from pathlib import Path

    from cchc_desktop.transfer.reader import read_manifest, verify_package

    path = Path(args.file)
    manifest = read_manifest(path)
    password = password_option(args)
    if manifest.encrypted and password is None:
        from cchc_desktop.transfer import WrongPasswordError

        raise WrongPasswordError(
            "Gói này có mật khẩu. Hãy cho biết mật khẩu của gói bằng --password-env BIẾN "
            "hoặc --password-stdin."
        )
    package = verify_package(path, password, progress=progress_printer())
    say(f"Gói dữ liệu: {path}")
    for line in manifest_lines(package.manifest, path.stat().st_size):
        say(line)
    members = len(package.manifest.members)
    say(
        f"Kiểm tra: gói nguyên vẹn ({members} thành phần, mã kiểm tra SHA-256 đều khớp với bản kê)."
    )
    if counts:
        say("Gồm:")
        for line in counts_lines(package.manifest.counts):
            say(line)
    return package


def _package_verify(args: argparse.Namespace) -> int:
    from cchc_desktop.transfer.merge import plan_import

    if args.db:
        # The store is opened (and locked) before the package is read: a store the
        # interface holds is refused at once.
        with existing_store(args.db) as store:
            package = _verified(args, counts=False)
            plan = plan_import(store.conn, package)
            for line in plan_lines(plan, store.path, RULE_CHOICE):
                say(line)
        say("Chỉ kiểm tra và xem trước: chưa có gì thay đổi trên máy.")
        return 0
    _verified(args)
    return 0


def _package_conflicts(args: argparse.Namespace) -> int:
    from cchc_desktop.core.text import format_utc_time
    from cchc_desktop.transfer.conflicts import list_conflicts

    with existing_store(args.db) as store:
        found = list_conflicts(store.conn, only_open=not args.all)
    if not found:
        say(
            "Không có xung đột nào."
            if args.all
            else "Không có xung đột nào chưa xem (thêm --all để xem cả những xung đột cũ)."
        )
        return 0
    say(f"{len(found)} xung đột{'' if args.all else ' chưa xem'}:")
    for entry in found:
        seen = "đã xem" if entry.seen else "chưa xem"
        say(
            f"- {format_utc_time(entry.found_at)} · {entry.kind_label} «{entry.title}» · "
            f"{entry.description} · đang giữ: {entry.kept_text.lower()} · {seen}"
        )
        for label, here, there in entry.fields:
            say(
                f"    {label}: máy này «{here.text}» ({here.who_and_when}), máy kia "
                f"«{there.text}» ({there.who_and_when})"
            )
    return 0


def _confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    stdin = sys.stdin
    if stdin is None or not stdin.isatty() or args.password_stdin:
        raise Refused(
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
    with existing_store(args.db) as store:
        package = _verified(args, counts=False)
        plan = plan_import(store.conn, package)
        for line in plan_lines(plan, store.path, args.conflicts):
            say(line)
        if not plan.has_changes:
            say("Không cần nhập: chưa có gì thay đổi trên máy.")
            return 0
        if not _confirmed(args):
            say("Đã hủy; dữ liệu trên máy không thay đổi.")
            return 1
        resolutions = {conflict.key: choice for conflict in plan.conflicts}
        result = apply_import(
            store.conn, store.path, plan, resolutions, progress=progress_printer()
        )
    new = sum(s.new for s in result.summaries)
    updated = sum(s.updated for s in result.summaries)
    deleted = sum(s.deleted for s in result.summaries)
    say(
        f"Đã nhập gói «{package.path.name}»: {new} bản ghi mới, {updated} cập nhật, "
        f"{deleted} xóa" + (f"; {result.new_files} tệp đính kèm mới." if result.new_files else ".")
    )
    if plan.conflicts:
        if choice == TAKE_INCOMING:
            say(f"{len(plan.conflicts)} xung đột: đã lấy bản trong gói.")
        elif choice == KEEP_LOCAL:
            say(f"{len(plan.conflicts)} xung đột: đã giữ bản trên máy này.")
        else:
            say(
                f"{len(plan.conflicts)} xung đột: đã giữ bản sửa sau cùng, như mọi máy khác "
                "(giá trị còn lại được ghi trong lịch sử trao đổi)."
            )
    if result.backup is not None:
        say(f"Bản sao lưu dữ liệu trước khi nhập: {result.backup}")
    return 0
