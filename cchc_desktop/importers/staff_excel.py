"""A staff list (danh sách cán bộ, công chức) read from the Excel workbooks communes keep.

Only reads: :func:`read_staff_workbook` turns each person's row into an
:class:`~cchc_desktop.core.staff.Official` and says, per row, what could not be
read — sheet, row, column letter and a Vietnamese reason — so that it can be
fixed in Excel. Deciding what to add or update is :mod:`staff_import`'s job.

The lists of levels (``staff_lists.json``) and the standard sets are passed
in; a level is found with :meth:`Scale.find`, so a province's wording is data.
A column the file lacks is said with what it will do (:func:`missing_columns`):
without «Văn hóa» everyone whose standard asks for general education is «thiếu
thông tin», and the ratio of those imported is 0 %.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.staff import (
    Birth,
    Gender,
    Level,
    Official,
    Scale,
    StaffLists,
    parse_birth,
)
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    Position,
    StandardSet,
    attribute_label,
    lower_name,
)
from cchc_desktop.core.text import fold_for_search, format_date, normalize_text, parse_date
from cchc_desktop.importers.sheet import (
    HEADING_NUMBER,
    HeaderMatch,
    ImportFileError,
    ImportProblem,
    TableCell,
    cell_text,
    find_header,
    header_key_text,
    is_column_numbering,
    is_end_of_table,
    last_value_row,
    merged_origin_map,
    open_workbook,
    table_row,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

STAFF_COLUMNS: dict[str, list[str]] = {
    "number": ["stt", "tt", "so tt", "so thu tu"],
    "full_name": ["ho va ten", "ho ten", "ho va ten khai sinh", "ho, chu dem va ten"],
    "gender": ["gioi tinh"],
    "birth": [
        "ngay sinh",
        "ngay thang nam sinh",
        "ngay, thang, nam sinh",
        "nam sinh",
        "sinh ngay",
    ],
    # Vietnamese HR forms: the birth date is written under «Nam» or «Nữ».
    "birth_male": ["nam"],
    "birth_female": ["nu"],
    "ethnicity": ["dan toc"],
    "position": [
        "chuc vu",
        "chuc danh",
        "vi tri viec lam",
        "chuc vu, chuc danh",
        "chuc danh, vi tri viec lam",
        "chuc vu hoac chuc danh",
    ],
    "department": [
        "phong",
        "bo phan",
        "phong ban",
        "don vi cong tac",
        "don vi",
        "noi cong tac",
        "co quan, don vi",
    ],
    "category": ["doi tuong", "can bo/cong chuc", "can bo, cong chuc", "phan loai", "loai"],
    "started_on": [
        "ngay bo nhiem",
        "ngay giu chuc danh",
        "thoi gian giu chuc danh",
        "ngay bat dau giu chuc danh",
        "thoi gian bo nhiem",
        "ngay giu chuc vu",
        "thoi gian giu chuc vu",
        "ngay bau",
    ],
    "general_education": [
        "van hoa",
        "giao duc pho thong",
        "trinh do van hoa",
        "trinh do giao duc pho thong",
        "gdpt",
    ],
    "professional": [
        "trinh do chuyen mon",
        "chuyen mon",
        "trinh do chuyen mon nghiep vu",
        "chuyen mon nghiep vu",
        "trinh do dao tao",
    ],
    "field_of_study": ["chuyen nganh", "chuyen nganh dao tao", "nganh dao tao", "nganh"],
    "political_theory": [
        "ly luan chinh tri",
        "llct",
        "trinh do ly luan chinh tri",
        "chinh tri",
        "ly luan ct",
        "ly luan",
    ],
    "state_management": [
        "quan ly nha nuoc",
        "qlnn",
        "trinh do quan ly nha nuoc",
        "quan ly nn",
        "ql nha nuoc",
    ],
    "it": ["tin hoc", "trinh do tin hoc"],
    "foreign_language": ["ngoai ngu", "trinh do ngoai ngu"],
    "ethnic_language": ["tieng dan toc", "tieng dan toc thieu so"],
    "notes": ["ghi chu"],
}
# «Nam» / «Nữ» count only as the whole header text ("Năm vào Đảng" is not «Nam»).
_EXACT_ONLY = {"birth_male": {"nam"}, "birth_female": {"nu"}}
LEVEL_KEYS = (
    "general_education",
    "professional",
    "political_theory",
    "state_management",
    "it",
    "foreign_language",
    "ethnic_language",
)
# Which column an Official field was read from (to say where a problem is).
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name",),
    "gender": ("gender", "birth_male", "birth_female"),
    "birth": ("birth", "birth_male", "birth_female"),
    "ethnicity": ("ethnicity",),
    "position": ("position",),
    "department": ("department",),
    "category": ("category", "position"),
    "started_on": ("started_on",),
    "field_of_study": ("field_of_study", "professional"),
    "notes": ("notes",),
    **{key: (key,) for key in LEVEL_KEYS},
}

GUESSED_CATEGORY = "cong_chuc"
CATEGORY_GUESS_REMARK = (
    "Tệp không ghi đối tượng và chức danh không có trong bộ tiêu chuẩn: tạm ghi «Công chức», "
    "hãy kiểm tra lại."
)
_EMPTY_MARKS = {"-", "–", "—", "/", "..."}
_TICKS = {"x", "v", "✓", "√", "✔"}
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2}")
_MONTH_YEAR = re.compile(r"(?:thang\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR_ONLY = re.compile(r"(?:nam\s*)?(\d{4})")
_START_PREFIXES = ("tu ngay", "tu thang", "tu nam", "tu", "ngay", "thang")
_TOTAL = re.compile(r"(?:tong cong|tong so|cong)(?:\s*[:(]|\s+\d|\s+nguoi|$)")
_HEADING_WORDS = ("khoi ", "can bo", "cong chuc", "phong ", "bo phan", "hop dong", "chuyen trach")
_LEVEL_SEPARATORS = re.compile(r"[;\n\r]")
_FIELD_LEAD = re.compile(r"(?:chuyen nganh|nganh)\s*[:\-–]?\s+")
# Words before the level itself: "Chứng chỉ tin học A", "Tiếng Anh B1".
_LEVEL_FILLERS = {
    "it": ("chung chi", "tin hoc", "trinh do"),
    "foreign_language": (
        "chung chi",
        "ngoai ngu",
        "trinh do",
        "tieng anh",
        "anh van",
        "anh ngu",
        "tieng phap",
        "tieng trung",
        "tieng nga",
        "tieng han",
        "tieng nhat",
        "tieng lao",
        "anh",
    ),
    "political_theory": ("trinh do",),
    "state_management": ("trinh do", "boi duong", "qlnn"),
    "general_education": ("lop", "trinh do"),
}
# Abbreviations of position titles, read as the standard sets spell them out.
_TITLE_WORDS = (
    ("ubmttq", "uy ban mat tran to quoc"),
    ("mttq", "mat tran to quoc"),
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("bchqs", "ban chi huy quan su"),
    ("chqs", "chi huy quan su"),
    ("tncs", "thanh nien cong san"),
    ("hlhpn", "hoi lien hiep phu nu"),
    ("ccb", "cuu chien binh"),
    ("ct", "chu tich"),
    ("pct", "pho chu tich"),
)
# Short forms in titles such as «Công chức Địa chính - NN - XD - MT», spelt out only when
# no title matches exactly (then every word of the title must be in the position's name).
_TITLE_SHORT_WORDS = {
    "nn": "nong nghiep",
    "xd": "xay dung",
    "mt": "moi truong",
    "dt": "do thi",
    "tk": "thong ke",
    "vp": "van phong",
    "tc": "tai chinh",
    "kt": "ke toan",
    "tp": "tu phap",
    "ht": "ho tich",
    "vh": "van hoa",
    "xh": "xa hoi",
    "qs": "quan su",
    "dc": "dia chinh",
}
_TITLE_FILLER_WORDS = {
    "cong",
    "chuc",
    "can",
    "bo",
    "xa",
    "ban",
    "cap",
    "va",
    "phuong",
    "thi",
    "tran",
}
_TITLE_LEADS = ("cong chuc ", "can bo ")
_TITLE_TAILS = (" cap xa", " xa", " phuong", " thi tran", " viet nam")


@dataclass(frozen=True)
class StaffRow:
    """One person's row: the record built from it, and what could not be read.

    ``provided``: the Official fields the file gave a value for (an update
    changes only these). ``remarks``: what the preview should tell the officer
    about a guess (the category when the file does not say it …), not errors.
    """

    sheet: str
    row: int  # Excel row number
    number: str  # STT as printed
    official: Official
    provided: frozenset[str]
    printed: Mapping[str, str]  # column key -> the cell as printed
    problems: tuple[ImportProblem, ...] = ()
    remarks: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)  # column key -> "E (Ngày sinh)"

    @property
    def category_guessed(self) -> bool:
        """Neither a column, a section heading nor the position said the category."""
        return "category" not in self.provided

    @property
    def readable(self) -> bool:
        return not self.problems

    def column_of(self, official_field: str) -> str | None:
        """Where a field of the record was read: ``"E (Ngày sinh)"``, or None."""
        keys = [
            k for k in FIELD_COLUMNS.get(official_field, (official_field,)) if k in self.columns
        ]
        for key in keys:
            if key in self.printed:
                return self.columns[key]
        return self.columns[keys[0]] if keys else None


@dataclass(frozen=True)
class MissingColumn:
    """A column the file lacks, and what that does to the people it lists.

    ``affected``: people of the file (readable, standardised, their position known)
    whose standard asks for what the column would say; ``counted``: the readable
    people the standards apply to. ``consequence`` says it in Vietnamese.
    """

    key: str  # a STAFF_COLUMNS key ("general_education"), or "birth" / "field_of_study"
    name: str  # "Giáo dục phổ thông"
    sheets: tuple[str, ...]  # the sheets read that lack it
    affected: int
    counted: int
    consequence: str
    nobody_meets: bool = False  # without it, none of the people counted can meet the standard

    @property
    def needed(self) -> bool:
        """Whether the standards of someone in the file need it (else it is left empty)."""
        return self.affected > 0


@dataclass
class StaffSheetReading:
    """What a workbook's staff list holds: every person's row, and the problems found."""

    path: Path
    rows: list[StaffRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    headers: dict[str, HeaderMatch] = field(default_factory=dict)  # sheet -> its header
    blank_rows: int = 0  # spacer rows skipped
    missing_columns: list[MissingColumn] = field(default_factory=list)  # needed ones first

    @property
    def sheets_read(self) -> list[str]:
        return list(self.headers)

    @property
    def sheet(self) -> str:
        """The (first) sheet read."""
        return next(iter(self.headers), "")

    @property
    def header_row(self) -> int:
        """The last header row of the (first) sheet read."""
        first = next(iter(self.headers.values()), None)
        return first.row if first else 0


def read_staff_workbook(
    path: str | Path, *, lists: StaffLists, standard_sets: Sequence[StandardSet]
) -> StaffSheetReading:
    """Read the staff list of every visible sheet that has one («Họ và tên» and more).

    ``standard_sets``: the current version of each set, whose position names
    the «Chức danh» cells are matched with. Raises :class:`ImportFileError`
    when the file cannot be opened or no sheet has a recognisable header.
    """
    path = Path(path)
    workbook = open_workbook(path)
    reading = StaffSheetReading(path=path)
    looked_at: list[str] = []
    positions = PositionMatcher(standard_sets)
    try:
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible":
                continue
            looked_at.append(ws.title)
            header = _staff_header(ws)
            if header is None:
                continue
            reading.headers[ws.title] = header
            _StaffSheetReader(ws, header, lists, positions, reading).read()
    finally:
        workbook.close()
    if not reading.headers:
        names = ", ".join(f"«{name}»" for name in looked_at) or "(không có trang nào đang hiển thị)"
        raise ImportFileError(
            "Không tìm thấy dòng tiêu đề của danh sách cán bộ, công chức (cần cột «Họ và tên» "
            f"và ít nhất một cột khác như «Ngày sinh», «Chức vụ») trong các trang: {names}."
        )
    reading.missing_columns = missing_columns(reading, standard_sets, lists)
    return reading


# --------------------------------------------------------------------------- missing columns

# What the standards compare, the columns that can say it, and the requirement it serves.
_CHECKED_COLUMNS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("position", ("position",), None),
    ("birth", ("birth", "birth_male", "birth_female"), AGE),
    ("general_education", ("general_education",), "general_education"),
    ("professional", ("professional",), "professional"),
    ("field_of_study", ("field_of_study", "professional"), FIELD),
    ("political_theory", ("political_theory",), "political_theory"),
    ("state_management", ("state_management",), "state_management"),
    ("it", ("it",), "it"),
    ("foreign_language", ("foreign_language",), "foreign_language"),
    ("ethnic_language", ("ethnic_language",), "ethnic_language"),
)
_KEPT = "Người đã có trong chương trình giữ thông tin đã lưu."


def _column_name(key: str, lists: StaffLists) -> str:
    if key == "position":
        return "Chức vụ, chức danh"
    if key == "birth":
        return "Ngày sinh"
    if key == "field_of_study":
        return attribute_label(FIELD, lists)
    return lists.scales[key].label


def _requirements_of(
    row: StaffRow, sets: Mapping[str, StandardSet], lists: StaffLists
) -> set[str] | None:
    """The attributes the standard of a row's person asks for; None when it is not known."""
    official = row.official
    standard = sets.get(official.standard_family or "")
    position = standard.position(official.position) if standard else None
    if standard is None or position is None:
        return None
    return {
        r.attribute
        for r in standard.requirements_for(position, official.category)
        if r.attribute != FIELD or r.accepted  # "any field" needs no column
    }


def missing_columns(
    reading: StaffSheetReading, standard_sets: Sequence[StandardSet], lists: StaffLists
) -> list[MissingColumn]:
    """The columns the standards compare that the sheets read lack, each with what it does:
    the people whose standard asks for it will be «thiếu thông tin» (an update keeps
    what is stored). The ones someone needs come first."""
    newest = sorted(standard_sets, key=lambda s: s.effective_from)
    sets = {s.family: s for s in newest}  # the version read with: the newest of each family
    people = [r for r in reading.rows if r.readable and lists.is_standardised(r.official.category)]
    found: list[MissingColumn] = []
    for key, columns, attribute in _CHECKED_COLUMNS:
        lacking = tuple(
            sheet
            for sheet, header in reading.headers.items()
            if not any(c in header.columns for c in columns)
        )
        if not lacking:
            continue
        concerned = [r for r in people if r.sheet in lacking]
        needs = [_requirements_of(r, sets, lists) for r in concerned]
        if attribute is None:  # no position: nobody can be judged
            affected = len(concerned)
        else:
            affected = sum(1 for n in needs if n is not None and attribute in n)
        unplaced = sum(1 for n in needs if n is None)
        nobody_meets = affected > 0 and affected + unplaced >= len(concerned)
        found.append(
            MissingColumn(
                key=key,
                name=(name := _column_name(key, lists)),
                sheets=lacking,
                affected=affected,
                counted=len(concerned),
                consequence=_consequence(
                    key, name, lacking, reading, affected, len(concerned), nobody_meets
                ),
                nobody_meets=nobody_meets,
            )
        )
    return sorted(found, key=lambda m: not m.needed)


def _consequence(
    key: str,
    name: str,
    lacking: tuple[str, ...],
    reading: StaffSheetReading,
    affected: int,
    counted: int,
    nobody_meets: bool,
) -> str:
    where = (
        "Tệp"
        if len(lacking) == len(reading.headers)
        else "Trang " + ", ".join(f"«{sheet}»" for sheet in lacking)
    )
    said = f"{where} không có cột «{name}»"
    if affected == 0:
        return (
            f"{said}: để trống; tiêu chuẩn của những người trong tệp không yêu cầu nên không "
            "ảnh hưởng đến tỷ lệ đạt chuẩn."
        )
    zero = " (tỷ lệ đạt chuẩn 0 %)" if nobody_meets else ""
    if key == "position":
        return (
            f"{said}: không ai được gắn chức danh, vị trí việc làm trong bộ tiêu chuẩn nên cả "
            f"{counted} người thuộc diện chuẩn hóa sẽ «thiếu thông tin»{zero} cho đến khi chọn "
            "chức danh cho từng người. Người đã có trong chương trình giữ chức danh đã lưu."
        )
    what = {"birth": "độ tuổi", "field_of_study": "chuyên ngành đào tạo phù hợp"}.get(
        key, lower_name(name)
    )
    whose = f"cả {counted} người" if affected == counted else f"{affected}/{counted} người"
    text = (
        f"{said}: tiêu chuẩn của {whose}"
        + f" thuộc diện chuẩn hóa trong tệp yêu cầu {what}, nên người mới thêm sẽ «thiếu "
        f"thông tin» về {lower_name(name)} và không được tính là đạt chuẩn{zero} cho đến khi "
        "bổ sung (thêm cột vào tệp rồi nhập lại, hoặc sửa từng người)."
    )
    if key == "birth":
        text += " Người trùng tên với người đã có sẽ phải xác nhận (không có ngày sinh để so)."
    return f"{text} {_KEPT}"


def missing_columns_text(missing: Sequence[MissingColumn]) -> str:
    """What the preview says of the columns the file lacks; "" when none matters."""
    needed = [m for m in missing if m.needed]
    if not needed:
        return ""
    levels = [m for m in needed if m.key != "position"]
    if len(levels) > 1 and len({m.sheets for m in needed}) == 1:
        where = needed[0].consequence.split(" không có cột ", 1)[0]
        names = ", ".join(
            f"«{m.name}» ({'cả ' if m.affected == m.counted else f'{m.affected}/'}"
            f"{m.counted} người cần)"
            for m in levels
        )
        zero = " (tỷ lệ đạt chuẩn 0 %)" if any(m.nobody_meets for m in levels) else ""
        parts = [m.consequence for m in needed if m.key == "position"]
        parts.append(
            f"{where} không có các cột {names}: người mới thêm sẽ «thiếu thông tin» về các mục "
            f"này và không được tính là đạt chuẩn{zero} cho đến khi bổ sung (thêm cột vào tệp "
            f"rồi nhập lại, hoặc sửa từng người). {_KEPT}"
        )
        text = " ".join(parts)
    else:
        text = " ".join(m.consequence for m in needed)
    others = [m for m in missing if not m.needed]
    if others:
        names = ", ".join(f"«{m.name}»" for m in others)
        text += (
            f" Cũng không có cột {names}: để trống, không ảnh hưởng đến tỷ lệ đạt chuẩn của "
            "những người trong tệp."
        )
    return text


def _staff_header(ws: Worksheet) -> HeaderMatch | None:
    header = find_header(ws, STAFF_COLUMNS, {"full_name"})
    if header is None:
        return None
    columns, labels = dict(header.columns), dict(header.labels)
    for key, allowed in _EXACT_ONLY.items():
        if key in labels and header_key_text(labels[key]) not in allowed:
            del columns[key], labels[key]
    if len(columns) < 2 or set(columns) <= {"number", "full_name"}:
        return None
    return replace(header, columns=columns, labels=labels)


# --------------------------------------------------------------------------- positions


def _title_key(text: str) -> str:
    """A position title as compared: folded, punctuation as spaces, abbreviations spelt out."""
    words = header_key_text(text).split()
    expanded = " ".join(dict(_TITLE_WORDS).get(word, word) for word in words)
    return expanded


def _title_variants(text: str) -> set[str]:
    """The title, and the title without "(xã)", "Công chức …", "… xã", "… Việt Nam"."""
    bare = re.sub(r"\([^)]*\)", " ", text)
    found = {_title_key(text), _title_key(bare)}
    changed = True
    while changed:
        changed = False
        for key in list(found):
            for lead in _TITLE_LEADS:
                if key.startswith(lead) and key[len(lead) :] not in found:
                    found.add(key[len(lead) :])
                    changed = True
            for tail in _TITLE_TAILS:
                if key.endswith(tail) and key[: -len(tail)] not in found:
                    found.add(key[: -len(tail)])
                    changed = True
    return {key for key in found if key}


def _title_words(text: str) -> set[str]:
    words = " ".join(_TITLE_SHORT_WORDS.get(w, w) for w in _title_key(text).split())
    return set(words.split()) - _TITLE_FILLER_WORDS


class PositionMatcher:
    """Finds a position of the standard sets from a title as typed.

    When a title names a position of several sets, the set that took effect
    last wins (the 2025 job positions over the 2023 titles).
    """

    def __init__(self, standard_sets: Sequence[StandardSet]):
        newest_first = sorted(standard_sets, key=lambda s: s.effective_from, reverse=True)
        self._by_key: dict[str, tuple[StandardSet, Position]] = {}
        for standard in newest_first:
            for position in standard.positions:
                for key in _title_variants(position.name):
                    self._by_key.setdefault(key, (standard, position))

    def find(self, title: str) -> tuple[StandardSet, Position] | None:
        for key in sorted(_title_variants(title), key=len, reverse=True):
            if key in self._by_key:
                return self._by_key[key]
        return self._find_by_words(title)

    def _find_by_words(self, title: str) -> tuple[StandardSet, Position] | None:
        """The one position whose name holds every word of the title (short forms spelt out);
        None when no position or two different ones fit equally well."""
        wanted = _title_words(title)
        if len(wanted) < 2:
            return None
        best: list[tuple[int, str, tuple[StandardSet, Position]]] = []
        seen: set[str] = set()
        for found in self._by_key.values():
            name = found[1].name
            if name in seen:
                continue
            words = _title_words(name)
            if wanted <= words:
                seen.add(name)
                best.append((len(words - wanted), name, found))
        if not best:
            return None
        best.sort(key=lambda item: item[0])
        if len(best) > 1 and best[1][0] == best[0][0]:
            return None
        return best[0][2]


# --------------------------------------------------------------------------- values


def _fold_same_length(text: str) -> str:
    """Folded character by character, so that positions in the result are positions in text."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        base = "d" if base in "đĐ" else base.lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _clean_field(text: str) -> str:
    rest = normalize_text(text).lstrip(" -–—:,.(").strip()
    if rest.endswith(")") and "(" not in rest:
        rest = rest[:-1].strip()
    lead = _FIELD_LEAD.match(_fold_same_length(rest))
    return normalize_text(rest[lead.end() :] if lead else rest)


def split_level(text: str, scale: Scale) -> tuple[Level, str] | None:
    """ "ĐH Luật" → (Đại học, "Luật"); "Cử nhân Kinh tế" → (Đại học, "Kinh tế").

    The longest level name or alias at the start of the text wins; what follows
    it is the field of study. None when no level starts the text.
    """
    raw = normalize_text(text)
    folded = _fold_same_length(raw)
    best: tuple[int, Level, int] | None = None  # (length of the name matched, level, end)
    for level in scale.levels:
        for name in (level.name, *level.aliases):
            words = fold_for_search(name).split()
            if not words:
                continue
            pattern = r"\s*" + r"\s+".join(re.escape(w) for w in words) + r"(?=$|[\s\-–—:,(.])"
            match = re.match(pattern, folded)
            if match and (best is None or len(name) > best[0]):
                best = (len(name), level, match.end())
    if best is None:
        return None
    if best[1].rank == 0:  # "Chưa qua đào tạo": no field of study follows
        return best[1], ""
    return best[1], _clean_field(raw[best[2] :])


def _find_level(text: str, scale: Scale, attribute: str) -> Level | None:
    found = scale.find(text)
    if found is not None:
        return found
    rest = fold_for_search(text)
    fillers = _LEVEL_FILLERS.get(attribute, ())
    stripped = True
    while stripped and rest:
        stripped = False
        for filler in fillers:
            if rest.startswith(filler + " "):
                rest = rest[len(filler) + 1 :].strip()
                stripped = True
                found = scale.find(rest)
                if found is not None:
                    return found
    return None


def _levels_text(scale: Scale) -> str:
    return ", ".join(lv.name for lv in scale.levels)


def read_level(attribute: str, value: object, scale: Scale) -> tuple[str | None, str]:
    """The level code a cell names, and a field of study it also names ("ĐH Luật").

    (None, "") for an empty cell. Raises ValueError (Vietnamese) for a value
    that is no level of the scale.
    """
    if isinstance(value, datetime | date) and attribute == "general_education":
        # Excel turned "12/12" or "9/12" into a date; either order of day and month.
        for text in (f"{value.day}/{value.month}", f"{value.month}/{value.day}"):
            if (lv := scale.find(text)) is not None:
                return lv.code, ""
    text = cell_text(value)
    if not text or text in _EMPTY_MARKS:
        return None, ""
    if attribute == "general_education" and text.isdigit():
        for whole in (f"{text}/12", f"{text}/10"):
            if (lv := scale.find(whole)) is not None:
                return lv.code, ""
    if attribute == "professional":
        return _professional(text, scale)
    level = _find_level(text, scale, attribute)
    if level is None:
        raise ValueError(
            f"«{text}» không đọc được thành mức {scale.label.lower()}; các mức có thể ghi: "
            f"{_levels_text(scale)}."
        )
    return level.code, ""


def _professional(text: str, scale: Scale) -> tuple[str, str]:
    """One or several degrees ("Đại học Luật; Thạc sĩ Quản lý công"): the highest counts."""
    found: list[tuple[Level, str]] = []
    for part in _LEVEL_SEPARATORS.split(text):
        part = normalize_text(part).strip(" .,")
        if not part:
            continue
        level = scale.find(part)
        split = split_level(part, scale)
        if split is not None:
            found.append(split)
        elif level is not None:
            found.append((level, ""))
        else:
            raise ValueError(
                f"«{part}» không đọc được thành trình độ chuyên môn; hãy ghi trình độ trước, "
                f"chuyên ngành sau (ví dụ «Đại học Luật», «Trung cấp Kế toán»); các mức: "
                f"{_levels_text(scale)}."
            )
    best = max(found, key=lambda pair: pair[0].rank)
    return best[0].code, best[1]


def _date_of_number(value: float, number_format: str | None) -> date | None:
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils.datetime import from_excel

    if number_format and is_date_format(number_format):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            return None
        if isinstance(converted, datetime):
            return converted.date()
        if isinstance(converted, date):
            return converted
    return None


def read_birth(value: object, number_format: str | None = None) -> tuple[Birth | None, str]:
    """A birth cell: an Excel date, "12/03/1985", or a year alone (kept as a year).

    Returns the birth and a remark for the preview ("" when none). Raises
    ValueError (Vietnamese) for anything else — never invents a day.
    """
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return Birth.of(value.date()), ""
    if isinstance(value, date):
        return Birth.of(value), ""
    printed = cell_text(value)
    if isinstance(value, bool):
        raise ValueError(f"Ngày sinh «{printed}» không phải ngày.")
    if isinstance(value, int | float):
        day = _date_of_number(value, number_format)
        if day is not None:
            return Birth.of(day), ""
        if float(value).is_integer() and 1000 <= value <= 9999:
            return Birth(int(value)), ""
        raise ValueError(
            f"Ngày sinh «{printed}» là một con số, không phải ngày; hãy ghi ngày/tháng/năm "
            "(12/03/1985) hoặc chỉ năm sinh (1985)."
        )
    text = printed.rstrip(".")
    if not text or text in _EMPTY_MARKS:
        return None, ""
    folded = fold_for_search(text)
    if _TWO_DIGIT_YEAR.fullmatch(text):
        raise ValueError(
            f"Ngày sinh «{text}» chỉ có hai chữ số của năm; hãy ghi đủ bốn chữ số "
            "(ví dụ 12/03/1985)."
        )
    if match := _MONTH_YEAR.fullmatch(folded):
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"Ngày sinh «{text}» có tháng {month} không có thật.")
        return Birth(year), f"Ngày sinh chỉ ghi tháng/năm «{text}»: giữ năm sinh {year}."
    try:
        return parse_birth(text), ""
    except ValueError as unreadable:
        try:
            parse_date(text)
        except ValueError as why:
            if "không có thật" in str(why):
                raise ValueError(
                    f"Ngày sinh «{text}» không có thật (sai ngày hoặc tháng); hãy kiểm tra lại "
                    "theo dạng ngày/tháng/năm, ví dụ 12/03/1985."
                ) from None
        raise ValueError(str(unreadable)) from None


def read_start(value: object, number_format: str | None = None) -> tuple[date | None, str]:
    """The day someone took up the position; a month or a year alone is read as its first day
    (said in the remark)."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    printed = cell_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = _date_of_number(value, number_format)
        if day is not None:
            return day, ""
        if float(value).is_integer() and 1900 <= value <= 2100:
            year = int(value)
            return date(year, 1, 1), f"Ngày giữ chức danh chỉ ghi năm {year}: lưu là 01/01/{year}."
        raise ValueError(f"Ngày giữ chức danh «{printed}» là một con số, không phải ngày.")
    text = printed.rstrip(".")
    if not text or text in _EMPTY_MARKS:
        return None, ""
    folded = fold_for_search(text)
    for prefix in _START_PREFIXES:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :].strip()
            break
    if match := _MONTH_YEAR.fullmatch(folded):
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            first = date(year, month, 1)
            return first, f"Ngày giữ chức danh chỉ ghi «{text}»: lưu là {format_date(first)}."
    elif match := _YEAR_ONLY.fullmatch(folded):
        year = int(match.group(1))
        return date(year, 1, 1), f"Ngày giữ chức danh chỉ ghi năm {year}: lưu là 01/01/{year}."
    try:
        return parse_date(folded), ""
    except ValueError:
        raise ValueError(
            f"Ngày giữ chức danh «{text}» không đọc được; hãy ghi ngày/tháng/năm "
            "(ví dụ 01/07/2025), tháng/năm hoặc năm."
        ) from None


def read_gender(text: str) -> Gender | None:
    folded = fold_for_search(text)
    if not folded or folded in _EMPTY_MARKS:
        return None
    if folded in ("nam", "m", "male", "trai"):
        return Gender.MALE
    if folded in ("nu", "f", "female", "gai"):
        return Gender.FEMALE
    raise ValueError(f"Giới tính «{text}» không đọc được; hãy ghi «Nam» hoặc «Nữ».")


def _person_name(text: str) -> str:
    """ "NGUYỄN VĂN AN" (as lists often print names) → "Nguyễn Văn An"."""
    name = normalize_text(text)
    if name and name == name.upper() and any(ch.isalpha() for ch in name):
        return " ".join(word[:1] + word[1:].lower() for word in name.split())
    return name


def _category_of_text(text: str, lists: StaffLists) -> str | None:
    """A category named in a cell or a heading: "Công chức", "CB", "II. CÁN BỘ" …"""
    found = lists.find("categories", text)
    if found is not None:
        return found.code
    folded = " " + header_key_text(text) + " "
    short = {"cb": "can_bo", "cc": "cong_chuc", "hd": "hop_dong"}
    if folded.strip() in short:
        return short[folded.strip()]
    named = {
        c.code
        for c in lists.categories
        if f" {c.code.replace('_', ' ')} " in folded
        or f" {header_key_text(c.name)} " in folded
        or any(f" {header_key_text(a)} " in folded for a in c.aliases)
    }
    return named.pop() if len(named) == 1 else None


# --------------------------------------------------------------------------- the sheet


class _StaffSheetReader:
    def __init__(
        self,
        ws: Worksheet,
        header: HeaderMatch,
        lists: StaffLists,
        positions: PositionMatcher,
        reading: StaffSheetReading,
    ) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.header = header
        self.lists = lists
        self.positions = positions
        self.reading = reading
        self.origins = merged_origin_map(ws)
        # The name first among equals: a range merged across the row gives it its text.
        self.keys = sorted(header.columns, key=lambda k: (k != "full_name", header.columns[k]))
        self.columns = {
            key: f"{get_column_letter(column)} ({header.labels[key]})"
            for key, column in header.columns.items()
        }
        self.name_label = header_key_text(header.labels["full_name"])
        self.section_category: str | None = None

    def _cells(self, row: int) -> dict[str, TableCell]:
        return table_row(self.ws, row, self.header.columns, self.keys, self.origins)

    def read(self) -> None:
        pending_blanks = 0
        for row in range(self.header.row + 1, last_value_row(self.ws) + 1):
            cells = self._cells(row)
            filled = {k: c for k, c in cells.items() if c.value is not None}
            if not filled:
                pending_blanks += 1
                continue
            if all(c.continued for c in filled.values()):
                continue
            if is_end_of_table(cells):
                break
            self.reading.blank_rows += pending_blanks
            pending_blanks = 0
            if is_column_numbering(
                filled, self.header.columns, len(self.keys)
            ) or self._is_repeated_header(cells):
                continue
            if self._is_total(cells):
                continue
            heading = self._heading(cells, filled)
            if heading is not None:
                self.section_category = _category_of_text(heading, self.lists)
                continue
            if set(filled) <= {"number"}:
                continue  # an STT typed in advance for a row still empty
            self.reading.rows.append(self._person(row, cells))
            self.reading.problems.extend(self.reading.rows[-1].problems)

    def _is_repeated_header(self, cells: Mapping[str, TableCell]) -> bool:
        name = cells["full_name"].value
        return isinstance(name, str) and header_key_text(name) == self.name_label

    def _is_total(self, cells: Mapping[str, TableCell]) -> bool:
        texts = (cells[k].text for k in ("number", "full_name") if k in cells)
        return any(_TOTAL.match(fold_for_search(t)) for t in texts)

    def _heading(
        self, cells: Mapping[str, TableCell], filled: Mapping[str, TableCell]
    ) -> str | None:
        """A section heading ("I. CÁN BỘ", "II. CÔNG CHỨC"), or None for a person's row."""
        if not filled.keys() <= {"number", "full_name"}:
            return None
        number = cells["number"].text if "number" in cells else ""
        name = cells["full_name"].text
        if number and HEADING_NUMBER.fullmatch(number):
            return f"{number} {name}".strip()
        words = number.split()
        if len(words) > 1 and HEADING_NUMBER.fullmatch(words[0].rstrip(".")):
            return f"{number} {name}".strip()  # "I. CÁN BỘ" typed into the STT cell
        if number or not name or name != name.upper() or not any(c.isalpha() for c in name):
            return None
        first = name.split()[0].rstrip(".)")
        folded = fold_for_search(name) + " "
        if (
            HEADING_NUMBER.fullmatch(first)
            or _category_of_text(name, self.lists)
            or any(word in folded for word in _HEADING_WORDS)
        ):
            return name  # "II. CÔNG CHỨC" merged across the row
        return None

    def _person(self, row: int, cells: Mapping[str, TableCell]) -> StaffRow:
        person = _PersonReader(self, row, cells)
        person.read()
        return StaffRow(
            sheet=self.ws.title,
            row=row,
            number=person.text("number"),
            official=Official(**person.values),
            provided=frozenset(person.provided),
            printed={k: c.text for k, c in cells.items() if c.value is not None},
            problems=tuple(person.problems),
            remarks=tuple(person.remarks),
            columns=self.columns,
        )


class _PersonReader:
    """The cells of one person's row turned into the values of an Official."""

    def __init__(self, sheet: _StaffSheetReader, row: int, cells: Mapping[str, TableCell]):
        self.sheet = sheet
        self.lists = sheet.lists
        self.row = row
        self.cells = cells
        self.values: dict[str, Any] = {}  # Official's field name -> its value
        self.provided: set[str] = set()
        self.problems: list[ImportProblem] = []
        self.remarks: list[str] = []

    def text(self, key: str) -> str:
        return self.cells[key].text if key in self.cells else ""

    def problem(self, key: str, message: str) -> None:
        column = self.sheet.columns.get(key)
        self.problems.append(ImportProblem(self.sheet.ws.title, self.row, column, message))

    def set(self, name: str, value: object) -> None:
        """A value the file gives (an update of a stored record changes it)."""
        self.values[name] = value
        self.provided.add(name)

    def number_format(self, key: str) -> str:
        top, left = self.cells[key].origin
        return str(self.sheet.ws.cell(row=top, column=left).number_format)

    def read(self) -> None:
        name = _person_name(self.text("full_name"))
        if not name:
            self.problem("full_name", "Thiếu họ và tên.")
        self.set("full_name", name)
        self._birth_and_gender()
        if ethnicity := self.text("ethnicity"):
            self.set("ethnicity", ethnicity)
        position_category = self._position(self.text("position"))
        self._category(self.text("category"), position_category)
        self._department(self.text("department"))
        self._start()
        self._levels()
        if notes := self.text("notes"):
            self.set("notes", notes)

    def _start(self) -> None:
        if "started_on" not in self.cells:
            return
        try:
            value = self.cells["started_on"].value
            started, remark = read_start(value, self.number_format("started_on"))
        except ValueError as exc:
            self.problem("started_on", str(exc))
            return
        if started is not None:
            self.set("started_on", started)
        if remark:
            self.remarks.append(remark)

    def _levels(self) -> None:
        field_from_level = ""
        for key in LEVEL_KEYS:
            if key not in self.cells:
                continue
            try:
                code, field_of_study = read_level(
                    key, self.cells[key].value, self.lists.scales[key]
                )
            except ValueError as exc:
                self.problem(key, str(exc))
                continue
            if code is not None:
                self.set(key, code)
            if field_of_study:
                field_from_level = field_of_study
        # A «Chuyên ngành» column says it better than "ĐH Luật" in the level's cell.
        if field_of_study := self.text("field_of_study") or field_from_level:
            self.set("field_of_study", field_of_study)

    def _birth(self, key: str) -> Birth | None:
        try:
            birth, remark = read_birth(self.cells[key].value, self.number_format(key))
        except ValueError as exc:
            self.problem(key, str(exc))
            return None
        if remark:
            self.remarks.append(remark)
        return birth

    def _birth_and_gender(self) -> None:
        cells = self.cells
        gender: Gender | None = None
        if "gender" in cells:
            try:
                gender = read_gender(cells["gender"].text)
            except ValueError as exc:
                self.problem("gender", str(exc))
        birth: Birth | None = None
        birth_read = False  # a birth was found (or refused) in some column
        if "birth" in cells and cells["birth"].value is not None:
            birth, birth_read = self._birth("birth"), True
        marked: list[tuple[str, Gender]] = []
        for key, sex in (("birth_male", Gender.MALE), ("birth_female", Gender.FEMALE)):
            if key not in cells or cells[key].value is None:
                continue
            marked.append((key, sex))
            value = cells[key].value
            if isinstance(value, str) and fold_for_search(value) in _TICKS:
                continue  # a tick under «Nam» / «Nữ»: the gender only
            if not birth_read:
                birth, birth_read = self._birth(key), True
        if len(marked) > 1:
            self.problem(
                "birth_female",
                "Dòng này ghi ở cả cột Nam và cột Nữ; chỉ ghi ở một cột cho biết giới tính.",
            )
        elif marked:
            key, sex = marked[0]
            if gender is not None and gender != sex:
                self.problem(
                    key, f"Giới tính ghi «{gender.label}» nhưng ngày sinh ở cột {sex.label}."
                )
            gender = sex
        if gender is not None:
            self.set("gender", gender)
        if birth is not None:
            self.set("birth", birth)

    def _position(self, title: str) -> str | None:
        """Sets the position (or its title as typed); returns the position's category."""
        if not title:
            return None
        self.provided.add("position")
        found = self.sheet.positions.find(title)
        if found is None:
            self.values["position_title"] = title
            return None
        standard, position = found
        self.values["standard_family"] = standard.family
        self.values["position"] = position.code
        if position.department is not None:
            # Not "provided": an update keeps the department stored.
            self.values["department"] = position.department
        return position.category

    def _category(self, text: str, position_category: str | None) -> None:
        """From the column, else the section heading, else the position; else a guess."""
        category: str | None = None
        if text:
            category = _category_of_text(text, self.lists)
            if category is None:
                names = ", ".join(c.name for c in self.lists.categories)
                self.problem(
                    "category", f"Đối tượng «{text}» không đọc được; hãy ghi một trong: {names}."
                )
                self.values["category"] = GUESSED_CATEGORY
                return
        category = category or self.sheet.section_category
        if category is not None and position_category not in (None, category):
            self.remarks.append(
                f"Tệp ghi đối tượng «{self.lists.name('categories', category)}» nhưng chức danh "
                f"thuộc «{self.lists.name('categories', position_category)}»; giữ như tệp."
            )
        category = category or position_category
        if category is None:
            self.values["category"] = GUESSED_CATEGORY  # said by the plan: category_guessed
            return
        self.set("category", category)

    def _department(self, text: str) -> None:
        if not text:
            return
        found = self.lists.find("departments", text)
        if found is None:
            for tail in (" xã", " phường", " thị trấn"):
                if fold_for_search(text).endswith(fold_for_search(tail)):
                    found = self.lists.find("departments", text[: -len(tail)])
                    break
        if found is None:
            self.remarks.append(f"Phòng, bộ phận «{text}» không có trong danh sách: để trống.")
            return
        self.set("department", found.code)
