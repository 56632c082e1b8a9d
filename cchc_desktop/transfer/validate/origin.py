"""Whose records and when: a record of another commune, and a time of change after now, are
refused."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.store.kinds import KINDS, label_of
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.validate.names import read_time, record_name, shown


def check_communes(
    records: Mapping[str, list[dict[str, Any]]], tombstones: list[dict[str, Any]], unit_code: str
) -> None:
    expected = unit_code or None
    if expected is None:  # a new store: the package's own profile says whose data it is
        for row in records.get("commune_profile", ()):
            code = row.get("commune_code")
            expected = code if isinstance(code, str) and code else None
    for kind in KINDS:
        for row in records.get(kind.name, ()):
            if kind.name == "commune_profile" and expected is not None:
                code = row.get("commune_code")
                if code != expected:
                    name = normalize_text(
                        f"{row.get('unit_kind') or ''} {row.get('commune_name') or ''}"
                    )
                    raise PackageError(
                        f"Gói có thông tin đơn vị của {name or 'một đơn vị khác'} (mã "
                        f"{shown(code)}), còn tệp dữ liệu này là của đơn vị mã {expected}. Tệp "
                        "dữ liệu của một xã chỉ nhận dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                        member=f"data/{kind.name}.jsonl",
                    )
            unit = row.get("_unit")
            if unit is None:
                continue
            if expected is None:
                expected = unit
            elif unit != expected:
                raise PackageError(
                    f"Gói có dữ liệu của một đơn vị khác: {kind.label} "
                    f"«{record_name(kind.name, row)}» thuộc đơn vị mã {shown(unit)}, còn tệp "
                    f"dữ liệu này là của đơn vị mã {expected}. Tệp dữ liệu của một xã chỉ nhận "
                    "dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                    member=f"data/{kind.name}.jsonl",
                )
    for tomb in tombstones:
        unit = tomb.get("_unit")
        if unit is not None and expected is not None and unit != expected:
            raise PackageError(
                f"Gói xóa một bản ghi «{label_of(str(tomb.get('record_kind')))}» của đơn vị mã "
                f"{shown(unit)}, còn tệp dữ liệu này là của đơn vị mã {expected}. Tệp dữ liệu "
                "của một xã chỉ nhận dữ liệu của chính xã đó. Chưa có gì thay đổi.",
                member="data/tombstones.jsonl",
            )


def _clock_message(what: str, moment: datetime) -> str:
    return (
        f"{what} ghi ngày {format_date(moment.date())}, muộn hơn hôm nay quá một ngày: đồng hồ "
        "của máy tạo gói có vẻ bị sai (hoặc đồng hồ của máy này bị chậm). Hãy chỉnh lại ngày "
        "giờ của máy bị sai, sửa lại bản ghi này trên máy gửi rồi tạo lại gói. Chưa có gì "
        "thay đổi."
    )


def check_times(
    records: Mapping[str, list[dict[str, Any]]], tombstones: list[dict[str, Any]], limit: datetime
) -> None:
    for kind in KINDS:
        for row in records.get(kind.name, ()):
            moment = read_time(row.get("updated_at"))
            what = f"{kind.label} «{record_name(kind.name, row)}»"
            if moment is None:
                raise PackageError(
                    f"{what} có thời điểm sửa «{shown(row.get('updated_at'))}» không có thật. "
                    "Gói đã bị hỏng hoặc bị sửa ngoài chương trình. Chưa có gì thay đổi.",
                    member=f"data/{kind.name}.jsonl",
                )
            if moment > limit:
                raise PackageError(
                    _clock_message(f"{what} có thời điểm sửa", moment),
                    member=f"data/{kind.name}.jsonl",
                )
    for tomb in tombstones:
        moment = read_time(tomb.get("deleted_at"))
        what = (
            f"Một bản ghi đã xóa ({label_of(str(tomb.get('record_kind')))}, mã {tomb.get('uuid')})"
        )
        if moment is None:
            raise PackageError(
                f"{what} có thời điểm xóa «{shown(tomb.get('deleted_at'))}» không có thật. Gói "
                "đã bị hỏng hoặc bị sửa ngoài chương trình. Chưa có gì thay đổi.",
                member="data/tombstones.jsonl",
            )
        if moment > limit:
            raise PackageError(
                _clock_message(f"{what} có thời điểm xóa", moment), member="data/tombstones.jsonl"
            )
