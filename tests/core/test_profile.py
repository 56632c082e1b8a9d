"""The commune profile: validation at each field, normalisation (the saving: tests/store)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from cchc_desktop.core.profile import (
    CommuneProfile,
    normalized,
    province_names,
    superior_body_suggestions,
    validate_profile,
)
from tests.support.profile import PROFILE

TODAY = date(2026, 11, 22)


def test_valid_profile_has_no_errors() -> None:
    assert validate_profile(PROFILE, TODAY) == {}


def test_errors_come_in_the_forms_order() -> None:
    bad = replace(
        CommuneProfile(),
        unit_kind="tỉnh",
        preparer_phone="12",
        preparer_email="khong-phai-thu",
    )
    assert list(validate_profile(bad, TODAY)) == [
        "province",
        "unit_kind",
        "commune_name",
        "commune_code",
        "superior_body",
        "preparer_name",
        "preparer_phone",
        "preparer_email",
        "signer_name",
        "signer_title",
        "assessment_year",
    ]


def test_empty_profile_names_every_required_field() -> None:
    errors = validate_profile(CommuneProfile(), TODAY)
    assert set(errors) == {
        "province",
        "commune_name",
        "commune_code",
        "superior_body",
        "preparer_name",
        "signer_name",
        "signer_title",
        "assessment_year",
    }
    assert errors["commune_code"].startswith("Mã đơn vị hành chính gồm đúng 5 chữ số")
    assert errors["superior_body"] == "Chưa nhập cơ quan cấp trên nhận báo cáo."


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("commune_code", "2160", "commune_code"),
        ("commune_code", "21a07", "commune_code"),
        ("commune_code", "216070", "commune_code"),
        ("unit_kind", "huyện", "unit_kind"),
        ("assessment_year", 2014, "assessment_year"),
        ("assessment_year", 2028, "assessment_year"),
        ("preparer_email", "vanphong@", "preparer_email"),
        ("preparer_phone", "abc", "preparer_phone"),
        ("preparer_phone", "12345", "preparer_phone"),
    ],
)
def test_each_mistake_is_named_at_its_field(field: str, value: object, expected: str) -> None:
    errors = validate_profile(replace(PROFILE, **{field: value}), TODAY)
    assert list(errors) == [expected]


def test_accepted_variants() -> None:
    ok = replace(
        PROFILE,
        commune_code="21 607",
        assessment_year=2027,
        preparer_phone="+84 (256) 3.812.345",
        preparer_email="vp.vancanh@gialai.gov.vn",
        unit_kind="Phường",
    )
    assert validate_profile(ok, TODAY) == {}
    clean = normalized(ok)
    assert clean.commune_code == "21607"
    assert clean.unit_kind == "phường"


def test_text_is_stored_in_nfc_with_whitespace_tidied() -> None:
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị  Hồng ")
    clean = normalized(replace(PROFILE, preparer_name=decomposed))
    assert clean.preparer_name == "Nguyễn Thị Hồng"
    assert unicodedata.is_normalized("NFC", clean.preparer_name)


def test_unit_kind_typed_into_the_name_is_removed() -> None:
    assert normalized(replace(PROFILE, commune_name="Xã Vân Canh")).commune_name == "Vân Canh"
    assert normalized(replace(PROFILE, commune_name="Xã Vân Canh")).unit_name == "xã Vân Canh"
    # only the matching kind is removed
    assert normalized(replace(PROFILE, commune_name="Phường Mới")).commune_name == "Phường Mới"


def test_derived_names() -> None:
    assert PROFILE.committee_name == "Ủy ban nhân dân xã Vân Canh"
    assert PROFILE.short_name == "UBND xã Vân Canh"
    assert PROFILE.effective_place_name == "Vân Canh"
    assert replace(PROFILE, place_name="Canh Vinh").effective_place_name == "Canh Vinh"


def test_superior_suggestions_follow_the_province() -> None:
    assert superior_body_suggestions("Tỉnh Gia Lai") == [
        "Sở Nội vụ tỉnh Gia Lai",
        "Ủy ban nhân dân tỉnh Gia Lai",
    ]
    assert superior_body_suggestions("Thành phố Huế")[0] == "Sở Nội vụ thành phố Huế"
    assert superior_body_suggestions("  ") == []


def test_province_list_is_the_34_units_since_2025() -> None:
    names = province_names()
    assert len(names) == len(set(names)) == 34
    assert "Tỉnh Gia Lai" in names and "Thành phố Hồ Chí Minh" in names
    assert "Tỉnh Bình Định" not in names  # merged into Gia Lai in 2025
