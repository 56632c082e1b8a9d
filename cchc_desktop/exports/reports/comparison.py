"""The self-assessment report's year on year, per field (seed 001's table), and its sentence.

Totals compare like with like: when a field is scored in one year only, both totals count
only the fields scored in both, and the fields left out are named with why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc_desktop.core.points import format_points
from cchc_desktop.core.score_comparison import (
    CodeLink,
    ComparisonRow,
    compare_fields,
    compare_totals,
)
from cchc_desktop.core.scoring import Sheet
from cchc_desktop.exports.document import (
    Column,
    Difference,
    Kind,
    Row,
    RowStyle,
    Table,
    Term,
    make_table,
)
from cchc_desktop.exports.reports.common import keep_sum, total_row


@dataclass(frozen=True)
class YearOnYear:
    """The table, and what its total compares: the fields left out, the two sums."""

    table: Table
    left_out: list[ComparisonRow]
    old: Decimal | None
    new: Decimal | None


def difference(later: object, earlier: Decimal | None) -> Decimal | None:
    """``later − earlier`` when both are points (a cell may hold a note instead)."""
    if isinstance(later, Decimal) and earlier is not None:
        return later - earlier
    return None


def change_words(change: Decimal) -> str:
    """«tăng 2,5 điểm», «giảm 1 điểm», «không thay đổi»."""
    if change > 0:
        return f"tăng {format_points(change)} điểm"
    if change < 0:
        return f"giảm {format_points(-change)} điểm"
    return "không thay đổi"


def _points_of(cell: object) -> Decimal:
    """A points cell of the comparison (a Decimal, or None for none) as a number."""
    return cell if isinstance(cell, Decimal) else Decimal(0)


def _residual(total: Decimal | None, parts: Sequence[Decimal | None]) -> Decimal | None:
    if total is None:
        return None
    return total - sum((p for p in parts if p is not None), Decimal(0))


def _columns(year: int) -> list[Column]:
    return [
        Column("STT", Kind.TEXT, 6),
        Column("Lĩnh vực", Kind.TEXT, 30),
        Column(f"Điểm tối đa năm {year - 1}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm năm {year - 1}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm tối đa năm {year}", Kind.POINTS, 9, summed=True),
        Column(f"Điểm năm {year}", Kind.POINTS, 9, summed=True),
        Column("Tăng (+), giảm (−)", Kind.POINTS, 9, derived=Difference(5, 3)),
        Column("Ghi chú", Kind.TEXT, 22),
    ]


def _field_rows(
    comparison: list[ComparisonRow], total: ComparisonRow, year: int, unscored: dict[str, int]
) -> list[Row]:
    """A row per field, and one for the points counted in no field."""
    rows = [
        Row(
            (
                c.code,
                c.title,
                c.old_maximum,
                c.old_score,
                c.new_maximum,
                c.new_score,
                c.change,
                comparison_note(c, year, unscored.get(c.code, 0)),
            )
        )
        for c in comparison
    ]
    # Bonus and penalty points count in the total but in no field: a row of their own, so
    # that the fields and it add up to the total.
    extra_old = _residual(total.old_score, [c.old_score for c in comparison])
    extra_new = _residual(total.new_score, [c.new_score for c in comparison])
    if extra_old or extra_new:
        rows.append(
            Row(
                (
                    "",
                    "Điểm thưởng (+), điểm trừ (−) và điểm ngoài các lĩnh vực trên",
                    None,
                    extra_old,
                    None,
                    extra_new,
                    difference(extra_new, extra_old),
                    "",
                )
            )
        )
    return rows


def _sum_of_compared(rows: list[Row]) -> tuple[Row, Decimal | None, Decimal | None]:
    """The total row when a field is left out: the sums of the fields scored in both years;
    with last year's and this year's sum."""
    compared = [i for i, row in enumerate(rows) if row.cells[6] is not None]
    sums = [
        sum((_points_of(rows[i].cells[column]) for i in compared), Decimal(0)) if compared else None
        for column in (2, 3, 4, 5)
    ]
    change = difference(sums[3], sums[1])
    row = Row(
        (
            "",
            "Cộng các lĩnh vực chấm điểm cả hai năm",
            *sums,
            change,
            change_words(change).capitalize() if change is not None else "Không so sánh được",
        ),
        RowStyle.TOTAL,
        tuple(Term(i) for i in compared),
    )
    return row, sums[1], sums[3]


def year_on_year(
    old_sheet: Sheet | None,
    sheet: Sheet,
    links: list[CodeLink] | None,
    year: int,
    unscored: dict[str, int],
) -> YearOnYear:
    """The table «Kết quả so với năm N-1 theo từng lĩnh vực» and what its total compares."""
    comparison = compare_fields(old_sheet, sheet, links)
    total = compare_totals(old_sheet, sheet)
    columns = _columns(year)
    rows = _field_rows(comparison, total, year, unscored)
    left_out = [c for c in comparison if c.change is None]
    if not left_out:
        note = total.change_text() if total.change is not None else total.note
        cells = (total.old_maximum, total.old_score, total.new_maximum, total.new_score)
        rows.append(total_row("Tổng điểm", (*cells, total.change, note), len(rows)))
        keep_sum(rows, len(rows) - 1, columns)
        old, new = total.old_score, total.new_score
    else:
        row, old, new = _sum_of_compared(rows)
        rows.append(row)
    notes = (
        (
            "Dòng cộng chỉ tính các lĩnh vực chấm điểm cả hai năm (không tính "
            + ", ".join(f"lĩnh vực {c.code}" for c in left_out)
            + ")."
        ),
    )
    table = make_table(
        "so-sanh",
        f"Kết quả so với năm {year - 1} theo từng lĩnh vực",
        "So sánh năm trước",
        columns,
        rows,
        notes=notes if left_out else (),
    )
    return YearOnYear(table, left_out, old, new)


def comparison_note(row: ComparisonRow, year: int, unscored: int) -> str:
    """The «Ghi chú» of a field: the change, or why it is not compared, and what of it is not
    yet scored this year."""
    if row.change is None and not row.note:
        if row.new_score is None and row.old_score is not None:
            return f"Năm {year} chưa chấm"
        if row.old_score is None and row.new_score is not None:
            return f"Năm {year - 1} không chấm"
        return "Chưa chấm cả hai năm"
    text = row.change_text()
    if unscored and row.new_score is not None:
        text += f"; {unscored} tiêu chí chưa chấm"
    return text


def comparison_sentence(year: int, compared: YearOnYear, unscored: dict[str, int]) -> str:
    """What the year-on-year table compares, in words: the totals, or — when a field is scored
    in one year only — the fields scored in both and the ones left out, with why."""
    old, new = compared.old, compared.new
    if not compared.left_out:
        assert old is not None and new is not None
        text = (
            f"So với năm {year - 1} ({format_points(old)} điểm), tổng điểm năm {year} "
            f"{change_words(new - old)}"
        )
    else:
        reasons = "; ".join(
            f"lĩnh vực {c.code} ({comparison_note(c, year, 0)[:1].lower()}"
            f"{comparison_note(c, year, 0)[1:]})"
            for c in compared.left_out
        )
        if old is None or new is None:
            text = f"Chưa có lĩnh vực nào chấm điểm cả hai năm để so sánh ({reasons})"
        else:
            text = (
                f"Không so sánh {reasons}. Tính trên các lĩnh vực chấm điểm cả hai năm, năm "
                f"{year} đạt {format_points(new)} điểm, so với {format_points(old)} điểm năm "
                f"{year - 1}, {change_words(new - old)}"
            )
    if unscored:
        text += f"; điểm năm {year} chưa gồm {sum(unscored.values())} tiêu chí chưa chấm điểm"
    return text + ". Kết quả từng lĩnh vực như sau:"
