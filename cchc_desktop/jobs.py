"""The contract of long work, kept free of Qt.

A job is a plain callable ``job(progress, cancelled)``: it reports with
``progress(done, total, text)`` and checks ``cancelled()`` between steps,
raising :class:`JobCancelled` to stop. The Qt layer runs it on a worker thread
behind a progress bar; the command line runs it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]
Job = Callable[[ProgressFn, CancelledFn], Any]


class JobCancelled(Exception):
    """The user cancelled; whatever the job wrote has been removed."""


def no_progress(done: int, total: int, text: str) -> None:
    """A progress callback that reports nowhere (command line, tests)."""


def never_cancelled() -> bool:
    return False
