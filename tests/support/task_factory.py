"""Building tasks for tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cchc_desktop.core.tasks import Document, SourceKind, Status, Task

PLAN = Document(
    number="45/KH-UBND",
    issued_on=date(2026, 1, 15),
    issuer="UBND xã An Bình",
    summary="Kế hoạch cải cách hành chính năm 2026",
)
DIRECTIVE = Document(
    number="111/TB-UBND",
    issued_on=date(2025, 10, 31),
    issuer="UBND tỉnh Gia Lai",
    summary="Kết luận kiểm tra công tác cải cách hành chính",
)


def task(content: str = "Rà soát, công bố thủ tục hành chính", **values: object) -> Task:
    base = Task(
        content=content,
        lead="Văn phòng HĐND và UBND",
        assigned_on=date(2026, 2, 1),
        kind=SourceKind.ANNUAL_PLAN,
        field_code="TTHC",
        source=PLAN,
        deadline=date(2026, 6, 30),
        status=Status.IN_PROGRESS,
    )
    return replace(base, **values)  # type: ignore[arg-type]
