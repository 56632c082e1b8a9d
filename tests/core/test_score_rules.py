"""The scoring rules of real provincial sets: «không áp dụng» with re-scaling, a stated
rounding, proportional ratios with a threshold, lower-is-better and strict bounds,
per-occurrence deductions, alternatives and lines scored by the superior only."""

from __future__ import annotations

import json
from decimal import Decimal

from cchc_desktop.core.criteria import (
    AssessedBy,
    AutoSource,
    CriteriaSet,
    Criterion,
    Method,
    MethodKind,
    RatioBand,
    criteria_set_to_json,
    method_text,
    parse_criteria_set,
    shipped_criteria_sets,
    validate_criteria_set,
)
from cchc_desktop.core.points import HUNDRED
from cchc_desktop.core.score_explain import line_rule_sentence, total_sentence
from cchc_desktop.core.score_rules import deduction_points, ratio_points, round_once
from cchc_desktop.core.scoring import (
    AutoFigure,
    Score,
    compute_sheet,
    validate_score,
)

D = Decimal


def leaf(
    code: str,
    maximum: str,
    method: Method | None = None,
    *,
    applies_to: tuple[str, ...] = (),
    assessed_by: AssessedBy = AssessedBy.SELF,
) -> Criterion:
    return Criterion(
        code=code,
        title=f"Tiêu chí {code}",
        maximum=D(maximum),
        method=method or Method(),
        applies_to=applies_to,
        assessed_by=assessed_by,
    )


def node(code: str, maximum: str, *children: Criterion, alternatives: bool = False) -> Criterion:
    return Criterion(
        code=code,
        title=f"Nhóm {code}",
        maximum=D(maximum),
        children=children,
        alternatives=alternatives,
    )


def make_set(*fields: Criterion, decimals: int = 2) -> CriteriaSet:
    return CriteriaSet(
        uuid="rules-1",
        family="quy-tac",
        version=1,
        name="Bộ tiêu chí thử các quy tắc chấm",
        fields=fields,
        decimals=decimals,
    )


def ratio(**options: object) -> Method:
    return Method(
        MethodKind.RATIO,
        numerator="Số hồ sơ",
        denominator="Tổng số hồ sơ",
        **options,  # type: ignore[arg-type]
    )


def value(v: str, **more: object) -> Score:
    return Score("", value=D(v), **more)  # type: ignore[arg-type]


def counts(num: int | str, den: int | str | None = None) -> Score:
    return Score("", numerator=D(num), denominator=None if den is None else D(den))


# --- 1. «không áp dụng» -------------------------------------------------------------------


def na_set() -> CriteriaSet:
    return make_set(
        node("1", "60", leaf("1.1", "40"), leaf("1.2", "20")),
        node("2", "40", leaf("2.1", "30"), leaf("2.2", "10", applies_to=("xã",))),
    )


NA_SCORES = {
    "1.1": value("40"),
    "1.2": value("10"),
    "2.1": value("27"),
    "2.2": value("10"),
}


def test_a_line_that_does_not_apply_leaves_score_and_maximum_and_the_total_is_rescaled() -> None:
    s = na_set()
    assert validate_criteria_set(s) == {}
    sheet = compute_sheet(s, NA_SCORES, unit_kind="phường")
    line = sheet.lines["2.2"]
    assert not line.applies and line.score is None and line.applicable_maximum == 0
    assert sheet.lines["2"].score == D(27) and sheet.lines["2"].applicable_maximum == D(30)
    assert sheet.raw_regular == D(77) and sheet.applicable_maximum == D(90)
    assert sheet.rescaled
    assert sheet.total == D("85.56")  # 77 × 100 / 90 = 85,555… rounded once
    assert sheet.maximum == D(100)
    assert sheet.percent == D("85.56")
    assert [ln.node.code for ln in sheet.unscored()] == []
    assert line_rule_sentence(sheet, line) == (
        "Không áp dụng đối với phường: không tính vào tổng, tổng quy về thang điểm 100"
    )
    assert total_sentence(sheet) == ("Tổng 77/90 điểm quy về thang điểm 100: 77 × 100 / 90 = 85,56")


def test_the_same_line_applies_to_a_commune_and_to_an_unknown_unit() -> None:
    s = na_set()
    for unit in ("xã", None):
        sheet = compute_sheet(s, NA_SCORES, unit_kind=unit)
        assert sheet.lines["2.2"].applies
        assert not sheet.rescaled
        assert sheet.total == D(87) and str(sheet.total) == "87"


def test_appraisal_totals_are_rescaled_too() -> None:
    scores = dict(NA_SCORES, **{"1.1": value("40", appraised_1=D(35))})
    sheet = compute_sheet(na_set(), scores, unit_kind="phường")
    assert sheet.appraised_1 == D(80)  # (35 + 10 + 27) × 100 / 90
    assert sheet.final_percent == D(80)


def test_a_parent_whose_lines_all_do_not_apply_does_not_apply() -> None:
    s = make_set(
        node("1", "90", leaf("1.1", "90")),
        node("2", "10", leaf("2.1", "10", applies_to=("xã", "đặc khu"))),
    )
    sheet = compute_sheet(s, {"1.1": value("45")}, unit_kind="phường")
    assert not sheet.lines["2"].applies
    assert sheet.total == D(50)


def test_an_unknown_unit_kind_is_refused_by_the_set() -> None:
    s = make_set(node("1", "1", leaf("1.1", "1", applies_to=("thị trấn",))))
    assert "xã, phường, đặc khu" in validate_criteria_set(s)["node:1.1"]


# --- 2. rounding once ----------------------------------------------------------------------


def test_rounding_happens_once_at_the_total_not_per_field() -> None:
    s = make_set(
        node("1", "45", leaf("1.1", "45")),
        node("2", "45", leaf("2.1", "45")),
        node("3", "10", leaf("3.1", "10", applies_to=("xã",))),
    )
    sheet = compute_sheet(s, {"1.1": value("5"), "2.1": value("5")}, unit_kind="phường")
    per_field = sum(round_once(D(5) * 100 / 90, 2) for _ in range(2))
    assert per_field == D("11.12")  # what rounding in between would give
    assert sheet.total == D("11.11")  # 10 × 100 / 90 = 11,111…


def test_the_set_states_its_decimals() -> None:
    s = make_set(node("1", "100", leaf("1.1", "50"), leaf("1.2", "50")), decimals=0)
    sheet = compute_sheet(s, {"1.1": value("39.5"), "1.2": value("40")})
    assert sheet.total == D(80)  # 79,5 half up
    assert round_once(D("0.125"), 2) == D("0.13")
    assert str(round_once(D("7.5"), 2)) == "7.5"  # no places added to an exact figure


def test_decimals_outside_zero_to_four_are_refused() -> None:
    s = make_set(node("1", "1", leaf("1.1", "1")), decimals=6)
    assert "decimals" in validate_criteria_set(s)


# --- 3. ratios ----------------------------------------------------------------------------


def test_proportional_with_a_threshold() -> None:
    m = ratio(proportional=True, full_from=D(80))
    s = make_set(node("1", "2", leaf("1.1", "2", m)))
    assert validate_criteria_set(s) == {}
    assert ratio_points(m, D(2), D(80), D(100), 2) == D(2)  # exactly at the threshold
    assert ratio_points(m, D(2), D(79), D(100), 2) == D("1.58")
    assert ratio_points(m, D(2), D(2), D(3), 2) == D("1.33")  # 1,333… rounded once
    sheet = compute_sheet(s, {"1.1": counts(83, 100)})
    assert sheet.total == D(2)
    assert line_rule_sentence(sheet, sheet.lines["1.1"], counts(83, 100)) == (
        "Tỷ lệ 83 %: đạt từ 80 % → 2/2 điểm"
    )
    below = compute_sheet(s, {"1.1": counts(5, 8)})
    assert below.total == D("1.25")
    assert line_rule_sentence(below, below.lines["1.1"], counts(5, 8)) == (
        "Tỷ lệ 62,5 %: dưới 80 % tính tỷ lệ 62,5 % × 2 → 1,25/2 điểm"
    )
    assert method_text(s.by_code["1.1"]).endswith(
        "đạt từ 80 % trở lên: điểm tối đa; dưới 80 %: tính tỷ lệ"
    )


def test_proportional_alone_rounds_the_product_of_the_counts_once() -> None:
    m = ratio(proportional=True)
    # from the counts, not from a rounded per cent: 1/3 × 1,5 is 0,5, while 33,3 % × 1,5
    # would be 0,4995 and 33 % × 1,5 would be 0,495 → 0,5 (rounded once, half up)
    assert ratio_points(m, D("1.5"), D(1), D(3), 2) == D("0.5")
    assert ratio_points(m, D(7), D(1), D(3), 2) == D("2.33")  # 33,3 % × 7 = 2,331 → 2,33
    assert ratio_points(m, D(7), D(2), D(3), 2) == D("4.67")  # 66,7 % × 7 = 4,669 → 4,67
    assert ratio_points(m, D(3), D(1), D(7), 2) == D("0.43")  # 0,428571…
    assert ratio_points(m, D(3), D(1), D(7), 1) == D("0.4")


def test_lower_is_better_with_a_threshold_and_levels() -> None:
    m = ratio(
        lower_is_better=True,
        full_from=D(1),
        bands=(RatioBand(D(5), D(1)), RatioBand(D(10), D("0.5"), strict=True)),
    )
    s = make_set(node("1", "2", leaf("1.1", "2", m)))
    assert validate_criteria_set(s) == {}
    assert ratio_points(m, D(2), D(1), D(100), 2) == D(2)  # ≤ 1 %: exactly at the bound
    assert ratio_points(m, D(2), D(101), D(10000), 2) == D(1)  # 1,01 %
    assert ratio_points(m, D(2), D(5), D(100), 2) == D(1)
    assert ratio_points(m, D(2), D(9), D(100), 2) == D("0.5")
    assert ratio_points(m, D(2), D(10), D(100), 2) == D(0)  # < 10 % strictly
    sheet = compute_sheet(s, {"1.1": counts(1, 100)})
    assert line_rule_sentence(sheet, sheet.lines["1.1"], counts(1, 100)) == (
        "Tỷ lệ 1 %: không quá 1 % → 2/2 điểm"
    )
    assert m.bands_text() == "≤ 5%: 1 điểm; < 10%: 0,5 điểm"


def test_strict_and_non_strict_levels() -> None:
    m = ratio(
        bands=(RatioBand(D(90), D(2), strict=True), RatioBand(D(70), D(1)), RatioBand(D(0), D(0)))
    )
    assert m.points_for_ratio(D(90)) == D(1)  # «trên 90 %»: 90 is not enough
    assert m.points_for_ratio(D("90.01")) == D(2)
    assert m.points_for_ratio(D(70)) == D(1)  # «từ 70 %»: 70 is enough
    assert m.points_for_ratio(D("69.99")) == D(0)
    assert m.bands_text() == "> 90%: 2 điểm; ≥ 70%: 1 điểm; dưới 70%: 0 điểm"
    s = make_set(node("1", "2", leaf("1.1", "2", m)))
    sheet = compute_sheet(s, {"1.1": counts(90, 100)})
    assert line_rule_sentence(sheet, sheet.lines["1.1"], counts(90, 100)) == (
        "Tỷ lệ 90 %: mức ≥ 70 % → 1/2 điểm"
    )


def test_proportional_and_lower_is_better_together_are_refused() -> None:
    s = make_set(node("1", "2", leaf("1.1", "2", ratio(proportional=True, lower_is_better=True))))
    assert "tỷ lệ thuận" in validate_criteria_set(s)["node:1.1"]
    empty = make_set(node("1", "2", leaf("1.1", "2", ratio())))
    assert "mức tỷ lệ" in validate_criteria_set(empty)["node:1.1"]


def test_an_automatic_line_can_be_proportional() -> None:
    m = Method(MethodKind.AUTO, source=AutoSource.PLAN_TASKS_ON_TIME, proportional=True)
    s = make_set(node("1", "3", leaf("1.1", "3", m)))
    assert validate_criteria_set(s) == {}
    figure = AutoFigure(AutoSource.PLAN_TASKS_ON_TIME, 5, 6)
    sheet = compute_sheet(s, {}, figures={AutoSource.PLAN_TASKS_ON_TIME: figure})
    assert sheet.lines["1.1"].score == D("2.5")
    assert line_rule_sentence(sheet, sheet.lines["1.1"]) == (
        "Tỷ lệ 83,33 %: tính tỷ lệ 83,33 % × 3 → 2,5/3 điểm"
    )


# --- 4. deductions ------------------------------------------------------------------------


def test_per_occurrence_deductions_are_capped_and_floored() -> None:
    m = Method(MethodKind.DEDUCTION, per_occurrence=D("0.5"))
    s = make_set(node("1", "2", leaf("1.1", "2", m)))
    assert validate_criteria_set(s) == {}
    sheet = compute_sheet(s, {"1.1": counts(3)})
    assert sheet.total == D("0.5")
    assert line_rule_sentence(sheet, sheet.lines["1.1"], counts(3)) == (
        "3 lượt × 0,5 = 1,5 điểm trừ (tối đa 2) → 0,5/2 điểm"
    )
    assert deduction_points(m, D(2), D(0)) == D(2)
    assert deduction_points(m, D(2), D(4)) == D(0)
    assert deduction_points(m, D(2), D(9)) == D(0)  # floored at 0
    floored = compute_sheet(s, {"1.1": counts(9)})
    assert line_rule_sentence(floored, floored.lines["1.1"], counts(9)) == (
        "9 lượt × 0,5 = 4,5 điểm trừ (tối đa 2), trừ 2 → 0/2 điểm"
    )
    capped = Method(MethodKind.DEDUCTION, per_occurrence=D("0.5"), cap=D(1))
    assert deduction_points(capped, D(2), D(5)) == D(1)
    assert method_text(leaf("x", "2", capped)).endswith("Trừ 0,5 điểm/lượt, tối đa 1, thấp nhất 0")


def test_deduction_entries_and_rules_are_checked() -> None:
    m = Method(MethodKind.DEDUCTION, per_occurrence=D("0.5"))
    line = leaf("1.1", "2", m)
    assert "numerator" in validate_score(line, counts("1.5"))
    assert "numerator" in validate_score(line, counts(-1))
    assert "value" in validate_score(line, value("1"))
    assert validate_score(line, counts(2)) == {}
    s = make_set(node("1", "2", leaf("1.1", "2", m)))
    sheet = compute_sheet(s, {"1.1": counts("1.5")})
    assert sheet.lines["1.1"].score is None and sheet.lines["1.1"].problem
    no_rate = make_set(node("1", "2", leaf("1.1", "2", Method(MethodKind.DEDUCTION))))
    assert "mỗi lượt" in validate_criteria_set(no_rate)["node:1.1"]
    big_cap = Method(MethodKind.DEDUCTION, per_occurrence=D(1), cap=D(3))
    assert (
        "tối đa"
        in validate_criteria_set(make_set(node("1", "2", leaf("1.1", "2", big_cap))))["node:1.1"]
    )


# --- 5. alternatives ----------------------------------------------------------------------


def alternatives_set() -> CriteriaSet:
    return make_set(
        node("1", "3", leaf("1.1", "3"), leaf("1.2", "2"), alternatives=True),
        node("2", "7", leaf("2.1", "7")),
    )


def test_alternatives_count_the_best_case() -> None:
    s = alternatives_set()
    assert validate_criteria_set(s) == {}
    assert s.total == D(10)
    sheet = compute_sheet(s, {"1.1": value("1"), "1.2": value("2"), "2.1": value("7")})
    assert sheet.lines["1"].score == D(2)
    assert sheet.total == D(9)
    assert line_rule_sentence(sheet, sheet.lines["1"]) == (
        "Chấm theo một trong các trường hợp: lấy trường hợp cao nhất 1.2 → 2/3 điểm"
    )
    appraised = compute_sheet(s, {"1.1": value("1", appraised_1=D(3)), "1.2": value("2")})
    assert appraised.lines["1"].appraised_1 == D(3)
    assert appraised.appraised_1 == D(3)


def test_alternatives_are_accepted_only_when_marked_and_sound() -> None:
    plain = make_set(node("1", "3", leaf("1.1", "3"), leaf("1.2", "2")))
    assert "khác tổng" in validate_criteria_set(plain)["node:1"]
    wrong = make_set(node("1", "4", leaf("1.1", "3"), leaf("1.2", "2"), alternatives=True))
    assert "một trong các trường hợp" in validate_criteria_set(wrong)["node:1"]


# --- 6. lines scored by the superior only -------------------------------------------------


def superior_set() -> CriteriaSet:
    return make_set(
        node(
            "1",
            "10",
            leaf("1.1", "6"),
            leaf("1.2", "4", assessed_by=AssessedBy.SUPERIOR),
        )
    )


def test_a_superior_only_line_is_never_self_scored_nor_counted_in_the_self_total() -> None:
    s = superior_set()
    assert validate_criteria_set(s) == {}
    line = s.by_code["1.2"]
    assert "value" in validate_score(line, value("3"))
    sheet = compute_sheet(s, {"1.1": value("6"), "1.2": value("3")})
    assert sheet.lines["1.2"].score is None and sheet.lines["1.2"].problem
    assert sheet.total == D(6) and sheet.maximum == D(10)
    assert sheet.unscored() == []
    assert line_rule_sentence(sheet, sheet.lines["1.2"]).startswith("Do cấp trên chấm")


def test_a_superior_only_line_counts_where_the_appraisal_gives_it() -> None:
    s = superior_set()
    sheet = compute_sheet(s, {"1.1": value("6"), "1.2": Score("", appraised_1=D(3))})
    assert sheet.total == D(6)
    assert sheet.appraised_1 == D(9)
    assert line_rule_sentence(sheet, sheet.lines["1.2"]).endswith("(3/4 điểm)")


def test_a_survey_line_keeps_counting_once_its_result_is_entered() -> None:
    s = make_set(
        node(
            "1",
            "10",
            leaf("1.1", "6"),
            leaf("1.2", "4", Method(MethodKind.SURVEY), assessed_by=AssessedBy.SURVEY),
        )
    )
    sheet = compute_sheet(s, {"1.1": value("6"), "1.2": value("3")})
    assert sheet.total == D(9)


# --- together -----------------------------------------------------------------------------


def together_set() -> CriteriaSet:
    return make_set(
        node(
            "1",
            "40",
            leaf("1.1", "20", ratio(proportional=True, full_from=D(80))),
            leaf("1.2", "10", Method(MethodKind.DEDUCTION, per_occurrence=D("0.5"), cap=D(2))),
            leaf("1.3", "10", applies_to=("xã",)),
        ),
        node(
            "2",
            "30",
            node("2.1", "20", leaf("2.1.1", "20"), leaf("2.1.2", "15"), alternatives=True),
            leaf("2.2", "10", assessed_by=AssessedBy.SUPERIOR),
        ),
        node(
            "3",
            "30",
            leaf(
                "3.1",
                "30",
                ratio(
                    lower_is_better=True,
                    bands=(RatioBand(D(5), D(15), strict=True), RatioBand(D(1), D(30))),
                ),
            ),
        ),
    )


def test_every_rule_together() -> None:
    s = together_set()
    assert validate_criteria_set(s) == {}
    assert s.total == D(100)
    scores = {
        "1.1": counts(2, 3),  # 2/3 × 20 = 13,333… → 13,33
        "1.2": counts(7),  # 3,5 off, capped at 2 → 8
        "1.3": value("10"),  # does not apply to a ward
        "2.1.1": value("12"),
        "2.1.2": value("14"),  # the best case → 14
        "2.2": Score("", appraised_1=D(8)),  # the province's points
        "3.1": counts(3, 100),  # 3 % < 5 % → 15
    }
    sheet = compute_sheet(s, scores, unit_kind="phường")
    assert sheet.lines["1.1"].score == D("13.33")
    assert sheet.lines["1.2"].score == D(8)
    assert sheet.lines["2.1"].score == D(14)
    assert sheet.lines["3.1"].score == D(15)
    assert sheet.raw_regular == D("50.33")
    assert sheet.applicable_maximum == D(90)
    assert sheet.total == D("55.92")  # 50,33 × 100 / 90 = 55,922…
    assert sheet.percent == D("55.92")
    # the appraisal round: the superior's 8 added, the others at their self-scores
    assert sheet.appraised_1 == round_once(D("58.33") * HUNDRED / 90, 2) == D("64.81")
    as_commune = compute_sheet(s, scores, unit_kind="xã")
    assert as_commune.total == D("60.33")


# --- JSON ---------------------------------------------------------------------------------


def test_every_new_field_survives_the_json_round_trip() -> None:
    s = together_set()
    s = CriteriaSet(**{**s.__dict__, "decimals": 3})
    data = criteria_set_to_json(s)
    text = json.dumps(data, ensure_ascii=False)
    for key in (
        '"applies_to": ["xã"]',
        '"alternatives": true',
        '"proportional": true',
        '"full_from": "80"',
        '"lower_is_better": true',
        '"per_occurrence": "0.5"',
        '"cap": "2"',
        '"strict": true',
        '"decimals": 3',
        '"assessed_by": "cap_tren"',
        '"kind": "deduction"',
    ):
        assert key in text, key
    again = parse_criteria_set(json.loads(text))
    assert again == s


def test_a_set_without_the_new_fields_loads_with_their_defaults() -> None:
    data = {
        "name": "Bộ cũ",
        "fields": [
            {
                "code": "1",
                "title": "Lĩnh vực",
                "max": "2",
                "children": [
                    {
                        "code": "1.1",
                        "title": "a",
                        "max": "2",
                        "method": {
                            "kind": "ratio",
                            "numerator": "x",
                            "denominator": "y",
                            "bands": [{"min": "80", "points": "2"}],
                        },
                    }
                ],
            }
        ],
    }
    s = parse_criteria_set(data)
    assert s.decimals == 2
    node_ = s.by_code["1.1"]
    assert node_.applies_to == () and not node_.alternatives and not node_.superior_only
    method = node_.method
    assert method is not None
    assert not method.proportional and method.full_from is None and not method.lower_is_better
    assert method.per_occurrence is None and method.cap is None
    assert not method.bands[0].strict


def test_the_shipped_sample_loads_and_scores_exactly_as_before() -> None:
    (sample,) = shipped_criteria_sets()
    data = criteria_set_to_json(sample)
    text = json.dumps(data, ensure_ascii=False)
    for key in ("applies_to", "alternatives", "proportional", "full_from", "decimals", "strict"):
        assert f'"{key}"' not in text
    assert parse_criteria_set(json.loads(text)) == sample
    assert validate_criteria_set(sample) == {}
    scores: dict[str, Score] = {}
    expected = {"regular": Decimal(0), "bonus": Decimal(0), "penalty": Decimal(0)}
    for i, line in enumerate(sample.leaves()):
        method = line.method
        assert method is not None
        kind = method.kind
        if kind == MethodKind.AUTO:
            continue
        if kind == MethodKind.RATIO:
            scores[line.code] = counts(17 + i % 4, 20)
            points = method.points_for_ratio(D(17 + i % 4) * 100 / D(20))
        elif kind == MethodKind.STEPS:
            points = sorted(method.steps)[i % len(method.steps)]
            scores[line.code] = value(str(points))
        elif kind == MethodKind.FIXED:
            points = line.maximum if i % 2 else D(0)
            scores[line.code] = value(str(points))
        else:
            points = min(line.maximum, D("0.75"))
            scores[line.code] = value(str(points))
        key = {MethodKind.BONUS: "bonus", MethodKind.PENALTY: "penalty"}.get(kind, "regular")
        expected[key] += points
    for unit in (None, "xã", "phường", "đặc khu"):
        sheet = compute_sheet(sample, scores, unit_kind=unit)
        assert not sheet.rescaled
        assert sheet.maximum == D(99)
        assert sheet.regular == expected["regular"]
        assert str(sheet.regular) == str(expected["regular"])
        assert sheet.bonus == expected["bonus"] and sheet.penalty == expected["penalty"]
        assert sheet.total == expected["regular"] + expected["bonus"] - expected["penalty"]
