"""The cells of one person's row turned into the values of an Official."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cchc_desktop.core.staff import LEVEL_ATTRIBUTES, Birth, Gender, StaffLists
from cchc_desktop.core.text import fold_for_search
from cchc_desktop.importers.sheet import ImportProblem, TableCell
from cchc_desktop.importers.staff_excel.positions import PositionMatcher
from cchc_desktop.importers.staff_excel.results import GUESSED_CATEGORY
from cchc_desktop.importers.staff_excel.values import (
    category_of_text,
    person_name,
    read_birth,
    read_gender,
    read_level,
    read_start,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_TICKS = {"x", "v", "✓", "√", "✔"}


class PersonReader:
    """The cells of one person's row turned into the values of an Official.

    ``columns``: where each column key is ("E (Ngày sinh)"), to say where a problem is;
    ``section_category``: the category of the section heading the row is under.
    """

    def __init__(
        self,
        ws: Worksheet,
        columns: Mapping[str, str],
        lists: StaffLists,
        positions: PositionMatcher,
        section_category: str | None,
        row: int,
        cells: Mapping[str, TableCell],
    ):
        self.ws = ws
        self.columns = columns
        self.lists = lists
        self.positions = positions
        self.section_category = section_category
        self.row = row
        self.cells = cells
        self.values: dict[str, Any] = {}  # Official's field name -> its value
        self.provided: set[str] = set()
        self.problems: list[ImportProblem] = []
        self.remarks: list[str] = []

    def text(self, key: str) -> str:
        return self.cells[key].text if key in self.cells else ""

    def problem(self, key: str, message: str) -> None:
        column = self.columns.get(key)
        self.problems.append(ImportProblem(self.ws.title, self.row, column, message))

    def set(self, name: str, value: object) -> None:
        """A value the file gives (an update of a stored record changes it)."""
        self.values[name] = value
        self.provided.add(name)

    def number_format(self, key: str) -> str:
        top, left = self.cells[key].origin
        return str(self.ws.cell(row=top, column=left).number_format)

    def read(self) -> None:
        name = person_name(self.text("full_name"))
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
        for key in LEVEL_ATTRIBUTES:
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
        found = self.positions.find(title)
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
            category = category_of_text(text, self.lists)
            if category is None:
                names = ", ".join(c.name for c in self.lists.categories)
                self.problem(
                    "category", f"Đối tượng «{text}» không đọc được; hãy ghi một trong: {names}."
                )
                self.values["category"] = GUESSED_CATEGORY
                return
        category = category or self.section_category
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
