"""A realistic sample commune for a newcomer to look around in.

The sample's data lives in ``resources/data/demo/*.json`` (dates there are relative
to the day the sample is made); this package writes it through the same repository
functions that the screens use, and only ever into a store that holds no real data:
a store that has records and is not marked as a demo store is refused.
"""

from __future__ import annotations

from datetime import date

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.demo.data import load
from cchc_desktop.demo.scoring import fill_demo_scoring
from cchc_desktop.demo.staff import demo_officials, fill_demo_staff
from cchc_desktop.demo.tasks import add_demo_periodic_reports, demo_tasks
from cchc_desktop.store import history
from cchc_desktop.store.database import KIND_DEMO, Store
from cchc_desktop.store.errors import DemoRefusedError
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.task_repo import add_tasks

__all__ = [
    "demo_officials",
    "demo_profile",
    "demo_tasks",
    "fill_demo_scoring",
    "fill_demo_staff",
    "fill_demo_store",
]


def demo_profile(today: date) -> CommuneProfile:
    fields = {k: v for k, v in load("profile").items() if not k.startswith("_")}
    return CommuneProfile(**fields, assessment_year=today.year)


def fill_demo_store(store: Store, today: date) -> bool:
    """Fill ``store`` with the sample commune; False if it already holds the sample."""
    if store.is_demo and store.has_user_data():
        return False
    if not store.is_demo and store.has_user_data():
        raise DemoRefusedError(
            f"Tệp {store.path} đã có dữ liệu thật của đơn vị. Chương trình không ghi dữ liệu mẫu "
            "vào tệp này; hãy chọn một tệp khác (hoặc bỏ --db để dùng tệp mẫu riêng).",
            store.path,
        )
    with store.transaction(), history.paused(store.conn):
        store.set_meta("store_kind", KIND_DEMO)
        profile = save_profile(store, demo_profile(today), today)
        add_tasks(store, demo_tasks(today), today)
        add_demo_periodic_reports(store, today, profile.preparer_name)
        fill_demo_staff(store, today)
        fill_demo_scoring(store, today, profile.preparer_name)
        # One entry for the whole sample, not one per record.
        history.write_entry(
            store.conn, history.INSERT, history.KIND_DEMO, {"note": "Ghi dữ liệu mẫu"}
        )
    return True
