"""Reading a criteria sheet's rows into the tree of the set, and checking it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.criteria import (
    DEFAULT_BANDS,
    AssessedBy,
    Band,
    CriteriaSet,
    Criterion,
    Method,
    MethodKind,
    validate_criteria_set,
)
from cchc_desktop.core.points import ZERO, PointsError, format_points, parse_points
from cchc_desktop.core.tasks import guess_field
from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.criteria_excel.columns import criteria_header
from cchc_desktop.importers.criteria_excel.numbering import (
    BULLETS,
    Numbering,
    close_outline,
    is_total,
    read_number,
    split_leading_number,
)
from cchc_desktop.importers.criteria_excel.results import CriteriaProblem, CriteriaReading
from cchc_desktop.importers.criteria_excel.title import (
    DATE_LINE,
    decision_of,
    name_of,
    province_of,
    years_of,
)
from cchc_desktop.importers.criteria_excel.values import (
    method_of_texts,
    multiline_text,
    read_maximum,
    read_method,
)
from cchc_desktop.importers.sheet import (
    SIGNATURE_LINE,
    HeaderMatch,
    ImportFileError,
    TableCell,
    header_key_text,
    is_column_numbering,
    is_end_of_table,
    merged_origin_map,
    only_first_sheet,
    own_text,
    sheets_of,
    table_lines,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


_POINTS_IN_TITLE = re.compile(
    r"\s*\(\s*(?i:tối đa|tổng)?\s*:?\s*(?P<points>\d+(?:[.,]\d{1,2})?)\s*(?i:điểm|đ)\s*\)\s*$"
)
_NOTE_LINE = re.compile(r"\*?\s*(?i:ghi chú)\s*:\s*")
_BANDS_LINE = re.compile(r"(?i:xếp loại)\s*:\s*(?P<bands>.+)")
_NUM = r"\d+(?:[.,]\d+)?"
_UNIT = r"\s*(?:%|điểm)?"
_BAND_TOP = re.compile(rf"(?P<name>.+?)\s*:?\s*(?:≥|>=|từ)\s*(?P<min>{_NUM}){_UNIT}(?:\s*trở lên)?")
_BAND_RANGE = re.compile(
    rf"(?P<name>.+?)\s*:?\s+(?:từ\s+)?(?P<min>{_NUM}){_UNIT}\s*(?:đến dưới|-|–)\s*{_NUM}{_UNIT}"
)
_BAND_BOTTOM = re.compile(rf"(?P<name>.+?)\s*:?\s+dưới\s+{_NUM}{_UNIT}")


def read_criteria_workbook(path: str | Path, *, sheet_name: str | None = None) -> CriteriaReading:
    """Read the criteria set of the sheet ``sheet_name``, else of the first visible sheet
    that has the table's header («Nội dung tiêu chí» and «Điểm tối đa»).

    The set has an empty ``uuid`` and ``family`` and version 1, for the caller to
    fill; its name comes from the title rows above the table, else the file name.
    Raises :class:`ImportFileError` when the file cannot be opened, has no such
    sheet or header, or the table holds no criterion. Nothing is written.
    """
    path = Path(path)
    with sheets_of(
        path,
        sheet_name,
        criteria_header,
        "Không tìm thấy dòng tiêu đề của bảng tiêu chí (cần cột «Nội dung tiêu chí» và "
        "cột «Điểm tối đa»)",
    ) as found:
        ws, header = found[0]
        reading = CriteriaReading(path=path, sheet=ws.title, header=header)
        if several := only_first_sheet(found, "bảng tiêu chí"):
            reading.warnings.append(CriteriaProblem(ws.title, None, None, several))
        _SheetReader(ws, header, reading).read()
    return reading


@dataclass
class _Node:
    row: int
    number: Numbering
    code: str
    title: str
    maximum: Decimal | None = None
    unreadable: bool = False  # its maximum could not be read (already reported)
    guidance: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    method: Method | None = None  # from «Cách chấm», or from the words
    method_text: str = ""
    survey: bool = False  # in a field of survey points (điều tra xã hội học)
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[_Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def tainted(self) -> bool:
        """Its maximum, or one it is checked against, could not be read."""
        return any(n.unreadable for n in self.walk())


class _SheetReader:
    def __init__(self, ws: Worksheet, header: HeaderMatch, reading: CriteriaReading) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.header = header
        self.reading = reading
        self.origins = merged_origin_map(ws)
        # The title first among equals: a range merged across the row gives it its text.
        self.keys = sorted(header.columns, key=lambda k: (k != "title", header.columns[k]))
        self.letters = {key: get_column_letter(col) for key, col in header.columns.items()}
        self.title_label = header_key_text(header.labels["title"])
        self.fields: list[_Node] = []
        self.stack: list[_Node] = []
        self.last: _Node | None = None  # the node continuation lines add to
        self.after_total = False
        self.totals: list[tuple[int, Decimal, Decimal | None]] = []  # row, total, field max
        self.bands: tuple[Band, ...] = ()
        self.note = ""

    # --- problems

    def _problem(self, row: int | None, key: str | None, message: str) -> CriteriaProblem:
        column = self.letters.get(key) if key else None
        return CriteriaProblem(self.ws.title, row, column, message)

    def error(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.errors.append(self._problem(row, key, message))

    def warn(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.warnings.append(self._problem(row, key, message))

    # --- rows

    def read(self) -> None:
        header = self.header
        for line in table_lines(self.ws, header.row + 1, header.columns, self.keys, self.origins):
            cells = line.cells
            if is_end_of_table(cells) or self._is_signature(cells):
                self._note(cells)
                break
            if is_column_numbering(
                line.filled, header.columns, len(self.keys)
            ) or self._is_repeated_header(cells):
                continue
            self._row(line.row, cells)
        self._finish()

    def _note(self, cells: Mapping[str, TableCell]) -> None:
        """ "Ghi chú: …" below the table (where the export writes the set's note)."""
        for cell in cells.values():
            text = multiline_text(cell.value)
            if not cell.continued and _NOTE_LINE.match(text):
                self.note = _NOTE_LINE.sub("", text, count=1).strip()
                return

    def _is_signature(self, cells: Mapping[str, TableCell]) -> bool:
        """ "Nơi nhận:" typed in the STT column, or the place and date above the signature
        ("Lai Châu, ngày 15 tháng 01 năm 2024"): the end of the table."""
        number = own_text(cells, "number")
        if number:
            return SIGNATURE_LINE.match(fold_for_search(number) + " ") is not None
        return any(
            DATE_LINE.fullmatch(fold_for_search(cell.text))
            for cell in cells.values()
            if isinstance(cell.value, str) and not cell.continued
        )

    def _is_repeated_header(self, cells: Mapping[str, TableCell]) -> bool:
        title = cells["title"].value
        return isinstance(title, str) and header_key_text(title) == self.title_label

    def _row(self, row: int, cells: Mapping[str, TableCell]) -> None:
        number_text = own_text(cells, "number")
        title = own_text(cells, "title")
        if is_total(number_text) or (not number_text and is_total(title)):
            self._total(row, cells)
            return
        if not number_text and (match := _BANDS_LINE.fullmatch(title)):
            self._bands(row, match.group("bands"))
            return

        number: Numbering | None = None
        if number_text:
            number = read_number(number_text)
            if number is None:
                split = split_leading_number(number_text, fields_only=False)
                if split is not None and not title:
                    number, title = split  # "I. CÔNG TÁC CHỈ ĐẠO" typed into the STT cell
                elif number_text[0] in BULLETS:
                    self._continuation(row, cells, prefix=number_text)
                    return
                else:
                    self.error(
                        row,
                        "number",
                        f"Số thứ tự «{number_text}» không đọc được (ví dụ đúng: I, 1, 1.1, a).",
                    )
                    return
        elif title:
            spans_number = "number" not in self.header.columns or (
                cells["title"].origin[1] < self.header.columns["title"]
            )
            has_maximum = bool(own_text(cells, "maximum"))
            split = split_leading_number(title, fields_only=not (spans_number or has_maximum))
            if split is not None:
                number, title = split

        if number is None or number.style == "-":
            self._continuation(row, cells, prefix=number_text)
            return
        if not title and not own_text(cells, "maximum"):
            return  # an STT typed in advance for a row still empty
        self._node(row, number, title, cells)

    def _node(
        self, row: int, number: Numbering, title: str, cells: Mapping[str, TableCell]
    ) -> None:
        self.after_total = False
        node = _Node(row=row, number=number, code=number.code, title=title)
        maximum_cell = cells.get("maximum")
        if maximum_cell is not None and maximum_cell.value is not None:
            if maximum_cell.continued:
                self.warn(
                    row,
                    "maximum",
                    "Ô điểm tối đa được gộp với dòng trên; dòng này coi như không ghi điểm.",
                )
            else:
                try:
                    node.maximum = read_maximum(maximum_cell.value)
                except PointsError as exc:
                    node.unreadable = True
                    self.error(row, "maximum", str(exc))
        if node.maximum is None and not node.unreadable and (m := _POINTS_IN_TITLE.search(title)):
            node.maximum = parse_points(m.group("points"))  # "Công tác chỉ đạo (16 điểm)"
            node.title = title[: m.start()].strip()
        if text := self._multiline(cells, "method"):
            method = read_method(text)
            if method is None:
                node.guidance.append(text)  # a province's own words on how to score
            else:
                node.method, node.method_text = method, text
        for key in ("guidance", "notes"):
            if text := self._multiline(cells, key):
                node.guidance.append(text)
        if text := self._multiline(cells, "evidence"):
            node.evidence.append(text)
        self._place(node)
        self.last = node
        self.reading.rows_read += 1

    def _multiline(self, cells: Mapping[str, TableCell], key: str) -> str:
        cell = cells.get(key)
        if cell is None or cell.continued:
            return ""
        return multiline_text(cell.value)

    def _place(self, node: _Node) -> None:
        """Into the outline: a style already open closes what is below it."""
        close_outline(self.stack, node.number)
        parent = self.stack[-1] if self.stack else None
        node.parent = parent
        if node.number.local_letter and parent is not None:
            node.code = f"{parent.code}.{node.number.code}"
        (parent.children if parent is not None else self.fields).append(node)
        self.stack.append(node)

    def _continuation(self, row: int, cells: Mapping[str, TableCell], prefix: str) -> None:
        title = own_text(cells, "title")
        line = f"{prefix} {title}".strip() if prefix and title else (title or prefix)
        guidance = [
            t for t in (self._multiline(cells, k) for k in ("method", "guidance", "notes")) if t
        ]
        evidence = self._multiline(cells, "evidence")
        maximum_text = own_text(cells, "maximum")
        if not (line or guidance or evidence):
            return
        if self.last is None or self.after_total:
            if not self.after_total:
                self.warn(row, "title", "Dòng không có số thứ tự ở trên tiêu chí đầu tiên: bỏ qua.")
            return
        if maximum_text and line:
            try:
                points = f"{format_points(read_maximum(cells['maximum'].value))} điểm"
            except PointsError:
                points = maximum_text
            line = f"{line}: {points}"
            self.warn(
                row,
                "maximum",
                "Dòng có điểm nhưng không có số thứ tự: ghi vào hướng dẫn chấm của tiêu chí "
                f"«{self.last.code}» (dòng {self.last.row}), không thành tiêu chí riêng.",
            )
        if line:
            self.last.guidance.append(line)
        self.last.guidance.extend(guidance)
        if evidence:
            self.last.evidence.append(evidence)
        self.reading.rows_read += 1

    def _total(self, row: int, cells: Mapping[str, TableCell]) -> None:
        self.after_total = True
        cell = cells.get("maximum")
        if cell is None or cell.value is None or cell.continued:
            return  # a formula saved without its value, or no total written
        try:
            total = read_maximum(cell.value)
        except PointsError as exc:
            self.error(row, "maximum", f"Dòng tổng cộng: {exc}")
            return
        if total is not None:
            current = self.fields[-1].maximum if self.fields else None
            self.totals.append((row, total, current))

    def _bands(self, row: int, text: str) -> None:
        bands: list[Band] = []
        for part in text.split(";"):
            part = normalize_text(part).rstrip(".")
            if not part:
                continue
            match = _BAND_TOP.fullmatch(part) or _BAND_RANGE.fullmatch(part)
            if match is not None:
                bands.append(
                    Band(match.group("name"), Decimal(match.group("min").replace(",", ".")))
                )
            elif match := _BAND_BOTTOM.fullmatch(part):
                bands.append(Band(match.group("name"), ZERO))
            else:
                self.warn(row, "title", f"Không đọc được mức xếp loại «{part}»: dùng mức mặc định.")
                return
        names = [band.name for band in bands]
        if ZERO not in {band.min_percent for band in bands} or len(set(names)) != len(names):
            self.warn(
                row,
                "title",
                "Các mức xếp loại phải có tên khác nhau và có một mức bắt đầu từ 0: dùng các mức "
                "mặc định.",
            )
            return
        self.bands = tuple(bands)

    # --- the set

    def _finish(self) -> None:
        sheet = self.ws.title
        if not self.fields:
            if self.reading.errors:
                return
            raise ImportFileError(
                f"Trang «{sheet}» có dòng tiêu đề của bảng tiêu chí (dòng {self.header.row}) "
                "nhưng không có tiêu chí nào có số thứ tự (I, 1, 1.1, a) ở bên dưới."
            )
        self._unique_codes()
        self._methods()
        rows: dict[str, list[int]] = {}
        for node in (n for f in self.fields for n in f.walk()):
            rows.setdefault(node.code, []).append(node.row)
        self.reading.rows = {code: found[0] for code, found in rows.items()}
        by_code = {n.code: n for f in self.fields for n in f.walk()}  # the last of equal codes

        criteria = tuple(self._criterion(f) for f in self.fields)
        title_lines = self._title_lines()
        criteria_set = CriteriaSet(
            uuid="",
            family="",
            version=1,
            name=name_of(title_lines) or self.reading.path.stem,
            fields=criteria,
            province=province_of(title_lines),
            years=years_of(title_lines),
            decision=decision_of(title_lines),
            bands=self.bands or DEFAULT_BANDS,
            note=self.note,
        )
        for key, message in validate_criteria_set(criteria_set).items():
            if key.startswith("node:"):
                named = by_code.get(key[5:])
                if named is None:
                    self.error(None, None, message)
                elif not named.tainted:
                    self.error(named.row, self._column_of(named), message)
            else:
                self.error(None, None, message)
        self._check_totals(criteria_set)
        if not self.reading.errors:
            self.reading.criteria_set = criteria_set

    def _title_lines(self) -> list[str]:
        """The texts above the header, row by row, left to right."""
        lines: list[str] = []
        for row in range(1, self._header_top()):
            for column in range(1, min(self.ws.max_column, 64) + 1):
                value = self.ws.cell(row=row, column=column).value
                if isinstance(value, str) and value.strip():
                    lines.append(normalize_text(value))
        return lines

    def _header_top(self) -> int:
        """The first row of the header (it may be merged over two rows, or grouped)."""
        top = self.header.row
        for column in self.header.columns.values():
            top = min(top, self.origins.get((self.header.row, column), (top, column))[0])
        if any(" – " in label for label in self.header.labels.values()):
            top = min(top, self.header.row - 1)  # "Điểm – Tối đa": a group over sub-headers
        return top

    def _column_of(self, node: _Node) -> str:
        """The column a validation message about ``node`` points at."""
        codes = Counter(n.code for f in self.fields for n in f.walk())
        if not node.code or codes[node.code] > 1:
            return "number"
        if not node.title:
            return "title"
        if node.children or node.maximum is None or node.maximum <= 0:
            return "maximum"
        return "method" if "method" in self.header.columns else "maximum"

    def _unique_codes(self) -> None:
        """Criteria numbered from 1 again in each field: prefix every code with its parent's."""
        codes = Counter(n.code for f in self.fields for n in f.walk())
        if all(count == 1 for count in codes.values()):
            return

        def qualify(node: _Node, parent_old: str | None, parent_new: str | None) -> None:
            old = node.code
            if parent_old is not None and parent_new is not None:
                if old.startswith(parent_old + "."):
                    node.code = parent_new + old[len(parent_old) :]
                else:
                    node.code = f"{parent_new}.{old}"
            for child in node.children:
                qualify(child, old, node.code)

        for f in self.fields:
            qualify(f, None, None)
        self.warn(
            None,
            None,
            "Số thứ tự tiêu chí được đánh lại từ đầu trong mỗi lĩnh vực: mã tiêu chí được ghi "
            "kèm mã của tiêu chí cha (ví dụ «II.1»).",
        )

    def _methods(self) -> None:
        """The method of each leaf: «Cách chấm» when it says, else from the words."""
        for f in self.fields:
            survey_field = any(
                w in fold_for_search(f.title)
                for w in ("dieu tra xa hoi hoc", "khao sat", "dieu tra xhh")
            )
            for node in f.walk():
                node.survey = survey_field or any(
                    "dieu tra xa hoi hoc" in fold_for_search(n.title)
                    for n in (node, *node.ancestors())
                )
                if node.children or node.method is not None:
                    continue
                titles = [node.title, *(n.title for n in node.ancestors())]
                kind = method_of_texts(titles, "\n".join(node.guidance))
                if kind is None and node.survey:
                    kind = MethodKind.SURVEY
                if kind is not None:
                    node.method = Method(kind=kind)

    def _criterion(self, node: _Node) -> Criterion:
        children = tuple(self._criterion(c) for c in node.children)
        method: Method | None = None
        if children:
            # A parent is assessed by survey when everything under it is.
            by_survey = all(c.assessed_by == AssessedBy.SURVEY for c in children)
        else:
            method = node.method or Method()
            incomplete = (method.kind == MethodKind.STEPS and not method.steps) or (
                method.kind in (MethodKind.RATIO, MethodKind.AUTO) and not method.bands
            )
            if incomplete:
                self.warn(
                    node.row,
                    "method",
                    f"Không đọc được chi tiết của cách chấm «{node.method_text}»: tiêu chí "
                    f"«{node.code}» để «{MethodKind.MANUAL.label}»; hãy đặt lại cách chấm "
                    "trong chương trình.",
                )
                method = Method()
            by_survey = method.kind == MethodKind.SURVEY
        maximum = node.maximum
        if maximum is not None and maximum < 0 and method and method.kind == MethodKind.PENALTY:
            maximum = -maximum  # "-2": a penalty of at most 2 points
        if maximum is None:
            if children:
                maximum = sum((c.counted_maximum() for c in children), ZERO)
            else:
                maximum = ZERO
                if not node.unreadable:
                    node.unreadable = True  # said here, not again by the validation
                    self.error(node.row, "maximum", "Thiếu điểm tối đa.")
        return Criterion(
            code=node.code,
            title=normalize_text(node.title),
            maximum=maximum,
            guidance="\n".join(node.guidance).strip(),
            evidence="\n".join(node.evidence).strip(),
            assessed_by=AssessedBy.SURVEY if by_survey else AssessedBy.SELF,
            method=method,
            field_code=guess_field(node.title) if node.parent is None else None,
            children=children,
        )

    def _check_totals(self, criteria_set: CriteriaSet) -> None:
        if any(f.tainted for f in self.fields):
            return
        total = criteria_set.total
        for row, written, field_maximum in self.totals:
            if written == total or (len(self.fields) > 1 and written == field_maximum):
                continue  # the whole, or a field's subtotal ("Cộng")
            self.error(
                row,
                "maximum",
                f"Dòng tổng cộng ghi {format_points(written)} điểm nhưng tổng điểm tối đa của "
                f"các lĩnh vực là {format_points(total)} điểm.",
            )
