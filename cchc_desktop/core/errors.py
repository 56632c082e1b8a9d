"""The one base of every refusal an officer reads, free of Qt.

A layer that refuses something (a field left empty, a file that cannot be read, a disk that
is full) raises a subclass of :class:`UserError` whose ``message`` is the Vietnamese text
shown as it is. The interface has one way to show it (``ui/errors.show_user_error``); the
command line prints it. Anything that is not a ``UserError`` is a bug or an unforeseen
failure: it is logged and shown as an unexpected error.
"""

from __future__ import annotations


class UserError(Exception):
    """A refusal the officer reads: ``message`` is Vietnamese, shown as it is.

    ``where``, when set, names the place at fault (a field, a row, a package member) for a
    screen that points at it.
    """

    def __init__(self, message: str, *, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return self.message
