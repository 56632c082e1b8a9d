"""Operations: how a screen changes data, shows a refusal, and tells the others.

Modelled on Anki's ``aqt/operations``. A screen asks for an operation; the runner executes it
(off the GUI thread with its progress and «Hủy» when it is long, see :func:`run_operation`;
right here when it is a quick save, see :func:`refusal_shown`), shows a failure in the one
way (:func:`cchc_desktop.ui.toolkit.errors.show_failure`) and, on success, announces what changed
(:class:`~cchc_desktop.core.changes.Changes`). Screens subscribe (:func:`subscribe`) and read
their data again; nothing else knows which screen shows what.

There is one notifier for the application. An announcement names the data file it is about,
and a screen hears only the announcements about its own file: the window of a file closed a
moment ago (deleted later by Qt) never refreshes from the next file's changes. A screen
never hears its own announcements: it has refreshed itself already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from cchc_desktop.core.changes import Changes
from cchc_desktop.core.errors import UserError
from cchc_desktop.jobs import Job
from cchc_desktop.ui.toolkit import errors
from cchc_desktop.ui.toolkit.background import BackgroundTask, run_in_background

ChangeHandler = Callable[[Changes], None]


class ChangeNotifier(QObject):
    """The application's one notifier: ``changed(changes, store, source)``."""

    changed = Signal(object, object, object)


_notifier: ChangeNotifier | None = None


def notifier() -> ChangeNotifier:
    global _notifier
    if _notifier is None or not isValid(_notifier):
        _notifier = ChangeNotifier()
    return _notifier


def announce(store: object, changes: Changes, source: object = None) -> None:
    """Tell every screen of ``store`` (but ``source``) that ``changes`` happened."""
    if changes:
        notifier().changed.emit(changes, store, source)


def subscribe(receiver: QWidget, store: object, handler: ChangeHandler) -> None:
    """Call ``handler(changes)`` for each announcement about ``store`` made by another
    screen, for as long as ``receiver`` lives."""
    signal = notifier().changed

    def heard(changes: Changes, about: object, source: object) -> None:
        if about is store and source is not receiver:
            handler(changes)

    signal.connect(heard)

    def forget(*_args: object) -> None:
        with suppress(RuntimeError):  # the notifier itself is gone (the application closed)
            signal.disconnect(heard)

    receiver.destroyed.connect(forget)


class Outcome:
    """What :func:`refusal_shown` saw: ``refused`` holds the refusal, when there was one."""

    def __init__(self) -> None:
        self.refused: UserError | None = None

    def __bool__(self) -> bool:
        return self.refused is None


@contextmanager
def refusal_shown(
    parent: QWidget | None,
    title: str,
    *,
    store: object = None,
    changes: Changes | None = None,
) -> Iterator[Outcome]:
    """A quick operation on the GUI thread: a refusal is shown in the one box and swallowed.

    ::

        with refusal_shown(self, self.title) as done:
            copy = duplicate_task(...)
        if not done:
            return

    Any other exception goes on to the application's error hook as before. When the block
    succeeds and ``changes`` is given, they are announced for ``store`` with ``parent`` as
    the source.
    """
    outcome = Outcome()
    try:
        yield outcome
    except UserError as exc:
        outcome.refused = exc
        errors.show_user_error(parent, title, exc)
        return
    if changes is not None:
        announce(store, changes, parent)


def run_operation(
    parent: QWidget | None,
    title: str,
    job: Job,
    *,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
    store: object = None,
    changes: Changes | None = None,
) -> BackgroundTask:
    """Run ``job(progress, cancelled)`` off the GUI thread behind a progress box.

    On success: ``changes`` (when given) are announced for ``store``, then ``on_success(result)``
    runs on the GUI thread. On failure: ``on_failure(exc)`` when given, else the one failure
    path (a refusal's text; nothing for a cancel; the unexpected-error dialog else).
    """

    def succeeded(result: Any) -> None:
        if changes is not None:
            announce(store, changes, parent)
        if on_success is not None:
            on_success(result)

    def failed(exc: BaseException) -> None:
        if on_failure is not None:
            on_failure(exc)
        else:
            errors.show_failure(parent, title, exc)

    return run_in_background(parent, title, job, succeeded, failed, cancellable=cancellable)
