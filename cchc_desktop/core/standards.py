"""Standards of positions (tiêu chuẩn chức danh, vị trí việc làm) and checking officials.

A standard set is data: positions, each with its requirements, plus common
requirements that apply by category. Sets are versioned: an edit in the
program is kept as a new version with the day it applies from, so that a
ratio "at 31/12 last year" is judged by the standard then in force.

Evaluation is plain Python: per official and requirement one of đạt / chưa
đạt / thiếu thông tin, with the reason in words. A missing value is never
"đạt".
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, Official, StaffLists
from cchc_desktop.core.text import fold_for_search, format_date, format_decimal, normalize_text

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


# --- evaluation ------------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    MET = "dat"
    NOT_MET = "chua_dat"
    UNKNOWN = "thieu_thong_tin"
    NOT_APPLICABLE = "khong_ap_dung"

    @property
    def label(self) -> str:
        return {
            Outcome.MET: "Đạt",
            Outcome.NOT_MET: "Chưa đạt",
            Outcome.UNKNOWN: "Thiếu thông tin",
            Outcome.NOT_APPLICABLE: "Không thuộc diện chuẩn hóa",
        }[self]


@dataclass(frozen=True)
class Check:
    attribute: str
    label: str
    outcome: Outcome
    reason: str
    meets_on: date | None = None  # a training in progress closes the gap on this day


@dataclass(frozen=True)
class Evaluation:
    official: Official
    on: date
    outcome: Outcome
    checks: tuple[Check, ...] = ()
    standard: StandardSet | None = None
    position: Position | None = None

    @property
    def gaps(self) -> list[Check]:
        return [c for c in self.checks if c.outcome in (Outcome.NOT_MET, Outcome.UNKNOWN)]

    @property
    def meets_on(self) -> date | None:
        """When every unmet requirement is covered by a training: the day the last one ends."""
        last = self._training_end()
        return last if last is not None and last >= self.on else None

    @property
    def training_overdue(self) -> date | None:
        """The training that would close every gap should have ended before ``on``."""
        last = self._training_end()
        return last if last is not None and last < self.on else None

    def _training_end(self) -> date | None:
        unmet = self.gaps
        if self.outcome != Outcome.NOT_MET or any(c.meets_on is None for c in unmet):
            return None
        return max(c.meets_on for c in unmet if c.meets_on is not None)

    @property
    def deadline(self) -> date | None:
        return self.standard.deadline if self.standard else None

    def days_left(self, today: date) -> int | None:
        return (self.deadline - today).days if self.deadline else None

    def summary(self) -> str:
        if self.outcome == Outcome.MET:
            return "Đạt chuẩn"
        if self.outcome == Outcome.NOT_APPLICABLE:
            return Outcome.NOT_APPLICABLE.label
        if self.outcome == Outcome.UNKNOWN:
            return "Thiếu thông tin: " + ", ".join(lower_name(c.label) for c in self.gaps)
        if self.training_overdue is not None:
            return (
                f"Chưa đạt: khóa đào tạo lẽ ra kết thúc ngày {format_date(self.training_overdue)}"
                " — cập nhật trình độ nếu đã tốt nghiệp"
            )
        if self.meets_on is not None:
            return f"Sẽ đạt chuẩn khi kết thúc đào tạo ({format_date(self.meets_on)})"
        unmet = [lower_name(c.label) for c in self.checks if c.outcome == Outcome.NOT_MET]
        return "Chưa đạt: " + ", ".join(unmet)


def deadline_text(deadline: date | None, today: date) -> str:
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days > 0:
        return f"{format_date(deadline)} (còn {days:,} ngày)".replace(",", ".")
    if days == 0:
        return f"{format_date(deadline)} (hôm nay)"
    return f"{format_date(deadline)} (đã quá {-days:,} ngày)".replace(",", ".")


def lower_name(text: str) -> str:
    """A name inside a sentence: "Ứng dụng CNTT cơ bản" → "ứng dụng CNTT cơ bản"."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


# Fields of study that start like an accepted one but are another discipline:
# "Xây dựng Đảng và chính quyền nhà nước" is not "Xây dựng" (construction).
_OTHER_DISCIPLINES = ("xay dung dang",)


def _field_words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_for_search(text)).split())


def _field_matches(value: str, accepted: str) -> bool:
    """The field of study starts with the accepted name, word for word.

    Accepted "Luật" matches "Luật kinh tế"; "Kế toán" does not match "Kiểm toán";
    "Thông tin" does not match "Công nghệ thông tin".
    """
    have, want = _field_words(value), _field_words(accepted)
    if not want or not f"{have} ".startswith(f"{want} "):
        return False
    return not any(
        f"{have} ".startswith(f"{other} ") and not f"{want} ".startswith(f"{other} ")
        for other in _OTHER_DISCIPLINES
    )


def _training_covers(
    official: Official, attribute: str, check: Callable[[str | None, str], bool]
) -> date | None:
    t = official.training
    if t is None or t.ends_on is None:
        return None
    if attribute == FIELD:
        if t.attribute == "professional" and check(None, t.field_of_study):
            return t.ends_on
        return None
    if t.attribute == attribute and check(t.level, t.field_of_study):
        return t.ends_on
    return None


def _level_check(official: Official, r: Requirement, lists: StaffLists) -> Check:
    scale = lists.scales[r.attribute]
    required = scale.level(r.min_level)
    assert required is not None, "validated when the set was saved"
    wanted = f"vị trí yêu cầu {lower_name(required.name)} trở lên"
    if r.attribute in ("it", "ethnic_language") or required.rank == max(
        lv.rank for lv in scale.levels
    ):
        wanted = f"vị trí yêu cầu {lower_name(required.name)}"
    have = scale.level(official.level_of(r.attribute))
    if have is None:
        outcome, text = Outcome.UNKNOWN, "chưa có thông tin"
    else:
        outcome = Outcome.MET if have.rank >= required.rank else Outcome.NOT_MET
        text = lower_name(have.name)
    reason = f"{scale.label}: {text}; {wanted}"
    meets_on = None
    if outcome != Outcome.MET:
        meets_on = _training_covers(
            official,
            r.attribute,
            lambda level, _field: (
                (lv := scale.level(level)) is not None and lv.rank >= required.rank
            ),
        )
        if meets_on is not None:
            reason += f"; đang học, dự kiến xong {format_date(meets_on)}"
    return Check(r.attribute, scale.label, outcome, reason, meets_on)


def _field_check(
    official: Official, r: Requirement, lists: StaffLists, min_level: str | None
) -> Check:
    label = attribute_label(FIELD, lists)
    accepted = ", ".join(r.accepted)
    if not r.accepted:
        return Check(FIELD, label, Outcome.MET, f"{label}: vị trí nhận mọi chuyên ngành")
    if not official.field_of_study:
        outcome, reason = Outcome.UNKNOWN, f"{label}: chưa có thông tin"
    elif any(_field_matches(official.field_of_study, a) for a in r.accepted):
        outcome, reason = Outcome.MET, f"{label}: {official.field_of_study}"
    else:
        outcome = Outcome.NOT_MET
        reason = f"{label}: {official.field_of_study}; vị trí nhận các ngành {accepted}"
    if outcome == Outcome.UNKNOWN:
        reason += f"; vị trí nhận các ngành {accepted}"
    meets_on = None
    if outcome != Outcome.MET:
        # A degree in a suited field, at the level the position asks for (a short course in
        # the right field does not make a degree fit).
        scale = lists.scales["professional"]
        wanted = scale.level(min_level)
        have = scale.level(official.professional)
        floor = wanted.rank if wanted else (have.rank if have else 1)

        def covers(_level: str | None, study: str) -> bool:
            level = official.training.level if official.training else None
            found = scale.level(level)
            return (
                found is not None
                and found.rank >= floor
                and any(_field_matches(study, a) for a in r.accepted)
            )

        meets_on = _training_covers(official, FIELD, covers)
        if meets_on is not None:
            reason += f"; đang học ngành phù hợp, dự kiến xong {format_date(meets_on)}"
    return Check(FIELD, label, outcome, reason, meets_on)


def _age_check(official: Official, r: Requirement, on: date) -> Check:
    label = "Tuổi"
    bounds = []
    if r.min_age is not None:
        bounds.append(f"từ {r.min_age} tuổi")
    if r.max_age is not None:
        bounds.append(f"không quá {r.max_age} tuổi")
    wanted = "yêu cầu " + " và ".join(bounds) if bounds else "không giới hạn"
    if official.birth is None:
        return Check(AGE, label, Outcome.UNKNOWN, f"Ngày sinh: chưa có thông tin; {wanted}")
    low, high = official.birth.age_range(on)
    lo_ok = r.min_age is None or low >= r.min_age
    hi_ok = r.max_age is None or high <= r.max_age
    lo_bad = r.min_age is not None and high < r.min_age
    hi_bad = r.max_age is not None and low > r.max_age
    age_text = f"{low}" if low == high else f"{low} hoặc {high} (chỉ có năm sinh)"
    if lo_ok and hi_ok:
        outcome = Outcome.MET
    elif lo_bad or hi_bad:
        outcome = Outcome.NOT_MET
    else:
        outcome = Outcome.UNKNOWN
    return Check(AGE, label, outcome, f"Tuổi: {age_text}; {wanted}")


def gap_text(check: Check, include_personal: bool) -> str:
    """The reason of a gap; without personal data, an age is not given (it reveals the birth)."""
    if check.attribute != AGE or include_personal or check.reason.startswith("Ngày sinh:"):
        return check.reason
    wanted = check.reason.split("; ", 1)[1] if "; " in check.reason else ""
    state = "không đáp ứng" if check.outcome == Outcome.NOT_MET else "chưa xác định được"
    return f"{check.label}: {state}" + (f" ({wanted})" if wanted else "")


def evaluate(
    official: Official, sets: Sequence[StandardSet], lists: StaffLists, on: date
) -> Evaluation:
    """Check one official against the standard of their position in force on ``on``."""
    if not lists.is_standardised(official.category):
        return Evaluation(official, on, Outcome.NOT_APPLICABLE)
    standard = (
        standard_in_force(sets, official.standard_family, on) if official.standard_family else None
    )
    position = standard.position(official.position) if standard else None
    if standard is not None and position is None and official.position:
        # A position added by a later version (or dropped by one): judged by the nearest
        # version that has it, rather than called "not chosen".
        holding = [
            s
            for s in sets
            if s.family == official.standard_family and s.position(official.position)
        ]
        if holding:
            standard = min(holding, key=lambda s: abs((s.effective_from - on).days))
            position = standard.position(official.position)
    if standard is None or position is None:
        check = Check(
            POSITION,
            attribute_label(POSITION, lists),
            Outcome.UNKNOWN,
            "Chưa chọn chức danh, vị trí việc làm có trong bộ tiêu chuẩn"
            + (f" (đang ghi «{official.position_title}»)" if official.position_title else ""),
        )
        return Evaluation(official, on, Outcome.UNKNOWN, (check,), standard, None)
    checks = []
    requirements = standard.requirements_for(position, official.category)
    degree = next((r.min_level for r in requirements if r.attribute == "professional"), None)
    for r in requirements:
        if r.attribute == AGE:
            checks.append(_age_check(official, r, on))
        elif r.attribute == FIELD:
            checks.append(_field_check(official, r, lists, degree))
        else:
            checks.append(_level_check(official, r, lists))
    outcomes = {c.outcome for c in checks}
    if Outcome.NOT_MET in outcomes:
        outcome = Outcome.NOT_MET
    elif Outcome.UNKNOWN in outcomes:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.MET
    return Evaluation(official, on, outcome, tuple(checks), standard, position)


# --- ratios ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    group: str
    total: int = 0
    met: int = 0
    not_met: int = 0
    unknown: int = 0
    will_meet: int = 0  # among not_met: a training in progress closes every gap

    @property
    def percent(self) -> float | None:
        return 100 * self.met / self.total if self.total else None

    def percent_text(self) -> str:
        value = self.percent
        if value is None:
            return "—"
        if self.met < self.total:
            value = min(value, 99.9)  # never "100%" while someone is missing
        if self.met > 0:
            value = max(value, 0.1)
        return f"{format_decimal(value, 0 if value == int(value) else 1)}%"

    def text(self, noun: str = "người") -> str:
        """``"18/20 công chức đạt chuẩn, tỷ lệ 90%"``."""
        if not self.total:
            return f"Không có {noun} thuộc diện chuẩn hóa"
        return f"{self.met}/{self.total} {noun} đạt chuẩn, tỷ lệ {self.percent_text()}"


@dataclass
class _Tally:
    total: int = 0
    met: int = 0
    not_met: int = 0
    unknown: int = 0
    will_meet: int = 0
    members: list[Evaluation] = field(default_factory=list)

    def add(self, e: Evaluation) -> None:
        self.total += 1
        self.met += e.outcome == Outcome.MET
        self.not_met += e.outcome == Outcome.NOT_MET
        self.unknown += e.outcome == Outcome.UNKNOWN
        self.will_meet += e.meets_on is not None


def ratios_by(evaluations: Iterable[Evaluation], group: Callable[[Evaluation], str]) -> list[Ratio]:
    """Ratios per group (category, department, position), in the order groups first appear.

    Officials outside standardisation (contract staff …) are not counted.
    """
    tallies: dict[str, _Tally] = {}
    for e in evaluations:
        if e.outcome == Outcome.NOT_APPLICABLE:
            continue
        tallies.setdefault(group(e), _Tally()).add(e)
    return [
        Ratio(name, t.total, t.met, t.not_met, t.unknown, t.will_meet)
        for name, t in tallies.items()
    ]


def overall_ratio(evaluations: Iterable[Evaluation], label: str = "Tổng số") -> Ratio:
    found = ratios_by(evaluations, lambda _e: label)
    return found[0] if found else Ratio(label)


def evaluate_on(
    officials: Iterable[Official], sets: Sequence[StandardSet], lists: StaffLists, on: date
) -> list[Evaluation]:
    """Everyone in post on ``on`` (their records as they were that day), evaluated."""
    return [evaluate(o, sets, lists, on) for o in officials if o.is_counted_on(on, lists)]


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


@dataclass(frozen=True)
class RatioComparison:
    group: str
    before: Ratio
    after: Ratio

    def change_text(self) -> str:
        """The change of the ratio in percentage points: "+5 điểm %", "−2,5 điểm %"."""
        if self.before.percent is None or self.after.percent is None:
            return ""
        delta = self.after.percent - self.before.percent
        if abs(delta) < 0.05:
            return "không đổi"
        sign = "+" if delta > 0 else "−"
        size = abs(delta)
        return f"{sign}{format_decimal(size, 0 if round(size, 1) == int(size) else 1)} điểm %"


def compare_ratios(
    before: Iterable[Evaluation],
    after: Iterable[Evaluation],
    group: Callable[[Evaluation], str],
    total_label: str = "Tổng số",
) -> list[RatioComparison]:
    """Ratios per group on two days, the groups of either day, then the total of each day."""
    before, after = list(before), list(after)
    first = {r.group: r for r in ratios_by(before, group)}
    second = {r.group: r for r in ratios_by(after, group)}
    groups = list(second) + [g for g in first if g not in second]
    rows = [RatioComparison(g, first.get(g, Ratio(g)), second.get(g, Ratio(g))) for g in groups]
    rows.append(
        RatioComparison(
            total_label, overall_ratio(before, total_label), overall_ratio(after, total_label)
        )
    )
    return rows


def report_sentence(evaluations: Iterable[Evaluation], lists: StaffLists, on: date) -> str:
    """The sentence a report quotes.

    "Tại ngày 31/12/2025: 18/20 công chức đạt chuẩn, tỷ lệ 90%; …".
    """
    parts = []
    for r in ratios_by(evaluations, lambda e: e.official.category):
        noun = lists.name("categories", r.group).lower()
        parts.append(r.text(noun))
    if not parts:
        return f"Tại ngày {format_date(on)}: chưa có cán bộ, công chức thuộc diện chuẩn hóa."
    return f"Tại ngày {format_date(on)}: " + "; ".join(parts) + "."
