"""The shared import dialog: reading off the GUI thread, the one guard against stale reads,
the reasons a file cannot be read, and the store's refusal of a plan it changed under."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from cchc_desktop.importers.pipeline import ImportSource
from cchc_desktop.jobs import CancelledFn, ProgressFn
from cchc_desktop.store.imports import StaleImportError
from cchc_desktop.ui.toolkit.import_dialog import ImportDialog


class Reader:
    """Reads a file's name, on whatever thread runs it; may wait, or fail."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.hold: dict[str, threading.Event] = {}
        self.error: BaseException | None = None

    def __call__(self, path: Path, progress: ProgressFn, cancelled: CancelledFn) -> str:
        self.threads.append(threading.current_thread())
        if path.name in self.hold:
            self.hold[path.name].wait(5)
        if self.error is not None:
            raise self.error
        return path.name


class Probe(ImportDialog):
    def __init__(self, reader: Reader) -> None:
        super().__init__(ImportSource(choose_caption="Chọn tệp", read=reader), confirm_text="Nhập")
        self.shown: list[Any] = []
        self.replanned = 0
        layout = QVBoxLayout(self)
        for widget in (self.file_label, self.notice, self.tabs, self.buttons):
            layout.addWidget(widget)

    def show_reading(self, reading: Any) -> None:
        self.shown.append(reading)
        self.confirm_button.setEnabled(True)

    def store_changed(self) -> None:
        self.replanned += 1

    def confirm(self) -> None:
        def stale() -> None:
            raise StaleImportError()

        self.apply(stale)


def _probe(qtbot, reader: Reader) -> Probe:  # type: ignore[no-untyped-def]
    dialog = Probe(reader)
    qtbot.addWidget(dialog)
    return dialog


def test_the_file_is_read_off_the_gui_thread(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reader = Reader()
    dialog = _probe(qtbot, reader)
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(tmp_path / "a.xlsx")
    assert reader.threads and reader.threads[0] is not threading.main_thread()
    assert dialog.shown == ["a.xlsx"] and dialog.reading == "a.xlsx"
    assert dialog.read_error is None and dialog.confirm_button.isEnabled()


def test_a_read_overtaken_by_a_newer_one_is_dropped(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reader = Reader()
    reader.hold["slow.xlsx"] = threading.Event()
    dialog = _probe(qtbot, reader)
    slow = dialog.load(tmp_path / "slow.xlsx")
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(tmp_path / "fast.xlsx")
    with qtbot.waitSignal(slow.finished, timeout=10000):
        reader.hold["slow.xlsx"].set()
    assert dialog.shown == ["fast.xlsx"] and dialog.reading == "fast.xlsx"


def test_closing_drops_a_read_under_way(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reader = Reader()
    reader.hold["slow.xlsx"] = threading.Event()
    dialog = _probe(qtbot, reader)
    task = dialog.load(tmp_path / "slow.xlsx")
    dialog.reject()
    with qtbot.waitSignal(task.finished, timeout=10000):
        reader.hold["slow.xlsx"].set()
    assert dialog.shown == [] and dialog.reading is None


def test_a_file_that_cannot_be_read_says_why(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reader = Reader()
    reader.error = PermissionError(13, "Permission denied")
    dialog = _probe(qtbot, reader)
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(tmp_path / "a.xlsx")
    assert dialog.notice.text().startswith("Không có quyền đọc tệp «a.xlsx»")
    assert dialog.read_error == dialog.notice.text()
    assert "Permission denied" not in dialog.notice.text()
    assert dialog.shown == [] and not dialog.confirm_button.isEnabled()


def test_a_plan_the_store_changed_under_is_planned_again(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _probe(qtbot, Reader())
    dialog.show()
    with qtbot.waitSignal(dialog.read_finished, timeout=10000):
        dialog.load(tmp_path / "a.xlsx")
    dialog.confirm_button.click()
    assert dialog.replanned == 1
    assert "thay đổi sau khi xem trước" in dialog.notice.text()
    assert "Chưa có gì được lưu" in dialog.notice.text()
    assert dialog.isVisible()  # nothing saved: the dialog stays
