"""Deadlines as officials write them: dates typed as text, periods ("Quý II/2026") and
recurring deadlines («Trước ngày 03 hàng quý»)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from cchc_desktop.core.text import fold_for_search, normalize_text, parse_date
from cchc_desktop.importers.sheet.cells import cell_text, date_of_number

_OPEN_ENDED = (
    "thuong xuyen",
    "hang nam",  # both "hằng năm" and "hàng năm"
    "hang quy",
    "hang thang",
    "hang tuan",
    "lien tuc",
    "dinh ky",
)
# Words that may stand before a date ("Trước ngày 30/6/2026"); longest first.
_DATE_PREFIXES = (
    "hoan thanh truoc ngay",
    "hoan thanh truoc",
    "hoan thanh ngay",
    "hoan thanh",
    "cham nhat la ngay",
    "cham nhat ngay",
    "cham nhat",
    "truoc ngay",
    "truoc",
    "den ngay",
    "han chot",
    "ngay",
)
# Words that may stand before a period ("Trong quý II/2026", "Cuối tháng 6").
_PERIOD_PREFIXES = ("hoan thanh trong", "hoan thanh", "trong", "cuoi")

_NUMERIC_DATE = re.compile(
    r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}"
)
_WORDED_DATE = re.compile(r"(\d{1,2}) thang (\d{1,2}) nam (\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})")
_MONTH = re.compile(r"(?:thang )?(\d{1,2})(?:\s*[/.\-]\s*| nam )(\d{4})|thang (\d{1,2})")
_QUARTER = re.compile(r"quy ([ivx]+|\d)(?:(?:\s*[/.\-]\s*| nam )(\d{4}))?")
_HALF = re.compile(r"(?:6|06|sau) thang (dau|cuoi) nam(?:\s*[/.\-]?\s*(\d{4}))?")
_YEAR = re.compile(r"(?:ca )?nam(?:\s*(\d{4}))?|(\d{4})")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _strip_prefix(text: str, prefixes: Iterable[str]) -> str:
    for prefix in prefixes:
        if text == prefix:
            return ""
        if text.startswith(prefix + " "):
            return text[len(prefix) + 1 :]
    return text


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline_text(text: str, default_year: int) -> date | None:
    """A deadline as plans write it, as the LAST day of the period named; None when open-ended.

    Reads dates ("Trước ngày 30/6/2026"), months ("Tháng 6/2026"), quarters
    ("Quý II/2026"), half years ("6 tháng đầu năm 2026") and years ("Năm 2026",
    "Cả năm"); a period without a year is in ``default_year``. Accents and case
    do not matter. Raises ValueError with a Vietnamese message otherwise.
    """
    printed = normalize_text(text)
    folded = fold_for_search(printed).rstrip(" .;,")
    if not folded:
        return None
    unreadable = ValueError(
        f"Thời hạn «{printed}» không đọc được; hãy ghi ngày/tháng/năm (ví dụ 30/06/2026), "
        "«Quý II/2026», «Tháng 6/2026» hoặc «Thường xuyên»."
    )
    if any(re.match(rf"{word}\b", folded) for word in _OPEN_ENDED):
        return None
    try:
        result = _read_deadline(folded, default_year)
    except ValueError:  # a day, month or quarter that does not exist
        raise ValueError(
            f"Thời hạn «{printed}» có ngày, tháng hoặc quý không có thật; hãy kiểm tra lại "
            "(ví dụ 30/06/2026, «Quý II/2026», «Tháng 6/2026»)."
        ) from None
    if result is None:
        raise unreadable
    return result


def _read_deadline(folded: str, default_year: int) -> date | None:
    """The deadline in ``folded``, None when it is not one of the known shapes."""
    rest = _strip_prefix(folded, _DATE_PREFIXES)
    if _NUMERIC_DATE.fullmatch(rest):
        return parse_date(rest)
    if match := _WORDED_DATE.fullmatch(rest):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := _DAY_MONTH.fullmatch(rest):
        return date(default_year, int(match.group(2)), int(match.group(1)))

    rest = _strip_prefix(folded, _PERIOD_PREFIXES)
    if match := _MONTH.fullmatch(rest):
        month = int(match.group(1) or match.group(3))
        year = int(match.group(2) or default_year)
        return _month_end(year, month)
    if match := _QUARTER.fullmatch(rest):
        token = match.group(1)
        quarter = int(token) if token.isdigit() else _ROMAN_QUARTERS.get(token, 0)
        if not 1 <= quarter <= 4:
            raise ValueError("no such quarter")
        return _month_end(int(match.group(2) or default_year), quarter * 3)
    if match := _HALF.fullmatch(rest):
        year = int(match.group(2) or default_year)
        return date(year, 6, 30) if match.group(1) == "dau" else date(year, 12, 31)
    if match := _YEAR.fullmatch(rest):
        return date(int(match.group(1) or match.group(2) or default_year), 12, 31)
    return None


def cell_date(value: object, default_year: int, number_format: str | None = None) -> date | None:
    """A deadline cell as a date: Excel dates, typed dates and period texts; None when open.

    ``number_format`` (optional, the cell's format) lets a bare number count as an
    Excel serial date only when the cell is formatted as a date; a number in
    2000–2100 is read as a year ("2026" → 31/12/2026). Raises ValueError (Vietnamese).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"Thời hạn «{cell_text(value)}» không phải ngày.")
    if isinstance(value, int | float):
        converted = date_of_number(value, number_format)
        if converted is not None:
            return converted
        if float(value).is_integer() and 2000 <= value <= 2100:
            return date(int(value), 12, 31)
        raise ValueError(
            f"Thời hạn «{cell_text(value)}» là một con số, không phải ngày; hãy ghi "
            "ngày/tháng/năm (ví dụ 30/06/2026) hoặc định dạng ô là kiểu Ngày."
        )
    if isinstance(value, str):
        return parse_deadline_text(value, default_year)
    raise ValueError(f"Thời hạn «{cell_text(value)}» không phải ngày.")


# --------------------------------------------------------------------------- recurring deadlines

_PERIOD_MONTHS = {"thang": 1, "quy": 3, "nam": 12}
_PERIOD_NAMES = {1: "tháng", 3: "quý", 6: "6 tháng", 12: "năm"}
_MONTH_OF_QUARTER = {"dau": 1, "giua": 2, "cuoi": 3}
_EVERY = r"(?:hang|moi|tung)"
_QUARTER_MONTH = re.compile(rf"\bthang (dau|giua|cuoi)(?: cua)?(?: {_EVERY})? quy\b")
_HALF_YEARLY = re.compile(
    rf"\b(?:{_EVERY}|dinh ky) (?:6|sau) thang\b|\b(?:6|sau) thang (?:mot|1) lan\b"
)
_EVERY_PERIOD = re.compile(rf"\b(?:{_EVERY}|dinh ky(?: theo)?) (thang|quy|nam)\b")
_YEARLY_DAY = re.compile(
    r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\b(?!\s*[/.\-]\s*\d)|\bngay (\d{1,2}) thang (\d{1,2})\b"
)
_DAY_OF_PERIOD = re.compile(r"\bngay (\d{1,2})\b(?!\s*[/.\-]\s*\d)")


@dataclass(frozen=True)
class Recurrence:
    """A deadline that comes back every period: «Trước ngày 03 hàng quý».

    ``every``: months in a period (1, 3, 6, 12). ``day``: the day of the month it is
    due, None for the period's last day. ``month``: which month of the period (1 = the
    first; the month of the year when ``every`` is 12), None when the text does not say.
    """

    every: int
    day: int | None = None
    month: int | None = None

    def variants(self) -> list[Recurrence]:
        """The readings of a text that names a day but not the month of the period:
        the period's first month and its last one (never guessed between them)."""
        if self.every in (3, 6) and self.day is not None and self.month is None:
            return [replace(self, month=1), replace(self, month=self.every)]
        return [self]

    def occurrences(self, year: int) -> list[date]:
        """The due dates in ``year``; a day a month does not have becomes its last day."""
        days = []
        for start in range(1, 13, self.every):
            if self.every == 12:
                month = self.month or 12
            else:
                offset = self.month if self.month is not None else (1 if self.day else self.every)
                month = start + offset - 1
            last = calendar.monthrange(year, month)[1]
            days.append(date(year, month, min(self.day or last, last)))
        return days

    def text(self) -> str:
        """How the program reads it: «ngày 03 tháng đầu mỗi quý», «ngày 15/11 hằng năm»."""
        period = _PERIOD_NAMES[self.every]
        if self.every == 12:
            if self.day is None and self.month is None:
                return "cuối mỗi năm"
            if self.day is None:
                return f"cuối tháng {self.month} hằng năm"
            if self.month is None:
                return f"ngày {self.day:02d} hằng năm"
            return f"ngày {self.day:02d}/{self.month:02d} hằng năm"
        if self.every == 1:
            return "cuối mỗi tháng" if self.day is None else f"ngày {self.day:02d} hằng tháng"
        if self.month is None:
            return f"cuối mỗi {period}" if self.day is None else f"ngày {self.day:02d} mỗi {period}"
        which = {1: "đầu", self.every: "cuối"}.get(self.month, f"thứ {self.month}")
        if self.every == 3 and self.month == 2:
            which = "giữa"
        when = "cuối" if self.day is None else f"ngày {self.day:02d}"
        return f"{when} tháng {which} mỗi {period}"


def parse_recurrence(text: str) -> Recurrence | None:
    """The recurring deadline a text states («Trước ngày 03 hàng quý», «Hằng tháng»,
    «Trước 15/11 hằng năm»), or None. «Thường xuyên» and «Định kỳ» alone name no period."""
    folded = fold_for_search(normalize_text(text)).rstrip(" .;,")
    month: int | None = None
    if match := _QUARTER_MONTH.search(folded):
        every, month = 3, _MONTH_OF_QUARTER[match.group(1)]
    elif _HALF_YEARLY.search(folded):
        every = 6
    elif match := _EVERY_PERIOD.search(folded):
        every = _PERIOD_MONTHS[match.group(1)]
    else:
        return None
    day: int | None = None
    if every == 12 and (match := _YEARLY_DAY.search(folded)):
        day = int(match.group(1) or match.group(3))
        month = int(match.group(2) or match.group(4))
    elif match := _DAY_OF_PERIOD.search(folded):
        day = int(match.group(1))
    if day is not None and not 1 <= day <= 31:
        return None
    if month is not None and not 1 <= month <= every:
        return None
    if day is not None and month is not None and every == 12:
        if day > calendar.monthrange(2024, month)[1]:
            return None
    return Recurrence(every, day, month)
