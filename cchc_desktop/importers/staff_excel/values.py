"""The values of a person's cells: levels, birth, the day a position was taken, gender."""

from __future__ import annotations

import re
from datetime import date, datetime

from cchc_desktop.core.staff import Birth, Gender, Level, Scale, StaffLists, parse_birth
from cchc_desktop.core.text import fold_for_search, format_date, normalize_text, parse_date
from cchc_desktop.importers.sheet import (
    cell_text,
    date_of_number,
    fold_keeping_length,
    header_key_text,
)

EMPTY_MARKS = {"-", "–", "—", "/", "..."}
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2}")
_MONTH_YEAR = re.compile(r"(?:thang\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR_ONLY = re.compile(r"(?:nam\s*)?(\d{4})")
_START_PREFIXES = ("tu ngay", "tu thang", "tu nam", "tu", "ngay", "thang")
_LEVEL_SEPARATORS = re.compile(r"[;\n\r]")
_FIELD_LEAD = re.compile(r"(?:chuyen nganh|nganh)\s*[:\-–]?\s+")
# Words before the level itself: "Chứng chỉ tin học A", "Tiếng Anh B1".
_LEVEL_FILLERS = {
    "it": ("chung chi", "tin hoc", "trinh do"),
    "foreign_language": (
        "chung chi",
        "ngoai ngu",
        "trinh do",
        "tieng anh",
        "anh van",
        "anh ngu",
        "tieng phap",
        "tieng trung",
        "tieng nga",
        "tieng han",
        "tieng nhat",
        "tieng lao",
        "anh",
    ),
    "political_theory": ("trinh do",),
    "state_management": ("trinh do", "boi duong", "qlnn"),
    "general_education": ("lop", "trinh do"),
}


def _clean_field(text: str) -> str:
    rest = normalize_text(text).lstrip(" -–—:,.(").strip()
    if rest.endswith(")") and "(" not in rest:
        rest = rest[:-1].strip()
    lead = _FIELD_LEAD.match(fold_keeping_length(rest))
    return normalize_text(rest[lead.end() :] if lead else rest)


def split_level(text: str, scale: Scale) -> tuple[Level, str] | None:
    """ "ĐH Luật" → (Đại học, "Luật"); "Cử nhân Kinh tế" → (Đại học, "Kinh tế").

    The longest level name or alias at the start of the text wins; what follows
    it is the field of study. None when no level starts the text.
    """
    raw = normalize_text(text)
    folded = fold_keeping_length(raw)
    best: tuple[int, Level, int] | None = None  # (length of the name matched, level, end)
    for level in scale.levels:
        for name in (level.name, *level.aliases):
            words = fold_for_search(name).split()
            if not words:
                continue
            pattern = r"\s*" + r"\s+".join(re.escape(w) for w in words) + r"(?=$|[\s\-–—:,(.])"
            match = re.match(pattern, folded)
            if match and (best is None or len(name) > best[0]):
                best = (len(name), level, match.end())
    if best is None:
        return None
    if best[1].rank == 0:  # "Chưa qua đào tạo": no field of study follows
        return best[1], ""
    return best[1], _clean_field(raw[best[2] :])


def _find_level(text: str, scale: Scale, attribute: str) -> Level | None:
    found = scale.find(text)
    if found is not None:
        return found
    rest = fold_for_search(text)
    fillers = _LEVEL_FILLERS.get(attribute, ())
    stripped = True
    while stripped and rest:
        stripped = False
        for filler in fillers:
            if rest.startswith(filler + " "):
                rest = rest[len(filler) + 1 :].strip()
                stripped = True
                found = scale.find(rest)
                if found is not None:
                    return found
    return None


def _levels_text(scale: Scale) -> str:
    return ", ".join(lv.name for lv in scale.levels)


def read_level(attribute: str, value: object, scale: Scale) -> tuple[str | None, str]:
    """The level code a cell names, and a field of study it also names ("ĐH Luật").

    (None, "") for an empty cell. Raises ValueError (Vietnamese) for a value
    that is no level of the scale.
    """
    if isinstance(value, datetime | date) and attribute == "general_education":
        # Excel turned "12/12" or "9/12" into a date; either order of day and month.
        for text in (f"{value.day}/{value.month}", f"{value.month}/{value.day}"):
            if (lv := scale.find(text)) is not None:
                return lv.code, ""
    text = cell_text(value)
    if not text or text in EMPTY_MARKS:
        return None, ""
    if attribute == "general_education" and text.isdigit():
        for whole in (f"{text}/12", f"{text}/10"):
            if (lv := scale.find(whole)) is not None:
                return lv.code, ""
    if attribute == "professional":
        return _professional(text, scale)
    level = _find_level(text, scale, attribute)
    if level is None:
        raise ValueError(
            f"«{text}» không đọc được thành mức {scale.label.lower()}; các mức có thể ghi: "
            f"{_levels_text(scale)}."
        )
    return level.code, ""


def _professional(text: str, scale: Scale) -> tuple[str, str]:
    """One or several degrees ("Đại học Luật; Thạc sĩ Quản lý công"): the highest counts."""
    found: list[tuple[Level, str]] = []
    for part in _LEVEL_SEPARATORS.split(text):
        part = normalize_text(part).strip(" .,")
        if not part:
            continue
        level = scale.find(part)
        split = split_level(part, scale)
        if split is not None:
            found.append(split)
        elif level is not None:
            found.append((level, ""))
        else:
            raise ValueError(
                f"«{part}» không đọc được thành trình độ chuyên môn; hãy ghi trình độ trước, "
                f"chuyên ngành sau (ví dụ «Đại học Luật», «Trung cấp Kế toán»); các mức: "
                f"{_levels_text(scale)}."
            )
    best = max(found, key=lambda pair: pair[0].rank)
    return best[0].code, best[1]


def read_birth(value: object, number_format: str | None = None) -> tuple[Birth | None, str]:
    """A birth cell: an Excel date, "12/03/1985", or a year alone (kept as a year).

    Returns the birth and a remark for the preview ("" when none). Raises
    ValueError (Vietnamese) for anything else — never invents a day.
    """
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return Birth.of(value.date()), ""
    if isinstance(value, date):
        return Birth.of(value), ""
    printed = cell_text(value)
    if isinstance(value, bool):
        raise ValueError(f"Ngày sinh «{printed}» không phải ngày.")
    if isinstance(value, int | float):
        day = date_of_number(value, number_format)
        if day is not None:
            return Birth.of(day), ""
        if float(value).is_integer() and 1000 <= value <= 9999:
            return Birth(int(value)), ""
        raise ValueError(
            f"Ngày sinh «{printed}» là một con số, không phải ngày; hãy ghi ngày/tháng/năm "
            "(12/03/1985) hoặc chỉ năm sinh (1985)."
        )
    text = printed.rstrip(".")
    if not text or text in EMPTY_MARKS:
        return None, ""
    folded = fold_for_search(text)
    if _TWO_DIGIT_YEAR.fullmatch(text):
        raise ValueError(
            f"Ngày sinh «{text}» chỉ có hai chữ số của năm; hãy ghi đủ bốn chữ số "
            "(ví dụ 12/03/1985)."
        )
    if match := _MONTH_YEAR.fullmatch(folded):
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"Ngày sinh «{text}» có tháng {month} không có thật.")
        return Birth(year), f"Ngày sinh chỉ ghi tháng/năm «{text}»: giữ năm sinh {year}."
    try:
        return parse_birth(text), ""
    except ValueError as unreadable:
        try:
            parse_date(text)
        except ValueError as why:
            if "không có thật" in str(why):
                raise ValueError(
                    f"Ngày sinh «{text}» không có thật (sai ngày hoặc tháng); hãy kiểm tra lại "
                    "theo dạng ngày/tháng/năm, ví dụ 12/03/1985."
                ) from None
        raise ValueError(str(unreadable)) from None


def read_start(value: object, number_format: str | None = None) -> tuple[date | None, str]:
    """The day someone took up the position; a month or a year alone is read as its first day
    (said in the remark)."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    printed = cell_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = date_of_number(value, number_format)
        if day is not None:
            return day, ""
        if float(value).is_integer() and 1900 <= value <= 2100:
            year = int(value)
            return date(year, 1, 1), f"Ngày giữ chức danh chỉ ghi năm {year}: lưu là 01/01/{year}."
        raise ValueError(f"Ngày giữ chức danh «{printed}» là một con số, không phải ngày.")
    text = printed.rstrip(".")
    if not text or text in EMPTY_MARKS:
        return None, ""
    folded = fold_for_search(text)
    for prefix in _START_PREFIXES:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :].strip()
            break
    if match := _MONTH_YEAR.fullmatch(folded):
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            first = date(year, month, 1)
            return first, f"Ngày giữ chức danh chỉ ghi «{text}»: lưu là {format_date(first)}."
    elif match := _YEAR_ONLY.fullmatch(folded):
        year = int(match.group(1))
        return date(year, 1, 1), f"Ngày giữ chức danh chỉ ghi năm {year}: lưu là 01/01/{year}."
    try:
        return parse_date(folded), ""
    except ValueError:
        raise ValueError(
            f"Ngày giữ chức danh «{text}» không đọc được; hãy ghi ngày/tháng/năm "
            "(ví dụ 01/07/2025), tháng/năm hoặc năm."
        ) from None


def read_gender(text: str) -> Gender | None:
    folded = fold_for_search(text)
    if not folded or folded in EMPTY_MARKS:
        return None
    if folded in ("nam", "m", "male", "trai"):
        return Gender.MALE
    if folded in ("nu", "f", "female", "gai"):
        return Gender.FEMALE
    raise ValueError(f"Giới tính «{text}» không đọc được; hãy ghi «Nam» hoặc «Nữ».")


def person_name(text: str) -> str:
    """ "NGUYỄN VĂN AN" (as lists often print names) → "Nguyễn Văn An"."""
    name = normalize_text(text)
    if name and name == name.upper() and any(ch.isalpha() for ch in name):
        return " ".join(word[:1] + word[1:].lower() for word in name.split())
    return name


def category_of_text(text: str, lists: StaffLists) -> str | None:
    """A category named in a cell or a heading: "Công chức", "CB", "II. CÁN BỘ" …"""
    found = lists.find("categories", text)
    if found is not None:
        return found.code
    folded = " " + header_key_text(text) + " "
    short = {"cb": "can_bo", "cc": "cong_chuc", "hd": "hop_dong"}
    if folded.strip() in short:
        return short[folded.strip()]
    named = {
        c.code
        for c in lists.categories
        if f" {c.code.replace('_', ' ')} " in folded
        or f" {header_key_text(c.name)} " in folded
        or any(f" {header_key_text(a)} " in folded for a in c.aliases)
    }
    return named.pop() if len(named) == 1 else None
