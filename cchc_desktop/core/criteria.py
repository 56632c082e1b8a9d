"""Criteria sets of the commune CCHC index (bộ tiêu chí chấm điểm Chỉ số CCHC).

A set is a tree: fields (lĩnh vực) → criteria (tiêu chí) → sub-criteria (tiêu chí
thành phần), any depth. Every node has a code as the province prints it ("I",
"1", "1.1", "1.1.2"), a title and a maximum; a leaf also has its scoring method.
A parent's maximum is the sum of its children's, bonus and penalty lines apart
(they have caps of their own and count outside the maxima), or the set is
refused with the node named.

Points are ``Decimal``: "0,5 + 0,25" must be exactly "0,75" on every PC.
A set is data (``resources/data/criteria/*.json``, or imported from the
province's workbook) and is never changed once a sheet has been scored on it:
a correction is a new version of the same family.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc_desktop.core.methods import AutoSource as AutoSource
from cchc_desktop.core.methods import Method as Method
from cchc_desktop.core.methods import MethodKind as MethodKind
from cchc_desktop.core.methods import RatioBand as RatioBand
from cchc_desktop.core.methods import method_from_json, method_to_json
from cchc_desktop.core.methods import reaches as reaches
from cchc_desktop.core.points import (
    HUNDRED,
    ZERO,
    format_points,
    points_from_json,
    points_json,
)
from cchc_desktop.core.profile import UNIT_KINDS
from cchc_desktop.core.score_rules import method_rule_sentence
from cchc_desktop.core.text import format_date, normalize_text, parse_date

FORMAT = 1


# --- bands (xếp loại) ------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A ranking band: from ``min_percent`` (inclusive) up to the next band."""

    name: str
    min_percent: Decimal


DEFAULT_BANDS = (
    Band("Xuất sắc", Decimal(90)),
    Band("Tốt", Decimal(80)),
    Band("Khá", Decimal(70)),
    Band("Trung bình", Decimal(50)),
    Band("Yếu", ZERO),
)


def band_for(percent: Decimal | None, bands: Sequence[Band] = DEFAULT_BANDS) -> Band | None:
    if percent is None:
        return None
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band
    return None


def band_range_text(bands: Sequence[Band]) -> str:
    """``"Xuất sắc ≥ 90; Tốt 80 đến dưới 90; …; Yếu dưới 50"``."""
    ordered = sorted(bands, key=lambda b: b.min_percent, reverse=True)
    parts = []
    for i, band in enumerate(ordered):
        low = format_points(band.min_percent)
        if i == 0:
            parts.append(f"{band.name} ≥ {low}")
        elif band.min_percent == 0:
            parts.append(f"{band.name} dưới {format_points(ordered[i - 1].min_percent)}")
        else:
            parts.append(f"{band.name} {low} đến dưới {format_points(ordered[i - 1].min_percent)}")
    return "; ".join(parts)


# --- the tree ----------------------------------------------------------------------------


class AssessedBy(enum.StrEnum):
    SELF = "tu_danh_gia"
    SURVEY = "dieu_tra"
    SUPERIOR = "cap_tren"  # scored by the province only (appraisal): never self-scored

    @property
    def label(self) -> str:
        return {
            "tu_danh_gia": "Tự đánh giá",
            "dieu_tra": "Điều tra xã hội học",
            "cap_tren": "Do cấp trên chấm",
        }[self.value]


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    maximum: Decimal
    guidance: str = ""
    evidence: str = ""
    assessed_by: AssessedBy = AssessedBy.SELF
    method: Method | None = None  # leaves only
    field_code: str | None = None  # fields: the reform field of the task register
    children: tuple[Criterion, ...] = ()
    applies_to: tuple[str, ...] = ()  # unit kinds (xã, phường, đặc khu); empty: every one
    alternatives: bool = False  # «chấm theo một trong các trường hợp»: the best child counts

    def applies(self, unit_kind: str | None) -> bool:
        """Whether the line applies to a unit of this kind (``None``: unknown, it does)."""
        return not self.applies_to or unit_kind is None or unit_kind in self.applies_to

    @property
    def superior_only(self) -> bool:
        return self.assessed_by == AssessedBy.SUPERIOR

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def kind(self) -> MethodKind | None:
        return self.method.kind if self.method else None

    @property
    def outside_maximum(self) -> bool:
        """A bonus or penalty line, or a section holding only such lines ("Điểm thưởng")."""
        if self.children:
            return all(child.outside_maximum for child in self.children)
        return self.method is not None and self.method.kind.outside_maximum

    def counted_maximum(self) -> Decimal:
        """The maximum this node adds to its parent's (bonus and penalty add nothing)."""
        return ZERO if self.outside_maximum else self.maximum

    def walk(self) -> Iterator[Criterion]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Criterion]:
        return (node for node in self.walk() if node.is_leaf)

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


def method_text(node: Criterion) -> str:
    """The scoring method in words: its label, then its details (the «Cách chấm» of a
    criteria workbook, the method shown when one is imported); "" for a parent."""
    method = node.method
    if not node.is_leaf or method is None:
        return ""
    label = method.kind.label
    if method.kind == MethodKind.STEPS and method.steps:
        return f"{label}: " + "; ".join(format_points(v) for v in method.steps)
    if method.kind == MethodKind.RATIO:
        parts = [f"{method.numerator} / {method.denominator}", method_rule_sentence(method)]
        return f"{label}: " + "; ".join(p for p in parts if p.strip(" /"))
    if method.kind == MethodKind.AUTO:
        parts = [method.source.label if method.source else "", method_rule_sentence(method)]
        return f"{label}: " + "; ".join(p for p in parts if p)
    if method.kind == MethodKind.DEDUCTION:
        return f"{label}: {method_rule_sentence(method)}"
    return label


@dataclass(frozen=True)
class Decision:
    """The decision that issued the set (số, ngày, cơ quan ban hành)."""

    number: str = ""
    issued_on: date | None = None
    issuer: str = ""

    def text(self) -> str:
        parts = []
        if self.number:
            parts.append(f"số {self.number}")
        if self.issued_on:
            parts.append(f"ngày {format_date(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


@dataclass(frozen=True)
class CriteriaSet:
    uuid: str
    family: str
    version: int
    name: str
    fields: tuple[Criterion, ...]
    province: str = ""
    years: tuple[int, ...] = ()  # empty: not tied to a year
    decision: Decision = field(default_factory=Decision)
    sample: bool = False
    note: str = ""
    bands: tuple[Band, ...] = DEFAULT_BANDS
    decimals: int = 2  # totals and proportional results: rounded once, ROUND_HALF_UP

    @property
    def total(self) -> Decimal:
        return sum((f.counted_maximum() for f in self.fields), ZERO)

    def walk(self) -> Iterator[Criterion]:
        for f in self.fields:
            yield from f.walk()

    def leaves(self) -> Iterator[Criterion]:
        return (node for node in self.walk() if node.is_leaf)

    @functools.cached_property
    def by_code(self) -> dict[str, Criterion]:
        return {node.code: node for node in self.walk()}

    @functools.cached_property
    def field_of(self) -> dict[str, Criterion]:
        """Every code → the field (top-level node) it belongs to."""
        return {node.code: f for f in self.fields for node in f.walk()}

    @functools.cached_property
    def parent_of(self) -> dict[str, str | None]:
        parents: dict[str, str | None] = {}

        def visit(node: Criterion, parent: str | None) -> None:
            parents[node.code] = parent
            for child in node.children:
                visit(child, node.code)

        for f in self.fields:
            visit(f, None)
        return parents

    def depth_of(self, code: str) -> int:
        depth = 0
        parent = self.parent_of.get(code)
        while parent is not None:
            depth += 1
            parent = self.parent_of.get(parent)
        return depth

    @property
    def survey_maximum(self) -> Decimal:
        return sum(
            (n.maximum for n in self.leaves() if n.kind == MethodKind.SURVEY and n.method),
            ZERO,
        )

    @property
    def years_text(self) -> str:
        if not self.years:
            return "không gắn với năm"
        return ", ".join(str(y) for y in self.years)

    @property
    def title(self) -> str:
        """The name with its version, as lists show it."""
        return f"{self.name} — phiên bản {self.version}"


# --- JSON --------------------------------------------------------------------------------


def _node_from_json(data: dict[str, Any]) -> Criterion:
    code = normalize_text(str(data.get("code", "")))
    where = f"Tiêu chí {code or '(không mã)'}"
    children = tuple(_node_from_json(c) for c in data.get("children", ()) or ())
    method_data = data.get("method")
    method = method_from_json(method_data, where) if method_data else None
    if method is None and not children:
        method = Method()
    try:
        assessed_by = AssessedBy(data.get("assessed_by", "tu_danh_gia"))
    except ValueError as exc:
        raise ValueError(f"{where}: hình thức đánh giá không có.") from exc
    return Criterion(
        code=code,
        title=normalize_text(data.get("title", "")),
        maximum=points_from_json(data.get("max"), f"{where}, điểm tối đa"),
        guidance=(data.get("guidance") or "").strip(),
        evidence=(data.get("evidence") or "").strip(),
        assessed_by=assessed_by,
        method=method,
        field_code=data.get("field_code") or None,
        children=children,
        applies_to=tuple(normalize_text(str(k)).lower() for k in data.get("applies_to", ()) or ()),
        alternatives=bool(data.get("alternatives", False)),
    )


def _node_to_json(node: Criterion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": node.code,
        "title": node.title,
        "max": points_json(node.maximum),
    }
    if node.field_code:
        data["field_code"] = node.field_code
    if node.guidance:
        data["guidance"] = node.guidance
    if node.evidence:
        data["evidence"] = node.evidence
    data["assessed_by"] = node.assessed_by.value
    if node.is_leaf and node.method:
        data["method"] = method_to_json(node.method)
    if node.applies_to:
        data["applies_to"] = list(node.applies_to)
    if node.alternatives:
        data["alternatives"] = True
    if node.children:
        data["children"] = [_node_to_json(c) for c in node.children]
    return data


def parse_criteria_set(data: dict[str, Any]) -> CriteriaSet:
    """Build a set from its JSON form; ``ValueError`` (Vietnamese) if it is malformed.

    Parsing checks the form only; ``validate_criteria_set`` checks the arithmetic.
    """
    if not isinstance(data, dict):
        raise ValueError("Tệp bộ tiêu chí không đúng định dạng.")
    if int(data.get("format", FORMAT)) > FORMAT:
        raise ValueError("Bộ tiêu chí được tạo bởi phiên bản mới hơn của chương trình.")
    decision = data.get("decision") or {}
    bands = tuple(
        Band(normalize_text(b["name"]), points_from_json(b["min"], "Xếp loại"))
        for b in data.get("bands", ())
    )
    return CriteriaSet(
        uuid=str(data.get("uuid", "")),
        family=str(data.get("family", "")),
        version=int(data.get("version", 1)),
        name=normalize_text(data.get("name", "")),
        fields=tuple(_node_from_json(f) for f in data.get("fields", ())),
        province=normalize_text(data.get("province", "")),
        years=tuple(int(y) for y in data.get("years", ()) or ()),
        decision=Decision(
            number=normalize_text(decision.get("number", "")),
            issued_on=parse_date(decision.get("date")),
            issuer=normalize_text(decision.get("issuer", "")),
        ),
        sample=bool(data.get("sample", False)),
        note=(data.get("note") or "").strip(),
        bands=bands or DEFAULT_BANDS,
        decimals=int(data.get("decimals", 2)),
    )


def criteria_set_to_json(s: CriteriaSet) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "uuid": s.uuid,
        "family": s.family,
        "version": s.version,
        "name": s.name,
        "province": s.province,
        "years": list(s.years),
        "decision": {
            "number": s.decision.number,
            "date": s.decision.issued_on.isoformat() if s.decision.issued_on else None,
            "issuer": s.decision.issuer,
        },
        "sample": s.sample,
        "note": s.note,
        "bands": [{"name": b.name, "min": points_json(b.min_percent)} for b in s.bands],
        "fields": [_node_to_json(f) for f in s.fields],
    }
    if s.decimals != 2:
        data["decimals"] = s.decimals
    return data


def dumps_criteria_set(s: CriteriaSet) -> str:
    return json.dumps(criteria_set_to_json(s), ensure_ascii=False, sort_keys=True)


# --- validation ---------------------------------------------------------------------------


def _method_problem(node: Criterion) -> str | None:
    method = node.method
    if method is None:
        return "chưa có cách chấm."
    m = node.maximum
    if method.kind == MethodKind.STEPS:
        if not method.steps:
            return "chưa có các mức điểm."
        if any(v < 0 or v > m for v in method.steps):
            return f"có mức điểm ngoài khoảng 0 đến {format_points(m)}."
        if max(method.steps) != m:
            return f"mức điểm cao nhất phải bằng điểm tối đa {format_points(m)}."
    if method.kind in (MethodKind.RATIO, MethodKind.AUTO):
        if method.proportional and method.lower_is_better:
            return "không tính tỷ lệ thuận khi tỷ lệ càng thấp càng tốt; dùng các mức."
        if method.full_from is not None and not ZERO <= method.full_from <= HUNDRED:
            return "ngưỡng tỷ lệ phải từ 0% đến 100%."
        if not (method.bands or method.proportional or method.full_from is not None):
            return "chưa có các mức tỷ lệ để quy ra điểm."
        if any(b.points < 0 or b.points > m for b in method.bands):
            return f"có mức tỷ lệ cho điểm ngoài khoảng 0 đến {format_points(m)}."
        if any(b.min_percent < 0 or b.min_percent > HUNDRED for b in method.bands):
            return "có mức tỷ lệ ngoài khoảng 0% đến 100%."
    if method.kind == MethodKind.RATIO and not (method.numerator and method.denominator):
        return "cách chấm theo tỷ lệ cần ghi rõ tử số và mẫu số."
    if method.kind == MethodKind.AUTO and method.source is None:
        return "chưa chọn nguồn dữ liệu tự động."
    if method.kind == MethodKind.DEDUCTION:
        if method.per_occurrence is None or method.per_occurrence <= 0:
            return "chưa ghi số điểm trừ mỗi lượt."
        if method.cap is not None and not ZERO < method.cap <= m:
            return f"mức trừ tối đa phải lớn hơn 0 và không quá {format_points(m)}."
    if node.superior_only and method.kind not in (MethodKind.MANUAL, MethodKind.STEPS):
        return "tiêu chí do cấp trên chấm chỉ chấm theo mức độ hoặc theo các mức điểm."
    return None


def validate_criteria_set(s: CriteriaSet) -> dict[str, str]:
    """Problems keyed by ``"node:<code>"`` or a set field; empty when the set is sound."""
    errors: dict[str, str] = {}
    if not s.name:
        errors["name"] = "Chưa nhập tên bộ tiêu chí."
    if not s.fields:
        errors["fields"] = "Bộ tiêu chí chưa có lĩnh vực nào."
        return errors
    seen: set[str] = set()
    for node in s.walk():
        key = f"node:{node.code}"
        label = f"Tiêu chí «{node.code}»" if node.code else "Một tiêu chí không có mã"
        if not node.code:
            errors[key] = f"{label} ({node.title[:40]}): thiếu số thứ tự, mã."
        elif node.code in seen:
            errors[key] = f"{label}: mã bị trùng."
        seen.add(node.code)
        if not node.title:
            errors.setdefault(key, f"{label}: chưa có nội dung.")
        if node.maximum <= 0:
            errors.setdefault(key, f"{label}: điểm tối đa phải lớn hơn 0.")
            continue
        if node.children:
            total = sum((c.counted_maximum() for c in node.children), ZERO)
            if node.outside_maximum:  # a bonus or penalty section: its cap is its lines' caps
                total = sum((c.maximum for c in node.children), ZERO)
            if node.alternatives:  # the best case counts: each within the maximum, not the sum
                best = max(c.counted_maximum() for c in node.children)
                if best != node.maximum:
                    errors.setdefault(
                        key,
                        f"{label}: chấm theo một trong các trường hợp thì điểm tối đa "
                        f"{format_points(node.maximum)} phải bằng điểm tối đa cao nhất của "
                        f"các trường hợp {format_points(best)}.",
                    )
            elif total != node.maximum:
                errors.setdefault(
                    key,
                    f"{label} ({node.title[:60]}): điểm tối đa {format_points(node.maximum)} "
                    f"khác tổng điểm tối đa của các tiêu chí con {format_points(total)}.",
                )
            if node.method is not None and node.method.kind != MethodKind.MANUAL:
                errors.setdefault(key, f"{label}: tiêu chí có tiêu chí con thì không chấm riêng.")
        else:
            problem = _method_problem(node)
            if problem:
                errors.setdefault(key, f"{label}: {problem}")
        if not set(node.applies_to) <= set(UNIT_KINDS):
            errors.setdefault(key, f"{label}: loại đơn vị áp dụng chỉ là xã, phường, đặc khu.")
    if not 0 <= s.decimals <= 4:
        errors["decimals"] = "Số chữ số thập phân khi làm tròn phải từ 0 đến 4."
    names = [b.name for b in s.bands]
    if not names or len(set(names)) != len(names):
        errors["bands"] = "Các mức xếp loại phải có tên và không trùng nhau."
    elif ZERO not in {b.min_percent for b in s.bands}:
        errors["bands"] = "Phải có một mức xếp loại bắt đầu từ 0%."
    return errors


def is_sound(s: CriteriaSet) -> bool:
    return not validate_criteria_set(s)


# --- shipped sets ---------------------------------------------------------------------------


@functools.cache
def shipped_criteria_sets(folder: Path | None = None) -> tuple[CriteriaSet, ...]:
    """The sample sets in ``resources/data/criteria`` (cached: they never change)."""
    if folder is None:
        from cchc_desktop.paths import data_resource

        folder = data_resource("criteria")
    return tuple(
        parse_criteria_set(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(Path(folder).glob("*.json"))
    )


def next_version(s: CriteriaSet, uuid: str, **changes: Any) -> CriteriaSet:
    """A correction of ``s``: the same family, the next version, a new identity."""
    return replace(s, uuid=uuid, version=s.version + 1, sample=False, **changes)
