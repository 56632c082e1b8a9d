"""The «Sao lưu & trao đổi dữ liệu» screen: a tab for backups, a tab for USB packages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from cchc_desktop.context import AppContext
from cchc_desktop.ui.backup.backups_tab import BackupsTab
from cchc_desktop.ui.backup.packages import PackagesTab
from cchc_desktop.ui.toolkit.operations import subscribe
from cchc_desktop.ui.toolkit.page import ui_settings
from cchc_desktop.ui.toolkit.widgets import HeadingLabel


class BackupPage(QWidget):
    """Backups and packages of the open store.

    ``replace_store_requested`` forwards the swaps of both tabs (see
    ``MainWindow.replace_store_requested``); a tab takes part by having a signal of the same
    name.
    """

    title = "Sao lưu & trao đổi dữ liệu"
    replace_store_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        store, settings = context.store, ui_settings(context)
        layout = QVBoxLayout(self)
        layout.addWidget(HeadingLabel(self.title))
        self.tabs = QTabWidget()
        self.backups_tab = BackupsTab(store, settings, self)
        self.packages_tab = PackagesTab(store, settings, self)
        self.tabs.addTab(self.backups_tab, "Sao lưu")
        self.tabs.addTab(self.packages_tab, "Gói dữ liệu (USB)")
        layout.addWidget(self.tabs, 1)
        subscribe(self, store, lambda changes: self.refresh() if changes.backups else None)
        for tab in (self.backups_tab, self.packages_tab):
            signal = getattr(tab, "replace_store_requested", None)
            if signal is not None:
                signal.connect(self.replace_store_requested.emit)

    def refresh(self) -> None:
        self.backups_tab.refresh()
