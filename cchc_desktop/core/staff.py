"""Officials of the commune (cán bộ, công chức …) and the lists their records use.

The lists — categories, departments, employment statuses and the ordered
levels of each qualification — are data (``resources/data/staff_lists.json``),
so that a province's wording or a new level never needs a code change.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from cchc_desktop.core.text import (
    fold_for_search,
    format_date,
    normalize_text,
    parse_date,
    vietnamese_sort_key,
)

# The qualification attributes compared with a standard, in the order screens show them.
LEVEL_ATTRIBUTES = (
    "general_education",
    "professional",
    "political_theory",
    "state_management",
    "it",
    "foreign_language",
    "ethnic_language",
)
MIN_AGE = 18


class Gender(enum.StrEnum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return "Nam" if self is Gender.MALE else "Nữ"


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    rank: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scale:
    """The ordered levels of one qualification (trung cấp < cao đẳng < đại học …)."""

    attribute: str
    label: str
    levels: tuple[Level, ...]

    def level(self, code: str | None) -> Level | None:
        return next((lv for lv in self.levels if lv.code == code), None)

    def name(self, code: str | None) -> str:
        found = self.level(code)
        return found.name if found else (code or "")

    def find(self, text: str | None) -> Level | None:
        """The level a text names: its code, its name or an alias, ignoring case and accents."""
        folded = fold_for_search(text)
        if not folded:
            return None
        for lv in self.levels:
            if folded in (lv.code, fold_for_search(lv.name)):
                return lv
        for lv in self.levels:
            if any(folded == fold_for_search(alias) for alias in lv.aliases):
                return lv
        return self.split(text)[0]

    def split(self, text: str | None) -> tuple[Level | None, str]:
        """A level named at the start of a text, and the rest: "ĐH Luật" → (đại học, "Luật").

        Names and aliases of two letters or more only ("A", "x" are too ambiguous).
        """
        raw = normalize_text(text)
        folded = fold_for_search(raw)
        prefixes = [
            (fold_for_search(name), lv)
            for lv in self.levels
            for name in (lv.name, *lv.aliases)
            if len(fold_for_search(name)) >= 2
        ]
        for prefix, lv in sorted(prefixes, key=lambda p: -len(p[0])):
            if folded == prefix:
                return lv, ""
            if folded.startswith(prefix + " "):
                # Folding keeps the number of words: drop as many words from the original.
                rest = raw.split(" ", len(prefix.split()))[-1].strip(" -–,:")
                return lv, rest[:1].upper() + rest[1:]
        return None, raw


@dataclass(frozen=True)
class ListItem:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    flag: bool = True  # category: standardised; employment status: still working


@dataclass(frozen=True)
class StaffLists:
    categories: tuple[ListItem, ...]
    departments: tuple[ListItem, ...]
    statuses: tuple[ListItem, ...]
    scales: dict[str, Scale]

    def name(self, kind: str, code: str | None) -> str:
        items: tuple[ListItem, ...] = getattr(self, kind)
        found = next((item for item in items if item.code == code), None)
        return found.name if found else (code or "")

    def find(self, kind: str, text: str | None) -> ListItem | None:
        folded = fold_for_search(text)
        if not folded:
            return None
        items: tuple[ListItem, ...] = getattr(self, kind)
        for item in items:
            names = (item.code, item.name, *item.aliases)
            if any(folded == fold_for_search(n) for n in names):
                return item
        return None

    def is_active(self, status: str) -> bool:
        found = next((s for s in self.statuses if s.code == status), None)
        return found.flag if found else False

    def is_standardised(self, category: str) -> bool:
        found = next((c for c in self.categories if c.code == category), None)
        return found.flag if found else True


def _items(raw: list[dict[str, Any]], flag_key: str | None = None) -> tuple[ListItem, ...]:
    return tuple(
        ListItem(
            code=item["code"],
            name=item["name"],
            aliases=tuple(item.get("aliases", ())),
            flag=bool(item.get(flag_key, True)) if flag_key else True,
        )
        for item in raw
    )


def parse_staff_lists(raw: dict[str, Any]) -> StaffLists:
    scales = {
        attribute: Scale(
            attribute=attribute,
            label=spec["label"],
            levels=tuple(
                Level(lv["code"], lv["name"], int(lv["rank"]), tuple(lv.get("aliases", ())))
                for lv in spec["levels"]
            ),
        )
        for attribute, spec in raw["scales"].items()
    }
    missing = set(LEVEL_ATTRIBUTES) - set(scales)
    if missing:
        raise ValueError(f"staff lists lack the scales {sorted(missing)}")
    return StaffLists(
        categories=_items(raw["categories"], "standardised"),
        departments=_items(raw["departments"]),
        statuses=_items(raw["employment_statuses"], "active"),
        scales=scales,
    )


@functools.cache
def load_staff_lists(path: Path | None = None) -> StaffLists:
    if path is None:
        from cchc_desktop.paths import data_resource

        path = data_resource("staff_lists.json")
    return parse_staff_lists(json.loads(Path(path).read_text(encoding="utf-8")))


# --- birth dates: a full date, or a year alone (kept as a year, never invented) -------------


@dataclass(frozen=True, order=True)
class Birth:
    year: int
    day: date | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.day.year != self.year:
            raise ValueError("birth day and year disagree")

    @classmethod
    def of(cls, day: date) -> Birth:
        return cls(day.year, day)

    def text(self) -> str:
        return format_date(self.day) if self.day else str(self.year)

    def stored(self) -> str:
        """``'1985-03-12'`` or ``'1985'``."""
        return self.day.isoformat() if self.day else f"{self.year:04d}"

    @classmethod
    def from_stored(cls, value: str | None) -> Birth | None:
        if not value:
            return None
        if len(value) == 4:
            return cls(int(value))
        return cls.of(date.fromisoformat(value))

    def age_range(self, on: date) -> tuple[int, int]:
        """The age on a day: exact for a full date, two candidates for a year alone."""
        if self.day is not None:
            before_birthday = (on.month, on.day) < (self.day.month, self.day.day)
            age = on.year - self.year - before_birthday
            return age, age
        return on.year - self.year - 1, on.year - self.year


_YEAR_RE = re.compile(r"^(?:năm\s*)?(\d{4})$", re.IGNORECASE)


def parse_birth(text: str | None) -> Birth | None:
    """``"12/03/1985"`` → a date; ``"1985"`` → the year alone; ``""`` → None.

    Raises ValueError with a Vietnamese message for anything else.
    """
    raw = normalize_text(text)
    if not raw:
        return None
    match = _YEAR_RE.match(raw)
    if match:
        return Birth(int(match.group(1)))
    try:
        day = parse_date(raw)
    except ValueError:
        raise ValueError(
            f"Ngày sinh «{raw}» không đọc được; nhập ngày/tháng/năm (12/03/1985) hoặc chỉ năm "
            "sinh (1985)."
        ) from None
    assert day is not None
    if day > date.today() and re.search(r"\D\d{2}$", raw):
        day = day.replace(year=day.year - 100)  # "12/03/85": born in 1985, not 2085
    return Birth.of(day)


# --- an official ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    """A training in progress: what level it gives, and when it is expected to end."""

    attribute: str  # one of LEVEL_ATTRIBUTES
    level: str
    field_of_study: str = ""
    name: str = ""  # "Đại học Luật, Trường Đại học Luật Huế (hệ vừa làm vừa học)"
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class Official:
    full_name: str
    category: str  # a code of StaffLists.categories
    gender: Gender | None = None
    birth: Birth | None = None
    ethnicity: str = ""
    standard_family: str | None = None  # which standard set the position belongs to
    position: str | None = None  # a position code of that set
    position_title: str = ""  # the title as written, when the position is not in a set
    department: str | None = None
    started_on: date | None = None  # in the current position
    general_education: str | None = None
    professional: str | None = None
    field_of_study: str = ""
    political_theory: str | None = None
    state_management: str | None = None
    it: str | None = None
    foreign_language: str | None = None
    ethnic_language: str | None = None
    training: Training | None = None
    status: str = "dang_cong_tac"
    status_on: date | None = None
    notes: str = ""
    uuid: str | None = None

    def level_of(self, attribute: str) -> str | None:
        value: str | None = getattr(self, attribute)
        return value

    def is_counted_on(self, day: date, lists: StaffLists) -> bool:
        """Was the official in post on ``day`` (started, and not yet left)?"""
        if self.started_on is not None and self.started_on > day:
            return False
        if lists.is_active(self.status):
            return True
        return self.status_on is not None and self.status_on > day


PERSONAL_FIELDS = ("gender", "birth", "ethnicity")  # Nghị định 13/2023/NĐ-CP


def normalized_official(official: Official) -> Official:
    training = official.training
    if training is not None:
        training = replace(
            training,
            field_of_study=normalize_text(training.field_of_study),
            name=normalize_text(training.name),
        )
    return replace(
        official,
        full_name=normalize_text(official.full_name),
        ethnicity=normalize_text(official.ethnicity),
        position_title=normalize_text(official.position_title),
        field_of_study=normalize_text(official.field_of_study),
        notes=normalize_text(official.notes),
        training=training,
    )


def validate_official(
    official: Official, today: date, lists: StaffLists, known_positions: set[tuple[str, str]]
) -> dict[str, str]:
    """Vietnamese messages keyed by field; empty when the record may be saved."""
    o = normalized_official(official)
    errors: dict[str, str] = {}
    if not o.full_name:
        errors["full_name"] = "Chưa nhập họ và tên."
    elif len(o.full_name.split()) < 2:
        errors["full_name"] = "Nhập đủ họ và tên (ít nhất họ và tên gọi), ví dụ «Nguyễn Văn An»."
    if o.category not in {c.code for c in lists.categories}:
        errors["category"] = "Chọn đối tượng (cán bộ, công chức …) trong danh sách."
    if o.birth is not None:
        birth_day = o.birth.day or date(o.birth.year, 1, 1)
        if birth_day > today or o.birth.year > today.year:
            errors["birth"] = f"Ngày sinh {o.birth.text()} ở sau hôm nay ({format_date(today)})."
        elif o.birth.age_range(today)[1] < MIN_AGE:
            errors["birth"] = (
                f"Sinh {o.birth.text()}: chưa đủ {MIN_AGE} tuổi, không thể là cán bộ, công chức."
            )
        elif o.birth.year < today.year - 100:
            errors["birth"] = f"Năm sinh {o.birth.year} quá xa; hãy kiểm tra lại."
    if o.position is not None and (o.standard_family, o.position) not in known_positions:
        errors["position"] = "Chức danh, vị trí việc làm này không có trong bộ tiêu chuẩn."
    if o.department is not None and o.department not in {d.code for d in lists.departments}:
        errors["department"] = "Phòng, bộ phận này không có trong danh sách."
    if o.started_on is not None and o.started_on > today:
        errors["started_on"] = (
            f"Ngày bắt đầu giữ chức danh {format_date(o.started_on)} ở sau hôm nay."
        )
    elif o.started_on is not None and o.birth is not None and o.started_on.year < o.birth.year:
        errors["started_on"] = "Ngày bắt đầu giữ chức danh trước cả năm sinh."
    for attribute in LEVEL_ATTRIBUTES:
        value = o.level_of(attribute)
        scale = lists.scales[attribute]
        if value is not None and scale.level(value) is None:
            errors[attribute] = f"«{value}» không có trong danh sách mức {scale.label.lower()}."
    if o.training is not None:
        errors.update(_training_problems(o.training, lists))
    if o.status not in {s.code for s in lists.statuses}:
        errors["status"] = "Chọn tình trạng công tác trong danh sách."
    elif not lists.is_active(o.status) and o.status_on is None:
        errors["status_on"] = f"Nhập ngày {lists.name('statuses', o.status).lower()}."
    if o.status_on is not None and o.status_on > today and lists.is_active(o.status):
        errors["status_on"] = f"Ngày {format_date(o.status_on)} ở sau hôm nay."
    return errors


def _training_problems(training: Training, lists: StaffLists) -> dict[str, str]:
    errors: dict[str, str] = {}
    scale = lists.scales.get(training.attribute)
    if scale is None:
        errors["training_attribute"] = "Chọn loại đào tạo, bồi dưỡng."
    elif scale.level(training.level) is None:
        errors["training_level"] = "Chọn trình độ sẽ đạt khi học xong."
    if training.ends_on is None:
        errors["training_ends_on"] = "Nhập ngày dự kiến kết thúc khóa học."
    elif training.starts_on is not None and training.ends_on < training.starts_on:
        errors["training_ends_on"] = (
            f"Ngày kết thúc {format_date(training.ends_on)} trước ngày bắt đầu "
            f"{format_date(training.starts_on)}."
        )
    return errors


# --- names, the Vietnamese way -------------------------------------------------------------


def name_parts(full_name: str) -> tuple[str, str]:
    """``"Nguyễn Thị Minh Khai"`` → (``"Khai"``, ``"Nguyễn Thị Minh"``): given name, the rest."""
    words = normalize_text(full_name).split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def name_sort_key(full_name: str) -> str:
    """Given name first, then family and middle names, in Vietnamese alphabetical order."""
    given, rest = name_parts(full_name)
    # The given name decides first, tones included; the rest only breaks ties.
    return vietnamese_sort_key(given) + "\x00" + vietnamese_sort_key(rest)


OFFICIAL_FIELDS = tuple(f.name for f in fields(Official))
