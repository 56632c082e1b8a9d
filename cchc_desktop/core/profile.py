"""The commune profile: who the commune is, who reports to whom, who signs.

Since the 2025 two-tier reform communes report to the province (usually its
Sở Nội vụ), before it to the district's Phòng Nội vụ; the receiving body is
therefore a value the officer sets, never a constant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from typing import Any

from cchc_desktop.core.text import normalize_text

UNIT_KINDS = ("xã", "phường", "đặc khu")
SIGNER_TITLES = ("Chủ tịch", "Phó Chủ tịch")
FIRST_ASSESSMENT_YEAR = 2015

_CODE_RE = re.compile(r"^\d{5}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^\+?[\d .()-]+$")


@dataclass(frozen=True)
class CommuneProfile:
    province: str = ""
    unit_kind: str = "xã"
    commune_name: str = ""
    commune_code: str = ""
    place_name: str = ""
    superior_body: str = ""
    preparer_name: str = ""
    preparer_title: str = ""
    preparer_phone: str = ""
    preparer_email: str = ""
    signer_name: str = ""
    signer_title: str = ""
    assessment_year: int = 0

    @property
    def unit_name(self) -> str:
        """``"xã Vân Canh"``: the unit as it appears inside a sentence."""
        return f"{self.unit_kind} {self.commune_name}".strip()

    @property
    def committee_name(self) -> str:
        """``"Ủy ban nhân dân xã Vân Canh"``."""
        return f"Ủy ban nhân dân {self.unit_name}"

    @property
    def short_name(self) -> str:
        """``"UBND xã Vân Canh"``: for titles and status lines."""
        return f"UBND {self.unit_name}"

    @property
    def effective_place_name(self) -> str:
        """The place on the date line of a document; the commune's name unless set."""
        return self.place_name or self.commune_name


def _strip_kind_prefix(name: str, kind: str) -> str:
    """``"Xã Vân Canh"`` typed in the name field becomes ``"Vân Canh"``."""
    prefix = kind + " "
    if name.casefold().startswith(prefix.casefold()):
        return name[len(prefix) :].strip()
    return name


def normalized(profile: CommuneProfile) -> CommuneProfile:
    """Every text field in NFC with whitespace tidied; the code without spaces."""
    values: dict[str, Any] = {}  # field name -> value, each of its field's type
    for field in fields(profile):
        value = getattr(profile, field.name)
        values[field.name] = normalize_text(value) if isinstance(value, str) else value
    values["unit_kind"] = values["unit_kind"].lower()
    values["commune_code"] = values["commune_code"].replace(" ", "")
    values["commune_name"] = _strip_kind_prefix(values["commune_name"], values["unit_kind"])
    return replace(profile, **values)


def working_year(profile: CommuneProfile | None, today: date) -> int:
    """The year the officer works on: the profile's assessment year, else today's year.

    The pages that open on a year (scores, reports, the periodic reports of the task
    register, the overview) start there.
    """
    return profile.assessment_year if profile and profile.assessment_year else today.year


def _phone_ok(phone: str) -> bool:
    digits = re.sub(r"\D", "", phone)
    return not phone or (bool(_PHONE_RE.match(phone)) and 8 <= len(digits) <= 15)


def _unless(ok: object, message: str) -> str | None:
    return None if ok else message


def validate_profile(profile: CommuneProfile, today: date) -> dict[str, str]:
    """Vietnamese messages keyed by field name, in the form's order; empty when valid."""
    p = normalized(profile)
    last_year = today.year + 1
    problems = {
        "province": _unless(p.province, "Chưa nhập tỉnh, thành phố."),
        "unit_kind": _unless(
            p.unit_kind in UNIT_KINDS, "Loại đơn vị phải là xã, phường hoặc đặc khu."
        ),
        "commune_name": _unless(p.commune_name, "Chưa nhập tên xã, phường."),
        "commune_code": _unless(
            _CODE_RE.match(p.commune_code),
            "Mã đơn vị hành chính gồm đúng 5 chữ số theo danh mục của Nhà nước (ví dụ 21607).",
        ),
        "superior_body": _unless(p.superior_body, "Chưa nhập cơ quan cấp trên nhận báo cáo."),
        "preparer_name": _unless(p.preparer_name, "Chưa nhập họ tên người lập báo cáo."),
        "preparer_phone": _unless(
            _phone_ok(p.preparer_phone), "Số điện thoại chỉ gồm chữ số (từ 8 đến 15 số)."
        ),
        "preparer_email": _unless(
            not p.preparer_email or _EMAIL_RE.match(p.preparer_email),
            "Địa chỉ thư điện tử chưa đúng dạng (ví dụ: vanphong.vancanh@gialai.gov.vn).",
        ),
        "signer_name": _unless(p.signer_name, "Chưa nhập họ tên người ký báo cáo."),
        "signer_title": _unless(p.signer_title, "Chưa nhập chức vụ người ký (ví dụ: Chủ tịch)."),
        "assessment_year": _unless(
            FIRST_ASSESSMENT_YEAR <= p.assessment_year <= last_year,
            f"Năm đánh giá phải từ {FIRST_ASSESSMENT_YEAR} đến {last_year}.",
        ),
    }
    return {name: message for name, message in problems.items() if message}


def superior_body_suggestions(province: str) -> list[str]:
    """Likely receiving bodies for a province since the 2025 reform."""
    province = normalize_text(province)
    if not province:
        return []
    inner = province[0].lower() + province[1:]
    return [f"Sở Nội vụ {inner}", f"Ủy ban nhân dân {inner}"]


@cache
def province_names() -> tuple[str, ...]:
    """The 34 provincial units since 12/6/2025 (resources/data/provinces.json)."""
    from cchc_desktop.paths import data_resource

    with open(data_resource("provinces.json"), encoding="utf-8") as handle:
        return tuple(json.load(handle)["provinces"])


# --- whose data: the unit code ------------------------------------------------------------

# What the data offered to this store is, at the head of a warning.
FROM_BACKUP = "Bản sao lưu"
FROM_PACKAGE = "Gói"


def is_other_unit(code: str | None, own_code: str | None) -> bool:
    """Whether data of the unit ``code`` belongs to another unit than this store's
    (``own_code``). Data or a store that names no unit (no profile yet) is nobody else's."""
    return bool(code) and bool(own_code) and code != own_code


def other_unit_warning(
    source: str, name: str | None, code: str | None, own_name: str | None, own_code: str | None
) -> str | None:
    """The warning before restoring another unit's data over this store's, or None.

    Restoring replaces the whole store, so the officer may mean it (a PC passed on to
    another commune): a warning to read before confirming. ``source`` is
    :data:`FROM_BACKUP` or :data:`FROM_PACKAGE`."""
    if not is_other_unit(code, own_code):
        return None
    return (
        f"{source} là của đơn vị khác: {name} (mã {code}), trong khi dữ liệu hiện tại là của "
        f"{own_name} (mã {own_code})."
    )


def other_unit_refusal(
    name: str | None, code: str | None, own_name: str | None, own_code: str | None
) -> str | None:
    """The refusal to merge another unit's package into this store, or None.

    Merging mixes the package's records with the commune's own: never across units."""
    if not is_other_unit(code, own_code):
        return None
    return (
        f"Gói này là dữ liệu của {name} (mã {code}), không phải của {own_name} (mã "
        f"{own_code}). Tệp dữ liệu của một xã chỉ nhận gói của chính xã đó. Chưa có gì "
        "thay đổi."
    )
