"""Reading an appraisal sheet's rows and matching them with the criteria set's leaves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.core.criteria import CriteriaSet, Criterion, MethodKind
from cchc_desktop.core.points import ZERO, PointsError, format_points
from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.appraisal_excel.columns import (
    APPRAISAL_COLUMNS,
    APPRAISED_KEYS,
    NOTE_WORDS,
    ROUND,
    ROUND_NUMBERS,
    TITLE_ROUND,
    appraisal_header,
)
from cchc_desktop.importers.appraisal_excel.results import AppraisalItem, AppraisalReading
from cchc_desktop.importers.criteria_excel import (
    CriteriaProblem,
    Numbering,
    close_outline,
    is_total,
    multiline_text,
    read_maximum,
    read_number,
    split_leading_number,
)
from cchc_desktop.importers.sheet import (
    HeaderMatch,
    TableCell,
    cell_text,
    header_key_text,
    is_column_numbering,
    is_end_of_table,
    last_value_row,
    merged_origin_map,
    only_first_sheet,
    own_text,
    sheets_of,
    table_lines,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


_DASHES = {"-", "–", "—", "x", "/"}


def read_appraisal_workbook(
    path: str | Path,
    criteria_set: CriteriaSet,
    *,
    sheet_name: str | None = None,
    round_no: int | None = None,
) -> AppraisalReading:
    """Read the appraised points of ``criteria_set``'s leaves from the sheet ``sheet_name``,
    else from the first visible sheet whose header has «STT» and «Điểm thẩm định».

    A sheet with a column per round («Thẩm định lần 1 | lần 2») is read in the column of
    ``round_no``; without it, in the last round's column that holds points. Raises
    :class:`ImportFileError` when the file cannot be opened or has no such sheet or
    header. Nothing is written.
    """
    path = Path(path)
    with sheets_of(
        path,
        sheet_name,
        appraisal_header,
        "Không tìm thấy dòng tiêu đề của bảng điểm thẩm định (cần cột «STT» và cột "
        "«Điểm thẩm định»)",
    ) as found:
        ws, header = found[0]
        reading = AppraisalReading(path=path, criteria_set=criteria_set, sheet=ws.title)
        reading.header = header
        if several := only_first_sheet(found, "bảng điểm thẩm định"):
            reading.warnings.append(CriteriaProblem(ws.title, None, None, several))
        _AppraisalSheet(ws, header, reading, round_no).read()
    return reading


@dataclass
class _Row:
    """A table row with an STT, placed in the outline."""

    row: int
    printed: str  # the STT as printed
    raw: str  # its code as numbered in the sheet ("1", "3.a")
    qualified: str  # with its parents' codes ("II.1"), for criteria numbered again per field
    cells: dict[str, TableCell]
    has_children: bool = False


@dataclass
class _Open:
    number: Numbering
    row: _Row


class _AppraisalSheet:
    def __init__(
        self,
        ws: Worksheet,
        header: HeaderMatch,
        reading: AppraisalReading,
        round_no: int | None,
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.header = header
        self.reading = reading
        self.criteria = reading.criteria_set
        self.origins = merged_origin_map(ws)
        self._letter = get_column_letter
        self.top = self._header_top()
        self.columns = self._choose_columns(round_no)
        self.keys = [
            k for k in ("number", "title", "maximum", "value", "note") if k in self.columns
        ]
        self.rows: list[_Row] = []
        self.stack: list[_Open] = []
        self.totals: list[tuple[int, TableCell]] = []  # «Tổng cộng» rows
        self.blank: list[str] = []  # leaves in the table without points

    # --- problems

    def _letter_of(self, key: str | None) -> str | None:
        return self._letter(self.columns[key]) if key and key in self.columns else None

    def error(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.errors.append(
            CriteriaProblem(self.ws.title, row, self._letter_of(key), message)
        )

    def warn(self, row: int | None, key: str | None, message: str) -> None:
        self.reading.warnings.append(
            CriteriaProblem(self.ws.title, row, self._letter_of(key), message)
        )

    # --- columns

    def _cell_value(self, row: int, column: int) -> object:
        origin = self.origins.get((row, column), (row, column))
        return self.ws.cell(row=origin[0], column=origin[1]).value

    def _header_top(self) -> int:
        """The row of the «STT» header cell: a header may span two rows (grouped columns)."""
        column = self.header.columns["number"]
        words = {header_key_text(w) for w in APPRAISAL_COLUMNS["number"]}
        for row in range(self.header.row, max(0, self.header.row - 3), -1):
            origin = self.origins.get((row, column), (row, column))
            if header_key_text(cell_text(self._cell_value(*origin))) in words:
                return origin[0]
        return self.header.row

    def _column_text(self, column: int) -> str:
        """Every header row's text over ``column``, groups first ("Thẩm định lần 1 Lý do")."""
        texts: list[str] = []
        for row in range(self.top, self.header.row + 1):
            text = header_key_text(cell_text(self._cell_value(row, column)))
            if text and text not in texts:
                texts.append(text)
        return " ".join(texts)

    def _round_of(self, column: int) -> int | None:
        match = ROUND.search(self._column_text(column))
        return ROUND_NUMBERS[match.group(1)] if match else None

    def _note_columns(self) -> list[int]:
        words = [header_key_text(w) for w in NOTE_WORDS]
        found = []
        for column in range(1, min(self.ws.max_column, 64) + 1):
            own = header_key_text(cell_text(self._cell_value(self.header.row, column)))
            if any(own == w or own.startswith(w + " ") for w in words):
                found.append(column)
        return found

    def _choose_columns(self, wanted: int | None) -> dict[str, int]:
        header = self.header
        columns: dict[str, int] = {
            k: header.columns[k] for k in ("number", "title", "maximum") if k in header.columns
        }
        values = sorted({header.columns[k] for k in APPRAISED_KEYS if k in header.columns})
        by_round = {self._round_of(c): c for c in values}
        self.reading.rounds = {r: self._letter(c) for r, c in by_round.items() if r is not None}
        if wanted is not None and wanted in by_round:
            chosen = by_round[wanted]
        elif None in by_round:
            chosen = by_round[None]
        else:
            with_points = [c for c in values if self._holds_points(c)] or values
            chosen = with_points[-1]
        columns["value"] = chosen
        given = self._round_of(chosen)
        if wanted is not None and given is not None and given != wanted:
            self.warn(
                None,
                None,
                f"Bảng không có cột điểm thẩm định lần {wanted}; đọc cột thẩm định lần {given} "
                f"(cột {self._letter(chosen)}).",
            )
        self.reading.round_no = self._round_of(chosen) or self._title_round()
        self.reading.value_column = self._letter(chosen)
        notes = {self._round_of(c): c for c in reversed(self._note_columns())}
        chosen_round = self._round_of(chosen)
        note = notes.get(chosen_round) if chosen_round is not None else None
        if note is None:
            note = notes.get(None)
        if note is None and len(notes) == 1:
            note = next(iter(notes.values()))
        if note is not None:
            columns["note"] = note
            self.reading.note_column = self._letter(note)
        return columns

    def _holds_points(self, column: int) -> bool:
        last = last_value_row(self.ws)
        return any(
            not _empty(self.ws.cell(row=row, column=column).value)
            for row in range(self.header.row + 1, last + 1)
        )

    def _title_round(self) -> int | None:
        """ "KẾT QUẢ THẨM ĐỊNH LẦN 2 …" in the title block above the table."""
        for row in range(1, self.top):
            for column in range(1, min(self.ws.max_column, 64) + 1):
                value = self.ws.cell(row=row, column=column).value
                if isinstance(value, str) and (match := TITLE_ROUND.search(fold_for_search(value))):
                    return ROUND_NUMBERS[match.group(1)]
        return None

    # --- rows

    def _has_value(self, cells: Mapping[str, TableCell]) -> bool:
        cell = cells.get("value")
        return cell is not None and not cell.continued and not _empty(cell.value)

    def read(self) -> None:
        number_words = {header_key_text(w) for w in APPRAISAL_COLUMNS["number"]}
        lines = table_lines(self.ws, self.header.row + 1, self.columns, self.keys, self.origins)
        for line in lines:
            cells = line.cells
            if is_end_of_table(cells):
                break
            if is_column_numbering(line.filled, self.columns, len(self.keys)):
                continue
            if header_key_text(own_text(cells, "number")) in number_words:
                continue  # the header repeated on the next printed page
            self._row(line.row, cells)
        self._finish()

    def _row(self, row: int, cells: dict[str, TableCell]) -> None:
        printed = own_text(cells, "number")
        title = own_text(cells, "title")
        if is_total(printed) or (not printed and is_total(title)):
            self.totals.append((row, cells["value"]))
            return
        number: Numbering | None = None
        if printed:
            number = read_number(printed)
            if number is None:
                split = split_leading_number(printed, fields_only=False)
                if split is not None and not title:
                    number = split[0]  # "I. CÔNG TÁC CHỈ ĐẠO" typed into the STT cell
        elif title:
            split = split_leading_number(title, fields_only=not self._has_value(cells))
            if split is not None:
                number = split[0]  # "1.1. Ban hành kế hoạch" with the STT cell empty
        if number is None or number.style == "-":
            if printed and number is None:
                message = f"Số thứ tự «{printed}» không đọc được (ví dụ đúng: I, 1, 1.1, a)"
                if self._has_value(cells):
                    self.error(row, "number", message + ": không biết điểm này của tiêu chí nào.")
                else:
                    self.warn(row, "number", message + "; dòng này bỏ qua.")
            elif self._has_value(cells):
                self.warn(
                    row,
                    "value",
                    "Dòng có điểm thẩm định nhưng không có số thứ tự tiêu chí: bỏ qua.",
                )
            return
        self.rows.append(self._place(row, printed or number.code, number, cells))

    def _place(
        self, row: int, printed: str, number: Numbering, cells: dict[str, TableCell]
    ) -> _Row:
        """Into the outline, as the criteria reader builds it: a style already open closes
        what is below it; a new style goes one level deeper."""
        close_outline(self.stack, number)
        parent = self.stack[-1].row if self.stack else None
        raw = number.code
        if number.local_letter and parent is not None:
            raw = f"{parent.raw}.{number.code}"
        qualified = raw
        if parent is not None:
            parent.has_children = True
            if raw.startswith(parent.raw + "."):
                qualified = parent.qualified + raw[len(parent.raw) :]
            else:
                qualified = f"{parent.qualified}.{raw}"
        placed = _Row(row, printed, raw, qualified, cells)
        self.stack.append(_Open(number, placed))
        return placed

    # --- matching

    def _finish(self) -> None:
        self.reading.rows_read = len(self.rows)
        by_code = self.criteria.by_code
        repeated = any(n > 1 for n in Counter(r.raw for r in self.rows).values())
        seen: dict[str, int] = {}
        parents: list[tuple[_Row, Criterion]] = []
        for placed in self.rows:
            order = (placed.qualified, placed.raw) if repeated else (placed.raw, placed.qualified)
            code = next((c for c in order if c in by_code), None)
            if code is None:
                self._unknown(placed)
                continue
            node = by_code[code]
            if not node.is_leaf:
                parents.append((placed, node))
                continue
            if code in seen:
                self.error(
                    placed.row,
                    "number",
                    f"Tiêu chí {code} có hai lần trong bảng (dòng {seen[code]} và dòng "
                    f"{placed.row}); hãy giữ một dòng.",
                )
                continue
            seen[code] = placed.row
            self._leaf(placed, node)
        self._missing(seen)
        values = {item.code: item.value for item in self.reading.items}
        for placed, node in parents:
            self._check_parent(placed, node, values)
        for row, cell in self.totals:
            self._check_total(row, cell, values)

    def _unknown(self, placed: _Row) -> None:
        name = self.criteria.name
        text = f"Số thứ tự «{placed.printed}»"
        if placed.raw != placed.printed.rstrip(".): "):
            text += f" (mã {placed.raw})"
        if placed.has_children and not self._has_value(placed.cells):
            self.warn(
                placed.row,
                "number",
                f"{text} không có trong bộ tiêu chí «{name}»: dòng nhóm này bỏ qua.",
            )
            return
        self.error(
            placed.row,
            "number",
            f"{text} không có trong bộ tiêu chí «{name}» của bảng điểm; hãy kiểm tra tệp có "
            "đúng bộ tiêu chí của năm đánh giá không.",
        )

    def _leaf(self, placed: _Row, node: Criterion) -> None:
        cells = placed.cells
        row = placed.row
        self._check_maximum(placed, node)
        note_cell = cells.get("note")
        note = multiline_text(note_cell.value) if note_cell is not None else ""
        cell = cells.get("value")
        if cell is None or _empty(cell.value):
            self.blank.append(node.code)
            if note:
                self.warn(
                    row,
                    "value",
                    f"Tiêu chí {node.code} có lý do nhưng không có điểm thẩm định: giữ điểm đã có.",
                )
            return
        if cell.continued:
            self.blank.append(node.code)
            self.warn(
                row,
                "value",
                f"Ô điểm của tiêu chí {node.code} được gộp với dòng trên: coi như không ghi "
                "điểm, giữ điểm đã có.",
            )
            return
        try:
            value = read_maximum(cell.value)
        except PointsError as exc:
            self.error(row, "value", f"Tiêu chí {node.code}: {exc}")
            return
        if value is None:
            self.blank.append(node.code)
            return
        if value < 0 and node.kind == MethodKind.PENALTY:
            value = -value  # "-1": one point deducted, written as the province writes it
        if value < 0:
            self.error(row, "value", f"Tiêu chí {node.code}: điểm thẩm định không được là số âm.")
            return
        if value > node.maximum:
            self.error(
                row,
                "value",
                f"Tiêu chí {node.code}: điểm thẩm định {format_points(value)} vượt điểm tối đa "
                f"{format_points(node.maximum)}.",
            )
            return
        self.reading.items.append(AppraisalItem(node.code, value, note, row))

    def _check_maximum(self, placed: _Row, node: Criterion) -> None:
        cell = placed.cells.get("maximum")
        if cell is None or cell.continued or _empty(cell.value):
            return
        try:
            printed = read_maximum(cell.value)
        except PointsError:
            return
        if printed is not None and abs(printed) != node.maximum:
            self.warn(
                placed.row,
                "maximum",
                f"Tệp ghi điểm tối đa của tiêu chí {node.code} là {format_points(printed)}, bộ "
                f"tiêu chí ghi {format_points(node.maximum)}: tệp có thể theo bộ tiêu chí khác.",
            )

    def _missing(self, seen: Mapping[str, int]) -> None:
        """Leaves the sheet gives no points for (not those refused: they are errors)."""
        blank = set(self.blank)
        absent = [n.code for n in self.criteria.leaves() if n.code not in seen]
        self.reading.missing = [
            n.code for n in self.criteria.leaves() if n.code in blank or n.code not in seen
        ]
        if absent:
            self.warn(
                None,
                None,
                f"{len(absent)} tiêu chí không có trong bảng, giữ điểm thẩm định đã có (nếu "
                f"có): {', '.join(absent)}.",
            )
        if blank:
            codes = [n.code for n in self.criteria.leaves() if n.code in blank]
            self.warn(
                None,
                "value",
                f"{len(codes)} tiêu chí có trong bảng nhưng không ghi điểm thẩm định, giữ điểm "
                f"đã có (nếu có): {', '.join(codes)}.",
            )

    def _written(self, row: int, cell: TableCell | None) -> Decimal | None:
        if cell is None or cell.continued or _empty(cell.value):
            return None
        try:
            return read_maximum(cell.value)
        except PointsError as exc:
            self.warn(row, "value", f"Điểm tổng không đọc được ({exc}); không kiểm tra.")
            return None

    def _check_parent(self, placed: _Row, node: Criterion, values: Mapping[str, Decimal]) -> None:
        written = self._written(placed.row, placed.cells.get("value"))
        if written is None:
            return
        sums = _sums(node.leaves(), values)
        if sums is not None and written not in sums:
            self.warn(
                placed.row,
                "value",
                f"Dòng «{node.code}» ghi tổng điểm thẩm định {format_points(written)} nhưng các "
                f"tiêu chí con trong bảng cộng lại {format_points(sums[0])}.",
            )

    def _check_total(self, row: int, cell: TableCell, values: Mapping[str, Decimal]) -> None:
        written = self._written(row, cell)
        if written is None:
            return
        sums = _sums(self.criteria.leaves(), values)
        if sums is not None and written not in sums:
            self.warn(
                row,
                "value",
                f"Dòng tổng cộng ghi {format_points(written)} điểm nhưng các tiêu chí trong bảng "
                f"cộng lại {format_points(sums[0])} điểm.",
            )


def _empty(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, str) and normalize_text(value) in ("", *_DASHES)


def _sums(
    leaves: Iterable[Criterion], values: Mapping[str, Decimal]
) -> tuple[Decimal, Decimal] | None:
    """A parent's total from its leaves' appraised points: without, then with bonus and
    penalty lines; None when a leaf under it has no points in the sheet."""
    regular = extra = ZERO
    for leaf in leaves:
        value = values.get(leaf.code)
        if value is None:
            if leaf.outside_maximum:
                continue
            return None
        if leaf.kind == MethodKind.PENALTY:
            extra -= value
        elif leaf.outside_maximum:
            extra += value
        else:
            regular += value
    return (regular, regular + extra)
