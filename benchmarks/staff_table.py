"""The staff screen with many officials: open, reload after a change, search, sort, tabs.

A commune has tens of officials; this measures a list far longer (default 2,000)
so that a slow step shows. Offscreen; each step timed once per run, median of runs.

    .venv/bin/python benchmarks/staff_table.py [--people 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtCore import Qt

    from cchc_desktop.demo import demo_officials
    from cchc_desktop.store import open_store
    from cchc_desktop.store.staff_repo import add_officials
    from cchc_desktop.ui.shell.app import create_application
    from cchc_desktop.ui.staff.page import StaffPage
    from cchc_desktop.ui.toolkit.settings import UiSettings

    folder = Path(tempfile.mkdtemp(prefix="cchc-staff-bench-"))
    app = create_application(UiSettings(folder / "ui.ini"))
    store = open_store(folder / "staff.db")
    base = demo_officials(TODAY)
    people = []
    for i in range(args.people):
        model = base[i % len(base)]
        *rest, given = model.full_name.split()
        people.append(replace(model, full_name=" ".join([*rest, f"Số{i}", given])))
    add_officials(store, people, TODAY)

    timings: dict[str, list[float]] = {}

    def timed(name: str, step) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        step()
        app.processEvents()
        timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)

    for _ in range(args.runs):
        page = StaffPage(store, lambda: TODAY)
        page.resize(1200, 700)
        timed("mở trang (đọc, đối chiếu, vẽ)", page.show)
        timed("đọc lại sau một thay đổi", page.reload)
        timed("tìm «so1»", lambda p=page: (p.search.setText("so1"), p.apply_filters()))
        timed(
            "sắp xếp theo ngày sinh",
            lambda p=page: p.table.sortByColumn(
                p.model.column_index("birth"), Qt.SortOrder.AscendingOrder
            ),
        )
        timed("tab Tỷ lệ đạt chuẩn", lambda p=page: p.tabs.setCurrentWidget(p.ratios))
        timed("tab Kế hoạch chuẩn hóa", lambda p=page: p.tabs.setCurrentWidget(p.plan))
        page.close()
        page.deleteLater()
        app.processEvents()
    print(f"{args.people} người, {args.runs} lần đo (trung vị, ms):")
    for name, values in timings.items():
        print(f"  {name:<36} {statistics.median(values):8.0f}")
    store.close()


if __name__ == "__main__":
    main()
