"""What the officer does to the task register from its screen — add, edit, duplicate, change
status, delete, import, generate the periodic reports — each change undoable.

The dialogs are imported when first opened: the page is built at start-up, and start-up
should not pay for what it does not show.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QWidget

from cchc_desktop.context import AppContext
from cchc_desktop.core.changes import Changes
from cchc_desktop.store import StoreError, StoreWriteError
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.task_repo import (
    BulkResult,
    delete_tasks,
    duplicate_task,
    load_task,
    set_status,
)
from cchc_desktop.store.task_undo import TaskSnapshot, added_snapshot, restore_tasks, snapshot_tasks
from cchc_desktop.ui.tasks.table import TaskTable
from cchc_desktop.ui.toolkit.ask import ask_yes_no
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.operations import announce, refusal_shown

UNDO_DEPTH = 20


class TasksView(Protocol):
    """What the actions need of the screen that shows the register."""

    title: str
    table: TaskTable

    def ensure_loaded(self) -> None: ...
    def reload(self) -> None: ...
    def update_actions(self) -> None: ...
    def statistics_year(self) -> int: ...
    def due_soon_days(self) -> int: ...


def refused_text(result: BulkResult) -> str:
    """What a status change did, with the first tasks it could not change and why."""
    lines = "\n".join(f"• {content}: {reason}" for _, content, reason in result.refused[:15])
    more = len(result.refused) - 15
    return (
        f"Đã đổi {len(result.changed)} nhiệm vụ. {len(result.refused)} nhiệm vụ không "
        f"đổi được:\n{lines}" + (f"\n… và {more} nhiệm vụ khác." if more > 0 else "")
    )


class TaskActions(QObject):
    """The register's changes, asked from ``view`` (dialogs open over ``parent``); keeps the
    last changes to undo."""

    def __init__(self, context: AppContext, view: TasksView, parent: QWidget):
        super().__init__(parent)
        self._context = context
        self._store = context.store
        self._today = context.today
        self._view = view
        self._parent = parent
        self._undo: list[tuple[str, TaskSnapshot]] = []

    def undo_label(self) -> str | None:
        """What «Hoàn tác» would take back, if anything."""
        return self._undo[-1][0] if self._undo else None

    def _changed(
        self,
        label: str,
        before: TaskSnapshot,
        select: list[str] | None = None,
        fallback_row: int | None = None,
    ) -> None:
        self._undo.append((label, before))
        del self._undo[:-UNDO_DEPTH]
        self._view.reload()
        announce(self._store, Changes(tasks=True), self._parent)
        self._view.table.select_tasks(select or [], fallback_row)
        self._view.update_actions()

    def _run(self, dialog: QDialog) -> int:
        """Show a dialog; the keyboard comes back to the table after it."""
        result = dialog.exec()
        self._view.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return result

    def add_task(self) -> None:
        from cchc_desktop.ui.tasks.editor import TaskEditorDialog

        dialog = TaskEditorDialog(self._store, None, self._today(), self._parent)
        if self._run(dialog) and dialog.saved and dialog.saved.uuid:
            uuid = dialog.saved.uuid
            self._changed("thêm nhiệm vụ", added_snapshot([uuid]), [uuid])

    def edit_selected(self) -> None:
        uuids = self._view.table.selected_uuids()
        if len(uuids) == 1:
            self.edit_task(uuids[0])

    def edit_task(self, uuid: str) -> None:
        """Open one task in the editor (also from the staff plan, whatever the filter shows)."""
        uuids = [uuid]
        task = load_task(self._store, uuid)
        if task is None:
            return
        self._view.ensure_loaded()
        from cchc_desktop.ui.tasks.editor import TaskEditorDialog

        before = snapshot_tasks(self._store, uuids)
        dialog = TaskEditorDialog(self._store, task, self._today(), self._parent)
        if self._run(dialog) and dialog.saved:
            if dialog.saved == task:  # saved as it was: nothing to undo
                return
            self._changed("sửa nhiệm vụ", before, uuids)

    def duplicate_selected(self) -> None:
        uuids = self._view.table.selected_uuids()
        if len(uuids) != 1:
            return
        try:
            copy = duplicate_task(self._store, uuids[0], self._today())
        except (StoreError, ValueError) as exc:
            QMessageBox.warning(self._parent, self._view.title, getattr(exc, "message", str(exc)))
            return
        assert copy.uuid
        self._changed("nhân bản nhiệm vụ", added_snapshot([copy.uuid]), [copy.uuid])

    def change_status(self) -> None:
        uuids = self._view.table.selected_uuids()
        if not uuids:
            return
        from cchc_desktop.ui.tasks.dialogs import StatusDialog

        dialog = StatusDialog(len(uuids), self._today(), self._parent)
        if not self._run(dialog):
            return
        status, completed_on = dialog.choice()
        before = snapshot_tasks(self._store, uuids)
        with refusal_shown(self._parent, self._view.title) as done:
            result = set_status(self._store, uuids, status, completed_on, self._today())
        if not done:
            return
        self._changed(f"đổi trạng thái {len(result.changed)} nhiệm vụ", before, uuids)
        if result.refused:
            QMessageBox.information(self._parent, "Đổi trạng thái", refused_text(result))

    def confirm_delete(self, count: int) -> bool:
        return ask_yes_no(
            self._parent,
            "Xóa nhiệm vụ",
            f"Xóa {count} nhiệm vụ đang chọn? Ngay sau khi xóa vẫn có thể hoàn tác (Ctrl+Z).",
        )

    def delete_selected(self) -> None:
        uuids = self._view.table.selected_uuids()
        if not uuids or not self.confirm_delete(len(uuids)):
            return
        first_row = self._view.table.selected_ranges()[0][0]
        before = snapshot_tasks(self._store, uuids)
        with refusal_shown(self._parent, self._view.title) as done:
            deleted = delete_tasks(self._store, uuids)
        if not done:
            return
        # the keyboard stays where the deleted tasks were: on the next one
        self._changed(f"xóa {deleted} nhiệm vụ", before, fallback_row=first_row)

    def undo(self) -> None:
        if not self._undo:
            return
        label, before = self._undo.pop()
        try:
            restore_tasks(self._store, before)
        except StoreError as exc:
            if isinstance(exc, StoreWriteError):  # the disk, not the change: it can be retried
                self._undo.append((label, before))
            show_user_error(self._parent, self._view.title, exc)
            self._view.update_actions()
            return
        self._view.reload()
        announce(self._store, Changes(tasks=True), self._parent)
        self._view.table.select_tasks([row["uuid"] for row in before.rows["tasks"]])
        self._view.update_actions()
        window = self._parent.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Đã hoàn tác: {label}", 4000)

    def _default_lead(self) -> str:
        profile = load_profile(self._store)
        return profile.preparer_name if profile else ""

    def import_tasks(self) -> None:
        from cchc_desktop.ui.tasks.import_dialog import ImportTasksDialog

        dialog = ImportTasksDialog(self._store, self._today(), self._default_lead(), self._parent)
        if self._run(dialog) and dialog.added:
            uuids = [t.uuid for t in dialog.added if t.uuid]
            self._changed(f"nhập {len(uuids)} nhiệm vụ từ Excel", added_snapshot(uuids), uuids)

    def periodic_reports(self) -> None:
        year = self._context.working_year()
        from cchc_desktop.ui.tasks.dialogs import PeriodicReportsDialog

        lead = self._default_lead() or "Văn phòng HĐND và UBND"
        dialog = PeriodicReportsDialog(self._store, year, lead, self._today(), self._parent)
        self._run(dialog)
        if dialog.added:
            uuids = [t.uuid for t in dialog.added if t.uuid]
            label = f"tạo {len(uuids)} nhiệm vụ báo cáo định kỳ"
            self._changed(label, added_snapshot(uuids), uuids)

    def statistics(self) -> None:
        from cchc_desktop.ui.tasks.dialogs import StatisticsDialog

        year, days = self._view.statistics_year(), self._view.due_soon_days()
        self._run(StatisticsDialog(self._store, year, self._today(), days, self._parent))
