"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.core.tasks import DerivedState, SourceKind
from cchc_desktop.core.text import format_datetime
from cchc_desktop.logs import current_log_file
from cchc_desktop.paths import data_dir
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.backup.page import BackupPage
from cchc_desktop.ui.backup.scheduler import AutoBackup
from cchc_desktop.ui.overview.page import OverviewPage
from cchc_desktop.ui.profile.page import ProfilePage
from cchc_desktop.ui.reports.page import ReportsPage
from cchc_desktop.ui.scoring.page import ScoringPage
from cchc_desktop.ui.shell.help import HelpWindow, section_for
from cchc_desktop.ui.shell.help import show_help as open_guide
from cchc_desktop.ui.staff.page import StaffPage
from cchc_desktop.ui.tasks.page import TasksPage
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.background import running_tasks
from cchc_desktop.ui.toolkit.fonts import DEFAULT_POINT_SIZE, interface_font
from cchc_desktop.ui.toolkit.operations import announce, subscribe
from cchc_desktop.ui.toolkit.page import page_title
from cchc_desktop.ui.toolkit.settings import UiSettings
from cchc_desktop.ui.toolkit.widgets import (
    NAVIGATION_STYLE_SHEET,
    NoticeLabel,
    Shortcut,
    scroll_area,
)
from cchc_desktop.ui.users.sign_in import SessionGuard

PAGE_KEYS = ("overview", "tasks", "staff", "scoring", "reports", "backup", "profile")


class MainWindow(QMainWindow):
    """Holds the screens of one open store."""

    open_other_store_requested = Signal()
    # Replace the open store's data (restore from a backup or a package). Carries a callable
    # ``swap(store_path: Path, progress, cancelled) -> str``, a job in the sense of
    # cchc_desktop.jobs. The application (AppController.replace_store) closes this window
    # (the usual questions about unsaved changes first; no closing backup) and the store,
    # runs ``swap`` on a worker thread behind a progress dialog while nothing holds the
    # file, reopens the same path (migrating an older file) in a new window and shows the
    # returned text, the success message. When ``swap`` raises, the store is reopened as it
    # is and the failure shown (a StoreError's message as it is). ``swap`` must leave the
    # file intact when it fails and takes its own backup of the current data first (as
    # store.restore.restore_from_file does).
    replace_store_requested = Signal(object)

    def __init__(self, store: Store, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        # What every screen of this data file shares, built once here.
        self.context = AppContext(store, settings)
        self.store = store
        self.settings = settings
        # Small enough for 1366×768 at 150 % display scaling; screens scroll inside.
        self.setMinimumSize(QSize(640, 420))

        self.overview_page = OverviewPage(self.context)
        self.backup_page = BackupPage(self.context)
        self.backup_page.replace_store_requested.connect(self.replace_store_requested.emit)
        # Set by the application when closing for a swap: the swap backs up by itself.
        self.skip_close_backup = False
        self._help_window: HelpWindow | None = None  # the guide, once opened
        self.auto_backup = AutoBackup(store, settings, self)
        self.auto_backup.backed_up.connect(self._auto_backup_done)
        self.auto_backup.failed.connect(self._auto_backup_failed)
        self.profile_page = ProfilePage(self.context)
        self.tasks_page = TasksPage(self.context)
        self.staff_page = StaffPage(self.context)
        self.staff_page.open_task_requested.connect(self._open_task)
        self.scoring_page = ScoringPage(self.context)
        self.scoring_page.open_task_requested.connect(self._open_task)
        self.reports_page = ReportsPage(self.context)
        self.reports_page.open_profile_requested.connect(lambda: self.show_page("profile"))
        self.overview_page.open_tasks_requested.connect(self.show_tasks)
        self.overview_page.open_task_requested.connect(self._open_task)
        self.overview_page.open_staff_requested.connect(self._show_staff_not_met)
        self.overview_page.open_scoring_requested.connect(self._show_scoring_year)
        self.overview_page.open_missing_evidence_requested.connect(self._show_missing_evidence)
        self.overview_page.open_backup_requested.connect(lambda: self.show_page("backup"))
        self.pages: dict[str, QWidget] = {
            "overview": self.overview_page,
            "tasks": self.tasks_page,
            "staff": self.staff_page,
            "scoring": self.scoring_page,
            "reports": self.reports_page,
            "backup": self.backup_page,
            "profile": self.profile_page,
        }

        self.setCentralWidget(self._build_central(store.is_demo))
        self.store_label = QLabel(f"Tệp dữ liệu: {store.path}")
        self.statusBar().addWidget(self.store_label, 1)

        self._build_menus()
        # The pages refresh themselves on the changes they hear; the window shows the
        # profile's name in its title.
        subscribe(self, store, self._on_changes)
        self.show_profile(load_profile(store))
        # Who is at the keyboard (optional sign-in): status bar, role rules, idle lock.
        self.session = SessionGuard(self, store, self._apply_role)
        self.show_page_index(settings.last_page)
        self._restore_geometry()

    # --- layout ---------------------------------------------------------------------------

    def _build_navigation(self) -> None:
        """The list of screens on the left, each screen in the stack on the right."""
        self.navigation = QListWidget()
        self.navigation.setStyleSheet(NAVIGATION_STYLE_SHEET)
        self.navigation.setAccessibleName("Danh mục chức năng")
        self.stack = QStackedWidget()
        for index, key in enumerate(PAGE_KEYS):
            page = self.pages[key]
            title = page_title(page)
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Ctrl+{index + 1})")
            self.navigation.addItem(item)
            own_scrolling = key in ("profile", "tasks", "staff", "scoring")
            self.stack.addWidget(page if own_scrolling else scroll_area(page, framed=False))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._fit_navigation()

    def _build_central(self, demo: bool) -> QWidget:
        """The demo banner above the navigation and the screens."""
        self._build_navigation()
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.demo_banner = NoticeLabel(
            "Đây là DỮ LIỆU MẪU để làm quen với chương trình, không phải dữ liệu của đơn vị. "
            "Không dùng để báo cáo.",
            "warning",
        )
        self.demo_banner.setVisible(demo)
        column.addWidget(self.demo_banner)
        column.addWidget(body, 1)
        return central

    def _restore_geometry(self) -> None:
        """Where the officer left the window, else a size that fits the screen."""
        geometry = self.settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            self.resize(
                min(1100, int(available.width() * 0.92)), min(720, int(available.height() * 0.9))
            )

    def _fit_navigation(self) -> None:
        """Size the navigation to its texts, for any text size or display scaling."""
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(page_title(p)) for p in self.pages.values())
        row_height = metrics.height() + 18
        for row in range(self.navigation.count()):
            self.navigation.item(row).setSizeHint(QSize(widest + 28, row_height))
        self.navigation.setFixedWidth(widest + 44)

    def showEvent(self, event: QShowEvent) -> None:
        if not self.auto_backup.timer.isActive():
            self.auto_backup.resume()  # shown again after a close that was taken back
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == event.Type.FontChange:
            self._fit_navigation()
        super().changeEvent(event)

    def _apply_role(self, leader: bool) -> None:
        """Only a leader (anyone while sign-in is off) edits the criteria and the profile."""
        self.scoring_page.set_permissions(leader)
        self.profile_page.set_editable(leader)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self._action(
            file_menu,
            "Mở tệp dữ liệu khác…",
            self.open_other_store_requested.emit,
            QKeySequence.StandardKey.Open,
        )
        self._action(file_menu, "Mở thư mục dữ liệu", lambda: self._open_folder(data_dir()))
        self._action(file_menu, "Người dùng và đăng nhập…", lambda: self.session.manage_users())
        file_menu.addSeparator()
        self._action(file_menu, "Thoát", self.close, QKeySequence.StandardKey.Quit)

        go_menu = self.menuBar().addMenu("Chức &năng")
        for index, key in enumerate(PAGE_KEYS):
            self._action(
                go_menu,
                # «Cán bộ & chuẩn hóa»: a single & would make the next letter a mnemonic
                page_title(self.pages[key]).replace("&", "&&"),
                lambda _checked=False, i=index: self.show_page_index(i),
                f"Ctrl+{index + 1}",
            )

        view_menu = self.menuBar().addMenu("&Xem")
        zoom_in = self._action(
            view_menu,
            "Phóng to chữ",
            lambda: self.change_text_size(+1),
            QKeySequence.StandardKey.ZoomIn,
        )
        zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        zoom_out = self._action(
            view_menu,
            "Thu nhỏ chữ",
            lambda: self.change_text_size(-1),
            QKeySequence.StandardKey.ZoomOut,
        )
        zoom_out.setShortcuts([QKeySequence("Ctrl+-")])
        self._action(view_menu, "Cỡ chữ mặc định", self.reset_text_size, "Ctrl+0")
        view_menu.addSeparator()
        self._action(view_menu, "Lịch sử thay đổi…", self.show_history, "Ctrl+H")

        help_menu = self.menuBar().addMenu("Trợ &giúp")
        # F1 on any screen: the guide at the section about that screen.
        self.help_action = self._action(help_menu, "Hướng dẫn sử dụng", self.show_help, "F1")
        help_menu.addSeparator()
        self._action(help_menu, "Mở thư mục nhật ký", self._open_log_folder)
        self._action(help_menu, f"Giới thiệu {APP_NAME}", self.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., object],  # triggered(checked) calls it with or without the flag
        shortcut: Shortcut | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- behaviour ------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        self.show_page_index(PAGE_KEYS.index(key))

    def show_tasks(self, state: DerivedState | None = None, kind: SourceKind | None = None) -> None:
        """The task register filtered by derived state and source kind (overview cards)."""
        self.tasks_page.show_state(state, kind)
        self.show_page("tasks")

    def _show_staff_not_met(self) -> None:
        self.show_page("staff")
        combo = self.staff_page.outcome_filter
        combo.setCurrentIndex(max(combo.findData("not_met"), 0))

    def _show_scoring_year(self, year: int) -> None:
        self.show_page("scoring")
        self.scoring_page.show_year(year)

    def _show_missing_evidence(self, year: int) -> None:
        """The sheet of ``year`` filtered to the lines scored without evidence or explanation."""
        self._show_scoring_year(year)
        button = self.scoring_page.sheet_tab.evidence_button
        if button.isEnabled():
            button.setChecked(True)

    def _open_task(self, uuid: str) -> None:
        self.show_page("tasks")
        self.tasks_page.controller.edit_task(uuid)

    def _on_changes(self, changes: Changes) -> None:
        if changes.profile:
            self.show_profile(load_profile(self.store))

    def _auto_backup_done(self, _target: Path) -> None:
        announce(self.store, Changes(backups=True), self)
        moment = self.auto_backup.last_backup or datetime.now()
        self.statusBar().showMessage(f"Đã tự động sao lưu lúc {moment:%H:%M}", 60_000)

    def _auto_backup_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            f"Chưa tự động sao lưu được ({format_datetime(datetime.now())}): {message}"
        )

    def show_page_index(self, index: int) -> None:
        index = index if 0 <= index < len(PAGE_KEYS) else 0
        self.navigation.setCurrentRow(index)

    def current_page_key(self) -> str:
        return PAGE_KEYS[self.stack.currentIndex()]

    def change_text_size(self, step: int) -> None:
        self.settings.point_size = self.settings.point_size + step
        QApplication.setFont(interface_font(self.settings.point_size))
        self.statusBar().showMessage(f"Cỡ chữ: {self.settings.point_size}", 2000)

    def reset_text_size(self) -> None:
        self.settings.point_size = DEFAULT_POINT_SIZE
        self.change_text_size(0)

    def show_profile(self, profile: CommuneProfile | None) -> None:
        title = f"{profile.short_name} — {APP_NAME}" if profile else APP_NAME
        if self.store.is_demo:
            title += " — DỮ LIỆU MẪU"
        self.setWindowTitle(title)
        self.overview_page.set_profile(profile)

    def _open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _open_log_folder(self) -> None:
        log_file = current_log_file()
        if log_file:
            self._open_folder(log_file.parent)
        else:
            QMessageBox.information(self, APP_NAME, "Máy này không ghi được tệp nhật ký.")

    def about_text(self) -> str:
        log_file = current_log_file()
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Hỗ trợ công tác cải cách hành chính cấp xã: nhiệm vụ CCHC, chuẩn hóa đội ngũ "
            "cán bộ, công chức, tự chấm điểm Chỉ số CCHC, báo cáo gửi cấp trên.</p>"
            f"<p><b>Tệp dữ liệu đang mở:</b><br>{self.store.path}</p>"
            f"<p><b>Thư mục dữ liệu:</b><br>{data_dir()}</p>"
            f"<p><b>Tệp nhật ký:</b><br>{log_file or 'không ghi được'}</p>"
            f"<p>Cấu trúc dữ liệu phiên bản {self.store.schema_version}. "
            "Phông chữ Liberation (giấy phép SIL Open Font License 1.1).</p>"
        )

    def show_history(self) -> None:
        from cchc_desktop.ui.history.dialog import HistoryDialog

        HistoryDialog(self.store, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, f"Giới thiệu {APP_NAME}", self.about_text())

    def show_help(self, section: str | None = None) -> HelpWindow:
        """The user guide at ``section`` (by default the one about the current screen)."""
        tabs = self.backup_page.tabs
        on_packages = tabs.currentWidget() is self.backup_page.packages_tab
        wanted = section or section_for(self.current_page_key(), on_packages)
        self._help_window = open_guide(self._help_window, self, wanted)
        return self._help_window

    def ask_about_unsaved_changes(self) -> str:
        """``"save"``, ``"discard"`` or ``"cancel"``."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(APP_NAME)
        box.setText("Thông tin đơn vị có thay đổi chưa lưu. Lưu trước khi đóng?")
        answers: dict[QAbstractButton, str] = {
            box.addButton("Lưu", QMessageBox.ButtonRole.AcceptRole): "save",
            box.addButton("Không lưu", QMessageBox.ButtonRole.DestructiveRole): "discard",
        }
        box.setEscapeButton(box.addButton("Quay lại", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return answers.get(box.clickedButton(), "cancel")

    def closeEvent(self, event: QCloseEvent) -> None:
        if running_tasks():
            QMessageBox.information(
                self,
                APP_NAME,
                "Chương trình đang làm một việc chạy nền (ví dụ: sao lưu). "
                "Hãy chờ việc đó xong rồi đóng chương trình.",
            )
            event.ignore()
            return
        if self.staff_page.has_unsaved_changes():
            self.show_page("staff")
            if not ask_yes_no(
                self,
                APP_NAME,
                "Bộ tiêu chuẩn đang sửa có thay đổi chưa lưu thành phiên bản mới. "
                "Đóng chương trình và bỏ các thay đổi đó?",
            ):
                event.ignore()
                return
        if self.profile_page.has_unsaved_changes():
            choice = self.ask_about_unsaved_changes()
            if choice == "cancel" or (choice == "save" and not self.profile_page.save()):
                self.show_page("profile")
                event.ignore()
                return
        if not self._backup_before_closing():
            event.ignore()
            return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.last_page = self.stack.currentIndex()
        self.settings.sync()
        event.accept()

    def ask_close_without_backup(self, reason: str) -> bool:
        """The closing backup failed: close anyway?"""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Không sao lưu được khi đóng: {reason}. Vẫn đóng chương trình?")
        close = box.addButton("Đóng", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Quay lại", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is close

    def _backup_before_closing(self) -> bool:
        """Back up when the data changed this session; False keeps the window open."""
        self.auto_backup.stop()
        if self.skip_close_backup or not self.auto_backup.needs_backup_on_close():
            return True
        problem = self.auto_backup.backup_before_closing(self)
        if problem is None or self.ask_close_without_backup(problem.rstrip(". ")):
            return True
        self.auto_backup.resume()
        return False
