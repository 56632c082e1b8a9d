"""Year on year: last year's codes linked to this year's, and the fields compared.

A criteria set changes between years (a line renamed, split, merged, new or dropped); the
officer's mapping (:class:`CodeLink`) says which of last year's lines a field of this year
continues, and :func:`compare_fields` compares the final scores through it. A field that
cannot be compared alone says why.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.points import ZERO, format_points, percent_of, sum_present
from cchc_desktop.core.scoring import Sheet
from cchc_desktop.core.text import fold_for_search


class LinkKind(enum.StrEnum):
    SAME = "same"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    NEW = "new"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {
            "same": "Giữ nguyên",
            "renamed": "Đổi tên, đổi mã",
            "split": "Tách thành nhiều tiêu chí",
            "merged": "Gộp từ nhiều tiêu chí",
            "new": "Tiêu chí mới",
            "removed": "Bỏ, không còn",
        }[self.value]


@dataclass(frozen=True)
class CodeLink:
    """Last year's codes → this year's codes."""

    kind: LinkKind
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


def default_mapping(old: CriteriaSet, new: CriteriaSet) -> list[CodeLink]:
    """Codes present in both sets are the same line (renamed if the title differs);
    the rest are new or removed. The officer corrects splits and merges."""
    links = []
    for node in new.walk():
        previous = old.by_code.get(node.code)
        if previous is None:
            links.append(CodeLink(LinkKind.NEW, (), (node.code,)))
        elif fold_for_search(previous.title) == fold_for_search(node.title):
            links.append(CodeLink(LinkKind.SAME, (node.code,), (node.code,)))
        else:
            links.append(CodeLink(LinkKind.RENAMED, (node.code,), (node.code,)))
    for node in old.walk():
        if node.code not in new.by_code:
            links.append(CodeLink(LinkKind.REMOVED, (node.code,), ()))
    return links


def validate_mapping(links: Sequence[CodeLink], old: CriteriaSet, new: CriteriaSet) -> list[str]:
    problems = []
    for link in links:
        unknown_old = [c for c in link.old if c not in old.by_code]
        unknown_new = [c for c in link.new if c not in new.by_code]
        if unknown_old:
            problems.append(f"Mã năm trước không có trong bộ tiêu chí: {', '.join(unknown_old)}.")
        if unknown_new:
            problems.append(f"Mã năm nay không có trong bộ tiêu chí: {', '.join(unknown_new)}.")
        expected = {
            LinkKind.SAME: (1, 1),
            LinkKind.RENAMED: (1, 1),
            LinkKind.NEW: (0, 1),
            LinkKind.REMOVED: (1, 0),
        }.get(link.kind)
        if expected and (len(link.old), len(link.new)) != expected:
            problems.append(f"Liên kết «{link.kind.label}» phải nối đúng một mã với một mã.")
        if link.kind == LinkKind.SPLIT and (len(link.old) != 1 or len(link.new) < 2):
            problems.append("Tách: một mã năm trước thành từ hai mã năm nay trở lên.")
        if link.kind == LinkKind.MERGED and (len(link.old) < 2 or len(link.new) != 1):
            problems.append("Gộp: từ hai mã năm trước trở lên thành một mã năm nay.")
    # a code in two links would be counted twice (or be an undeclared split or merge)
    for side, label in (("old", "năm trước"), ("new", "năm nay")):
        seen: set[str] = set()
        for link in links:
            for code in getattr(link, side):
                if code in seen:
                    problems.append(
                        f"Mã {label} «{code}» có trong nhiều liên kết; mỗi mã chỉ được nối "
                        "một lần (dùng «tách» hoặc «gộp»)."
                    )
                seen.add(code)
    return problems


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    title: str
    old_score: Decimal | None
    old_maximum: Decimal | None
    new_score: Decimal | None
    new_maximum: Decimal
    note: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score

    @property
    def old_percent(self) -> Decimal | None:
        if self.old_score is None or not self.old_maximum:
            return None
        return percent_of(self.old_score, self.old_maximum)

    @property
    def new_percent(self) -> Decimal | None:
        return percent_of(self.new_score, self.new_maximum) if self.new_score is not None else None

    @property
    def percent_change(self) -> Decimal | None:
        """The change of the share of the maximum reached, in percentage points."""
        if self.old_percent is None or self.new_percent is None:
            return None
        return self.new_percent - self.old_percent

    def change_text(self) -> str:
        """As seed 001 writes it: «Tăng 1,5 điểm», «Giảm 1 điểm», «Đạt tối đa»."""
        if (
            self.new_score is not None
            and self.new_score == self.new_maximum
            and (self.old_score is not None and self.old_score == self.old_maximum)
        ):
            return "Đạt tối đa"
        change = self.change
        if change is None:
            return self.note or "Không so sánh được"
        if change > 0:
            return f"Tăng {format_points(change)} điểm"
        if change < 0:
            return f"Giảm {format_points(-change)} điểm"
        return "Không đổi"


def _old_sum(codes: Sequence[str], old_sheet: Sheet) -> tuple[Decimal | None, Decimal | None]:
    scores = [old_sheet.lines[c].final for c in codes if c in old_sheet.lines]
    maxima = [old_sheet.lines[c].maximum for c in codes if c in old_sheet.lines]
    if not maxima:
        return None, None
    return sum_present(scores), sum(maxima, ZERO)


def compare_fields(
    old_sheet: Sheet | None, new_sheet: Sheet, links: Sequence[CodeLink] | None = None
) -> list[ComparisonRow]:
    """Per field of this year's set: last year's and this year's final scores.

    A field whose links are a split of last year's field cannot be compared alone and
    says so. Without a sheet for last year every row says so.
    """
    rows = []
    if old_sheet is not None and links is None:
        links = default_mapping(old_sheet.criteria, new_sheet.criteria)
    for f in new_sheet.criteria.fields:
        line = new_sheet.lines[f.code]
        old_score = old_maximum = None
        note = ""
        if old_sheet is None:
            note = "Chưa có bảng điểm năm trước"
        else:
            sources = [link for link in links or () if f.code in link.new]
            if not sources or all(link.kind == LinkKind.NEW for link in sources):
                note = "Lĩnh vực mới"
            elif any(link.kind == LinkKind.SPLIT for link in sources):
                note = "Tách từ lĩnh vực năm trước"
            else:
                old_codes = [c for link in sources for c in link.old]
                old_score, old_maximum = _old_sum(old_codes, old_sheet)
        rows.append(
            ComparisonRow(f.code, f.title, old_score, old_maximum, line.final, f.maximum, note)
        )
    return rows


def compare_totals(old_sheet: Sheet | None, new_sheet: Sheet) -> ComparisonRow:
    return ComparisonRow(
        "",
        "Tổng điểm",
        old_sheet.final_total if old_sheet else None,
        old_sheet.maximum if old_sheet else None,
        new_sheet.final_total,
        new_sheet.maximum,
        "" if old_sheet else "Chưa có bảng điểm năm trước",
    )
