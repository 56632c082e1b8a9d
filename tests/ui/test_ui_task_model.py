"""The task table model alone: pages, completion of a selection, what it asks for."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QObject, Qt

from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.store.task_repo import add_tasks, delete_tasks
from cchc_desktop.store.task_table import shown_ids, task_rows
from cchc_desktop.ui.tasks.model import COLUMNS, TaskTableModel
from tests.support.task_factory import task

TODAY = date(2026, 11, 22)
SOON = 7
STATE = [c.key for c in COLUMNS].index("state")


def _model(store, soon=lambda: SOON, **values) -> TaskTableModel:  # type: ignore[no-untyped-def]
    return TaskTableModel(store, lambda: TODAY, soon, **values)


def _fresh_rows(store, count: int):  # type: ignore[no-untyped-def]
    """The rows of the current selection, read straight from the store."""
    return task_rows(store, shown_ids(store, 0, count), TODAY, SOON)


def test_rows_past_the_first_ones_are_read_after_completion(qapp, store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(450)], TODAY)
    model = _model(store)
    model.set_query()
    assert not model.selection.complete
    assert model.rowCount() == model.FIRST_ROWS
    # rows 200–299 are read while the page 200–399 holds only the first 100 of them
    assert model.row(250) is not None
    model.complete_now()
    assert model.selection.complete and model.rowCount() == 450
    assert model.row(350) is not None
    assert model.data(model.index(399, 0)).startswith("Nhiệm vụ số")
    assert [model.row(r) for r in range(450)] == _fresh_rows(store, 450)


def test_completion_keeps_full_pages_and_adds_the_rows(qapp, store, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(1000)], TODAY)
    model = _model(store)
    model.set_query()
    qtmodeltester.check(model)
    model.row(10)
    model.row(250)
    with qtbot.waitSignals([model.rowsInserted, model.selection_completed], timeout=10000):
        pass  # the model completes the selection by itself, just after the first rows
    assert model.rowCount() == 1000
    assert [model.row(r) for r in range(1000)] == _fresh_rows(store, 1000)
    assert model.cached_pages() <= model.KEEP_PAGES


def test_due_soon_days_is_read_once_per_query(qapp, store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(
        store, [task(f"Nhiệm vụ số {n}", deadline=date(2026, 11, 25)) for n in range(700)], TODAY
    )
    asked: list[int] = []
    soon_days = [SOON]

    def soon() -> int:
        asked.append(soon_days[0])
        return soon_days[0]

    model = _model(store, soon)
    model.set_query()
    model.complete_now()
    for row in range(0, model.rowCount(), 50):  # every page
        assert model.row(row).state == DerivedState.DUE_SOON
    assert asked == [SOON]
    soon_days[0] = 1  # the setting changed: the page refreshes the model
    model.refresh()
    model.complete_now()
    assert asked == [SOON, 1]
    assert {model.row(r).state for r in range(model.rowCount())} == {DerivedState.IN_TIME}
    assert model.selection.counts == {DerivedState.IN_TIME: 700}


def test_colours_are_built_once(qapp, store) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Quá hạn {n}", deadline=date(2026, 10, 1)) for n in range(2)], TODAY)
    model = _model(store)
    model.set_query()
    first, second = model.index(0, STATE), model.index(1, 0)
    background = model.data(first, Qt.ItemDataRole.BackgroundRole)
    assert background.color().name() == "#fde4e4"
    assert model.data(second, Qt.ItemDataRole.BackgroundRole) is background
    foreground = model.data(first, Qt.ItemDataRole.ForegroundRole)
    assert foreground.color().name() == "#c62828"
    assert model.data(model.index(1, STATE), Qt.ItemDataRole.ForegroundRole) is foreground
    assert model.data(second, Qt.ItemDataRole.ForegroundRole) is None


def test_a_model_that_is_gone_is_not_completed(qapp, store, qtbot) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(400)], TODAY)
    model = _model(store)
    model.set_query()
    assert not model.selection.complete
    shiboken6.delete(model)
    qtbot.wait(TaskTableModel.COMPLETE_AFTER_MS * 5)  # an exception here fails the test


def test_the_model_can_belong_to_an_object(qapp, store, qtbot) -> None:  # type: ignore[no-untyped-def]
    add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(400)], TODAY)
    owner = QObject()
    model = _model(store, parent=owner)
    assert model.parent() is owner
    model.set_query()
    assert not model.selection.complete
    shiboken6.delete(owner)  # takes the model with it
    assert not shiboken6.isValid(model)
    qtbot.wait(TaskTableModel.COMPLETE_AFTER_MS * 5)


def test_completion_of_a_register_that_shrank_meanwhile(qapp, store, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    added = add_tasks(store, [task(f"Nhiệm vụ số {n}") for n in range(400)], TODAY)
    model = _model(store)
    model.set_query()
    qtmodeltester.check(model)  # and it keeps watching what the model signals
    assert model.row(250) is not None
    delete_tasks(store, [t.uuid for t in added[:350]])  # without a refresh
    model.complete_now()
    assert model.rowCount() == 50
    assert [model.row(r) for r in range(50)] == _fresh_rows(store, 50)


def _luminance(colour: str) -> float:
    values = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_state_colour_is_readable_on_its_background() -> None:
    """0.6.0: «Sắp đến hạn» amber on pale yellow (2.2:1) was hard to read."""
    from cchc_desktop.ui.tasks.model import STATE_COLOURS

    for state, (text, background) in STATE_COLOURS.items():
        light, dark = sorted((_luminance(text), _luminance(background or "#ffffff")), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, state
