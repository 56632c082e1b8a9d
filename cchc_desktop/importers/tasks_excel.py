"""The task table of a CCHC plan, read from the Excel workbook officials produce.

Only reads: the caller previews :class:`TaskSheetReading` and writes what the
official accepts. Every row that cannot be used is reported with its sheet,
row, column and a Vietnamese reason, so that it can be fixed in Excel. A row
whose only fault is a deadline that is no date («Trước ngày 03 hàng quý»,
«Theo hướng dẫn của tỉnh») is kept, with the reason in ``deadline_problem``: the
officer may say in the preview how to read it (:mod:`task_import`). What the
lines above the table say of the plan itself (its number, date and issuer) is
:attr:`TaskSheetReading.document`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.text import normalize_text
from cchc_desktop.importers.plan_document import StatedDocument, stated_document
from cchc_desktop.importers.sheet import (
    HEADING_NUMBER,
    HeaderMatch,
    ImportProblem,
    Recurrence,
    TableCell,
    body_lines,
    cell_date,
    cell_text,
    find_header,
    merged_origin_map,
    merged_range_bounds,
    parse_recurrence,
    sheets_of,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TASK_COLUMNS: dict[str, list[str]] = {
    "number": ["stt", "tt", "so tt", "so thu tu"],
    "content": [
        "noi dung nhiem vu",
        "noi dung",
        "nhiem vu",
        "noi dung cong viec",
        "ten nhiem vu",
        "nhiem vu, giai phap",
        "ten cong viec",
    ],
    "lead": [
        "don vi chu tri",
        "chu tri",
        "co quan chu tri",
        "don vi thuc hien",
        "nguoi thuc hien",
        "ca nhan chu tri",
        "bo phan chu tri",
        "co quan, don vi chu tri",
        "don vi, ca nhan chu tri",
        "co quan thuc hien",
        "nguoi chu tri",
    ],
    "coordinators": [
        "don vi phoi hop",
        "phoi hop",
        "co quan phoi hop",
        "co quan, don vi phoi hop",
        "don vi, ca nhan phoi hop",
    ],
    "deadline": [
        "thoi han hoan thanh",
        "thoi gian hoan thanh",
        "thoi han",
        "thoi gian thuc hien",
        "tien do",
        "thoi gian ket thuc",
        "ngay hoan thanh",
        "han hoan thanh",
    ],
    "result": [
        "san pham",
        "ket qua",
        "san pham dau ra",
        "ket qua, san pham",
        "hinh thuc san pham",
    ],
    "notes": ["ghi chu"],
}
CONTENT_REQUIRED_MESSAGE = "Thiếu nội dung nhiệm vụ"

_BULLETS = "-+•–—·*"
_LINE_BREAKS = re.compile(r"[;\n\r\u2028\u2029\v]")


@dataclass(frozen=True)
class TaskRow:
    """One task as the plan states it (texts as printed, the deadline read)."""

    sheet: str
    row: int  # Excel row number
    number: str  # STT as printed ("1", "1.2", "a")
    content: str
    lead: str
    coordinators: tuple[str, ...]
    deadline: date | None
    deadline_text: str  # the cell as printed ("Quý II/2026"), "" if empty
    result: str
    notes: str
    section: str | None  # the heading the row is under ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    # Why the deadline cell is no date («Trước ngày 03 hàng quý»), "" when it was read.
    deadline_problem: str = ""
    # The period a deadline comes back in («hàng quý»), whether or not it names a day.
    recurrence: Recurrence | None = None


@dataclass
class TaskSheetReading:
    """What a workbook holds: the readable tasks and, separately, the rows that are not."""

    path: Path
    rows: list[TaskRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    blank_rows: int = 0  # spacer rows skipped
    headers: dict[str, HeaderMatch] = field(default_factory=dict)  # sheet -> its header
    document: StatedDocument | None = None  # the plan the lines above the table name

    def column_label(self, sheet: str, key: str) -> str | None:
        """A column's header as the sheet prints it («Thời gian – Hoàn thành»), or None."""
        header = self.headers.get(sheet)
        return header.labels.get(key) if header else None


def split_coordinators(value: object) -> tuple[str, ...]:
    """Coordinating units, one per line or ";" — never split on commas.

    "Phòng Kinh tế, Hạ tầng và Đô thị" is one unit; bullets ("- ", "+ ", "• ")
    at the start of a line are dropped.
    """
    if value is None:
        return ()
    raw = value if isinstance(value, str) else cell_text(value)
    units: list[str] = []
    for part in _LINE_BREAKS.split(raw):
        unit = normalize_text(part).lstrip(_BULLETS).strip().rstrip(",.").strip()
        unit = normalize_text(unit)
        if unit and unit not in units:
            units.append(unit)
    return tuple(units)


def read_task_workbook(path: str | Path, *, default_year: int) -> TaskSheetReading:
    """Read the task table of every visible sheet that has one.

    ``default_year`` dates the periods written without a year ("Quý II").
    Raises :class:`ImportFileError` when the file cannot be opened or no sheet
    has a recognisable header.
    """
    path = Path(path)
    reading = TaskSheetReading(path=path)
    with sheets_of(
        path,
        None,
        _task_header,
        "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (cần một cột «Nội dung nhiệm vụ»)",
        no_sheet="(không có trang nào đang hiển thị)",
    ) as found:
        for ws, header in found:
            reading.sheets_read.append(ws.title)
            reading.headers[ws.title] = header
            if reading.document is None:
                reading.document = stated_document(_lines_above(ws, header))
            _SheetReader(ws, header, default_year, reading).read()
    return reading


def _task_header(ws: Worksheet) -> HeaderMatch | None:
    return find_header(ws, TASK_COLUMNS, {"content"})


def _lines_above(ws: Worksheet, header: HeaderMatch) -> list[str]:
    """The texts above the table's header row, left to right, top to bottom (the upper
    row of a two-row header among them: no header text names a document)."""
    lines: list[str] = []
    if header.row <= 1:
        return lines
    for row in ws.iter_rows(min_row=1, max_row=header.row - 1, values_only=True):
        lines.extend(normalize_text(v) for v in row if isinstance(v, str) and v.strip())
    return lines


class _SheetReader:
    """Reads the rows below one header; kept as a class to share the sheet's lookups."""

    def __init__(
        self, ws: Worksheet, header: HeaderMatch, default_year: int, reading: TaskSheetReading
    ) -> None:
        self.ws = ws
        self.header = header
        self.default_year = default_year
        self.reading = reading
        self.origins = merged_origin_map(ws)
        self.bounds = merged_range_bounds(ws)
        # Keys in column order, content first among equals: a range merged across
        # several columns gives its text to the content cell, not to its neighbours.
        self.keys = sorted(header.columns, key=lambda k: (k != "content", header.columns[k]))
        self.content_width = self._width(header.row, header.columns["content"])
        self.section: str | None = None

    def _width(self, row: int, column: int) -> int:
        origin = self.origins.get((row, column))
        if origin is None:
            return 1
        _, left, _, right = self.bounds[origin]
        return right - left + 1

    def read(self) -> None:
        for line in body_lines(
            self.ws, self.header, self.keys, self.origins, "content", self._count_blanks
        ):
            cells, filled = line.cells, line.filled
            heading = self._heading(cells, filled)
            if heading is not None:
                self.section = heading
                continue
            self._read_task(line.row, cells)

    def _count_blanks(self, count: int) -> None:
        self.reading.blank_rows += count

    def _heading(
        self, cells: Mapping[str, TableCell], filled: Mapping[str, TableCell]
    ) -> str | None:
        """The section heading this row is, or None for a task row."""
        number = cells["number"].text if "number" in cells else ""
        content = cells["content"].text
        if number and HEADING_NUMBER.fullmatch(number):
            return _join_heading(number, content)
        words = number.split()
        if len(words) > 1 and HEADING_NUMBER.fullmatch(words[0]) and _is_upper(number):
            # "I. CÔNG TÁC CHỈ ĐẠO" typed into the STT cell.
            return _join_heading(number, content)
        if not filled.keys() <= {"number", "content"}:
            return None
        text = content or number
        wide = bool(content) and self._width_of(cells["content"]) > self.content_width
        if _is_upper(text) or wide:
            return _join_heading(number, content) if content else number
        return None

    def _width_of(self, cell: TableCell) -> int:
        bounds = self.bounds.get(cell.origin)
        return 1 if bounds is None else bounds[3] - bounds[1] + 1

    def _read_task(self, row: int, cells: Mapping[str, TableCell]) -> None:
        sheet = self.ws.title
        labels = self.header.labels
        problems: list[ImportProblem] = []

        content = cells["content"].text
        if not content:
            problems.append(ImportProblem(sheet, row, labels["content"], CONTENT_REQUIRED_MESSAGE))

        deadline: date | None = None
        deadline_text = ""
        deadline_problem = ""
        recurrence: Recurrence | None = None
        if "deadline" in cells:
            cell = cells["deadline"]
            deadline_text = cell.text
            number_format = self.ws.cell(row=cell.origin[0], column=cell.origin[1]).number_format
            try:
                deadline = cell_date(cell.value, self.default_year, number_format)
            except ValueError as exc:
                deadline_problem = str(exc)
            if deadline is None and isinstance(cell.value, str):
                recurrence = parse_recurrence(cell.value)
                if recurrence is not None and deadline_problem:
                    deadline_problem = (
                        f"Thời hạn «{deadline_text}» là hạn lặp lại ({recurrence.text()}), "
                        "không phải một ngày."
                    )
        if problems and deadline_problem:
            # The row cannot be used anyway: its deadline is said with the rest.
            problems.append(ImportProblem(sheet, row, labels["deadline"], deadline_problem))

        if problems:
            self.reading.problems.extend(problems)
            return

        def text(key: str) -> str:
            return cells[key].text if key in cells else ""

        self.reading.rows.append(
            TaskRow(
                sheet=sheet,
                row=row,
                number=text("number"),
                content=content,
                lead=text("lead"),
                coordinators=split_coordinators(cells["coordinators"].value)
                if "coordinators" in cells
                else (),
                deadline=deadline,
                deadline_text=deadline_text,
                result=text("result"),
                notes=text("notes"),
                section=self.section,
                deadline_problem=deadline_problem,
                recurrence=recurrence,
            )
        )


def _is_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == text.upper()


def _join_heading(number: str, content: str) -> str:
    """ "I" + "CÔNG TÁC CHỈ ĐẠO" → "I. CÔNG TÁC CHỈ ĐẠO" (the number kept as printed)."""
    if not content:
        return number
    if not number or re.match(re.escape(number.rstrip(".):")) + r"[.):\s]", content):
        return content
    if number[-1] in ".):":
        return f"{number} {content}"
    return f"{number}. {content}"
