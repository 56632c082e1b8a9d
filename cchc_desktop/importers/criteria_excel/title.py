"""What the rows above a criteria table say: the set's name, province, decision, years."""

from __future__ import annotations

import re

from cchc_desktop.core.criteria import Decision
from cchc_desktop.core.text import fold_for_search, normalize_text, parse_date

DATE_LINE = re.compile(r"[^,]{0,60},\s*ngay\s*[\d.…\s]*thang\s*[\d.…\s]*nam\s*[\d.…\s]*")
_DECISION = re.compile(r"(?i:quyết định|qđ)\s*(?i:số)?\s*:?\s*(?P<number>[^\s,;()]*\d[^\s,;()]*)")
_DECISION_DATE = re.compile(
    r"(?i:ngày)\s*(?:(?P<d>\d{1,2}/\d{1,2}/\d{4})|(?P<day>\d{1,2})\s*(?i:tháng)\s*(?P<month>\d{1,2})"
    r"\s*(?i:năm)\s*(?P<year>\d{4}))"
)
_DECISION_ISSUER = re.compile(r"\s(?i:của)\s+(?P<issuer>[^)]+?)\s*\)?\s*$")
_PROVINCE_LINE = re.compile(r"(?i:tỉnh, thành phố|tỉnh/thành phố)\s*:\s*(?P<province>.+)")
_YEARS_LINE = re.compile(r"(?i:năm áp dụng|áp dụng năm|áp dụng từ năm)\s*:?\s*(?P<years>.+)")
_SKIPPED_TITLE_LINES = (
    "cong hoa xa hoi chu nghia",
    "doc lap",
    "so:",
    "phu luc",
    "mau so",
    "bieu mau",
    "bieu so",
)


def _is_other_title_line(text: str) -> bool:
    folded = fold_for_search(text)
    return (
        folded.startswith(_SKIPPED_TITLE_LINES)
        or folded.startswith(("uy ban nhan dan", "ubnd", "(ban hanh", "(kem theo", "ban hanh kem"))
        or DATE_LINE.fullmatch(folded) is not None
        or _is_decision_line(text)
        or _YEARS_LINE.match(text) is not None
        or _province_of_line(text) is not None
    )


def name_of(lines: list[str]) -> str:
    """The set's name: the title line naming «tiêu chí» or «chỉ số», else the first title."""
    candidates = [i for i, line in enumerate(lines) if not _is_other_title_line(line)]
    if not candidates:
        return ""
    chosen = next(
        (
            i
            for i in candidates
            if any(w in fold_for_search(lines[i]) for w in ("tieu chi", "chi so"))
        ),
        candidates[0],
    )
    name = lines[chosen]
    following = chosen + 1
    # A name printed over two lines in capitals: "BỘ TIÊU CHÍ …" / "ĐỐI VỚI UBND CẤP XÃ".
    if (
        following in candidates
        and name == name.upper()
        and lines[following] == lines[following].upper()
    ):
        name = f"{name} {lines[following]}"
    return normalize_text(name)


def _province_of_line(text: str) -> str | None:
    """ "UBND TỈNH LAI CHÂU" → "Tỉnh Lai Châu"; "Tỉnh, thành phố: …" → as written."""
    from cchc_desktop.core.profile import province_names

    if match := _PROVINCE_LINE.fullmatch(text):
        written = normalize_text(match.group("province"))
        folded_written = fold_for_search(written)
        return next((n for n in province_names() if fold_for_search(n) == folded_written), written)
    folded = fold_for_search(text)
    for prefix in ("uy ban nhan dan ", "ubnd "):
        folded = folded.removeprefix(prefix)
    if not folded.startswith(("tinh ", "thanh pho ")):
        return None
    for name in province_names():
        if fold_for_search(name) == folded:
            return name
    return None


def province_of(lines: list[str]) -> str:
    for line in lines:
        if found := _province_of_line(line):
            return found
    return ""


def _is_decision_line(text: str) -> bool:
    """ "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày … của …)", not a name citing one."""
    folded = fold_for_search(text)
    return _DECISION.search(text) is not None and (
        folded.startswith(("(", "quyet dinh", "qd")) or "kem theo" in folded
    )


def decision_of(lines: list[str]) -> Decision:
    for line in lines:
        match = _DECISION.search(line)
        if match is None or not _is_decision_line(line):
            continue
        issued_on = None
        if when := _DECISION_DATE.search(line):
            text = (
                when.group("d") or f"{when.group('day')}/{when.group('month')}/{when.group('year')}"
            )
            try:
                issued_on = parse_date(text)
            except ValueError:
                issued_on = None
        issuer = _DECISION_ISSUER.search(line)
        return Decision(
            number=match.group("number").rstrip(".,;"),
            issued_on=issued_on,
            issuer=normalize_text(issuer.group("issuer")) if issuer else "",
        )
    return Decision()


def years_of(lines: list[str]) -> tuple[int, ...]:
    for line in lines:
        if match := _YEARS_LINE.match(line):
            return tuple(int(y) for y in re.findall(r"\d{4}", match.group("years")))
    return ()
