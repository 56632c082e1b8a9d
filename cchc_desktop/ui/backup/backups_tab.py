"""The «Sao lưu» tab: backups now or to a USB stick, the list, automatic backups, restores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.text import format_datetime, format_size, os_error_text
from cchc_desktop.jobs import CancelledFn, Job, ProgressFn
from cchc_desktop.paths import backup_dir_for
from cchc_desktop.removable import removable_drives, suggested_folder
from cchc_desktop.store.backup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    REASON_MANUAL,
    BackupInfo,
    integrity_problems,
    list_backups,
    make_backup,
    reason_label,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.protected_backup import (
    LOCAL_BACKUPS_NOTE,
    SUFFIX,
    UNPROTECTED_USB_WARNING,
    BackupPasswordError,
    is_protected_backup,
    make_protected_backup,
    preview_backup,
    read_protected_header,
    restore_backup,
)
from cchc_desktop.store.restore import RestorePreview
from cchc_desktop.store.settings_repo import BACKUP_WARNING_DAYS, backup_warning_days, set_setting
from cchc_desktop.ui.backup.backup_restore_dialog import RESTORE_TITLE, RestorePreviewDialog
from cchc_desktop.ui.backup.usb_backup_dialog import UsbBackupDialog
from cchc_desktop.ui.backup.widgets import selectable_label
from cchc_desktop.ui.toolkit.background import BackgroundTask, report_failure, run_in_background
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.operations import refusal_shown
from cchc_desktop.ui.toolkit.settings import MAX_AUTO_BACKUP_MINUTES, UiSettings
from cchc_desktop.ui.toolkit.widgets import NoticeLabel

BACKUP_FILE_FILTER = f"Bản sao lưu CCHC Desktop (*.db *{SUFFIX});;Mọi tệp (*)"
CHECKED_WHEN_WRITTEN = "Đã kiểm tra khi ghi"
COLUMNS = ["Thời điểm", "Loại", "Dung lượng", "Đã kiểm tra", "Tệp"]


def restore_swap(
    source: Path, password: str | None = None
) -> Callable[[Path, ProgressFn, CancelledFn], str]:
    """The swap for ``MainWindow.replace_store_requested``: restore ``source`` over the store
    (a protected backup is decrypted beside the store with ``password``, then removed)."""

    def swap(store_path: Path, progress: ProgressFn, cancelled: CancelledFn) -> str:
        safety = restore_backup(
            store_path, source, password, progress=progress, cancelled=cancelled
        )
        return f"Đã khôi phục dữ liệu từ {source}.\n\nBản sao dữ liệu trước khi khôi phục: {safety}"

    return swap


class BackupsTab(QWidget):
    """Backups of the open store, and restoring one.

    ``replace_store_requested`` carries a swap for ``MainWindow.replace_store_requested``.
    """

    replace_store_requested = Signal(object)
    auto_backup_minutes_changed = Signal(int)
    title = "Sao lưu & trao đổi dữ liệu"

    def __init__(self, store: Store, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self.task: BackgroundTask | None = None
        self.preview_dialog: RestorePreviewDialog | None = None
        self.usb_dialog: UsbBackupDialog | None = None
        self._checked: dict[Path, str] = {}
        self._backups: list[BackupInfo] = []
        column = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Tệp dữ liệu:", selectable_label(str(store.path)))
        form.addRow("Thư mục sao lưu:", selectable_label(str(self.backup_folder)))
        column.addLayout(form)
        self._build_backup_buttons(column)
        self._build_schedule(column)
        self.result = NoticeLabel("", "info")
        self.result.hide()
        column.addWidget(self.result)
        self._build_list(column)
        self._connect()
        self.refresh()

    def _build_backup_buttons(self, column: QVBoxLayout) -> None:
        """Back up now, to a USB stick, open the folder; what a backup carries."""
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.setToolTip("Tạo một bản sao đã kiểm tra của toàn bộ dữ liệu")
        self.backup_elsewhere_button = QPushButton("Sao lưu ra USB…")
        self.open_folder_button = QPushButton("Mở thư mục sao lưu")
        for button in (self.backup_button, self.backup_elsewhere_button, self.open_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.personal_note = NoticeLabel(
            "Bản sao lưu là toàn bộ dữ liệu, gồm cả dữ liệu cá nhân của cán bộ, công chức "
            "(ngày sinh, giới tính, dân tộc — Nghị định 13/2023/NĐ-CP): giữ USB cẩn thận, "
            "không gửi bản sao lưu cho người khác. Để gửi danh sách không kèm dữ liệu cá nhân, "
            "dùng «Xuất Excel…» ở trang Cán bộ & chuẩn hóa.",
            "warning",
        )
        column.addWidget(self.personal_note)
        self.local_note = NoticeLabel(LOCAL_BACKUPS_NOTE, "warning")
        column.addWidget(self.local_note)

    def _build_schedule(self, column: QVBoxLayout) -> None:
        """Automatic backups every so many minutes, the reminder's days, what is kept."""
        auto = QHBoxLayout()
        auto.addWidget(QLabel("Sao lưu tự động sau mỗi"))
        self.auto_minutes = QSpinBox()
        self.auto_minutes.setRange(0, MAX_AUTO_BACKUP_MINUTES)
        self.auto_minutes.setSingleStep(5)
        self.auto_minutes.setSuffix(" phút")
        self.auto_minutes.setSpecialValueText("tắt")
        self.auto_minutes.setAccessibleName("Số phút giữa hai lần sao lưu tự động")
        self.auto_minutes.setToolTip("0 = tắt sao lưu tự động định kỳ")
        self.auto_minutes.setValue(self._settings.auto_backup_minutes)
        auto.addWidget(self.auto_minutes)
        auto.addWidget(QLabel("khi có thay đổi (0 = tắt)."))
        auto.addStretch(1)
        column.addLayout(auto)
        warning = QHBoxLayout()
        warning.addWidget(QLabel("Trang Tổng quan nhắc khi bản sao lưu gần nhất cũ hơn"))
        self.warning_days = QSpinBox()
        self.warning_days.setRange(1, 90)
        self.warning_days.setSuffix(" ngày")
        self.warning_days.setAccessibleName("Số ngày trước khi nhắc sao lưu")
        self.warning_days.setValue(backup_warning_days(self._store))
        warning.addWidget(self.warning_days)
        warning.addStretch(1)
        column.addLayout(warning)
        self.auto_note = QLabel(
            "Khi đóng chương trình, nếu dữ liệu có thay đổi, chương trình luôn sao lưu. "
            f"Bản tự động được giữ: {KEEP_RECENT} bản gần nhất, bản mới nhất của mỗi ngày "
            f"({KEEP_DAILY} ngày), mỗi tuần ({KEEP_WEEKLY} tuần), mỗi tháng ({KEEP_MONTHLY} "
            "tháng); các bản cũ hơn tự xóa. Bản sao lưu thủ công không bao giờ bị tự xóa."
        )
        self.auto_note.setWordWrap(True)
        column.addWidget(self.auto_note)
        self.last_backup_label = QLabel()
        column.addWidget(self.last_backup_label)

    def _build_list(self, column: QVBoxLayout) -> None:
        """The backups, their summary, and what can be done with the one selected."""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(160)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.summary = QLabel()
        column.addWidget(self.summary)
        actions = QHBoxLayout()
        self.restore_button = QPushButton("Khôi phục bản đã chọn…")
        self.restore_button.setToolTip("Xem trước rồi thay dữ liệu hiện tại bằng bản sao lưu này")
        self.restore_file_button = QPushButton("Khôi phục từ tệp khác…")
        self.restore_file_button.setToolTip(
            f"Chọn một bản sao lưu (.db, hoặc {SUFFIX} có mật khẩu) ở USB hoặc thư mục khác để "
            "khôi phục"
        )
        self.check_button = QPushButton("Kiểm tra lại bản đã chọn")
        self.check_button.setToolTip("Đọc lại toàn bộ bản sao lưu để chắc chắn tệp còn tốt")
        for button in (self.restore_button, self.restore_file_button, self.check_button):
            actions.addWidget(button)
        actions.addStretch(1)
        column.addLayout(actions)

    def _connect(self) -> None:
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.backup_elsewhere_button.clicked.connect(self._backup_elsewhere)
        self.open_folder_button.clicked.connect(self._open_folder)
        self.restore_button.clicked.connect(self._restore_selected)
        self.restore_file_button.clicked.connect(self._restore_other_file)
        self.check_button.clicked.connect(self._check_selected)
        self.auto_minutes.valueChanged.connect(self._auto_minutes_changed)
        self.warning_days.valueChanged.connect(self._warning_days_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    @property
    def backup_folder(self) -> Path:
        return backup_dir_for(self._store.path)

    # --- the list ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._update_usb_hint()
        super().showEvent(event)

    def _update_usb_hint(self) -> None:
        drives = removable_drives()
        tip = "Lưu một bản sao vào USB hoặc một thư mục khác"
        if drives:
            tip += f" (đang cắm USB: {', '.join(str(d) for d in drives)})"
        self.backup_elsewhere_button.setToolTip(tip)

    def refresh(self) -> None:
        selected = self.selected_backup()
        self._backups = list_backups(self._store.path)
        self.table.setRowCount(len(self._backups))
        for row, info in enumerate(self._backups):
            texts = (
                format_datetime(info.created),
                info.label,
                format_size(info.size),
                self._checked.get(info.path, CHECKED_WHEN_WRITTEN),
                info.path.name,
            )
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
            if selected is not None and info.path == selected.path:
                self.table.selectRow(row)
        if self._backups:
            newest = self._backups[0]
            self.summary.setText(
                f"Có {len(self._backups)} bản sao lưu; "
                f"gần nhất lúc {format_datetime(newest.created)}."
            )
            self.last_backup_label.setText(
                f"Lần sao lưu gần nhất: {format_datetime(newest.created)} "
                f"({reason_label(newest.reason)})."
            )
        else:
            self.summary.setText("Chưa có bản sao lưu nào.")
            self.last_backup_label.setText("Lần sao lưu gần nhất: chưa có.")
        self._update_buttons()

    def selected_backup(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._backups):
            return None
        return self._backups[rows[0].row()]

    def _update_buttons(self) -> None:
        busy = self.task is not None and self.task.is_running
        chosen = self.selected_backup() is not None
        for button in (self.backup_button, self.backup_elsewhere_button):
            button.setEnabled(not busy)
        self.restore_button.setEnabled(chosen and not busy)
        self.check_button.setEnabled(chosen and not busy)
        self.restore_file_button.setEnabled(not busy)

    def _warning_days_changed(self, value: int) -> None:
        try:
            set_setting(self._store, BACKUP_WARNING_DAYS, value)
        except StoreError as exc:
            show_user_error(self, "Sao lưu", exc)

    def _auto_minutes_changed(self, value: int) -> None:
        self._settings.auto_backup_minutes = value
        self.auto_backup_minutes_changed.emit(value)

    # --- backing up ----------------------------------------------------------------------

    def backup_now(self, folder: Path | None = None, password: str | None = None) -> BackgroundTask:
        """A manual backup: into the backup folder, or ``folder`` (protected by ``password``
        when one is given)."""
        path = self._store.path

        def job(progress: ProgressFn, cancelled: CancelledFn) -> Path:
            if password:
                assert folder is not None  # a password protects a copy outside the PC only
                return make_protected_backup(
                    path, folder, password, REASON_MANUAL, progress=progress, cancelled=cancelled
                )
            return make_backup(path, REASON_MANUAL, folder, progress=progress, cancelled=cancelled)

        return self._run("Sao lưu dữ liệu", job, self._on_backed_up)

    def _run(self, title: str, job: Job, on_success: Callable[[Any], object]) -> BackgroundTask:
        self.task = run_in_background(self, title, job, on_success)
        self.task.finished.connect(self._update_buttons)
        self._update_buttons()
        return self.task

    def _on_backed_up(self, target: Path) -> None:
        if target.suffix == SUFFIX:
            self.result.say(
                f"Đã sao lưu có mật khẩu và kiểm tra xong: {target}. Quên mật khẩu thì không "
                "khôi phục được bản này.",
                "success",
            )
        elif target.parent != self.backup_folder:
            self.result.say(
                f"Đã sao lưu và kiểm tra xong: {target}. {UNPROTECTED_USB_WARNING}", "warning"
            )
        else:
            self.result.say(f"Đã sao lưu và kiểm tra xong: {target}", "success")
        self.refresh()

    def _backup_elsewhere(self) -> UsbBackupDialog:
        """«Sao lưu ra USB…»: the password (or the warning without one), then the folder."""
        dialog = UsbBackupDialog(self)
        dialog.accepted.connect(lambda: self._choose_backup_folder(dialog.chosen_password))
        dialog.finished.connect(dialog.deleteLater)
        self.usb_dialog = dialog
        dialog.open()
        return dialog

    def _choose_backup_folder(self, password: str | None) -> None:
        start = suggested_folder(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục hoặc ổ USB để lưu bản sao", str(start)
        )
        if folder:
            self.backup_now(Path(folder), password)

    def _open_folder(self) -> None:
        folder = self.backup_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            QMessageBox.warning(
                self, self.title, f"Không mở được thư mục {folder} ({os_error_text(exc)})."
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _check_selected(self) -> BackgroundTask | None:
        info = self.selected_backup()
        if info is None:
            return None

        def job(progress: ProgressFn, cancelled: CancelledFn) -> tuple[Path, list[str]]:
            progress(0, 0, "Đang đọc lại bản sao lưu…")
            return info.path, integrity_problems(info.path)

        return self._run("Kiểm tra bản sao lưu", job, self._on_checked)

    def _on_checked(self, outcome: tuple[Path, list[str]]) -> None:
        path, problems = outcome
        if problems:
            self._checked[path] = "HỎNG: " + "; ".join(problems[:2])
            self.result.say(
                f"Bản sao lưu {path.name} bị hỏng ({'; '.join(problems[:2])}); "
                "không dùng bản này để khôi phục.",
                "error",
            )
        else:
            self._checked[path] = f"Tốt (kiểm tra lại lúc {format_datetime(datetime.now())})"
            self.result.say(f"Bản sao lưu {path.name} còn tốt.", "success")
        self.refresh()

    # --- restoring -----------------------------------------------------------------------

    def _restore_selected(self) -> None:
        info = self.selected_backup()
        if info is not None:
            self.preview_restore(info.path)

    def _restore_other_file(self) -> None:
        start = suggested_folder(self.backup_folder)
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản sao lưu để khôi phục", str(start), BACKUP_FILE_FILTER
        )
        if chosen:
            self.preview_restore(Path(chosen))

    def preview_restore(
        self, source: Path, password: str | None = None, *, wrong: bool = False
    ) -> BackgroundTask | None:
        """Read ``source`` (on a worker thread), then show what restoring it would bring.

        A protected backup asks for its password first (again after a wrong one); None when
        the officer gives up, or the file cannot be read.
        """
        store_path = self._store.path
        protected = is_protected_backup(source)
        if protected and (password is None or wrong):
            password = self._ask_backup_password(source, wrong)
            if password is None:
                return None

        def job(progress: ProgressFn, cancelled: CancelledFn) -> RestorePreview:
            progress(0, 0, "Đang đọc và kiểm tra bản sao lưu…")
            return preview_backup(
                store_path, source, password, progress=progress, cancelled=cancelled
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, BackupPasswordError):
                self.preview_restore(source, password, wrong=True)
            else:
                report_failure(self, RESTORE_TITLE, exc)

        self.task = run_in_background(
            self,
            "Đọc bản sao lưu",
            job,
            lambda preview: self._show_preview(preview, password if protected else None),
            failed,
        )
        self.task.finished.connect(self._update_buttons)
        self._update_buttons()
        return self.task

    def _ask_backup_password(self, source: Path, wrong: bool) -> str | None:
        with refusal_shown(self, RESTORE_TITLE) as done:
            info = read_protected_header(source)
        if not done:
            return None
        text = f"{info.description}\nNhập mật khẩu của bản sao lưu:"
        if wrong:
            text = "Mật khẩu không đúng. Nhập lại mật khẩu của bản sao lưu.\n\n" + text
        password, ok = QInputDialog.getText(self, RESTORE_TITLE, text, QLineEdit.EchoMode.Password)
        return password if ok else None

    def _show_preview(self, preview: RestorePreview, password: str | None = None) -> None:
        dialog = RestorePreviewDialog(
            preview, self._store.path, self, protected=password is not None
        )
        dialog.accepted.connect(
            lambda: self.replace_store_requested.emit(restore_swap(preview.source, password))
        )
        dialog.finished.connect(dialog.deleteLater)
        self.preview_dialog = dialog
        dialog.open()
