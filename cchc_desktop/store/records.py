"""Identity and time of records that may travel between PCs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar


def new_uuid() -> str:
    return str(uuid.uuid4())


# The namespace of the identities that every PC computes alike (uuid5): a record that is
# one thing by nature (the profile, a year's self-assessment, a period's report task, a
# setting, a shipped set) gets the same uuid wherever it is created, so the packages pair
# it without guessing.
STABLE_NAMESPACE = uuid.UUID("6f0c4a52-8d39-5b7e-9a41-c3c4843d1e00")


def stable_uuid(kind: str, *key: object) -> str:
    """The uuid of the record of ``kind`` with natural key ``key``, the same on every PC."""
    text = "\x1f".join([kind, *("" if part is None else str(part) for part in key)])
    return str(uuid.uuid5(STABLE_NAMESPACE, text))


def utc_now() -> str:
    """``2026-11-22T03:04:05.678Z``: sortable as text, comparable across PCs."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def iso_date(value: date | None) -> str | None:
    """How a date is stored: ``'2026-11-22'``, or NULL for none."""
    return value.isoformat() if value else None


def stored_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_Value = TypeVar("_Value")


def in_chunks(values: Sequence[_Value], size: int = 500) -> Iterator[Sequence[_Value]]:
    """``values`` a few hundred at a time: SQLite takes a bounded number of parameters."""
    for first in range(0, len(values), size):
        yield values[first : first + size]
