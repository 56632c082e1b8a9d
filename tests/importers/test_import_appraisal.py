"""Importing the superior's appraisal (thẩm định lần 1, lần 2) from the workbook it sends back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc_desktop.core.criteria import (
    CriteriaSet,
    Criterion,
    parse_criteria_set,
    shipped_criteria_sets,
)
from cchc_desktop.core.scoring import Score
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.importers.appraisal_excel import read_appraisal_workbook
from cchc_desktop.importers.sheet import ImportFileError
from cchc_desktop.store.scoring_repo import (
    Assessment,
    load_scores,
    lock_assessment,
    save_appraisals,
    save_score,
    sheet_state,
    start_assessment,
)

D = Decimal
TODAY = date(2026, 3, 2)
SHEET = "Thẩm định"
HEADER = ["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định", "Lý do"]
TITLE_ROWS = {
    1: ["UBND HUYỆN AN BIÊN", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    2: ["KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND XÃ AN BÌNH"],
}
HEADER_ROW = 4


@pytest.fixture
def sample() -> CriteriaSet:
    return shipped_criteria_sets()[0]


@pytest.fixture
def sheet(store, sample) -> Assessment:  # type: ignore[no-untyped-def]
    assessment = start_assessment(store, 2025, sample)
    save_score(store, assessment, sample.by_code["1.1"], Score("1.1", value=D(1)))
    save_score(
        store, assessment, sample.by_code["5"], Score("5", value=D(3), explanation="Có báo cáo")
    )
    return assessment


def _points(value: Decimal) -> str:
    """As an officer types it: a decimal comma, a whole number without decimals."""
    return f"{value.normalize():f}".replace(".", ",")


def _body(
    criteria: CriteriaSet,
    values: dict[str, object] | None = None,
    notes: dict[str, str] | None = None,
    *,
    only: set[str] | None = None,
    totals: dict[str, object] | None = None,
) -> list[list[object]]:
    """Every node of the set as the superior prints it: fields "I.", criteria "1.", the
    appraised points of each leaf (its maximum unless ``values`` says) and the parents'
    totals (their leaves' sum unless ``totals`` says)."""
    values = values or {}
    notes = notes or {}
    totals = totals or {}
    rows: list[list[object]] = []

    def given(node: Criterion) -> Decimal:
        value = values.get(node.code, node.maximum)
        if isinstance(value, float):
            return D(str(value))
        return value if isinstance(value, Decimal) else D(0)

    def visit(node: Criterion) -> Decimal:
        printed = f"{node.code}." if "." not in node.code else node.code
        row: list[object] = [printed, node.title, _points(node.maximum), None, None, None]
        if node.is_leaf:
            if only is not None and node.code not in only:
                return D(0)
            value = values.get(node.code, node.maximum)
            row[4] = _points(value) if isinstance(value, Decimal) else value
            row[5] = notes.get(node.code)
            rows.append(row)
            return given(node)
        rows.append(row)
        total = D(0)
        for child in node.children:
            points = visit(child)
            if not child.outside_maximum:
                total += points
        row[4] = totals.get(node.code, _points(total))
        return total

    for f in criteria.fields:
        visit(f)
    return rows


def _workbook(
    tmp_path: Path,
    body: list[list[object]],
    *,
    header: list[object] | None = None,
    name: str = "ket-qua-tham-dinh.xlsx",
    extra: dict[int, list[object]] | None = None,
    merges: tuple[str, ...] = (),
    header_row: int = HEADER_ROW,
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    rows: dict[int, list[object]] = dict(TITLE_ROWS)
    rows[header_row] = header or HEADER
    rows.update(extra or {})
    for offset, values in enumerate(body, start=1):
        rows[header_row + offset] = values
    for row, values in rows.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=row, column=column, value=value)
    for span in merges:
        ws.merge_cells(span)
    path = tmp_path / name
    wb.save(path)
    return path


def _row_of(body: list[list[object]], printed: str) -> int:
    """The Excel row of the body line whose STT is ``printed``."""
    return HEADER_ROW + 1 + next(i for i, r in enumerate(body) if r[0] == printed)


def _texts(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in problems]


# --- reading ----------------------------------------------------------------------------------


def test_a_good_sheet_goes_into_round_1_then_round_2_on_the_locked_sheet(
    store, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    body = _body(
        sample,
        {"1.1": D("0.5"), "5": D("2.5"), "13": 1.5},  # a float cell too
        {"1.1": "Kế hoạch ban hành chậm\n(sau ngày 31/12)", "5": "Thiếu biên bản kiểm tra"},
    )
    reading = read_appraisal_workbook(_workbook(tmp_path, body), sample)
    assert reading.errors == [] and reading.warnings == []
    assert reading.sheet == SHEET and reading.value_column == "E" and reading.note_column == "F"
    assert reading.round_no is None and reading.missing == []
    assert len(reading.items) == len(list(sample.leaves())) == 43
    by_code = {item.code: item for item in reading.items}
    assert by_code["1.1"].value == D("0.5") and by_code["1.1"].row == _row_of(body, "1.1")
    assert by_code["1.1"].note == "Kế hoạch ban hành chậm\n(sau ngày 31/12)"
    assert by_code["5"].value == D("2.5") and by_code["13"].value == D("1.5")
    assert by_code["3"].value == D("2.5") and by_code["3"].note == ""  # "3." → "3"
    assert "I" not in by_code and "1" not in by_code  # parents are not imported

    assert save_appraisals(store, sheet, 1, reading.updates()) == 43
    scores = load_scores(store, sheet)
    assert scores["1.1"].value == D(1) and scores["1.1"].appraised_1 == D("0.5")
    assert scores["1.1"].appraisal_1_note.startswith("Kế hoạch ban hành chậm")
    assert scores["5"].explanation == "Có báo cáo" and scores["5"].appraised_1 == D("2.5")
    assert scores["5"].appraised_2 is None

    locked = lock_assessment(store, sheet, "Nguyễn Văn An")
    body_2 = _body(sample, {"1.1": D(1)}, {"1.1": "Đã giải trình, chấp nhận"})
    header_2 = [*HEADER[:4], "Điểm thẩm định lần 2", "Lý do (lần 2)"]
    reading_2 = read_appraisal_workbook(
        _workbook(tmp_path, body_2, header=header_2, name="lan-2.xlsx"), sample
    )
    assert reading_2.errors == [] and reading_2.round_no == 2 and reading_2.rounds == {2: "E"}
    assert save_appraisals(store, locked, 2, reading_2.updates()) == 43
    scores = load_scores(store, locked)
    assert scores["1.1"].value == D(1)  # the self-score of the locked sheet is untouched
    assert scores["1.1"].appraised_1 == D("0.5") and scores["1.1"].appraised_2 == D(1)
    assert scores["1.1"].appraisal_2_note == "Đã giải trình, chấp nhận"
    assert scores["5"].appraised_2 == D(3) and scores["5"].appraisal_1_note
    state = sheet_state(store, locked, TODAY)
    assert state.sheet.appraised_1 == D("97") and state.sheet.appraised_2 == D(99)
    assert save_appraisals(store, locked, 2, reading_2.updates()) == 0  # nothing new


def test_errors_give_sheet_row_and_column_and_nothing_is_written(
    store, sample, sheet, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    save_appraisals(store, sheet, 1, [("4", D(2), "Thiếu ảnh")])
    before = load_scores(store, sheet)
    body = _body(sample, {"1.1": D(2), "5": "đạt", "4": D("-1")})
    body.insert(3, ["1.9", "Tiêu chí không có trong bộ", "1", None, "1", None])
    path = _workbook(tmp_path, body)
    reading = read_appraisal_workbook(path, sample)
    row = {code: _row_of(body, code) for code in ("1.1", "1.9", "5.", "4.")}
    assert _texts(reading.errors) == [
        f"Trang «{SHEET}», dòng {row['1.1']}, cột E: Tiêu chí 1.1: điểm thẩm định 2 vượt điểm "
        "tối đa 1.",
        f"Trang «{SHEET}», dòng {row['1.9']}, cột A: Số thứ tự «1.9» không có trong bộ tiêu chí "
        f"«{sample.name}» của bảng điểm; hãy kiểm tra tệp có đúng bộ tiêu chí của năm đánh giá "
        "không.",
        f"Trang «{SHEET}», dòng {row['4.']}, cột E: Tiêu chí 4: điểm thẩm định không được là số "
        "âm.",
        f"Trang «{SHEET}», dòng {row['5.']}, cột E: Tiêu chí 5: «đạt» không phải là số điểm (ví "
        "dụ đúng: 7,5 hoặc 7.5).",
    ]
    assert not reading.ok
    assert {item.code for item in reading.items}.isdisjoint({"1.1", "4", "5"})
    assert load_scores(store, sheet) == before


def test_save_appraisals_refuses_everything_when_one_line_is_wrong(store, sample, sheet) -> None:  # type: ignore[no-untyped-def]
    before = load_scores(store, sheet)
    with pytest.raises(ValidationError) as refused:
        save_appraisals(
            store,
            sheet,
            1,
            [("1.1", D("0.5"), "Chậm"), ("3", D(3), ""), ("1", D(1), ""), ("9.9", D(1), "")],
        )
    assert set(refused.value.errors) == {"3", "1", "9.9"}
    assert refused.value.errors["3"] == "Tiêu chí 3: Điểm thẩm định phải từ 0 đến 2,5."
    assert "có tiêu chí con" in refused.value.errors["1"]
    assert load_scores(store, sheet) == before
    with pytest.raises(ValidationError):
        save_appraisals(store, sheet, 3, [("1.1", D(1), "")])


def test_missing_leaves_are_warned_and_keep_what_they_had(store, sample, sheet, tmp_path) -> None:  # type: ignore[no-untyped-def]
    save_appraisals(store, sheet, 1, [("20", D(3), "Hai người chưa đạt chuẩn")])
    field_one = {n.code for n in sample.by_code["I"].leaves()} - {"7"}
    body = _body(sample, {"6": None}, only=field_one)
    reading = read_appraisal_workbook(_workbook(tmp_path, body), sample)
    assert reading.errors == []
    assert {i.code for i in reading.items} == field_one - {"6"}
    absent = [n.code for n in sample.leaves() if n.code not in field_one]
    assert reading.missing == sorted(["6", *absent], key=[n.code for n in sample.leaves()].index)
    assert _texts(reading.warnings) == [
        f"Trang «{SHEET}»: {len(absent)} tiêu chí không có trong bảng, giữ điểm thẩm định đã có "
        f"(nếu có): {', '.join(absent)}.",
        f"Trang «{SHEET}», cột E: 1 tiêu chí có trong bảng nhưng không ghi điểm thẩm định, giữ "
        "điểm đã có (nếu có): 6.",
    ]
    save_appraisals(store, sheet, 1, reading.updates())
    scores = load_scores(store, sheet)
    assert scores["20"].appraised_1 == D(3) and scores["20"].appraisal_1_note
    assert scores["1.1"].appraised_1 == D(1)


def test_a_parent_total_that_is_not_its_leaves_sum_is_a_warning(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = _body(sample, {"1.1": D("0.5")}, totals={"1": "4", "II": "12"})
    body.append([None, "Tổng cộng", "99", None, "98,5"])
    reading = read_appraisal_workbook(_workbook(tmp_path, body), sample)
    assert reading.errors == []
    assert _texts(reading.warnings) == [
        f"Trang «{SHEET}», dòng {_row_of(body, '1.')}, cột E: Dòng «1» ghi tổng điểm thẩm định 4 "
        "nhưng các tiêu chí con trong bảng cộng lại 3,5.",
        f"Trang «{SHEET}», dòng {_row_of(body, 'II.')}, cột E: Dòng «II» ghi tổng điểm thẩm định "
        "12 nhưng các tiêu chí con trong bảng cộng lại 13.",
    ]


def test_a_leaf_given_twice_and_an_unreadable_number_are_errors(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = _body(sample)
    twice = _row_of(body, "1.1")
    body.insert(3, ["1.1", "Ban hành kế hoạch (dòng chép lại)", "1", None, "0", None])
    body.insert(4, ["1.1 (bổ sung)", "?", None, None, "1", None])
    reading = read_appraisal_workbook(_workbook(tmp_path, body), sample)
    assert _texts(reading.errors) == [
        f"Trang «{SHEET}», dòng {HEADER_ROW + 5}, cột A: Số thứ tự «1.1 (bổ sung)» không đọc "
        "được (ví dụ đúng: I, 1, 1.1, a): không biết điểm này của tiêu chí nào.",
        f"Trang «{SHEET}», dòng {HEADER_ROW + 4}, cột A: Tiêu chí 1.1 có hai lần trong bảng "
        f"(dòng {twice} và dòng {HEADER_ROW + 4}); hãy giữ một dòng.",
    ]


def _renumbered_set() -> CriteriaSet:
    """Criteria numbered from 1 again in each field, with lettered sub-criteria (as the
    criteria importer stores them: "II.1", "I.2.a")."""
    return parse_criteria_set(
        {
            "uuid": "renumbered",
            "family": "renumbered",
            "version": 1,
            "name": "Bộ đánh số lại theo lĩnh vực",
            "fields": [
                {
                    "code": "I",
                    "title": "Chỉ đạo, điều hành",
                    "max": "3",
                    "children": [
                        {"code": "I.1", "title": "Kế hoạch", "max": "1"},
                        {
                            "code": "I.2",
                            "title": "Kiểm tra",
                            "max": "2",
                            "children": [
                                {"code": "I.2.a", "title": "Kế hoạch kiểm tra", "max": "0.5"},
                                {"code": "I.2.b", "title": "Kết quả kiểm tra", "max": "1.5"},
                            ],
                        },
                    ],
                },
                {
                    "code": "II",
                    "title": "Thể chế",
                    "max": "2",
                    "children": [{"code": "II.1", "title": "Rà soát", "max": "2"}],
                },
            ],
        }
    )


def test_codes_numbered_again_in_each_field_follow_the_criteria_importers_rule(
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]
    criteria = _renumbered_set()
    body = [
        ["I", "CHỈ ĐẠO, ĐIỀU HÀNH", "3", None, "2,5", None],
        ["1", "Kế hoạch", "1", None, "1", None],
        ["2", "Kiểm tra", "2", None, "1,5", None],
        ["a)", "Kế hoạch kiểm tra", "0,5", None, "0", "Không có kế hoạch"],
        ["b)", "Kết quả kiểm tra", "1,5", None, "1,5", None],
        ["II", "THỂ CHẾ", "2", None, "2", None],
        ["1", "Rà soát", "2", None, "2", None],
    ]
    reading = read_appraisal_workbook(_workbook(tmp_path, body), criteria)
    assert reading.errors == [] and reading.warnings == []
    assert [(i.code, i.value, i.note) for i in reading.items] == [
        ("I.1", D(1), ""),
        ("I.2.a", D(0), "Không có kế hoạch"),
        ("I.2.b", D("1.5"), ""),
        ("II.1", D(2), ""),
    ]


def test_a_column_per_round_under_a_group_header(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    top = ["STT", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định", None, "Lý do"]
    sub = {HEADER_ROW + 1: [None, None, None, None, "Lần 1", "Lần 2"]}
    body = [
        [r[0], r[1], r[2], None, r[4], (r[4] if r[0] != "1.1" else "1"), r[5]]
        for r in _body(sample, {"1.1": D(0)}, {"1.1": "Chậm"})
    ]
    merges = (
        *(f"{c}{HEADER_ROW}:{c}{HEADER_ROW + 1}" for c in "ABCDG"),
        f"E{HEADER_ROW}:F{HEADER_ROW}",
    )
    path = _workbook(
        tmp_path,
        [sub[HEADER_ROW + 1], *body],
        header=top,
        merges=merges,
        name="hai-lan.xlsx",
    )
    first = read_appraisal_workbook(path, sample, round_no=1)
    second = read_appraisal_workbook(path, sample, round_no=2)
    latest = read_appraisal_workbook(path, sample)
    assert first.rounds == {1: "E", 2: "F"} and first.errors == []
    assert (first.value_column, first.round_no, first.note_column) == ("E", 1, "G")
    assert (second.value_column, second.round_no) == ("F", 2)
    assert (latest.value_column, latest.round_no) == ("F", 2)  # the last round with points
    assert {i.code: i.value for i in first.items}["1.1"] == D(0)
    assert {i.code: i.value for i in second.items}["1.1"] == D(1)


def _two_rounds_file(tmp_path: Path, sample: CriteriaSet, *, second: bool = True) -> Path:
    """«Thẩm định lần 1» and «Thẩm định lần 2», each a group over «Điểm | Lý do»."""
    top = ["STT", "Nội dung", "Điểm tối đa", "Thẩm định lần 1", None, "Thẩm định lần 2", None]
    sub = [None, None, None, "Điểm", "Lý do", "Điểm", "Lý do"]
    body = []
    for r in _body(sample, {"1.1": D(0)}, {"1.1": "Chưa ban hành"}):
        later = ("1", "Đã bổ sung kế hoạch") if r[0] == "1.1" else (r[4], None)
        body.append([r[0], r[1], r[2], r[4], r[5], *(later if second else (None, None))])
    merges = (
        *(f"{c}{HEADER_ROW}:{c}{HEADER_ROW + 1}" for c in "ABC"),
        f"D{HEADER_ROW}:E{HEADER_ROW}",
        f"F{HEADER_ROW}:G{HEADER_ROW}",
    )
    name = "hai-lan-ly-do.xlsx" if second else "lan-1-ly-do.xlsx"
    return _workbook(tmp_path, [sub, *body], header=top, merges=merges, name=name)


def test_each_round_has_its_own_reason_column(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _two_rounds_file(tmp_path, sample)
    first = read_appraisal_workbook(path, sample, round_no=1)
    second = read_appraisal_workbook(path, sample, round_no=2)
    assert first.errors == [] and second.errors == []
    assert (first.value_column, first.note_column) == ("D", "E")
    assert (second.value_column, second.note_column) == ("F", "G")
    assert [(i.value, i.note) for i in first.items if i.code == "1.1"] == [(D(0), "Chưa ban hành")]
    assert [(i.value, i.note) for i in second.items if i.code == "1.1"] == [
        (D(1), "Đã bổ sung kế hoạch")
    ]
    # Round 2 not appraised yet: without a round asked for, round 1 is read.
    only_first = read_appraisal_workbook(_two_rounds_file(tmp_path, sample, second=False), sample)
    assert (only_first.value_column, only_first.round_no) == ("D", 1)


def test_a_penalty_written_negative_is_the_points_deducted(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reading = read_appraisal_workbook(_workbook(tmp_path, _body(sample, {"23.3": "-1"})), sample)
    assert reading.errors == []
    assert {i.code: i.value for i in reading.items}["23.3"] == D(1)


def test_files_that_cannot_be_read_raise_import_file_error(sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = tmp_path / "diem.xlsx"
    text.write_text("STT;Điểm thẩm định\n1;2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="không phải tệp Excel"):
        read_appraisal_workbook(text, sample)
    no_header = _workbook(
        tmp_path, [["1", "Kế hoạch", "4"]], header=["STT", "Nội dung", "Điểm tối đa"]
    )
    with pytest.raises(ImportFileError, match="Điểm thẩm định"):
        read_appraisal_workbook(no_header, sample)
    with pytest.raises(ImportFileError, match="không có trang «Lần 2»"):
        read_appraisal_workbook(_workbook(tmp_path, _body(sample)), sample, sheet_name="Lần 2")
