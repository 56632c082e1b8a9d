"""Whose data: the unit-code check that restoring warns with and merging refuses with."""

from __future__ import annotations

import pytest

from cchc_desktop.core.profile import (
    FROM_BACKUP,
    FROM_PACKAGE,
    is_other_unit,
    other_unit_refusal,
    other_unit_warning,
)


@pytest.mark.parametrize(
    ("code", "own", "other"),
    [
        ("21610", "21607", True),
        ("21607", "21607", False),
        (None, "21607", False),  # a backup of a store with no profile yet
        ("", "21607", False),
        ("21610", None, False),  # this store has no profile yet: anyone's data may come
        ("21610", "", False),
        (None, None, False),
    ],
)
def test_another_unit_needs_two_codes_that_differ(
    code: str | None, own: str | None, other: bool
) -> None:
    assert is_other_unit(code, own) is other


def test_the_warning_before_restoring() -> None:
    assert other_unit_warning(FROM_BACKUP, "xã Vân Canh", "21607", "xã Vân Canh", "21607") is None
    assert other_unit_warning(FROM_BACKUP, "xã Canh Thuận", "21610", "xã Vân Canh", "21607") == (
        "Bản sao lưu là của đơn vị khác: xã Canh Thuận (mã 21610), trong khi dữ liệu hiện tại "
        "là của xã Vân Canh (mã 21607)."
    )
    assert other_unit_warning(
        FROM_PACKAGE, "xã Canh Thuận", "21610", "xã Vân Canh", "21607"
    ).startswith("Gói là của đơn vị khác: xã Canh Thuận (mã 21610), ")  # type: ignore[union-attr]


def test_the_refusal_to_merge() -> None:
    assert other_unit_refusal("xã Vân Canh", "21607", "xã Vân Canh", "21607") is None
    assert other_unit_refusal("xã Canh Thuận", "21610", "xã Vân Canh", "21607") == (
        "Gói này là dữ liệu của xã Canh Thuận (mã 21610), không phải của xã Vân Canh (mã "
        "21607). Tệp dữ liệu của một xã chỉ nhận gói của chính xã đó. Chưa có gì thay đổi."
    )
