"""The commune profile the tests save: Vân Canh, Gia Lai."""

from __future__ import annotations

from cchc_desktop.core.profile import CommuneProfile

PROFILE = CommuneProfile(
    province="Tỉnh Gia Lai",
    unit_kind="xã",
    commune_name="Vân Canh",
    commune_code="21607",
    superior_body="Sở Nội vụ tỉnh Gia Lai",
    preparer_name="Lê Thị Hồng",
    signer_name="Nguyễn Văn An",
    signer_title="Chủ tịch",
    assessment_year=2025,
)
