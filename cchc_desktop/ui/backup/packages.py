"""The «Gói dữ liệu (USB)» tab: create a package, import one (merge), restore from one (replace).

Every step that reads a package or the store for long runs in the background with its own
connection; the dialogs in ``package_dialogs.py`` only ask and show. A refusal of the
transfer layer (:class:`PackageError`) is shown as it is, and nothing has changed.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop.core.changes import Changes
from cchc_desktop.core.clock import system_clock
from cchc_desktop.core.text import format_size
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.removable import suggested_folder
from cchc_desktop.store import StoreError
from cchc_desktop.store.backup import remove_store_files
from cchc_desktop.store.database import Store
from cchc_desktop.store.opening import connect_worker
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.restore import restore_from_file
from cchc_desktop.transfer import (
    FILE_SUFFIX,
    PackageError,
    WrongPasswordError,
    package_error_text,
)
from cchc_desktop.transfer.conflicts import open_count
from cchc_desktop.transfer.exchange_text import counts_text, direction_text, exchange_summary
from cchc_desktop.transfer.merge import apply_import, create_store_from_package, plan_import
from cchc_desktop.transfer.model import (
    ExportResult,
    ImportPlan,
    ImportResult,
    Manifest,
    VerifiedPackage,
)
from cchc_desktop.transfer.package_restore import (
    demo_refusal,
    record_counts,
    restore_rows,
    restore_warnings,
)
from cchc_desktop.transfer.reader import read_manifest, verify_package
from cchc_desktop.transfer.writer import available_years, export_package, package_file_name
from cchc_desktop.ui.backup.conflicts_dialog import ConflictsDialog
from cchc_desktop.ui.backup.import_preview import ImportPreviewDialog
from cchc_desktop.ui.backup.package_dialogs import CreatePackageDialog, RestorePreviewDialog
from cchc_desktop.ui.backup.widgets import local_time, years_text
from cchc_desktop.ui.toolkit.background import BackgroundTask, report_failure, run_in_background
from cchc_desktop.ui.toolkit.operations import announce
from cchc_desktop.ui.toolkit.settings import UiSettings
from cchc_desktop.ui.toolkit.widgets import HeadingLabel, NoticeLabel

log = logging.getLogger(__name__)

FILE_FILTER = f"Gói dữ liệu CCHC (*{FILE_SUFFIX})"
FOLDER_KEY = "packages/folder"
CREATE_TITLE = "Tạo gói dữ liệu"
IMPORT_TITLE = "Nhập gói dữ liệu"
RESTORE_TITLE = "Khôi phục từ gói dữ liệu"
HISTORY_LIMIT = 200

Swap = Callable[[Path, ProgressFn, CancelledFn], str]


class PackagesTab(QWidget):
    """Create, import and restore ``.cchc`` packages; the history of exchanges."""

    title = "Gói dữ liệu (USB)"
    # The store's records changed (an import): the screens showing them should reload.
    data_changed = Signal()
    # A package's data should replace the store: carries ``swap(store_path, progress,
    # cancelled) -> str`` for MainWindow.replace_store_requested (forwarded by the page).
    replace_store_requested = Signal(object)

    def __init__(self, store: Store, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._settings = settings
        # an imported package changed the records: every screen showing them reads again
        self.data_changed.connect(lambda: announce(store, Changes.everything(), self))
        self._qs = QSettings(str(settings.path), QSettings.Format.IniFormat)
        self.task: BackgroundTask | None = None
        self.result_folder: Path | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Gói dữ liệu (tệp .cchc) mang dữ liệu của đơn vị sang máy khác bằng USB. Nhập gói "
            "thì gộp dữ liệu trong gói vào dữ liệu trên máy theo từng mục, có xem trước; mục "
            "mà cả hai máy cùng sửa thì mọi máy giữ bản sửa sau cùng và ghi lại cả hai giá trị. "
            "Khôi phục từ gói thì thay toàn bộ dữ liệu trên máy bằng dữ liệu trong gói. Cả hai "
            "đều tự sao lưu dữ liệu hiện tại trước."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._build_buttons())
        layout.addWidget(self._build_result())
        self._build_history(layout)
        self._connect()
        self.reload()

    def _build_buttons(self) -> QHBoxLayout:
        """Create, import, restore, and the conflicts of past imports."""
        buttons = QHBoxLayout()
        self.create_button = QPushButton("Tạo gói dữ liệu…")
        self.create_button.setToolTip("Ghi dữ liệu của đơn vị ra một tệp .cchc (USB)")
        self.import_button = QPushButton("Nhập gói dữ liệu…")
        self.import_button.setToolTip("Gộp dữ liệu trong một gói vào dữ liệu trên máy này")
        self.restore_button = QPushButton("Khôi phục từ gói dữ liệu…")
        self.restore_button.setToolTip("Thay toàn bộ dữ liệu trên máy này bằng dữ liệu trong gói")
        self.conflicts_button = QPushButton("Xung đột khi trao đổi…")
        self.conflicts_button.setToolTip(
            "Những mục hai máy cùng sửa: cả hai giá trị, ai sửa, lúc nào; có thể dùng bản còn lại"
        )
        for button in (
            self.create_button,
            self.import_button,
            self.restore_button,
            self.conflicts_button,
        ):
            button.setMinimumHeight(button.sizeHint().height() + 6)
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def _build_result(self) -> QGroupBox:
        """«Kết quả»: what the last step did, and its folder; hidden until a step ends."""
        self.result_box = QGroupBox("Kết quả")
        column = QVBoxLayout(self.result_box)
        self.notice = NoticeLabel("", "success")
        column.addWidget(self.notice)
        row = QHBoxLayout()
        self.open_folder_button = QPushButton("Mở thư mục")
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        column.addLayout(row)
        self.result_box.hide()
        return self.result_box

    def _build_history(self, layout: QVBoxLayout) -> None:
        """«Lịch sử trao đổi dữ liệu»: the packages written and imported on this PC."""
        layout.addWidget(HeadingLabel("Lịch sử trao đổi dữ liệu", 1.1))
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(["Thời điểm", "Chiều", "Tệp", "Tóm tắt"])
        self.history.setAccessibleName("Lịch sử trao đổi dữ liệu")
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setTabKeyNavigation(False)
        self.history.setWordWrap(False)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.history.setMinimumHeight(160)
        layout.addWidget(self.history, 1)
        self.history_empty = QLabel("Chưa tạo hay nhập gói dữ liệu nào trên máy này.")
        self.history_empty.setStyleSheet("QLabel { color:#555; }")
        layout.addWidget(self.history_empty)

    def _connect(self) -> None:
        """The buttons to their steps, and the order Tab follows."""
        self.create_button.clicked.connect(lambda: self.create_package())
        self.import_button.clicked.connect(lambda: self.import_package())
        self.restore_button.clicked.connect(lambda: self.restore_package())
        self.conflicts_button.clicked.connect(lambda: self.show_conflicts())
        self.open_folder_button.clicked.connect(self.open_result_folder)
        for first, second in (
            (self.create_button, self.import_button),
            (self.import_button, self.restore_button),
            (self.restore_button, self.conflicts_button),
            (self.conflicts_button, self.open_folder_button),
            (self.open_folder_button, self.history),
        ):
            QWidget.setTabOrder(first, second)

    # --- history ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the exchange history again (a few hundred rows at most)."""
        try:
            rows = self._store.conn.execute(
                "SELECT happened_at, direction, file_name, unit_code, summary, backup_path "
                "FROM exchanges "
                "ORDER BY happened_at DESC, id DESC LIMIT ?",
                (HISTORY_LIMIT,),
            ).fetchall()
        except sqlite3.Error as exc:  # shown as empty; the rest of the tab still works
            log.warning("Could not read the exchange history: %s", exc)
            rows = []
        self.history.setRowCount(len(rows))
        for index, (happened, direction, file_name, unit_code, summary, backup) in enumerate(rows):
            short, detail = exchange_summary(summary)
            if backup:
                detail = f"{detail}\nBản sao lưu trước khi nhập: {backup}".strip()
            file_tip = f"{file_name}\nMã đơn vị: {unit_code}" if unit_code else file_name
            cells = (
                (local_time(happened), ""),
                (direction_text(direction), ""),
                (Path(file_name).name if file_name else "", file_tip),
                (short, detail or short),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip or text)
                self.history.setItem(index, column, item)
        if rows:
            self.history.resizeColumnToContents(2)
            self.history.setColumnWidth(2, min(self.history.columnWidth(2), 360))
        self.history.setVisible(bool(rows))
        self.history_empty.setVisible(not rows)
        try:
            unseen = open_count(self._store.conn)
        except sqlite3.Error:
            unseen = 0
        self.conflicts_button.setText(
            f"Xung đột khi trao đổi ({unseen} chưa xem)…" if unseen else "Xung đột khi trao đổi…"
        )

    def show_conflicts(self) -> ConflictsDialog:
        """The log of concurrent edits; a value taken there is an edit: the pages reload."""
        dialog = ConflictsDialog(self._store.conn, self)
        dialog.exec()
        self.reload()
        if dialog.changed:
            self.data_changed.emit()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # the command line may have written or imported a package meanwhile

    # --- shared -------------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        remembered = self._qs.value(FOLDER_KEY, "")
        fallback = Path(str(remembered)) if remembered else Path.home()
        if not fallback.is_dir():
            fallback = Path.home()
        return suggested_folder(fallback)

    def _remember_folder(self, path: Path) -> None:
        self._qs.setValue(FOLDER_KEY, str(path.parent))
        self._qs.sync()

    def _say(self, text: str, kind: str = "success", folder: Path | None = None) -> None:
        self.notice.say(text, kind)
        self.result_folder = folder
        self.open_folder_button.setVisible(folder is not None)
        self.result_box.show()

    def _refuse(self, title: str, exc: BaseException) -> None:
        """A failed step: the reason in a message; the store is as it was."""
        if isinstance(exc, JobCancelled):
            self._say("Đã hủy; dữ liệu trên máy không thay đổi.", "warning")
            return
        if isinstance(exc, PackageError):
            text = package_error_text(exc)
        elif isinstance(exc, StoreError):
            text = exc.message
        else:
            report_failure(self, title, exc)
            return
        self._say(text, "error")
        QMessageBox.critical(self, title, text)

    def _choose_package(self, caption: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self, caption, str(self._start_folder()), FILE_FILTER)
        if not name:
            return None
        path = Path(name)
        self._remember_folder(path)
        return path

    def _read_manifest(self, path: Path, title: str) -> Manifest | None:
        try:
            return read_manifest(path)
        except PackageError as exc:
            self._refuse(title, exc)
            return None

    def _ask_password(self, manifest: Manifest, title: str, wrong: bool) -> str | None:
        unit = manifest.unit_name or "đơn vị"
        text = f"Gói dữ liệu của {unit}, tạo lúc {local_time(manifest.created_at)}, có mật khẩu."
        if wrong:
            text = "Mật khẩu không đúng. Nhập lại mật khẩu của gói.\n\n" + text
        else:
            text += "\nNhập mật khẩu của gói:"
        password, ok = QInputDialog.getText(self, title, text, QLineEdit.EchoMode.Password)
        return password if ok else None

    def _busy(self, on: bool) -> None:
        for button in (self.create_button, self.import_button, self.restore_button):
            button.setEnabled(not on)

    def _run(
        self,
        title: str,
        job: Callable[[ProgressFn, CancelledFn], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> BackgroundTask:
        self._busy(True)
        self.task = run_in_background(self, title, job, on_done, on_failed)
        self.task.finished.connect(lambda: self._busy(False))
        return self.task

    def _verify(
        self,
        path: Path,
        manifest: Manifest,
        title: str,
        then: Callable[[Any], None],
        *,
        plan: bool,
        password: str | None = None,
        wrong: bool = False,
    ) -> BackgroundTask | None:
        """Check the whole package (asking its password), and plan the import when ``plan``."""
        if manifest.encrypted and (password is None or wrong):
            password = self._ask_password(manifest, title, wrong)
            if password is None:
                return None
        store_path = self._store.path

        def job(progress: ProgressFn, cancelled: CancelledFn) -> Any:
            package = verify_package(path, password, progress=progress, cancelled=cancelled)
            if not plan:
                return package
            progress(0, 0, "Đang so sánh với dữ liệu trên máy…")
            conn = connect_worker(store_path)
            try:
                return plan_import(conn, package)
            finally:
                conn.close()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WrongPasswordError) and manifest.encrypted:
                self._verify(path, manifest, title, then, plan=plan, password=password, wrong=True)
            else:
                self._refuse(title, exc)

        return self._run(title, job, then, failed)

    # --- create -------------------------------------------------------------------------------

    def create_package(self) -> BackgroundTask | None:
        profile = load_profile(self._store)
        if profile is None or not profile.commune_name:
            text = (
                "Chưa có thông tin đơn vị: gói dữ liệu phải ghi rõ của xã nào. Nhập ở mục "
                "«Thông tin đơn vị» trước."
            )
            self._say(text, "error")
            QMessageBox.critical(self, CREATE_TITLE, text)
            return None
        dialog = CreatePackageDialog(available_years(self._store.conn), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options()
        dialog.deleteLater()
        if not accepted:
            return None
        name = package_file_name(profile.unit_name, options, system_clock())
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Lưu gói dữ liệu", str(self._start_folder() / name), FILE_FILTER
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != FILE_SUFFIX:
            target = target.with_name(target.name + FILE_SUFFIX)
        self._remember_folder(target)
        store_path = self._store.path

        def job(progress: ProgressFn, cancelled: CancelledFn) -> ExportResult:
            conn = connect_worker(store_path)
            try:
                return export_package(conn, target, options, progress=progress, cancelled=cancelled)
            finally:
                conn.close()

        return self._run(
            CREATE_TITLE, job, self._exported, lambda exc: self._refuse(CREATE_TITLE, exc)
        )

    def _exported(self, result: ExportResult) -> None:
        manifest = result.manifest
        lines = [
            f"Đã tạo gói dữ liệu: {result.path}",
            f"Kích thước: {format_size(result.size)}. Nội dung: {years_text(manifest.years)}; "
            + ("có" if manifest.personal_data else "không có")
            + " dữ liệu cá nhân; "
            + ("có mật khẩu." if manifest.encrypted else "không đặt mật khẩu."),
            f"Gồm: {counts_text(manifest.counts)}.",
        ]
        if manifest.encrypted:
            lines.append("Hãy báo mật khẩu cho người nhận bằng cách khác, không ghi kèm USB.")
        self._say("\n".join(lines), "success", result.path.parent)
        self.reload()

    # --- import -------------------------------------------------------------------------------

    def import_package(self, path: Path | None = None) -> BackgroundTask | None:
        path = path or self._choose_package("Chọn gói dữ liệu để nhập")
        if path is None:
            return None
        manifest = self._read_manifest(path, IMPORT_TITLE)
        if manifest is None:
            return None
        return self._verify(path, manifest, IMPORT_TITLE, self._preview_import, plan=True)

    def _preview_import(self, plan: ImportPlan) -> None:
        dialog = ImportPreviewDialog(plan, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        resolutions = dialog.resolutions()
        dialog.deleteLater()
        if not accepted or not plan.has_changes:
            return
        self.start_import(plan, resolutions)

    def start_import(self, plan: ImportPlan, resolutions: dict[str, str]) -> BackgroundTask:
        store_path = self._store.path

        def job(progress: ProgressFn, cancelled: CancelledFn) -> ImportResult:
            conn = connect_worker(store_path)
            try:
                return apply_import(
                    conn, store_path, plan, resolutions, progress=progress, cancelled=cancelled
                )
            finally:
                conn.close()

        def failed(exc: BaseException) -> None:
            self._refuse(IMPORT_TITLE, exc)
            self.reload()

        return self._run(IMPORT_TITLE, job, lambda result: self._imported(plan, result), failed)

    def _imported(self, plan: ImportPlan, result: ImportResult) -> None:
        new = sum(s.new for s in result.summaries)
        updated = sum(s.updated for s in result.summaries)
        deleted = sum(s.deleted for s in result.summaries)
        conflicts = sum(s.conflicts for s in result.summaries)
        lines = [
            f"Đã nhập gói «{plan.package.path.name}»: {new} bản ghi mới, {updated} cập nhật, "
            f"{deleted} xóa"
            + (f", {conflicts} xung đột" if conflicts else "")
            + (f"; {result.new_files} tệp đính kèm mới." if result.new_files else "."),
        ]
        if conflicts:
            lines.append(
                f"{conflicts} mục hai máy cùng sửa: mọi máy giữ bản sửa sau cùng; cả hai giá "
                "trị, người sửa và thời điểm có ở nút «Xung đột khi trao đổi…»."
            )
        if result.backup is not None:
            lines.append(f"Bản sao lưu dữ liệu trước khi nhập: {result.backup}")
        folder = result.backup.parent if result.backup is not None else None
        self._say("\n".join(lines), "success", folder)
        self.reload()
        self.data_changed.emit()
        QMessageBox.information(self, IMPORT_TITLE, "\n\n".join(lines))

    # --- restore ------------------------------------------------------------------------------

    def restore_package(self, path: Path | None = None) -> BackgroundTask | None:
        path = path or self._choose_package("Chọn gói dữ liệu để khôi phục")
        if path is None:
            return None
        manifest = self._read_manifest(path, RESTORE_TITLE)
        if manifest is None:
            return None
        if text := demo_refusal(manifest.demo, self._store.is_demo):
            self._refuse(RESTORE_TITLE, PackageError(text))
            return None
        return self._verify(path, manifest, RESTORE_TITLE, self._preview_restore, plan=False)

    def _preview_restore(self, package: VerifiedPackage) -> None:
        manifest = package.manifest
        rows = restore_rows(package, record_counts(self._store.conn))
        warnings = restore_warnings(manifest, load_profile(self._store))
        dialog = RestorePreviewDialog(manifest, package.path.name, rows, warnings, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        self.request_restore(package)

    def request_restore(self, package: VerifiedPackage) -> Swap:
        """Ask the window to close the store, swap in the package's data and reopen it."""
        name = package.path.name

        def swap(store_path: Path, progress: ProgressFn, cancelled: CancelledFn) -> str:
            store_path = Path(store_path)
            temp = store_path.with_name(f".{store_path.stem}-tu-goi-{uuid.uuid4().hex[:8]}.db")
            try:
                create_store_from_package(package, temp, progress=progress, cancelled=cancelled)
                backup = restore_from_file(store_path, temp, progress=progress, cancelled=cancelled)
            finally:
                remove_store_files(temp)
            return (
                f"Đã khôi phục dữ liệu từ gói «{name}».\n\n"
                f"Bản sao lưu dữ liệu trước khi khôi phục: {backup}"
            )

        self.replace_store_requested.emit(swap)
        return swap

    # --- result -------------------------------------------------------------------------------

    def open_result_folder(self) -> None:
        folder = self.result_folder
        if folder is None:
            return
        if not folder.is_dir():
            QMessageBox.warning(
                self,
                self.title,
                f"Không còn thư mục «{folder}» (USB có thể đã được rút ra).",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
