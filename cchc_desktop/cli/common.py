"""What every command shares: printing, refusing, opening the store, the password."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cchc_desktop.core.errors import UserError
from cchc_desktop.paths import log_dir

if TYPE_CHECKING:
    from cchc_desktop.jobs import ProgressFn
    from cchc_desktop.store import Store

Command = Callable[[argparse.Namespace], int]


def use_utf8_streams() -> None:
    """A Windows console may not be UTF-8; Vietnamese must not crash a print."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def say(text: str) -> None:
    stream = sys.stdout or sys.stderr  # a windowed bundle may have neither
    if stream is not None:
        print(text, file=stream, flush=True)


def fail(message: str) -> int:
    print(message, file=sys.stderr, flush=True)
    return 1


class Refused(UserError):
    """A refusal found by the command line itself (bad option value, missing file …)."""


def refusal_text(exc: BaseException) -> str:
    """The refusal as the interface shows it (a package's damaged member named)."""
    from cchc_desktop.transfer import PackageError, package_error_text

    if isinstance(exc, PackageError):
        return package_error_text(exc)
    return str(getattr(exc, "message", exc))


def guarded(command: Command) -> Command:
    """Run ``command(args)``; every refusal becomes exit 1 with its message on stderr."""
    from cchc_desktop.jobs import JobCancelled
    from cchc_desktop.store import StoreError
    from cchc_desktop.transfer import PackageError

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except (Refused, PackageError, StoreError) as exc:
            return fail(refusal_text(exc))
        except (JobCancelled, KeyboardInterrupt):
            return fail("Đã dừng theo yêu cầu; dữ liệu trên máy không thay đổi.")
        except Exception as exc:  # a defect, not a refusal: logged in full, told briefly
            import logging

            logging.getLogger(__name__).exception("Command %s failed", command.__name__)
            return fail(
                f"Lỗi ngoài dự kiến ({type(exc).__name__}: {exc}). Chi tiết đã ghi vào nhật ký "
                f"trong thư mục {log_dir()}."
            )

    return run


def existing_store(value: str) -> Store:
    """The store at ``value``, opened (and locked); these commands never create one."""
    from pathlib import Path

    from cchc_desktop.store import open_store

    path = Path(value)
    if not path.is_file():
        raise Refused(f"Không tìm thấy tệp dữ liệu «{path}».")
    # create=False: should the file vanish meanwhile, nothing is created in its place; an
    # empty (0-byte) or cut-short file is reported as damage, never taken for a new store.
    return open_store(path, create=False)


def password_option(args: argparse.Namespace, *, new: bool = False) -> str | None:
    """The password from ``--password-env`` or ``--password-stdin``, never from argv."""
    import os

    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise Refused(
                f"Biến môi trường «{args.password_env}» (ghi ở --password-env) chưa được đặt. "
                "Chưa làm gì."
            )
    elif args.password_stdin:
        line = sys.stdin.readline()
        value = line.rstrip("\r\n")
    else:
        return None
    if not value:
        raise Refused("Mật khẩu trống. Hãy đặt mật khẩu, hoặc bỏ tùy chọn mật khẩu.")
    from cchc_desktop.crypto import short_password_text

    if new and (problem := short_password_text(value)):
        raise Refused(problem)
    return value


def progress_printer() -> ProgressFn:
    """A progress callback that prints each new step once (not every chunk)."""
    shown = {"text": ""}

    def progress(_done: int, _total: int, text: str) -> None:
        if text and text != shown["text"]:
            shown["text"] = text
            say(text)

    return progress
