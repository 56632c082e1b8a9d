"""The columns a staff list lacks, and what that does to the people it lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cchc_desktop.core.staff import StaffLists
from cchc_desktop.core.standard_checks import lower_name
from cchc_desktop.core.standards import AGE, FIELD, StandardSet, attribute_label
from cchc_desktop.importers.staff_excel.results import MissingColumn, StaffRow, StaffSheetReading

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
