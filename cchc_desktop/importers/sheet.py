"""Reading tables out of the workbooks officials really send: helpers shared by every importer.

Officials' workbooks have title blocks above the table, headers split over
two rows, merged cells, dates typed as text and deadlines written as periods
("Quý II/2026"). These helpers find the table and read its cells; they never
write. openpyxl is imported inside the functions that need it, so that the
result types here can be imported at start-up without loading it.
"""

from __future__ import annotations

import calendar
import io
import itertools
import logging
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.errors import UserError
from cchc_desktop.core.text import (
    fold_for_search,
    format_date,
    normalize_text,
    os_error_text,
    parse_date,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

CellMap = Mapping[tuple[int, int], object]

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_SAVE_AS_XLSX = (
    "Hãy mở tệp trong Excel, chọn Tệp → «Lưu thành» (Save As), kiểu "
    "«Sổ làm việc Excel (*.xlsx)», rồi chọn tệp mới này."
)


class ImportFileError(UserError):
    """The whole file cannot be read. ``.message`` is Vietnamese, shown to the user as is."""


@dataclass(frozen=True)
class ImportProblem:
    """One row that cannot be used, said so that the official can find and fix it in Excel."""

    sheet: str
    row: int  # 1-based Excel row number
    column: str | None  # header text as printed, or None for the whole row
    message: str  # Vietnamese


# --------------------------------------------------------------------------- opening


def open_workbook(path: str | Path) -> Workbook:
    """Open an .xlsx for reading (cached formula values, merged ranges kept).

    Every way a file can fail becomes an :class:`ImportFileError` with a Vietnamese
    message that says what to do; no openpyxl or zipfile exception escapes.
    The bytes are read at once so that no handle stays open on the user's file.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportFileError(f"Không tìm thấy tệp «{path}». Tệp có thể đã bị đổi tên hoặc xóa.")
    if path.is_dir():
        raise ImportFileError(
            f"«{path}» là một thư mục, không phải tệp Excel. Hãy chọn một tệp .xlsx."
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ImportFileError(
            f"Không có quyền đọc tệp «{name}». Hãy đóng tệp nếu đang mở ở chương trình khác, "
            "hoặc chép tệp sang thư mục khác rồi chọn lại."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"Không đọc được tệp «{name}» ({os_error_text(exc)}).") from None
    _check_signature(name, data)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, slicers…); we only read.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        log.warning("openpyxl could not read %s", path, exc_info=True)
        raise ImportFileError(_damaged_message(name)) from exc


def sheets_with_header(
    workbook: Workbook,
    path: Path,
    sheet_name: str | None,
    header_of: Callable[[Worksheet], HeaderMatch | None],
    missing: str,
) -> list[tuple[Worksheet, HeaderMatch]]:
    """The sheets (the named one, else every visible one) where ``header_of`` finds the
    table's header, in workbook order. ``ImportFileError`` when the named sheet does not
    exist or no sheet has the header (``missing`` says what header was looked for)."""
    from openpyxl.worksheet.worksheet import Worksheet as CellSheet

    candidates: list[Worksheet]
    if sheet_name is not None:
        if sheet_name not in workbook.sheetnames:
            names = ", ".join(f"«{n}»" for n in workbook.sheetnames)
            raise ImportFileError(
                f"Tệp «{path.name}» không có trang «{sheet_name}» (các trang: {names})."
            )
        named = workbook[sheet_name]
        # a chart sheet has no cells: named, it is a sheet without the header
        candidates = [named] if isinstance(named, CellSheet) else []
    else:
        candidates = [
            ws
            for ws in workbook.worksheets
            if isinstance(ws, CellSheet) and ws.sheet_state == "visible"
        ]
    found: list[tuple[Worksheet, HeaderMatch]] = []
    for ws in candidates:
        header = header_of(ws)
        if header is not None:
            found.append((ws, header))
    if not found:
        shown = [ws.title for ws in candidates] if sheet_name is None else [sheet_name]
        names = ", ".join(f"«{n}»" for n in shown) or "(không có trang nào)"
        raise ImportFileError(f"{missing} trong các trang: {names}.")
    return found


def _damaged_message(name: str) -> str:
    return (
        f"Tệp «{name}» bị hỏng (có thể tải về hoặc sao chép chưa xong) nên không đọc được. "
        "Hãy mở thử bằng Excel; nếu Excel mở được thì «Lưu thành» một tệp .xlsx mới rồi chọn lại."
    )


def _check_signature(name: str, data: bytes) -> None:
    """Refuse, with a useful message, everything that is not an Office Open XML workbook."""
    if name.startswith("~$"):
        raise ImportFileError(
            f"«{name}» là tệp tạm Excel tạo ra khi một bảng tính đang mở, không chứa dữ liệu. "
            "Hãy chọn tệp có cùng tên nhưng không có «~$» ở đầu."
        )
    if not data:
        raise ImportFileError(f"Tệp «{name}» rỗng (0 byte), không phải tệp Excel .xlsx.")
    if data.startswith(_OLE_SIGNATURE):
        # Office keeps a password-protected .xlsx inside an OLE container, like an old .xls.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFileError(
                f"Tệp «{name}» được đặt mật khẩu nên chương trình không đọc được. Hãy mở tệp "
                "trong Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ Sổ làm việc → Mã hóa bằng "
                "Mật khẩu, xóa mật khẩu), lưu lại rồi chọn lại tệp."
            )
        raise ImportFileError(
            f"Tệp «{name}» là dạng Excel cũ (.xls); chương trình chỉ đọc được tệp .xlsx. "
            + _SAVE_AS_XLSX
        )
    if not data.startswith(_ZIP_SIGNATURES):
        if name.lower().endswith((".xls", ".xlt")):
            raise ImportFileError(
                f"Tệp «{name}» không phải tệp Excel .xlsx (tên có đuôi .xls của Excel cũ). "
                + _SAVE_AS_XLSX
            )
        if _looks_like_text(data):
            raise ImportFileError(
                f"Tệp «{name}» không phải tệp Excel .xlsx (có vẻ là tệp văn bản, ví dụ CSV). "
                + _SAVE_AS_XLSX
            )
        raise ImportFileError(
            f"Tệp «{name}» không phải tệp Excel .xlsx. Hãy chọn một bảng tính Excel có đuôi .xlsx."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportFileError(_damaged_message(name)) from None
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise ImportFileError(
            f"Tệp «{name}» là dạng Excel nhị phân (.xlsb); chương trình chỉ đọc được .xlsx. "
            + _SAVE_AS_XLSX
        )
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportFileError(
            f"Tệp «{name}» là bảng tính OpenDocument (.ods). Hãy mở bằng Excel hoặc "
            "LibreOffice Calc và «Lưu thành» kiểu «Sổ làm việc Excel (*.xlsx)», rồi chọn tệp mới."
        )
    if "word/document.xml" in names:
        raise ImportFileError(
            f"Tệp «{name}» là văn bản Word, không phải tệp Excel .xlsx. Nếu bảng nhiệm vụ nằm "
            "trong văn bản Word, hãy chép bảng sang Excel và lưu thành tệp .xlsx."
        )
    raise ImportFileError(f"Tệp «{name}» không phải tệp Excel .xlsx (là một tệp nén khác).")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still text.
        return exc.start >= len(sample) - 3
    return True


# --------------------------------------------------------------------------- cells


def merged_origin_map(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of every cell inside a merged range -> (row, column) of its top-left cell."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row, rng.min_col
        for row in range(top, rng.max_row + 1):
            for col in range(left, rng.max_col + 1):
                origins[(row, col)] = (top, left)
    return origins


def merged_range_bounds(ws: Worksheet) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Top-left (row, column) of every merged range -> (min_row, min_col, max_row, max_col)."""
    return {
        (rng.min_row, rng.min_col): (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for rng in ws.merged_cells.ranges
    }


def merged_value_map(
    ws: Worksheet, origins: Mapping[tuple[int, int], tuple[int, int]] | None = None
) -> dict[tuple[int, int], object]:
    """For every cell inside a merged range, the value of the range's top-left cell.

    openpyxl gives the other cells of a range the value None; a lead or deadline
    merged down over three tasks belongs to all three. ``origins``: the
    :func:`merged_origin_map` when the caller has it already.
    """
    if origins is None:
        origins = merged_origin_map(ws)
    return {cell: ws.cell(row=top, column=left).value for cell, (top, left) in origins.items()}


def _value(ws: Worksheet, row: int, column: int, merged: CellMap) -> object:
    key = (row, column)
    if key in merged:
        return merged[key]
    return ws.cell(row=row, column=column).value


def row_values(
    ws: Worksheet, row: int, columns: Mapping[str, int], merged: CellMap
) -> dict[str, object]:
    """The raw value of each logical column in ``row``, merged ranges filled in."""
    return {key: _value(ws, row, column, merged) for key, column in columns.items()}


def cell_text(value: object) -> str:
    """A cell as the official reads it: normalized text, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return format_date(value.date())
        return f"{format_date(value.date())} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return format_date(value)
    return normalize_text(str(value))


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
        from openpyxl.styles.numbers import is_date_format
        from openpyxl.utils.datetime import from_excel

        if number_format and is_date_format(number_format):
            try:
                converted = from_excel(value)
            except (ValueError, OverflowError, TypeError):
                converted = None
            if isinstance(converted, datetime):
                return converted.date()
            if isinstance(converted, date):
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


# --------------------------------------------------------------------------- deadlines

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


# --------------------------------------------------------------------------- headers


@dataclass(frozen=True)
class HeaderMatch:
    """Where a table's header is and which column holds each logical field."""

    sheet: str
    row: int  # the (last) header row
    columns: dict[str, int]  # logical key -> 1-based column index
    labels: dict[str, str]  # logical key -> header text as printed (normalized)


_MAX_HEADER_COLUMNS = 64
_MAX_HEADER_CELL_LENGTH = 150
_MAX_SUB_HEADER_LENGTH = 60
_START_WORDS = ("bat dau", "tu ngay", "khoi cong")


def header_key_text(text: object) -> str:
    """A header cell as compared with synonyms: folded, punctuation as spaces.

    "Đơn vị/cá nhân chủ trì" and "Nội dung nhiệm vụ (1)" become
    "don vi ca nhan chu tri" and "noi dung nhiem vu 1".
    """
    return " ".join(re.sub(r"[^\w\s]", " ", fold_for_search(str(text))).split())


def _best_key(text: str, synonyms: Mapping[str, list[str]]) -> tuple[str, int] | None:
    """The key whose synonym equals or starts ``text`` (on a word boundary); longest wins.

    ``synonyms`` are already in :func:`header_key_text` form.
    """
    best: tuple[str, int] | None = None
    for key, words in synonyms.items():
        for word in words:
            if word and (text == word or text.startswith(word + " ")):
                if best is None or len(word) > best[1]:
                    best = (key, len(word))
    return best


@dataclass(frozen=True)
class _Candidate:
    column: int
    label: str
    direct: bool  # matched by the cell's own text, not with the group header above it
    length: int  # length of the synonym matched

    @property
    def score(self) -> tuple[bool, int, int]:
        return (self.direct, self.length, -self.column)


def _row_matches(
    ws: Worksheet,
    row: int,
    width: int,
    merged: CellMap,
    bounds: Mapping[tuple[int, int], tuple[int, int, int, int]],
    origins: Mapping[tuple[int, int], tuple[int, int]],
    synonyms: Mapping[str, list[str]],
) -> dict[str, _Candidate]:
    """The best column for each key in one row, reading a group header above when needed."""
    found: dict[str, _Candidate] = {}
    for column in range(1, width + 1):
        value = _value(ws, row, column, merged)
        if not isinstance(value, str) or len(value) > _MAX_HEADER_CELL_LENGTH:
            continue
        label = normalize_text(value)
        text = header_key_text(label)
        match = _best_key(text, synonyms)
        direct = True
        if match is None and row > 1 and not _is_start_or_number(text):
            # "Thời gian" merged over "Bắt đầu | Hoàn thành": read "thời gian hoàn thành".
            origin = origins.get((row - 1, column))
            if origin is not None and origin != origins.get((row, column)):
                top, left, _, right = bounds[origin]
                upper = ws.cell(row=top, column=left).value
                if right > left and isinstance(upper, str):
                    match = _best_key(f"{header_key_text(upper)} {text}", synonyms)
                    label = f"{normalize_text(upper)} – {label}"
                    direct = False
        if match is None:
            continue
        candidate = _Candidate(column, label, direct, match[1])
        if match[0] not in found or candidate.score > found[match[0]].score:
            found[match[0]] = candidate
    return found


def _is_start_or_number(text: str) -> bool:
    """A sub-header never read with its group: a start date, or a column number "(5)"."""
    return text.isdigit() or text.startswith(_START_WORDS)


def _has_sub_headers(ws: Worksheet, row: int, left: int, right: int) -> bool:
    """Whether ``row`` holds short names under a group header spanning ``left``..``right``.

    Two or more separate short texts are sub-headers ("Bắt đầu | Hoàn thành"); a
    task's content under a wide "Nội dung" header is one text and is not.
    """
    texts = 0
    for column in range(left, right + 1):
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value.strip() and not header_key_text(value).isdigit():
            if len(value) > _MAX_SUB_HEADER_LENGTH:
                return False
            texts += 1
    return texts >= 2


def find_header(
    ws: Worksheet,
    synonyms: dict[str, list[str]],
    required: set[str],
    max_scan_rows: int = 40,
) -> HeaderMatch | None:
    """Find the table's header row among the first rows, below any title block.

    A cell names a key when its folded text equals one of the key's synonyms or
    starts with it ("Nội dung nhiệm vụ (1)"). A row naming at least two keys is
    preferred over one naming only the required ones, so that a title such as
    "NHIỆM VỤ CCHC NĂM 2026" above the table is not taken for it. A header
    spread over two rows (cells merged down, or a group such as "Thời gian"
    over "Bắt đầu | Hoàn thành") is read as one; ``row`` is its last row.
    """
    synonyms = {key: [header_key_text(word) for word in words] for key, words in synonyms.items()}
    origins = merged_origin_map(ws)
    bounds = merged_range_bounds(ws)
    merged = merged_value_map(ws, origins)
    width = min(ws.max_column, _MAX_HEADER_COLUMNS)
    last = min(ws.max_row, max_scan_rows)

    first: tuple[int, dict[str, _Candidate]] | None = None
    chosen: tuple[int, dict[str, _Candidate]] | None = None
    for row in range(1, last + 1):
        found = _row_matches(ws, row, width, merged, bounds, origins, synonyms)
        if not required <= found.keys():
            continue
        if first is None:
            first = (row, found)
        if len(found) >= 2:
            chosen = (row, found)
            break
    chosen = chosen or first
    if chosen is None:
        return None

    top_row, found = chosen
    end = top_row
    for column in range(1, width + 1):
        origin = origins.get((top_row, column))
        if origin is None:
            continue
        _, left, bottom, right = bounds[origin]
        if bottom > top_row:  # a header cell merged down: the header goes on below
            end = max(end, bottom)
        elif right > left and column == left and _has_sub_headers(ws, top_row + 1, left, right):
            end = max(end, top_row + 1)
    for row in range(top_row + 1, end + 1):
        # The lower rows name the columns more precisely; they override the upper one.
        for key, candidate in _row_matches(
            ws, row, width, merged, bounds, origins, synonyms
        ).items():
            found = {k: c for k, c in found.items() if c.column != candidate.column}
            found[key] = candidate
    return HeaderMatch(
        sheet=ws.title,
        row=end,
        columns={key: cand.column for key, cand in found.items()},
        labels={key: cand.label for key, cand in found.items()},
    )


# Lines of officials' tables that are not data: section numbers (I., II., A.), the row
# numbering the columns (1, 2, 3 … or (1), (2) …), and the signature block below a table.
HEADING_NUMBER = re.compile(r"(?:X{0,2}(?:IX|IV|V?I{1,3}|V)|X{1,2}|[A-Z])[.)]?")
NUMBERING_TOKEN = re.compile(r"\(?\s*(\d{1,2}|[A-Z])\s*\)?")
SIGNATURE_LINE = re.compile(r"(?:tm|kt|tl|q)\s*\.\s|noi nhan\W|nguoi lap\W|\*?\s*ghi chu\s*:")


def last_value_row(ws: Worksheet) -> int:
    """The last row holding a value; styled empty cells far below the table do not count."""
    cells = getattr(ws, "_cells", None)
    if not isinstance(cells, dict):
        return ws.max_row
    return max(
        (row for (row, _), cell in cells.items() if cell.value not in (None, "")),
        default=0,
    )


@dataclass(frozen=True)
class TableCell:
    """A cell of a table row as a reader sees it, merged ranges resolved."""

    value: object
    origin: tuple[int, int]  # the cell holding the value (a merged range's top-left)
    continued: bool  # the value comes from a merged range that started on an earlier row

    @property
    def text(self) -> str:
        return cell_text(self.value)


def table_row(
    ws: Worksheet,
    row: int,
    columns: Mapping[str, int],
    keys: Iterable[str],
    origins: Mapping[tuple[int, int], tuple[int, int]],
) -> dict[str, TableCell]:
    """The cells of one row under the header's columns, in the order of ``keys``.

    Blank text is no value; a merged range spanning several columns gives its value
    to the first key only.
    """
    cells: dict[str, TableCell] = {}
    seen: set[tuple[int, int]] = set()
    for key in keys:
        column = columns[key]
        origin = origins.get((row, column), (row, column))
        value = ws.cell(row=origin[0], column=origin[1]).value
        if isinstance(value, str) and not value.strip():
            value = None
        if origin in seen:  # the same merged range, already given to an earlier key
            value = None
        seen.add(origin)
        cells[key] = TableCell(value, origin, origin[0] < row)
    return cells


def is_end_of_table(cells: Mapping[str, TableCell]) -> bool:
    """The "Nơi nhận:" list or the signature block below the table ends it."""
    if "number" in cells and cells["number"].value is not None:
        return False
    return any(
        SIGNATURE_LINE.match(fold_for_search(cell.value) + " ")
        for cell in cells.values()
        if isinstance(cell.value, str) and not cell.continued
    )


def is_column_numbering(
    filled: Mapping[str, TableCell], columns: Mapping[str, int], key_count: int
) -> bool:
    """A row such as "(1) (2) (3)" or "1 2 3 4" printed under the header."""
    if len(filled) < min(3, key_count):
        return False
    numbers: list[int] = []
    for key in sorted(filled, key=columns.__getitem__):
        match = NUMBERING_TOKEN.fullmatch(filled[key].text)
        if match is None:
            return False
        if match.group(1).isdigit():
            numbers.append(int(match.group(1)))
    return len(numbers) >= 2 and all(a < b for a, b in itertools.pairwise(numbers))
