"""Guards against known defects of the pinned Qt binding."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal()
    counted = Signal(int)


def test_signal_emit_keeps_reference_counts() -> None:
    """PySide6 6.12.0 returns True from emit() without a reference: every emit
    lowers True's count until the interpreter aborts (bool_dealloc). The pin in
    pyproject.toml avoids that release; this test fails if it comes back."""
    emitter = _Emitter()
    emitter.changed.emit()  # first use caches a few objects
    emitter.counted.emit(0)
    before = sys.getrefcount(True)
    for value in range(100):
        emitter.changed.emit()
        emitter.counted.emit(value)
    lost = before - sys.getrefcount(True)
    # The defect loses one reference per emit (200 here); the test harness may
    # itself hold or drop one or two.
    assert lost < 10
