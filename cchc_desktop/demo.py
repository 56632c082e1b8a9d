"""A realistic sample commune for a newcomer to look around in.

The sample is written through the same repository functions that the screens
use, and only ever into a store that holds no real data: a store that has
records and is not marked as a demo store is refused.
"""

from __future__ import annotations

from datetime import date

from cchc_desktop.core.profile import CommuneProfile
from cchc_desktop.store.database import KIND_DEMO, Store
from cchc_desktop.store.errors import DemoRefusedError
from cchc_desktop.store.profile_repo import save_profile


def demo_profile(today: date | None = None) -> CommuneProfile:
    today = today or date.today()
    return CommuneProfile(
        province="Tỉnh Gia Lai",
        unit_kind="xã",
        commune_name="An Bình",
        # Not a real code: a sample must never pass for a real commune.
        commune_code="99999",
        superior_body="Sở Nội vụ tỉnh Gia Lai",
        preparer_name="Nguyễn Thị Thu Hà",
        preparer_title="Công chức Văn phòng HĐND và UBND",
        preparer_phone="0269 3812 345",
        preparer_email="vanphong.anbinh@example.vn",
        signer_name="Trần Văn Minh",
        signer_title="Chủ tịch",
        assessment_year=today.year,
    )


def fill_demo_store(store: Store, today: date | None = None) -> bool:
    """Fill ``store`` with the sample commune; False if it already holds the sample."""
    if store.is_demo and store.has_user_data():
        return False
    if not store.is_demo and store.has_user_data():
        raise DemoRefusedError(
            f"Tệp {store.path} đã có dữ liệu thật của đơn vị. Chương trình không ghi dữ liệu mẫu "
            "vào tệp này; hãy chọn một tệp khác (hoặc bỏ --db để dùng tệp mẫu riêng).",
            store.path,
        )
    with store.transaction():
        store.set_meta("store_kind", KIND_DEMO)
        save_profile(store, demo_profile(today), today)
    return True
