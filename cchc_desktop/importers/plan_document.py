"""The document a plan's table belongs to, as its sheet states it above the table.

An appendix of tasks carries its plan in a subtitle: «(Kèm theo Kế hoạch số
45/KH-UBND ngày 10/3/2022 của UBND huyện Hà Quảng)». Without one, the national
title block says the same in three places: the issuing body at the top left
(«UBND HUYỆN HÀ QUẢNG»), «Số: 45/KH-UBND» below it, and «Hà Quảng, ngày 10 tháng 3
năm 2022» at the right. These rules read both; they never guess a fact the sheet
does not print (a draft's «Số:   /KH-UBND» gives no number).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.importers.sheet import fold_keeping_length

# Kinds of document a task table is attached to; folded.
_KINDS = (
    "ke hoach",
    "quyet dinh",
    "thong bao",
    "cong van",
    "van ban",
    "chi thi",
    "nghi quyet",
    "ket luan",
    "chuong trinh",
    "huong dan",
    "bao cao",
)
_REFERENCE = re.compile(rf"\b(?:{'|'.join(_KINDS)})\s+so\b\s*:?\s*")
# Lines that cite another document (the legal basis), not the one the table belongs to.
_CITING = ("can cu", "thuc hien")
_NUMBER_END = re.compile(r"\s*(?:[,;()]|\bngay\b|\bcua\b|\bve\b|$)")
_NUMERIC_DATE = re.compile(r"\bngay\s*:?\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b")
_WORDED_DATE = re.compile(r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\b")
_ISSUER = re.compile(r"\bcua\s+")
_ISSUER_END = re.compile(r"\s+(?:ve viec|ve|v/v|nham|trong nam)\b|\s*[);\]]")
_NUMBER_LINE = re.compile(r"^so\s*:?\s*(.*)$")
_PLACE_DATE = re.compile(r"^[^,\d]+,\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})\b")
# The people's committee as a title block prints it, and the levels it belongs to.
_COMMITTEES = (("uy ban nhan dan", "Ủy ban nhân dân"), ("ubnd", "UBND"))
_UNITS = ("thanh pho", "thi tran", "thi xa", "huyen", "tinh", "quan", "phuong", "xa")


@dataclass(frozen=True)
class StatedDocument:
    """What the sheet says of its document; "" or None for what it does not say."""

    number: str  # "45/KH-UBND"
    issued_on: date | None
    issuer: str  # "UBND huyện Hà Quảng"
    printed: str  # the line(s) it was read from, as printed

    def is_empty(self) -> bool:
        return not (self.number or self.issued_on or self.issuer)


def _tidy_number(raw: str) -> str:
    """ "45 /KH- UBND" → "45/KH-UBND"; a draft's "/KH-UBND" (no number yet) → ""."""
    number = re.sub(r"\s*([/\-–])\s*", r"\1", raw.strip()).replace("–", "-")
    number = number.strip(" .:")
    if not number or not number[0].isdigit():
        return ""
    return number


def _date(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _first_date(folded: str, start: int = 0) -> tuple[date | None, int]:
    """The first date written after ``start`` and where it ends (``start`` when none)."""
    searched = (_NUMERIC_DATE.search(folded, start), _WORDED_DATE.search(folded, start))
    found = [m for m in searched if m is not None]
    if not found:
        return None, start
    first = min(found, key=lambda m: m.start())
    return _date(first), first.end()


def issuer_from_capitals(text: str) -> str:
    """ "UBND HUYỆN HÀ QUẢNG" → "UBND huyện Hà Quảng"; "ỦY BAN NHÂN DÂN XÃ AN BÌNH" →
    "Ủy ban nhân dân xã An Bình". Text not in capitals is kept; a body other than a
    people's committee is kept as printed (its capitalisation cannot be known)."""
    text = normalize_text(text)
    if text != text.upper():
        return text
    folded = fold_for_search(text)
    committee = next(
        (c for c in _COMMITTEES if folded == c[0] or folded.startswith(c[0] + " ")), None
    )
    if committee is None:
        return text
    prefix, written = committee
    words = text.split()[len(prefix.split()) :]
    rest = " ".join(words)
    folded_rest = fold_for_search(rest)
    for unit in _UNITS:
        if folded_rest == unit or folded_rest.startswith(unit + " "):
            count = len(unit.split())
            unit_words = [w.lower() for w in words[:count]]
            place = [w[:1] + w[1:].lower() for w in words[count:]]
            return " ".join([written, *unit_words, *place])
    return " ".join([written, *(w[:1] + w[1:].lower() for w in words)])


def parse_document_reference(text: str) -> StatedDocument | None:
    """The document a line names: «Kèm theo Kế hoạch số 45/KH-UBND ngày 10/3/2022 của UBND
    huyện Hà Quảng», dates also as «ngày 10 tháng 3 năm 2022». None when the line names no
    document, or cites one as a legal basis («Căn cứ Quyết định số …»)."""
    printed = normalize_text(text)
    folded = fold_keeping_length(printed)
    if folded.lstrip("( ").startswith(_CITING):
        return None
    match = _REFERENCE.search(folded)
    if match is None:
        return None
    end = _NUMBER_END.search(folded, match.end())
    assert end is not None  # "$" always matches
    number = _tidy_number(printed[match.end() : end.start()])
    issued_on, after_date = _first_date(folded, end.start())
    issuer = ""
    if found := _ISSUER.search(folded, after_date):
        stop = _ISSUER_END.search(folded, found.end())
        issuer = printed[found.end() : stop.start() if stop else len(printed)]
        issuer = issuer_from_capitals(issuer.strip(" .,;:)"))
    stated = StatedDocument(number, issued_on, issuer, printed)
    return None if stated.is_empty() else stated


def _title_block(lines: Sequence[str]) -> StatedDocument | None:
    """Number, date and issuing body from the national title block, when it has a number."""
    number, issued_on, issuer, used = "", None, "", []
    for index, line in enumerate(lines):
        printed = normalize_text(line)
        folded = fold_keeping_length(printed)
        if not number and (match := _NUMBER_LINE.match(folded)):
            number = _tidy_number(printed[match.start(1) :])
            if number:
                used.append(printed)
                issuer = _body_above(lines[:index])
        elif issued_on is None and (match := _PLACE_DATE.match(fold_for_search(printed))):
            issued_on = _date(match)
            if issued_on:
                used.append(printed)
    if not number:
        return None
    return StatedDocument(number, issued_on, issuer, " · ".join(used))


def _body_above(lines: Sequence[str]) -> str:
    """The issuing body: the last line in capitals above «Số:», when it is a committee."""
    capitals = [
        normalize_text(line)
        for line in lines
        if line == line.upper()
        and any(ch.isalpha() for ch in line)
        and not fold_for_search(line).startswith(("cong hoa", "doc lap"))
    ]
    if not capitals:
        return ""
    body = capitals[-1]
    if len(capitals) > 1 and fold_for_search(capitals[-2]) in {p for p, _ in _COMMITTEES}:
        body = f"{capitals[-2]} {body}"  # «ỦY BAN NHÂN DÂN» over «XÃ AN BÌNH»
    folded = fold_for_search(body)
    if not any(folded == p or folded.startswith(p + " ") for p, _ in _COMMITTEES):
        return ""  # «PHÒNG NỘI VỤ»: how it is written in running text cannot be known
    return issuer_from_capitals(body)


def stated_document(lines: Sequence[str]) -> StatedDocument | None:
    """The document the lines above a table state, the subtitle first.

    ``lines``: the texts of the rows above the table's header, in reading order (left
    to right, top to bottom). A subtitle («Kèm theo …») wins over any other reference;
    what it leaves unsaid is taken from the title block when that names the same number.
    """
    references = [r for r in (parse_document_reference(line) for line in lines) if r]
    attached = [r for r in references if "kem theo" in fold_for_search(r.printed)]
    found = next(iter(attached or references), None)
    block = _title_block(lines)
    if found is None:
        return block
    if block is not None and found.number and found.number == block.number:
        found = StatedDocument(
            found.number,
            found.issued_on or block.issued_on,
            found.issuer or block.issuer,
            found.printed,
        )
    return found
