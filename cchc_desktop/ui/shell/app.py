"""Starting the interface: the application object, the store, the first run, the window."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from cchc_desktop import APP_NAME, __version__
from cchc_desktop.core.clock import system_clock
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.paths import (
    data_dir,
    default_store_path,
    demo_store_path,
    icons_dir,
    ui_settings_path,
)
from cchc_desktop.store import Store, StoreError
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.shell.first_run import FirstRunDialog
from cchc_desktop.ui.shell.main_window import MainWindow
from cchc_desktop.ui.shell.store_dialogs import choose_store_file, open_store_interactively
from cchc_desktop.ui.toolkit.background import BackgroundTask, run_in_background
from cchc_desktop.ui.toolkit.errors import install_exception_hook, show_user_error
from cchc_desktop.ui.toolkit.fonts import interface_font, register_bundled_fonts
from cchc_desktop.ui.toolkit.settings import UiSettings
from cchc_desktop.ui.toolkit.translation import install_qt_translation
from cchc_desktop.ui.users.sign_in import ask_to_sign_in

log = logging.getLogger(__name__)


def create_application(settings: UiSettings) -> QApplication:
    """The QApplication with the bundled fonts, Vietnamese locale and text size."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    install_qt_translation()
    register_bundled_fonts()
    app.setFont(interface_font(settings.point_size))
    app.setWindowIcon(QIcon(str(icons_dir() / "app.png")))
    return app


class AppController(QObject):
    """Owns the open store and its window; can switch to another data file."""

    store_replaced = Signal()  # after replace_store, with the new window shown

    def __init__(self, settings: UiSettings, args: argparse.Namespace):
        super().__init__()
        self.swap_task: BackgroundTask | None = None
        self._quit_on_last_window = True
        self.settings = settings
        self.args = args
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.first_run: FirstRunDialog | None = None
        # «Nhắc việc» after the window shows: run_gui turns it on; tests ask for it.
        self.remind_at_start = False
        self.reminder: QDialog | None = None

    def _initial_path(self) -> tuple[Path, bool]:
        if self.args.db:
            return Path(self.args.db), False
        if self.args.demo:
            return demo_store_path(), False
        chosen = self.settings.chosen_store_path
        if chosen is not None:
            return chosen, True
        return default_store_path(), False

    def start(self) -> bool:
        path, must_exist = self._initial_path()
        default = demo_store_path() if self.args.demo else default_store_path()
        store = open_store_interactively(path, default, must_exist=must_exist)
        if store is None:
            return False
        if self.args.demo:
            from cchc_desktop.demo import fill_demo_store  # only for --demo

            try:
                fill_demo_store(store, system_clock())
            except StoreError as exc:
                store.close()
                show_user_error(None, APP_NAME, exc)
                return False
        elif not self.args.db:
            self._remember(store)
        if not ask_to_sign_in(store):  # sign-in is on and the user chose to quit
            store.close()
            return False
        self._show(store)
        if self.remind_at_start and self.window is not None and self.first_run is None:
            from cchc_desktop.ui.overview.reminder import start_up_reminder

            window = self.window
            self.reminder = start_up_reminder(
                window, window.store, window.settings, system_clock(), window.show_tasks
            )
        return True

    def _show(self, store: Store) -> None:
        self.store = store
        self.window = MainWindow(store, self.settings)
        self.window.open_other_store_requested.connect(self.open_other_store)
        self.window.replace_store_requested.connect(self.replace_store)
        self.window.show()
        if load_profile(store) is None:
            self.first_run = FirstRunDialog(store, self.window)
            self.first_run.accepted.connect(self._first_run_done)
            self.first_run.rejected.connect(self._show_profile)
            self.first_run.open()

    def _show_profile(self) -> None:
        if self.window is not None:
            self.window.show_page("profile")

    def _first_run_done(self) -> None:
        if self.window is not None:
            self.window.profile_page.reload()
            self.window.show_profile(load_profile(self.window.store))
            self.window.show_page("overview")

    def open_other_store(self) -> None:
        if self.window is None or self.store is None:
            return
        chosen = choose_store_file(self.window, self.store.path.parent)
        if chosen is None or chosen.absolute() == self.store.path:
            return
        if not self.window.close():  # unsaved changes kept the window open
            return
        old_window, old_store = self.window, self.store
        self.window = None
        old_store.close()
        store = open_store_interactively(chosen, default_store_path(), parent=None)
        old_window.deleteLater()
        if store is None or not ask_to_sign_in(store):
            if store is not None:
                store.close()
            QApplication.quit()
            return
        self._remember(store)
        self._show(store)

    def replace_store(self, swap: Callable[[Path, ProgressFn, CancelledFn], str]) -> None:
        """Run ``swap`` on the closed store, then show the store again (see
        ``MainWindow.replace_store_requested`` for the contract).

        Returns at once; ``store_replaced`` fires when the new window is shown.
        """
        if self.window is None or self.store is None or self.swap_task is not None:
            return
        window = self.window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        # No window for a moment is no reason to quit: switched off BEFORE the window closes,
        # since closing the last window posts the quit at once (and the program would end
        # with the swap's thread still running).
        self._quit_on_last_window = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        window.skip_close_backup = True  # the swap backs the data up itself
        if not window.close():  # unsaved changes kept the window open
            window.skip_close_backup = False
            app.setQuitOnLastWindowClosed(self._quit_on_last_window)
            return
        path = self.store.path
        self.window = None
        self.store.close()
        self.store = None
        window.deleteLater()

        def job(progress: ProgressFn, cancelled: CancelledFn) -> str:
            return swap(path, progress, cancelled)

        self.swap_task = run_in_background(
            None,
            "Khôi phục dữ liệu",
            job,
            lambda message: self._reopen_after_swap(path, message, None),
            lambda exc: self._reopen_after_swap(path, None, exc),
        )

    def _reopen_after_swap(
        self, path: Path, message: str | None, error: BaseException | None
    ) -> None:
        self.swap_task = None  # its progress box went with the job
        app = QApplication.instance()
        store = open_store_interactively(path, default_store_path(), parent=None)
        if store is None or not ask_to_sign_in(store):
            if store is not None:
                store.close()
            QApplication.quit()
            return
        self._show(store)
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(self._quit_on_last_window)
        if error is None:
            QMessageBox.information(self.window, "Khôi phục dữ liệu", message or "")
        elif isinstance(error, JobCancelled):
            QMessageBox.information(
                self.window,
                "Khôi phục dữ liệu",
                "Đã hủy khôi phục. Dữ liệu vẫn giữ nguyên như trước.",
            )
        elif isinstance(error, StoreError):
            show_user_error(self.window, "Khôi phục dữ liệu", error)
        else:
            log.error("Replacing %s failed", path, exc_info=error)
            QMessageBox.warning(
                self.window,
                "Khôi phục dữ liệu",
                "Không khôi phục được vì một lỗi ngoài dự kiến. Dữ liệu đã được mở lại như "
                "trước; chi tiết lỗi được ghi trong tệp nhật ký.",
            )
        self.store_replaced.emit()

    def _remember(self, store: Store) -> None:
        """Open this file at the next start, unless it is the default one."""
        default = default_store_path().absolute()
        self.settings.chosen_store_path = None if store.path == default else store.path

    def shutdown(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _report_startup_and_quit() -> None:
    """For benchmarks/startup.py: the window is on screen; say so, with memory, and quit."""
    memory: dict[str, int] = {}
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                memory[line.split(":")[0]] = int(line.split()[1])
    print(
        json.dumps({"shown": True, "rss_kb": memory.get("VmRSS"), "peak_kb": memory.get("VmHWM")}),
        flush=True,
    )
    QApplication.quit()


def run_gui(args: argparse.Namespace) -> int:
    with contextlib.suppress(OSError):
        data_dir().mkdir(parents=True, exist_ok=True)
    settings = UiSettings(ui_settings_path())
    app = create_application(settings)
    install_exception_hook()
    controller = AppController(settings, args)
    controller.remind_at_start = not getattr(args, "measure_startup", False)
    if not controller.start():
        return 1
    if getattr(args, "measure_startup", False):
        QTimer.singleShot(0, _report_startup_and_quit)
    code = app.exec()
    controller.shutdown()
    settings.sync()
    return code
