"""What is said before a package's data replaces the whole store (restore, not merge).

Restoring from a package replaces every record on this PC; before the officer confirms,
the interface shows what is in the package beside what is here and the warnings below.
Demo data and a unit's real data never replace each other.
"""

from __future__ import annotations

import sqlite3

from cchc_desktop.core.profile import FROM_PACKAGE, CommuneProfile, other_unit_warning
from cchc_desktop.store.kinds import KINDS
from cchc_desktop.transfer.model import Manifest, VerifiedPackage, years_text


def demo_refusal(package_is_demo: bool, store_is_demo: bool) -> str | None:
    """Why a package may not replace this store's data (demo over real, real over demo)."""
    if package_is_demo == store_is_demo:
        return None
    if package_is_demo:
        return "Đây là gói DỮ LIỆU MẪU, không khôi phục vào dữ liệu thật của đơn vị."
    return (
        "Tệp đang mở là DỮ LIỆU MẪU: không khôi phục gói dữ liệu thật vào đó. "
        "Mở tệp dữ liệu của đơn vị rồi khôi phục."
    )


def record_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per kind of record in the store ``conn`` opens (a kind its schema lacks: none)."""
    counts: dict[str, int] = {}
    for kind in KINDS:
        try:
            row = conn.execute(f'SELECT count(*) FROM "{kind.name}"').fetchone()
        except sqlite3.OperationalError:  # a kind this store's schema does not have
            continue
        counts[kind.name] = int(row[0])
    return counts


def restore_rows(package: VerifiedPackage, here: dict[str, int]) -> list[tuple[str, int, int]]:
    """Per kind of record present on either side: its label, rows in the package, rows here."""
    return [
        (kind.label, len(package.records.get(kind.name, [])), here.get(kind.name, 0))
        for kind in KINDS
        if package.records.get(kind.name) or here.get(kind.name)
    ]


def restore_warnings(manifest: Manifest, profile: CommuneProfile | None) -> list[str]:
    """What the officer should read first: another unit's data, some years only, no
    personal data."""
    warnings: list[str] = []
    if profile is not None and (
        other := other_unit_warning(
            FROM_PACKAGE,
            manifest.unit_name,
            manifest.unit_code,
            profile.unit_name,
            profile.commune_code,
        )
    ):
        warnings.append(other)
    if manifest.years:
        warnings.append(
            f"Gói chỉ có dữ liệu {years_text(manifest.years)}: sau khi khôi phục, "
            "dữ liệu các năm khác trên máy này không còn (vẫn có trong bản sao lưu)."
        )
    if not manifest.personal_data:
        warnings.append(
            "Gói không kèm dữ liệu cá nhân của cán bộ: sau khi khôi phục, giới tính, ngày "
            "sinh, dân tộc của cán bộ để trống."
        )
    return warnings
