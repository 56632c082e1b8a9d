"""The shared parts of the reports, Qt-free: the number line, the total row, per cent of
counts, a sum a formula would not give, and the words of the year on year."""

from __future__ import annotations

from decimal import Decimal

from cchc_desktop.exports.document import Column, Kind, Row, RowStyle, Term
from cchc_desktop.exports.reports.common import count_percent, keep_sum, number_line, total_row
from cchc_desktop.exports.reports.comparison import change_words, difference


def test_a_number_below_ten_has_a_leading_zero() -> None:
    assert number_line("7") == "Số: 07/BC-UBND"
    assert number_line(" 15/BC-UBND ") == "Số: 15/BC-UBND"
    assert number_line("") == "Số:        /BC-UBND"


def test_the_total_row_adds_every_row_above() -> None:
    row = total_row("Tổng số", (3, Decimal(50)), 2)
    assert row == Row(("", "Tổng số", 3, Decimal(50)), RowStyle.TOTAL, (Term(0), Term(1)))


def test_per_cent_of_counts_is_none_when_there_are_none() -> None:
    assert count_percent(1, 4) == Decimal(25)
    assert count_percent(0, 0) is None


def test_a_total_the_rows_do_not_give_is_written_as_a_value() -> None:
    columns = [Column("Nhóm", Kind.TEXT, 10), Column("Điểm", Kind.POINTS, 9, summed=True)]
    rows = [Row(("a", Decimal(2))), Row(("b", Decimal(3)))]
    summed = [*rows, Row(("Tổng", Decimal(5)), RowStyle.TOTAL, (Term(0), Term(1)))]
    keep_sum(summed, 2, columns)
    assert summed[2].sum_of == (Term(0), Term(1))
    bonus = [*rows, Row(("Tổng", Decimal(6)), RowStyle.TOTAL, (Term(0), Term(1)))]
    keep_sum(bonus, 2, columns)
    assert bonus[2].sum_of == () and bonus[2].cells == ("Tổng", Decimal(6))


def test_the_change_in_words() -> None:
    assert change_words(Decimal("2.5")) == "tăng 2,5 điểm"
    assert change_words(Decimal(-1)) == "giảm 1 điểm"
    assert change_words(Decimal(0)) == "không thay đổi"
    assert difference(Decimal(5), Decimal(3)) == Decimal(2)
    assert difference("(ngoài điểm tối đa)", Decimal(3)) is None
    assert difference(Decimal(5), None) is None
