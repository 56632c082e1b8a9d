"""The rows of an import's dry run, the same in the interface's preview and the command line."""

from __future__ import annotations

from cchc_desktop.transfer.model import KindSummary
from cchc_desktop.transfer.summary import SUMMARY_COLUMNS, summary_rows


def test_a_row_for_each_kind_with_changes_or_records_that_stay() -> None:
    summaries = [
        KindSummary("tasks", "Nhiệm vụ CCHC", new=2, updated=1, deleted=1, conflicts=1),
        KindSummary("officials", "Cán bộ, công chức", unchanged=7),
        KindSummary("documents", "Văn bản"),  # nothing in the package: no row
    ]
    assert summary_rows(summaries) == [
        ("Nhiệm vụ CCHC", (2, 1, 0, 1, 1)),
        ("Cán bộ, công chức", (0, 0, 7, 0, 0)),
    ]
    assert SUMMARY_COLUMNS == ("Mới", "Cập nhật", "Không đổi", "Xóa", "Xung đột")
