"""Criteria sets: the tree, its arithmetic, points as officials type them, bands, JSON.

Plain Python: no Qt, no store. Sets are built in code with the dataclasses.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from cchc_desktop.core.criteria import (
    DEFAULT_BANDS,
    AssessedBy,
    AutoSource,
    Band,
    CriteriaSet,
    Criterion,
    Decision,
    Method,
    MethodKind,
    RatioBand,
    band_for,
    band_range_text,
    criteria_set_to_json,
    dumps_criteria_set,
    method_text,
    parse_criteria_set,
    validate_criteria_set,
)
from cchc_desktop.core.points import (
    PointsError,
    format_percent,
    format_points,
    parse_points,
    percent_of,
)

D = Decimal


# --- helpers ---------------------------------------------------------------------------------


def leaf(
    code: str, maximum: str | int, method: Method | None = None, **values: object
) -> Criterion:
    """A scored line; manual unless told otherwise."""
    return Criterion(
        code=code,
        title=values.pop("title", f"Tiêu chí {code}"),  # type: ignore[arg-type]
        maximum=D(str(maximum).replace(",", ".")),
        method=method if method is not None else Method(),
        **values,  # type: ignore[arg-type]
    )


def parent(code: str, maximum: str | int, *children: Criterion, title: str = "") -> Criterion:
    return Criterion(
        code=code,
        title=title or f"Lĩnh vực {code}",
        maximum=D(str(maximum).replace(",", ".")),
        children=children,
    )


def make_set(*fields: Criterion, bands: tuple[Band, ...] = DEFAULT_BANDS) -> CriteriaSet:
    return CriteriaSet(
        uuid="set-1",
        family="tinh-thu",
        version=1,
        name="Bộ tiêu chí Chỉ số CCHC cấp xã",
        fields=fields,
        bands=bands,
    )


def ratio(*bands: tuple[str, str]) -> Method:
    return Method(
        MethodKind.RATIO,
        bands=tuple(RatioBand(D(m), D(p.replace(",", "."))) for m, p in bands),
        numerator="Số hồ sơ giải quyết đúng hạn",
        denominator="Tổng số hồ sơ tiếp nhận",
    )


def deep_set() -> CriteriaSet:
    """Field 1 four levels deep, field 2 two levels deep; 10 + 5 = 15 points."""
    return make_set(
        parent(
            "1",
            10,
            parent(
                "1.1",
                6,
                parent("1.1.1", "2,5", leaf("1.1.1.1", "1,5"), leaf("1.1.1.2", 1)),
                leaf("1.1.2", "3,5"),
            ),
            leaf("1.2", 4),
        ),
        parent("2", 5, leaf("2.1", 2), leaf("2.2", 3)),
    )


# --- the tree --------------------------------------------------------------------------------


def test_a_tree_of_any_depth_is_sound_and_walked_in_order() -> None:
    s = deep_set()
    assert validate_criteria_set(s) == {}
    assert s.total == D(15)
    assert [n.code for n in s.leaves()] == ["1.1.1.1", "1.1.1.2", "1.1.2", "1.2", "2.1", "2.2"]
    assert s.depth_of("1.1.1.2") == 3
    assert s.depth_of("2.1") == 1
    assert s.depth_of("2") == 0
    assert s.field_of["1.1.1.2"].code == "1"
    assert s.parent_of["1.1.1.2"] == "1.1.1"
    assert s.parent_of["1"] is None


def test_a_node_carries_code_title_maximum_guidance_method_evidence_and_assessor() -> None:
    node = leaf(
        "3.2",
        "1,5",
        Method(MethodKind.SURVEY),
        title="Mức độ hài lòng của người dân",
        guidance="Theo kết quả điều tra của tỉnh",
        evidence="Kết quả điều tra xã hội học",
        assessed_by=AssessedBy.SURVEY,
    )
    assert node.label == "3.2. Mức độ hài lòng của người dân"
    assert node.maximum == D("1.5")
    assert node.kind == MethodKind.SURVEY
    assert node.guidance == "Theo kết quả điều tra của tỉnh"
    assert node.evidence == "Kết quả điều tra xã hội học"
    assert node.assessed_by.label == "Điều tra xã hội học"
    assert node.is_leaf and not node.outside_maximum


@pytest.mark.parametrize(
    ("wrong", "expected_total"),
    [
        (parent("1", 11, leaf("1.1", 6), leaf("1.2", 4)), "10"),
        (parent("1", 10, leaf("1.1", 6), leaf("1.2", "3,5")), "9,5"),
    ],
)
def test_a_field_whose_maximum_is_not_its_childrens_sum_is_named(
    wrong: Criterion, expected_total: str
) -> None:
    s = make_set(wrong, parent("2", 5, leaf("2.1", 2), leaf("2.2", 3)))
    errors = validate_criteria_set(s)
    assert set(errors) == {"node:1"}
    assert "«1»" in errors["node:1"]
    assert format_points(wrong.maximum) in errors["node:1"]
    assert expected_total in errors["node:1"]


def test_a_deep_sub_criterion_whose_sum_is_wrong_is_named() -> None:
    s = make_set(
        parent(
            "1",
            10,
            parent(
                "1.1",
                6,
                # 1.1.1 claims 2,5 but its children add to 2.
                parent("1.1.1", "2,5", leaf("1.1.1.1", 1), leaf("1.1.1.2", 1)),
                leaf("1.1.2", "3,5"),
            ),
            leaf("1.2", 4),
        ),
    )
    errors = validate_criteria_set(s)
    assert set(errors) == {"node:1.1.1"}
    assert "«1.1.1»" in errors["node:1.1.1"]
    assert "2,5" in errors["node:1.1.1"]


def bonus_penalty_field(maximum: int) -> Criterion:
    return parent(
        "1",
        maximum,
        leaf("1.1", 2),
        leaf("1.2", 1),
        leaf("1.3", 1, Method(MethodKind.BONUS), title="Điểm thưởng sáng kiến"),
        leaf("1.4", 2, Method(MethodKind.PENALTY), title="Điểm trừ chậm báo cáo"),
    )


def test_bonus_and_penalty_lines_do_not_count_in_the_parents_maximum() -> None:
    s = make_set(bonus_penalty_field(3))
    assert validate_criteria_set(s) == {}
    assert s.total == D(3)


def test_a_parent_counting_bonus_and_penalty_in_its_maximum_is_refused() -> None:
    for counted in (4, 6):  # with the bonus cap; with bonus and penalty caps
        errors = validate_criteria_set(make_set(bonus_penalty_field(counted)))
        assert set(errors) == {"node:1"}, counted


def test_a_bonus_field_at_the_top_is_outside_the_sets_total() -> None:
    s = make_set(
        parent("1", 5, leaf("1.1", 2), leaf("1.2", 3)),
        leaf("T", 2, Method(MethodKind.BONUS), title="Điểm thưởng"),
    )
    assert validate_criteria_set(s) == {}
    assert s.total == D(5)


def test_decimal_maxima_add_up_exactly() -> None:
    s = make_set(
        parent("1", "0,3", leaf("1.1", "0,1"), leaf("1.2", "0,2")),
        parent("2", 10, *(leaf(f"2.{i}", "0,25") for i in range(1, 41))),
        parent("3", "1,5", leaf("3.1", "0,5"), leaf("3.2", 1)),
    )
    assert validate_criteria_set(s) == {}
    assert s.total == D("11.8")
    assert str(s.total) == "11.8"


@pytest.mark.parametrize(
    ("node", "words"),
    [
        (leaf("1.1", 0), "lớn hơn 0"),
        (leaf("1.1", -1), "lớn hơn 0"),
        (leaf("1.1", 2, title=""), "nội dung"),
        (leaf("1.1", 2, Method(MethodKind.STEPS)), "mức điểm"),
        (leaf("1.1", 2, Method(MethodKind.STEPS, steps=(D(0), D(1)))), "bằng điểm tối đa 2"),
        (leaf("1.1", 2, Method(MethodKind.STEPS, steps=(D(0), D(3)))), "ngoài khoảng 0 đến 2"),
        (leaf("1.1", 2, Method(MethodKind.RATIO, numerator="a", denominator="b")), "mức tỷ lệ"),
        (leaf("1.1", 2, ratio(("100", "3"), ("0", "0"))), "ngoài khoảng 0 đến 2"),
        (leaf("1.1", 2, ratio(("120", "2"), ("0", "0"))), "0% đến 100%"),
        (
            leaf("1.1", 2, Method(MethodKind.RATIO, bands=(RatioBand(D(100), D(2)),))),
            "tử số và mẫu số",
        ),
        (
            leaf("1.1", 2, Method(MethodKind.AUTO, bands=(RatioBand(D(100), D(2)),))),
            "nguồn dữ liệu",
        ),
        (Criterion("1.1", "Không có cách chấm", D(2)), "cách chấm"),
    ],
)
def test_a_line_with_a_faulty_rule_is_named(node: Criterion, words: str) -> None:
    s = make_set(parent("1", node.maximum, node) if node.maximum > 0 else parent("1", 1, node))
    errors = validate_criteria_set(s)
    assert "node:1.1" in errors, errors
    assert "«1.1»" in errors["node:1.1"]
    assert words in errors["node:1.1"]


def test_a_duplicate_or_missing_code_is_refused() -> None:
    duplicate = make_set(parent("1", 3, leaf("1.1", 1), leaf("1.1", 2)))
    assert "trùng" in validate_criteria_set(duplicate)["node:1.1"]
    missing = make_set(parent("1", 3, leaf("1.1", 1), leaf("", 2, title="Không mã")))
    assert "thiếu số thứ tự" in validate_criteria_set(missing)["node:"]


def test_a_parent_cannot_be_scored_on_its_own() -> None:
    node = Criterion(
        "1",
        "Lĩnh vực",
        D(2),
        method=Method(MethodKind.FIXED),
        children=(leaf("1.1", 2),),
    )
    assert "không chấm riêng" in validate_criteria_set(make_set(node))["node:1"]


def test_a_set_without_a_name_or_fields_is_refused() -> None:
    empty = CriteriaSet("u", "f", 1, "", ())
    errors = validate_criteria_set(empty)
    assert set(errors) == {"name", "fields"}


def test_bands_need_distinct_names_and_one_starting_at_zero() -> None:
    no_zero = (Band("Tốt", D(80)), Band("Khá", D(50)))
    assert "0%" in validate_criteria_set(make_set(*deep_set().fields, bands=no_zero))["bands"]
    twice = (Band("Tốt", D(80)), Band("Tốt", D(0)))
    assert "trùng" in validate_criteria_set(make_set(*deep_set().fields, bands=twice))["bands"]


# --- points as typed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,5", "7.5"),
        ("7.5", "7.5"),
        (" 7,50 điểm", "7.5"),
        ("7,5 Điểm", "7.5"),
        ("0,25", "0.25"),
        ("13", "13"),
        ("0", "0"),
        ("0,00", "0"),
    ],
)
def test_points_accept_a_comma_or_a_dot(text: str, expected: str) -> None:
    value = parse_points(text)
    assert value == D(expected)
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_empty_points_are_none(text: str | None) -> None:
    assert parse_points(text) is None


@pytest.mark.parametrize("text", ["abc", "bảy", "7,5,1", "7.5.1", "1e2", "7,5a", "1/2/3"])
def test_text_is_refused(text: str) -> None:
    with pytest.raises(PointsError, match="không phải là số điểm"):
        parse_points(text)


@pytest.mark.parametrize("text", ["7,555", "0,125", "1.001"])
def test_more_than_two_decimals_is_refused(text: str) -> None:
    with pytest.raises(PointsError, match="hai chữ số thập phân"):
        parse_points(text)


@pytest.mark.parametrize("text", ["1.000", "2.500", "1,000"])
def test_three_typed_decimals_are_refused_not_read_as_a_thousands_separator(text: str) -> None:
    # parse_points' docstring: "A thousands separator makes no sense in points and is
    # refused rather than guessed". "1.000" must not silently become 1 point.
    with pytest.raises(PointsError):
        parse_points(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("7.5"), "7,5"),
        (D("7.50"), "7,5"),
        (D("79.5"), "79,5"),
        (D("0.25"), "0,25"),
        (D("8.00"), "8"),
        (D("10"), "10"),
        (D("100.0"), "100"),
        (D("1E+2"), "100"),
        (D("0.00"), "0"),
        (D("-1.5"), "-1,5"),
        (D("74.56"), "74,56"),
    ],
)
def test_points_show_a_decimal_comma(value: Decimal, text: str) -> None:
    assert format_points(value) == text


def test_no_points_show_the_empty_text() -> None:
    assert format_points(None) == ""
    assert format_points(None, "—") == "—"


@pytest.mark.parametrize("typed", ["7,5", "7.5", "0.25", "13,00"])
def test_typed_points_come_back_with_a_comma(typed: str) -> None:
    shown = format_points(parse_points(typed))
    assert "." not in shown
    assert parse_points(shown) == parse_points(typed)


def test_percent_is_of_the_sets_own_total() -> None:
    pct = percent_of(D("79.5"), D(99))
    assert pct is not None
    assert format_percent(pct) == "80,3%"
    assert percent_of(D("89.1"), D(99)) == D(90)
    assert percent_of(D(5), D(0)) is None
    assert format_percent(None) == "—"


# --- bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "name"),
    [
        ("100", "Xuất sắc"),
        ("90", "Xuất sắc"),
        ("89.99", "Tốt"),
        ("80", "Tốt"),
        ("79.99", "Khá"),
        ("70", "Khá"),
        ("69.99", "Trung bình"),
        ("50", "Trung bình"),
        ("49.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_default_bands_at_their_boundaries(percent: str, name: str) -> None:
    band = band_for(D(percent))
    assert band is not None
    assert band.name == name


def test_no_percent_has_no_band() -> None:
    assert band_for(None) is None


def test_a_sets_own_bands_are_used_whatever_their_order() -> None:
    own = (
        Band("Hoàn thành", D(50)),
        Band("Không hoàn thành", D(0)),
        Band("Hoàn thành xuất sắc", D(85)),
        Band("Hoàn thành tốt", D(65)),
    )
    assert band_for(D(85), own).name == "Hoàn thành xuất sắc"  # type: ignore[union-attr]
    assert band_for(D("84.99"), own).name == "Hoàn thành tốt"  # type: ignore[union-attr]
    assert band_for(D(65), own).name == "Hoàn thành tốt"  # type: ignore[union-attr]
    assert band_for(D("64.99"), own).name == "Hoàn thành"  # type: ignore[union-attr]
    assert band_for(D("49.99"), own).name == "Không hoàn thành"  # type: ignore[union-attr]


def test_band_ranges_read_as_officials_write_them() -> None:
    assert band_range_text(DEFAULT_BANDS) == (
        "Xuất sắc ≥ 90; Tốt 80 đến dưới 90; Khá 70 đến dưới 80; "
        "Trung bình 50 đến dưới 70; Yếu dưới 50"
    )


def test_ratio_bands_read_as_officials_write_them() -> None:
    method = ratio(("90", "1"), ("0", "0"), ("100", "2"))
    assert method.bands_text() == "≥ 100%: 2 điểm; ≥ 90%: 1 điểm; dưới 90%: 0 điểm"


# --- JSON ------------------------------------------------------------------------------------


def every_kind_set() -> CriteriaSet:
    auto_bands = (RatioBand(D(100), D(2)), RatioBand(D(80), D(1)), RatioBand(D(0), D(0)))
    return CriteriaSet(
        uuid="6f1c1d9e-0000-4000-8000-000000000001",
        family="cao-bang-xa",
        version=2,
        name="Bộ chỉ số CCHC cấp xã tỉnh Cao Bằng",
        province="Cao Bằng",
        years=(2025, 2026),
        decision=Decision("90/QĐ-UBND", date(2022, 1, 25), "UBND tỉnh Cao Bằng"),
        sample=True,
        note="Bộ mẫu để thử",
        bands=(
            Band("Hoàn thành xuất sắc", D(85)),
            Band("Hoàn thành tốt", D(65)),
            Band("Không hoàn thành", D(0)),
        ),
        fields=(
            Criterion(
                "1",
                "Công tác chỉ đạo, điều hành CCHC",
                D("6.5"),
                guidance="Chấm theo kế hoạch CCHC năm",
                field_code="chi_dao_dieu_hanh",
                children=(
                    leaf("1.1", "1,5", Method(), guidance="Từ 0 đến 1,5", evidence="Báo cáo"),
                    leaf("1.2", 1, Method(MethodKind.FIXED), evidence="Kế hoạch CCHC năm"),
                    leaf("1.3", 1, Method(MethodKind.STEPS, steps=(D(0), D("0.5"), D(1)))),
                    parent(
                        "1.4",
                        3,
                        leaf("1.4.1", 1, ratio(("100", "1"), ("90", "0,5"), ("0", "0"))),
                        leaf(
                            "1.4.2",
                            2,
                            Method(
                                MethodKind.AUTO,
                                bands=auto_bands,
                                source=AutoSource.PLAN_TASKS_ON_TIME,
                            ),
                        ),
                    ),
                    leaf("1.5", 1, Method(MethodKind.BONUS)),
                    leaf("1.6", 2, Method(MethodKind.PENALTY)),
                ),
            ),
            parent(
                "2",
                "3,5",
                leaf("2.1", "0,5"),
                leaf("2.2", 2, Method(MethodKind.SURVEY), assessed_by=AssessedBy.SURVEY),
                leaf("2.3", 1, Method(MethodKind.DEDUCTION, per_occurrence=D("0.25"))),
            ),
        ),
    )


def test_every_kind_of_method_is_in_the_round_trip_set() -> None:
    s = every_kind_set()
    assert validate_criteria_set(s) == {}
    assert {n.kind for n in s.leaves()} == set(MethodKind)


def test_json_round_trip_keeps_the_set() -> None:
    s = every_kind_set()
    assert parse_criteria_set(criteria_set_to_json(s)) == s


def test_json_text_round_trip_keeps_the_set() -> None:
    s = every_kind_set()
    text = dumps_criteria_set(s)
    assert "Công tác chỉ đạo" in text  # Vietnamese kept readable, not \u-escaped
    again = parse_criteria_set(json.loads(text))
    assert again == s
    assert again.total == D(10)
    assert again.by_code["1.4.1"].method.numerator == "Số hồ sơ giải quyết đúng hạn"  # type: ignore[union-attr]
    assert again.by_code["2.2"].assessed_by == AssessedBy.SURVEY
    assert again.decision.issued_on == date(2022, 1, 25)


def test_json_points_may_be_written_with_a_comma() -> None:
    data = {
        "name": "Bộ thử",
        "fields": [
            {
                "code": "1",
                "title": "Lĩnh vực",
                "max": "1,5",
                "children": [
                    {"code": "1.1", "title": "a", "max": "0,5"},
                    {"code": "1.2", "title": "b", "max": 1},
                ],
            }
        ],
    }
    s = parse_criteria_set(data)
    assert s.by_code["1"].maximum == D("1.5")
    assert s.by_code["1.1"].kind == MethodKind.MANUAL  # a leaf without a method is manual
    assert s.bands == DEFAULT_BANDS
    assert validate_criteria_set(s) == {}


@pytest.mark.parametrize(
    ("node", "words"),
    [
        ({"code": "1.1", "title": "a", "max": 1, "method": {"kind": "magic"}}, "«magic»"),
        (
            {"code": "1.1", "title": "a", "max": 1, "method": {"kind": "auto", "source": "x"}},
            "«x»",
        ),
        ({"code": "1.1", "title": "a"}, "thiếu số điểm"),
        ({"code": "1.1", "title": "a", "max": "1,255"}, "hai chữ số"),
        ({"code": "1.1", "title": "a", "max": "một"}, "không phải là số điểm"),
    ],
)
def test_malformed_json_is_refused_naming_the_line(node: dict[str, object], words: str) -> None:
    data = {"name": "Bộ thử", "fields": [{"code": "1", "title": "L", "max": 1, "children": [node]}]}
    with pytest.raises(ValueError, match=r"Tiêu chí 1\.1") as info:
        parse_criteria_set(data)
    assert words in str(info.value)


def test_a_set_from_a_newer_program_is_refused() -> None:
    with pytest.raises(ValueError, match="phiên bản mới hơn"):
        parse_criteria_set({"format": 99, "name": "x", "fields": []})


# --- a method in words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "text"),
    [
        (Method(), "Chấm theo mức độ (từ 0 đến điểm tối đa)"),
        (
            Method(MethodKind.STEPS, steps=(D(0), D("0.5"), D(1))),
            "Chấm theo các mức điểm quy định: 0; 0,5; 1",
        ),
        (
            Method(
                MethodKind.RATIO,
                bands=(RatioBand(D(100), D(2)), RatioBand(D(0), D(0))),
                numerator="Hồ sơ đúng hạn",
                denominator="Hồ sơ tiếp nhận",
            ),
            "Tính theo tỷ lệ (tử số/mẫu số) và các mức: Hồ sơ đúng hạn / Hồ sơ tiếp nhận; "
            "≥ 100%: 2 điểm; dưới 100%: 0 điểm",
        ),
        (Method(MethodKind.RATIO), "Tính theo tỷ lệ (tử số/mẫu số) và các mức: "),
        (
            Method(
                MethodKind.AUTO,
                bands=(RatioBand(D(80), D(1)),),
                source=AutoSource.PLAN_TASKS_ON_TIME,
            ),
            "Tự động từ dữ liệu của xã: Tỷ lệ nhiệm vụ của kế hoạch CCHC năm hoàn thành đúng "
            "hạn; ≥ 80%: 1 điểm",
        ),
    ],
)
def test_method_text_names_the_method_and_its_details(method: Method, text: str) -> None:
    assert method_text(leaf("1.1", 2, method)) == text


def test_method_text_of_a_parent_is_empty() -> None:
    assert method_text(parent("1", 2, leaf("1.1", 2))) == ""
