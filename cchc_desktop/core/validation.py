"""Validation failures that name the field at fault."""

from __future__ import annotations


class ValidationError(ValueError):
    """``errors`` maps a field name to the Vietnamese message shown at that field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)
