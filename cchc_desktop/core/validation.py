"""Validation failures that name the field at fault."""

from __future__ import annotations

from cchc_desktop.core.errors import UserError


class ValidationError(UserError, ValueError):
    """``errors`` maps a field name to the Vietnamese message shown at that field.

    The message read as a whole is every field's message; ``where`` is the first field.
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()), where=next(iter(errors), None))
        self.errors = dict(errors)
