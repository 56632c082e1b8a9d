"""Opening a store from the interface: every problem gets a message and a way out."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cchc_desktop.paths import backup_dir_for
from cchc_desktop.store import (
    DamagedStoreError,
    ForeignFileError,
    NewerStoreError,
    Store,
    StoreError,
    StoreLocationError,
    open_store,
)
from cchc_desktop.store.opening import restore_damaged_store

STORE_FILE_FILTER = "Tệp dữ liệu CCHC (*.db);;Mọi tệp (*)"


class Choice(enum.Enum):
    RETRY = "retry"
    CHOOSE_OTHER = "choose"
    USE_DEFAULT = "default"
    OPEN_BACKUPS = "backups"
    RESTORE = "restore"
    QUIT = "quit"


# Problems that trying again cannot change: the file itself is the answer.
_FINAL_VERDICTS = (DamagedStoreError, NewerStoreError, ForeignFileError)


def problem_box(
    error: StoreError, *, can_use_default: bool, parent: QWidget | None = None
) -> tuple[QMessageBox, dict[object, Choice]]:
    """The message box for a problem, with its buttons (button → choice).

    «Khôi phục từ bản sao lưu tốt gần nhất» is offered — and is the default — only for
    damage (:class:`DamagedStoreError`, raised only on evidence of damage). A full disk, a
    lock, a permission, a failing disk, a missing file get «Thử lại» as the default.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Không mở được tệp dữ liệu")
    box.setText(error.message)
    choices: dict[object, Choice] = {}
    if not isinstance(error, _FINAL_VERDICTS):
        retry = box.addButton("Thử lại", QMessageBox.ButtonRole.AcceptRole)
        choices[retry] = Choice.RETRY
        box.setDefaultButton(retry)
    choices[box.addButton("Chọn tệp khác…", QMessageBox.ButtonRole.AcceptRole)] = (
        Choice.CHOOSE_OTHER
    )
    if can_use_default:
        choices[box.addButton("Dùng tệp mặc định", QMessageBox.ButtonRole.ActionRole)] = (
            Choice.USE_DEFAULT
        )
    if isinstance(error, DamagedStoreError):
        if error.backup is not None:
            restore = box.addButton(
                "Khôi phục từ bản sao lưu tốt gần nhất", QMessageBox.ButtonRole.ActionRole
            )
            choices[restore] = Choice.RESTORE
            box.setDefaultButton(restore)
        choices[box.addButton("Mở thư mục sao lưu", QMessageBox.ButtonRole.ActionRole)] = (
            Choice.OPEN_BACKUPS
        )
    quit_button = box.addButton("Thoát", QMessageBox.ButtonRole.RejectRole)
    choices[quit_button] = Choice.QUIT
    box.setEscapeButton(quit_button)
    return box, choices


def ask_about_problem(
    error: StoreError, *, can_use_default: bool, parent: QWidget | None = None
) -> Choice:
    box, choices = problem_box(error, can_use_default=can_use_default, parent=parent)
    box.exec()
    return choices.get(box.clickedButton(), Choice.QUIT)


def choose_store_file(parent: QWidget | None, start: Path) -> Path | None:
    """Pick an existing data file, or name a new one to create."""
    dialog = QFileDialog(parent, "Chọn tệp dữ liệu có sẵn hoặc đặt tên tệp mới", str(start))
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setNameFilter(STORE_FILE_FILTER)
    dialog.setDefaultSuffix("db")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Chọn")
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, "Hủy")
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def _tell(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, "Tệp dữ liệu", text)


def missing_file_error(path: Path) -> StoreLocationError:
    return StoreLocationError(
        f"Không tìm thấy tệp dữ liệu đã dùng lần trước: {path} (có thể USB chưa cắm hoặc "
        "tệp đã được chuyển đi). Hãy cắm lại USB rồi chọn lại tệp, hoặc dùng tệp mặc định.",
        path,
    )


def open_store_interactively(
    path: Path,
    default_path: Path,
    *,
    must_exist: bool = False,
    parent: QWidget | None = None,
    ask: Callable[..., Choice] = ask_about_problem,
    choose: Callable[[QWidget | None, Path], Path | None] = choose_store_file,
    tell: Callable[[QWidget | None, str], None] | None = None,
) -> Store | None:
    """Open ``path``; on a problem, explain and let the officer choose. None means quit.

    With ``must_exist`` (a file remembered from last time) a missing file is never created.
    """
    tell = tell or _tell
    while True:
        try:
            if must_exist and not path.exists():
                raise missing_file_error(path)
            return open_store(path, create=not must_exist)
        except StoreError as error:
            problem = error
            choice = ask(error, can_use_default=path != default_path, parent=parent)
        if choice is Choice.RESTORE and isinstance(problem, DamagedStoreError) and problem.backup:
            try:
                kept = restore_damaged_store(path, problem.backup)
            except StoreError as error:
                tell(parent, error.message)
                continue
            tell(
                parent,
                f"Đã khôi phục dữ liệu từ bản sao lưu {problem.backup.name}. Những gì nhập sau "
                f"lần sao lưu đó không có trong bản này. Tệp hỏng được giữ lại tại {kept}.",
            )
            continue
        if choice is Choice.RETRY:
            continue
        if choice is Choice.CHOOSE_OTHER:
            chosen = choose(parent, path.parent if path.parent.exists() else default_path.parent)
            if chosen is not None:
                path, must_exist = chosen, False
        elif choice is Choice.USE_DEFAULT:
            path, must_exist = default_path, False
        elif choice is Choice.OPEN_BACKUPS:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_dir_for(path))))
        else:
            return None
