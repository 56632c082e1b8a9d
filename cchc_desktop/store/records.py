"""Identity and time of records that may travel between PCs."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime


def new_uuid() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    """``2026-11-22T03:04:05.678Z``: sortable as text, comparable across PCs."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def iso_date(value: date | None) -> str | None:
    """How a date is stored: ``'2026-11-22'``, or NULL for none."""
    return value.isoformat() if value else None


def stored_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
