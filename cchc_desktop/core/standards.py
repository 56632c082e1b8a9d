"""Standards of positions (tiêu chuẩn chức danh, vị trí việc làm): the sets, versioned data.

A standard set is data: positions, each with its requirements, plus common
requirements that apply by category. Sets are versioned: an edit in the
program is kept as a new version with the day it applies from, so that a
ratio "at 31/12 last year" is judged by the standard then in force.

Checking officials against them is :mod:`cchc_desktop.core.standard_checks`, the ratios
:mod:`cchc_desktop.core.standard_ratios`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, StaffLists
from cchc_desktop.core.text import format_date, normalize_text

FIELD = "field"  # field of study among those accepted for the position
AGE = "age"
POSITION = "position"  # not a requirement: the official has no position of a set
REQUIREMENT_ATTRIBUTES = (*LEVEL_ATTRIBUTES, FIELD, AGE)


def attribute_label(attribute: str, lists: StaffLists) -> str:
    if attribute in lists.scales:
        return lists.scales[attribute].label
    return {
        FIELD: "Chuyên ngành đào tạo",
        AGE: "Tuổi",
        POSITION: "Chức danh, vị trí việc làm",
    }[attribute]


@dataclass(frozen=True)
class Requirement:
    attribute: str  # a level attribute, FIELD or AGE
    min_level: str | None = None  # level attributes
    accepted: tuple[str, ...] = ()  # FIELD: accepted fields of study
    min_age: int | None = None  # AGE
    max_age: int | None = None  # AGE
    categories: tuple[str, ...] = ()  # common requirements: only these categories
    note: str = ""


@dataclass(frozen=True)
class Position:
    code: str
    name: str
    category: str
    department: str | None = None
    requirements: tuple[Requirement, ...] = ()
    note: str = ""

    def requirement(self, attribute: str) -> Requirement | None:
        return next((r for r in self.requirements if r.attribute == attribute), None)


@dataclass(frozen=True)
class StandardSet:
    family: str  # "nd33-2023": the versions of one set share it
    name: str
    legal_basis: str
    effective_from: date
    positions: tuple[Position, ...]
    common: tuple[Requirement, ...] = ()
    deadline: date | None = None
    deadline_label: str = ""
    note: str = ""
    uuid: str = ""
    version: int = 1
    change_note: str = ""
    shipped: bool = False

    def position(self, code: str | None) -> Position | None:
        return next((p for p in self.positions if p.code == code), None)

    def requirements_for(self, position: Position, category: str) -> list[Requirement]:
        common = [r for r in self.common if not r.categories or category in r.categories]
        own = {r.attribute for r in position.requirements}
        # A position's own requirement replaces a common one on the same attribute.
        return [r for r in common if r.attribute not in own] + list(position.requirements)

    def title(self) -> str:
        return (
            f"{self.name} (phiên bản {self.version}, áp dụng từ {format_date(self.effective_from)})"
        )


# --- reading and writing sets as data -------------------------------------------------------


def _requirement(raw: dict[str, Any]) -> Requirement:
    attribute = raw["attribute"]
    if attribute == AGE:
        return Requirement(
            AGE,
            min_age=raw.get("min"),
            max_age=raw.get("max"),
            categories=tuple(raw.get("categories", ())),
            note=raw.get("note", ""),
        )
    if attribute == FIELD:
        return Requirement(
            FIELD,
            accepted=tuple(raw.get("accepted", ())),
            categories=tuple(raw.get("categories", ())),
            note=raw.get("note", ""),
        )
    return Requirement(
        attribute,
        min_level=raw["min"],
        categories=tuple(raw.get("categories", ())),
        note=raw.get("note", ""),
    )


def _requirement_json(r: Requirement) -> dict[str, Any]:
    out: dict[str, Any] = {"attribute": r.attribute}
    if r.attribute == AGE:
        out["min"] = r.min_age
        if r.max_age is not None:
            out["max"] = r.max_age
    elif r.attribute == FIELD:
        out["accepted"] = list(r.accepted)
    else:
        out["min"] = r.min_level
    if r.categories:
        out["categories"] = list(r.categories)
    if r.note:
        out["note"] = r.note
    return out


def parse_standard_set(raw: dict[str, Any], *, shipped: bool = False) -> StandardSet:
    deadline = raw.get("deadline") or {}
    return StandardSet(
        family=raw["family"],
        name=raw["name"],
        legal_basis=raw.get("legal_basis", ""),
        effective_from=date.fromisoformat(raw["effective_from"]),
        positions=tuple(
            Position(
                code=p["code"],
                name=p["name"],
                category=p["category"],
                department=p.get("department"),
                requirements=tuple(_requirement(r) for r in p.get("requirements", ())),
                note=p.get("note", ""),
            )
            for p in raw["positions"]
        ),
        common=tuple(_requirement(r) for r in raw.get("common", ())),
        deadline=date.fromisoformat(deadline["date"]) if deadline.get("date") else None,
        deadline_label=deadline.get("label", ""),
        note=raw.get("note", ""),
        uuid=raw.get("uuid", ""),
        version=int(raw.get("version", 1)),
        change_note=raw.get("change_note", ""),
        shipped=shipped,
    )


def standard_set_json(s: StandardSet) -> dict[str, Any]:
    return {
        "format": 1,
        "family": s.family,
        "uuid": s.uuid,
        "version": s.version,
        "name": s.name,
        "legal_basis": s.legal_basis,
        "effective_from": s.effective_from.isoformat(),
        "deadline": (
            {"date": s.deadline.isoformat(), "label": s.deadline_label} if s.deadline else None
        ),
        "note": s.note,
        "change_note": s.change_note,
        "common": [_requirement_json(r) for r in s.common],
        "positions": [
            {
                "code": p.code,
                "name": p.name,
                "category": p.category,
                "department": p.department,
                "requirements": [_requirement_json(r) for r in p.requirements],
                **({"note": p.note} if p.note else {}),
            }
            for p in s.positions
        ],
    }


@functools.cache
def shipped_standard_sets(folder: Path | None = None) -> tuple[StandardSet, ...]:
    """The default sets in ``resources/data/standards`` (one file per family)."""
    if folder is None:
        from cchc_desktop.paths import data_resource

        folder = data_resource("standards")
    return tuple(
        parse_standard_set(json.loads(path.read_text(encoding="utf-8")), shipped=True)
        for path in sorted(Path(folder).glob("*.json"))
    )


def validate_standard_set(s: StandardSet, lists: StaffLists) -> dict[str, str]:
    """Problems keyed by ``"position:<code>:<attribute>"`` or a set field."""
    errors: dict[str, str] = {}
    if not normalize_text(s.name):
        errors["name"] = "Chưa nhập tên bộ tiêu chuẩn."
    codes = [p.code for p in s.positions]
    for code in {c for c in codes if codes.count(c) > 1}:
        errors[f"position:{code}"] = f"Mã chức danh «{code}» bị trùng."
    categories = {c.code for c in lists.categories}
    departments = {d.code for d in lists.departments}
    for p in s.positions:
        if not normalize_text(p.name):
            errors[f"position:{p.code}:name"] = "Chức danh, vị trí việc làm chưa có tên."
        if p.category not in categories:
            errors[f"position:{p.code}:category"] = f"{p.name}: đối tượng không có trong danh sách."
        if p.department is not None and p.department not in departments:
            errors[f"position:{p.code}:department"] = f"{p.name}: phòng không có trong danh sách."
        for r in p.requirements:
            if problem := _requirement_problem(r, lists):
                errors[f"position:{p.code}:{r.attribute}"] = f"{p.name}: {problem}"
    for r in s.common:
        if problem := _requirement_problem(r, lists):
            errors[f"common:{r.attribute}"] = problem
    return errors


def _requirement_problem(r: Requirement, lists: StaffLists) -> str | None:
    if r.attribute == AGE:
        if r.min_age is not None and r.max_age is not None and r.min_age > r.max_age:
            return f"tuổi tối thiểu {r.min_age} lớn hơn tuổi tối đa {r.max_age}."
        return None
    if r.attribute == FIELD:
        return None
    scale = lists.scales.get(r.attribute)
    if scale is None:
        return f"không có loại trình độ «{r.attribute}»."
    if scale.level(r.min_level) is None:
        return f"mức «{r.min_level}» không có trong danh sách {scale.label.lower()}."
    return None


def standard_in_force(sets: Iterable[StandardSet], family: str, day: date) -> StandardSet | None:
    """The version of a family that applies on ``day``; before any, the earliest."""
    versions = sorted((s for s in sets if s.family == family), key=lambda s: s.version)
    if not versions:
        return None
    in_force = [s for s in versions if s.effective_from <= day]
    if not in_force:
        return min(versions, key=lambda s: (s.effective_from, s.version))
    return max(in_force, key=lambda s: (s.effective_from, s.version))


def position_names(sets: Iterable[StandardSet]) -> dict[tuple[str, str], str]:
    """(family, position code) → name, from every version, the newest winning: a position a
    later version dropped still shows its name for the people who hold it."""
    return {
        (s.family, p.code): p.name
        for s in sorted(sets, key=lambda s: s.version)
        for p in s.positions
    }


def latest_versions(sets: Iterable[StandardSet]) -> list[StandardSet]:
    """The newest version of each family, in the order of their families' first versions."""
    newest: dict[str, StandardSet] = {}
    for s in sorted(sets, key=lambda s: s.version):
        newest[s.family] = s
    return list(newest.values())


def with_position_requirement(
    s: StandardSet, position_code: str, requirement: Requirement | None, attribute: str
) -> StandardSet:
    """A copy of the set where one position's requirement on ``attribute`` is replaced or
    removed (``requirement=None``) — the matrix editor's one change."""
    positions = []
    for p in s.positions:
        if p.code == position_code:
            kept = [r for r in p.requirements if r.attribute != attribute]
            if requirement is not None:
                kept.append(requirement)
                order = {a: i for i, a in enumerate(REQUIREMENT_ATTRIBUTES)}
                kept.sort(key=lambda r: order.get(r.attribute, 99))
            p = replace(p, requirements=tuple(kept))
        positions.append(p)
    return replace(s, positions=tuple(positions))
