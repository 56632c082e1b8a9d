"""The history of exchanges in words: what a package written or imported left in ``exchanges``.

The writer and the import store a JSON summary with each exchange (:mod:`~cchc_desktop.
transfer.writer`, :mod:`~cchc_desktop.transfer.merge.apply`); this reads it back as a short
line and a detail, for the «Lịch sử trao đổi dữ liệu» of the interface.
"""

from __future__ import annotations

import json
from typing import Any

from cchc_desktop.store.kinds import KINDS

DIRECTIONS = {"xuat": "Xuất gói", "nhap": "Nhập gói"}
LABELS = {kind.name: kind.label for kind in KINDS}
_CHANGE_WORDS = (
    ("new", "mới"),
    ("updated", "cập nhật"),
    ("deleted", "xóa"),
    ("conflicts", "xung đột"),
)


def direction_text(direction: str) -> str:
    """«Xuất gói» / «Nhập gói»; an unknown direction as it is stored."""
    return DIRECTIONS.get(direction, direction)


def counts_text(counts: dict[str, int]) -> str:
    """``Nhiệm vụ CCHC: 42; Cán bộ, công chức: 12; Tệp đính kèm: 3``: what is not zero."""
    parts = [f"{label}: {counts[name]}" for name, label in LABELS.items() if counts.get(name)]
    if counts.get("files"):
        parts.append(f"Nội dung tệp đính kèm: {counts['files']}")
    return "; ".join(parts) or "không có bản ghi nào"


def _changes_text(values: dict[str, Any]) -> str:
    return ", ".join(
        f"{values[key]} {word}"
        for key, word in _CHANGE_WORDS
        if isinstance(values.get(key), int) and values[key]
    )


def exchange_summary(raw: str) -> tuple[str, str]:
    """A short line and a detailed tooltip from the JSON an exchange left in the history.

    A package written holds ``{"counts": {kind: rows, "files": n}}``; an import holds
    ``{kind: {"new": n, "updated": n, "deleted": n, "conflicts": n}}`` for the kinds it changed.
    """
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    counts = data.get("counts")
    if isinstance(counts, dict):
        records = sum(v for k, v in counts.items() if k in LABELS and isinstance(v, int))
        short = f"{records} bản ghi"
        if counts.get("files"):
            short += f", {counts['files']} tệp đính kèm"
        return short, counts_text(counts)
    per_kind = {k: v for k, v in data.items() if isinstance(v, dict)}
    totals = {
        key: sum(v.get(key, 0) for v in per_kind.values() if isinstance(v.get(key, 0), int))
        for key, _word in _CHANGE_WORDS
    }
    short = _changes_text(totals)
    if not short:
        return "Không có thay đổi", ""
    detail = "\n".join(
        f"{LABELS.get(kind, kind)}: {_changes_text(values)}"
        for kind, values in per_kind.items()
        if _changes_text(values)
    )
    return short, detail
