"""The table of an import's dry run, one row per kind of record: the interface's preview
and the command line (``package verify --db``, ``package import``) show the same rows."""

from __future__ import annotations

from collections.abc import Iterable

from cchc_desktop.transfer.model import KindSummary

# The counts of a row, in this order after the kind's label.
SUMMARY_COLUMNS = ("Mới", "Cập nhật", "Không đổi", "Xóa", "Xung đột")


def summary_rows(summaries: Iterable[KindSummary]) -> list[tuple[str, tuple[int, ...]]]:
    """The kinds worth a row (something changes, or records stay as they are), each as its
    label and its counts in the order of :data:`SUMMARY_COLUMNS`."""
    return [
        (item.label, (item.new, item.updated, item.unchanged, item.deleted, item.conflicts))
        for item in summaries
        if item.changes or item.unchanged
    ]
