"""How the scoring screens show a save that was refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QMessageBox, QWidget

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store import StoreError
from cchc_desktop.ui.toolkit.errors import show_user_error
from cchc_desktop.ui.toolkit.operations import Outcome


@contextmanager
def save_refusal_shown(parent: QWidget, title: str) -> Iterator[Outcome]:
    """A save on the GUI thread: the rules' refusal is shown under ``title``, one field's
    message a line; the store's under «Không lưu được». Either is swallowed::

        with save_refusal_shown(self, "Không bắt đầu được") as done:
            start_assessment(...)
        if not done:
            return
    """
    outcome = Outcome()
    try:
        yield outcome
    except ValidationError as exc:
        outcome.refused = exc
        QMessageBox.warning(parent, title, "\n".join(exc.errors.values()))
    except StoreError as exc:
        outcome.refused = exc
        show_user_error(parent, "Không lưu được", exc)
